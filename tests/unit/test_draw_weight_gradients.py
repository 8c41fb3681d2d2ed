"""Tests of backprop_lib.draw.weight_gradients: what each figure draws and its palette (its arguments are checked where they are made, not in draw/)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from backprop_lib import Network, datasets, gradcheck, training  # noqa: E402
from backprop_lib.draw import style, weight_gradients as plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def trained():
    X, Y = datasets.circles(120, noise=0.05, seed=0)
    net = Network([2, 6, 1], activation="tanh", output_activation="sigmoid", seed=0)
    costs = training.train(net, X, Y, epochs=40, batch_size=20, lr=1.0, seed=0)
    return net, X, Y, costs


def _hex(c):
    return mcolors.to_hex(c).lower()


# --- decision_regions ------------------------------------------------------------------------

def test_decision_regions_draws_classes_with_palette_and_markers(trained):
    net, X, Y, _ = trained
    ax = plots.decision_regions(net, X, Y)
    scatters = [c for c in ax.collections if c.get_offsets().shape[0] in
                (int((Y[:, 0] < 0.5).sum()), int((Y[:, 0] >= 0.5).sum()))
                and c.get_offsets().shape[1] == 2 and c.get_label().startswith("class")]
    assert len(scatters) == 2
    colours = {_hex(s.get_facecolor()[0]) for s in scatters}
    assert colours == {style.COLORS["forward"].lower(), style.COLORS["cost"].lower()}
    # every point is drawn exactly once
    assert sum(s.get_offsets().shape[0] for s in scatters) == len(X)
    # colour is not the only cue: the legend names the classes and their markers
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("circles" in t for t in labels) and any("triangles" in t for t in labels)


def test_decision_regions_draws_boundary_when_output_crosses_threshold(trained):
    net, X, Y, _ = trained
    ax = plots.decision_regions(net, X, Y)
    from matplotlib.contour import ContourSet
    contour_sets = [c for c in ax.get_children() if isinstance(c, ContourSet)]
    assert len(contour_sets) == 1
    assert list(contour_sets[0].levels) == [0.5]          # midpoint of labels 0 and 1


def test_decision_regions_threshold_default_follows_labels():
    # labels -1/+1: the default threshold is 0
    X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    Y = np.array([-1.0, 1.0, 1.0, -1.0])
    net = Network([2, 3, 1], activation="tanh", seed=1)
    ax = plots.decision_regions(net, X, Y, resolution=20)
    from matplotlib.contour import ContourSet
    sets = [c for c in ax.get_children() if isinstance(c, ContourSet)]
    assert all(list(s.levels) == [0.0] for s in sets)


def test_decision_regions_uses_given_axes(trained):
    net, X, Y, _ = trained
    fig, ax = plt.subplots()
    assert plots.decision_regions(net, X, Y, ax=ax, resolution=20) is ax


# --- loss_curve ------------------------------------------------------------------------------

def test_loss_curve_plots_every_epoch_in_cost_colour_on_log_scale():
    costs = [1.0, 0.3, 0.05, 0.01]
    ax = plots.loss_curve(costs)
    line = ax.get_lines()[0]
    assert list(line.get_xdata()) == [1, 2, 3, 4]
    assert np.allclose(line.get_ydata(), costs)
    assert _hex(line.get_color()) == style.COLORS["cost"].lower()
    assert ax.get_yscale() == "log"


def test_loss_curve_linear_when_costs_span_less_than_a_decade():
    ax = plots.loss_curve([0.3, 0.25, 0.2])
    assert ax.get_yscale() == "linear"
    ax = plots.loss_curve([1.0, 0.01], log=False)
    assert ax.get_yscale() == "linear"


def test_loss_curve_marks_non_finite_costs():
    ax = plots.loss_curve([1.0, 0.5, float("nan"), float("inf")])
    lines = ax.get_lines()
    assert np.allclose(lines[0].get_ydata(), [1.0, 0.5])
    assert len(lines[1].get_xdata()) == 2
    assert any("diverged" in t.get_text() for t in ax.get_legend().get_texts())


# --- gradient_comparison ---------------------------------------------------------------------

def test_gradient_comparison_from_gradcheck_result():
    net = Network([2, 3, 2], activation="tanh", seed=0)
    result = gradcheck.check_gradients(net, np.array([0.5, -1.0]), np.array([0.5, -0.5]))
    ax = plots.gradient_comparison(result)
    pts = [c for c in ax.collections if c.get_offsets().shape[0] > 0][0].get_offsets()
    n_entries = sum(1 for r in result.rows if r[0].startswith(("W[", "b[")))
    assert pts.shape == (n_entries, 2)
    assert np.allclose(pts[:, 0], pts[:, 1], atol=1e-6)    # backprop agrees with finite differences
    assert _hex(ax.collections[0].get_facecolor()[0]) == style.COLORS["error"].lower()


def test_gradient_comparison_from_lists_skips_none():
    ax = plots.gradient_comparison([None, np.ones((2, 2)), np.zeros(3)],
                                   [None, np.ones((2, 2)), np.zeros(3)])
    assert ax.collections[0].get_offsets().shape == (7, 2)


# --- training_summary ------------------------------------------------------------------------

def test_training_summary_has_both_panels(trained):
    net, X, Y, costs = trained
    fig = plots.training_summary(net, X, Y, costs, title="circles")
    assert len(fig.axes) == 2
    assert fig.axes[0].get_title() == "What the network learned"
    assert fig.axes[1].get_title() == "Cost during training"
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)      # white: legible in the dark theme
    fig.canvas.draw()                                        # renders without error


def test_region_cmap_runs_between_palette_colours():
    cmap = plots.region_cmap()
    assert _hex(cmap(0.0)) == style.COLORS["forward"].lower()
    assert _hex(cmap(1.0)) == style.COLORS["cost"].lower()


def test_importing_plots_does_not_import_matplotlib():
    import subprocess
    import sys
    code = "import sys, backprop_lib.draw.weight_gradients; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
