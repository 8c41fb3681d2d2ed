"""Explorer of the chapter "Loss scaling for mixed-precision training" (``ch-loss-scaling``).

Loss scale S and depth L -> the fraction of a network's gradient values (every delta^k and
dC/dW^k of one batch) that float16 loses to underflow (they become 0) and to overflow (inf).
The network: sigmoid hidden layers of width 16, a linear output, the sine toy task, batch 64.

In the static page, explorers/js/loss_scaling.js classifies the same values (``float16Fate``): the library
exports them as a histogram of their binary exponents (:func:`exponent_histogram`), which is all
that float16's thresholds look at when S is a power of two, so the page's fractions are exact.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import loss_scaling as precision
from ..draw import bar_charts
from ..draw.svg import num
from .base import Explorer, Slider

__all__ = ["LossScalingExplorer", "gradient_values_for_depth", "exponent_histogram"]

WIDTH, BATCH = 16, 64
KINDS = ["underflow → 0", "subnormal", "normal", "overflow → inf"]


@functools.lru_cache(maxsize=None)
def gradient_values_for_depth(L):
    """float64 gradient values (delta^k and dC/dW^k) of the explorer's network with L layers."""
    from .. import Network, datasets

    X, Y = datasets.sine(BATCH, seed=0)
    net = Network([1] + [WIDTH] * (int(L) - 1) + [1], activation="sigmoid", output_activation="identity",
                  seed=0)
    _, grads = precision.reference_gradients(net, X, Y)
    return precision.gradient_values(grads, "all")


@functools.lru_cache(maxsize=None)
def exponent_histogram(L):
    """The nonzero gradient values |v| = m 2^e (m in [0.5, 1)) of depth L, counted by e:
    {"n": count, "bins": [[e, count, #(m = 0.5), #(m >= 1 - 2^-11), #(m >= 1 - 2^-12)], ...]}.

    float16 turns S |v| (S = 2^s) into 0 when |v| <= 2^(-25-s), keeps it subnormal below
    (1 - 2^-11) 2^(-14-s), and overflows from (1 - 2^-12) 2^(16-s): the three extra counts
    decide the values on those boundaries' exponents.
    """
    v = np.abs(np.asarray(gradient_values_for_depth(L), dtype=np.float64).ravel())
    v = v[v != 0]
    m, e = np.frexp(v)
    bins = []
    for ex in np.unique(e):
        mm = m[e == ex]
        bins.append([int(ex), int(mm.size), int(np.count_nonzero(mm == 0.5)),
                     int(np.count_nonzero(mm >= 1 - 2.0 ** -11)), int(np.count_nonzero(mm >= 1 - 2.0 ** -12))])
    return {"n": int(v.size), "bins": bins}


class LossScalingExplorer(Explorer):
    name = "loss_scaling"
    title = "Loss scale and depth: gradients lost in float16"

    def controls(self):
        return [
            Slider("log2_scale", -4, 36, 4, 0, label="log₂ S", description="the loss scale S, as a power of 2"),
            Slider("depth", 2, 20, 3, 14, label="depth L", description="number of layers with weights"),
        ]

    def quantities(self, params):
        """The fate in float16 of the depth-L network's gradient values at loss scale S = 2^s:
        ``s``, ``L``, their ``count``, the % ``lost`` (underflow + overflow) and the % of each
        kind ``pct`` (one bar group: underflow, subnormal, normal, overflow)."""
        s, L = params["log2_scale"], int(params["depth"])
        fate = precision.float16_fate(gradient_values_for_depth(L), 2.0 ** s)
        return {"s": s, "L": L, "count": fate.count, "lost": 100 * fate.lost,
                "pct": [[100 * fate.underflow, 100 * fate.subnormal, 100 * fate.normal, 100 * fate.overflow]]}

    def draw(self, q, params):
        pct = q["pct"][0]
        chart = bar_charts.bar_chart(
            KINDS, pct, kind="error", ylabel="% of gradient values", ylim=(0, 100), digits=1,
            width=520, height=260, q="pct",
            title=f"log₂ S = {num(q['s'], 'g', 's')}, L = {num(q['L'], 'd', 'L')}")
        text = (f"<p style='margin:0.3em 0'><b>lost: {num(q['lost'], 'f:1', 'lost')} %</b> "
                f"(underflow {num(pct[0], 'f:1', 'pct.0.0')} %, overflow {num(pct[3], 'f:1', 'pct.0.3')} %) "
                f"of {num(q['count'], 'd', 'count')} gradient values.</p>")
        return chart.both + text

    def live_data(self):
        return {"histograms": {f"{L:g}": exponent_histogram(int(L))
                               for L in self.control_list[1].values()}}


EXPLORERS = {"loss_scaling": LossScalingExplorer}
