"""The chapters' static figures draw from gradient_flow data and reject bad input."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from backprop_lib import Network, vanishing_gradients as gf  # noqa: E402
from backprop_lib.draw import vanishing_gradients as pgf  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def test_depth_profiles_and_rates():
    prof = {a: {g: gf.depth_sweep(a, g, depths=[8], width=8, batch=4)[8] for g in (0.5, 1.0)}
            for a in ("sigmoid", "relu")}
    fig = pgf.depth_profiles(prof)
    assert len(fig.axes) == 2 and all(ax.get_yscale() == "log" for ax in fig.axes)
    assert len(fig.axes[0].lines) == 4  # two scales, each with its bound
    fig = pgf.decay_rates({a: [prof[a][g].rate for g in (0.5, 1.0)] for a in prof}, [0.5, 1.0],
                          bound_rates={a: [prof[a][g].bound_rate for g in (0.5, 1.0)] for a in prof})
    assert len(fig.axes) == 2


def test_histograms_variances_training():
    net = Network([6, 6, 6, 2], activation="tanh", output_activation="identity", seed=0)
    x, E = gf.random_data(net, batch=20)
    h = {("activations", "std"): gf.activation_histograms(net, x),
         ("gradients", "std"): gf.gradient_histograms(net, x, E)}
    fig = pgf.glorot_bengio_histograms(h)
    assert len(fig.axes) == 2 and len(fig.axes[0].lines) == 2
    m, lin, mf = gf.variance_experiment(8, 4, "standard", "tanh", batch=8)
    fig = pgf.variance_profiles({"a": m}, {"a": mf})
    assert len(fig.axes) == 2
    fig = pgf.training_curves({("tanh", "standard"): [0.3, 0.2], ("tanh", "he_normal"): [0.3, 0.1]})
    assert len(fig.axes[0].lines) == 2


@pytest.mark.parametrize("call,exc,word", [
    (lambda: pgf.depth_profiles({}), TypeError, "profiles"),
    (lambda: pgf.depth_profiles({"tanh": {1.0: "x"}}), TypeError, "GradientProfile"),
    (lambda: pgf.decay_rates({"tanh": [1.0]}, [1.0]), ValueError, "scales"),
    (lambda: pgf.decay_rates({"tanh": [1.0]}, [1.0, 2.0]), ValueError, "rates"),
    (lambda: pgf.glorot_bengio_histograms({("a", "b"): 3}), TypeError, "Histograms"),
    (lambda: pgf.variance_profiles({"a": 1}, {"a": 1}), TypeError, "VarianceProfile"),
    (lambda: pgf.training_curves([]), TypeError, "curves"),
    (lambda: pgf.decay_rates({"tanh": [1.0, 2.0]}, "ab"), TypeError, "scales"),
    (lambda: pgf.decay_rates({"tanh": ["a", "b"]}, [1.0, 2.0]), TypeError, "rates"),
    (lambda: pgf.training_curves({("tanh", "he_normal"): "abc"}), TypeError, "curves"),
])
def test_bad_input(call, exc, word):
    with pytest.raises(exc, match=word):
        call()
