"""The figures of the vanishing-gradient chapter: its explorer's (SVG: :func:`explorer_figure`,
the layer strip :func:`layer_strip`) and the notebook's matplotlib figures.

Each function takes data computed with :mod:`backprop_lib.vanishing_gradients` (so the chapter can
assert on the very numbers it plots), applies the course style (:func:`backprop_lib.draw.style.use`)
and returns the Figure. Colour never carries meaning alone: every series also has its own
line style and marker, and a label.

>>> from backprop_lib import vanishing_gradients as gf
>>> from backprop_lib.draw import vanishing_gradients as pgf
>>> profiles = {"tanh": {1.0: gf.gradient_profile(10, "tanh", 1.0)}}
>>> fig = pgf.depth_profiles(profiles)                  # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np

from .._checks import check_numbers
from ..vanishing_gradients import GradientProfile
from . import chart_frames, style
from .axes import NARROW_WIDTH_IN, SERIES_STYLES, check_mapping, panels, two_widths
from .svg import esc, num, resolve, sup

__all__ = ["depth_profiles", "decay_rates", "explorer_figure", "layer_strip", "strip_quantities",
           "box_style", "spans", "strip_desc", "STATE_STYLE"]


# ---------------------------------------------------------------------------------------------
# the explorer: per-layer gradient norms and which layers still learn
# ---------------------------------------------------------------------------------------------

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


def strip_quantities(status) -> dict:
    """The strip's marked strings for the learning states ``status`` (indexed by layer, entry 0
    unused, as in :class:`~backprop_lib.vanishing_gradients.GradientProfile`): {"<k>": {"fill",
    "fillOpacity", "stroke", "strokeOpacity", "dash", "glyph"}, ..., "desc": the text alternative}."""
    out = {}
    for k in range(1, len(status)):
        style_ = box_style(status[k])
        out[str(k)] = dict(zip(("fill", "fillOpacity", "stroke", "strokeOpacity", "dash"), style_),
                           glyph=STATE_STYLE[status[k]][1])
    out["desc"] = strip_desc(status)
    return out


def layer_strip(strip, *, box=22, gap=3, per_row=10):
    """An SVG strip of boxes, layer 1 to L, each marked with its learning state (colour + glyph),
    ``per_row`` boxes a row (so that it fits a phone's column with its text at 10 px or more).

    ``strip``: :func:`strip_quantities`'s dict; each box's style and glyph are the marked strings
    ``strip.<k>.fill`` etc., the description ``strip.desc``.
    """
    L = len(strip) - 1
    x0, y0 = 4, 46
    row_h = box + 18
    parts = []
    for k in range(1, L + 1):
        sk = strip[str(k)]
        x = x0 + ((k - 1) % per_row) * (box + gap)
        y = y0 + ((k - 1) // per_row) * row_h
        m = [num(sk[part], "s", f"strip.{k}.{part}")
             for part in ("fill", "fillOpacity", "stroke", "strokeOpacity", "dash")]
        parts.append(f'<rect x="{x}" y="{y}" width="{box}" height="{box}" rx="3" fill="{m[0]}" '
                     f'fill-opacity="{m[1]}" stroke="{m[2]}" stroke-opacity="{m[3]}" '
                     f'stroke-dasharray="{m[4]}"/>')
        parts.append(f'<text x="{x + box / 2:.1f}" y="{y + box / 2 + 5:.1f}" font-size="13" '
                     f'text-anchor="middle">{num(sk["glyph"], "s", f"strip.{k}.glyph")}</text>')
        if k == 1 or k == L or k % 5 == 0:
            parts.append(f'<text x="{x + box / 2:.1f}" y="{y - 5}" font-size="10" '
                         f'text-anchor="middle">{k}</text>')
    rows = -(-L // per_row)
    w = x0 + min(L, per_row) * (box + gap) + 4
    # legend: one state a line
    ly = y0 + (rows - 1) * row_h + box + 18
    for line in ("r = ‖∂C/∂Wᵏ‖ / ‖Wᵏ‖, the relative size of a gradient",
                 "step (times the learning rate):"):
        parts.append(f'<text x="{x0}" y="{ly}" font-size="11">{esc(line)}</text>')
        ly += 15
    for s_, (key, glyph, meaning) in STATE_STYLE.items():
        parts.append(f'<text x="{x0}" y="{ly}" font-size="11">{esc(f"{glyph} {meaning}")}</text>')
        ly += 15
    height = ly - 8
    width = max(w, 350)

    desc = num(strip["desc"], "s", "strip.desc")
    title = f"Which of the {L} layers still learn"
    return resolve(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{esc(title + ". " + desc)}" '
        f'style="max-width:100%;height:auto;color:inherit" fill="currentColor" '
        f'font-family="system-ui, sans-serif"><title>{esc(title)}</title>'
        f'<desc>{esc(desc)}</desc>'
        f'<text x="{x0}" y="10" font-size="11" font-weight="bold">{esc(title)}</text>'
        f'<text x="{x0}" y="24" font-size="10">(layer 1 = next to the input)</text>' + "".join(parts) + "</svg>")



def explorer_figure(q, *, max_depth=30, ylim=(1e-24, 1e12)):
    """The vanishing-gradient explorer's figure from its quantities ``q``
    (:meth:`backprop_lib.explorers.vanishing_gradients.VanishingExplorer.quantities`): the
    per-layer norms ``delta``, ``bound``, ``weight`` on a log scale, the summary (``ratio``,
    ``rate``, ``boundRate``, ``gamma``) and the layer strip (``strip``)."""
    L = len(q["delta"])
    k = np.arange(1, L + 1)
    base = chart_frames.frame(
        ("vanishing_gradients", max_depth, ylim),
        [dict(label="‖δᵏ‖", kind="error", dash="-", markers=True),
         dict(label="bound Uₖ‖δᴸ‖", color="currentColor", dash="2 3"),
         dict(label="‖∂C/∂Wᵏ‖", kind="error", dash="7 4")],
        logy=True, xlim=(1, max_depth), ylim=ylim, xlabel="layer k", ylabel="norm (log scale)",
        title="Per-layer gradient norms", width=560, height=300,
    )
    mact, mg = num(q["act"], "s", "act"), num(q["g"], "g", "g")
    chart = chart_frames.lines_on(
        base, [(k, q["delta"]), (k, q["bound"]), (k, q["weight"])],
        summary=f"{mact}, weight scale g = {mg}, depth L = {L}.", q=["delta", "bound", "weight"],
    )
    heading = f'<p style="margin:.2em 0;font-weight:bold">{mact}, g = {mg}, L = {L}</p>'
    summary = (
        f'<p style="margin:.3em 0;font-size:.95em">‖δ¹‖ / ‖δ{sup(L)}‖ = '
        f'<strong>{num(q["ratio"], "fmt:2", "ratio")}</strong>. Per layer, backwards: measured factor '
        f'<strong>{num(q["rate"], "s", "rate")}</strong>; the theorem allows at most γ‖W‖₂ ≈ '
        f'{num(q["boundRate"], "s", "boundRate")} (γ = max|σ′| = {num(q["gamma"], "fmt:2", "gamma")}).</p>'
    )
    return heading + chart.both + summary + layer_strip(q["strip"])


# ---------------------------------------------------------------------------------------------
# matplotlib figures
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# vanishing gradients
# ---------------------------------------------------------------------------------------------

def depth_profiles(profiles, *, show_bound=True):
    """Per-layer ||delta^k|| (log scale) against k: one panel per activation, one line per scale.

    ``profiles``: {activation: {weight_scale: GradientProfile}}. With ``show_bound`` the
    theorem's bound U_k ||delta^L|| is drawn thin and dotted in the same colour.
    """
    check_mapping(profiles, "profiles", "{activation: {weight_scale: GradientProfile}}")
    for act in profiles:
        check_mapping(profiles[act], f"profiles[{act!r}]", "{weight_scale: GradientProfile}")
        for g, p in profiles[act].items():
            if not isinstance(p, GradientProfile):
                raise TypeError(f"profiles[{act!r}][{g!r}] must be a GradientProfile")
    return two_widths(lambda narrow: _depth_profiles(profiles, show_bound, narrow))


def _depth_profiles(profiles, show_bound, narrow):
    acts = list(profiles)
    ncols = 1 if narrow else (2 if len(acts) == 4 else len(acts))
    nrows = -(-len(acts) // ncols)
    size = (NARROW_WIDTH_IN, 2.5 * nrows + 1.0) if narrow else (4.4 * ncols + 1.6, 3.2 * nrows)
    fig, axes = panels(nrows, ncols, size, narrow=narrow)
    flat = [ax for row in axes for ax in row]
    for ax in flat[len(acts):]:
        ax.set_visible(False)
    for ax, act in zip(flat, acts):
        for i, (g, p) in enumerate(sorted(profiles[act].items())):
            c, ls, m = SERIES_STYLES(i)
            k = np.arange(1, p.depth + 1)
            ax.plot(k, p.norms.delta[1:], color=c, linestyle=ls, marker=m, markersize=3.5,
                    label=f"g = {g:g}")
            if show_bound:
                ax.plot(k, p.bound_norm[1:], color=c, linestyle=":", linewidth=1.0, alpha=0.8)
        ax.set_yscale("log")
        ax.set_title(act)
        ax.set_ylim(1e-28, 1e12)
        ax.set_yticks([1e-24, 1e-16, 1e-8, 1, 1e8])
    for row in axes:
        row[0].set_ylabel(r"$\|\delta^k\|$" if narrow else r"$\|\delta^k\|$ (mean over examples)")
    for ax in axes[-1]:
        ax.set_xlabel("layer $k$")
    handles, labels = axes[0][0].get_legend_handles_labels()
    if show_bound:
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color="0.3", linestyle=":", linewidth=1.0))
        labels.append(r"bound $U_k \|\delta^L\|$")
    if narrow:
        fig.legend(handles, labels, loc="outside lower center", title="weight scale", ncol=2, fontsize=10)
    else:
        fig.legend(handles, labels, loc="outside right center", title="weight scale")
    return fig


def decay_rates(rates, scales, *, bound_rates=None):
    """Measured per-layer factor r against the weight scale g, one line per activation.

    ``rates``: {activation: [r for each g in scales]}; ``bound_rates`` likewise (the bound's
    per-layer factor gamma ||W||_2), drawn dotted. Reference lines: g (tanh near 0), g/sqrt(2)
    (ReLU: half the units pass) and g/4 (the sigmoid's steepest slope).
    """
    check_mapping(rates, "rates", "{activation: list of rates}")
    g = check_numbers(scales, "scales")
    if g.ndim != 1 or g.size < 2:
        raise ValueError("scales must be a 1-d list of at least two weight scales")
    checked = {}
    for act, r in rates.items():
        r = check_numbers(r, f"rates[{act!r}]")
        if r.shape != g.shape:
            raise ValueError(f"rates[{act!r}] must have one rate per scale ({g.size}); got {r.size}")
        checked[act] = r
    return two_widths(lambda narrow: _decay_rates(checked, g, bound_rates, narrow))


def _decay_rates(rates, g, bound_rates, narrow):
    if narrow:
        fig, axes = panels(2, 1, (NARROW_WIDTH_IN, 7.4), narrow=True)
        ax, axn = axes[0][0], axes[1][0]
    else:
        fig, axes = panels(1, 2, (10.5, 3.9))
        ax, axn = axes[0]
    for i, (act, r) in enumerate(rates.items()):
        c, ls, m = SERIES_STYLES(i)
        ax.plot(g, r, color=c, linestyle=ls, marker=m, label=f"{act}, measured")
        axn.plot(g, r / g, color=c, linestyle=ls, marker=m, label=act)
        if bound_rates is not None and act in bound_rates:
            ax.plot(g, bound_rates[act], color=c, linestyle=":", linewidth=1.0, marker=m,
                    markerfacecolor="none", markersize=4, label=f"{act}, bound")
    refs = ((1.0, "1 (tanh near 0)"), (1 / np.sqrt(2), r"$1/\sqrt{2}$ (ReLU)"), (0.25, "1/4 (sigmoid)"))
    for val, text in refs:
        axn.axhline(val, color="0.35", linewidth=0.9, linestyle=(0, (2, 2)))
        if narrow:   # no room to the right of the panel: the label sits on its line, at the left
            axn.text(g.min(), val + 0.015, text, va="bottom", ha="left", fontsize=9)
        else:
            axn.text(g.max() + 0.12 * (g.max() - g.min()), val, text, va="center", ha="left", fontsize=9,
                     clip_on=False)
    ax.axhline(1.0, color="0.35", linewidth=0.9, linestyle=(0, (2, 2)))
    ax.set_yscale("log")
    ax.set_xlabel("weight scale $g$" if narrow else "weight scale $g$  ($n\\,\\mathrm{Var}(W) = g^2$)")
    ax.set_ylabel("factor per layer, backwards")
    ax.set_title("Measured rate and the bound's rate")
    ax.legend(fontsize=9, ncol=2 if narrow else 4, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    axn.set_xlabel("weight scale $g$")
    axn.set_ylabel("measured factor / $g$")
    axn.set_title(r"Divide by $g$: what $\sigma'$ leaves")
    axn.set_ylim(0, 1.15)
    if not narrow:
        axn.set_xlim(g.min() - 0.05 * (g.max() - g.min()), g.max() + 0.1 * (g.max() - g.min()))
    if narrow:   # under the panel: inside it, it would hide the lines
        axn.legend(fontsize=9, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    else:
        axn.legend(fontsize=9, loc="upper right")
    return fig
