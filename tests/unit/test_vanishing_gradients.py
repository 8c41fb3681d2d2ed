"""Tests for backprop_lib.vanishing_gradients: the bound bounds, the measurements measure, theory predicts."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_lib import vanishing_gradients as gf
from backprop_lib.network import Network

ACTS = ["identity", "sigmoid", "tanh", "relu", "leaky_relu"]


# ------------------------------------------------------------------------------------ the bound

def test_sigma_prime_max_matches_a_dense_grid():
    from backprop_lib import activations

    z = np.linspace(-20, 20, 400001)
    for name in ACTS:
        measured = np.max(np.abs(activations.get(name).derivative(z)))
        assert gf.sigma_prime_max(name) == pytest.approx(measured, abs=1e-9)
        assert gf.sigma_prime_max(activations.get(name)) == gf.sigma_prime_max(name)
    assert gf.sigma_prime_max("sigmoid") == 0.25


def test_bound_by_hand_for_a_tiny_network():
    W = [None, np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([[3.0, 0.0], [0.0, 0.5]]), np.array([[1.0, 1.0]])]
    b = [None, np.zeros(2), np.zeros(2), np.zeros(1)]
    net = Network.from_weights(W, b, activation="sigmoid", output_activation="identity")
    bound = gf.gradient_bound(net)
    # B_3 = 1, B_2 = 1/4 * ||W^3||_2 = sqrt(2)/4, B_1 = B_2 * 1/4 * ||W^2||_2 = B_2 * 3/4
    assert np.isnan(bound[0])
    assert bound[3] == 1.0
    assert bound[2] == pytest.approx(np.sqrt(2) / 4)
    assert bound[1] == pytest.approx(np.sqrt(2) / 4 * 3 / 4)


@st.composite
def random_setups(draw):
    L = draw(st.integers(1, 8))
    sizes = draw(st.lists(st.integers(1, 9), min_size=L + 1, max_size=L + 1))
    act = draw(st.sampled_from(ACTS))
    out_act = draw(st.sampled_from(ACTS))
    scale = draw(st.floats(0.05, 4.0))
    seed = draw(st.integers(0, 2**31 - 1))
    batch = draw(st.integers(1, 6))
    rng = np.random.default_rng(seed)
    W = [None] + [rng.standard_normal((sizes[k], sizes[k - 1])) * scale for k in range(1, L + 1)]
    b = [None] + [rng.standard_normal(sizes[k]) * scale for k in range(1, L + 1)]
    net = Network.from_weights(W, b, activation=act, output_activation=out_act)
    x = rng.standard_normal((batch, sizes[0])) * 2
    E = rng.standard_normal((batch, sizes[-1]))
    return net, x, E


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_setups())
def test_the_bound_really_bounds_the_measured_norms(setup):
    net, x, E = setup
    norms = gf.gradient_norms(net, x, E)
    trace = net.forward(x)
    for bound in (gf.gradient_bound(net), gf.gradient_bound(net, trace)):
        lhs = norms.delta_per_example[:, 1:]
        rhs = bound[1:] * norms.delta_per_example[:, -1:]
        assert np.all(lhs <= rhs * (1 + 1e-9) + 1e-300)
    # the trace-tightened bound is never looser than the sup-based one
    assert np.all(gf.gradient_bound(net, trace)[1:] <= gf.gradient_bound(net)[1:] * (1 + 1e-12))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_setups())
def test_the_lower_bound_really_bounds_from_below(setup):
    net, x, E = setup
    norms = gf.gradient_norms(net, x, E)
    lower = gf.gradient_lower_bound(net, net.forward(x))
    lhs = norms.delta_per_example[:, 1:]
    rhs = lower[1:] * norms.delta_per_example[:, -1:]
    assert np.all(lhs >= rhs * (1 - 1e-9) - 1e-300)


@settings(max_examples=100, deadline=None)
@given(random_setups())
def test_weight_gradient_norm_is_delta_norm_times_activation_norm(setup):
    net, x, E = setup
    norms = gf.gradient_norms(net, x, E)
    trace = net.forward(x)
    _, grads = net.backward(trace, E)
    B = x.shape[0]
    for k in range(1, net.L + 1):
        per_ex = [np.linalg.norm(np.outer(grads.delta[k][i] * B, trace.a[k - 1][i])) for i in range(B)]
        assert norms.weight[k] == pytest.approx(np.mean(per_ex), rel=1e-9, abs=1e-300)
        assert norms.batch_weight[k] == pytest.approx(np.linalg.norm(grads.W[k]), rel=1e-12, abs=1e-300)
        # the mean-cost gradient is no larger than the mean per-example gradient
        assert norms.batch_weight[k] <= norms.weight[k] * (1 + 1e-9) + 1e-300


def test_single_example_and_batch_of_one_agree():
    net = gf.random_network(5, 7, "tanh", 1.2, seed=3)
    x, E = gf.random_data(net, batch=1, seed=4)
    a = gf.gradient_norms(net, x, E)
    b = gf.gradient_norms(net, x[0], E[0])
    np.testing.assert_allclose(a.delta[1:], b.delta[1:])
    np.testing.assert_allclose(a.weight[1:], b.weight[1:])


# ------------------------------------------------------------------------------------ decay rates

def test_decay_rate_recovers_a_geometric_sequence():
    L = 12
    norms = np.full(L + 1, np.nan)
    norms[1:] = 3.0 * 0.3 ** (L - np.arange(1, L + 1))
    assert gf.decay_rate(norms) == pytest.approx(0.3)
    norms[L] = 1e6  # the output layer is the base case and is ignored by default
    assert gf.decay_rate(norms) == pytest.approx(0.3)


def test_sigmoid_rate_is_about_a_quarter_of_the_weight_scale():
    # small weights keep z near 0, where sigma'(z) = 1/4: each layer multiplies ||delta|| by about g/4
    p = gf.gradient_profile(30, "sigmoid", 0.5, width=64, batch=32, seed=0)
    assert p.rate / 0.5 == pytest.approx(0.25, rel=0.1)
    t = gf.gradient_profile(30, "tanh", 0.5, width=64, batch=32, seed=0)
    assert t.rate / 0.5 == pytest.approx(1.0, rel=0.1)
    # the bound's rate is at least the measured one
    for prof in (p, t):
        assert prof.bound_rate >= prof.rate


def test_depth_sweep_matches_gradient_profile():
    sweep = gf.depth_sweep("relu", 1.3, depths=[1, 2, 9, 20], width=12, batch=5, seed=7)
    assert sorted(sweep) == [1, 2, 9, 20]
    for D, q in sweep.items():
        p = gf.gradient_profile(D, "relu", 1.3, width=12, batch=5, seed=7)
        for f in ("delta", "weight", "batch_weight"):
            np.testing.assert_allclose(getattr(q.norms, f)[1:], getattr(p.norms, f)[1:], rtol=1e-10)
        np.testing.assert_allclose(q.bound[1:], p.bound[1:], rtol=1e-10)
        np.testing.assert_allclose(q.relative[1:], p.relative[1:], rtol=1e-10)
        assert q.status == p.status
        assert q.norms.cost == pytest.approx(p.norms.cost)


def test_learning_status_categories():
    r = np.array([np.nan, 1e-6, 1e-3, 0.5, 100.0, np.inf])
    assert gf.learning_status(r) == [None, "stalled", "slow", "learns", "explodes", "explodes"]
    p = gf.gradient_profile(30, "sigmoid", 1.0, seed=0)
    assert p.status[1] == "stalled" and p.status[30] == "learns"


# ------------------------------------------------------------------------------------ variances

def test_predicted_variances_linear_network_exact_in_expectation():
    # identity activation: the recursions are exact in expectation; a wide net matches closely
    sizes = [400, 400, 400, 400]
    net = Network(sizes, activation="identity", output_activation="identity", init="xavier_normal", seed=0)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((200, 400))
    # the backward recursion assumes delta^L independent of the weights: make the target dominate O
    E = 30 * rng.standard_normal((200, 400))
    meas = gf.variance_profile(net, x, E)
    th = gf.predicted_variances(sizes, [None] + [np.var(net.W[k]) for k in range(1, 4)], "identity",
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
        profiles.append(gf.variance_profile(net, x, E))
    meas = {f: np.mean([getattr(p, f) for p in profiles], axis=0) for f in ("z", "a", "delta")}
    vw = [None] + [gf.init_variance(init, sizes[k - 1], sizes[k]) for k in range(1, 6)]
    th = gf.predicted_variances(sizes, vw, act, var_x=1.0, var_delta_out=meas["delta"][5], mode="gaussian")
    np.testing.assert_allclose(meas["z"][1:], th.z[1:], rtol=0.15)
    np.testing.assert_allclose(meas["a"][1:5], th.a[1:5], rtol=0.15)
    np.testing.assert_allclose(meas["delta"][1:], th.delta[1:], rtol=0.2)


def test_predicted_standard_init_shrinks_by_a_third_per_layer():
    th = gf.predicted_variances([100] * 6, 1 / 300, "tanh", var_x=1.0, var_delta_out=1.0)
    np.testing.assert_allclose(th.z[2:] / th.z[1:-1], 1 / 3)
    np.testing.assert_allclose(th.delta[1:5] / th.delta[2:6], 1 / 3)
    th = gf.predicted_variances([100] * 6, 2 / 100, "relu")
    np.testing.assert_allclose(th.z[1:], 2.0)  # He: Var(z) stays 2 Var(x)... for x of unit second moment
    np.testing.assert_allclose(th.delta[1:4], 1.0 * np.ones(3) * (2 / 100 * 100 * 0.5) ** np.array([4, 3, 2]))


def test_init_variance():
    assert gf.init_variance("standard", 30, 10) == pytest.approx(1 / 90)
    assert gf.init_variance("xavier_uniform", 30, 10) == pytest.approx(2 / 40)
    assert gf.init_variance("he_normal", 30, 10) == pytest.approx(2 / 30)


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
    ha, hn = gf.activation_histograms(std, x), gf.activation_histograms(nor, x)
    assert ha.layers == [1, 2, 3, 4, 5]
    s = [ha.std[k] for k in ha.layers]
    assert all(s[i + 1] < 0.7 * s[i] for i in range(4))  # shrinks layer by layer (theory: 1/sqrt(3))
    s = [hn.std[k] for k in hn.layers]
    assert max(s) / min(s) < 1.25  # about constant
    ga, gn = gf.gradient_histograms(std, x, E), gf.gradient_histograms(nor, x, E)
    s = [ga.std[k] for k in ga.layers]
    assert all(s[i] < 0.7 * s[i + 1] for i in range(4))  # shrinks going backwards
    s = [gn.std[k] for k in gn.layers]
    assert max(s) / min(s) < 1.25
    for h in (ha, hn):
        for k in h.layers:
            assert h.density[k].sum() == pytest.approx(1.0)


def test_glorot_bengio_unit_inputs_normalized_still_far_better():
    x, E = _gb_data(1.0)
    for hist in (gf.activation_histograms, ):
        s_std = [v for v in hist(_gb_net("standard"), x).std.values()]
        s_nor = [v for v in hist(_gb_net("xavier_uniform"), x).std.values()]
        assert s_std[-1] / s_std[0] < 0.15 and s_nor[-1] / s_nor[0] > 0.45


def test_training_curves_are_seeded_and_complete():
    from backprop_lib import datasets

    X, Y = datasets.circles(64, noise=0.1, seed=0)
    a = gf.training_curves([2, 8, 8, 1], X, Y, activations=("tanh", "relu"), inits=("standard", "he_normal"),
                           epochs=3, batch_size=16, lr=0.05)
    b = gf.training_curves([2, 8, 8, 1], X, Y, activations=("tanh", "relu"), inits=("standard", "he_normal"),
                           epochs=3, batch_size=16, lr=0.05)
    assert set(a) == {("tanh", "standard"), ("tanh", "he_normal"), ("relu", "standard"), ("relu", "he_normal")}
    assert a == b
    assert all(len(v) == 3 and all(np.isfinite(v)) for v in a.values())


# ------------------------------------------------------------------------------------ bad input

@pytest.mark.parametrize(
    "call,exc,word",
    [
        (lambda: gf.sigma_prime_max("softplus"), ValueError, "activation"),
        (lambda: gf.sigma_prime_max(3), TypeError, "activation"),
        (lambda: gf.gradient_norms("net", np.zeros(2), np.zeros(1)), TypeError, "net"),
        (lambda: gf.gradient_bound(None), TypeError, "net"),
        (lambda: gf.random_network(0, 4, "tanh"), ValueError, "depth"),
        (lambda: gf.random_network(2.5, 4, "tanh"), TypeError, "depth"),
        (lambda: gf.random_network(3, 4, "tanh", weight_scale=-1), ValueError, "weight_scale"),
        (lambda: gf.random_network(3, 4, "tanh", weight_scale=float("nan")), ValueError, "weight_scale"),
        (lambda: gf.random_network(3, 4, "swish"), ValueError, "activation"),
        (lambda: gf.random_network(3, 4, "tanh", seed=-2), TypeError, "seed"),
        (lambda: gf.decay_rate([1.0]), ValueError, "norms"),
        (lambda: gf.learning_status([np.nan, 1.0], thresholds=(1, 0.1, 2)), ValueError, "thresholds"),
        (lambda: gf.predicted_variances([3], 0.1, "tanh"), ValueError, "sizes"),
        (lambda: gf.predicted_variances([3, 0], 0.1, "tanh"), ValueError, "sizes"),
        (lambda: gf.predicted_variances([3, 3], [0.1], "tanh"), ValueError, "var_w"),
        (lambda: gf.predicted_variances([3, 3], -0.1, "tanh"), ValueError, "var_w"),
        (lambda: gf.predicted_variances([3, 3], 0.1, "tanh", mode="exact"), ValueError, "mode"),
        (lambda: gf.init_variance("glorot", 3, 3), ValueError, "init"),
        (lambda: gf.init_variance("standard", 0, 3), ValueError, "n_in"),
        (lambda: gf.layer_histograms("abc"), TypeError, "values"),
        (lambda: gf.layer_histograms([None, np.ones(3)], bins=1), ValueError, "bins"),
        (lambda: gf.layer_histograms([None, np.ones(3)], value_range=(1, 0)), ValueError, "value_range"),
        (lambda: gf.depth_sweep("tanh", 1.0, depths=[]), ValueError, "depths"),
        (lambda: gf.relative_updates(gf.random_network(2, 3, "tanh"), None), TypeError, "norms"),
    ],
)
def test_bad_input_names_the_argument(call, exc, word):
    with pytest.raises(exc, match=word):
        call()


def test_bad_data_is_rejected_by_the_network_with_a_named_error():
    net = gf.random_network(3, 4, "tanh")
    with pytest.raises((ValueError, TypeError), match="x"):
        gf.gradient_norms(net, np.zeros((2, 5)), np.zeros((2, 4)))
    with pytest.raises((ValueError, TypeError), match="E"):
        gf.variance_profile(net, np.zeros((2, 4)), np.zeros((3, 4)))


def test_variance_experiment_output_error_is_independent_noise():
    meas, lin, mf = gf.variance_experiment(64, 5, "xavier_normal", "identity", batch=128)
    assert abs(meas.delta[5] - 1.0) < 0.2
    # linear network with n Var(W) = 1: both theories say every variance stays 1
    np.testing.assert_allclose(lin.z[1:], 1.0)
    np.testing.assert_allclose(mf.delta[1:], 1.0)
    np.testing.assert_allclose(meas.delta[1:], 1.0, rtol=0.35)
    with pytest.raises(ValueError, match="width"):
        gf.variance_experiment(0, 5, "standard", "tanh")


@pytest.mark.parametrize("act,init", [("tanh", "standard"), ("relu", "he_normal"), ("sigmoid", "xavier_uniform")])
def test_variance_experiment_equals_variance_profile_of_the_network(act, init):
    # the fast path (cached forward through a deeper network) gives variance_profile's numbers
    for depth in (1, 3, 6):
        meas, _, _ = gf.variance_experiment(16, depth, init, act, batch=12, seed=3, max_depth=8)
        net = Network([16] * (depth + 1), activation=act, output_activation="identity", init=init, seed=3)
        if depth < 8:
            deep = Network([16] * 9, activation=act, output_activation="identity", init=init, seed=3)
            for k in range(1, depth + 1):
                np.testing.assert_array_equal(net.W[k], deep.W[k])  # prefix property of the seed
        rng = np.random.default_rng(10_003)
        x = rng.standard_normal((12, 16))
        r = rng.standard_normal((12, 16))
        ref = gf.variance_profile(net, x, net.predict(x) - r / 2)
        for f in ("z", "a", "a_sq", "delta", "grad_a", "grad_W"):
            np.testing.assert_allclose(getattr(meas, f), getattr(ref, f), rtol=1e-9, atol=1e-15, err_msg=f)
