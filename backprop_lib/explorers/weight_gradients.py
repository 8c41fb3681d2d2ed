"""Explorer of the chapter "Computing the gradient": the network explorable
(:mod:`.network_explorable`) opened at the last steps, every weight's gradient
dC/dW^k_ij = delta^k_i a^{k-1}_j on its edge and the two gradient matrices."""

from __future__ import annotations

from .network_explorable import NetworkExplorable


class WeightGradientsExplorer(NetworkExplorable):
    name = "weight_gradients"
    title = "Weight gradients: ∂C/∂Wᵏᵢⱼ = δᵏᵢ aᵏ⁻¹ⱼ on every edge"


EXPLORERS = {"weight_gradients": WeightGradientsExplorer}
