"""The capstone chapter "Real handwritten digits": the UCI 8x8 digits, classified with the core.

The data (1797 images of 8x8 pixels with values 0..16, labels 0..9) ships with the library in
``backprop_lib/data/digits.csv.gz`` (CC BY 4.0, Alpaydin & Kaynak 1998, UCI; see the README
there), so nothing is downloaded.  Everything else is the course's numpy core: a
:class:`~backprop_lib.Network` with ReLU hidden layers, He initialization (the initialization
chapter's choice for ReLU), a softmax output with the cross-entropy cost, and mini-batch SGD
(:func:`~backprop_lib.training.train`, the library's one training loop).

>>> from backprop_lib import digits
>>> X, y = digits.load()
>>> X.shape, y.shape
((1797, 64), (1797,))
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from ._checks import check_int, check_positive
from .network import Network
from .training import train as _sgd

__all__ = ["load", "split", "validation_split", "validation_accuracies", "CANDIDATES", "one_hot", "Run", "train", "confusion_matrix", "accuracy", "SIZES",
           "DATA_FILE"]

DATA_FILE = Path(__file__).resolve().parent / "data" / "digits.csv.gz"

#: The capstone's network: 64 pixels, two ReLU hidden layers, 10 classes.
SIZES = [64, 64, 32, 10]

_CACHE = {}


def load():
    """``(X, y)``: the 1797 images as rows of 64 pixel values 0..16 (uint8), and the labels 0..9."""
    if "data" not in _CACHE:
        with gzip.open(DATA_FILE, "rt") as f:
            raw = np.loadtxt(f, delimiter=",", dtype=np.int64)
        _CACHE["data"] = (raw[:, :64].astype(np.uint8), raw[:, 64].astype(np.int64))
    X, y = _CACHE["data"]
    return X.copy(), y.copy()


def split(X, y, test_size=500, seed=0):
    """``(X_train, y_train, X_test, y_test)``: a random split (seeded), the test part held out."""
    seed = check_int(seed, "seed", 0)
    test_size = check_int(test_size, "test_size", 1, len(X) - 1)
    order = np.random.default_rng(seed).permutation(len(X))
    test, train = order[:test_size], order[test_size:]
    return X[train], y[train], X[test], y[test]


def one_hot(y, n_classes=10):
    """E: one row per label, 1 in the label's column and 0 elsewhere."""
    y = np.asarray(y)
    if y.ndim != 1 or y.dtype.kind not in "iu" or (y.size and (y.min() < 0 or y.max() >= n_classes)):
        raise ValueError(f"y must be a vector of integer labels 0..{n_classes - 1}")
    E = np.zeros((y.size, n_classes))
    E[np.arange(y.size), y] = 1.0
    return E


def scale(X):
    """Pixel values 0..16 as inputs 0..1."""
    return np.asarray(X, dtype=np.float64) / 16.0


def accuracy(net, X, y):
    """The fraction of images whose most probable class is the label."""
    return float(np.mean(np.argmax(net.predict(scale(X)), axis=1) == y))


