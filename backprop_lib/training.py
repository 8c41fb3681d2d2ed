"""Training by mini-batch stochastic gradient descent.

One SGD step is the whole course in three lines: forward propagation, the
backward pass, and W^k <- W^k - lr * dC/dW^k (likewise b^k); see
:meth:`backprop_lib.Network.sgd_step`.  :func:`train` repeats it over shuffled
mini-batches of a data set for a number of epochs.
"""

import numbers

import numpy as np

from .network import Network, _as_numeric_array

__all__ = ["train", "minibatches"]


def _check_positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value <= 0:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


def minibatches(X, Y, batch_size, rng):
    """Yield ``(X_batch, Y_batch)`` pairs covering a random permutation of the examples once."""
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start : start + batch_size]
        yield X[idx], Y[idx]


def train(net, X, Y, epochs, batch_size, lr, seed=0):
    """Train ``net`` in place on examples ``X`` (N, n_0) with targets ``Y`` (N, n_L).

    Each epoch shuffles the examples (seeded by ``seed``), takes one
    :meth:`~backprop_lib.Network.sgd_step` per mini-batch of ``batch_size``
    examples, and records the epoch's cost: the mean over its mini-batches of
    the cost before each step, weighted by batch size.

    Returns the list of per-epoch costs.
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network; got {type(net).__name__}")
    X = _as_numeric_array(X, "X")
    Y = _as_numeric_array(Y, "Y")
    if X.ndim != 2 or X.shape[1] != net.sizes[0]:
        raise ValueError(f"X must have shape (N, {net.sizes[0]}), one example per row; got {X.shape}")
    if Y.ndim != 2 or Y.shape != (X.shape[0], net.sizes[-1]):
        raise ValueError(f"Y must have shape ({X.shape[0]}, {net.sizes[-1]}), one target per row of X; got {Y.shape}")
    if X.shape[0] == 0:
        raise ValueError("X must hold at least one example")
    for name, arr in (("X", X), ("Y", Y)):
        if not np.isfinite(arr).all():
            raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    epochs = _check_positive_int(epochs, "epochs")
    batch_size = _check_positive_int(batch_size, "batch_size")
    if isinstance(seed, bool) or not (seed is None or (isinstance(seed, numbers.Integral) and seed >= 0)):
        raise ValueError(f"seed must be a non-negative integer or None; got {seed!r}")
    rng = np.random.default_rng(seed)
    history = []
    for _ in range(epochs):
        total = 0.0
        for xb, yb in minibatches(X, Y, batch_size, rng):
            total += net.sgd_step(xb, yb, lr) * len(xb)
        history.append(total / len(X))
    return history
