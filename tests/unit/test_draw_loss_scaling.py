"""The loss-scaling chapter's figures: they draw, carry a text alternative, and reject what is
not a loss_scaling record, by name."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from backprop_lib import Network, datasets, loss_scaling as precision  # noqa: E402
from backprop_lib.draw import loss_scaling as figures  # noqa: E402


def test_loss_scaling_figures():
    X, Y = datasets.sine(16, seed=0)
    net = Network([1, 8, 8, 1], activation="sigmoid", output_activation="identity", seed=0)
    v = precision.gradient_values(precision.reference_gradients(net, X, Y)[1])
    ax = figures.gradient_histogram(v, loss_scale=2.0**8)
    assert ax.get_xlabel().startswith("log₂") and "S = 2⁸" in ax.get_xlabel()
    f = precision.float16_fate(v)
    assert "<svg" in figures.fate_bars(f).svg
    assert "<svg" in figures.underflow_depth_chart([2, 4], {"sigmoid": [0.0, 0.1]}).svg
    assert "<svg" in figures.scale_sweep_chart([0, 8], [f, precision.float16_fate(v, 256)]).svg
    run = precision.train(net, X, Y, mode="float16+dynamic", epochs=1, batch_size=8, lr=0.1)
    assert "<svg" in figures.training_chart([run]).svg
    assert "log₂ S" in figures.scale_history_chart(run).svg


@pytest.mark.parametrize("kw, error, name", [
    (dict(ax="not axes"), TypeError, "ax"),
    (dict(xlim=(5, 1)), ValueError, "xlim"),
    (dict(xlim="ab"), ValueError, "xlim"),
    (dict(xlim=(-40, float("inf"))), ValueError, "xlim"),
])
def test_gradient_histogram_rejects_bad_arguments_by_name(kw, error, name):
    with pytest.raises(error, match=name):
        figures.gradient_histogram(np.full(5, 1e-3), **kw)


@pytest.mark.parametrize("call, error, name", [
    (lambda: figures.fate_bars({"underflow": 0.1}), TypeError, "fate"),
    (lambda: figures.underflow_depth_chart([2, 4], [0.0, 0.1]), TypeError, "fractions"),
    (lambda: figures.scale_sweep_chart([0], None), TypeError, "fates"),
    (lambda: figures.scale_sweep_chart([0], ["fate"]), TypeError, r"fates\[0\]"),
    (lambda: figures.training_chart("float16"), TypeError, "runs"),
    (lambda: figures.scale_history_chart(None), TypeError, "run"),
])
def test_charts_reject_what_is_not_a_precision_record_by_name(call, error, name):
    with pytest.raises(error, match=name):
        call()
