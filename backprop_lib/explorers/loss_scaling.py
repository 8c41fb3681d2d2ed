"""Explorer of the chapter "Loss scaling for mixed-precision training" (``ch-loss-scaling``).

Loss scale S and depth L -> the fraction of a network's gradient values (every delta^k and
dC/dW^k of one batch) that float16 loses to underflow (they become 0) and to overflow (inf).
The network: sigmoid hidden layers of width 16, a linear output, the sine toy task, batch 64.
"""

from __future__ import annotations

import functools

from .. import loss_scaling as precision
from ..draw.loss_scaling import fate_bars
from .base import Explorer, Slider

WIDTH, BATCH = 16, 64


@functools.lru_cache(maxsize=None)
def gradient_values_for_depth(L):
    """float64 gradient values (delta^k and dC/dW^k) of the explorer's network with L layers."""
    from .. import Network, datasets

    X, Y = datasets.sine(BATCH, seed=0)
    net = Network([1] + [WIDTH] * (int(L) - 1) + [1], activation="sigmoid", output_activation="identity",
                  seed=0)
    _, grads = precision.reference_gradients(net, X, Y)
    return precision.gradient_values(grads, "all")


class LossScalingExplorer(Explorer):
    name = "loss_scaling"
    title = "Loss scale and depth: gradients lost in float16"
    main = ("log2_scale", "depth")
    note = ("No-kernel version: move the sliders to see precomputed frames; open this page as a "
            "notebook (Binder, Colab or JupyterLab) to run it live.")

    def controls(self):
        return [
            Slider("log2_scale", -4, 36, 4, 0, label="log₂ S", description="loss scale S = 2^value"),
            Slider("depth", 2, 20, 3, 14, label="depth L", description="number of layers with weights"),
        ]

    def render(self, params):
        S = 2.0 ** params["log2_scale"]
        fate = precision.float16_fate(gradient_values_for_depth(int(params["depth"])), S)
        chart = fate_bars(fate, title=f"S = 2^{params['log2_scale']:g}, L = {int(params['depth'])}")
        text = (f"<p style='margin:0.3em 0'><b>lost: {100 * fate.lost:.1f} %</b> "
                f"(underflow {100 * fate.underflow:.1f} %, overflow {100 * fate.overflow:.1f} %) "
                f"of {fate.count} gradient values.</p>")
        return chart.svg + text


EXPLORERS = {"loss_scaling": LossScalingExplorer}
