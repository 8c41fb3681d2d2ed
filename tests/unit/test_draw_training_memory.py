"""The chapter figures of memory and loss scaling: they draw, carry a text alternative, and
show the numbers they are given."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from backprop_lib import Network, datasets, training_memory as memory, loss_scaling as precision
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


def test_loss_scaling_figures():
    X, Y = datasets.sine(16, seed=0)
    net = Network([1, 8, 8, 1], activation="sigmoid", output_activation="identity", seed=0)
    v = precision.gradient_values(precision.reference_gradients(net, X, Y)[1])
    ax = plots_memory.gradient_histogram(v, loss_scale=2.0**8)
    assert ax.get_xlabel().startswith("log₂") and "S = 2^8" in ax.get_xlabel()
    f = precision.float16_fate(v)
    assert "<svg" in plots_memory.fate_bars(f).svg
    assert "<svg" in plots_memory.underflow_depth_chart([2, 4], {"sigmoid": [0.0, 0.1]}).svg
    assert "<svg" in plots_memory.scale_sweep_chart([0, 8], [f, precision.float16_fate(v, 256)]).svg
    run = precision.train(net, X, Y, mode="float16+dynamic", epochs=1, batch_size=8, lr=0.1)
    assert "<svg" in plots_memory.training_chart([run]).svg
    assert "log₂ S" in plots_memory.scale_history_chart(run).svg


@pytest.mark.parametrize("kw, error, name", [
    (dict(ax="not axes"), TypeError, "ax"),
    (dict(xlim=(5, 1)), ValueError, "xlim"),
    (dict(xlim="ab"), ValueError, "xlim"),
    (dict(xlim=(-40, float("inf"))), ValueError, "xlim"),
])
def test_gradient_histogram_rejects_bad_arguments_by_name(kw, error, name):
    with pytest.raises(error, match=name):
        plots_memory.gradient_histogram(np.full(5, 1e-3), **kw)


@pytest.mark.parametrize("call, error, name", [
    (lambda: plots_memory.fate_bars({"underflow": 0.1}), TypeError, "fate"),
    (lambda: plots_memory.underflow_depth_chart([2, 4], [0.0, 0.1]), TypeError, "fractions"),
    (lambda: plots_memory.scale_sweep_chart([0], None), TypeError, "fates"),
    (lambda: plots_memory.scale_sweep_chart([0], ["fate"]), TypeError, r"fates\[0\]"),
    (lambda: plots_memory.training_chart("float16"), TypeError, "runs"),
    (lambda: plots_memory.scale_history_chart(None), TypeError, "run"),
    (lambda: plots_memory.growth_chart("L", [1, 2], sizes_of=[784, 10], batch_size_of=lambda L: 1),
     TypeError, "sizes_of"),
    (lambda: plots_memory.checkpoint_chart([1, 2], ["a", "b"], [1, 2]), TypeError, "measured"),
    (lambda: plots_memory.recompute_chart([1, 2], [4, 6], "L"), TypeError, "L"),
    (lambda: plots_memory.sqrt_rule_chart("4, 16"), TypeError, "depths"),
    (lambda: plots_memory.sqrt_rule_chart([4, 0]), ValueError, r"depths\[1\]"),
])
def test_charts_reject_what_is_not_a_precision_record_by_name(call, error, name):
    with pytest.raises(error, match=name):
        call()
