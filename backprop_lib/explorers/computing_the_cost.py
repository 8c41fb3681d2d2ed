"""Explorer of the chapter "Computing the cost": the whole network forward, the cost node, and
the base case of backpropagation, delta^L = 2 (O - E) * sigma'(z^L)."""

from __future__ import annotations

from ..draw.layout import panel, panel_row, vec
from ..draw.svg import num
from . import running_example as rx


class CostExplorer(rx.RunningExampleExplorer):
    name = "computing_the_cost"
    title = "The cost node: O against E, and the first error"

    def draw(self, q, params):
        L = len(q["a"]) - 1
        svg = rx.network_figure(
            q, params, highlight=[("layer", L), ("cost",)],
            title="The running example forward, with the cost node and the output errors")
        lines = [
            panel_row("forward", "output O = a² =", vec(q["a"][L], f"a.{L}")),
            panel_row("target", "target E =", vec(q["E"], "E")),
            panel_row("cost", "cost C = Σᵢ (Oᵢ − Eᵢ)² =",
                      " + ".join(num(t, "fmt:3", f"terms.{i}") for i, t in enumerate(q["terms"]))
                      + f" = <b>{num(q['C'], 'fmt:4', 'C')}</b>"),
            panel_row("error", "∂C/∂O = 2 (O − E) =", vec(q["da"][L], f"da.{L}")),
            panel_row("forward", f"σ′(z²) ({params['act']}) =", vec(q["sp"][L], f"sp.{L}")),
            panel_row("error", "δ² = ∂C/∂O ⊙ σ′(z²) =", f"<b>{vec(q['dz'][L], f'dz.{L}')}</b>"),
        ]
        return svg + panel(lines, "The numbers of the cost node and the base case")


EXPLORERS = {"computing_the_cost": CostExplorer}
