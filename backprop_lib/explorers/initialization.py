"""Explorer of the chapter "Xavier (Glorot) and He initialization" (label ch-init).

Width, depth, initializer and activation -> the measured per-layer variance of the
activations a^k (forward) and of the back-propagated errors delta^k (backward), with the
theory's prediction overlaid: the linear-regime recursion of the chapter and its mean-field
refinement (the same recursion with Gaussian expectations of sigma and sigma').

The output error delta^L is made standard normal noise independent of the weights (by choosing
the targets E = O - r/2 with r ~ N(0, 1), so that delta^L = 2 (O - E) = r), which is what the
backward derivation assumes.

In the static page, explorers/live.js computes both theories (the recursion, with the same
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
import html as _html

import numpy as np

from .. import activations
from .. import initialization as theory
from ..draw import style
from ..draw.svg import num, sup
from . import fast_chart
from .base import Dropdown, Explorer, Slider



__all__ = ["InitializationExplorer", "compute", "BATCH", "measured_table"]

BATCH = 64
MAX_DEPTH = 20
YLIM = (1e-9, 1e5)
INITS = ["standard", "xavier_uniform", "xavier_normal", "he_normal"]
ACTS = ["tanh", "relu", "sigmoid", "leaky_relu"]
WIDTHS = [16, 32, 64, 128]


@functools.lru_cache(maxsize=512)
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

    def profiles(self, params):
        return compute(int(params["width"]), int(round(params["depth"])), params["initializer"],
                       params["activation"])

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
        fbase = fast_chart.frame("init-forward", specs("forward"), ylabel="Var(aᵏ)",
                                 title="Forward: Var(aᵏ)", **kw)
        bbase = fast_chart.frame("init-backward", specs("error"), ylabel="Var(δᵏ)",
                                 title="Backward: Var(δᵏ)", **kw)
        minit, mact, mw = num(init, "s", "init"), num(act, "s", "act"), num(w, "d", "width")
        where = f"{minit}, {mact}, width {mw}, depth {L}."
        fwd = fast_chart.lines_on(fbase, [(k, meas.a), (k, lin.a), (k, mf.a)], summary=where,
                                  q=["measured.a", "linear.a", "meanfield.a"])
        bwd = fast_chart.lines_on(bbase, [(k[1:], meas.delta[1:]), (k[1:], lin.delta[1:]),
                                          (k[1:], mf.delta[1:])], summary=where,
                                  q=["measured.delta", "linear.delta", "meanfield.delta"])
        vw = theory.init_variance(init, w, w)
        fwd_ratio = meas.a[L - 1] / meas.a[1] if L > 2 else float("nan")
        bwd_ratio = meas.delta[1] / meas.delta[L]
        summary = (
            f'<p style="margin:.3em 0;font-size:.95em">{minit}: Var(W) = '
            f'{num(vw, "fmt:3", "varW")}, so n·Var(W) = <strong>{num(w * vw, "fmt:3", "nVarW")}</strong> '
            f'per layer. Measured: Var(a{sup(L - 1)}) / Var(a¹) = '
            f'<strong>{num(fwd_ratio, "fmt:2", "fwdRatio")}</strong>, '
            f'Var(δ¹) / Var(δ{sup(L)}) = <strong>{num(bwd_ratio, "fmt:2", "bwdRatio")}</strong>.</p>'
        )
        return ('<div style="display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start">'
                f"<div>{fwd.svg}</div><div>{bwd.svg}</div></div>" + _LEGEND + summary)

    def live_data(self):
        gh_x, gh_w = np.polynomial.hermite_e.hermegauss(121)
        return {"measured": measured_table(),
                "varW": {init: {str(w): theory.init_variance(init, w, w) for w in WIDTHS} for init in INITS},
                "gh_x": gh_x.tolist(), "gh_w": (gh_w / gh_w.sum()).tolist(),
                "leaky_slope": activations.LEAKY_SLOPE}


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


EXPLORERS = {"initialization": InitializationExplorer}
