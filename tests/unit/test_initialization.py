"""Tests for backprop_lib.initialization: the variances measured with the network's passes, and theory predicts them."""

import numpy as np
import pytest

from backprop_lib import initialization as ini
from backprop_lib import vanishing_gradients as gf
from backprop_lib.network import Network


# ------------------------------------------------------------------------------------ variances

def test_predicted_variances_linear_network_exact_in_expectation():
    # identity activation: the recursions are exact in expectation; a wide net matches closely
    sizes = [400, 400, 400, 400]
    net = Network(sizes, activation="identity", output_activation="identity", init="xavier_normal", seed=0)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((200, 400))
    # the backward recursion assumes delta^L independent of the weights: make the target dominate O
    E = 30 * rng.standard_normal((200, 400))
    meas = ini.variance_profile(net, x, E)
    th = ini.predicted_variances(sizes, [None] + [np.var(net.W[k]) for k in range(1, 4)], "identity",
                                var_x=float(np.mean(x ** 2)), var_delta_out=meas.delta[3])
    np.testing.assert_allclose(meas.z[1:], th.z[1:], rtol=0.05)
    np.testing.assert_allclose(meas.delta[1:], th.delta[1:], rtol=0.05)
    np.testing.assert_allclose(meas.grad_a[1:3], th.grad_a[1:3], rtol=0.05)


@pytest.mark.parametrize("act,init", [("tanh", "standard"), ("tanh", "xavier_uniform"), ("relu", "he_normal")])
def test_predicted_variances_match_measured_within_a_few_percent(act, init):
    # one finite network is one draw of a random matrix product: average four to see the expectation
    sizes = [200] * 6
    rng = np.random.default_rng(1234)  # not a seed of the networks: the data must be independent of W
    x = rng.standard_normal((200, 200))
    E = 30 * rng.standard_normal((200, 200))
    profiles = []
    for seed in range(4):
        net = Network(sizes, activation=act, output_activation="identity", init=init, seed=seed)
        profiles.append(ini.variance_profile(net, x, E))
    meas = {f: np.mean([getattr(p, f) for p in profiles], axis=0) for f in ("z", "a", "delta")}
    vw = [None] + [ini._init_variance(init, sizes[k - 1], sizes[k]) for k in range(1, 6)]
    th = ini.predicted_variances(sizes, vw, act, var_x=1.0, var_delta_out=meas["delta"][5], mode="gaussian")
    np.testing.assert_allclose(meas["z"][1:], th.z[1:], rtol=0.15)
    np.testing.assert_allclose(meas["a"][1:5], th.a[1:5], rtol=0.15)
    np.testing.assert_allclose(meas["delta"][1:], th.delta[1:], rtol=0.2)


def test_predicted_standard_init_shrinks_by_a_third_per_layer():
    th = ini.predicted_variances([100] * 6, 1 / 300, "tanh", var_x=1.0, var_delta_out=1.0)
    np.testing.assert_allclose(th.z[2:] / th.z[1:-1], 1 / 3)
    np.testing.assert_allclose(th.delta[1:5] / th.delta[2:6], 1 / 3)
    th = ini.predicted_variances([100] * 6, 2 / 100, "relu")
    np.testing.assert_allclose(th.z[1:], 2.0)  # He: Var(z) stays 2 Var(x)... for x of unit second moment
    np.testing.assert_allclose(th.delta[1:4], 1.0 * np.ones(3) * (2 / 100 * 100 * 0.5) ** np.array([4, 3, 2]))


def test_init_variance():
    assert ini._init_variance("standard", 30, 10) == pytest.approx(1 / 90)
    assert ini._init_variance("xavier_uniform", 30, 10) == pytest.approx(2 / 40)
    assert ini._init_variance("he_normal", 30, 10) == pytest.approx(2 / 30)


# ------------------------------------------------------------------------------------ histograms

def _gb_net(init, seed=0):
    return Network([100] * 6 + [10], activation="tanh", output_activation="identity", init=init, seed=seed)


def _gb_data(input_std, seed=1234):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (500, 100)) * np.sqrt(3) * input_std
    E = rng.standard_normal((500, 10))
    return x, E


def test_glorot_bengio_shapes_in_the_linear_regime():
    x, E = _gb_data(0.25)
    std, nor = _gb_net("standard"), _gb_net("xavier_uniform")
    ha, hn = ini.activation_histograms(std, x), ini.activation_histograms(nor, x)
    assert ha.layers == [1, 2, 3, 4, 5]
    s = [ha.std[k] for k in ha.layers]
    assert all(s[i + 1] < 0.7 * s[i] for i in range(4))  # shrinks layer by layer (theory: 1/sqrt(3))
    s = [hn.std[k] for k in hn.layers]
    assert max(s) / min(s) < 1.25  # about constant
    ga, gn = ini.gradient_histograms(std, x, E), ini.gradient_histograms(nor, x, E)
    s = [ga.std[k] for k in ga.layers]
    assert all(s[i] < 0.7 * s[i + 1] for i in range(4))  # shrinks going backwards
    s = [gn.std[k] for k in gn.layers]
    assert max(s) / min(s) < 1.25
    for h in (ha, hn):
        for k in h.layers:
            assert h.density[k].sum() == pytest.approx(1.0)


