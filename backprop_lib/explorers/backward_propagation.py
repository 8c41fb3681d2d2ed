"""Explorer for the chapter "Backward propagation through one node" (label ch-backward).

Sliders for the node's inputs, weights and bias (its forward pass), the activation, and the
next layer's errors delta^{k+1} and weights W^{k+1}; shows the backward-node diagram
(dC/da = sum W delta, delta = sigma'(z) dC/da) and the curve sigma'(z) with the current z marked.

>>> from backprop_lib import explorers
>>> ex = explorers.get("backward_propagation")
>>> "δ" in ex.update(d1=0.5)
True
"""

import numpy as np

from .. import activations
from ..draw import diagrams
from .base import Dropdown, Explorer, Slider
from .forward_propagation import _row, activation_curve

__all__ = ["BackwardNodeExplorer"]


class BackwardNodeExplorer(Explorer):
    """One node, backward: the next layer's errors weighted back, times sigma'(z).

    Starts at node 1 of layer 1 of the course's running 2-3-2 example, with its real
    delta^2 = (-1.22, -0.15) (rounded) for the input (0.5, -1.0) and target (0.5, -0.5)."""

    name = "backward_propagation"
    title = "Backward propagation through one node"
    main = ("b",)
    static_frames = 21

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
        ]

    def render(self, p):
        x = np.array([p["x1"], p["x2"]])
        w = np.array([p["w1"], p["w2"]])
        z = float(w @ x + p["b"])
        d = diagrams.backward_node_svg(x, w, p["b"], p["activation"], w_next=[p["v1"], p["v2"]],
                                       delta_next=[p["d1"], p["d2"]])
        return _row(d.svg, activation_curve(p["activation"], z, derivative=True).svg)


EXPLORERS = {"backward_propagation": BackwardNodeExplorer}
