"""Explorer of the chapter "Computing the cost": the whole network forward, the cost node, and
the base case of backpropagation, delta^L = 2 (O - E) * sigma'(z^L)."""

from __future__ import annotations

from ..draw import diagrams
from ..draw.svg import num
from . import running_example as rx


class CostExplorer(rx.RunningExampleExplorer):
    name = "computing_the_cost"
    title = "The cost node: O against E, and the first error"

    def render(self, params):
        net, x, E, trace, C, grads = rx.compute(params)
        L = net.L
        O, zL = trace.a[L], trace.z[L]
        svg = diagrams.network_svg(
            net, trace, grads, target=E, cost=C, weight_scale=rx.WEIGHT_SCALE,
            highlight=[("layer", L), ("cost",)], digits=rx.DIGITS,
            title="The running example forward, with the cost node and the output errors",
        ).svg
        terms = (O - E) ** 2
        sp = self.sigma_prime(params, zL)
        lines = [
            rx.row("forward", "output O = a² =", rx.vec(O, f"a.{L}")),
            rx.row("target", "target E =", rx.vec(E, "E")),
            rx.row("cost", "cost C = Σᵢ (Oᵢ − Eᵢ)² =",
                   " + ".join(num(t, "fmt:3", f"terms.{i}") for i, t in enumerate(terms))
                   + f" = <b>{num(C, 'fmt:4', 'C')}</b>"),
            rx.row("error", "∂C/∂O = 2 (O − E) =", rx.vec(grads.a[L], f"da.{L}")),
            rx.row("forward", f"σ′(z²) ({params['act']}) =", rx.vec(sp, f"sp.{L}")),
            rx.row("error", "δ² = ∂C/∂O ⊙ σ′(z²) =", f"<b>{rx.vec(grads.delta[L], f'dz.{L}')}</b>"),
        ]
        return svg + rx.panel(lines, "The numbers of the cost node and the base case")


EXPLORERS = {"computing_the_cost": CostExplorer}
