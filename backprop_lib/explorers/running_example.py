"""The running example of the chapters on the cost, its backpropagation and the weight gradients.

A 2-3-2 network with hand-picked weights (the same numbers as in the chapters), and the controls
of its values that the network explorable (:mod:`.network_explorable`) shows: the inputs x1, x2,
two weights, the activation and the targets E1, E2; :func:`quantities`, its numbers. Not an
explorer itself (``explorers.CHAPTERS`` does not list it).
"""

from __future__ import annotations

import numpy as np

from .. import activations as _activations
from ..network import Network
from ..node import node_backward, node_forward
from .base import Dropdown, Slider

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


def quantities(params) -> dict:
    """Every number the three explorers show: the network forward (``a``, ``z``), its weights
    ``W`` and biases ``b``, the targets ``E``, the cost ``C`` and its terms ``terms``
    ((O_i - E_i)^2), backward ``da`` (dC/da^k), ``dz`` (delta^k), ``gW`` (dC/dW^k) and ``sp``
    (sigma'(z^k)); per-layer lists indexed by k, entry 0 None where the input layer has none.

    Computed node by node with the first two diagrams' equations (:mod:`backprop_lib.node`), in
    plain floats summed in a fixed order: the page's twin sums in the same order, so a kink of
    sigma' at z = 0 falls on the same side in both (numpy's matrix products may round a sum that
    is exactly 0 to another tiny value on another machine). They equal :meth:`Network.forward`
    and :meth:`Network.backward` of :func:`network` to rounding (tests/unit/test_explorers_live.py).
    """
    W = [None, globals()["W1"].tolist(), globals()["W2"].tolist()]
    W[1][2][0] = float(params["w1_31"])
    W[2][0][2] = float(params["w2_13"])
    b = [None, B1.tolist(), B2.tolist()]
    act = params["act"]
    L = 2
    a, z = [[float(params["x1"]), float(params["x2"])]], [None]
    for k in range(1, L + 1):
        nodes = [node_forward(a[k - 1], W[k][i], b[k][i], act) for i in range(len(W[k]))]
        z.append([q["z"] for q in nodes])
        a.append([q["a"] for q in nodes])
    E = [float(params["E1"]), float(params["E2"])]
    O = a[L]
    terms = [(o - e) * (o - e) for o, e in zip(O, E)]
    C = 0.0
    for t in terms:
        C += t
    da, dz, gW, sp = [None] * (L + 1), [None] * (L + 1), [None] * (L + 1), [None] * (L + 1)
    da[L] = [2 * (o - e) for o, e in zip(O, E)]
    sigma = _activations.get(act)
    sp[L] = [float(sigma.derivative(np.float64(v))) for v in z[L]]
    dz[L] = [s_ * d for s_, d in zip(sp[L], da[L])]
    gW[L] = [[d * v for v in a[L - 1]] for d in dz[L]]
    for k in range(L - 1, 0, -1):  # the second diagram at every node j of layer k
        nodes = [node_backward(a[k - 1], W[k][j], b[k][j], act, [row[j] for row in W[k + 1]], dz[k + 1])
                 for j in range(len(W[k]))]
        da[k] = [q["dCda"] for q in nodes]
        sp[k] = [q["sp"] for q in nodes]
        dz[k] = [q["delta"] for q in nodes]
        gW[k] = [q["gW"] for q in nodes]
    return {"a": a, "z": z, "W": W, "b": b, "E": E, "C": C, "da": da, "dz": dz, "gW": gW, "sp": sp,
            "terms": terms}
