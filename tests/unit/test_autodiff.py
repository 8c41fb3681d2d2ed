"""backprop_lib.autodiff: the reverse-mode engine equals Network.backward, handles graphs that are
not layered networks (skip connections, shared weights), and counts its cost exactly."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_lib import Network, activations, autodiff as ad, gradcheck
from backprop_lib.explorers import running_example as rx


def _data(net, batch, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.5, 1.5, (batch, net.sizes[0]))
    if net.loss.name == "squared_error":
        E = rng.uniform(-1, 1, (batch, net.sizes[-1]))
    else:
        E = rng.uniform(0, 1, (batch, net.sizes[-1]))
        if net.loss.name == "cross_entropy":
            E /= E.sum(axis=1, keepdims=True)
    return x, E


def _assert_equal_to_backward(net, x, E):
    C_ref, g = net.backward(net.forward(x), E)
    C, dW, db = ad.network_gradients(net, x, E)
    assert C == pytest.approx(C_ref, rel=1e-13)
    for k in range(1, net.L + 1):
        np.testing.assert_allclose(dW[k], g.W[k], rtol=1e-11, atol=1e-14)
        np.testing.assert_allclose(db[k], g.b[k], rtol=1e-11, atol=1e-14)
        assert dW[k].shape == net.W[k].shape and db[k].shape == net.b[k].shape


def test_engine_equals_network_backward_on_the_running_example():
    net = Network.from_weights([None, rx.W1, rx.W2], [None, rx.B1, rx.B2], activation="tanh")
    C_ref, g = net.backward(net.forward(rx.X), rx.E)
    C, dW, db = ad.network_gradients(net, rx.X, rx.E)
    assert C == pytest.approx(C_ref, rel=1e-14)
    assert dW[0] is None and db[0] is None
    for k in (1, 2):
        np.testing.assert_allclose(dW[k], g.W[k], rtol=1e-13)
        np.testing.assert_allclose(db[k], g.b[k], rtol=1e-13)
    assert abs(dW[2][0, 0] - (-0.8737)) < 5e-5  # the weight-gradients chapter's number


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=2, max_size=5), st.sampled_from(activations.NAMES),
       st.sampled_from(["squared_error", "binary_cross_entropy", "cross_entropy"]),
       st.integers(1, 5), st.integers(0, 2**16))
def test_engine_equals_network_backward_on_random_networks(sizes, act, loss, batch, seed):
    if loss == "cross_entropy":
        sizes[-1] = max(2, sizes[-1])
    out = {"binary_cross_entropy": "sigmoid", "cross_entropy": "softmax"}.get(loss, "identity")
    net = Network(sizes, activation=act, output_activation=out, loss=loss, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for k in range(1, net.L + 1):
        net.b[k][...] = rng.uniform(-0.5, 0.5, net.b[k].shape)
    x, E = _data(net, batch, seed)
    _assert_equal_to_backward(net, x, E)


def test_one_example_without_a_batch_axis():
    net = Network([3, 4, 2], seed=1)
    x, E = _data(net, 1, 3)
    _assert_equal_to_backward(net, x[0], E[0])


def test_fan_out_adds_the_errors_of_every_use():
    w = ad.Tensor(np.array([2.0, -1.0]), name="w")
    x = ad.Tensor(np.array([0.5, 3.0]), name="x")
    c = ad.sum(w * x + w * w)  # w used three times
    c.backward()
    np.testing.assert_allclose(w.grad, x.value + 2 * w.value)
    np.testing.assert_allclose(x.grad, w.value)
    c.backward()  # a second backward pass starts afresh: same numbers, not doubled
    np.testing.assert_allclose(w.grad, x.value + 2 * w.value)
    assert "w" in repr(w) and w.shape == (2,)


def test_skip_connection_and_shared_weight_match_finite_differences():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(3, 3))
    V = rng.normal(size=(2, 3))
    x = rng.normal(size=(4, 3))
    E = np.eye(2)[[0, 1, 1, 0]]

    def graph(Wv, Vv):
        Wt, Vt = ad.Tensor(Wv, name="W"), ad.Tensor(Vv, name="V")
        h1 = ad.tanh(x @ Wt.T)
        h2 = ad.tanh(h1 @ Wt.T) + h1     # the same W again (shared), and a skip connection
        return ad.softmax_cross_entropy(h2 @ Vt.T, E), Wt, Vt

    C, Wt, Vt = graph(W, V)
    C.backward()
    numW = gradcheck.numerical_gradient(lambda M: float(graph(M, V)[0].value), W.copy())
    numV = gradcheck.numerical_gradient(lambda M: float(graph(W, M)[0].value), V.copy())
    np.testing.assert_allclose(Wt.grad, numW, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(Vt.grad, numV, rtol=1e-6, atol=1e-9)


def test_every_operation_matches_central_differences():
    rng = np.random.default_rng(4)
    A0 = rng.uniform(0.5, 1.5, (3, 4))
    B0 = rng.normal(size=(4, 2))
    c0 = rng.normal(size=(2,))
    ops = {
        "matmul+add": lambda A, B: ad.sum(ad.square(A @ B + c0)),
        "sub/neg/mul": lambda A, B: ad.sum(ad.neg(A - 1.0) * A) + ad.mean(B * 3.0),
        "exp/log": lambda A, B: ad.sum(ad.log(A) * ad.exp(A * 0.3)) + ad.sum(B.T @ A.T),
        "activations": lambda A, B: ad.sum(ad.relu(A - 1.0) + ad.sigmoid(A), axis=None) + ad.sum(ad.tanh(B)),
        "mean axis": lambda A, B: ad.sum(ad.square(ad.mean(A, axis=0))) + ad.sum(ad.sum(B, axis=1) * 2.0),
        "rsub/radd/rmatmul": lambda A, B: ad.sum(1.0 - A + 2.0) + ad.sum(np.ones((2, 3)) @ A),
    }
    for name, f in ops.items():
        A, B = ad.Tensor(A0.copy()), ad.Tensor(B0.copy())
        out = f(A, B)
        out.backward()
        numA = gradcheck.numerical_gradient(lambda M: float(f(ad.Tensor(M), ad.Tensor(B0)).value), A0.copy())
        numB = gradcheck.numerical_gradient(lambda M: float(f(ad.Tensor(A0), ad.Tensor(M)).value), B0.copy())
        gA = A.grad if A.grad is not None else np.zeros_like(A0)
        gB = B.grad if B.grad is not None else np.zeros_like(B0)
        np.testing.assert_allclose(gA, numA, rtol=1e-6, atol=1e-8, err_msg=name)
        np.testing.assert_allclose(gB, numB, rtol=1e-6, atol=1e-8, err_msg=name)


def test_topological_order_puts_every_node_after_its_parents_and_handles_deep_graphs():
    x = ad.Tensor(np.array([0.5]))
    y = x
    for _ in range(3000):  # deeper than Python's recursion limit
        y = ad.tanh(y) + x
    order = ad.topological_order(y)
    position = {id(n): i for i, n in enumerate(order)}
    assert all(position[id(p)] < position[id(n)] for n in order for p in n.parents)
    assert order[-1] is y
    ad.sum(y).backward()
    assert np.isfinite(x.grad).all()


def test_backward_costs_about_two_forward_passes_and_finite_differences_2P():
    rows = ad.cost_table(widths=(4, 16, 64), depth=3, batch=16)
    for P, fwd, bwd, fd in rows:
        assert 1.5 <= bwd / fwd <= 2.2
        assert fd == 2 * P * fwd
    assert rows[-1][3] / rows[-1][2] > 1000  # finite differences: thousands of times dearer
    # the forward multiply-adds are those of the matrix products, B * sum n_k n_{k-1}, plus a little
    net = Network([8, 4, 4, 4, 4], seed=0)
    mults = 16 * sum(net.sizes[k] * net.sizes[k - 1] for k in range(1, 5))
    assert mults <= rows[0][1] <= 1.3 * mults


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="grad"):
        ad.Tensor(np.ones(3)).backward()
    with pytest.raises(ValueError, match="grad must have"):
        ad.sum(ad.Tensor(np.ones(3))).backward(np.ones(2))
    with pytest.raises(TypeError, match="value"):
        ad.Tensor("abc")
    with pytest.raises(ValueError, match="finite"):
        ad.Tensor([1.0, np.nan], name="x")
    with pytest.raises(ValueError, match="one number at a time"):
        ad.activation(ad.Tensor(np.ones(3)), "softmax")
    with pytest.raises(ValueError, match="E must have"):
        ad.softmax_cross_entropy(ad.Tensor(np.ones((2, 3))), np.ones((2, 2)))
    with pytest.raises(TypeError, match="net"):
        ad.network_gradients("net", np.ones(2), np.ones(1))
    with pytest.raises(ValueError, match="positive"):
        ad.log(ad.Tensor(np.array([0.0, 1.0])))
    with pytest.raises(ValueError, match="width"):
        ad.cost_table(widths=(0,))
    with pytest.raises(TypeError, match="root"):
        ad.count_flops(3)


def test_pytorch_autograd_gives_the_same_numbers_where_torch_is_installed():
    torch = pytest.importorskip("torch")
    net = Network.from_weights([None, rx.W1, rx.W2], [None, rx.B1, rx.B2], activation="tanh")
    C_ref, g = net.backward(net.forward(rx.X), rx.E)
    C, dW, db = ad.torch_network_gradients(net, rx.X, rx.E)
    assert C == pytest.approx(C_ref, rel=1e-12)
    for k in (1, 2):
        np.testing.assert_allclose(dW[k], g.W[k], rtol=1e-12)
        np.testing.assert_allclose(db[k], g.b[k], rtol=1e-12)
    net = Network([5, 7, 3], output_activation="softmax", loss="cross_entropy", seed=3)
    x, E = _data(net, 4, 3)
    C_ref, g = net.backward(net.forward(x), E)
    C, dW, db = ad.torch_network_gradients(net, x, E)
    assert C == pytest.approx(C_ref, rel=1e-12)
    for k in (1, 2):
        np.testing.assert_allclose(dW[k], g.W[k], rtol=1e-10, atol=1e-15)
    assert torch.__version__
