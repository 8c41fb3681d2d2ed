"""backprop_lib.node: one node forward and backward are the network's equations for that unit."""

import numpy as np
import pytest

from backprop_lib import Network
from backprop_lib.node import node_backward, node_forward


@pytest.mark.parametrize("act", ["tanh", "sigmoid", "relu", "leaky_relu", "identity"])
def test_node_is_unit_one_of_layer_one_of_a_network(act):
    rng = np.random.default_rng(0)
    W1, b1 = rng.normal(size=(3, 2)), rng.normal(size=3)
    W2, b2 = rng.normal(size=(2, 3)), rng.normal(size=2)
    net = Network.from_weights([None, W1, W2], [None, b1, b2], activation=act, loss="squared_error")
    x, E = np.array([0.5, -1.0]), np.array([0.3, -0.2])
    trace = net.forward(x)
    _, grads = net.backward(trace, E)
    q = node_backward(x, W1[0], b1[0], act, W2[:, 0], grads.delta[2])
    assert q["z"] == pytest.approx(trace.z[1][0], rel=1e-12)
    assert q["a"] == pytest.approx(trace.a[1][0], rel=1e-12)
    assert q["dCda"] == pytest.approx(grads.a[1][0], rel=1e-12)
    assert q["delta"] == pytest.approx(grads.delta[1][0], rel=1e-12, abs=1e-15)
    np.testing.assert_allclose(q["gW"], grads.W[1][0], rtol=1e-12, atol=1e-15)


def test_forward_keys_and_plain_floats():
    q = node_forward([0.5, -1.0], [0.4, -0.6], 0.1, "tanh")
    assert set(q) == {"x", "w", "b", "z", "a"}
    assert all(type(v) is float for v in (q["b"], q["z"], q["a"]))
    assert q["z"] == pytest.approx(0.4 * 0.5 + 0.6 + 0.1)
