"""Figures of the training-memory chapter.

Small SVG charts (:mod:`backprop_lib.draw.charts`: crisp, light, legible in both themes, with a
text alternative).  Every series carries a label and a line style as well as its colour.
"""

from __future__ import annotations

import math

from . import bar_charts, charts
from .. import training_memory as memory
from .._checks import check_int, check_numbers

__all__ = [
    "KIND_STYLE",
    "growth_chart",
    "breakdown_chart",
    "checkpoint_chart",
    "recompute_chart",
    "sqrt_rule_chart",
    "MiB",
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
    return bar_charts.grouped_bar_chart(
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
