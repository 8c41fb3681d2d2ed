"""Explorer of the chapter "The cross-entropy cost": the output error delta^L against the linear
part z^L of a sigmoid output, for the squared error and for the cross-entropy.

The target E changes the curves (a ``structure`` control: one template per target in the static
book); z^L moves the two points and the numbers (marked, computed in the page by
explorers/js/cross_entropy.js)."""

from __future__ import annotations

import functools

import numpy as np

from .. import cross_entropy as ce
from ..draw import charts
from ..draw.layout import panel, panel_row
from ..draw.svg import fmt, num
from .base import Explorer, Slider

Z = np.linspace(-8, 8, 161)


@functools.lru_cache(maxsize=None)
def _curves(E):
    """The chart of both curves for the target E (drawn once per target)."""
    return charts.line_chart(
        [charts.series("squared error: 2(O − E)σ′(zᴸ)", Z, ce.output_delta("squared_error", Z, E), kind="cost"),
         charts.series("cross-entropy: O − E", Z, ce.output_delta("binary_cross_entropy", Z, E), kind="error")],
        xlabel="zᴸ", ylabel="δᴸ", ylim=(-1.05, 1.05), width=520, height=280,
        title=f"δᴸ of a sigmoid output with target E = {fmt(E, 1)}")


def ratio_text(d_se, d_ce):
    """How many times larger the cross-entropy's delta is, as the panel writes it ("—" when the
    squared error's or the cross-entropy's delta is 0)."""
    ratio = abs(d_ce) / abs(d_se) if d_se != 0 else float("inf")
    return f"{ratio:.0f} times larger" if np.isfinite(ratio) and d_ce != 0 else "—"


class CrossEntropyExplorer(Explorer):
    name = "cross_entropy"
    title = "δᴸ against zᴸ: the squared error stalls where the sigmoid saturates, the cross-entropy does not"
    structure = ("E",)

    def controls(self):
        return [
            Slider("z", -8.0, 8.0, 0.5, 6.0, label="zᴸ", description="the output unit's linear part"),
            Slider("E", 0.0, 1.0, 0.5, 0.0, label="E", description="the target (0, 0.5 or 1)"),
        ]

    def quantities(self, p):
        """delta^L of a sigmoid output at z for both costs: the points ``se`` and ``ce``
        ({"x": z, "y": delta}), the output ``O``, ``dSE``, ``dCE`` and their ``ratio`` (text)."""
        z, E = p["z"], p["E"]
        d_se = float(ce.output_delta("squared_error", z, E))
        d_ce = float(ce.output_delta("binary_cross_entropy", z, E))
        return {"se": {"x": z, "y": d_se}, "ce": {"x": z, "y": d_ce}, "O": float(1 / (1 + np.exp(-z))),
                "dSE": d_se, "dCE": d_ce, "ratio": ratio_text(d_se, d_ce)}

    def draw(self, q, p):
        chart = charts.add_points(_curves(p["E"]), [(q["se"]["x"], q["se"]["y"])], kind="cost", q=["se"])
        chart = charts.add_points(chart, [(q["ce"]["x"], q["ce"]["y"])], kind="error", q=["ce"])
        lines = [
            panel_row("forward", "O = σ(zᴸ) =", num(q["O"], "fmt:4", "O")),
            panel_row("cost", "squared error: δᴸ = 2(O − E)σ′(zᴸ) =", num(q["dSE"], "fmt:4", "dSE")),
            panel_row("error", "cross-entropy: δᴸ = O − E =", num(q["dCE"], "fmt:4", "dCE")),
            panel_row("target", "cross-entropy / squared error =", num(q["ratio"], "s", "ratio")),
        ]
        return chart.both + panel(lines, "The output error for both costs at this zᴸ")


EXPLORERS = {"cross_entropy": CrossEntropyExplorer}
