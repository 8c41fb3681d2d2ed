"""Explorer of the chapter "The cross-entropy cost": the output error delta^L against the linear
part z^L of a sigmoid output, for the squared error and for the cross-entropy."""

from __future__ import annotations

import numpy as np

from .. import cross_entropy as ce
from ..draw import charts, diagrams
from . import _running as rx
from .base import Explorer, Slider

Z = np.linspace(-8, 8, 161)


class CrossEntropyExplorer(Explorer):
    name = "cross_entropy"
    title = "δᴸ against zᴸ: the squared error stalls where the sigmoid saturates, the cross-entropy does not"
    main = ("z",)
    static_frames = 17

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
        chart = charts.add_points(chart, [(z, d_se)], kind="cost")
        chart = charts.add_points(chart, [(z, d_ce)], kind="error")
        O = float(1 / (1 + np.exp(-z)))
        ratio = abs(d_ce) / abs(d_se) if d_se != 0 else float("inf")
        lines = [
            rx.row("forward", "O = σ(zᴸ) =", diagrams.fmt(O, 4)),
            rx.row("cost", "squared error: δᴸ = 2(O − E)σ′(zᴸ) =", diagrams.fmt(d_se, 4)),
            rx.row("error", "cross-entropy: δᴸ = O − E =", diagrams.fmt(d_ce, 4)),
            rx.row("target", "cross-entropy / squared error =",
                   (f"{ratio:.0f} times larger") if np.isfinite(ratio) and d_ce != 0 else "—"),
        ]
        return chart.svg + rx.panel(lines, "The output error for both costs at this zᴸ")


EXPLORERS = {"cross_entropy": CrossEntropyExplorer}
