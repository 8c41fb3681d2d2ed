"""Argument checks, written once and used by every module of the library.

Every public function of the library rejects bad input with a ``TypeError`` (the wrong kind of
thing) or a ``ValueError`` (the right kind, a wrong value) whose message names the argument and
says what was expected.  Like the numpy core, this module imports nothing but numpy, the standard
library and the core's own :mod:`~backprop_lib.activations`.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from . import activations

__all__ = ["check_sizes", "check_int", "check_positive", "check_bool", "check_numbers", "check_array", "check_network",
           "check_activation", "rng_from_seed"]

#: What a backprop_lib Network has, and what the checked functions use of it.
_NETWORK_ATTRS = ("W", "b", "sizes", "sigma", "loss", "forward", "backward")


def check_int(value, name, low=1, high=None):
    """``value`` as an int in [low, high] (no upper bound when ``high`` is None); bools are not integers."""
    if high is not None:
        expected = f"an integer between {low} and {high}"
    else:
        expected = {1: "a positive integer", 0: "a non-negative integer"}.get(low, f"an integer >= {low}")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {expected}; got {value!r}")
    value = int(value)
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be {expected}; got {value}")
    return value


def check_sizes(sizes, name="sizes", least=2):
    """``sizes`` as a list of ints, if it lists at least ``least`` layer widths [n_0, n_1, ..., n_L]."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"{name} must be a list of layer widths [n0, n1, ..., nL]; got {type(sizes).__name__}")
    sizes = list(sizes)
    if len(sizes) < least:
        least_text = {1: "one layer", 2: "two layers (input and output)"}.get(least, f"{least} layers")
        raise ValueError(f"{name} must list at least {least_text}, e.g. [2, 3, 1]; got {sizes!r}")
    return [check_int(n, f"sizes[{k}]") for k, n in enumerate(sizes)]


def check_positive(value, name, allow_zero=False):
    """``value`` as a finite float > 0 (>= 0 with ``allow_zero``)."""
    if type(value) is float and 0 < value < math.inf:  # the common case, answered at once
        return value
    what = "non-negative" if allow_zero else "positive"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a {what} finite number; got {value!r}")
    value = float(value)
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be a {what} finite number; got {value!r}")
    return value


def check_bool(value, name):
    """``value`` as a bool, if it is True or False (numpy's included)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def check_numbers(values, name):
    """``values`` as a float64 array (its shape kept), or a TypeError naming ``name``."""
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numbers; got {type(values).__name__} {values!r:.60}") from None


def check_array(value, name):
    """``value`` as a numpy array of numbers in its own dtype (bool, int or float), or a TypeError naming ``name``."""
    if isinstance(value, np.ndarray):
        arr = value
    else:
        try:
            arr = np.asarray(value)
        except (ValueError, TypeError) as err:
            raise TypeError(f"{name} must be an array of numbers; could not convert it ({err})") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of numbers; got an array of dtype {arr.dtype}")
    return arr


def check_network(net, name="net"):
    """``net`` itself, if it is a backprop_lib Network (has its weights, layers and passes)."""
    if not all(hasattr(net, attr) for attr in _NETWORK_ATTRS):
        raise TypeError(f"{name} must be a backprop_lib Network; got {type(net).__name__}")
    return net


def check_activation(value, name="activation"):
    """The :class:`~backprop_lib.activations.Activation` called ``value`` (or ``value`` itself if it is one)."""
    if isinstance(value, activations.Activation):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a name, one of {', '.join(activations.NAMES)}; got {type(value).__name__}")
    if value not in activations.NAMES:
        raise ValueError(f"{name} must be one of {', '.join(activations.NAMES)}; got {value!r}")
    return activations.get(value)


def rng_from_seed(seed, name="seed"):
    """A numpy Generator from ``seed``: a non-negative integer, None (fresh entropy) or a Generator (used as is)."""
    if isinstance(seed, np.random.Generator):
        return seed
    expected = f"{name} must be a non-negative integer, None or a numpy Generator; got {seed!r}"
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(expected)
    if seed < 0:
        raise ValueError(expected)
    return np.random.default_rng(seed)
