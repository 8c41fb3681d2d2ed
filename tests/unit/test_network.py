"""backprop_lib.network: the forward and backward passes, checked against the maths.

Gradients are compared with central differences computed here, independently of
backprop_lib.gradcheck, for every activation x loss x initializer, on single
examples and on batches, in float64.
"""

import copy
import itertools
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_lib import Gradients, Network, Trace, activations, initializers, losses

DTYPES = [np.float16, np.float32, np.float64]


# ---------------------------------------------------------------- helpers
def make_net(sizes, act="tanh", out=None, loss="squared_error", init="xavier_uniform", seed=0, dtype=np.float64):
    """A network with small random (nonzero) biases, so no pre-activation is exactly 0."""
    net = Network(sizes, activation=act, output_activation=out, loss=loss, init=init, seed=seed, dtype=dtype)
    rng = np.random.default_rng(seed + 100)
    for k in range(1, net.L + 1):
        net.b[k][...] = rng.uniform(-0.5, 0.5, net.b[k].shape)
    return net


def make_data(net, batch, seed=1):
    """x and a target E: one example when batch is None, else (batch, n)."""
    rng = np.random.default_rng(seed)
    n0, nL = net.sizes[0], net.sizes[-1]
    shape = (lambda n: (n,)) if batch is None else (lambda n: (batch, n))
    x = rng.uniform(-1.5, 1.5, shape(n0))
    if net.loss.name == "binary_cross_entropy":
        E = rng.uniform(0, 1, shape(nL))
    elif net.loss.name == "cross_entropy":  # rows of class probabilities
        E = rng.uniform(0, 1, shape(nL))
        E /= E.sum(axis=-1, keepdims=True)
    else:
        E = rng.uniform(-1, 1, shape(nL))
    return x, E


def numeric_gradients(net, x, E, eps=1e-6):
    """dC/dW^k and dC/db^k by central differences of net.cost, entry by entry."""
    out_W, out_b = [None], [None]
    for k in range(1, net.L + 1):
        for params, out in ((net.W[k], out_W), (net.b[k], out_b)):
            g = np.zeros_like(params)
            for i in np.ndindex(params.shape):
                old = params[i]
                params[i] = old + eps
                c_plus = net.cost(x, E)
                params[i] = old - eps
                c_minus = net.cost(x, E)
                params[i] = old
                g[i] = (c_plus - c_minus) / (2 * eps)
            out.append(g)
    return out_W, out_b


def assert_close_to_numeric(analytic, numeric, what):
    # Central differences with eps = 1e-6 are good to ~1e-9 here; a real mistake is O(1).
    scale = max(1.0, float(np.max(np.abs(numeric))))
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8 * scale, err_msg=what)


def assert_gradients_match(net, x, E):
    C, grads = net.backward(net.forward(x), E)
    assert C == pytest.approx(net.cost(x, E), rel=1e-15)
    nW, nb = numeric_gradients(net, x, E)
    for k in range(1, net.L + 1):
        assert_close_to_numeric(grads.W[k], nW[k], f"dC/dW^{k}")
        assert_close_to_numeric(grads.b[k], nb[k], f"dC/db^{k}")
    return C, grads


def output_choices(loss):
    return {"binary_cross_entropy": ["sigmoid"], "cross_entropy": ["softmax"]}.get(loss, [None, "identity"])


GRID = [
    (act, loss, out, init)
    for act in activations.NAMES
    for loss in losses.NAMES
    for out in output_choices(loss)
    for init in initializers.NAMES
]


# ---------------------------------------------------------------- construction, per-layer indexing
def test_per_layer_lists_are_indexed_by_layer_number():
    net = Network([4, 3, 2, 5], seed=0)
    assert net.sizes == [4, 3, 2, 5] and net.L == 3
    assert net.W[0] is None and net.b[0] is None and net.sigma[0] is None
    assert len(net.W) == len(net.b) == len(net.sigma) == net.L + 1
    for k in range(1, net.L + 1):
        assert net.W[k].shape == (net.sizes[k], net.sizes[k - 1])
        assert net.b[k].shape == (net.sizes[k],)
        assert np.all(net.b[k] == 0)
    assert net.n_params == sum(net.sizes[k] * (net.sizes[k - 1] + 1) for k in range(1, 4))
    assert "Network([4, 3, 2, 5]" in repr(net)


def test_output_activation_defaults_to_the_hidden_one_and_sigmoid_for_cross_entropy():
    net = Network([2, 3, 1], activation="relu")
    assert [s.name for s in net.sigma[1:]] == ["relu", "relu"]
    assert net.activation.name == net.output_activation.name == "relu"
    net = Network([2, 3, 1], activation="relu", output_activation="identity")
    assert [s.name for s in net.sigma[1:]] == ["relu", "identity"]
    net = Network([2, 3, 1], activation="tanh", loss="binary_cross_entropy")
    assert net.sigma[2].name == "sigmoid" and net.loss.name == "binary_cross_entropy"
    assert Network([2, 3, 1]).loss.name == "squared_error"


def test_same_seed_same_network_and_different_seed_different_network():
    a, b, c = (Network([3, 5, 2], seed=s) for s in (7, 7, 8))
    for k in (1, 2):
        np.testing.assert_array_equal(a.W[k], b.W[k])
    assert not np.array_equal(a.W[1], c.W[1])
    g = Network([3, 5, 2], seed=np.random.default_rng(7))
    np.testing.assert_array_equal(g.W[1], a.W[1])
    Network([3, 5, 2], seed=None)  # fresh entropy is allowed


