"""One node of a layer, forward and backward: the numbers of the first two of the four diagrams.

The same equations as :class:`~backprop_lib.network.Network` for one unit i of layer k, written
for one node's inputs x = a^{k-1}, its weights w = W^k_{i,:} and bias b = b^k_i:

    z = sum_j w_j x_j + b,    a = sigma(z);
    dC/da = sum_m W^{k+1}_{mi} delta^{k+1}_m,    delta = sigma'(z) dC/da,    dC/dW_j = delta x_j.

Both return plain dicts of floats (lists for vectors), the quantities the node diagrams
(:mod:`backprop_lib.draw.node_diagrams`) draw and the node explorers show.

>>> q = node_forward([0.5, -1.0], [0.4, -0.6], 0.1, "tanh")
>>> round(q["z"], 2), round(q["a"], 4)
(0.9, 0.7163)
"""

from __future__ import annotations

import numpy as np

from . import activations

__all__ = ["node_forward", "node_backward"]


def node_forward(x, w, b, activation) -> dict:
    """{"x", "w", "b", "z", "a"}: the node's inputs, weights, bias, linear part and activated value."""
    x = [float(v) for v in x]
    w = [float(v) for v in w]
    z = 0.0
    for wj, xj in zip(w, x):
        z += wj * xj
    z += float(b)
    a = float(activations.get(activation)(np.float64(z)))
    return {"x": x, "w": w, "b": float(b), "z": z, "a": a}


def node_backward(x, w, b, activation, w_next, delta_next) -> dict:
    """:func:`node_forward`'s dict plus the backward pass through the node: "wn" (W^{k+1}_{:,i}),
    "dn" (delta^{k+1}), "dCda", "sp" (sigma'(z)), "delta" and "gW" (dC/dW_j = delta x_j)."""
    q = node_forward(x, w, b, activation)
    wn = [float(v) for v in w_next]
    dn = [float(v) for v in delta_next]
    dCda = 0.0
    for wm, dm in zip(wn, dn):
        dCda += wm * dm
    sp = float(activations.get(activation).derivative(np.float64(q["z"])))
    delta = sp * dCda
    q.update(wn=wn, dn=dn, dCda=dCda, sp=sp, delta=delta, gW=[delta * v for v in q["x"]])
    return q
