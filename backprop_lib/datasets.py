"""Small seeded toy data sets for the chapters.

Each function returns ``(X, Y)``: inputs of shape (N, n_0) and targets of shape
(N, n_L), float64, one example per row.  The same seed gives the same data.

* :func:`xor`: the four corners of the unit square, labelled by exclusive or;
  not linearly separable, so it needs a hidden layer.
* :func:`two_spirals`: two interleaved spirals, labels 0 and 1.
* :func:`circles`: a disc inside a ring, labels 1 and 0.
* :func:`sine`: a regression target y = sin(x) on [-pi, pi].
"""

import numbers

import numpy as np

from ._checks import check_int, check_positive, rng_from_seed

__all__ = ["xor", "two_spirals", "circles", "sine"]


def _check(n, noise, seed, min_n=1):
    check_int(n, "n", min_n)
    check_positive(noise, "noise", allow_zero=True)
    return rng_from_seed(seed)


def xor():
    """The XOR problem: X = the corners of the unit square (4, 2), Y = x1 xor x2 (4, 1)."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    return X, Y


def two_spirals(n=200, noise=0.1, seed=0, turns=1.5):
    """``n`` points on two interleaved spirals in [-1, 1]^2 (half with label 0, half with 1)."""
    rng = _check(n, noise, seed, min_n=2)
    check_positive(turns, "turns")
    m = n // 2
    sizes = (m, n - m)
    Xs, Ys = [], []
    for label, count in enumerate(sizes):
        t = np.sqrt(rng.uniform(0.05, 1.0, count))  # more points further out
        angle = 2 * np.pi * turns * t + label * np.pi
        pts = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1)
        Xs.append(pts + noise * 0.1 * rng.standard_normal(pts.shape))
        Ys.append(np.full((count, 1), float(label)))
    X, Y = np.concatenate(Xs), np.concatenate(Ys)
    order = rng.permutation(n)
    return X[order], Y[order]


def circles(n=200, noise=0.05, seed=0, factor=0.5):
    """``n`` points: a disc of radius ``factor`` (label 1) inside a ring of radius 1 (label 0)."""
    rng = _check(n, noise, seed, min_n=2)
    if not isinstance(factor, numbers.Real) or not 0 < factor < 1:
        raise ValueError(f"factor must be between 0 and 1; got {factor!r}")
    inner = rng.random(n) < 0.5
    radius = np.where(inner, factor, 1.0) + noise * rng.standard_normal(n)
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return X, inner.astype(np.float64)[:, None]


def sine(n=100, noise=0.0, seed=0):
    """``n`` inputs x uniform on [-pi, pi] (n, 1) with targets sin(x) (+ Gaussian noise) (n, 1)."""
    rng = _check(n, noise, seed)
    x = rng.uniform(-np.pi, np.pi, (n, 1))
    return x, np.sin(x) + noise * rng.standard_normal((n, 1))
