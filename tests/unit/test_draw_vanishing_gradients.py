"""The vanishing-gradient chapter's figures draw from backprop_lib.vanishing_gradients data and reject bad input."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from backprop_lib import vanishing_gradients as gf  # noqa: E402
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


@pytest.mark.parametrize("call,exc,word", [
    (lambda: pgf.depth_profiles({}), TypeError, "profiles"),
    (lambda: pgf.depth_profiles({"tanh": {1.0: "x"}}), TypeError, "GradientProfile"),
    (lambda: pgf.decay_rates({"tanh": [1.0]}, [1.0]), ValueError, "scales"),
    (lambda: pgf.decay_rates({"tanh": [1.0]}, [1.0, 2.0]), ValueError, "rates"),
    (lambda: pgf.decay_rates({"tanh": [1.0, 2.0]}, "ab"), TypeError, "scales"),
    (lambda: pgf.decay_rates({"tanh": ["a", "b"]}, [1.0, 2.0]), TypeError, "rates"),
])
def test_bad_input(call, exc, word):
    with pytest.raises(exc, match=word):
        call()
