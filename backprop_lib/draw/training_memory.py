"""Figures of the chapters on training memory (``ch-memory``) and loss scaling (``ch-loss-scaling``).

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

from . import charts
from .. import training_memory as memory, loss_scaling as precision
from . import weight_gradients as _plots
from .._checks import check_int, check_numbers
from . import style as _style

__all__ = [
    "KIND_STYLE",
    "growth_chart",
    "breakdown_chart",
    "checkpoint_chart",
    "recompute_chart",
    "sqrt_rule_chart",
    "gradient_histogram",
    "fate_bars",
    "underflow_depth_chart",
    "scale_sweep_chart",
    "training_chart",
    "scale_history_chart",
]

MiB = 2.0**20

#: How each kind of memory is drawn: (label, colour key, dash).  Gradients and errors are both
#: quantities of the backward pass (the "error" colour), told apart by their dashes.
KIND_STYLE = {
    "parameters": ("parameters W, b", "weight", "-."),
    "gradients": ("gradients dC/dW, dC/db", "error", ":"),
    "optimizer_state": ("optimizer state", "cost", "-"),
    "activations": ("stored activations z, a", "forward", "-"),
    "errors": ("errors δ, dC/da", "error", "--"),
    "workspace": ("scratch", "input", "9 3 2 3"),
}


def _series_for(kinds, x, breakdowns):
    out = []
    for k in kinds:
        label, color, dash = KIND_STYLE[k]
        out.append(charts.series(label, x, [getattr(b, k) / MiB for b in breakdowns], color=color, dash=dash,
                                 markers=True))
    return out


def growth_chart(vary, values, *, sizes_of, batch_size_of, dtype="float32", optimizer="sgd",
                 kinds=("parameters", "gradients", "activations", "errors"), title=None, xlabel=None):
    """Memory of each kind (MiB) as one thing varies.

    ``sizes_of(v)`` and ``batch_size_of(v)`` give the layer widths and batch size for each value v
    of ``values`` (e.g. ``sizes_of=lambda L: [784] + [512] * L + [10]``).
    """
    for name, f in (("sizes_of", sizes_of), ("batch_size_of", batch_size_of)):
        if not callable(f):
            raise TypeError(f"{name} must be a function of the varied value; got {type(f).__name__}")
    bds = [memory.memory_model(sizes_of(v), batch_size_of(v), dtype=dtype, optimizer=optimizer) for v in values]
    return charts.line_chart(
        _series_for(kinds, list(values), bds), logy=False, xlabel=xlabel or vary, ylabel="MiB",
        title=title or f"Memory against {vary}",
    )


def breakdown_chart(breakdowns, *, title="Where the memory goes", kinds=None, logy=False, unit="MiB", digits=2):
    """Grouped bars: for each labelled :class:`~backprop_lib.training_memory.MemoryBreakdown`, memory by kind.

    ``kinds``: which kinds to show (default: those that are nonzero somewhere); ``unit``: "MiB" or
    "GiB"."""
    if not isinstance(breakdowns, dict) or not breakdowns:
        raise TypeError("breakdowns must be a non-empty dict {label: MemoryBreakdown}")
    if unit not in ("MiB", "GiB"):
        raise ValueError(f"unit must be 'MiB' or 'GiB'; got {unit!r}")
    scale = MiB if unit == "MiB" else MiB * 1024
    kinds = kinds or [k for k in memory.MemoryBreakdown.KINDS
                      if any(getattr(b, k) for b in breakdowns.values())]
    groups = {KIND_STYLE[k][0]: [getattr(b, k) / scale for b in breakdowns.values()] for k in kinds}
    return charts.grouped_bar_chart(
        list(breakdowns), groups, kinds=[KIND_STYLE[k][1] for k in kinds], ylabel=unit, title=title,
        logy=logy, digits=digits, width=680, height=320,
    )


def checkpoint_chart(segments, measured, modelled, *, title="Peak memory of one step, with checkpointing"):
    """Measured (tracemalloc) and modelled peak memory (MiB) against the number of segments."""
    measured, modelled = check_numbers(measured, "measured"), check_numbers(modelled, "modelled")
    return charts.line_chart(
        [charts.series("model", segments, modelled / MiB, kind="forward"),
         charts.series("measured (tracemalloc)", segments, measured / MiB, kind="cost", dash="--",
                       markers=True)],
        xlabel="segments", ylabel="MiB", title=title,
    )


def recompute_chart(segments, evaluations, L, *, title="Compute: layer evaluations per step"):
    """Forward layer evaluations (the recomputation included) against the number of segments."""
    L = check_int(L, "L")
    return charts.line_chart(
        [charts.series("layer evaluations, counted", segments, evaluations, kind="error", markers=True),
         charts.series("without checkpointing (L)", segments, [L] * len(segments), kind="forward", dash=":"),
         charts.series("two forward passes (2L)", segments, [2 * L] * len(segments), kind="weight", dash="-.")],
        xlabel="segments", ylabel="layer evaluations", title=title,
    )


def sqrt_rule_chart(depths, *, width=1, kept_per_unit=2, title="Stored activations against depth"):
    """Stored activations (in layer widths) against depth L: all layers, vs the best checkpointing,
    next to sqrt(L) curves."""
    if isinstance(depths, (str, bytes)) or not hasattr(depths, "__iter__"):
        raise TypeError(f"depths must be a list of depths L; got {type(depths).__name__}")
    depths = [check_int(L, f"depths[{i}]") for i, L in enumerate(depths)]
    plain, best, best_s = [], [], []
    for L in depths:
        sizes = [width] * (L + 1)
        plain.append(memory.checkpoint_cost(sizes, 1, 1, kept_per_unit=kept_per_unit)[0] / (8 * width))
        s = memory.best_segments(sizes, kept_per_unit=kept_per_unit)
        best_s.append(s)
        best.append(memory.checkpoint_cost(sizes, 1, s, kept_per_unit=kept_per_unit)[0] / (8 * width))
    ref = [2 * math.sqrt(kept_per_unit * L) for L in depths]
    return charts.line_chart(
        [charts.series("no checkpointing", depths, plain, kind="forward", markers=True),
         charts.series("best number of segments", depths, best, kind="error", markers=True),
         charts.series(f"2·√({kept_per_unit}L)", depths, ref, kind="weight", dash=":")],
        xlabel="depth L (layers)", ylabel="layer-widths of values kept", title=title,
    ), best_s


# ----------------------------------------------------------------------------- loss scaling
_REGIONS = [
    (-60, -24, "underflow → 0", "error"),
    (-24, -14, "subnormal", "cost"),
    (-14, math.log2(precision.FLOAT16_MAX), "float16 normal", "weight"),
    (math.log2(precision.FLOAT16_MAX), 60, "overflow → inf", "error"),
]


def gradient_histogram(values, *, loss_scale=1.0, title=None, ax=None, xlim=(-40, 20)):
    """Histogram of log2 |gradient| (scaled by ``loss_scale``) against float16's ranges, as in
    Micikevicius et al. (2018, fig. 3).  Returns the matplotlib Axes."""
    import matplotlib.pyplot as plt

    ax = _plots._check_ax(ax)
    if (isinstance(xlim, (str, bytes)) or not hasattr(xlim, "__len__") or len(xlim) != 2
            or not all(isinstance(v, numbers.Real) and math.isfinite(v) for v in xlim)
            or not xlim[0] < xlim[1]):
        raise ValueError(f"xlim must be two finite numbers (lo, hi) of log2 |value| with lo < hi; "
                         f"got {xlim!r}")
    _style.use()
    edges, counts, zero = precision.histogram(values, loss_scale=loss_scale, bins=np.arange(xlim[0], xlim[1] + 1))
    fate = precision.float16_fate(values, loss_scale)
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 3.6))
    hatches = {"underflow → 0": "//", "subnormal": "..", "float16 normal": "", "overflow → inf": "\\\\"}
    for lo, hi, label, key in _REGIONS:
        lo, hi = max(lo, xlim[0]), min(hi, xlim[1])
        if hi > lo:
            ax.axvspan(lo, hi, color=_style.COLORS[key], alpha=0.12, hatch=hatches[label], lw=0)
            ax.text((lo + hi) / 2, 1.02, label, transform=ax.get_xaxis_transform(), ha="center", va="bottom",
                    fontsize=9, color="black")
    total = max(counts.sum() + zero, 1)
    ax.bar(edges[:-1], counts / total * 100, width=1.0, align="edge", color=_style.COLORS["error"],
           edgecolor="black", linewidth=0.4, label="gradient values")
    for x, lab in ((-24, "2⁻²⁴"), (-14, "2⁻¹⁴"), (math.log2(precision.FLOAT16_MAX), "65504")):
        ax.axvline(x, color="black", lw=0.8, ls="--")
        ax.text(x, 0.92, f" {lab}", transform=ax.get_xaxis_transform(), fontsize=8)
    ax.set_xlim(*xlim)
    ax.set_xlabel("log₂ |gradient value|" + (f"  (after scaling by S = 2^{math.log2(loss_scale):g})"
                                              if loss_scale != 1 else ""))
    ax.set_ylabel("% of values")
    ax.set_title(title or "Gradient values against float16's range", pad=22)
    ax.text(0.5, -0.30, f"lost to underflow: {100 * fate.underflow:.1f} %    subnormal: {100 * fate.subnormal:.1f} %"
            f"    overflow: {100 * fate.overflow:.1f} %", transform=ax.transAxes, fontsize=10, ha="center",
            va="top", fontweight="bold")
    ax.figure.tight_layout()
    return ax


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
    return charts.bar_chart(
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
