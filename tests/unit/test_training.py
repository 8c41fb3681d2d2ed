"""backprop_lib.training: mini-batch SGD lowers the cost on the toy problems, reproducibly."""

import numpy as np
import pytest

from backprop_lib import Network, datasets, training
from backprop_lib.training import minibatches, train


def test_xor_is_learned_and_the_cost_decreases():
    X, Y = datasets.xor()
    net = Network([2, 8, 1], activation="tanh", loss="binary_cross_entropy", seed=0)
    history = train(net, X, Y, epochs=600, batch_size=4, lr=0.5, seed=0)
    assert len(history) == 600 and all(isinstance(c, float) for c in history)
    assert history[-1] < 0.1 * history[0]
    assert np.mean(history[-50:]) < np.mean(history[:50])
    np.testing.assert_array_equal(np.round(net.predict(X)), Y)


def test_two_spirals_cost_decreases():
    X, Y = datasets.two_spirals(n=200, noise=0.1, seed=0)
    net = Network([2, 16, 16, 1], activation="tanh", loss="binary_cross_entropy", init="xavier_uniform", seed=0)
    history = train(net, X, Y, epochs=150, batch_size=10, lr=0.3, seed=0)
    assert history[-1] < 0.25 * history[0]
    assert np.mean(history[-10:]) < np.mean(history[:10])
    assert np.mean((net.predict(X) > 0.5) == (Y > 0.5)) >= 0.9


def test_sine_regression_with_squared_error():
    X, Y = datasets.sine(n=64, seed=0)
    net = Network([1, 10, 1], activation="tanh", output_activation="identity", seed=0)
    history = train(net, X, Y, epochs=200, batch_size=16, lr=0.05, seed=0)
    assert history[-1] < 0.2 * history[0]


def test_same_seed_same_training():
    X, Y = datasets.circles(n=60, seed=1)
    runs = []
    for _ in range(2):
        net = Network([2, 6, 1], loss="binary_cross_entropy", seed=3)
        runs.append((train(net, X, Y, epochs=5, batch_size=8, lr=0.2, seed=4), net.W[1].copy()))
    assert runs[0][0] == runs[1][0]
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    net = Network([2, 6, 1], loss="binary_cross_entropy", seed=3)
    assert train(net, X, Y, epochs=5, batch_size=8, lr=0.2, seed=5) != runs[0][0]


def test_epoch_cost_is_the_example_weighted_mean_of_the_batch_costs():
    X, Y = datasets.sine(n=10, seed=0)
    net = Network([1, 3, 1], output_activation="identity", seed=0)
    twin = net.copy()
    (epoch_cost,) = train(net, X, Y, epochs=1, batch_size=4, lr=0.1, seed=7)
    rng = np.random.default_rng(7)
    total = sum(twin.sgd_step(xb, yb, 0.1) * len(xb) for xb, yb in minibatches(X, Y, 4, rng))
    assert epoch_cost == pytest.approx(total / 10, rel=1e-15)
    np.testing.assert_array_equal(net.W[1], twin.W[1])


def test_the_hooks_see_every_step_and_epoch_and_a_step_can_replace_sgd_step():
    X, Y = datasets.sine(n=10, seed=0)
    net = Network([1, 3, 1], output_activation="identity", seed=0)
    twin, other, start = net.copy(), net.copy(), net.W[1].copy()
    seen, ends = [], []

    def observe(grads):  # the gradients of the step, before its update: those of the twin
        C, g = twin.gradients(*batches[len(seen)])
        assert all(np.array_equal(grads.W[k], g.W[k]) for k in (1, 2))
        seen.append(C)
        twin.sgd_step(*batches[len(seen) - 1], 0.1)

    batches = list(minibatches(X, Y, 4, np.random.default_rng(7)))
    history = train(net, X, Y, epochs=1, batch_size=4, lr=0.1, seed=7, observe=observe, after_epoch=ends.append)
    assert len(seen) == 3 and ends == history
    np.testing.assert_array_equal(net.W[1], twin.W[1])
    steps = []
    costs = train(other, X, Y, epochs=2, batch_size=4, lr=0.1, seed=7,
                  step=lambda n, xb, yb, lr: steps.append((n, len(xb), lr)) or 1.0)
    assert costs == [1.0, 1.0] and steps == [(other, 4, 0.1), (other, 4, 0.1), (other, 2, 0.1)] * 2
    np.testing.assert_array_equal(other.W[1], start)  # the replacing step did not update


def test_minibatches_cover_every_example_once():
    X = np.arange(10.0)[:, None]
    Y = -X
    batches = list(minibatches(X, Y, 3, np.random.default_rng(0)))
    assert [len(xb) for xb, _ in batches] == [3, 3, 3, 1]
    seen = np.concatenate([xb[:, 0] for xb, _ in batches])
    np.testing.assert_array_equal(np.sort(seen), np.arange(10.0))
    for xb, yb in batches:
        np.testing.assert_array_equal(yb, -xb)


def test_training_works_in_float32():
    X, Y = datasets.xor()
    net = Network([2, 8, 1], activation="tanh", loss="binary_cross_entropy", seed=0, dtype=np.float32)
    history = train(net, X, Y, epochs=300, batch_size=4, lr=0.5)
    assert history[-1] < history[0] and net.W[1].dtype == np.float32


X4, Y4 = datasets.xor()


@pytest.mark.parametrize("kwargs, exc, fragments", [
    (dict(net="net"), TypeError, ["net", "Network"]),
    (dict(X=X4[:, :1]), ValueError, ["X", "(N, 2)", "(4, 1)"]),
    (dict(X=X4[0]), ValueError, ["X", "(N, 2)"]),
    (dict(Y=Y4[:, 0]), ValueError, ["Y", "(4, 1)", "(4,)"]),
    (dict(Y=Y4[:3]), ValueError, ["Y", "(4, 1)", "(3, 1)"]),
    (dict(X=np.zeros((0, 2)), Y=np.zeros((0, 1))), ValueError, ["X", "at least one example"]),
    (dict(X=[["a", "b"]] * 4), TypeError, ["X", "numbers"]),
    (dict(X=np.where(X4 == 1, np.nan, X4)), ValueError, ["X", "finite"]),
    (dict(Y=np.where(Y4 == 1, np.inf, Y4)), ValueError, ["Y", "finite"]),
    (dict(Y=Y4 * 2), ValueError, ["E", "[0, 1]"]),
    (dict(epochs=0), ValueError, ["epochs", "positive integer"]),
    (dict(epochs=2.5), (TypeError, ValueError), ["epochs", "positive integer"]),
    (dict(batch_size=-1), ValueError, ["batch_size", "positive integer"]),
    (dict(batch_size=True), (TypeError, ValueError), ["batch_size", "positive integer"]),
    (dict(lr=0), ValueError, ["lr", "positive"]),
    (dict(lr="fast"), (TypeError, ValueError), ["lr"]),
    (dict(seed=-3), ValueError, ["seed", "non-negative integer"]),
    (dict(seed="abc"), (TypeError, ValueError), ["seed", "non-negative integer"]),
])
def test_bad_input_names_the_argument(kwargs, exc, fragments):
    args = dict(net=Network([2, 3, 1], loss="binary_cross_entropy"), X=X4, Y=Y4, epochs=2, batch_size=2, lr=0.1)
    args.update(kwargs)
    with pytest.raises(exc) as err:
        train(**args)
    for fragment in fragments:
        assert fragment in str(err.value), str(err.value)


def test_module_exports():
    assert set(training.__all__) == {"train", "minibatches"}