def test_forward_trace_indexing_and_values():
    net = make_net([3, 4, 2], act="sigmoid", out="identity")
    x = np.array([0.2, -0.4, 1.0])
    trace = net.forward(x)
    assert isinstance(trace, Trace) and trace.L == 2 and not trace.batched
    assert trace.z[0] is None and trace.a[0] is not None
    np.testing.assert_array_equal(trace.a[0], x)
    z1 = net.W[1] @ x + net.b[1]
    a1 = 1 / (1 + np.exp(-z1))
    z2 = net.W[2] @ a1 + net.b[2]
    np.testing.assert_allclose(trace.z[1], z1, rtol=1e-14)
    np.testing.assert_allclose(trace.a[1], a1, rtol=1e-14)
    np.testing.assert_allclose(trace.z[2], z2, rtol=1e-14)
    np.testing.assert_allclose(trace.output, z2, rtol=1e-14)
    assert trace.output is trace.a[2]
    np.testing.assert_array_equal(net.predict(x), trace.output)
    assert "Trace" in repr(trace)


def test_forward_batch_rows_are_the_single_examples():
    net = make_net([3, 4, 4, 2], act="tanh")
    X = np.random.default_rng(0).normal(size=(6, 3))
    trace = net.forward(X)
    assert trace.batched
    for k in range(1, net.L + 1):
        assert trace.z[k].shape == trace.a[k].shape == (6, net.sizes[k])
    for i in range(6):
        single = net.forward(X[i])
        for k in range(1, net.L + 1):
            np.testing.assert_allclose(trace.a[k][i], single.a[k], rtol=1e-13, atol=1e-15)


def test_gradients_index_zero_is_none_everywhere():
    net = make_net([3, 4, 4, 2])
    for batch in (None, 5):
        x, E = make_data(net, batch)
        C, grads = net.backward(net.forward(x), E)
        assert isinstance(grads, Gradients) and isinstance(C, float)
        for lst in (grads.W, grads.b, grads.delta, grads.a):
            assert len(lst) == net.L + 1 and lst[0] is None
            assert all(v is not None for v in lst[1:])
        for k in range(1, net.L + 1):
            assert grads.W[k].shape == net.W[k].shape and grads.b[k].shape == net.b[k].shape
            shape = (net.sizes[k],) if batch is None else (batch, net.sizes[k])
            assert grads.delta[k].shape == grads.a[k].shape == shape
        assert "Gradients" in repr(grads)


def test_backward_is_the_recursion_of_the_course():
    """delta^L = dC/dO * sigma'(z^L); dC/da^{k-1} = (W^k)^T delta^k; delta^k = sigma'(z^k) * dC/da^k;
    dC/dW^k = delta^k (a^{k-1})^T; dC/db^k = delta^k."""
    net = make_net([3, 5, 4, 2], act="sigmoid", out="tanh")
    x, E = make_data(net, None)
    tr = net.forward(x)
    C, g = net.backward(tr, E)
    L = net.L
    assert C == pytest.approx(np.sum((tr.a[L] - E) ** 2), rel=1e-14)
    np.testing.assert_allclose(g.a[L], 2 * (tr.a[L] - E), rtol=1e-14)
    np.testing.assert_allclose(g.delta[L], 2 * (tr.a[L] - E) * (1 - np.tanh(tr.z[L]) ** 2), rtol=1e-13)
    for k in range(L, 0, -1):
        np.testing.assert_allclose(g.W[k], np.outer(g.delta[k], tr.a[k - 1]), rtol=1e-14)
        np.testing.assert_allclose(g.b[k], g.delta[k], rtol=1e-14)
        if k > 1:
            np.testing.assert_allclose(g.a[k - 1], net.W[k].T @ g.delta[k], rtol=1e-13)
            s = 1 / (1 + np.exp(-tr.z[k - 1]))
            np.testing.assert_allclose(g.delta[k - 1], s * (1 - s) * g.a[k - 1], rtol=1e-12)


# ---------------------------------------------------------------- gradients vs finite differences
@pytest.mark.parametrize("act, loss, out, init", GRID, ids=["-".join(str(p) for p in g) for g in GRID])
@pytest.mark.parametrize("batch", [None, 3], ids=["one", "batch3"])
def test_gradients_match_finite_differences(act, loss, out, init, batch):
    net = make_net([3, 4, 2], act=act, out=out, loss=loss, init=init, seed=len(act) + len(init))
    x, E = make_data(net, batch)
    assert_gradients_match(net, x, E)


@pytest.mark.parametrize("act", activations.NAMES)
def test_gradients_of_a_deeper_network_match_finite_differences(act):
    net = make_net([2, 4, 3, 3, 2], act=act, out="identity", seed=3)
    x, E = make_data(net, 4)
    assert_gradients_match(net, x, E)


def test_error_of_the_activated_node_matches_finite_differences():
    """dC/da^k: perturb a^k itself and run the rest of the network from there."""
    net = make_net([3, 4, 3, 2], act="tanh", out="sigmoid", loss="binary_cross_entropy")
    x, E = make_data(net, None)
    tr = net.forward(x)
    _, g = net.backward(tr, E)

    def cost_from(k, a_k):
        a = a_k
        for j in range(k + 1, net.L + 1):
            z = net.W[j] @ a + net.b[j]
            a = net.sigma[j](z)
        return float(net.loss.per_example(z, a, E))

    eps = 1e-6
    for k in range(1, net.L + 1):
        numeric = np.zeros(net.sizes[k])
        for i in range(net.sizes[k]):
            ap, am = tr.a[k].copy(), tr.a[k].copy()
            ap[i] += eps
            am[i] -= eps
            if k == net.L:  # the cost reads z^L: move it so that a^L moves by +-eps
                numeric[i] = (net.loss.per_example(np.log(ap / (1 - ap)), ap, E)
                              - net.loss.per_example(np.log(am / (1 - am)), am, E)) / (2 * eps)
            else:
                numeric[i] = (cost_from(k, ap) - cost_from(k, am)) / (2 * eps)
        assert_close_to_numeric(g.a[k], numeric, f"dC/da^{k}")
        # and delta^k = dC/dz^k = dC/db^k for one example
        np.testing.assert_array_equal(g.delta[k], g.b[k])


