"""Figures of the chapter "From four diagrams to any graph": the cost of a gradient.

Drawn with the course palette (:mod:`backprop_lib.draw.style`); the three curves also differ by
line style and marker, so colour is never the only cue.
"""

from __future__ import annotations

import numpy as np

from . import style as _style
from .axes import NARROW_WIDTH_IN, panels, two_widths

__all__ = ["cost_plot"]


def cost_plot(rows, *, title="The cost of one gradient, counted in multiply-adds"):
    """Log-log plot of forward, backward and finite-difference multiply-adds against P.

    ``rows``: ``(P, forward, backward, finite_differences)`` tuples, as returned by
    :func:`backprop_lib.autodiff.cost_table`. Returns the matplotlib Figure.
    """
    try:
        arr = np.asarray(rows, dtype=float)
    except (TypeError, ValueError):
        raise TypeError("rows must be (P, forward, backward, finite_differences) tuples") from None
    if arr.ndim != 2 or arr.shape[1] != 4 or len(arr) < 2 or not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError("rows must be at least two (P, forward, backward, finite_differences) "
                         "tuples of positive numbers")
    return two_widths(lambda narrow: _cost_plot(arr, title, narrow))


def _cost_plot(arr, title, narrow):
    P, fwd, bwd, fd = arr.T
    if narrow:
        fig, axes = panels(2, 1, (NARROW_WIDTH_IN, 6.6), narrow=True)
        ax, ax2 = axes[0][0], axes[1][0]
    else:
        fig, axes = panels(1, 2, (9.5, 3.6))
        ax, ax2 = axes[0]
    ax.loglog(P, fwd, "o-", color=_style.color("forward"), label="one forward pass")
    ax.loglog(P, bwd, "s--", color=_style.color("error"), label="one backward pass")
    ax.loglog(P, fd, "^:", color=_style.color("cost"),
              label="finite differences\n(2P forward passes)" if narrow else "finite differences (2P forward passes)")
    ax.set_xlabel("P, the number of weights and biases")
    ax.set_ylabel("multiply-adds")
    ax.legend(fontsize=10)
    ax.set_title("The cost of a gradient", fontsize=10)
    ax2.semilogx(P, bwd / fwd, "s--", color=_style.color("error"), label="backward / forward")
    ax2.set_ylim(0, 3)
    ax2.axhline(2, color="0.5", lw=0.8, ls=":")
    ax2.set_xlabel("P, the number of weights and biases")
    ax2.set_ylabel("backward / forward")
    ax2.set_title("A backward pass costs about\ntwo forward passes" if narrow
                  else "A backward pass costs about two forward passes", fontsize=10)
    ax2.legend(fontsize=10, loc="lower right")
    fig.suptitle(_wrap(title) if narrow else title, fontsize=11)
    return fig


def _wrap(text, width=34):
    import textwrap

    return "\n".join(textwrap.wrap(text, width))
