"""The training-memory chapter's figures: they draw, carry a text alternative, and show the
numbers they are given."""

import matplotlib

matplotlib.use("Agg")

import pytest

from backprop_lib import training_memory as memory
from backprop_lib.draw import training_memory as plots_memory


def test_growth_and_breakdown_charts():
    d = plots_memory.growth_chart("batch size", [16, 32], sizes_of=lambda B: [8, 16, 2], batch_size_of=lambda B: B)
    assert "<svg" in d.svg and d.alt and "stored activations" in d.svg
    bd = {"a": memory.memory_model([8, 16, 2], 4), "b": memory.memory_model([8, 16, 2], 400)}
    c = plots_memory.breakdown_chart(bd, unit="GiB", kinds=["parameters", "activations"])
    assert "GiB" in c.svg
    with pytest.raises(TypeError, match="breakdowns"):
        plots_memory.breakdown_chart([])
    with pytest.raises(ValueError, match="unit"):
        plots_memory.breakdown_chart(bd, unit="kB")


def test_checkpoint_and_sqrt_charts():
    c = plots_memory.checkpoint_chart([1, 2, 3], [3e6, 2e6, 1.5e6], [3e6, 2e6, 1.5e6])
    r = plots_memory.recompute_chart([1, 2, 3], [4, 6, 7], 4)
    chart, best = plots_memory.sqrt_rule_chart([4, 16, 64])
    assert all("<svg" in x.svg for x in (c, r, chart))
    assert best == [memory.best_segments([1] * (L + 1)) for L in (4, 16, 64)]


@pytest.mark.parametrize("call, error, name", [
    (lambda: plots_memory.growth_chart("L", [1, 2], sizes_of=[784, 10], batch_size_of=lambda L: 1),
     TypeError, "sizes_of"),
    (lambda: plots_memory.checkpoint_chart([1, 2], ["a", "b"], [1, 2]), TypeError, "measured"),
    (lambda: plots_memory.recompute_chart([1, 2], [4, 6], "L"), TypeError, "L"),
    (lambda: plots_memory.sqrt_rule_chart("4, 16"), TypeError, "depths"),
    (lambda: plots_memory.sqrt_rule_chart([4, 0]), ValueError, r"depths\[1\]"),
])
def test_charts_reject_bad_input_by_name(call, error, name):
    with pytest.raises(error, match=name):
        call()
