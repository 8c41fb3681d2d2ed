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

from collections import OrderedDict

import numpy as np

from .. import vanishing_gradients as gf
from ..draw import style
from ..draw.svg import esc, fmt, num, resolve, sup
from . import fast_chart
from .base import Dropdown, Explorer, Slider

__all__ = ["VanishingExplorer", "layer_strip", "WIDTH", "BATCH", "MAX_DEPTH"]

WIDTH = 32
BATCH = 16
MAX_DEPTH = 30
YLIM = (1e-24, 1e12)

#: (fill colour key or None, glyph, meaning) of each learning state.
STATE_STYLE = {
    "learns": ("weight", "●", "learns: 10⁻² ≤ r ≤ 10"),
    "slow": ("cost", "◐", "slow: 10⁻⁴ ≤ r < 10⁻²"),
    "stalled": (None, "○", "stalled: r < 10⁻⁴"),
    "explodes": ("error", "▲", "explodes: r > 10"),
}


def box_style(state):
    """(fill, fill-opacity, stroke, stroke-opacity, dash) of a layer's box in the strip."""
    key = STATE_STYLE[state][0]
    if key is None:
        return "none", "1", "currentColor", "0.6", "3 2"
    c = style.COLORS[key]
    return c, "0.75", c, "1", "none"


def spans(ks):
    """Layer numbers as runs: [1, 2, 3, 7] -> "1–3, 7"."""
    if not ks:
        return "none"
    out, start, prev = [], ks[0], ks[0]
    for k in ks[1:] + [None]:
        if k is not None and k == prev + 1:
            prev = k
            continue
        out.append(f"{start}" if start == prev else f"{start}–{prev}")
        if k is not None:
            start = prev = k
    return ", ".join(out)


def strip_desc(status):
    """The strip's text alternative: which layers are in which state."""
    L = len(status) - 1
    groups = {s: [k for k in range(1, L + 1) if status[k] == s] for s in STATE_STYLE}
    return "; ".join(f"{s}: layers {spans(ks)}" for s, ks in groups.items() if ks) + "."


def layer_strip(status, relative, *, box=22, gap=3):
    """An SVG strip of boxes, layer 1 to L, each marked with its learning state (colour + glyph).

    ``status``/``relative`` are indexed by layer (entry 0 unused), as in
    :class:`~backprop_lib.vanishing_gradients.GradientProfile`. Each box's style and glyph are
    marked strings ``strip.<k>.fill`` etc. (:func:`box_style`), the description ``strip.desc``.
    """
    L = len(status) - 1
    if L < 1 or len(relative) != L + 1:
        raise ValueError("status and relative must be per-layer lists of the same length L + 1 >= 2")
    x0, y0 = 4, 32
    parts = []
    for k in range(1, L + 1):
        s = status[k]
        glyph = STATE_STYLE[s][1]
        x = x0 + (k - 1) * (box + gap)
        m = [num(v, "s", f"strip.{k}.{part}")
             for part, v in zip(("fill", "fillOpacity", "stroke", "strokeOpacity", "dash"), box_style(s))]
        parts.append(f'<rect x="{x}" y="{y0}" width="{box}" height="{box}" rx="3" fill="{m[0]}" '
                     f'fill-opacity="{m[1]}" stroke="{m[2]}" stroke-opacity="{m[3]}" '
                     f'stroke-dasharray="{m[4]}"/>')
        parts.append(f'<text x="{x + box / 2:.1f}" y="{y0 + box / 2 + 5:.1f}" font-size="13" '
                     f'text-anchor="middle">{num(glyph, "s", f"strip.{k}.glyph")}</text>')
        if k == 1 or k == L or k % 5 == 0:
            parts.append(f'<text x="{x + box / 2:.1f}" y="{y0 - 5}" font-size="10" '
                         f'text-anchor="middle">{k}</text>')
    w = x0 + L * (box + gap) + 4
    # legend
    ly = y0 + box + 18
    parts.append(f'<text x="{x0}" y="{ly}" font-size="11">r = ‖∂C/∂Wᵏ‖ / ‖Wᵏ‖, the relative '
                 f'size of a gradient step (times the learning rate):</text>')
    ly += 16
    for i, (s, (key, glyph, meaning)) in enumerate(STATE_STYLE.items()):
        label = f"{glyph} {meaning}"
        parts.append(f'<text x="{x0 + (i % 2) * 200}" y="{ly}" font-size="11">{esc(label)}</text>')
        if i % 2:
            ly += 15
    height = ly
    width = max(w, 420)

    desc = num(strip_desc(status), "s", "strip.desc")
    title = f"Which of the {L} layers still learn"
    return resolve(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{esc(title + ". " + desc)}" '
        f'style="max-width:100%;height:auto;color:inherit" fill="currentColor" '
        f'font-family="system-ui, sans-serif"><title>{esc(title)}</title>'
        f'<desc>{esc(desc)}</desc>'
        f'<text x="{x0}" y="10" font-size="11" font-weight="bold">{esc(title)} '
        f'(layer 1 = next to the input)</text>' + "".join(parts) + "</svg>")


