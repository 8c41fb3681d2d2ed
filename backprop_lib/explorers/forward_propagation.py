"""Explorer for the chapter "Forward propagation through one node" (label ch-forward).

Sliders for the two inputs a^{k-1}_1, a^{k-1}_2, the node's weights W_11, W_12 and bias b, a
dropdown for the activation; shows the forward-node diagram with the numbers and the
activation curve sigma(z) with the current point (z, a) marked.

>>> from backprop_lib import explorers
>>> ex = explorers.get("forward_propagation")
>>> "tanh" in ex.update(b=0.5)
True
"""

import numpy as np

from .. import activations
from ..draw import charts, diagrams
from .base import Dropdown, Explorer, Slider

__all__ = ["ForwardNodeExplorer", "activation_curve"]

#: The running example of the course (2-3-2 network, chapters 1-5): node 1 of layer 1 has
#: inputs x = (0.5, -1.0), weights (0.4, -0.6), bias 0.1, and feeds layer 2 through W^2[:, 0].
W_NEXT = (0.5, -0.7)

_Z = np.linspace(-4.0, 4.0, 81)
_CURVES = {}


def activation_curve(name, z, *, derivative=False, width=300, height=210):
    """A small chart of sigma(z) (or sigma'(z)) on [-4, 4] with the point at ``z`` marked.

    The curve is drawn once per activation and cached; each call only adds the point.
    """
    act = activations.get(name)
    sym = "σ′(z)" if derivative else "σ(z)"
    key = (act.name, derivative, width, height)
    base = _CURVES.get(key)
    if base is None:
        if derivative:
            ylim = (-0.1, 1.1)
        elif act.name in ("tanh", "sigmoid"):
            ylim = (-1.1, 1.1)
        else:
            ylim = (-4.1, 4.1)
        ys = act.derivative(_Z) if derivative else act(_Z)
        base = charts.line_chart(
            [charts.series(sym, _Z, ys, kind="error" if derivative else "forward")],
            xlim=(-4.0, 4.0), ylim=ylim, xlabel="z", ylabel=sym, width=width, height=height,
            legend=False, desc="@@DESC@@", title=f"{sym}, {act.name}",
        )
        _CURVES[key] = base
    zc = float(np.clip(z, -4.0, 4.0))
    y = float(act.derivative(np.float64(z)) if derivative else act(np.float64(z)))
    zs, ys_ = diagrams.fmt(z).replace("−", "-"), diagrams.fmt(y).replace("−", "-")
    desc = (f"The curve {sym} of {act.name} for z from -4 to 4, with the current point "
            f"z = {zs}, {sym} = {ys_} marked" + (" (off the chart, shown at its edge)." if zc != z else "."))
    return charts.add_points(base, [(zc, y)], kind="cost", desc=desc)


def _row(*svgs):
    return ('<div style="display:flex;flex-wrap:wrap;align-items:flex-start;gap:12px">'
            + "".join(f"<div>{s}</div>" for s in svgs) + "</div>")


class ForwardNodeExplorer(Explorer):
    """One node: inputs, weights, bias and activation -> z and a, feeding the next layer.

    Starts at node 1 of layer 1 of the course's running 2-3-2 example."""

    name = "forward_propagation"
    title = "Forward propagation through one node"
    main = ("x1",)
    static_frames = 21

    def controls(self):
        return [
            Slider("x1", -2.0, 2.0, 0.1, 0.5, label="a⁰₁", description="input 1 (a⁰₁ = x₁)"),
            Slider("x2", -2.0, 2.0, 0.1, -1.0, label="a⁰₂", description="input 2 (a⁰₂ = x₂)"),
            Slider("w1", -2.0, 2.0, 0.1, 0.4, label="W¹₁₁", description="weight from input 1 to the node"),
            Slider("w2", -2.0, 2.0, 0.1, -0.6, label="W¹₁₂", description="weight from input 2 to the node"),
            Slider("b", -2.0, 2.0, 0.1, 0.1, label="b¹₁", description="bias of the node"),
            Dropdown("activation", list(activations.NAMES), "tanh", label="σ",
                     description="activation function of the node"),
        ]

    def render(self, p):
        x = np.array([p["x1"], p["x2"]])
        w = np.array([p["w1"], p["w2"]])
        z = float(w @ x + p["b"])
        d = diagrams.forward_node_svg(x, w, p["b"], p["activation"], w_next=W_NEXT)
        return _row(d.svg, activation_curve(p["activation"], z).svg)


EXPLORERS = {"forward_propagation": ForwardNodeExplorer}
