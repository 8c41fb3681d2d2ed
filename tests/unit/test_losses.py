"""backprop_lib.losses: the cost C, dC/dO and delta^L, the base case of the recursion."""

import warnings

import numpy as np
import pytest

from backprop_lib import activations, losses
from backprop_lib.losses import Loss

rng = np.random.default_rng(7)
Z = rng.normal(0, 2, (5, 3))
E01 = rng.uniform(0, 1, (5, 3))


def test_names():
    assert losses.NAMES == ("squared_error", "binary_cross_entropy")
    for name in losses.NAMES:
        loss = losses.get(name)
        assert isinstance(loss, Loss) and loss.name == name and name in repr(loss)
        assert losses.get(loss) is loss


def test_squared_error_is_the_source_texts_cost_without_one_half():
    se = losses.get("squared_error")
    O = np.array([0.2, 0.9])
    E = np.array([0.0, 1.0])
    # C = (0.2 - 0)^2 + (0.9 - 1)^2 = 0.04 + 0.01
    assert float(se.per_example(None, O, E)) == pytest.approx(0.05)
    np.testing.assert_allclose(se.dC_da(None, O, E), [0.4, -0.2])
    assert se.requires_output_activation is None


def test_per_example_gives_one_cost_per_row():
    for name in losses.NAMES:
        loss = losses.get(name)
        a = activations.get("sigmoid")(Z)
        c = loss.per_example(Z, a, E01)
        assert c.shape == (5,)
        np.testing.assert_allclose(c[2], loss.per_example(Z[2], a[2], E01[2]))


@pytest.mark.parametrize("name", losses.NAMES)
def test_dC_dO_matches_central_differences(name):
    loss = losses.get(name)
    sig = activations.get("sigmoid")
    a = sig(Z)
    analytic = loss.dC_da(Z, a, E01)
    eps = 1e-6
    numeric = np.zeros_like(a)
    for i in np.ndindex(a.shape):
        # perturb O = a^L itself (and the z it comes from, for the z-based cross-entropy)
        ap, am = a.copy(), a.copy()
        ap[i] += eps
        am[i] -= eps
        zp, zm = np.log(ap / (1 - ap)), np.log(am / (1 - am))
        numeric[i] = (loss.per_example(zp, ap, E01).sum() - loss.per_example(zm, am, E01).sum()) / (2 * eps)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", losses.NAMES)
def test_delta_matches_central_differences_in_z(name):
    loss = losses.get(name)
    sig = activations.get("sigmoid")
    analytic = loss.delta(Z, sig(Z), E01, sig)
    eps = 1e-6
    numeric = np.zeros_like(Z)
    for i in np.ndindex(Z.shape):
        zp, zm = Z.copy(), Z.copy()
        zp[i] += eps
        zm[i] -= eps
        numeric[i] = (loss.per_example(zp, sig(zp), E01).sum() - loss.per_example(zm, sig(zm), E01).sum()) / (2 * eps)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


def test_cross_entropy_matches_its_textbook_formula_and_delta_is_O_minus_E():
    bce = losses.get("binary_cross_entropy")
    sig = activations.get("sigmoid")
    O = sig(Z)
    textbook = -np.sum(E01 * np.log(O) + (1 - E01) * np.log(1 - O), axis=-1)
    np.testing.assert_allclose(bce.per_example(Z, O, E01), textbook, rtol=1e-12)
    np.testing.assert_allclose(bce.delta(Z, O, E01, sig), O - E01, rtol=1e-15)
    # ... which is dC/dO * sigma'(z), the generic rule
    np.testing.assert_allclose(bce.dC_da(Z, O, E01) * sig.derivative(Z), O - E01, rtol=1e-10, atol=1e-15)
    assert bce.requires_output_activation == "sigmoid"


def test_squared_error_delta_is_dC_dO_times_sigma_prime():
    se = losses.get("squared_error")
    for name in activations.NAMES:
        act = activations.get(name)
        a = act(Z)
        np.testing.assert_allclose(se.delta(Z, a, E01, act), 2 * (a - E01) * act.derivative(Z), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_stays_finite_and_warning_free_when_the_sigmoid_saturates(dtype):
    bce = losses.get("binary_cross_entropy")
    sig = activations.get("sigmoid")
    z = np.array([[1000.0, -1000.0, 1000.0, -1000.0, 40.0, -40.0]], dtype=dtype)
    E = np.array([[0.0, 1.0, 1.0, 0.0, 0.0, 1.0]], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            a = sig(z)
            C = bce.per_example(z, a, E)
            dO = bce.dC_da(z, a, E)
            d = bce.delta(z, a, E, sig)
    assert np.isfinite(C).all() and np.isfinite(dO).all() and np.isfinite(d).all()
    # wrong by 1000 in z costs about 1000; right costs about 0
    assert float(C[0]) == pytest.approx(2000 + 80, rel=1e-6)
    np.testing.assert_allclose(d, a - E)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_squared_error_at_magnitude_1000_is_finite_and_warning_free(dtype):
    se = losses.get("squared_error")
    a = np.array([[1000.0, -1000.0]], dtype=dtype)
    E = np.array([[0.0, 1.0]], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            C = se.per_example(a, a, E)
            d = se.delta(a, a, E, activations.get("identity"))
    assert np.isfinite(C).all() and np.isfinite(d).all()


def test_cross_entropy_rejects_targets_outside_0_1():
    bce = losses.get("binary_cross_entropy")
    bce.check_target(np.array([0.0, 0.5, 1.0]))
    for bad in ([1.5], [-0.1, 0.5]):
        with pytest.raises(ValueError, match=r"E .*\[0, 1\]"):
            bce.check_target(np.array(bad))
    losses.get("squared_error").check_target(np.array([-5.0, 7.0]))  # any real target


def test_get_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="loss must be one of") as err:
        losses.get("hinge")
    for name in losses.NAMES:
        assert name in str(err.value)


@pytest.mark.parametrize("bad", [None, 1, ["squared_error"]])
def test_get_non_string_is_a_type_error(bad):
    with pytest.raises(TypeError, match="loss must be a name"):
        losses.get(bad)


def test_abstract_loss_methods_are_not_implemented():
    with pytest.raises(NotImplementedError):
        Loss().per_example(Z, Z, Z)
    with pytest.raises(NotImplementedError):
        Loss().dC_da(Z, Z, Z)