# ---------------------------------------------------------------- the batch convention
@pytest.mark.parametrize("loss", losses.NAMES)
def test_batch_cost_is_the_mean_and_gradients_are_the_mean_of_per_example_gradients(loss):
    net = make_net([3, 5, 2], act="leaky_relu", loss=loss)
    X, E = make_data(net, 7)
    C, g = net.backward(net.forward(X), E)
    singles = [net.backward(net.forward(X[i]), E[i]) for i in range(7)]
    assert C == pytest.approx(np.mean([c for c, _ in singles]), rel=1e-14)
    for k in range(1, net.L + 1):
        np.testing.assert_allclose(g.W[k], np.mean([s.W[k] for _, s in singles], axis=0), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(g.b[k], np.mean([s.b[k] for _, s in singles], axis=0), rtol=1e-12, atol=1e-15)
        # delta and dC/da of the batch are those of the MEAN cost: each row is 1/B of the example's
        np.testing.assert_allclose(g.delta[k], np.stack([s.delta[k] for _, s in singles]) / 7, rtol=1e-12)
        np.testing.assert_allclose(g.a[k], np.stack([s.a[k] for _, s in singles]) / 7, rtol=1e-12)
        # dC/dW^k = (delta^k)^T a^{k-1}, summed over the rows
        np.testing.assert_allclose(g.W[k], g.delta[k].T @ net.forward(X).a[k - 1], rtol=1e-13)
        np.testing.assert_allclose(g.b[k], g.delta[k].sum(axis=0), rtol=1e-13)


def test_batch_of_one_equals_the_single_example():
    net = make_net([2, 3, 2])
    x, E = make_data(net, None)
    C1, g1 = net.backward(net.forward(x), E)
    Cb, gb = net.backward(net.forward(x[None]), E[None])
    assert C1 == pytest.approx(Cb, rel=1e-15)
    for k in (1, 2):
        np.testing.assert_allclose(gb.W[k], g1.W[k], rtol=1e-15)
        np.testing.assert_allclose(gb.delta[k][0], g1.delta[k], rtol=1e-15)


def test_loss_scale_scales_the_gradients_not_the_cost():
    net = make_net([3, 4, 2])
    x, E = make_data(net, 4)
    tr = net.forward(x)
    C, g = net.backward(tr, E)
    Cs, gs = net.backward(tr, E, loss_scale=1024.0)
    assert Cs == C
    for k in (1, 2):
        for name in ("W", "b", "delta", "a"):
            np.testing.assert_allclose(getattr(gs, name)[k], 1024 * getattr(g, name)[k], rtol=1e-14)


def test_sgd_step_moves_each_weight_against_its_gradient():
    net = make_net([3, 4, 2])
    x, E = make_data(net, 5)
    before = net.copy()
    C, g = before.backward(before.forward(x), E)
    returned = net.sgd_step(x, E, lr=0.1)
    assert returned == C
    for k in (1, 2):
        np.testing.assert_allclose(net.W[k], before.W[k] - 0.1 * g.W[k], rtol=1e-15)
        np.testing.assert_allclose(net.b[k], before.b[k] - 0.1 * g.b[k], rtol=1e-15)
    assert net.cost(x, E) < C  # a small step downhill lowers the cost


def test_gradients_and_cost_conveniences_agree_with_backward():
    net = make_net([3, 4, 2])
    x, E = make_data(net, 3)
    C, g = net.gradients(x, E)
    C2, g2 = net.backward(net.forward(x), E)
    assert C == C2 == net.cost(x, E)
    np.testing.assert_array_equal(g.W[1], g2.W[1])


# ---------------------------------------------------------------- copies, dtypes, from_weights
def test_copy_is_independent():
    net = make_net([2, 3, 1])
    twin = net.copy()
    twin.W[1][0, 0] += 1.0
    twin.b[1][0] += 1.0
    assert net.W[1][0, 0] != twin.W[1][0, 0] and net.b[1][0] != twin.b[1][0]
    assert twin.sizes == net.sizes and twin.loss is net.loss and twin.dtype == net.dtype


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("loss", losses.NAMES)
@pytest.mark.parametrize("batch", [None, 4])
def test_every_dtype_works_end_to_end(dtype, loss, batch):
    net = make_net([3, 5, 2], act="tanh", loss=loss, dtype=dtype)
    ref = net.astype(np.float64)
    x, E = make_data(ref, batch)
    assert net.dtype == dtype and all(net.W[k].dtype == dtype and net.b[k].dtype == dtype for k in (1, 2))
    tr = net.forward(x)  # float64 inputs are cast to the network's dtype
    C, g = net.backward(tr, E)
    assert isinstance(C, float) and np.isfinite(C)
    for k in (1, 2):
        for arr in (tr.z[k], tr.a[k], g.W[k], g.b[k], g.delta[k], g.a[k]):
            assert arr.dtype == dtype
    assert tr.a[0].dtype == dtype
    C64, g64 = ref.backward(ref.forward(x), E)
    tol = {np.float16: 2e-2, np.float32: 1e-5, np.float64: 1e-14}[dtype]
    assert C == pytest.approx(C64, rel=tol, abs=tol)
    for k in (1, 2):
        np.testing.assert_allclose(g.W[k].astype(np.float64), g64.W[k], rtol=tol, atol=tol)
    C_before = net.sgd_step(x, E, 0.05)
    assert all(net.W[k].dtype == dtype for k in (1, 2))
    assert net.cost(x, E) < C_before
    assert net.predict(x).dtype == dtype


def test_astype_converts_and_copies():
    net = make_net([2, 3, 1])
    half = net.astype(np.float16)
    assert half.dtype == np.float16 and half.W[1].dtype == np.float16
    assert net.W[1].dtype == np.float64
    np.testing.assert_allclose(half.W[1], net.W[1], rtol=1e-3)


def test_integer_and_list_inputs_are_accepted():
    net = make_net([2, 3, 1])
    np.testing.assert_allclose(net.predict([1, 0]), net.predict(np.array([1.0, 0.0])))
    assert net.cost([[1, 0], [0, 1]], [[1], [0]]) == pytest.approx(
        net.cost(np.eye(2), np.array([[1.0], [0.0]])))


def test_from_weights_builds_exactly_the_given_network():
    W = [None, [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]], np.array([[1.0, -1.0, 0.5]])]
    b = [None, [0.0, 0.1, -0.1], np.array([0.2])]
    net = Network.from_weights(W, b, activation="sigmoid", output_activation="identity")
    assert net.sizes == [2, 3, 1] and net.L == 2 and net.W[0] is None and net.b[0] is None
    np.testing.assert_array_equal(net.W[1], np.array(W[1]))
    x = np.array([1.0, 2.0])
    a1 = 1 / (1 + np.exp(-(np.array(W[1]) @ x + b[1])))
    assert float(net.predict(x)[0]) == pytest.approx(float((W[2] @ a1)[0] + b[2][0]), rel=1e-14)
    # the weights were copied
    W[2][0, 0] = 99.0
    assert net.W[2][0, 0] == 1.0
    f32 = Network.from_weights(W, b, dtype=np.float32)
    assert f32.W[2].dtype == np.float32 and f32.b[1].dtype == np.float32


