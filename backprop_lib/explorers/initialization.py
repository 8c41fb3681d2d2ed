"""Explorer of the chapter "Xavier (Glorot) and He initialization" (label ch-init).

Width, depth, initializer and activation -> the measured per-layer variance of the
activations a^k (forward) and of the back-propagated errors delta^k (backward), with the
theory's prediction overlaid: the linear-regime recursion of the chapter and its mean-field
refinement (the same recursion with Gaussian expectations of sigma and sigma').

The output error delta^L is made standard normal noise independent of the weights (by choosing
the targets E = O - r/2 with r ~ N(0, 1), so that delta^L = 2 (O - E) = r), which is what the
backward derivation assumes.

>>> from backprop_lib import explorers
>>> ex = explorers.get("initialization")
>>> "Var" in ex.update(initializer="standard")
True
"""

from __future__ import annotations

import html as _html
from collections import OrderedDict

import numpy as np

from .. import initialization as gf
from ..draw import style
from ..draw.diagrams import fmt
from . import _fastchart
from .base import Dropdown, Explorer, Slider

__all__ = ["InitializationExplorer", "compute", "BATCH"]

BATCH = 64
MAX_DEPTH = 20
YLIM = (1e-9, 1e5)
INITS = ["standard", "xavier_uniform", "xavier_normal", "he_normal"]
ACTS = ["tanh", "relu", "sigmoid", "leaky_relu"]


def compute(width, depth, init, activation, batch=BATCH, seed=0):
    """(measured, linear theory, mean-field theory): :func:`gradient_flow.variance_experiment`."""
    return gf.variance_experiment(width, depth, init, activation, batch=batch, seed=seed, max_depth=MAX_DEPTH)


class InitializationExplorer(Explorer):
    """Width, depth, initializer, activation -> per-layer variances, measured and predicted."""

    name = "initialization"
    title = "Initialization: the variance of aᵏ and δᵏ, layer by layer"
    main = ("initializer", "activation", "depth")
    static_sweep = {"initializer": INITS, "activation": ["tanh", "relu", "sigmoid"],
                    "depth": [5.0, 10.0, 20.0]}
    note = ("No-kernel version: precomputed frames for width 64, four initializers, three "
            "activations and depths 5, 10 and 20; open this page as a notebook (Binder, Colab or "
            "JupyterLab) for every value.")

    def __init__(self, **params):
        self._cache = OrderedDict()
        super().__init__(**params)

    def controls(self):
        return [
            Dropdown("width", [16, 32, 64, 128], 64, label="width n",
                     description="units per layer (every layer)"),
            Slider("depth", 2, MAX_DEPTH, 1, 10, label="depth L", description="number of layers L", digits=0),
            Dropdown("initializer", INITS, "standard", label="init",
                     description="weight initializer"),
            Dropdown("activation", ACTS, "tanh", label="σ", description="activation of the hidden layers"),
        ]

    def profiles(self, params):
        key = (int(params["width"]), int(round(params["depth"])), params["initializer"], params["activation"])
        hit = self._cache.get(key)
        if hit is None:
            hit = compute(*key)
            self._cache[key] = hit
            if len(self._cache) > 256:
                self._cache.popitem(last=False)
        return hit

    def render(self, params):
        meas, lin, mf = self.profiles(params)
        L = len(meas.a) - 1
        k = np.arange(0, L + 1)
        init, act = params["initializer"], params["activation"]
        w = int(params["width"])
        specs = lambda kind: [dict(label="measured", kind=kind, dash="-", markers=True),
                              dict(label="theory (linear)", color="currentColor", dash="7 4"),
                              dict(label="mean-field", color="currentColor", dash="2 3")]
        kw = dict(logy=True, xlim=(0, 20), ylim=YLIM, xlabel="layer k", width=330, height=270, legend=False)
        fbase = _fastchart.frame("init-forward", specs("forward"), ylabel="Var(aᵏ)",
                                 title="Forward: Var(aᵏ)", **kw)
        bbase = _fastchart.frame("init-backward", specs("error"), ylabel="Var(δᵏ)",
                                 title="Backward: Var(δᵏ)", **kw)
        where = f"{init}, {act}, width {w}, depth {L}."
        fwd = _fastchart.lines_on(fbase, [(k, meas.a), (k, lin.a), (k, mf.a)], summary=where)
        bwd = _fastchart.lines_on(bbase, [(k[1:], meas.delta[1:]), (k[1:], lin.delta[1:]),
                                          (k[1:], mf.delta[1:])], summary=where)
        vw = gf.init_variance(init, w, w)
        fwd_ratio = meas.a[L - 1] / meas.a[1] if L > 2 else float("nan")
        bwd_ratio = meas.delta[1] / meas.delta[L]
        summary = (
            f'<p style="margin:.3em 0;font-size:.95em">{_html.escape(init)}: Var(W) = '
            f'{fmt(vw, 3)}, so n·Var(W) = <strong>{fmt(w * vw, 3)}</strong> per layer. '
            f'Measured: Var(a{_sup(L - 1)}) / Var(a¹) = <strong>{fmt(fwd_ratio, 2)}</strong>, '
            f'Var(δ¹) / Var(δ{_sup(L)}) = <strong>{fmt(bwd_ratio, 2)}</strong>.</p>'
        )
        return ('<div style="display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start">'
                f"<div>{fwd.svg}</div><div>{bwd.svg}</div></div>" + _LEGEND + summary)

    def static_html(self, sweep=None, frames=None):
        return super().static_html(sweep=self.static_sweep if sweep is None else sweep, frames=frames)


def _swatch(color, border):
    return (f'<span aria-hidden="true" style="display:inline-block;width:26px;height:0;'
            f'border-top:2.5px {border} {color};vertical-align:middle;margin:0 4px"></span>')


_LEGEND = (
    '<p style="margin:.2em 0;font-size:.9em">'
    f'{_swatch(style.COLORS["forward"], "solid")}{_swatch(style.COLORS["error"], "solid")} measured, '
    f'with dots (forward blue, backward vermillion) &nbsp; {_swatch("currentColor", "dashed")} theory, '
    f'linear regime (the chapter\'s recursion) &nbsp; {_swatch("currentColor", "dotted")} mean-field '
    "theory (same recursion, Gaussian expectations of σ and σ′)</p>"
)


def _sup(n):
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


EXPLORERS = {"initialization": InitializationExplorer}
