"""Explorer of the chapter "Computing the cost": the network explorable
(:mod:`.network_explorable`) opened at the base case, delta^L = 2 (O - E) * sigma'(z^L), with an
output node's diagrams open."""

from __future__ import annotations

from .network_explorable import NetworkExplorable


class CostExplorer(NetworkExplorable):
    name = "computing_the_cost"
    title = "The cost node: O against E, and the first error"


EXPLORERS = {"computing_the_cost": CostExplorer}
