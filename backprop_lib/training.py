"""Training by mini-batch stochastic gradient descent: the library's one training loop.

One SGD step is the whole course in three lines: forward propagation, the
backward pass, and W^k <- W^k - lr * dC/dW^k (likewise b^k); see
:meth:`backprop_lib.Network.sgd_step`.  :func:`train` repeats it over shuffled
mini-batches (:func:`minibatches`) of a data set for a number of epochs.  The later
chapters train with it too: the digits chapter records the gradients' norms on the
way (``observe``), the loss-scaling chapter takes a mixed-precision step instead
(``step``).
"""

import numpy as np

from ._checks import check_array, check_int, check_network, rng_from_seed
from .network import Network

__all__ = ["train", "minibatches"]


def minibatches(X, Y, batch_size, rng):
    """Yield ``(X_batch, Y_batch)`` pairs covering a random permutation of the examples once."""
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start : start + batch_size]
        yield X[idx], Y[idx]


def train(net, X, Y, epochs, batch_size, lr, seed=0, *, observe=None, step=None, after_epoch=None):
    """Train ``net`` in place on examples ``X`` (N, n_0) with targets ``Y`` (N, n_L).

    Each epoch shuffles the examples (seeded by ``seed``), takes one
    :meth:`~backprop_lib.Network.sgd_step` per mini-batch of ``batch_size``
    examples, and records the epoch's cost: the mean over its mini-batches of
    the cost before each step, weighted by batch size.

    ``observe(grads)`` is handed each step's gradients before the update (see
    :meth:`~backprop_lib.Network.sgd_step`); ``step(net, X_batch, Y_batch, lr)``, if
    given, takes the step instead of ``sgd_step`` and returns the batch's cost;
    ``after_epoch(epoch_cost)`` is called at the end of every epoch.

    Returns the list of per-epoch costs.
    """
    check_network(net)
    X = check_array(X, "X")
    Y = check_array(Y, "Y")
    if X.ndim != 2 or X.shape[1] != net.sizes[0]:
        raise ValueError(f"X must have shape (N, {net.sizes[0]}), one example per row; got {X.shape}")
    if Y.ndim != 2 or Y.shape != (X.shape[0], net.sizes[-1]):
        raise ValueError(f"Y must have shape ({X.shape[0]}, {net.sizes[-1]}), one target per row of X; got {Y.shape}")
    if X.shape[0] == 0:
        raise ValueError("X must hold at least one example")
    for name, arr in (("X", X), ("Y", Y)):
        if not np.isfinite(arr).all():
            raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    epochs = check_int(epochs, "epochs")
    batch_size = check_int(batch_size, "batch_size")
    rng = rng_from_seed(seed)
    if step is None:
        def step(net, xb, yb, lr):
            return Network.sgd_step(net, xb, yb, lr, observe=observe)
    history = []
    for _ in range(epochs):
        total = 0.0
        for xb, yb in minibatches(X, Y, batch_size, rng):
            total += step(net, xb, yb, lr) * len(xb)
        history.append(total / len(X))
        if after_epoch is not None:
            after_epoch(history[-1])
    return history
