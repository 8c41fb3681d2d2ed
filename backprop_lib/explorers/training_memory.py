"""Explorer of the chapter "What backpropagation costs in memory" (``ch-memory``).

Batch size, depth, width, dtype and gradient checkpointing -> the memory model's breakdown
(:func:`backprop_lib.training_memory.memory_model`) of one training step of an MLP with an input of 784
and an output of 10 units.
"""

from __future__ import annotations

from .. import training_memory as memory
from ..draw import charts
from ..draw.training_memory import MiB
from .base import Dropdown, Explorer, Slider

N_IN, N_OUT = 784, 10
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
    main = ("batch_exp", "checkpointing")
    note = ("No-kernel version: move the batch-size slider and switch checkpointing on and off to "
            "see precomputed frames; open this page as a notebook (Binder, Colab or JupyterLab) for "
            "every control.")

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

    def render(self, params):
        m = breakdown_for(params)
        kinds = [k for k in memory.MemoryBreakdown.KINDS]
        labels = [SHORT[k] for k in kinds]
        values = [getattr(m, k) / MiB for k in kinds]
        chart = charts.bar_chart(labels, values, kind="forward", ylabel="MiB", digits=2, width=620, height=300,
                                 title=f"B = {m.batch_size}, L = {len(m.sizes) - 1}, width {m.sizes[1] if len(m.sizes) > 2 else '-'}, {m.dtype}")
        share = 100 * (m.activations + m.errors + m.workspace) / (m.total or 1)
        text = (
            f"<p style='margin:0.3em 0'><b>total {m.total / MiB:,.2f} MiB</b>; "
            f"{share:.0f} % of it grows with the batch (stored activations, errors, scratch). "
            f"Segments: {m.segments}; layer evaluations per step: {m.layer_evaluations} "
            f"(without checkpointing: {len(m.sizes) - 1}).</p>"
        )
        return chart.svg + text


EXPLORERS = {"training_memory": MemoryExplorer}
