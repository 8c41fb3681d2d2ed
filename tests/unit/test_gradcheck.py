"""backprop_lib.gradcheck: it passes right gradients and catches wrong ones, showing both values."""

import re

import numpy as np
import pytest

from backprop_lib import Network, activations, gradcheck, losses
from backprop_lib.activations import Activation
from backprop_lib.gradcheck import GradCheckResult, check_gradients, numerical_gradient, relative_error


def _data(net, batch, seed=0):
    rng = np.random.default_rng(seed)
    shape = (lambda n: (n,)) if batch is None else (lambda n: (batch, n))
    x = rng.uniform(-1, 1, shape(net.sizes[0]))
    E = rng.uniform(0, 1, shape(net.sizes[-1]))
    if net.loss.name == "cross_entropy":  # rows of class probabilities
        E /= E.sum(axis=-1, keepdims=True)
    return x, E


@pytest.mark.parametrize("act", activations.NAMES)
@pytest.mark.parametrize("loss", losses.NAMES)
@pytest.mark.parametrize("batch", [None, 4])
def test_correct_backpropagation_passes(act, loss, batch):
    net = Network([3, 4, 2], activation=act, loss=loss,
                  output_activation=None if loss != "squared_error" else "identity", seed=1)
    for k in (1, 2):
        net.b[k][...] = 0.1 * (k + np.arange(net.sizes[k]))  # no pre-activation exactly at a ReLU kink
    x, E = _data(net, batch)
    result = check_gradients(net, x, E)
    assert isinstance(result, GradCheckResult)
    assert result.passed, str(result)
    assert result.max_rel_error < 1e-6
    n_params = net.n_params
    assert len(result.rows) == 5 + n_params  # 5 random directions + every entry
    assert "passed" in str(result)
    result.assert_passed()


def test_lower_precision_networks_are_checked_in_float64():
    net = Network([2, 3, 1], dtype=np.float32, seed=2)
    x, E = _data(net, 3)
    result = check_gradients(net, x, E)
    assert result.passed, str(result)
    assert net.dtype == np.float32 and net.W[1].dtype == np.float32  # the network itself is untouched


def test_the_network_is_left_unchanged():
    net = Network([2, 3, 1], seed=2)
    before = [w.copy() for w in net.W[1:]]
    check_gradients(net, *_data(net, 2))
    for w, w0 in zip(net.W[1:], before):
        np.testing.assert_array_equal(w, w0)


def _wrong_tanh(factor):
    """tanh whose derivative is off by ``factor``: a typical backprop bug."""
    return Activation("wrong_tanh", np.tanh, lambda z: factor * (1 - np.tanh(z) ** 2),
                      lambda z, a: factor * (1 - a * a), 1.0, r"\tanh")


def test_a_wrong_gradient_fails_and_shows_analytic_and_numeric_side_by_side():
    net = Network([3, 4, 2], activation=_wrong_tanh(1.5), output_activation="identity", seed=0)
    x, E = _data(net, 2)
    result = check_gradients(net, x, E)
    assert not result.passed
    assert result.max_rel_error > 0.1
    text = str(result)
    assert "FAILED" in text and "analytic" in text and "numeric" in text
    # the worst row holds both numbers, and they are the ones in result.rows
    what, analytic, numeric, err = max(result.rows, key=lambda r: r[3])
    assert err == result.max_rel_error
    line = next(line for line in text.splitlines() if line.startswith(what + " "))
    numbers = [float(v) for v in re.findall(r"[-+]?\d+\.?\d*(?:e[-+]?\d+)?", line.split(None, 1)[1])]
    assert numbers[0] == pytest.approx(analytic, rel=1e-8) and numbers[1] == pytest.approx(numeric, rel=1e-8)
    assert analytic != pytest.approx(numeric, rel=0.05)
    # only layer 1 is wrong: the output layer's weights still check out
    w2 = [r for r in result.rows if r[0].startswith("W[2]")]
    assert w2 and max(r[3] for r in w2) < 1e-6
    with pytest.raises(AssertionError, match="FAILED"):
        result.assert_passed()


