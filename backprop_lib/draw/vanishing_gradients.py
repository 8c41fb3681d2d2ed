"""Matplotlib figures of the vanishing-gradient chapter.

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
from .axes import SERIES_STYLES, check_mapping, panels

__all__ = ["depth_profiles", "decay_rates"]


# ---------------------------------------------------------------------------------------------
# vanishing gradients
# ---------------------------------------------------------------------------------------------

def depth_profiles(profiles, *, show_bound=True):
    """Per-layer ||delta^k|| (log scale) against k: one panel per activation, one line per scale.

    ``profiles``: {activation: {weight_scale: GradientProfile}}. With ``show_bound`` the
    theorem's bound U_k ||delta^L|| is drawn thin and dotted in the same colour.
    """
    check_mapping(profiles, "profiles", "{activation: {weight_scale: GradientProfile}}")
    acts = list(profiles)
    ncols = 2 if len(acts) == 4 else len(acts)
    nrows = -(-len(acts) // ncols)
    fig, axes = panels(nrows, ncols, (4.4 * ncols + 1.6, 3.2 * nrows))
    flat = [ax for row in axes for ax in row]
    for ax in flat[len(acts):]:
        ax.set_visible(False)
    for ax, act in zip(flat, acts):
        check_mapping(profiles[act], f"profiles[{act!r}]", "{weight_scale: GradientProfile}")
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
        labels.append(r"bound $U_k \|\delta^L\|$")
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
    fig, axes = panels(1, 2, (10.5, 3.9))
    ax, axn = axes[0]
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