# ---------------------------------------------------------------- property-based
@st.composite
def architectures(draw):
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    loss = draw(st.sampled_from(losses.NAMES))
    act = draw(st.sampled_from(activations.NAMES))
    out = {"binary_cross_entropy": "sigmoid", "cross_entropy": "softmax"}.get(loss) or draw(
        st.sampled_from(activations.OUTPUT_NAMES))
    if loss == "cross_entropy":  # at least two classes
        sizes[-1] = max(2, sizes[-1])
    # a ReLU output whose z^L is exactly 0 sits on the kink; nonzero random biases avoid that
    init = draw(st.sampled_from(initializers.NAMES))
    batch = draw(st.one_of(st.none(), st.integers(1, 4)))
    seed = draw(st.integers(0, 2**16))
    return sizes, act, out, loss, init, batch, seed


@settings(max_examples=40, deadline=None)
@given(architectures())
def test_property_gradients_match_finite_differences_for_random_architectures(arch):
    sizes, act, out, loss, init, batch, seed = arch
    net = make_net(sizes, act=act, out=out, loss=loss, init=init, seed=seed)
    x, E = make_data(net, batch, seed=seed + 1)
    tr = net.forward(x)
    # stay clear of the ReLU kinks: no |z| within 1e-4 of 0 for the finite differences
    if act in ("relu", "leaky_relu") or out in ("relu", "leaky_relu"):
        if min(np.min(np.abs(tr.z[k])) for k in range(1, net.L + 1)) < 1e-4:
            return
    C, g = assert_gradients_match(net, x, E)
    B = 1 if batch is None else batch
    assert C == pytest.approx(np.mean(net.loss.per_example(tr.z[-1], tr.a[-1], np.asarray(E))), rel=1e-14)
    for k in range(1, net.L + 1):
        lead = () if batch is None else (B,)
        assert tr.z[k].shape == tr.a[k].shape == g.delta[k].shape == g.a[k].shape == lead + (sizes[k],)
        assert g.W[k].shape == (sizes[k], sizes[k - 1])


@settings(max_examples=30, deadline=None)
@given(architectures(), st.sampled_from(DTYPES))
def test_property_shapes_and_dtypes_for_random_architectures(arch, dtype):
    sizes, act, out, loss, init, batch, seed = arch
    net = make_net(sizes, act=act, out=out, loss=loss, init=init, seed=seed, dtype=dtype)
    x, E = make_data(net, batch, seed=seed)
    tr = net.forward(x)
    C, g = net.backward(tr, E)
    assert isinstance(C, float)
    lead = () if batch is None else (batch,)
    for k in range(net.L + 1):
        assert tr.a[k].shape == lead + (sizes[k],) and tr.a[k].dtype == dtype
    for k in range(1, net.L + 1):
        assert g.W[k].dtype == g.b[k].dtype == g.delta[k].dtype == dtype


# ---------------------------------------------------------------- saturation
SAT_CASES = [
    (act, loss, out)
    for act in activations.NAMES
    for loss in losses.NAMES
    if loss != "cross_entropy"  # one output unit here; the softmax at +-1000 is tested at the end
    for out in (["sigmoid"] if loss == "binary_cross_entropy" else activations.NAMES)
]


