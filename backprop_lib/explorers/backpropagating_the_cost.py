"""Explorer of the chapter "Backpropagating the cost": the errors travel back layer by layer,
dC/da^1 = (W^2)^T delta^2 and delta^1 = sigma'(z^1) * dC/da^1."""

from __future__ import annotations

from ..draw import diagrams
from . import _running as rx


class BackpropCostExplorer(rx.RunningExampleExplorer):
    name = "backpropagating_the_cost"
    title = "Backpropagating the cost: from δ² to δ¹"
    main = ("w2_13",)
    note = ("No-kernel version: move the slider to change the weight W²₁₃ and see precomputed "
            "frames; open this page as a notebook (Binder, Colab or JupyterLab) for every control.")

    def render(self, params):
        net, x, E, trace, C, grads = rx.compute(params)
        svg = diagrams.network_svg(
            net, trace, grads, target=E, cost=C, weight_scale=rx.WEIGHT_SCALE,
            highlight=[("layer", 1)], digits=rx.DIGITS,
            title="The running example with the errors backpropagated from the cost",
        ).svg
        sp = self.sigma_prime(params, trace.z[1])
        lines = [
            rx.row("error", "δ² (base case) =", rx.vec(grads.delta[2])),
            rx.row("weight", "W²₁₃ =", diagrams.fmt(params["w2_13"], 2)
                   + " (the weight from hidden unit 3 to output 1)"),
            rx.row("error", "∂C/∂a¹ = (W²)ᵀ δ² =", rx.vec(grads.a[1])),
            rx.row("forward", f"σ′(z¹) ({params['act']}) =", rx.vec(sp)),
            rx.row("error", "δ¹ = σ′(z¹) ⊙ ∂C/∂a¹ =", f"<b>{rx.vec(grads.delta[1])}</b>"),
        ]
        return svg + rx.panel(lines, "The numbers of one backward step")


EXPLORERS = {"backpropagating_the_cost": BackpropCostExplorer}
