"""Explorer of the chapter "Backpropagating the cost": the errors travel back layer by layer,
dC/da^1 = (W^2)^T delta^2 and delta^1 = sigma'(z^1) * dC/da^1."""

from __future__ import annotations

from ..draw.layout import panel, panel_row, vec
from ..draw.svg import num
from . import running_example as rx


class BackpropCostExplorer(rx.RunningExampleExplorer):
    name = "backpropagating_the_cost"
    title = "Backpropagating the cost: from δ² to δ¹"

    def draw(self, q, params):
        svg = rx.network_figure(
            q, params, highlight=[("layer", 1)],
            title="The running example with the errors backpropagated from the cost")
        lines = [
            panel_row("error", "δ² (base case) =", vec(q["dz"][2], "dz.2")),
            panel_row("weight", "W²₁₃ =", num(q["W"][2][0][2], "fmt:2", "W.2.0.2")
                      + " (the weight from hidden unit 3 to output 1)"),
            panel_row("error", "∂C/∂a¹ = (W²)ᵀ δ² =", vec(q["da"][1], "da.1")),
            panel_row("forward", f"σ′(z¹) ({params['act']}) =", vec(q["sp"][1], "sp.1")),
            panel_row("error", "δ¹ = σ′(z¹) ⊙ ∂C/∂a¹ =", f"<b>{vec(q['dz'][1], 'dz.1')}</b>"),
        ]
        return svg + panel(lines, "The numbers of one backward step")


EXPLORERS = {"backpropagating_the_cost": BackpropCostExplorer}
