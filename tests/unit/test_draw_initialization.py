"""The initialization chapter's figures draw from backprop_lib.initialization data and reject bad input."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from backprop_lib import Network, initialization, vanishing_gradients as gf  # noqa: E402
from backprop_lib.draw import initialization as figures  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def test_histograms_variances_training():
    net = Network([6, 6, 6, 2], activation="tanh", output_activation="identity", seed=0)
    x, E = gf.random_data(net, batch=20)
    h = {("activations", "std"): initialization.activation_histograms(net, x),
         ("gradients", "std"): initialization.gradient_histograms(net, x, E)}
    fig = figures.glorot_bengio_histograms(h)
    assert len(fig.axes) == 2 and len(fig.axes[0].lines) == 2
    m, lin, mf = initialization.variance_experiment(8, 4, "standard", "tanh", batch=8)
    fig = figures.variance_profiles({"a": m}, {"a": mf})
    assert len(fig.axes) == 2
    fig = figures.training_curves({("tanh", "standard"): [0.3, 0.2], ("tanh", "he_normal"): [0.3, 0.1]})
    assert len(fig.axes[0].lines) == 2


@pytest.mark.parametrize("call,exc,word", [
    (lambda: figures.glorot_bengio_histograms({("a", "b"): 3}), TypeError, "Histograms"),
    (lambda: figures.variance_profiles({"a": 1}, {"a": 1}), TypeError, "VarianceProfile"),
    (lambda: figures.training_curves([]), TypeError, "curves"),
    (lambda: figures.training_curves({("tanh", "he_normal"): "abc"}), TypeError, "curves"),
])
def test_bad_input(call, exc, word):
    with pytest.raises(exc, match=word):
        call()
