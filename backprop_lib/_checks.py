"""Argument checks shared by the modules of the later chapters (vanishing_gradients, training_memory, loss_scaling, ...).

Every public function of the library rejects bad input with a ``TypeError`` (the wrong kind of
thing) or a ``ValueError`` (the right kind, a wrong value) whose message names the argument and
says what was expected. These three checks are the ones those modules kept writing again; like
them, this module imports nothing but numpy and the standard library.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

#: What a backprop_lib Network has, and what the checked functions use of it.
_NETWORK_ATTRS = ("W", "b", "sizes", "sigma", "loss", "forward", "backward")


def check_int(value, name, low=1, high=None):
    """``value`` as an int in [low, high] (no upper bound when ``high`` is None); bools are not integers."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {value!r}")
    value = int(value)
    if value < low or (high is not None and value > high):
        expected = f">= {low}" if high is None else f"between {low} and {high}"
        raise ValueError(f"{name} must be an integer {expected}; got {value}")
    return value


def check_positive(value, name, allow_zero=False):
    """``value`` as a finite float > 0 (>= 0 with ``allow_zero``)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number; got {value!r}")
    value = float(value)
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        what = "non-negative" if allow_zero else "positive"
        raise ValueError(f"{name} must be a {what} finite number; got {value!r}")
    return value


def check_numbers(values, name):
    """``values`` as a float64 array (its shape kept), or a TypeError naming ``name``."""
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numbers; got {type(values).__name__} {values!r:.60}") from None


def check_network(net, name="net"):
    """``net`` itself, if it is a backprop_lib Network (has its weights, layers and passes)."""
    if not all(hasattr(net, attr) for attr in _NETWORK_ATTRS):
        raise TypeError(f"{name} must be a backprop_lib Network; got {type(net).__name__}")
    return net
