"""The matplotlib helpers the chapters' figure modules share.

A styled figure of panels (:func:`panels`), a new or given Axes (:func:`axes_for`), the ``ax=``
and the ``{...}`` argument checks, and the style of the i-th series (:func:`SERIES_STYLES`):
colour, dash and marker all differ, so colour never carries meaning alone.
"""

from __future__ import annotations

from . import style

__all__ = ["SERIES_STYLES", "panels", "axes_for", "check_ax", "check_mapping"]

_DASHES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1))]
_MARKERS = ["o", "s", "^", "v", "D", "P"]
_CYCLE = [style.COLORS["forward"], style.COLORS["error"], style.COLORS["weight"],
          style.COLORS["cost"], style.COLORS["target"], style.OKABE_ITO["sky_blue"]]


def SERIES_STYLES(i):
    """(colour, line style, marker) of the i-th series: colour, dash and marker all differ."""
    return _CYCLE[i % len(_CYCLE)], _DASHES[i % len(_DASHES)], _MARKERS[i % len(_MARKERS)]


def panels(nrows, ncols, size):
    """A course-styled figure with an nrows x ncols grid of Axes: ``(fig, axes)``, axes 2-d."""
    style.use()
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(nrows, ncols, figsize=size, layout="constrained", squeeze=False)
    return fig, axes


def axes_for(ax, figsize):
    """``(fig, ax)``: the given Axes and its figure, or a new course-styled figure of ``figsize``."""
    style.use()
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


def check_ax(ax, name="ax"):
    """``ax`` if it is a matplotlib Axes or None."""
    if ax is None:
        return None
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes or None; got {type(ax).__name__}")
    return ax


def check_mapping(obj, name, what):
    """``obj`` if it is a non-empty dict; ``what`` describes its keys and values for the message."""
    if not isinstance(obj, dict) or not obj:
        raise TypeError(f"{name} must be a non-empty dict of {what}")
    return obj
