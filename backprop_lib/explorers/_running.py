"""The running example of the chapters on the cost, its backpropagation and the weight gradients.

A 2-3-2 network with hand-picked weights (the same numbers as in the chapters), and the controls
the three explorers share: the inputs x1, x2, two weights, the activation and the targets E1, E2.
Not an explorer itself (the leading underscore keeps it out of ``explorers.catalog()``).
"""

from __future__ import annotations

import html as _html

import numpy as np

from .. import activations as _activations
from ..draw import diagrams
from ..network import Network
from ..draw import style
from .base import Dropdown, Explorer, Slider

W1 = np.array([[0.4, -0.6],
               [0.7, 0.2],
               [-0.3, 0.5]])
B1 = np.array([0.1, -0.1, 0.0])
W2 = np.array([[0.5, -0.4, 0.8],
               [-0.7, 0.3, 0.6]])
B2 = np.array([0.0, 0.1])
X = np.array([0.5, -1.0])
E = np.array([0.5, -0.5])

#: |W| drawn at full edge width: fixed so widths stay comparable while a slider moves.
WEIGHT_SCALE = 2.0
DIGITS = 2

ACTIVATIONS = [("tanh", "tanh"), ("sigmoid", "sigmoid"), ("ReLU", "relu"),
               ("leaky ReLU", "leaky_relu"), ("identity", "identity")]


def controls():
    """The shared controls (inputs, two weights, activation, targets)."""
    return [
        Slider("x1", -2.0, 2.0, 0.1, float(X[0]), label="x₁", description="input 1, a⁰₁"),
        Slider("x2", -2.0, 2.0, 0.1, float(X[1]), label="x₂", description="input 2, a⁰₂"),
        Slider("w1_31", -2.0, 2.0, 0.1, float(W1[2, 0]), label="W¹₃₁",
               description="weight from input 1 to hidden unit 3"),
        Slider("w2_13", -2.0, 2.0, 0.1, float(W2[0, 2]), label="W²₁₃",
               description="weight from hidden unit 3 to output 1"),
        Dropdown("act", ACTIVATIONS, "tanh", label="σ",
                 description="activation function of both layers"),
        Slider("E1", -1.0, 1.0, 0.05, float(E[0]), label="E₁", description="target of output 1"),
        Slider("E2", -1.0, 1.0, 0.05, float(E[1]), label="E₂", description="target of output 2"),
    ]


def network(params):
    """The running example's Network with the explorer's parameters applied."""
    W1 = globals()["W1"].copy()
    W2 = globals()["W2"].copy()
    W1[2, 0] = params["w1_31"]
    W2[0, 2] = params["w2_13"]
    return Network.from_weights([None, W1, W2], [None, B1.copy(), B2.copy()],
                                activation=params["act"], loss="squared_error")


def compute(params):
    """(net, x, E, trace, C, grads) for the parameters."""
    net = network(params)
    x = np.array([params["x1"], params["x2"]])
    target = np.array([params["E1"], params["E2"]])
    trace = net.forward(x)
    C, grads = net.backward(trace, target)
    return net, x, target, trace, C, grads


# --- the numbers panel under the diagram --------------------------------------------------------

def vec(v, digits=DIGITS + 1):
    """A vector as "(0.123, −0.456)"."""
    return "(" + ", ".join(diagrams.fmt(x, digits) for x in np.ravel(v)) + ")"


def mat(M, digits=DIGITS + 1):
    """A small matrix as an HTML table (rows = receiving units i, columns = sending units j)."""
    rows = "".join(
        "<tr>" + "".join(f'<td style="padding:0 .5em;text-align:right">{diagrams.fmt(x, digits)}</td>'
                         for x in row) + "</tr>"
        for row in np.atleast_2d(M))
    return (f'<table style="display:inline-table;vertical-align:middle;border-left:1.5px solid;'
            f'border-right:1.5px solid;border-collapse:separate;margin:0 .2em">{rows}</table>')


def row(kind, label, value_html):
    """One line of the numbers panel: a coloured swatch + text label (colour is not alone)."""
    color = style.COLORS[kind]
    return (f'<div style="margin:.15em 0"><span aria-hidden="true" style="display:inline-block;'
            f'width:.8em;height:.8em;border-radius:2px;background:{color};margin-right:.4em">'
            f'</span><span>{label}</span> {value_html}</div>')


def panel(lines, caption):
    return (f'<div class="bp-numbers" role="note" aria-label="{_html.escape(caption)}" '
            f'style="font-family:system-ui,sans-serif;font-size:.92em;line-height:1.5;'
            f'margin:.3em 0 0 .2em;color:inherit">' + "".join(lines) + "</div>")


class RunningExampleExplorer(Explorer):
    """Base of the three chapter explorers: shared controls and numbers; subclasses draw."""

    static_frames = 21
    #: Values of the main parameter for the no-kernel version (None: the base's even thinning).
    #: Chosen to include the chapter's running-example value, so the page starts on it.
    static_values = None

    def controls(self):
        return controls()

    def static_html(self, sweep=None, frames=None):
        if sweep is None and self.static_values is not None:
            sweep = {self.main[0]: list(self.static_values)}
        return super().static_html(sweep=sweep, frames=frames)

    def sigma_prime(self, params, z):
        return _activations.get(params["act"]).derivative(z)
