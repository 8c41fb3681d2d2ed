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

import html as _html
from collections import OrderedDict

import numpy as np

from .. import vanishing_gradients as gf
from ..draw import style
from ..draw.diagrams import fmt
from . import _fastchart
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


def _sup(n):
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def layer_strip(status, relative, *, box=22, gap=3):
    """An SVG strip of boxes, layer 1 to L, each marked with its learning state (colour + glyph).

    ``status``/``relative`` are indexed by layer (entry 0 unused), as in
    :class:`~backprop_lib.vanishing_gradients.GradientProfile`.
    """
    L = len(status) - 1
    if L < 1 or len(relative) != L + 1:
        raise ValueError("status and relative must be per-layer lists of the same length L + 1 >= 2")
    x0, y0 = 4, 32
    parts = []
    groups = {s: [] for s in STATE_STYLE}
    for k in range(1, L + 1):
        s = status[k]
        key, glyph, _ = STATE_STYLE[s]
        x = x0 + (k - 1) * (box + gap)
        if key is None:
            parts.append(f'<rect x="{x}" y="{y0}" width="{box}" height="{box}" rx="3" fill="none" '
                         f'stroke="currentColor" stroke-opacity="0.6" stroke-dasharray="3 2"/>')
        else:
            c = style.COLORS[key]
            parts.append(f'<rect x="{x}" y="{y0}" width="{box}" height="{box}" rx="3" fill="{c}" '
                         f'fill-opacity="0.75" stroke="{c}"/>')
        parts.append(f'<text x="{x + box / 2:.1f}" y="{y0 + box / 2 + 5:.1f}" font-size="13" '
                     f'text-anchor="middle">{glyph}</text>')
        if k == 1 or k == L or k % 5 == 0:
            parts.append(f'<text x="{x + box / 2:.1f}" y="{y0 - 5}" font-size="10" '
                         f'text-anchor="middle">{k}</text>')
        groups[s].append(k)
    w = x0 + L * (box + gap) + 4
    # legend
    ly = y0 + box + 18
    parts.append(f'<text x="{x0}" y="{ly}" font-size="11">r = ‖∂C/∂Wᵏ‖ / ‖Wᵏ‖, the relative '
                 f'size of a gradient step (times the learning rate):</text>')
    ly += 16
    for i, (s, (key, glyph, meaning)) in enumerate(STATE_STYLE.items()):
        label = f"{glyph} {meaning}"
        parts.append(f'<text x="{x0 + (i % 2) * 200}" y="{ly}" font-size="11">{_html.escape(label)}</text>')
        if i % 2:
            ly += 15
    height = ly
    width = max(w, 420)

    def spans(ks):
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

    desc = "; ".join(f"{s}: layers {spans(ks)}" for s, ks in groups.items() if ks) + "."
    title = f"Which of the {L} layers still learn"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{_html.escape(title + ". " + desc)}" '
            f'style="max-width:100%;height:auto;color:inherit" fill="currentColor" '
            f'font-family="system-ui, sans-serif"><title>{_html.escape(title)}</title>'
            f'<desc>{_html.escape(desc)}</desc>'
            f'<text x="{x0}" y="10" font-size="11" font-weight="bold">{_html.escape(title)} '
            f'(layer 1 = next to the input)</text>' + "".join(parts) + "</svg>")


class VanishingExplorer(Explorer):
    """Depth, activation and weight scale -> per-layer gradient norms and which layers learn."""

    name = "vanishing_gradients"
    title = "Vanishing and exploding gradients: ‖δᵏ‖ layer by layer"
    main = ("depth", "activation", "weight_scale")
    static_sweep = {"depth": [5.0, 10.0, 20.0, 30.0],
                    "activation": ["sigmoid", "tanh", "relu"],
                    "weight_scale": [0.5, 1.0, 1.5, 2.0]}
    note = ("No-kernel version: precomputed frames for depths 5, 10, 20, 30, three activations "
            "and weight scales 0.5 to 2; open this page as a notebook (Binder, Colab or JupyterLab) "
            "for every value.")

    def __init__(self, **params):
        self._cache = OrderedDict()
        super().__init__(**params)

    def controls(self):
        return [
            Slider("depth", 2, MAX_DEPTH, 1, 20, label="depth L", description="number of layers L", digits=0),
            Dropdown("activation", ["sigmoid", "tanh", "relu", "leaky_relu"], "sigmoid", label="σ",
                     description="activation function of the hidden layers"),
            Slider("weight_scale", 0.25, 3.0, 0.25, 1.0, label="weight scale g",
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
        base = _fastchart.frame(
            "vanishing_gradients",
            [dict(label="‖δᵏ‖", kind="error", dash="-", markers=True),
             dict(label="bound Bₖ‖δᴸ‖", color="currentColor", dash="2 3"),
             dict(label="‖∂C/∂Wᵏ‖", kind="error", dash="7 4")],
            logy=True, xlim=(1, MAX_DEPTH), ylim=YLIM, xlabel="layer k", ylabel="norm (log scale)",
            title="Per-layer gradient norms", width=560, height=300,
        )
        chart = _fastchart.lines_on(
            base, [(k, p.norms.delta[1:]), (k, p.bound_norm[1:]), (k, p.norms.weight[1:])],
            summary=f"{act}, weight scale g = {g:g}, depth L = {L}.",
        )
        heading = (f'<p style="margin:.2em 0;font-weight:bold">{_html.escape(act)}, g = {g:g}, '
                   f'L = {L}</p>')
        ratio = p.norms.delta[1] / p.norms.delta[L]
        rate = p.rate
        rate_text = "—" if not np.isfinite(rate) else fmt(rate, 3)
        brate = "—" if not np.isfinite(p.bound_rate) else fmt(p.bound_rate, 3)
        gamma = gf.sigma_prime_max(act)
        summary = (
            f'<p style="margin:.3em 0;font-size:.95em">‖δ¹‖ / ‖δ{_sup(L)}‖ = '
            f'<strong>{fmt(ratio, 2)}</strong>. Per layer, backwards: measured factor '
            f'<strong>{rate_text}</strong>; the theorem allows at most γ‖W‖₂ ≈ {brate} '
            f'(γ = max|σ′| = {fmt(gamma, 2)}).</p>'
        )
        return heading + chart.svg + summary + layer_strip(p.status, p.relative)

    def static_html(self, sweep=None, frames=None):
        return super().static_html(sweep=self.static_sweep if sweep is None else sweep, frames=frames)


EXPLORERS = {"vanishing_gradients": VanishingExplorer}
