"""Pieces the course's diagrams share (:mod:`.diagrams`, :mod:`.node_diagrams`): argument
checks, the stroke width and dash of a weighted edge, the edge legend, and marked numbers
(:func:`backprop_lib.draw.svg.num`) as the diagrams write them."""

from __future__ import annotations

import math
import numbers

import numpy as np

from .. import activations as _activations
from .svg import num, plain, width_of

__all__ = ["vec", "activation_of", "as_vector", "as_scalar", "edge_width", "edge_dash", "marked",
           "marked_plain", "opacity_attr", "weight_legend", "parallel"]


def vec(values, digits=2, limit=8, q=None) -> str:
    """``(v0, v1, ...)`` for a text alternative; with ``q``, entry i is the marked number q.i."""
    vals = [float(v) for v in np.ravel(values)]
    s = ", ".join(plain(v, digits) if q is None else num(v, f"plain:{digits}", f"{q}.{i}")
                  for i, v in enumerate(vals[:limit]))
    if len(vals) > limit:
        s += f", ... ({len(vals)} values)"
    return f"({s})"


def activation_of(activation):
    try:
        return _activations.get(activation)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"activation: {exc}") from None


def as_vector(v, name, n=None, allow_scalar=False):
    try:
        arr = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or a 1-D array of numbers; got {type(v).__name__}") from None
    if allow_scalar and arr.ndim == 0:
        return float(arr)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array; got shape {arr.shape}")
    if n is not None and arr.size != n:
        raise ValueError(f"{name} must have {n} entries; got {arr.size}")
    return arr


def as_scalar(v, name):
    if isinstance(v, numbers.Real):
        return float(v)
    arr = np.asarray(v)
    if arr.size != 1:
        raise ValueError(f"{name} must be a single number; got shape {arr.shape}")
    try:
        return float(arr.reshape(()))
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number; got {type(v).__name__}") from None


def edge_width(w, scale, extra=0.0, q=None):
    """Stroke width for a weight of magnitude |w| (0.6 px .. 5.5 px); marked as quantity ``q``."""
    if q is not None:
        return num(w, f"width:{float(scale)!r}:{float(extra)!r}", q)
    return width_of(w, scale) + extra


def edge_dash(w, q=None):
    """The dash pattern of an edge: dashed for a negative weight; marked as quantity ``q``."""
    if q is not None:
        return num(w, "dash", q)
    return "6 4" if float(w) < 0 else None


def marked(v, q, digits):
    """A marked number on a figure (quantity ``q``, :func:`fmt` with ``digits``)."""
    return num(v, f"fmt:{digits}", q)


def marked_plain(v, q, digits):
    """A marked number in a text alternative (ASCII minus)."""
    return num(v, f"plain:{digits}", q)


def weight_legend(cv, x, y, color, negative="weight < 0 (dashed); width ∝ |W|"):
    """The legend line of the edges: a solid and a dashed sample, explained in words."""
    cv.line(x, y, x + 30, y, color, 2.5)
    cv.text(x + 36, y + 4, "weight > 0", size=10, anchor="start")
    cv.line(x + 110, y, x + 140, y, color, 2.5, edge_dash(-1))
    cv.text(x + 146, y + 4, negative, size=10, anchor="start")


def opacity_attr(o):
    """`` opacity="o"`` for an SVG element (nothing when ``o`` is None): dims what is not highlighted."""
    return f' opacity="{o}"' if o is not None else ""


def parallel(x0, y0, x1, y1, offset, trim):
    """The segment (x0, y0)-(x1, y1) moved ``offset`` to its right and shortened by ``trim`` at
    both ends: where an arrow pointing backwards goes beside an edge."""
    dx, dy = x1 - x0, y1 - y0
    n = math.hypot(dx, dy) or 1.0
    ux, uy = dx / n, dy / n
    px, py = -uy * offset, ux * offset
    return (x0 + ux * trim + px, y0 + uy * trim + py, x1 - ux * trim + px, y1 - uy * trim + py)