def test_a_missing_factor_in_the_cost_derivative_is_caught_along_random_directions():
    class HalfSquaredErrorGradient(losses.SquaredError):
        name = "buggy"

        def dC_da(self, z, a, E):  # forgot the 2 of d/dO (O - E)^2
            return a - E

    net = Network([2, 3, 2], output_activation="identity", loss=HalfSquaredErrorGradient(), seed=0)
    result = check_gradients(net, *_data(net, 3), per_entry=False)
    assert len(result.rows) == 5 and all(r[0].startswith("direction") for r in result.rows)
    assert not result.passed and result.max_rel_error == pytest.approx(0.5, rel=1e-3)


def test_max_entries_samples_the_entries():
    net = Network([10, 20, 5], seed=0)
    result = check_gradients(net, *_data(net, 2), directions=2, max_entries=30)
    assert len(result.rows) == 32
    assert result.passed


def test_numerical_gradient_of_a_known_function():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([0.5, -1.0])
    g = numerical_gradient(lambda v: v @ A @ v, x)
    np.testing.assert_allclose(g, 2 * A @ x, rtol=1e-8, atol=1e-8)
    np.testing.assert_array_equal(x, [0.5, -1.0])  # restored
    M = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(numerical_gradient(lambda m: np.sum(m**2), M), 2 * M, rtol=1e-8, atol=1e-8)


def test_relative_error_uses_the_floor_for_tiny_gradients():
    assert relative_error(1.0, 1.1) == pytest.approx(0.1 / 1.1)
    assert relative_error(1e-12, 2e-12) == pytest.approx(1e-12 / 1e-4)
    assert relative_error(1e-12, 2e-12, floor=1e-20) == pytest.approx(0.5)
    np.testing.assert_allclose(relative_error([1.0, 2.0], [1.0, 2.0]), [0.0, 0.0])


@pytest.mark.parametrize("call, exc, fragments", [
    (lambda: numerical_gradient(3, np.zeros(2)), TypeError, ["f", "function"]),
    (lambda: numerical_gradient(np.sum, [1.0, 2.0]), TypeError, ["x", "numpy array of floats"]),
    (lambda: numerical_gradient(np.sum, np.arange(3)), TypeError, ["x", "floats"]),
    (lambda: numerical_gradient(np.sum, np.zeros((3, 4))[:, :2]), ValueError, ["x", "contiguous"]),
    (lambda: numerical_gradient(np.sum, np.zeros(2), eps=0), ValueError, ["eps", "positive"]),
    (lambda: check_gradients("net", [1.0, 2.0], [1.0]), TypeError, ["net", "Network"]),
    (lambda: check_gradients(Network([2, 1]), ["a", "b"], [1.0]), TypeError, ["x", "numbers"]),
    (lambda: check_gradients(Network([2, 1]), [1.0, np.nan], [1.0]), ValueError, ["x", "finite"]),
    (lambda: check_gradients(Network([2, 1]), [1.0, 2.0], [1.0, 2.0]), ValueError, ["E", "shape"]),
    (lambda: check_gradients(Network([2, 1]), [1.0, 2.0], [1.0], directions=-1), ValueError, ["directions"]),
    (lambda: check_gradients(Network([2, 1]), [1.0, 2.0], [1.0], max_entries=2.5), (TypeError, ValueError), ["max_entries"]),
    (lambda: check_gradients(Network([2, 1]), [1.0, 2.0], [1.0], eps=-1e-6), ValueError, ["eps", "positive"]),
    (lambda: check_gradients(Network([2, 1]), [1.0, 2.0], [1.0], tol=0), ValueError, ["tol", "positive"]),
    (lambda: check_gradients(Network([2, 1]), [1.0, 2.0], [1.0], floor=-1), ValueError, ["floor", "positive"]),
])
def test_bad_input_names_the_argument(call, exc, fragments):
    with pytest.raises(exc) as err:
        call()
    for fragment in fragments:
        assert fragment in str(err.value)


def test_module_exports():
    assert set(gradcheck.__all__) == {"numerical_gradient", "check_gradients", "GradCheckResult", "relative_error"}
