"""Explorer for the chapter "Forward propagation through one node" (label ch-forward).

Sliders for the two inputs a^{k-1}_1, a^{k-1}_2, the node's weights W_11, W_12 and bias b, a
dropdown for the activation and one for the ``layout`` ("wide", or "narrow": the node diagram
stacked top to bottom for a phone; the page sets it from its width); shows the forward-node diagram with the numbers and the
activation curve sigma(z) with the current point (z, a) marked.

>>> from backprop_lib import explorers
>>> ex = explorers.get("forward_propagation")
>>> "tanh" in ex.update(b=0.5)
True
"""

from .. import activations
from ..draw import node_diagrams
from ..draw.layout import row
from ..node import node_forward
from .base import Dropdown, Explorer, Slider
from .network_explorable import NetworkExplorable

__all__ = ["ForwardNodeExplorer", "ForwardNetworkExplorer"]

#: The running example of the course (2-3-2 network, chapters 1-5): node 1 of layer 1 has
#: inputs x = (0.5, -1.0), weights (0.4, -0.6), bias 0.1, and feeds layer 2 through W^2[:, 0].
W_NEXT = (0.5, -0.7)


class ForwardNodeExplorer(Explorer):
    """One node: inputs, weights, bias and activation -> z and a, feeding the next layer.

    Starts at node 1 of layer 1 of the course's running 2-3-2 example."""

    name = "forward_propagation"
    title = "Forward propagation through one node"
    structure = ("activation", "layout")
    figure_first = True

    def controls(self):
        return [
            Slider("x1", -2.0, 2.0, 0.1, 0.5, label="a⁰₁", description="input 1 (a⁰₁ = x₁)"),
            Slider("x2", -2.0, 2.0, 0.1, -1.0, label="a⁰₂", description="input 2 (a⁰₂ = x₂)"),
            Slider("w1", -2.0, 2.0, 0.1, 0.4, label="W¹₁₁", description="weight from input 1 to the node"),
            Slider("w2", -2.0, 2.0, 0.1, -0.6, label="W¹₁₂", description="weight from input 2 to the node"),
            Slider("b", -2.0, 2.0, 0.1, 0.1, label="b¹₁", description="bias of the node"),
            Dropdown("activation", list(activations.NAMES), "tanh", label="σ",
                     description="activation function of the node"),
            Dropdown("layout", [("wide", "wide"), ("narrow (phone)", "narrow")], "wide", label="layout",
                     description="layout of the figure: set from the page's width"),
        ]

    def quantities(self, p):
        """The node forward (x, w, b, z, a), the next layer's weights ``wn`` and what they
        receive ``c`` = wn a, and the point ``pt`` (z, a) on the curve of sigma."""
        q = node_forward([p["x1"], p["x2"]], [p["w1"], p["w2"]], p["b"], p["activation"])
        q["wn"] = list(W_NEXT)
        q["c"] = [v * q["a"] for v in q["wn"]]
        q["pt"] = node_diagrams.curve_point(q["z"], q["a"])
        return q

    def draw(self, q, p):
        node = node_diagrams.forward_node(q, p["activation"])
        if p["layout"] == "narrow":  # stacked top to bottom: whole and legible in a phone's column
            node = node_diagrams.narrow("forward", node, q, p["activation"], k=1)
        return row(node.svg, node_diagrams.activation_curve(p["activation"], q["pt"]).svg)

    def live_data(self):
        return {"w_next": list(W_NEXT)}


class ForwardNetworkExplorer(NetworkExplorable):
    """The network explorable (:mod:`.network_explorable`) opened at a¹ = σ(z¹), node 1 of
    layer 1 open: the node of this chapter in its network."""

    name = "forward_propagation_network"
    title = "Forward propagation, node by node through the network"


EXPLORERS = {"forward_propagation": ForwardNodeExplorer,
             "forward_propagation_network": ForwardNetworkExplorer}
