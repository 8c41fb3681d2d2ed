"""Matplotlib figures of the chapters on vanishing gradients and initialization.

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

from . import style as _style
from .._checks import check_numbers
from ..vanishing_gradients import GradientProfile, Histograms, TheoryProfile, VarianceProfile

__all__ = ["depth_profiles", "decay_rates", "glorot_bengio_histograms", "variance_profiles",
           "training_curves", "SERIES_STYLES"]

_DASHES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1))]
_MARKERS = ["o", "s", "^", "v", "D", "P"]
_CYCLE = [_style.COLORS["forward"], _style.COLORS["error"], _style.COLORS["weight"],
          _style.COLORS["cost"], _style.COLORS["target"], _style.OKABE_ITO["sky_blue"]]


def SERIES_STYLES(i):
    """(colour, line style, marker) of the i-th series: colour, dash and marker all differ."""
    return _CYCLE[i % len(_CYCLE)], _DASHES[i % len(_DASHES)], _MARKERS[i % len(_MARKERS)]


def _figure(nrows, ncols, size):
    _style.use()
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(nrows, ncols, figsize=size, layout="constrained", squeeze=False)
    return fig, axes


def _check_mapping(obj, name, what):
    if not isinstance(obj, dict) or not obj:
        raise TypeError(f"{name} must be a non-empty dict of {what}")


# ---------------------------------------------------------------------------------------------
# vanishing gradients
# ---------------------------------------------------------------------------------------------

def depth_profiles(profiles, *, show_bound=True):
    """Per-layer ||delta^k|| (log scale) against k: one panel per activation, one line per scale.

    ``profiles``: {activation: {weight_scale: GradientProfile}}. With ``show_bound`` the
    theorem's bound B_k ||delta^L|| is drawn thin and dotted in the same colour.
    """
    _check_mapping(profiles, "profiles", "{activation: {weight_scale: GradientProfile}}")
    acts = list(profiles)
    ncols = 2 if len(acts) == 4 else len(acts)
    nrows = -(-len(acts) // ncols)
    fig, axes = _figure(nrows, ncols, (4.4 * ncols + 1.6, 3.2 * nrows))
    flat = [ax for row in axes for ax in row]
    for ax in flat[len(acts):]:
        ax.set_visible(False)
    for ax, act in zip(flat, acts):
        _check_mapping(profiles[act], f"profiles[{act!r}]", "{weight_scale: GradientProfile}")
        for i, (g, p) in enumerate(sorted(profiles[act].items())):
            if not isinstance(p, GradientProfile):
                raise TypeError(f"profiles[{act!r}][{g!r}] must be a GradientProfile")
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
        row[0].set_ylabel(r"$\|\delta^k\|$ (mean over examples)")
    for ax in axes[-1]:
        ax.set_xlabel("layer $k$")
    handles, labels = axes[0][0].get_legend_handles_labels()
    if show_bound:
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color="0.3", linestyle=":", linewidth=1.0))
        labels.append(r"bound $B_k \|\delta^L\|$")
    fig.legend(handles, labels, loc="outside right center", title="weight scale")
    return fig


def decay_rates(rates, scales, *, bound_rates=None):
    """Measured per-layer factor r against the weight scale g, one line per activation.

    ``rates``: {activation: [r for each g in scales]}; ``bound_rates`` likewise (the bound's
    per-layer factor gamma ||W||_2), drawn dotted. Reference lines: g (tanh near 0), g/sqrt(2)
    (ReLU: half the units pass) and g/4 (the sigmoid's steepest slope).
    """
    _check_mapping(rates, "rates", "{activation: list of rates}")
    g = check_numbers(scales, "scales")
    if g.ndim != 1 or g.size < 2:
        raise ValueError("scales must be a 1-d list of at least two weight scales")
    fig, axes = _figure(1, 2, (10.5, 3.9))
    ax, axn = axes[0]
    gg = np.linspace(g.min(), g.max(), 50)
    for i, (act, r) in enumerate(rates.items()):
        r = check_numbers(r, f"rates[{act!r}]")
        if r.shape != g.shape:
            raise ValueError(f"rates[{act!r}] must have one rate per scale ({g.size}); got {r.size}")
        c, ls, m = SERIES_STYLES(i)
        ax.plot(g, r, color=c, linestyle=ls, marker=m, label=f"{act}, measured")
        axn.plot(g, r / g, color=c, linestyle=ls, marker=m, label=act)
        if bound_rates is not None and act in bound_rates:
            ax.plot(g, bound_rates[act], color=c, linestyle=":", linewidth=1.0, marker=m,
                    markerfacecolor="none", markersize=4, label=f"{act}, bound")
    for val, text in ((1.0, "1 (tanh near 0)"), (1 / np.sqrt(2), r"$1/\sqrt{2}$ (ReLU)"), (0.25, "1/4 (sigmoid)")):
        axn.axhline(val, color="0.35", linewidth=0.9, linestyle=(0, (2, 2)))
        axn.text(g.max() + 0.12 * (g.max() - g.min()), val, text, va="center", ha="left", fontsize=9,
                 clip_on=False)
    ax.axhline(1.0, color="0.35", linewidth=0.9, linestyle=(0, (2, 2)))
    ax.set_yscale("log")
    ax.set_xlabel("weight scale $g$  ($n\\,\\mathrm{Var}(W) = g^2$)")
    ax.set_ylabel("factor per layer, backwards")
    ax.set_title("Measured rate and the bound's rate")
    ax.legend(fontsize=7.5, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    axn.set_xlabel("weight scale $g$")
    axn.set_ylabel("measured factor / $g$")
    axn.set_title(r"Divide by $g$: what $\sigma'$ leaves")
    axn.set_ylim(0, 1.15)
    axn.set_xlim(g.min() - 0.05 * (g.max() - g.min()), g.max() + 0.1 * (g.max() - g.min()))
    axn.legend(fontsize=8, loc="upper right")
    return fig


# ---------------------------------------------------------------------------------------------
# initialization
# ---------------------------------------------------------------------------------------------

def glorot_bengio_histograms(hists):
    """Per-layer normalized histograms in the style of Glorot & Bengio (2010), Figs. 6 and 7.

    ``hists``: {(row title, column title): Histograms}, e.g. {("activations", "standard"): ...};
    rows and columns are laid out in the order they first appear. One line per layer, each
    with its own colour, dash and marker; the legend gives each layer's standard deviation.
    """
    _check_mapping(hists, "hists", "{(row, column): Histograms}")
    rows = list(dict.fromkeys(k[0] for k in hists))
    cols = list(dict.fromkeys(k[1] for k in hists))
    fig, axes = _figure(len(rows), len(cols), (5.0 * len(cols), 3.1 * len(rows)))
    for (r, c), h in hists.items():
        if not isinstance(h, Histograms):
            raise TypeError(f"hists[{(r, c)!r}] must be a Histograms")
        ax = axes[rows.index(r)][cols.index(c)]
        x = h.centers
        for i, k in enumerate(h.layers):
            col, ls, m = SERIES_STYLES(i)
            ax.plot(x, h.density[k], color=col, linestyle=ls, marker=m, markevery=max(1, len(x) // 10),
                    markersize=3.5, linewidth=1.4, label=f"layer {k} (std {h.std[k]:.2g})")
        ax.set_title(f"{r}, {c} initialization", fontsize=11)
        ax.set_ylabel("fraction of values")
        ax.legend(fontsize=7.5)
    for j, c in enumerate(cols):
        axes[-1][j].set_xlabel("value")
    return fig


def variance_profiles(measured, theory, *, quantities=(("z", r"$\mathrm{Var}(z^k)$, forward"),
                                                       ("delta", r"$\mathrm{Var}(\delta^k)$, backward")),
                      theory_label="theory"):
    """Measured per-layer variances (markers) with the theory's prediction (lines).

    ``measured``: {label: VarianceProfile}; ``theory``: {label: TheoryProfile} (same labels).
    One panel per quantity, log scale; ``theory_label`` names the prediction in the legend.
    """
    _check_mapping(measured, "measured", "{label: VarianceProfile}")
    _check_mapping(theory, "theory", "{label: TheoryProfile}")
    fig, axes = _figure(1, len(quantities), (5.2 * len(quantities) + 1.5, 3.6))
    for ax, (q, title) in zip(axes[0], quantities):
        for i, (lab, m) in enumerate(measured.items()):
            if not isinstance(m, VarianceProfile):
                raise TypeError(f"measured[{lab!r}] must be a VarianceProfile")
            t = theory.get(lab)
            if not isinstance(t, TheoryProfile):
                raise TypeError(f"theory[{lab!r}] must be a TheoryProfile")
            c, ls, mk = SERIES_STYLES(i)
            v = getattr(m, q)
            k = np.arange(len(v))
            ok = np.isfinite(v)
            ax.plot(k[ok], v[ok], linestyle="none", marker=mk, color=c, label=f"{lab}: measured")
            tv = getattr(t, q)
            ok = np.isfinite(tv)
            ax.plot(k[ok], tv[ok], linestyle=ls, color=c, linewidth=1.4, label=f"{lab}: {theory_label}")
        ax.set_yscale("log")
        ax.set_xlabel("layer $k$")
        ax.set_title(title)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", fontsize=8.5, ncol=min(4, len(handles)))
    return fig


def training_curves(curves, *, title="Training cost"):
    """Cost per epoch for each (activation, initializer): one panel per activation, log scale.

    ``curves``: {(activation, init): list of costs}, as :func:`gradient_flow.training_curves`.
    """
    _check_mapping(curves, "curves", "{(activation, init): costs}")
    acts = list(dict.fromkeys(k[0] for k in curves))
    inits = list(dict.fromkeys(k[1] for k in curves))
    fig, axes = _figure(1, len(acts), (3.6 * len(acts) + 1.6, 3.3))
    for ax, act in zip(axes[0], acts):
        for i, init in enumerate(inits):
            if (act, init) not in curves:
                continue
            c, ls, m = SERIES_STYLES(i)
            y = check_numbers(curves[(act, init)], f"curves[{(act, init)!r}]")
            ax.plot(np.arange(1, y.size + 1), y, color=c, linestyle=ls, marker=m,
                    markevery=max(1, y.size // 8), markersize=4, label=init)
        ax.set_yscale("log")
        ax.set_title(act)
        ax.set_xlabel("epoch")
    axes[0][0].set_ylabel("cost $C$ (mean)")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside right center", title="initializer")
    fig.suptitle(title)
    return fig
