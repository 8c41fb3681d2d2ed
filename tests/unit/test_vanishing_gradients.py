"""Tests for backprop_lib.vanishing_gradients: the bound bounds, the measurements measure."""

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
        # the same networks and data through Network.forward/backward: the same bits
        for f in ("delta", "weight", "batch_weight", "delta_per_example"):
            assert np.array_equal(getattr(q.norms, f), getattr(p.norms, f), equal_nan=True), f
        net = gf.random_network(D, 12, "relu", 1.3, seed=7)
        x, E = gf.random_data(net, batch=5, seed=8)
        C, grads = net.backward(net.forward(x), E)
        assert q.norms.cost == C
        np.testing.assert_allclose(q.norms.batch_weight[1:], [np.linalg.norm(grads.W[k]) for k in range(1, D + 1)],
                                   rtol=1e-12)
        np.testing.assert_allclose(q.bound[1:], p.bound[1:], rtol=1e-10)
        np.testing.assert_allclose(q.relative[1:], p.relative[1:], rtol=1e-10)
        assert q.status == p.status
        assert q.norms.cost == pytest.approx(p.norms.cost)


def test_learning_status_categories():
    r = np.array([np.nan, 1e-6, 1e-3, 0.5, 100.0, np.inf])
    assert gf.learning_status(r) == [None, "stalled", "slow", "learns", "explodes", "explodes"]
    p = gf.gradient_profile(30, "sigmoid", 1.0, seed=0)
    assert p.status[1] == "stalled" and p.status[30] == "learns"


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
        (lambda: gf.random_network(3, 4, "tanh", seed=-2), ValueError, "seed"),
        (lambda: gf.random_network(3, 4, "tanh", seed="x"), TypeError, "seed"),
        (lambda: gf.decay_rate([1.0]), ValueError, "norms"),
        (lambda: gf.learning_status([np.nan, 1.0], thresholds=(1, 0.1, 2)), ValueError, "thresholds"),
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