@pytest.mark.parametrize("act, loss, out", SAT_CASES, ids=["-".join(c) for c in SAT_CASES])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_pre_activations_of_magnitude_1000_give_finite_costs_and_gradients_without_warnings(act, loss, out, dtype):
    # hidden z = +-1000 and +-500 for every activation; the output z is about +-1000 too
    out_scale = 1000.0 if act in ("sigmoid", "tanh") else 1.0
    W = [None, np.array([[1000.0, -1000.0], [500.0, 500.0]]), np.array([[1.0, -1.0]]) * out_scale]
    b = [None, np.zeros(2), np.zeros(1)]
    x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5]])
    E = np.array([[0.0], [1.0], [0.5], [1.0]])
    for sign in (1.0, -1.0):
        net = Network.from_weights([None, sign * W[1], sign * W[2]], b, activation=act,
                                   output_activation=out, loss=loss, dtype=dtype)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                tr = net.forward(x)
                C, g = net.backward(tr, E)
                C1, g1 = net.backward(net.forward(x[0]), E[0])
                net.sgd_step(x, E, 1e-3)
        assert max(np.max(np.abs(tr.z[k])) for k in (1, 2)) >= 500
        assert np.isfinite(C) and np.isfinite(C1)
        for grads in (g, g1):
            for lst in (grads.W, grads.b, grads.delta, grads.a):
                for k in (1, 2):
                    assert np.isfinite(lst[k]).all()


def test_cross_entropy_cost_is_exact_when_the_sigmoid_has_saturated():
    # z^L = 1000 with target 0: the cost is softplus(1000) = 1000, not inf
    net = Network.from_weights([None, np.array([[1000.0]])], [None, np.zeros(1)], loss="binary_cross_entropy")
    assert net.cost([1.0], [0.0]) == pytest.approx(1000.0)
    assert net.cost([1.0], [1.0]) == pytest.approx(0.0, abs=1e-300)
    C, g = net.gradients([1.0], [0.0])
    np.testing.assert_allclose(g.delta[1], [1.0])  # O - E


# ---------------------------------------------------------------- bad input
def _net():
    return Network([2, 3, 1])


def _bce():
    return Network([2, 3, 1], loss="binary_cross_entropy")


def _trace():
    return _net().forward([0.1, 0.2])


