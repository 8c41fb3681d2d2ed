"""The figures of the initialization chapter: its explorer's (SVG, :func:`explorer_figure`) and
the notebook's matplotlib figures.

Each function takes data computed with :mod:`backprop_lib.initialization` (so the chapter can
assert on the very numbers it plots), applies the course style (:func:`backprop_lib.draw.style.use`)
and returns the Figure. Colour never carries meaning alone: every series also has its own
line style and marker, and a label.

>>> from backprop_lib import initialization
>>> from backprop_lib.draw import initialization as figures
>>> measured, linear, _ = initialization.variance_experiment(64, 10, "xavier_normal", "tanh")
>>> fig = figures.variance_profiles({"xavier": measured}, {"xavier": linear})   # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np

from .._checks import check_numbers
from ..initialization import Histograms, TheoryProfile, VarianceProfile
from . import chart_frames, style
from .axes import NARROW_WIDTH_IN, SERIES_STYLES, check_mapping, panels, two_widths
from .svg import num, sup

__all__ = ["glorot_bengio_histograms", "variance_profiles", "training_curves", "explorer_figure"]


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


def explorer_figure(q, *, max_depth=20, ylim=(1e-9, 1e5)):
    """The initialization explorer's figure from its quantities ``q``
    (:meth:`backprop_lib.explorers.initialization.InitializationExplorer.quantities`): Var(aᵏ)
    and Var(δᵏ) layer by layer, measured and predicted (``measured``, ``linear``,
    ``meanfield``), and the summary (``varW``, ``nVarW``, ``fwdRatio``, ``bwdRatio``)."""
    L = len(q["measured"]["a"]) - 1
    k = np.arange(0, L + 1)

    def specs(kind):
        return [dict(label="measured", kind=kind, dash="-", markers=True),
                dict(label="theory (linear)", color="currentColor", dash="7 4"),
                dict(label="mean-field", color="currentColor", dash="2 3")]

    kw = dict(logy=True, xlim=(0, max_depth), ylim=ylim, xlabel="layer k", width=330, height=270,
              legend=False)
    fbase = chart_frames.frame(("init-forward", max_depth, ylim), specs("forward"), ylabel="Var(aᵏ)",
                               title="Forward: Var(aᵏ)", **kw)
    bbase = chart_frames.frame(("init-backward", max_depth, ylim), specs("error"), ylabel="Var(δᵏ)",
                               title="Backward: Var(δᵏ)", **kw)
    minit, mact, mw = num(q["init"], "s", "init"), num(q["act"], "s", "act"), num(q["width"], "d", "width")
    where = f"{minit}, {mact}, width {mw}, depth {L}."
    fwd = chart_frames.lines_on(fbase, [(k, q[t]["a"]) for t in ("measured", "linear", "meanfield")],
                                summary=where, q=["measured.a", "linear.a", "meanfield.a"])
    bwd = chart_frames.lines_on(bbase, [(k[1:], q[t]["delta"]) for t in ("measured", "linear", "meanfield")],
                                summary=where, q=["measured.delta", "linear.delta", "meanfield.delta"])
    summary = (
        f'<p style="margin:.3em 0;font-size:.95em">{minit}: Var(W) = '
        f'{num(q["varW"], "fmt:3", "varW")}, so n·Var(W) = <strong>{num(q["nVarW"], "fmt:3", "nVarW")}</strong> '
        f'per layer. Measured: Var(a{sup(L - 1)}) / Var(a¹) = '
        f'<strong>{num(q["fwdRatio"], "fmt:2", "fwdRatio")}</strong>, '
        f'Var(δ¹) / Var(δ{sup(L)}) = <strong>{num(q["bwdRatio"], "fmt:2", "bwdRatio")}</strong>.</p>'
    )
    return ('<div style="display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start">'
            f"<div>{fwd.svg}</div><div>{bwd.svg}</div></div>" + _LEGEND + summary)


def glorot_bengio_histograms(hists):
    """Per-layer normalized histograms in the style of Glorot & Bengio (2010), Figs. 6 and 7.

    ``hists``: {(row title, column title): Histograms}, e.g. {("activations", "standard"): ...};
    rows and columns are laid out in the order they first appear. One line per layer, each
    with its own colour, dash and marker; the legend gives each layer's standard deviation.
    """
    check_mapping(hists, "hists", "{(row, column): Histograms}")
    for key, h in hists.items():
        if not isinstance(h, Histograms):
            raise TypeError(f"hists[{key!r}] must be a Histograms")
    return two_widths(lambda narrow: _glorot_bengio_histograms(hists, narrow))


def _glorot_bengio_histograms(hists, narrow):
    rows = list(dict.fromkeys(k[0] for k in hists))
    cols = list(dict.fromkeys(k[1] for k in hists))
    if narrow:   # one panel under the other: each row's columns in turn
        order = [(r, c) for r in rows for c in cols]
        fig, axes = panels(len(order), 1, (NARROW_WIDTH_IN, 3.7 * len(order)), narrow=True)
        place = {key: axes[i][0] for i, key in enumerate(order)}
    else:
        fig, axes = panels(len(rows), len(cols), (5.0 * len(cols), 3.1 * len(rows)))
        place = {(r, c): axes[rows.index(r)][cols.index(c)] for r in rows for c in cols}
    for (r, c), h in hists.items():
        ax = place[(r, c)]
        x = h.centers
        for i, k in enumerate(h.layers):
            col, ls, m = SERIES_STYLES(i)
            ax.plot(x, h.density[k], color=col, linestyle=ls, marker=m, markevery=max(1, len(x) // 10),
                    markersize=3.5, linewidth=1.4, label=f"layer {k} (std {h.std[k]:.2g})")
        ax.set_title(f"{r}, {c} initialization", fontsize=11)
        ax.set_ylabel("fraction of values")
        if narrow:   # under the panel: inside it, it would cover the peaks
            ax.legend(fontsize=9, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.3))
        else:
            ax.legend(fontsize=9)
        if narrow:
            ax.set_xlabel("value")
    if not narrow:
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
    check_mapping(measured, "measured", "{label: VarianceProfile}")
    check_mapping(theory, "theory", "{label: TheoryProfile}")
    for lab, m in measured.items():
        if not isinstance(m, VarianceProfile):
            raise TypeError(f"measured[{lab!r}] must be a VarianceProfile")
        if not isinstance(theory.get(lab), TheoryProfile):
            raise TypeError(f"theory[{lab!r}] must be a TheoryProfile")
    return two_widths(lambda narrow: _variance_profiles(measured, theory, quantities, theory_label, narrow))


def _variance_profiles(measured, theory, quantities, theory_label, narrow):
    n = len(quantities)
    if narrow:
        fig, axes = panels(n, 1, (NARROW_WIDTH_IN, 2.8 * n + 1.4), narrow=True)
        panel_axes = [row[0] for row in axes]
    else:
        fig, axes = panels(1, n, (5.2 * n + 1.5, 3.6))
        panel_axes = list(axes[0])
    for ax, (q, title) in zip(panel_axes, quantities):
        for i, (lab, m) in enumerate(measured.items()):
            t = theory[lab]
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
    handles, labels = panel_axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", fontsize=9 if narrow else 9.5,
               ncol=1 if narrow else min(4, len(handles)))
    return fig


def training_curves(curves, *, title="Training cost"):
    """Cost per epoch for each (activation, initializer): one panel per activation, log scale.

    ``curves``: {(activation, init): list of costs}, as :func:`backprop_lib.initialization.training_curves`.
    """
    check_mapping(curves, "curves", "{(activation, init): costs}")
    checked = {key: check_numbers(y, f"curves[{key!r}]") for key, y in curves.items()}
    return two_widths(lambda narrow: _training_curves(checked, title, narrow))


def _training_curves(curves, title, narrow):
    acts = list(dict.fromkeys(k[0] for k in curves))
    inits = list(dict.fromkeys(k[1] for k in curves))
    if narrow:
        fig, axes = panels(len(acts), 1, (NARROW_WIDTH_IN, 2.4 * len(acts) + 1.6), narrow=True)
        panel_axes = [row[0] for row in axes]
    else:
        fig, axes = panels(1, len(acts), (3.6 * len(acts) + 1.6, 3.3))
        panel_axes = list(axes[0])
    for ax, act in zip(panel_axes, acts):
        for i, init in enumerate(inits):
            if (act, init) not in curves:
                continue
            c, ls, m = SERIES_STYLES(i)
            y = curves[(act, init)]
            ax.plot(np.arange(1, y.size + 1), y, color=c, linestyle=ls, marker=m,
                    markevery=max(1, y.size // 8), markersize=4, label=init)
        ax.set_yscale("log")
        ax.set_title(act)
        if narrow:
            ax.set_ylabel("cost $C$")
        ax.set_xlabel("epoch")
    if not narrow:
        panel_axes[0].set_ylabel("cost $C$ (mean)")
    handles, labels = panel_axes[0].get_legend_handles_labels()
    if narrow:
        fig.legend(handles, labels, loc="outside lower center", title="initializer", ncol=2, fontsize=10)
    else:
        fig.legend(handles, labels, loc="outside right center", title="initializer")
    fig.suptitle(title)
    return fig
