"""Explorer of the chapter "Computing the gradient": every weight's gradient
dC/dW^k_ij = delta^k_i a^{k-1}_j on its edge, and the two gradient matrices."""

from __future__ import annotations

import numpy as np

from ..draw import diagrams
from . import _running as rx


class WeightGradientsExplorer(rx.RunningExampleExplorer):
    name = "weight_gradients"
    title = "Weight gradients: ∂C/∂Wᵏᵢⱼ = δᵏᵢ aᵏ⁻¹ⱼ on every edge"
    main = ("x1",)
    # -1.0, -0.9, ..., 1.0: includes 0 (the gradients out of input 1 vanish) and the example's 0.5
    static_values = [round(-1.0 + 0.1 * i, 1) for i in range(21)]
    note = ("No-kernel version: move the slider to change the input x₁ and see precomputed "
            "frames; open this page as a notebook (Binder, Colab or JupyterLab) for every control.")

    def render(self, params):
        net, x, E, trace, C, grads = rx.compute(params)
        svg = diagrams.network_svg(
            net, trace, grads, target=E, cost=C, edge_labels="grad",
            weight_scale=rx.WEIGHT_SCALE, digits=rx.DIGITS,
            title="The running example with the gradient of every weight on its edge",
        ).svg
        lines = [
            rx.row("error", "∂C/∂W² = δ² (a¹)ᵀ =",
                   rx.mat(np.outer(grads.delta[2], trace.a[1]))),
            rx.row("error", "∂C/∂W¹ = δ¹ (a⁰)ᵀ =",
                   rx.mat(np.outer(grads.delta[1], trace.a[0]))),
            rx.row("error", "∂C/∂b² = δ² =", rx.vec(grads.b[2])),
            rx.row("error", "∂C/∂b¹ = δ¹ =", rx.vec(grads.b[1])),
            rx.row("input", "a⁰ = x =", rx.vec(x)
                   + " (column j of ∂C/∂W¹ is δ¹ times xⱼ: x₁ = 0 makes column 1 vanish)"),
        ]
        return svg + rx.panel(lines, "The gradient matrices, rows i (receiving unit), columns j "
                                     "(sending unit)")


EXPLORERS = {"weight_gradients": WeightGradientsExplorer}
