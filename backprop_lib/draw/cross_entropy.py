"""Figures of the chapter "The cross-entropy cost" (matplotlib, the course palette; the two costs
also differ by line style and marker)."""

from __future__ import annotations

import numpy as np

from . import style as _style
from .axes import NARROW_WIDTH_IN, panels, two_widths

__all__ = ["recovery_plot"]


def recovery_plot(se_runs, ce_runs, title="A confidently wrong output: squared error against cross-entropy"):
    """Left: the output O during training for the first run of each cost. Right: the steps each
    seed needed until the answer turned right, both costs. Returns the Figure."""
    if not se_runs or len(se_runs) != len(ce_runs):
        raise ValueError("se_runs and ce_runs must be non-empty lists of equal length (one run per seed)")
    return two_widths(lambda narrow: _recovery_plot(se_runs, ce_runs, title, narrow))


def _recovery_plot(se_runs, ce_runs, title, narrow):
    import textwrap

    if narrow:
        fig, axes = panels(2, 1, (NARROW_WIDTH_IN, 6.6), narrow=True)
        ax, ax2 = axes[0][0], axes[1][0]
    else:
        fig, axes = panels(1, 2, (9.5, 3.5))
        ax, ax2 = axes[0]
    for runs, kind, style, label in ((se_runs, "cost", "-", "squared error"),
                                    (ce_runs, "error", "--", "cross-entropy")):
        O = runs[0]["outputs"]
        ax.plot(range(len(O)), O, style, color=_style.color(kind), label=label)
    ax.axhline(0.5, color="0.5", lw=0.8, ls=":")
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel("output O (target E = %g)" % se_runs[0]["E"])
    ax.set_ylim(-0.02, 1.02)
    ax.legend(fontsize=10)
    one = "One run (seed 0): O crosses 0.5 when the answer turns right"
    ax.set_title("\n".join(textwrap.wrap(one, 36)) if narrow else one, fontsize=9.5)
    seeds = np.arange(len(se_runs))
    ax2.bar(seeds - 0.2, [r["steps"] for r in se_runs], 0.4, color=_style.color("cost"), label="squared error")
    ax2.bar(seeds + 0.2, [r["steps"] for r in ce_runs], 0.4, color=_style.color("error"), hatch="//",
            label="cross-entropy")
    ax2.set_yscale("log")
    ax2.set_xticks(seeds)
    ax2.set_xlabel("seed")
    ax2.set_ylabel("steps until the answer is right")
    ax2.legend(fontsize=10)
    ax2.set_title("Every seed", fontsize=9.5)
    fig.suptitle("\n".join(textwrap.wrap(title, 34)) if narrow else title, fontsize=11)
    return fig