class VanishingExplorer(Explorer):
    """Depth, activation and weight scale -> per-layer gradient norms and which layers learn.

    In the static page, explorers/live.js runs the same networks (``vanishingProfile``) on the
    weights and data the library draws from its seeded generator (:meth:`live_data`)."""

    name = "vanishing_gradients"
    title = "Vanishing and exploding gradients: ‖δᵏ‖ layer by layer"
    structure = ("depth",)

    def __init__(self, **params):
        self._cache = OrderedDict()
        super().__init__(**params)

    def controls(self):
        return [
            Slider("depth", 2, MAX_DEPTH, 1, 20, label="depth L", description="number of layers L", digits=0),
            Dropdown("activation", ["sigmoid", "tanh", "relu", "leaky_relu"], "sigmoid", label="σ",
                     description="activation function of the hidden layers"),
            Slider("weight_scale", 0.25, 3.0, 0.25, 1.0, label="weight scale g", digits=2,
                   description="weights drawn from N(0, g²/n), so n Var(W) = g²"),
        ]

    def profile(self, params):
        key = (int(round(params["depth"])), params["activation"], float(params["weight_scale"]))
        hit = self._cache.get(key)
        if hit is None:
            D, act, g = key
            hit = gf.depth_sweep(act, g, depths=[D], width=WIDTH, batch=BATCH, seed=0)[D]
            self._cache[key] = hit
            if len(self._cache) > 512:
                self._cache.popitem(last=False)
        return hit

    def render(self, params):
        p = self.profile(params)
        L = p.depth
        k = np.arange(1, L + 1)
        act, g = p.activation, p.weight_scale
        base = fast_chart.frame(
            "vanishing_gradients",
            [dict(label="‖δᵏ‖", kind="error", dash="-", markers=True),
             dict(label="bound Uₖ‖δᴸ‖", color="currentColor", dash="2 3"),
             dict(label="‖∂C/∂Wᵏ‖", kind="error", dash="7 4")],
            logy=True, xlim=(1, MAX_DEPTH), ylim=YLIM, xlabel="layer k", ylabel="norm (log scale)",
            title="Per-layer gradient norms", width=560, height=300,
        )
        mact, mg = num(act, "s", "act"), num(g, "g", "g")
        chart = fast_chart.lines_on(
            base, [(k, p.norms.delta[1:]), (k, p.bound_norm[1:]), (k, p.norms.weight[1:])],
            summary=f"{mact}, weight scale g = {mg}, depth L = {L}.", q=["delta", "bound", "weight"],
        )
        heading = f'<p style="margin:.2em 0;font-weight:bold">{mact}, g = {mg}, L = {L}</p>'
        ratio = p.norms.delta[1] / p.norms.delta[L]
        rate_text = "—" if not np.isfinite(p.rate) else fmt(p.rate, 3)
        brate = "—" if not np.isfinite(p.bound_rate) else fmt(p.bound_rate, 3)
        gamma = gf.sigma_prime_max(act)
        summary = (
            f'<p style="margin:.3em 0;font-size:.95em">‖δ¹‖ / ‖δ{sup(L)}‖ = '
            f'<strong>{num(ratio, "fmt:2", "ratio")}</strong>. Per layer, backwards: measured factor '
            f'<strong>{num(rate_text, "s", "rate")}</strong>; the theorem allows at most γ‖W‖₂ ≈ '
            f'{num(brate, "s", "boundRate")} (γ = max|σ′| = {num(gamma, "fmt:2", "gamma")}).</p>'
        )
        return heading + chart.svg + summary + layer_strip(p.status, p.relative)

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
                "styles": {st: list(box_style(st)) + [STATE_STYLE[st][1]] for st in STATE_STYLE}}


EXPLORERS = {"vanishing_gradients": VanishingExplorer}
