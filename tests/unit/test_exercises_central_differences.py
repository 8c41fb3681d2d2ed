"""The gradient exercises' reference answers equal central differences of the library's cost,
on randomly drawn cases (issue 14): grading a learner's function against the reference on those
cases is grading it against the central differences."""

import numpy as np
import pytest

from backprop_lib import Network, exercises
from backprop_lib.gradcheck import numerical_gradient

RNG_SEEDS = [0, 1, 2]


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_digits_backward_reference_is_the_central_difference_of_the_network_cost(seed):
    ex = exercises.get("digits.backward")
    case = ex.random_case(np.random.default_rng(seed))
    W1, b1, W2, b2, X, E = (case[k] for k in ("W1", "b1", "W2", "b2", "X", "E"))
    net = Network([64, W1.shape[0], 10], activation="relu", output_activation="softmax",
                  loss="cross_entropy")
    net.W[1], net.b[1], net.W[2], net.b[2] = W1.copy(), b1.copy(), W2.copy(), b2.copy()
    ref = ex.reference()(W1, b1, W2, b2, X, E)
    for got, param in zip(ref, (net.W[1], net.b[1], net.W[2], net.b[2])):
        num = numerical_gradient(lambda _: net.cost(X, E), param)
        np.testing.assert_allclose(got, num, rtol=1e-5, atol=1e-7)


def _cost_from(k, zk, W, z, E, activation):
    """C = sum((O - E)^2) as a function of z^k: the layers above keep their other inputs."""
    L = len(W) - 1
    cur = zk
    for j in range(k, L):
        shift = z[j + 1] - W[j + 1] @ activation(z[j])      # what z^{j+1} adds besides W a^j
        cur = W[j + 1] @ activation(cur) + shift
    return float(np.sum((activation(cur) - E) ** 2))


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_backprop_all_reference_is_the_central_difference_of_the_cost(seed):
    ex = exercises.get("backpropagating_the_cost.backprop_all")
    case = ex.random_case(np.random.default_rng(seed))
    W, z, E, act = case["W"], case["z"], case["E"], case["activation"]
    deltas = ex.reference()(W, z, E, act)
    for k, delta in enumerate(deltas, start=1):
        zk = np.array(z[k], dtype=float)
        num = numerical_gradient(lambda v: _cost_from(k, v, W, z, E, act), zk)
        np.testing.assert_allclose(delta, num, rtol=1e-5, atol=1e-8)
