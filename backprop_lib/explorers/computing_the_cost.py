"""Explorer of the chapter "Computing the cost": the whole network forward, the cost node, and
the base case of backpropagation, delta^L = 2 (O - E) * sigma'(z^L)."""

from __future__ import annotations

from ..draw import diagrams
from . import _running as rx


class CostExplorer(rx.RunningExampleExplorer):
    name = "computing_the_cost"
    title = "The cost node: O against E, and the first error"
    main = ("E1",)
    note = ("No-kernel version: move the slider to change the target E₁ and see precomputed "
            "frames; open this page as a notebook (Binder, Colab or JupyterLab) for every control.")

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
            rx.row("forward", "output O = a² =", rx.vec(O)),
            rx.row("target", "target E =", rx.vec(E)),
            rx.row("cost", "cost C = Σᵢ (Oᵢ − Eᵢ)² =",
                   " + ".join(diagrams.fmt(t, 3) for t in terms) + f" = <b>{diagrams.fmt(C, 4)}</b>"),
            rx.row("error", "∂C/∂O = 2 (O − E) =", rx.vec(grads.a[L])),
            rx.row("forward", f"σ′(z²) ({params['act']}) =", rx.vec(sp)),
            rx.row("error", "δ² = ∂C/∂O ⊙ σ′(z²) =", f"<b>{rx.vec(grads.delta[L])}</b>"),
        ]
        return svg + rx.panel(lines, "The numbers of the cost node and the base case")


EXPLORERS = {"computing_the_cost": CostExplorer}
