"""Explorer of the chapter "Xavier (Glorot) and He initialization" (label ch-init).

Width, depth, initializer and activation -> the measured per-layer variance of the
activations a^k (forward) and of the back-propagated errors delta^k (backward), with the
theory's prediction overlaid: the linear-regime recursion of the chapter and its mean-field
refinement (the same recursion with Gaussian expectations of sigma and sigma').

The output error delta^L is made standard normal noise independent of the weights (by choosing
the targets E = O - r/2 with r ~ N(0, 1), so that delta^L = 2 (O - E) = r), which is what the
backward derivation assumes.

In the static page, explorers/js/initialization.js computes both theories (the recursion, with the same
Gauss-Hermite quadrature for the mean-field expectations); the measured variances come from a
table the library exports (:meth:`InitializationExplorer.live_data`): the seeded weights of every
width and initializer would be megabytes, the table is a few hundred kilobytes.

>>> from backprop_lib import explorers
>>> ex = explorers.get("initialization")
>>> "Var" in ex.update(initializer="standard")
True
"""

from __future__ import annotations

import functools

import numpy as np

from .. import activations
from .. import initialization as theory
from ..draw import initialization as figure
from .base import Dropdown, Explorer, Slider

__all__ = ["InitializationExplorer", "compute", "BATCH", "measured_table"]

BATCH = 64
MAX_DEPTH = 20
YLIM = (1e-9, 1e5)
INITS = ["standard", "xavier_uniform", "xavier_normal", "he_normal"]
ACTS = ["tanh", "relu", "sigmoid", "leaky_relu"]
WIDTHS = [16, 32, 64, 128]


@functools.lru_cache(maxsize=None)  # all 1216 that measured_table runs: the live widget's depth moves hit
def compute(width, depth, init, activation, batch=BATCH, seed=0):
    """(measured, linear theory, mean-field theory): :func:`variance_experiment`."""
    return theory.variance_experiment(width, depth, init, activation, batch=batch, seed=seed,
                                      max_depth=MAX_DEPTH)


@functools.lru_cache(maxsize=None)
def measured_table():
    """The measured variances for every width, initializer and activation, as the page needs
    them: {"<width>|<init>|<act>": {"a": Var(a^k) of the deepest network's hidden layers
    (k = 0..19), "z": Var(z^k) (k = 1..20, the output layer's value when k = L),
    "delta": {L: Var(delta^k), k = 1..L}}}."""
    out = {}
    for w in WIDTHS:
        for init in INITS:
            for act in ACTS:
                deep = compute(w, MAX_DEPTH, init, act)[0]
                entry = {"a": [float(v) for v in deep.a[:MAX_DEPTH]],
                         "z": [float(v) for v in deep.z[1:]], "delta": {}}
                for L in range(2, MAX_DEPTH + 1):
                    entry["delta"][str(L)] = [float(v) for v in compute(w, L, init, act)[0].delta[1:]]
                out[f"{w}|{init}|{act}"] = entry
    return out


class InitializationExplorer(Explorer):
    """Width, depth, initializer, activation -> per-layer variances, measured and predicted."""

    name = "initialization"
    title = "Initialization: the variance of aᵏ and δᵏ, layer by layer"
    structure = ("depth",)

    def controls(self):
        return [
            Dropdown("width", WIDTHS, 64, label="width n", description="units per layer (every layer)"),
            Slider("depth", 2, MAX_DEPTH, 1, 10, label="depth L", description="number of layers L", digits=0),
            Dropdown("initializer", INITS, "standard", label="init",
                     description="weight initializer"),
            Dropdown("activation", ACTS, "tanh", label="σ", description="activation of the hidden layers"),
        ]

    def quantities(self, params):
        """Per-layer variances of the depth-L network: ``measured`` (``a``: Var(aᵏ), k = 0..L;
        ``delta``: Var(δᵏ), k = 1..L), the ``linear`` and ``meanfield`` theories (the same keys),
        the initializer's ``varW`` and ``nVarW`` = n Var(W), and the ratios ``fwdRatio``
        Var(a^{L-1})/Var(a¹) (NaN when L = 2) and ``bwdRatio`` Var(δ¹)/Var(δᴸ)."""
        w, L = int(params["width"]), int(round(params["depth"]))
        init, act = params["initializer"], params["activation"]
        meas, lin, mf = compute(w, L, init, act)
        vw = theory._init_variance(init, w, w)
        profile = lambda p: {"a": [float(v) for v in p.a], "delta": [float(v) for v in p.delta[1:]]}  # noqa: E731
        return {"init": init, "act": act, "width": w, "varW": vw, "nVarW": w * vw,
                "measured": profile(meas), "linear": profile(lin), "meanfield": profile(mf),
                "fwdRatio": float(meas.a[L - 1] / meas.a[1]) if L > 2 else float("nan"),
                "bwdRatio": float(meas.delta[1] / meas.delta[L])}

    def draw(self, q, params):
        return figure.explorer_figure(q, max_depth=MAX_DEPTH, ylim=YLIM)

    def live_data(self):
        gh_x, gh_w = np.polynomial.hermite_e.hermegauss(121)
        return {"measured": measured_table(),
                "varW": {init: {str(w): theory._init_variance(init, w, w) for w in WIDTHS} for init in INITS},
                "gh_x": gh_x.tolist(), "gh_w": (gh_w / gh_w.sum()).tolist(),
                "leaky_slope": activations.LEAKY_SLOPE}


EXPLORERS = {"initialization": InitializationExplorer}