BAD = {
    # sizes
    "sizes not a list": (lambda: Network(3), TypeError, ["sizes", "list"]),
    "sizes a string": (lambda: Network("2,3"), TypeError, ["sizes"]),
    "sizes empty": (lambda: Network([]), ValueError, ["sizes", "at least two"]),
    "sizes too short": (lambda: Network([4]), ValueError, ["sizes", "at least two"]),
    "size non-integer": (lambda: Network([2, 3.5, 1]), TypeError, ["sizes[1]", "positive integer"]),
    "size float-valued": (lambda: Network([2.0, 3, 1]), TypeError, ["sizes[0]", "positive integer"]),
    "size bool": (lambda: Network([2, True, 1]), TypeError, ["sizes[1]", "positive integer"]),
    "size string": (lambda: Network([2, "3", 1]), TypeError, ["sizes[1]", "positive integer"]),
    "size zero": (lambda: Network([2, 0, 1]), ValueError, ["sizes[1]", "positive integer"]),
    "size negative": (lambda: Network([2, 3, -1]), ValueError, ["sizes[2]", "positive integer"]),
    # names
    "unknown activation": (lambda: Network([2, 1], activation="softmax"), ValueError,
                           ["activation", *activations.NAMES]),
    "unknown output activation": (lambda: Network([2, 1], output_activation="swish"), ValueError,
                                  ["activation", *activations.NAMES]),
    "activation not a name": (lambda: Network([2, 1], activation=3), TypeError, ["activation", "tanh"]),
    "unknown loss": (lambda: Network([2, 1], loss="mse"), ValueError, ["loss", *losses.NAMES]),
    "loss not a name": (lambda: Network([2, 1], loss=None), TypeError, ["loss", "squared_error"]),
    "unknown init": (lambda: Network([2, 1], init="glorot"), ValueError, ["init", *initializers.NAMES]),
    "init not a name": (lambda: Network([2, 1], init=0), TypeError, ["init", "he_normal"]),
    "cross-entropy without sigmoid": (lambda: Network([2, 1], loss="binary_cross_entropy", output_activation="tanh"),
                                      ValueError, ["output_activation", "sigmoid"]),
    # dtype, seed
    "dtype int": (lambda: Network([2, 1], dtype=np.int32), ValueError, ["dtype", "float16, float32, float64"]),
    "dtype string": (lambda: Network([2, 1], dtype="double-ish"), ValueError, ["dtype", "float32"]),
    "dtype complex": (lambda: Network([2, 1], dtype=np.complex128), ValueError, ["dtype", "float64"]),
    "astype bad dtype": (lambda: _net().astype("int8"), ValueError, ["dtype", "float16"]),
    "seed negative": (lambda: Network([2, 1], seed=-1), (TypeError, ValueError), ["seed", "non-negative integer"]),
    "seed float": (lambda: Network([2, 1], seed=1.5), (TypeError, ValueError), ["seed", "integer"]),
    "seed string": (lambda: Network([2, 1], seed="0"), (TypeError, ValueError), ["seed", "integer"]),
    # x
    "x wrong width": (lambda: _net().forward([1.0, 2.0, 3.0]), ValueError, ["x", "shape", "(2,)", "(batch, 2)", "(3,)"]),
    "x batch wrong width": (lambda: _net().forward(np.zeros((4, 3))), ValueError, ["x", "(batch, 2)", "(4, 3)"]),
    "x 3-d": (lambda: _net().forward(np.zeros((2, 2, 2))), ValueError, ["x", "(batch, 2)", "(2, 2, 2)"]),
    "x scalar": (lambda: _net().forward(1.0), ValueError, ["x", "(2,)"]),
    "x empty batch": (lambda: _net().forward(np.zeros((0, 2))), ValueError, ["x", "at least one example"]),
    "x strings": (lambda: _net().forward(["a", "b"]), TypeError, ["x", "numbers"]),
    "x ragged": (lambda: _net().forward([[1.0, 2.0], [3.0]]), TypeError, ["x", "numbers"]),
    "x objects": (lambda: _net().forward([None, 1.0]), TypeError, ["x", "numbers"]),
    "x complex": (lambda: _net().forward(np.array([1j, 1.0])), TypeError, ["x", "numbers"]),
    "x NaN": (lambda: _net().forward([np.nan, 1.0]), ValueError, ["x", "finite"]),
    "x inf": (lambda: _net().forward([[1.0, 2.0], [np.inf, 0.0]]), ValueError, ["x", "finite"]),
    "x beyond float16": (lambda: _net().astype(np.float16).forward([1e6, 0.0]), ValueError, ["x", "finite", "float16"]),
    "predict bad x": (lambda: _net().predict([1.0]), ValueError, ["x", "(2,)"]),
    "cost bad x": (lambda: _net().cost([1.0], [1.0]), ValueError, ["x", "(2,)"]),
    "sgd_step bad x": (lambda: _net().sgd_step([np.nan, 1.0], [1.0], 0.1), ValueError, ["x", "finite"]),
    # E
    "E wrong shape": (lambda: _net().gradients([0.1, 0.2], [1.0, 2.0]), ValueError, ["E", "shape", "(1,)", "(2,)"]),
    "E wrong ndim": (lambda: _net().gradients([0.1, 0.2], [[1.0]]), ValueError, ["E", "(1,)", "(1, 1)"]),
    "E wrong batch size": (lambda: _net().gradients(np.zeros((3, 2)), np.zeros((2, 1))), ValueError,
                           ["E", "(3, 1)", "(2, 1)"]),
    "E scalar": (lambda: _net().gradients([0.1, 0.2], 1.0), ValueError, ["E", "(1,)", "()"]),
    "E strings": (lambda: _net().gradients([0.1, 0.2], ["x"]), TypeError, ["E", "numbers"]),
    "E NaN": (lambda: _net().gradients([0.1, 0.2], [np.nan]), ValueError, ["E", "finite"]),
    "E inf": (lambda: _net().cost([0.1, 0.2], [-np.inf]), ValueError, ["E", "finite"]),
    "E above 1 for cross-entropy": (lambda: _bce().gradients([0.1, 0.2], [1.5]), ValueError, ["E", "[0, 1]", "1.5"]),
    "E below 0 for cross-entropy": (lambda: _bce().cost(np.zeros((2, 2)), [[0.5], [-0.2]]), ValueError,
                                    ["E", "[0, 1]", "-0.2"]),
    "sgd_step E NaN": (lambda: _net().sgd_step([0.1, 0.2], [np.nan], 0.1), ValueError, ["E", "finite"]),
    # backward's other arguments
    "trace not a Trace": (lambda: _net().backward({"a": []}, [1.0]), TypeError, ["trace", "forward"]),
    "trace of another network": (lambda: Network([3, 1]).backward(_trace(), [1.0]), TypeError, ["trace", "forward"]),
    "loss_scale zero": (lambda: _net().backward(_trace(), [1.0], loss_scale=0), ValueError, ["loss_scale", "positive"]),
    "loss_scale inf": (lambda: _net().backward(_trace(), [1.0], loss_scale=np.inf), ValueError, ["loss_scale", "finite"]),
    "loss_scale bool": (lambda: _net().backward(_trace(), [1.0], loss_scale=True), (TypeError, ValueError), ["loss_scale"]),
    "loss_scale string": (lambda: _net().backward(_trace(), [1.0], loss_scale="2"), (TypeError, ValueError),
                          ["loss_scale", "number"]),
    # lr
    "lr zero": (lambda: _net().sgd_step([0.1, 0.2], [1.0], 0), ValueError, ["lr", "positive"]),
    "lr negative": (lambda: _net().sgd_step([0.1, 0.2], [1.0], -0.1), ValueError, ["lr", "positive"]),
    "lr NaN": (lambda: _net().sgd_step([0.1, 0.2], [1.0], float("nan")), ValueError, ["lr", "finite"]),
    "lr string": (lambda: _net().sgd_step([0.1, 0.2], [1.0], "0.1"), (TypeError, ValueError), ["lr", "number"]),
    "lr bool": (lambda: _net().sgd_step([0.1, 0.2], [1.0], True), (TypeError, ValueError), ["lr"]),
    # from_weights
    "from_weights W not a list": (lambda: Network.from_weights(np.ones((3, 2)), [None, np.zeros(3)]), TypeError,
                                  ["W", "list"]),
    "from_weights W[0] not None": (lambda: Network.from_weights([np.ones((3, 2))], [None]), ValueError,
                                   ["W", "[None, W1, ..., WL]"]),
    "from_weights empty": (lambda: Network.from_weights([], []), ValueError, ["W", "[None, W1, ..., WL]"]),
    "from_weights b not a list": (lambda: Network.from_weights([None, np.ones((3, 2))], np.zeros(3)), TypeError,
                                  ["b", "list"]),
    "from_weights layer counts differ": (lambda: Network.from_weights([None, np.ones((3, 2))], [None, np.zeros(3), np.zeros(1)]),
                                         ValueError, ["W and b", "same number of layers"]),
    "from_weights W[k] a vector": (lambda: Network.from_weights([None, np.ones(3)], [None, np.zeros(3)]), ValueError,
                                   ["W[1]", "matrix"]),
    "from_weights W[k] empty": (lambda: Network.from_weights([None, np.ones((3, 0))], [None, np.zeros(3)]), ValueError,
                                ["W[1]", "matrix"]),
    "from_weights shapes do not chain": (lambda: Network.from_weights([None, np.ones((3, 2)), np.ones((1, 4))],
                                                                      [None, np.zeros(3), np.zeros(1)]),
                                         ValueError, ["W[2]", "(n_2, 3)", "(1, 4)"]),
    "from_weights b[k] wrong shape": (lambda: Network.from_weights([None, np.ones((3, 2))], [None, np.zeros(2)]),
                                      ValueError, ["b[1]", "(3,)", "(2,)"]),
    "from_weights W[k] None": (lambda: Network.from_weights([None, None], [None, np.zeros(3)]), TypeError,
                               ["W[1]", "numbers"]),
    "from_weights W[k] NaN": (lambda: Network.from_weights([None, np.full((1, 2), np.nan)], [None, np.zeros(1)]),
                              ValueError, ["W[1]", "finite"]),
    "from_weights b[k] strings": (lambda: Network.from_weights([None, np.ones((1, 2))], [None, ["x"]]), TypeError,
                                  ["b[1]", "numbers"]),
    "from_weights bad loss": (lambda: Network.from_weights([None, np.ones((1, 2))], [None, np.zeros(1)], loss="l1"),
                              ValueError, ["loss", "squared_error"]),
    "from_weights bad dtype": (lambda: Network.from_weights([None, np.ones((1, 2))], [None, np.zeros(1)], dtype=int),
                               ValueError, ["dtype", "float64"]),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_input_raises_an_error_naming_the_argument_and_what_was_expected(case):
    call, exc, fragments = BAD[case]
    with pytest.raises(exc) as err:
        call()
    message = str(err.value)
    assert not isinstance(err.value, (IndexError, KeyError, AttributeError))
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"


def test_bad_input_never_surfaces_as_a_numpy_broadcasting_error():
    net = Network([3, 4, 2])
    for x, E in itertools.product([np.zeros(2), np.zeros((5, 4)), np.zeros((5, 3))], [np.zeros(3), np.zeros((4, 2))]):
        try:
            net.gradients(x, E)
        except (ValueError, TypeError) as err:
            assert not re.search("broadcast|operands could not", str(err)), str(err)
            assert re.search(r"\b(x|E)\b", str(err))


@pytest.mark.parametrize("call, name", [
    (lambda: Network([2, 1], dtype=np.float16).forward([1e6, 0.0]), "x"),
    (lambda: Network([2, 1], dtype=np.float16).cost([0.0, 0.0], [1e6]), "E"),
    (lambda: Network([2, 1], dtype=np.float32).forward([1e300, 0.0]), "x"),
    (lambda: Network.from_weights([None, [[1e6, 0.0]]], [None, [0.0]], dtype=np.float16), "W[1]"),
    (lambda: Network.from_weights([None, [[1.0, 0.0]]], [None, [1e6]], dtype=np.float16), "b[1]"),
])
def test_values_too_large_for_the_dtype_are_reported_without_a_numpy_overflow_warning(call, name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=re.escape(name) + " must contain only finite numbers"):
            call()


# ---------------------------------------------------------------------------------- the single steps
def test_the_passes_are_their_steps_repeated_bit_for_bit():
    net = Network([3, 5, 4, 2], activation="sigmoid", seed=6)
    x = np.random.default_rng(0).standard_normal((6, 3))
    E = np.random.default_rng(1).standard_normal((6, 2))
    trace = net.forward(x)
    a = x
    for k in range(1, net.L + 1):
        z, a = net.forward_step(k, a)
        assert np.array_equal(z, trace.z[k]) and np.array_equal(a, trace.a[k])
    C, grads = net.backward(trace, E, loss_scale=4.0)
    dC_da, delta = net.output_errors(trace.z[3], trace.a[3], E, 4.0 / 6)
    assert np.array_equal(delta, grads.delta[3]) and np.array_equal(dC_da, grads.a[3])
    for k in range(net.L, 0, -1):
        dW, db, dC_da, delta = net.backward_step(k, delta, trace.z[k - 1], trace.a[k - 1])
        assert np.array_equal(dW, grads.W[k]) and np.array_equal(db, grads.b[k])
        if k > 1:
            assert np.array_equal(dC_da, grads.a[k - 1]) and np.array_equal(delta, grads.delta[k - 1])
            # without z^{k-1} the step stops at dC/da^{k-1}; linear_error finishes it
            *_, none = net.backward_step(k, grads.delta[k], None, trace.a[k - 1])
            assert none is None
            assert np.array_equal(net.linear_error(k - 1, dC_da, trace.z[k - 1], trace.a[k - 1]), delta)
        else:
            assert dC_da is None and delta is None
    buffers = (np.empty_like(net.W[2]), np.empty_like(net.b[2]))
    dW, db, _, _ = net.backward_step(2, grads.delta[2], trace.z[1], trace.a[1], out=buffers)
    assert dW is buffers[0] and db is buffers[1] and np.array_equal(dW, grads.W[2])
    with pytest.raises(ValueError, match="k"):
        net.forward_step(0, x)
    with pytest.raises(ValueError, match="k"):
        net.backward_step(4, grads.delta[3], trace.z[2], trace.a[2])


def test_first_layers_is_the_shallower_network_sharing_the_weights():
    net = Network([3, 5, 5, 5, 2], activation="tanh", output_activation="sigmoid", seed=2)
    two = net.first_layers(2)
    assert two.sizes == [3, 5, 5] and two.L == 2 and two.sigma[2].name == "identity" and two.sigma[1].name == "tanh"
    assert all(two.W[k] is net.W[k] and two.b[k] is net.b[k] for k in (1, 2))
    x = np.ones((4, 3))
    assert np.array_equal(two.forward(x).z[2], net.forward(x).z[2])
    assert net.first_layers(4, None).output_activation.name == "tanh"
    with pytest.raises(ValueError, match="L"):
        net.first_layers(5)
    with pytest.raises(TypeError, match="L"):
        net.first_layers(1.5)


def _layerwise_sgd_step(net, x, E, lr):
    """W^k <- W^k - lr dC/dW^k and b^k <- b^k - lr dC/db^k, layer by layer, as the text writes it."""
    C, g = net.gradients(x, E)
    for k in range(1, net.L + 1):
        net.W[k] -= lr * g.W[k]
        net.b[k] -= lr * g.b[k]
    return C


@pytest.mark.parametrize("batch", [None, 5])
@pytest.mark.parametrize("dtype", DTYPES)
def test_sgd_step_updates_the_flat_parameters_exactly_as_layer_by_layer(dtype, batch):
    """sgd_step updates all layers at once through the flat array under W and b: the same bits as
    the per-layer update, also when a layer's array was replaced, on a deep copy and on the
    shallower network that shares the first layers."""
    net = Network([3, 6, 5, 2], activation="tanh", seed=3, dtype=dtype)
    x = np.random.default_rng(0).standard_normal((batch, 3) if batch else 3)
    E = np.random.default_rng(1).standard_normal((batch, 2) if batch else 2) * 0.5
    replaced = net.copy()
    replaced.W[2] = replaced.W[2].copy()  # no longer a view of the flat array: the per-layer update
    copied = copy.deepcopy(net)  # its arrays are no views either
    twin = net.copy()
    for _ in range(3):
        C = net.sgd_step(x, E, 0.1)
        assert C == _layerwise_sgd_step(twin, x, E, 0.1)
        assert replaced.sgd_step(x, E, 0.1) == C and copied.sgd_step(x, E, 0.1) == C
    for other in (twin, replaced, copied):
        for k in range(1, net.L + 1):
            assert np.array_equal(other.W[k], net.W[k]) and np.array_equal(other.b[k], net.b[k])
    two, two_twin = net.first_layers(2), twin.first_layers(2)
    x2, E2 = x, np.ones((batch, 5) if batch else 5)
    assert two.sgd_step(x2, E2, 0.1) == _layerwise_sgd_step(two_twin, x2, E2, 0.1)
    for k in (1, 2):
        assert two.W[k] is net.W[k] and np.array_equal(net.W[k], twin.W[k])
# ---------------------------------------------------------------- softmax output + cross-entropy
def test_softmax_cross_entropy_network_defaults_and_rejections():
    net = Network([4, 5, 3], output_activation="softmax", loss="cross_entropy")
    assert net.sigma[2].name == "softmax" and net.loss.name == "cross_entropy"
    assert Network([4, 5, 3], loss="cross_entropy").sigma[2].name == "softmax"  # required, so the default
    with pytest.raises(ValueError, match="activation.*one number at a time"):
        Network([4, 5, 3], activation="softmax")
    with pytest.raises(ValueError, match="output_activation must be 'softmax'"):
        Network([4, 5, 3], output_activation="sigmoid", loss="cross_entropy")


@pytest.mark.parametrize("batch", [None, 4])
@pytest.mark.parametrize("act", activations.NAMES)
def test_softmax_cross_entropy_gradients_match_finite_differences(act, batch):
    net = make_net([3, 4, 4, 3], act=act, out="softmax", loss="cross_entropy", seed=5)
    x, E = make_data(net, batch)
    C, g = assert_gradients_match(net, x, E)
    O = net.forward(x).output
    np.testing.assert_allclose(O.sum(axis=-1), 1.0, rtol=1e-14)
    np.testing.assert_allclose(g.delta[net.L], (O - E) / (1 if batch is None else batch), rtol=1e-14)
    # with one-hot labels too
    E1 = np.eye(3)[np.arange(4) % 3] if batch else np.eye(3)[1]
    assert_gradients_match(net, x, E1)


def test_softmax_output_with_squared_error_backpropagates_through_the_jacobian():
    net = make_net([3, 4, 3], out="softmax", loss="squared_error", seed=2)
    x, E = make_data(net, 5)
    assert_gradients_match(net, x, E)


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_cross_entropy_at_logits_of_plus_minus_1000_stays_finite(dtype):
    W1 = np.array([[1000.0, 0.0], [-1000.0, 0.0], [0.0, 1.0]])
    net = Network.from_weights([None, W1], [None, np.zeros(3)], output_activation="softmax",
                               loss="cross_entropy", dtype=dtype)
    x = np.array([[1.0, 0.0], [-1.0, 0.0]])
    E = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])  # both confidently wrong
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            tr = net.forward(x)
            C, g = net.backward(tr, E)
    assert C == pytest.approx((2000.0 + 1000.0) / 2, rel=1e-3)  # -log O_E = z_max - z_E per example
    for arr in (tr.a[1], g.W[1], g.b[1], g.delta[1], g.a[1]):
        assert np.isfinite(arr).all() and arr.dtype == dtype
    np.testing.assert_allclose(g.delta[1].astype(np.float64), (tr.a[1] - E) / 2, atol=1e-3)
    net.sgd_step(x, E, 1e-3)
    assert np.isfinite(net.W[1]).all()


@pytest.mark.parametrize("bad, fragment", [
    ([0.2, 0.2, 0.2], "sum to 1"),
    ([1.2, -0.2, 0.0], "negative"),
    ([0.5, 0.5], "shape"),
])
def test_softmax_cross_entropy_bad_targets_are_a_value_error_naming_E(bad, fragment):
    net = Network([2, 3], output_activation="softmax", loss="cross_entropy")
    with pytest.raises(ValueError, match=r"^E ") as err:
        net.backward(net.forward(np.array([0.1, 0.2])), np.array(bad))
    assert fragment in str(err.value)
    with pytest.raises(ValueError, match=r"^E "):
        net.cost(np.array([[0.1, 0.2]]), np.array([bad]))
