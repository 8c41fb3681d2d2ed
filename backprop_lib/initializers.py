"""Weight initializers: how W^k is drawn before training starts.

Every initializer draws W^k, of shape (n_k, n_{k-1}), from a zero-mean
distribution; biases start at zero.  They differ only in the variance, and the
initialization chapter derives why each choice keeps signals alive:

=================  ==========================================  ======================
name               distribution                                Var(W^k_ij)
=================  ==========================================  ======================
``standard``       U[-1/sqrt(n_{k-1}), 1/sqrt(n_{k-1})]        1 / (3 n_{k-1})
``xavier_uniform`` U[-r, r], r = sqrt(6 / (n_{k-1} + n_k))     2 / (n_{k-1} + n_k)
``xavier_normal``  N(0, 2 / (n_{k-1} + n_k))                   2 / (n_{k-1} + n_k)
``he_normal``      N(0, 2 / n_{k-1})                           2 / n_{k-1}
``normal``         N(0, 1)                                     1
=================  ==========================================  ======================

``standard`` is the heuristic Glorot & Bengio (2010) call "standard";
``xavier_*`` is their "normalized" initialization; ``he_normal`` is He et al. (2015).

Each initializer is a function ``(n_in, n_out, rng, dtype) -> W`` with
n_in = n_{k-1} and n_out = n_k.
"""

import numpy as np

__all__ = ["NAMES", "get", "variance"]


def standard(n_in, n_out, rng, dtype=np.float64):
    r = 1.0 / np.sqrt(n_in)
    return rng.uniform(-r, r, size=(n_out, n_in)).astype(dtype)


def xavier_uniform(n_in, n_out, rng, dtype=np.float64):
    r = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-r, r, size=(n_out, n_in)).astype(dtype)


def xavier_normal(n_in, n_out, rng, dtype=np.float64):
    return (rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / (n_in + n_out))).astype(dtype)


def he_normal(n_in, n_out, rng, dtype=np.float64):
    return (rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)).astype(dtype)


def normal(n_in, n_out, rng, dtype=np.float64):
    return rng.standard_normal((n_out, n_in)).astype(dtype)


_INITIALIZERS = {
    f.__name__: f for f in (standard, xavier_uniform, xavier_normal, he_normal, normal)
}

#: The names :func:`get` accepts.
NAMES = tuple(_INITIALIZERS)

_VARIANCE = {
    "standard": lambda n_in, n_out: 1.0 / (3.0 * n_in),
    "xavier_uniform": lambda n_in, n_out: 2.0 / (n_in + n_out),
    "xavier_normal": lambda n_in, n_out: 2.0 / (n_in + n_out),
    "he_normal": lambda n_in, n_out: 2.0 / n_in,
    "normal": lambda n_in, n_out: 1.0,
}


def _check_name(name):
    if not isinstance(name, str):
        raise TypeError(f"init must be a name (str), one of {', '.join(NAMES)}; got {type(name).__name__}")
    if name not in _INITIALIZERS:
        raise ValueError(f"init must be one of {', '.join(NAMES)}; got {name!r}")


def get(name):
    """The initializer called ``name`` (one of :data:`NAMES`): ``(n_in, n_out, rng, dtype) -> W``."""
    _check_name(name)
    return _INITIALIZERS[name]


def variance(name, n_in, n_out):
    """The variance Var(W_ij) that initializer ``name`` draws with, for a layer n_in -> n_out."""
    _check_name(name)
    return _VARIANCE[name](n_in, n_out)
