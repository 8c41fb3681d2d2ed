"""Explorer of the chapter "Computing the gradient": every weight's gradient
dC/dW^k_ij = delta^k_i a^{k-1}_j on its edge, and the two gradient matrices."""

from __future__ import annotations

from ..draw.layout import mat, panel, panel_row, vec
from . import running_example as rx


class WeightGradientsExplorer(rx.RunningExampleExplorer):
    name = "weight_gradients"
    title = "Weight gradients: ∂C/∂Wᵏᵢⱼ = δᵏᵢ aᵏ⁻¹ⱼ on every edge"

    def draw(self, q, params):
        svg = rx.network_figure(
            q, params, edge_labels="grad",
            title="The running example with the gradient of every weight on its edge")
        lines = [
            panel_row("error", "∂C/∂W² = δ² (a¹)ᵀ =", mat(q["gW"][2], "gW.2")),
            panel_row("error", "∂C/∂W¹ = δ¹ (a⁰)ᵀ =", mat(q["gW"][1], "gW.1")),
            panel_row("error", "∂C/∂b² = δ² =", vec(q["dz"][2], "dz.2")),
            panel_row("error", "∂C/∂b¹ = δ¹ =", vec(q["dz"][1], "dz.1")),
            panel_row("input", "a⁰ = x =", vec(q["a"][0], "a.0")
                      + " (column j of ∂C/∂W¹ is δ¹ times xⱼ: x₁ = 0 makes column 1 vanish)"),
        ]
        return svg + panel(lines, "The gradient matrices, rows i (receiving unit), columns j "
                                  "(sending unit)")


EXPLORERS = {"weight_gradients": WeightGradientsExplorer}
