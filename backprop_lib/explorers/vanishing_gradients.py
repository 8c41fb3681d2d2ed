"""Explorer of the chapter "The vanishing (and exploding) gradient problem" (label ch-vanishing).

Depth, activation and weight scale g (W^k ~ N(0, g^2 / n_{k-1})) -> the per-layer gradient
norms ||delta^k|| and ||dC/dW^k|| on a log scale with the theorem's bound, and a strip of
boxes, one per layer, saying which layers still learn.

>>> from backprop_lib import explorers
>>> ex = explorers.get("vanishing_gradients")
>>> "stalled" in ex.update(activation="sigmoid", depth=30.0)
True
"""

from __future__ import annotations

import numpy as np

from .. import vanishing_gradients as gf
from ..draw import vanishing_gradients as figure
from ..draw.svg import fmt
from .base import Dropdown, Explorer, Slider

__all__ = ["VanishingExplorer", "WIDTH", "BATCH", "MAX_DEPTH"]

WIDTH = 32
BATCH = 16
MAX_DEPTH = 30
YLIM = (1e-24, 1e12)


def _quantities(depth, activation, weight_scale):
    p = gf.depth_sweep(activation, weight_scale, depths=[depth], width=WIDTH, batch=BATCH, seed=0)[depth]
    L = p.depth
    return {
        "act": activation, "g": weight_scale,
        "delta": p.norms.delta[1:].tolist(), "bound": p.bound_norm[1:].tolist(),
        "weight": p.norms.weight[1:].tolist(), "ratio": float(p.norms.delta[1] / p.norms.delta[L]),
        "rate": fmt(p.rate, 3) if np.isfinite(p.rate) else "—",
        "boundRate": fmt(p.bound_rate, 3) if np.isfinite(p.bound_rate) else "—",
        "gamma": gf.sigma_prime_max(activation), "strip": figure.strip_quantities(p.status),
    }


class VanishingExplorer(Explorer):
    """Depth, activation and weight scale -> per-layer gradient norms and which layers learn.

    In the static page, explorers/js/vanishing_gradients.js runs the same networks on the
    weights and data the library draws from its seeded generator (:meth:`live_data`)."""

    name = "vanishing_gradients"
    title = "Vanishing and exploding gradients: ‖δᵏ‖ layer by layer"
    structure = ("depth",)

    def controls(self):
        return [
            Slider("depth", 2, MAX_DEPTH, 1, 20, label="depth L", description="number of layers L", digits=0),
            Dropdown("activation", ["sigmoid", "tanh", "relu", "leaky_relu"], "sigmoid", label="σ",
                     description="activation function of the hidden layers"),
            Slider("weight_scale", 0.25, 3.0, 0.25, 1.0, label="weight scale g", digits=2,
                   description="weights drawn from N(0, g²/n), so n Var(W) = g²"),
        ]

    def quantities(self, params):
        """The depth-L network's per-layer norms ``delta`` (mean ‖δᵏ‖), ``bound`` (the theorem's
        Uₖ‖δᴸ‖), ``weight`` (mean ‖∂C/∂Wᵏ‖), ``ratio`` ‖δ¹‖/‖δᴸ‖, the measured and the bound's
        per-layer factors ``rate``, ``boundRate`` (as text, "—" when undefined), ``gamma`` =
        max|σ′| and the layer strip ``strip`` (:func:`~backprop_lib.draw.vanishing_gradients.strip_quantities`).
        Not cached here: :func:`~backprop_lib.vanishing_gradients.depth_sweep` keeps the one
        thing worth keeping, the deep network's forward pass per activation and scale."""
        return _quantities(int(round(params["depth"])), params["activation"], float(params["weight_scale"]))

    def draw(self, q, params):
        return figure.explorer_figure(q, max_depth=MAX_DEPTH, ylim=YLIM)

    def live_data(self):
        """The weights' standard-normal matrices G^k (W^k = g G^k) and the data, as the library
        draws them (:func:`~backprop_lib.vanishing_gradients.random_network` with g = 1,
        :func:`~backprop_lib.vanishing_gradients.random_data`), their spectral norms, and
        max|sigma'| of each activation."""
        net = gf.random_network(MAX_DEPTH, WIDTH, "tanh", 1.0, seed=0)
        x, E = gf.random_data(net, batch=BATCH, seed=1)
        return {"G": [net.W[k].tolist() for k in range(1, MAX_DEPTH + 1)],
                "spectral": gf.spectral_norms(net)[1:].tolist(), "x": x.tolist(), "E": E.tolist(),
                "gamma": {a: gf.sigma_prime_max(a) for _, a in self.control_list[1].options},
                "thresholds": list(gf.LEARNING_THRESHOLDS),
                "styles": {st: list(figure.box_style(st)) + [figure.STATE_STYLE[st][1]]
                           for st in figure.STATE_STYLE}}


EXPLORERS = {"vanishing_gradients": VanishingExplorer}
