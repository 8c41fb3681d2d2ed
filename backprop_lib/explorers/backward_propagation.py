"""Explorer for the chapter "Backward propagation through one node" (label ch-backward).

Sliders for the node's inputs, weights and bias (its forward pass), the activation, and the
next layer's errors delta^{k+1} and weights W^{k+1}, and the ``layout`` ("wide", or "narrow": the
node diagram stacked top to bottom for a phone; the page sets it from its width); shows the backward-node diagram
(dC/da = sum W delta, delta = sigma'(z) dC/da) and the curve sigma'(z) with the current z marked.

>>> from backprop_lib import explorers
>>> ex = explorers.get("backward_propagation")
>>> "δ" in ex.update(d1=0.5)
True
"""

from .. import activations
from ..draw import node_diagrams
from ..draw.layout import row
from ..node import node_backward
from .base import Dropdown, Explorer, Slider
from .network_explorable import NetworkExplorable

__all__ = ["BackwardNodeExplorer", "BackwardNetworkExplorer"]


class BackwardNodeExplorer(Explorer):
    """One node, backward: the next layer's errors weighted back, times sigma'(z).

    Starts at node 1 of layer 1 of the course's running 2-3-2 example, with its real
    delta^2 = (-1.22, -0.15) (rounded) for the input (0.5, -1.0) and target (0.5, -0.5)."""

    name = "backward_propagation"
    title = "Backward propagation through one node"
    structure = ("activation", "layout")
    figure_first = True

    def controls(self):
        return [
            Slider("d1", -1.5, 1.5, 0.01, -1.22, label="δ²₁", description="error of the next layer's linear part, unit 1"),
            Slider("d2", -1.5, 1.5, 0.01, -0.15, label="δ²₂", description="error of the next layer's linear part, unit 2"),
            Slider("v1", -2.0, 2.0, 0.1, 0.5, label="W²₁₁", description="weight from this node to next-layer unit 1"),
            Slider("v2", -2.0, 2.0, 0.1, -0.7, label="W²₂₁", description="weight from this node to next-layer unit 2"),
            Slider("b", -3.0, 3.0, 0.1, 0.1, label="b¹₁", description="bias of this node (moves z)"),
            Slider("x1", -2.0, 2.0, 0.1, 0.5, label="a⁰₁", description="input 1 of this node"),
            Slider("x2", -2.0, 2.0, 0.1, -1.0, label="a⁰₂", description="input 2 of this node"),
            Slider("w1", -2.0, 2.0, 0.1, 0.4, label="W¹₁₁", description="weight from input 1 to this node"),
            Slider("w2", -2.0, 2.0, 0.1, -0.6, label="W¹₁₂", description="weight from input 2 to this node"),
            Dropdown("activation", list(activations.NAMES), "tanh", label="σ",
                     description="activation function of this node"),
            Dropdown("layout", [("wide", "wide"), ("narrow (phone)", "narrow")], "wide", label="layout",
                     description="layout of the figure: set from the page's width"),
        ]

    def quantities(self, p):
        """The node forward and backward (:func:`backprop_lib.node.node_backward`) and the point
        ``pt`` (z, sigma'(z)) on the curve of sigma'."""
        q = node_backward([p["x1"], p["x2"]], [p["w1"], p["w2"]], p["b"], p["activation"],
                          [p["v1"], p["v2"]], [p["d1"], p["d2"]])
        q["pt"] = node_diagrams.curve_point(q["z"], q["sp"])
        return q

    def draw(self, q, p):
        node = node_diagrams.backward_node(q, p["activation"])
        if p["layout"] == "narrow":  # stacked top to bottom: whole and legible in a phone's column
            node = node_diagrams.narrow("backward", node, q, p["activation"], k=1)
        return row(node.svg, node_diagrams.activation_curve(p["activation"], q["pt"], derivative=True).svg)


class BackwardNetworkExplorer(NetworkExplorable):
    """The network explorable (:mod:`.network_explorable`) opened at δ¹ = σ′(z¹) ⊙ ∂C/∂a¹, node 1
    of layer 1 open: this chapter's step at every hidden node at once."""

    name = "backward_propagation_network"
    title = "Backward propagation, node by node back through the network"


EXPLORERS = {"backward_propagation": BackwardNodeExplorer,
             "backward_propagation_network": BackwardNetworkExplorer}
