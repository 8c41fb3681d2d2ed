"""Figures of the loss-scaling chapter.

Most are small SVG charts (:mod:`backprop_lib.draw.charts`: crisp, light, legible in both themes,
with a text alternative); the gradient histogram in the style of Micikevicius et al. (2018) is a
matplotlib figure, because it shades float16's ranges behind the bars.  Every series carries a
label and a line style as well as its colour.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping

import numpy as np

from . import bar_charts, charts
from . import style
from .. import loss_scaling as precision
from .axes import check_ax

__all__ = [
    "gradient_histogram",
    "fate_bars",
    "underflow_depth_chart",
    "scale_sweep_chart",
    "training_chart",
    "scale_history_chart",
]

_REGIONS = [
    (-60, -24, "underflow → 0", "error"),
    (-24, -14, "subnormal", "cost"),
    (-14, math.log2(precision.FLOAT16_MAX), "float16 normal", "weight"),
    (math.log2(precision.FLOAT16_MAX), 60, "overflow → inf", "error"),
]



def _superscript(n):
    """An exponent as superscript digits: 8 -> ⁸, -4 -> ⁻⁴ (no raw "2^8" in a figure)."""
    return f"{n:g}".translate(str.maketrans("0123456789-.", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻·"))

def gradient_histogram(values, *, loss_scale=1.0, title=None, ax=None, xlim=(-40, 20)):
    """Histogram of log2 |gradient| (scaled by ``loss_scale``) against float16's ranges, as in
    Micikevicius et al. (2018, fig. 3).  Returns the matplotlib Axes (drawn on ``ax``, or on a new
    chart figure with a phone variant: :func:`backprop_lib.draw.axes.two_widths`)."""
    ax = check_ax(ax)
    if (isinstance(xlim, (str, bytes)) or not hasattr(xlim, "__len__") or len(xlim) != 2
            or not all(isinstance(v, numbers.Real) and math.isfinite(v) for v in xlim)
            or not xlim[0] < xlim[1]):
        raise ValueError(f"xlim must be two finite numbers (lo, hi) of log2 |value| with lo < hi; "
                         f"got {xlim!r}")
    if ax is not None:
        _gradient_histogram(values, loss_scale, title, ax, xlim, narrow=False)
        return ax
    from .axes import two_widths

    return two_widths(lambda narrow: _gradient_histogram(values, loss_scale, title, None, xlim, narrow)).axes[0]


def _gradient_histogram(values, loss_scale, title, ax, xlim, narrow):
    import textwrap

    from .axes import NARROW_WIDTH_IN, new_figure

    style.use()
    edges, counts, zero = precision.histogram(values, loss_scale=loss_scale, bins=np.arange(xlim[0], xlim[1] + 1))
    fate = precision.float16_fate(values, loss_scale)
    if ax is None:
        fig, ax = new_figure((NARROW_WIDTH_IN, 4.6) if narrow else (8, 3.6), narrow=narrow)
    hatches = {"underflow → 0": "//", "subnormal": "..", "float16 normal": "", "overflow → inf": "\\\\"}
    spans = []
    for lo, hi, label, key in _REGIONS:
        lo, hi = max(lo, xlim[0]), min(hi, xlim[1])
        if hi > lo:
            spans.append(ax.axvspan(lo, hi, color=style.COLORS[key], alpha=0.12, hatch=hatches[label], lw=0,
                                    label=label))
            if not narrow:
                ax.text((lo + hi) / 2, 1.02, label, transform=ax.get_xaxis_transform(), ha="center",
                        va="bottom", fontsize=9, color="black")
    total = max(counts.sum() + zero, 1)
    ax.bar(edges[:-1], counts / total * 100, width=1.0, align="edge", color=style.COLORS["error"],
           edgecolor="black", linewidth=0.4, label="gradient values")
    for x, lab in ((-24, "2⁻²⁴"), (-14, "2⁻¹⁴"), (math.log2(precision.FLOAT16_MAX), "65504")):
        ax.axvline(x, color="black", lw=0.8, ls="--")
        ax.text(x, 0.92, f" {lab}", transform=ax.get_xaxis_transform(), fontsize=9)
    ax.set_xlim(*xlim)
    scaled = (f"(after scaling by S = 2{_superscript(math.log2(loss_scale))})" if loss_scale != 1 else "")
    ax.set_xlabel("log₂ |gradient value|" + (("\n" if narrow else "  ") + scaled if scaled else ""))
    ax.set_ylabel("% of values")
    head = title or "Gradient values against float16's range"
    if narrow:   # the ranges' names in a legend under the chart: no room above such narrow bands
        ax.set_title("\n".join(textwrap.wrap(head, 34)))
        ax.legend(handles=spans, loc="upper center", bbox_to_anchor=(0.5, -0.45 if scaled else -0.3),
                  ncol=2, fontsize=9, title="float16's ranges", title_fontsize=9)
        ax.figure.supxlabel(f"lost to underflow: {100 * fate.underflow:.1f} %\nsubnormal: "
                            f"{100 * fate.subnormal:.1f} %    overflow: {100 * fate.overflow:.1f} %",
                            fontsize=10, fontweight="bold")
        return ax.figure
    ax.set_title(head, pad=22)
    ax.text(0.5, -0.30, f"lost to underflow: {100 * fate.underflow:.1f} %    subnormal: {100 * fate.subnormal:.1f} %"
            f"    overflow: {100 * fate.overflow:.1f} %", transform=ax.transAxes, fontsize=10, ha="center",
            va="top", fontweight="bold")
    if ax.figure.get_layout_engine() is None:   # a figure of the caller's, not laid out yet
        ax.figure.tight_layout()
    return ax.figure


def _expect(obj, cls, name):
    """``obj`` if it is a ``cls`` (a result record of :mod:`backprop_lib.loss_scaling`), else a TypeError naming ``name``."""
    if not isinstance(obj, cls):
        raise TypeError(f"{name} must be a backprop_lib.loss_scaling.{cls.__name__}; got {type(obj).__name__}")
    return obj


def _expect_list(objs, cls, name):
    if isinstance(objs, (str, bytes)) or not hasattr(objs, "__len__"):
        raise TypeError(f"{name} must be a list of backprop_lib.loss_scaling.{cls.__name__}; "
                        f"got {type(objs).__name__}")
    return [_expect(o, cls, f"{name}[{i}]") for i, o in enumerate(objs)]


def fate_bars(fate, *, title="What float16 does to the gradients", width=520, height=260):
    """Bars: % of (nonzero) gradient values that underflow, become subnormal, stay normal, overflow."""
    _expect(fate, precision.Fate, "fate")
    return bar_charts.bar_chart(
        ["underflow → 0", "subnormal", "normal", "overflow → inf"],
        [100 * fate.underflow, 100 * fate.subnormal, 100 * fate.normal, 100 * fate.overflow],
        kind="error", ylabel="% of gradient values", title=title, ylim=(0, 100), digits=1,
        width=width, height=height,
    )


def underflow_depth_chart(depths, fractions, *, title="Gradient values lost to underflow in float16"):
    """Lines: % underflowing against depth, one line per label in ``fractions`` {label: [..]}."""
    if not isinstance(fractions, Mapping):
        raise TypeError(f"fractions must be a dict {{label: fraction per depth}}; got {type(fractions).__name__}")
    styles = ["error", "forward", "weight", "cost"]
    return charts.line_chart(
        [charts.series(lab, depths, 100 * np.asarray(f), kind=styles[i % 4], markers=True)
         for i, (lab, f) in enumerate(fractions.items())],
        xlabel="depth L (layers)", ylabel="% of gradient values → 0", title=title,
    )


def scale_sweep_chart(log2_scales, fates, *, title="Static loss scaling: what is lost at each S"):
    """Underflow and overflow % against log2 S."""
    fates = _expect_list(fates, precision.Fate, "fates")
    return charts.line_chart(
        [charts.series("underflow → 0", log2_scales, [100 * f.underflow for f in fates], kind="error", markers=True),
         charts.series("overflow → inf", log2_scales, [100 * f.overflow for f in fates], kind="cost", dash="--",
                       markers=True)],
        xlabel="log₂ S (loss scale)", ylabel="% of gradient values lost", title=title, ylim=(0, 100),
    )


_RUN_STYLE = {
    "float32": ("float32 (baseline)", "forward", "-"),
    "float16": ("float16, no scaling", "error", "--"),
    "float16+static": ("float16, static scaling", "cost", "-."),
    "float16+dynamic": ("float16, dynamic scaling", "weight", ":"),
    "bfloat16": ("bfloat16, no scaling", "target", "9 3 2 3"),
}


def training_chart(runs, *, title="Training the toy network in four precisions"):
    """Cost (log scale) against epoch, one line per :class:`~backprop_lib.loss_scaling.TrainingRun`."""
    lines = []
    for r in _expect_list(runs, precision.TrainingRun, "runs"):
        label, color, dash = _RUN_STYLE[r.mode]
        lines.append(charts.series(label, list(range(len(r.costs))), r.costs, color=color, dash=dash))
    return charts.line_chart(lines, logy=True, xlabel="epoch", ylabel="cost C (float32, all data)", title=title)


def scale_history_chart(run, *, title="The dynamic loss scale, step by step"):
    """log2 of the loss scale against step, with the skipped (overflow) steps marked."""
    _expect(run, precision.TrainingRun, "run")
    steps = list(range(len(run.scales)))
    return charts.line_chart(
        [charts.series("log₂ S", steps, np.log2(run.scales), kind="weight")],
        xlabel="step", ylabel="log₂ S", title=title,
    )