def test_glorot_bengio_unit_inputs_normalized_still_far_better():
    x, E = _gb_data(1.0)
    for hist in (ini.activation_histograms, ):
        s_std = [v for v in hist(_gb_net("standard"), x).std.values()]
        s_nor = [v for v in hist(_gb_net("xavier_uniform"), x).std.values()]
        assert s_std[-1] / s_std[0] < 0.15 and s_nor[-1] / s_nor[0] > 0.45


def test_training_curves_are_seeded_and_complete():
    from backprop_lib import datasets

    X, Y = datasets.circles(64, noise=0.1, seed=0)
    a = ini.training_curves([2, 8, 8, 1], X, Y, activations=("tanh", "relu"), inits=("standard", "he_normal"),
                           epochs=3, batch_size=16, lr=0.05)
    b = ini.training_curves([2, 8, 8, 1], X, Y, activations=("tanh", "relu"), inits=("standard", "he_normal"),
                           epochs=3, batch_size=16, lr=0.05)
    assert set(a) == {("tanh", "standard"), ("tanh", "he_normal"), ("relu", "standard"), ("relu", "he_normal")}
    assert a == b
    assert all(len(v) == 3 and all(np.isfinite(v)) for v in a.values())


# ------------------------------------------------------------------------------------ bad input

@pytest.mark.parametrize(
    "call,exc,word",
    [
        (lambda: ini.predicted_variances([3], 0.1, "tanh"), ValueError, "sizes"),
        (lambda: ini.predicted_variances([3, 0], 0.1, "tanh"), ValueError, "sizes"),
        (lambda: ini.predicted_variances([3, 3], [0.1], "tanh"), ValueError, "var_w"),
        (lambda: ini.predicted_variances([3, 3], -0.1, "tanh"), ValueError, "var_w"),
        (lambda: ini.predicted_variances([3, 3], 0.1, "tanh", mode="exact"), ValueError, "mode"),
        (lambda: ini.variance_experiment(8, 3, "glorot", "tanh"), ValueError, "init"),
        (lambda: ini.activation_histograms(Network([2, 3, 1]), np.ones(2), bins=1), ValueError, "bins"),
        (lambda: ini.activation_histograms(Network([2, 3, 1]), np.ones(2), value_range=(1, 0)), ValueError,
         "value_range"),
        (lambda: ini.gradient_histograms(Network([2, 3, 1]), np.ones(2), np.ones(1), bins="many"), TypeError,
         "bins"),
        (lambda: ini.gradient_histograms(Network([2, 3, 1]), np.ones(2), np.ones(1), value_range=3), ValueError,
         "value_range"),
    ],
)
def test_bad_input_names_the_argument(call, exc, word):
    with pytest.raises(exc, match=word):
        call()


def test_bad_data_is_rejected_by_the_network_with_a_named_error():
    net = gf.random_network(3, 4, "tanh")
    with pytest.raises((ValueError, TypeError), match="E"):
        ini.variance_profile(net, np.zeros((2, 4)), np.zeros((3, 4)))


def test_variance_experiment_output_error_is_independent_noise():
    meas, lin, mf = ini.variance_experiment(64, 5, "xavier_normal", "identity", batch=128)
    assert abs(meas.delta[5] - 1.0) < 0.2
    # linear network with n Var(W) = 1: both theories say every variance stays 1
    np.testing.assert_allclose(lin.z[1:], 1.0)
    np.testing.assert_allclose(mf.delta[1:], 1.0)
    np.testing.assert_allclose(meas.delta[1:], 1.0, rtol=0.35)
    with pytest.raises(ValueError, match="width"):
        ini.variance_experiment(0, 5, "standard", "tanh")


@pytest.mark.parametrize("act,init", [("tanh", "standard"), ("relu", "he_normal"), ("sigmoid", "xavier_uniform")])
def test_variance_experiment_equals_variance_profile_of_the_network(act, init):
    # the fast path (cached forward through a deeper network) gives variance_profile's numbers, bit for bit
    for depth in (1, 3, 6):
        meas, _, _ = ini.variance_experiment(16, depth, init, act, batch=12, seed=3, max_depth=8)
        net = Network([16] * (depth + 1), activation=act, output_activation="identity", init=init, seed=3)
        if depth < 8:
            deep = Network([16] * 9, activation=act, output_activation="identity", init=init, seed=3)
            for k in range(1, depth + 1):
                np.testing.assert_array_equal(net.W[k], deep.W[k])  # prefix property of the seed
        rng = np.random.default_rng(10_003)
        x = rng.standard_normal((12, 16))
        r = rng.standard_normal((12, 16))
        ref = ini.variance_profile(net, x, net.predict(x) - r / 2)
        for f in ("z", "a", "a_sq", "delta", "grad_a", "grad_W"):  # the same passes: the same bits
            assert np.array_equal(getattr(meas, f), getattr(ref, f), equal_nan=True), f
