"""backprop_lib.losses: the cost C, dC/dO and delta^L, the base case of the recursion."""

import warnings

import numpy as np
import pytest

from backprop_lib import activations, losses
from backprop_lib.losses import Loss

rng = np.random.default_rng(7)
Z = rng.normal(0, 2, (5, 3))
E01 = rng.uniform(0, 1, (5, 3))


ONE_OUTPUT_PER_UNIT = ("squared_error", "binary_cross_entropy")  # the costs a sigmoid output suits


def test_names():
    assert losses.NAMES == ("squared_error", "binary_cross_entropy", "cross_entropy")
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
    for name in ONE_OUTPUT_PER_UNIT:
        loss = losses.get(name)
        a = activations.get("sigmoid")(Z)
        c = loss.per_example(Z, a, E01)
        assert c.shape == (5,)
        np.testing.assert_allclose(c[2], loss.per_example(Z[2], a[2], E01[2]))


@pytest.mark.parametrize("name", ONE_OUTPUT_PER_UNIT)
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


@pytest.mark.parametrize("name", ONE_OUTPUT_PER_UNIT)
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


# ---------------------------------------------------------------- softmax + cross-entropy
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

CE = losses.get("cross_entropy")
SOFTMAX = activations.get("softmax")
P = rng.uniform(0, 1, (5, 3))
P /= P.sum(axis=-1, keepdims=True)  # rows of class probabilities


def test_cross_entropy_is_minus_sum_E_log_O_with_a_softmax_output():
    O = SOFTMAX(Z)
    np.testing.assert_allclose(CE.per_example(Z, O, P), -np.sum(P * np.log(O), axis=-1), rtol=1e-12)
    np.testing.assert_allclose(CE.dC_da(Z, O, P), -P / O, rtol=1e-14)
    assert CE.requires_output_activation == "softmax" and "cross_entropy" in repr(CE)
    # a one-hot target: the cost is -log of the probability given to the right class
    onehot = np.eye(3)[[0, 2, 1, 1, 0]]
    np.testing.assert_allclose(CE.per_example(Z, O, onehot), -np.log(O[np.arange(5), [0, 2, 1, 1, 0]]))


def test_cross_entropy_delta_is_O_minus_E_and_equals_the_jacobian_product():
    O = SOFTMAX(Z)
    np.testing.assert_allclose(CE.delta(Z, O, P, SOFTMAX), O - P, rtol=1e-15)
    # the softmax's Jacobian J_ij = O_i ([i = j] - O_j) applied to dC/dO: the same numbers
    J = SOFTMAX.jacobian(Z)
    via_jacobian = np.einsum("bij,bi->bj", J, CE.dC_da(Z, O, P))
    np.testing.assert_allclose(via_jacobian, O - P, rtol=1e-10, atol=1e-14)
    dC_da, delta = CE.output_errors(Z, O, P, SOFTMAX)
    np.testing.assert_allclose(dC_da, CE.dC_da(Z, O, P)) and np.testing.assert_allclose(delta, O - P)


def test_cross_entropy_delta_matches_central_differences_in_z():
    eps = 1e-6
    numeric = np.zeros_like(Z)
    for i in np.ndindex(Z.shape):
        zp, zm = Z.copy(), Z.copy()
        zp[i] += eps
        zm[i] -= eps
        numeric[i] = (CE.per_example(zp, SOFTMAX(zp), P).sum() - CE.per_example(zm, SOFTMAX(zm), P).sum()) / (2 * eps)
    np.testing.assert_allclose(CE.delta(Z, SOFTMAX(Z), P, SOFTMAX), numeric, rtol=1e-6, atol=1e-8)


def test_squared_error_through_a_softmax_uses_its_jacobian():
    se = losses.get("squared_error")
    O = SOFTMAX(Z)
    eps = 1e-6
    numeric = np.zeros_like(Z)
    for i in np.ndindex(Z.shape):
        zp, zm = Z.copy(), Z.copy()
        zp[i] += eps
        zm[i] -= eps
        numeric[i] = (se.per_example(zp, SOFTMAX(zp), P).sum() - se.per_example(zm, SOFTMAX(zm), P).sum()) / (2 * eps)
    np.testing.assert_allclose(se.delta(Z, O, P, SOFTMAX), numeric, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(se.output_errors(Z, O, P, SOFTMAX)[1], numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_cross_entropy_at_logits_of_plus_minus_1000_is_finite_and_warning_free(dtype):
    z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 1000.0], [0.0, 0.0, 0.0]], dtype=dtype)
    E = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            O = SOFTMAX(z)
            C = CE.per_example(z.astype(np.float64), O.astype(np.float64), E.astype(np.float64))
            dO = CE.dC_da(z, O, E)
            d = CE.delta(z, O, E, SOFTMAX)
    assert O.dtype == dtype and d.dtype == dtype
    assert np.isfinite(O).all() and np.isfinite(C).all() and np.isfinite(dO).all() and np.isfinite(d).all()
    np.testing.assert_allclose(O.sum(axis=-1), 1, rtol=2e-3)
    # wrong by 2000 in z costs 2000; two logits tied at the top: log 2 + 2000; uniform: log 3
    np.testing.assert_allclose(C, [2000.0, 2000 + np.log(2), np.log(3)], rtol=1e-6)
    np.testing.assert_allclose(d, O - E)


@pytest.mark.parametrize("bad, fragment", [
    (np.array([[0.5, 0.6, 0.0]]), "sum to 1"),
    (np.array([[1.5, -0.5, 0.0]]), "negative"),
    (np.array([[1.0]]), "two classes"),
])
def test_cross_entropy_rejects_targets_that_are_not_probabilities(bad, fragment):
    with pytest.raises(ValueError, match="E") as err:
        CE.check_target(bad)
    assert fragment in str(err.value) and "cross_entropy" in str(err.value)
    CE.check_target(P)  # rows of probabilities pass
    CE.check_target(np.eye(4))  # one-hot rows pass
    CE.check_target(np.array([0.2, 0.3, 0.5], dtype=np.float16))  # float16 rounding is tolerated


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(2, 6)),
                  elements=st.floats(-1e4, 1e4, allow_nan=False)),
       st.integers(0, 2**16))
def test_property_cross_entropy_is_finite_and_delta_is_O_minus_E_for_any_logits(z, seed):
    r = np.random.default_rng(seed)
    E = r.uniform(0, 1, z.shape)
    E /= E.sum(axis=-1, keepdims=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            O = SOFTMAX(z)
            C = CE.per_example(z, O, E)
            d = CE.delta(z, O, E, SOFTMAX)
            dO = CE.dC_da(z, O, E)
    assert np.isfinite(C).all() and np.isfinite(d).all() and np.isfinite(dO).all()
    np.testing.assert_allclose(O.sum(axis=-1), 1.0, rtol=1e-12)
    assert np.all(O >= 0) and np.all(C >= -1e-9 * (1 + np.abs(z).max()))
    np.testing.assert_allclose(d, O - E, rtol=0, atol=0)
    # the cost is invariant to adding a constant to every logit (what the shift relies on)
    np.testing.assert_allclose(CE.per_example(z + 7.0, O, E), C, rtol=1e-9, atol=1e-9 * (1 + np.abs(z).max()))
