"""Watching what a learner's function does while the checker runs it.

* :class:`Counted`: a callable argument (an activation) that counts its calls and keeps the points
  it was called at;
* :func:`numpy_counted`: the learner's module's ``np`` swapped, during the call, for a copy whose
  named functions (``np.log``, ``np.tanh``) count their calls or keep their points;
* :func:`off_the_data`: whether such points are none of the case's values (``activation(z + h)``:
  a finite difference);
* :func:`data_changed`: whether an argument's data changed during the call.

:func:`backprop_lib.exercises.functions.check_function` uses them to tell a learner who estimated a
gradient by finite differences, or changed the arrays passed in, exactly that.
"""

from __future__ import annotations

import contextlib
import types

import numpy as np

from .diagnose import EPS32

__all__ = ["Counted", "CountingFunction", "case_values", "off_the_data", "counting_numpy",
           "numpy_counted", "data_changed"]


class Counted:
    """A callable argument that counts its calls and keeps their first arguments (other
    attributes pass through)."""

    def __init__(self, target):
        self._target = target
        self.calls = 0
        self.points = []

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if args and len(self.points) < 200:
            try:
                self.points.append(np.array(args[0], dtype=np.float64, copy=True))
            except Exception:
                pass
        return self._target(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._target, name)


def case_values(case) -> np.ndarray:
    """Every float of a case's arrays (and lists of arrays), sorted."""
    out = []

    def walk(v):
        if isinstance(v, np.ndarray) and v.dtype.kind in "fiu":
            out.append(v.astype(np.float64).ravel())
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)
        elif isinstance(v, (float, int, np.floating, np.integer)) and not isinstance(v, bool):
            out.append(np.array([float(v)]))
    for v in case.values():
        walk(v)
    return np.sort(np.concatenate(out)) if out else np.zeros(0)


def off_the_data(points, case) -> bool:
    """Whether a counted callable was called at a point that is none of the case's values or
    their negatives (beyond float32 rounding): ``activation(z + h)``, a finite difference."""
    known = case_values(case)
    known = np.unique(np.concatenate([known, -known, [0.0]]))   # σ(−z) = 1 − σ(z) is fair use
    if known.size == 0:
        return False
    for p in points:
        flat = p.ravel()
        flat = flat[np.isfinite(flat)]
        if flat.size == 0:
            continue
        idx = np.clip(np.searchsorted(known, flat), 1, known.size - 1) if known.size > 1 else \
            np.zeros(flat.size, dtype=int)
        nearest = np.minimum(np.abs(flat - known[idx]), np.abs(flat - known[idx - 1])) \
            if known.size > 1 else np.abs(flat - known[0])
        if np.any(nearest > 4 * EPS32 * np.maximum(np.abs(flat), 1e-30)):
            return True
    return False


class CountingFunction:
    """A numpy function that counts its calls, and keeps their first arguments if ``points`` is
    a list (attributes such as ``.reduce`` pass through)."""

    def __init__(self, target, counter, points=None):
        self._target, self._counter, self._points = target, counter, points

    def __call__(self, *args, **kwargs):
        if self._points is None:
            self._counter[0] += 1
        elif args and len(self._points) < 200:
            try:
                self._points.append(np.array(args[0], dtype=np.float64, copy=True))
            except Exception:
                pass
        return self._target(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._target, name)


def counting_numpy(names, counter, point_names=(), points=None):
    proxy = types.ModuleType("numpy")
    proxy.__dict__.update(np.__dict__)
    for name in names:
        if hasattr(np, name):
            setattr(proxy, name, CountingFunction(getattr(np, name), counter))
    for name in point_names:
        if hasattr(np, name):
            setattr(proxy, name, CountingFunction(getattr(np, name), counter, points))
    return proxy


@contextlib.contextmanager
def numpy_counted(fn, names, counter, point_names=(), points=None):
    """While the learner's function runs, its module's ``np`` (``numpy``) counts the calls of
    ``names`` and keeps the points ``point_names`` are called at; restored afterwards whatever
    happens."""
    g = getattr(fn, "__globals__", None)
    swapped = []
    if (names or point_names) and isinstance(g, dict):
        proxy = counting_numpy(names, counter, point_names, points)
        for key, value in list(g.items()):
            if value is np:
                swapped.append(key)
                g[key] = proxy
    try:
        yield
    finally:
        for key in swapped:
            g[key] = np


def data_changed(before, after) -> bool:
    """Whether an argument's data changed during the call (arrays, numbers, lists of them)."""
    if isinstance(before, np.ndarray):
        return not (isinstance(after, np.ndarray) and before.shape == after.shape and
                    np.array_equal(before, after, equal_nan=before.dtype.kind in "fc"))
    if isinstance(before, (list, tuple)):
        return not (isinstance(after, type(before)) and len(before) == len(after)) or \
            any(data_changed(b, a) for b, a in zip(before, after))
    if isinstance(before, dict):
        return not isinstance(after, dict) or set(before) != set(after) or \
            any(data_changed(before[k], after[k]) for k in before)
    if isinstance(before, (int, float, complex, np.number)) or before is None:
        try:
            return not (before == after or (before != before and after != after))
        except Exception:
            return True
    return False
