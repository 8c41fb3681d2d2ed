"""The memory explorer shows the memory model's numbers."""

import re

from backprop_lib import explorers, training_memory as memory
from backprop_lib.explorers.training_memory import breakdown_for


def _total(html):
    return float(re.search(r"total ([\d,\.]+) MiB", html).group(1).replace(",", ""))


def test_total_is_the_model_total():
    ex = explorers.catalog()["training_memory"]()
    html = ex.update(batch_exp=7, depth=4, width_exp=8, dtype="float32", checkpointing="none", optimizer="adam")
    m = memory.memory_model([784, 256, 256, 256, 10], 128, dtype="float32", optimizer="adam", keep_errors=False)
    assert abs(_total(html) - m.total / 2**20) < 0.01


def test_controls_move_the_total_the_right_way():
    ex = explorers.catalog()["training_memory"]()
    base = _total(ex.update(batch_exp=8, depth=16, width_exp=9, dtype="float32", checkpointing="none"))
    assert _total(ex.update(batch_exp=10)) > base  # bigger batch, more activations
    ex.update(batch_exp=8)
    assert _total(ex.update(dtype="float16")) < base
    ex.update(dtype="float32")
    assert _total(ex.update(checkpointing="sqrt")) < base
    assert "layer evaluations per step: " in ex.html()
    m = breakdown_for(dict(ex.params))
    assert m.segments > 1 and m.layer_evaluations > 16
