"""backprop_lib.initializers: shapes, dtypes, and the variance each formula promises."""

import numpy as np
import pytest

from backprop_lib import Network, initializers

FORMULA = {  # Var(W_ij) for a layer n_in -> n_out, as the issue states it
    "standard": lambda n_in, n_out: (2 / np.sqrt(n_in)) ** 2 / 12,  # U[-1/sqrt(n), 1/sqrt(n)]
    "xavier_uniform": lambda n_in, n_out: (2 * np.sqrt(6 / (n_in + n_out))) ** 2 / 12,
    "xavier_normal": lambda n_in, n_out: 2 / (n_in + n_out),
    "he_normal": lambda n_in, n_out: 2 / n_in,
    "normal": lambda n_in, n_out: 1.0,
}
UNIFORM_BOUND = {
    "standard": lambda n_in, n_out: 1 / np.sqrt(n_in),
    "xavier_uniform": lambda n_in, n_out: np.sqrt(6 / (n_in + n_out)),
}


def test_names():
    assert initializers.NAMES == ("standard", "xavier_uniform", "xavier_normal", "he_normal", "normal")
    assert set(FORMULA) == set(initializers.NAMES)


@pytest.mark.parametrize("name", initializers.NAMES)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_shape_is_n_out_by_n_in_and_dtype_is_kept(name, dtype):
    W = initializers.get(name)(5, 3, np.random.default_rng(0), dtype)
    assert W.shape == (3, 5) and W.dtype == dtype


@pytest.mark.parametrize("name", initializers.NAMES)
@pytest.mark.parametrize("n_in, n_out", [(400, 600), (900, 100)])
def test_variance_matches_the_formula_statistically(name, n_in, n_out):
    W = initializers.get(name)(n_in, n_out, np.random.default_rng(1), np.float64)
    N = W.size
    var = FORMULA[name](n_in, n_out)
    assert initializers.variance(name, n_in, n_out) == pytest.approx(var, rel=1e-12)
    # The sample variance of N draws has standard error var * sqrt((kurtosis - 1) / N),
    # at most var * sqrt(2 / N) for these distributions; allow 5 standard errors.
    assert np.var(W) == pytest.approx(var, rel=5 * np.sqrt(2 / N))
    assert abs(np.mean(W)) < 5 * np.sqrt(var / N)
    kurtosis = np.mean((W - W.mean()) ** 4) / np.var(W) ** 2
    if name in UNIFORM_BOUND:
        r = UNIFORM_BOUND[name](n_in, n_out)
        assert np.abs(W).max() <= r and np.abs(W).max() > 0.999 * r
        assert kurtosis == pytest.approx(1.8, abs=0.05)  # a uniform distribution
    else:
        assert kurtosis == pytest.approx(3.0, abs=0.1)  # a normal distribution


@pytest.mark.parametrize("name", initializers.NAMES)
def test_network_layers_use_the_initializer_and_zero_biases(name):
    net = Network([300, 200, 100], init=name, seed=3)
    assert net.init == name
    for k in (1, 2):
        n_in, n_out = net.sizes[k - 1], net.sizes[k]
        var = FORMULA[name](n_in, n_out)
        assert np.var(net.W[k]) == pytest.approx(var, rel=5 * np.sqrt(2 / net.W[k].size))
        assert np.all(net.b[k] == 0)


@pytest.mark.parametrize("name", initializers.NAMES)
def test_same_generator_state_same_weights(name):
    f = initializers.get(name)
    a = f(7, 4, np.random.default_rng(42), np.float64)
    b = f(7, 4, np.random.default_rng(42), np.float64)
    c = f(7, 4, np.random.default_rng(43), np.float64)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_unknown_name_lists_the_valid_ones():
    for call in (lambda: initializers.get("glorot"), lambda: initializers.variance("glorot", 2, 3)):
        with pytest.raises(ValueError, match="init must be one of") as err:
            call()
        for name in initializers.NAMES:
            assert name in str(err.value)
    with pytest.raises(ValueError, match="init must be one of"):
        Network([2, 3, 1], init="glorot")


@pytest.mark.parametrize("bad", [None, 1.0, ["he_normal"]])
def test_non_string_name_is_a_type_error(bad):
    with pytest.raises(TypeError, match="init must be a name"):
        initializers.get(bad)
