"""Explorer of the chapter "The cross-entropy cost": the output error delta^L against the linear
part z^L of a sigmoid output, for the squared error and for the cross-entropy.

The target E changes the curves (a ``structure`` control: one template per target in the static
book); z^L moves the two points and the numbers (marked, computed in the page by live.js)."""

from __future__ import annotations

import numpy as np

from .. import cross_entropy as ce
from ..draw import charts, diagrams
from ..draw.svg import num
from . import running_example as rx
from .base import Explorer, Slider

Z = np.linspace(-8, 8, 161)


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

    def render(self, p):
        z, E = p["z"], p["E"]
        se = ce.output_delta("squared_error", Z, E)
        bce = ce.output_delta("binary_cross_entropy", Z, E)
        chart = charts.line_chart(
            [charts.series("squared error: 2(O − E)σ′(zᴸ)", Z, se, kind="cost"),
             charts.series("cross-entropy: O − E", Z, bce, kind="error")],
            xlabel="zᴸ", ylabel="δᴸ", ylim=(-1.05, 1.05), width=520, height=280,
            title=f"δᴸ of a sigmoid output with target E = {diagrams.fmt(E, 1)}")
        d_se = float(ce.output_delta("squared_error", z, E))
        d_ce = float(ce.output_delta("binary_cross_entropy", z, E))
        chart = charts.add_points(chart, [(z, d_se)], kind="cost", q=["se"])
        chart = charts.add_points(chart, [(z, d_ce)], kind="error", q=["ce"])
        O = float(1 / (1 + np.exp(-z)))
        lines = [
            rx.row("forward", "O = σ(zᴸ) =", num(O, "fmt:4", "O")),
            rx.row("cost", "squared error: δᴸ = 2(O − E)σ′(zᴸ) =", num(d_se, "fmt:4", "dSE")),
            rx.row("error", "cross-entropy: δᴸ = O − E =", num(d_ce, "fmt:4", "dCE")),
            rx.row("target", "cross-entropy / squared error =",
                   num(ratio_text(d_se, d_ce), "s", "ratio")),
        ]
        return chart.svg + rx.panel(lines, "The output error for both costs at this zᴸ")


EXPLORERS = {"cross_entropy": CrossEntropyExplorer}