def confusion_matrix(y_true, y_pred, n_classes=10):
    """M[i, j] = how many images of digit i were classified as j."""
    M = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(M, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return M


def validation_split(X_train, y_train, size=297, seed=0):
    """Set ``size`` of the training images aside to choose settings on: ``(X_fit, y_fit, X_val, y_val)``.

    The test images are not touched: the settings are chosen on the validation images, and the
    test set is used once, to report the chosen run.  (In the UCI data the writers are shared
    between all these splits, so each measures how well the network reads writers it has seen.)
    """
    order = np.random.default_rng(check_int(seed, "seed", 0) + 2).permutation(len(X_train))
    val, fit = np.sort(order[:size]), np.sort(order[size:])
    return X_train[fit], y_train[fit], X_train[val], y_train[val]


#: The settings the chapter compares on the validation images: (epochs, learning rate).
CANDIDATES = ((10, 0.1), (20, 0.1), (40, 0.1), (40, 0.03), (40, 0.3))


def validation_accuracies(seed=0, candidates=CANDIDATES, batch_size=32, val_size=297, test_size=500):
    """``{(epochs, lr): validation accuracy}``: each candidate trained on the training images minus
    the validation ones (the same split and initial weights for all), scored on the validation
    images only.  Uses :func:`backprop_lib.training.train`."""
    X, y = load()
    X_train, y_train, _, _ = split(X, y, test_size=test_size, seed=seed)
    X_fit, y_fit, X_val, y_val = validation_split(X_train, y_train, size=val_size, seed=seed)
    out = {}
    for epochs, lr in candidates:
        net = Network(SIZES, activation="relu", output_activation="softmax", loss="cross_entropy",
                      init="he_normal", seed=seed)
        _sgd(net, scale(X_fit), one_hot(y_fit), epochs=epochs, batch_size=batch_size, lr=lr, seed=seed + 1)
        out[(epochs, lr)] = accuracy(net, X_val, y_val)
    return out


class Run:
    """What :func:`train` leaves behind: the trained ``net``, the data split, and per-epoch
    ``costs``, ``test_accuracy`` and ``grad_norms`` (``grad_norms[e][k]`` = the mean over the
    epoch's steps of ||dC/dW^k||, index 0 None)."""

    def __init__(self, net, seed, data, costs, test_accuracy, grad_norms):
        self.net = net
        self.seed = seed
        self.X_train, self.y_train, self.X_test, self.y_test = data
        self.costs = costs
        self.test_accuracy = test_accuracy
        self.grad_norms = grad_norms

    @property
    def accuracy(self):
        """The held-out accuracy of the trained network."""
        return self.test_accuracy[-1]

    def predictions(self):
        return np.argmax(self.net.predict(scale(self.X_test)), axis=1)

    def __repr__(self):
        return f"Run(seed={self.seed}, held-out accuracy {self.accuracy:.3f})"


def train(seed=0, epochs=40, batch_size=32, lr=0.3, sizes=None, test_size=500):
    """Split the digits (``seed``), train a fresh network (same ``seed``) by mini-batch SGD.

    The network: ``sizes`` (default :data:`SIZES`), ReLU hidden layers, He-normal weights, a
    softmax output and the cross-entropy cost.  Each epoch visits the training images once in a
    random order, one :meth:`~backprop_lib.Network.sgd_step` per mini-batch
    (:func:`~backprop_lib.training.train`, seeded by ``seed + 1``), recording the norms of the
    weight gradients on the way.  Returns a :class:`Run`.

    Training is deterministic, so a run is computed once per process: the same arguments return
    the same :class:`Run` (the chapter and its explorer share it); copy ``run.net`` before
    changing it.
    """
    seed = check_int(seed, "seed", 0)
    lr = check_positive(lr, "lr (the learning rate)")
    epochs = check_int(epochs, "epochs")
    batch_size = check_int(batch_size, "batch_size")
    key = (seed, epochs, batch_size, lr, tuple(sizes or SIZES), test_size)
    if key in _RUNS:
        return _RUNS[key]
    run = _train(seed, epochs, batch_size, lr, sizes, test_size)
    _RUNS[key] = run
    return run


_RUNS = {}


def _train(seed, epochs, batch_size, lr, sizes, test_size):
    X, y = load()
    data = split(X, y, test_size=test_size, seed=seed)
    X_train, y_train, X_test, y_test = data
    net = Network(sizes or SIZES, activation="relu", output_activation="softmax", loss="cross_entropy",
                  init="he_normal", seed=seed)
    accs, norms = [], []
    sums = np.zeros(net.L + 1)  # this epoch's sum over its steps of ||dC/dW^k||
    steps = [0]

    def observe(grads):  # the four diagrams' gradients of one step, before its update
        for k in range(1, net.L + 1):
            sums[k] += np.linalg.norm(grads.W[k])
        steps[0] += 1

    def after_epoch(cost):
        norms.append([None] + list(sums[1:] / steps[0]))
        sums[:], steps[0] = 0.0, 0
        accs.append(accuracy(net, X_test, y_test))

    costs = _sgd(net, scale(X_train), one_hot(y_train), epochs, batch_size, lr, seed=seed + 1,
                 observe=observe, after_epoch=after_epoch)
    return Run(net, seed, data, costs, accs, norms)
