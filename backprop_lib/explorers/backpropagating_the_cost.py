"""Explorer of the chapter "Backpropagating the cost": the network explorable
(:mod:`.network_explorable`) opened where the errors travel back a layer,
dC/da^1 = (W^2)^T delta^2 and delta^1 = sigma'(z^1) * dC/da^1."""

from __future__ import annotations

from .network_explorable import NetworkExplorable


class BackpropCostExplorer(NetworkExplorable):
    name = "backpropagating_the_cost"
    title = "Backpropagating the cost: from δ² to δ¹"


EXPLORERS = {"backpropagating_the_cost": BackpropCostExplorer}
