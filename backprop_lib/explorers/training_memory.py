"""Explorer of the chapter "What backpropagation costs in memory" (``ch-memory``).

Batch size, depth, width, dtype, gradient checkpointing and optimizer -> the memory model's
breakdown (:func:`backprop_lib.training_memory.memory_model`) of one training step of an MLP with
an input of 784 and an output of 10 units: each kind's share of the total (bars) and its size.

In the static page, explorers/js/training_memory.js computes the same model (``memoryModel``).
"""

from __future__ import annotations

from .. import training_memory as memory
from ..draw import bar_charts
from ..draw.svg import num
from .base import Dropdown, Explorer, Slider

__all__ = ["MemoryExplorer", "breakdown_for", "MiB"]

N_IN, N_OUT = 784, 10
MiB = 2 ** 20
SHORT = {"parameters": "W, b", "gradients": "dC/dW, dC/db", "optimizer_state": "optimizer",
         "activations": "z, a kept", "errors": "δ, dC/da", "workspace": "scratch"}


def breakdown_for(params):
    """The :class:`~backprop_lib.training_memory.MemoryBreakdown` for the explorer's parameters."""
    B = 2 ** int(params["batch_exp"])
    L = int(params["depth"])
    width = 2 ** int(params["width_exp"])
    sizes = [N_IN] + [width] * (L - 1) + [N_OUT] if L > 1 else [N_IN, N_OUT]
    segments = 1
    if params["checkpointing"] == "sqrt" and L > 1:
        segments = memory.best_segments(sizes, B)
    return memory.memory_model(sizes, B, dtype=params["dtype"], optimizer=params["optimizer"],
                               keep_errors=False, segments=segments)


class MemoryExplorer(Explorer):
    name = "training_memory"
    title = "Memory of one training step, by kind"

    def controls(self):
        return [
            Slider("batch_exp", 0, 12, 1, 8, label="log₂ batch size", description="batch size B = 2^value"),
            Slider("depth", 1, 32, 1, 8, label="depth L", description="number of layers with weights"),
            Slider("width_exp", 4, 12, 1, 9, label="log₂ width", description="hidden width n = 2^value"),
            Dropdown("dtype", [("float64", "float64"), ("float32", "float32"), ("float16", "float16"),
                               ("mixed (float16 + float32 master)", "mixed")], "float32",
                     label="dtype", description="precision of the values"),
            Dropdown("checkpointing", [("none", "none"), ("√L segments (best)", "sqrt")], "none",
                     label="checkpointing", description="gradient checkpointing"),
            Dropdown("optimizer", [("SGD", "sgd"), ("momentum", "momentum"), ("Adam", "adam")], "sgd",
                     label="optimizer", description="optimizer (its state per parameter)"),
        ]

    def quantities(self, params):
        """The memory model's breakdown (:func:`breakdown_for`): batch size ``B``, depth ``L``,
        hidden ``width`` (text, "-" without a hidden layer), ``dtype``, each kind's ``share`` of
        the total in % (one bar group) and size ``mib``, the ``total`` in MiB, the ``batchShare``
        that grows with the batch (%), the checkpoint ``segments`` and layer ``evaluations``."""
        m = breakdown_for(params)
        kinds = list(memory.MemoryBreakdown.KINDS)
        total = m.total
        return {"B": m.batch_size, "L": len(m.sizes) - 1,
                "width": str(m.sizes[1]) if len(m.sizes) > 2 else "-", "dtype": m.dtype,
                "share": [[100 * getattr(m, k) / total for k in kinds]],
                "mib": [getattr(m, k) / MiB for k in kinds], "total": total / MiB,
                "batchShare": 100 * (m.activations + m.errors + m.workspace) / (total or 1),
                "segments": m.segments, "evaluations": m.layer_evaluations}

    def draw(self, q, params):
        kinds = list(memory.MemoryBreakdown.KINDS)
        chart = bar_charts.bar_chart(
            [SHORT[k] for k in kinds], q["share"][0], kind="forward", ylabel="% of the total", digits=1,
            ylim=(0, 100), width=620, height=300, q="share",
            title=(f"B = {num(q['B'], 'd', 'B')}, L = {num(q['L'], 'd', 'L')}, "
                   f"width {num(q['width'], 's', 'width')}, {num(q['dtype'], 's', 'dtype')}"))
        sizes = " · ".join(f"{SHORT[k]} {num(q['mib'][i], 'cf:2', f'mib.{i}')}"
                           for i, k in enumerate(kinds))
        text = (
            f"<p style='margin:0.3em 0'><b>total {num(q['total'], 'cf:2', 'total')} MiB</b>; "
            f"{num(q['batchShare'], 'f:0', 'batchShare')} % of it grows with the batch (stored activations, "
            f"errors, scratch). Segments: {num(q['segments'], 'd', 'segments')}; layer evaluations per "
            f"step: {num(q['evaluations'], 'd', 'evaluations')} (without checkpointing: "
            f"{num(q['L'], 'd', 'L')}).</p><p style='margin:0.3em 0;font-size:.9em'>MiB: {sizes}</p>"
        )
        return chart.both + text

    def live_data(self):
        return {"n_in": N_IN, "n_out": N_OUT, "optimizers": dict(memory.OPTIMIZERS),
                "workspace_buffers": memory.WORKSPACE_BUFFERS}


EXPLORERS = {"training_memory": MemoryExplorer}
