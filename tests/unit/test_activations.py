"""backprop_lib.activations: each sigma and sigma' against its formula and finite differences."""

import warnings

import numpy as np
import pytest

from backprop_lib import activations
from backprop_lib.activations import LEAKY_SLOPE, Activation

FORMULAS = {
    "identity": (lambda z: z, lambda z: np.ones_like(z)),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1.0, 0.01)),
}

# Points away from the ReLU kink at exactly 0 (where sigma' is not defined).
Z = np.array([-7.5, -2.0, -0.3, -1e-3, 2e-3, 0.4, 1.0, 3.0, 9.0])


def test_names_are_the_five_of_the_course():
    assert activations.NAMES == ("identity", "sigmoid", "tanh", "relu", "leaky_relu")
    assert set(FORMULAS) == set(activations.NAMES)


@pytest.mark.parametrize("name", activations.NAMES)
def test_value_and_derivative_match_the_formula(name):
    act = activations.get(name)
    f, df = FORMULAS[name]
    np.testing.assert_allclose(act(Z), f(Z), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(act.derivative(Z), df(Z), rtol=1e-12, atol=1e-15)
    assert act.name == name and isinstance(act, Activation) and repr(act) == f"Activation({name!r})"


@pytest.mark.parametrize("name", activations.NAMES)
def test_derivative_matches_central_differences(name):
    act = activations.get(name)
    eps = 1e-6
    numeric = (act(Z + eps) - act(Z - eps)) / (2 * eps)
    np.testing.assert_allclose(act.derivative(Z), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", activations.NAMES)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_derivative_from_stored_output_equals_derivative(name, dtype):
    act = activations.get(name)
    z = Z.astype(dtype)
    a = act(z)
    fast = act.derivative_from(z, a)
    assert a.dtype == dtype and act.derivative(z).dtype == dtype and fast.dtype == dtype
    assert fast.shape == z.shape
    tol = {np.float16: 3e-3, np.float32: 1e-6, np.float64: 1e-13}[dtype]
    np.testing.assert_allclose(fast.astype(np.float64), act.derivative(z).astype(np.float64), rtol=tol, atol=tol)


@pytest.mark.parametrize("name", activations.NAMES)
def test_works_on_batches_and_scalars(name):
    act = activations.get(name)
    z = np.linspace(-3, 3, 12).reshape(3, 4)
    assert act(z).shape == (3, 4) and act.derivative(z).shape == (3, 4)
    np.testing.assert_allclose(act(z)[1], act(z[1]))
    assert np.isfinite(float(act(0.5))) and np.isfinite(float(act.derivative(0.5)))


@pytest.mark.parametrize("name", activations.NAMES)
def test_max_derivative_is_the_supremum_of_sigma_prime(name):
    act = activations.get(name)
    grid = np.linspace(-20, 20, 400001)
    assert np.max(np.abs(act.derivative(grid))) == pytest.approx(act.max_derivative, rel=1e-6)


def test_known_values():
    sig = activations.get("sigmoid")
    assert float(sig(0.0)) == 0.5 and float(sig.derivative(0.0)) == 0.25
    assert float(activations.get("tanh").derivative(0.0)) == 1.0
    leaky = activations.get("leaky_relu")
    assert LEAKY_SLOPE == 0.01
    assert float(leaky(-2.0)) == pytest.approx(-0.02) and float(leaky.derivative(-2.0)) == pytest.approx(0.01)
    relu = activations.get("relu")
    assert float(relu(-2.0)) == 0.0 and float(relu.derivative(-2.0)) == 0.0 and float(relu.derivative(2.0)) == 1.0


def test_identity_returns_a_copy_not_the_input():
    z = np.array([1.0, 2.0])
    out = activations.get("identity")(z)
    out[0] = 5.0
    assert z[0] == 1.0


@pytest.mark.parametrize("name", activations.NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_saturation_is_finite_and_warning_free(name, dtype):
    act = activations.get(name)
    z = np.array([-1000.0, -100.0, -30.0, 30.0, 100.0, 1000.0], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            a = act(z)
            values = [a, act.derivative(z), act.derivative_from(z, a)]
    for v in values:
        assert v.dtype == dtype and np.isfinite(v).all()
    if name in ("sigmoid", "tanh"):
        assert a[-1] == 1.0 and act.derivative(z)[-1] == 0.0


def test_get_returns_an_activation_object_unchanged():
    act = activations.get("tanh")
    assert activations.get(act) is act


def test_get_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="activation") as err:
        activations.get("swish")
    for name in activations.OUTPUT_NAMES:
        assert name in str(err.value)
    assert "'swish'" in str(err.value)


@pytest.mark.parametrize("bad", [None, 3, ["tanh"], b"tanh"])
def test_get_non_string_is_a_type_error_naming_the_argument(bad):
    with pytest.raises(TypeError, match="activation must be a name") as err:
        activations.get(bad)
    assert "tanh" in str(err.value)


# ---------------------------------------------------------------- the softmax (not element-wise)
SOFTMAX = activations.get("softmax")


def test_softmax_is_an_output_activation_not_an_element_wise_one():
    assert "softmax" not in activations.NAMES and "softmax" in activations.OUTPUT_NAMES
    assert activations.OUTPUT_NAMES[:-1] == activations.NAMES
    assert not SOFTMAX.elementwise and all(activations.get(n).elementwise for n in activations.NAMES)
    assert isinstance(SOFTMAX, activations.Softmax) and "softmax" in repr(SOFTMAX)
    for method in (SOFTMAX.derivative, lambda z: SOFTMAX.derivative_from(z, SOFTMAX(z))):
        with pytest.raises(ValueError, match="one number at a time"):
            method(np.zeros(3))


def test_softmax_acts_on_the_whole_layer():
    z = np.array([1.0, 2.0, 3.0])
    e = np.exp(z)
    np.testing.assert_allclose(SOFTMAX(z), e / e.sum(), rtol=1e-15)
    # change one input and EVERY output moves: not one number at a time
    z2 = z.copy()
    z2[0] += 1.0
    assert np.all(SOFTMAX(z2) != SOFTMAX(z))
    batch = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(SOFTMAX(batch)[1], [1 / 3] * 3)
    np.testing.assert_allclose(SOFTMAX(batch)[0], SOFTMAX(z))
    np.testing.assert_allclose(SOFTMAX(np.array([0, 1])), SOFTMAX(np.array([0.0, 1.0])))  # ints become floats


def test_softmax_jacobian_and_backprop_match_central_differences():
    z = np.array([[0.3, -1.2, 2.0, 0.1], [1.0, 1.0, -3.0, 0.5]])
    g = np.array([[0.5, -1.0, 0.2, 0.0], [1.0, 2.0, -0.5, 0.3]])  # an upstream error dC/da
    eps = 1e-6
    J_num = np.zeros((2, 4, 4))
    for j in range(4):
        zp, zm = z.copy(), z.copy()
        zp[:, j] += eps
        zm[:, j] -= eps
        J_num[:, :, j] = (SOFTMAX(zp) - SOFTMAX(zm)) / (2 * eps)
    np.testing.assert_allclose(SOFTMAX.jacobian(z), J_num, rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(SOFTMAX.backprop(z, SOFTMAX(z), g), np.einsum("bij,bi->bj", J_num, g),
                               rtol=1e-6, atol=1e-10)
    # the element-wise activations backpropagate by multiplying by sigma'(z)
    tanh = activations.get("tanh")
    np.testing.assert_allclose(tanh.backprop(z, tanh(z), g), g * tanh.derivative(z))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_softmax_at_plus_minus_1000_is_finite_and_warning_free(dtype):
    z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0]], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            a = SOFTMAX(z)
            back = SOFTMAX.backprop(z, a, np.ones_like(a))
    assert a.dtype == dtype and np.isfinite(a).all() and np.isfinite(back).all()
    np.testing.assert_allclose(a.astype(np.float64), [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-3)
