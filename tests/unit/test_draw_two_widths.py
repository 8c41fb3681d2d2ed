"""Every chart at two widths (issue 23): the matplotlib charts' phone variants
(backprop_lib.draw.axes: ChartFigure, picture_bundle) and the SVG charts' (backprop_lib.draw.charts.Chart).

A phone column is about 358 CSS px at 390 px; the page shows the narrow variant up to 480 px. A
variant is legible when its smallest text, at the size the column gives it, is 9 CSS px or more.
"""

import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from backprop_lib import Network, datasets, training  # noqa: E402
from backprop_lib import vanishing_gradients as gf  # noqa: E402
from backprop_lib.draw import autodiff as fig_autodiff  # noqa: E402
from backprop_lib.draw import axes, bar_charts, charts  # noqa: E402
from backprop_lib.draw import initialization as fig_init  # noqa: E402
from backprop_lib.draw import loss_scaling as fig_ls  # noqa: E402
from backprop_lib.draw import vanishing_gradients as fig_vg  # noqa: E402
from backprop_lib.draw import weight_gradients as fig_wg  # noqa: E402

PHONE_COLUMN = 358   # CSS px of the book's column at 390 px
LAPTOP_COLUMN = 688  # at 1280 px
FULL_WIDTH = 935     # a cell tagged full-width at 1280 px (the chapters so tag their widest charts)


@pytest.fixture(autouse=True)
def _close():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _picture(fig):
    data, meta = fig._repr_mimebundle_()
    html = data["text/html"]
    src = re.search(r'<source media="\(max-width: (\d+)px\)" srcset="data:image/png;base64,[^"]+" '
                    r'width="(\d+)" height="(\d+)" data-bp-text-px="([\d.]+)"', html)
    img = re.search(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)" width="(\d+)" height="(\d+)" '
                    r'data-bp-text-px="([\d.]+)"', html)
    assert src and img, html[:300]
    assert data["image/png"] == img.group(1)   # Jupyter's fallback is the wide figure
    return {"page": int(src.group(1)), "narrow_w": int(src.group(2)), "narrow_text": float(src.group(4)),
            "wide_w": int(img.group(3)), "wide_text": float(img.group(5)), "alt": img.group(2)}


def _shown(width, text, column):
    """The smallest text in CSS px of a variant ``width`` CSS px wide shown in ``column`` px."""
    return text * min(1.0, column / width)


def _profiles():
    return {a: {g: gf.depth_sweep(a, g, depths=[8], width=8, batch=4)[8] for g in (0.5, 1.0)}
            for a in ("sigmoid", "relu", "tanh")}


def _spirals():
    X, Y = datasets.circles(60, noise=0.1, seed=0)
    net = Network([2, 4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    costs = training.train(net, X, Y, epochs=5, batch_size=16, lr=0.5)
    return net, X, Y, costs


#: name: (the chart, the column it gets at 1280 px in the book)
CHARTS = {
    "depth_profiles": (lambda: fig_vg.depth_profiles(_profiles()), FULL_WIDTH),
    "decay_rates": (lambda: fig_vg.decay_rates({"tanh": [0.5, 0.9, 1.2], "relu": [0.4, 0.7, 0.9]}, [0.5, 1.0, 1.5],
                                              bound_rates={"tanh": [0.6, 1.0, 1.5]}), FULL_WIDTH),
    "training_curves": (lambda: fig_init.training_curves(
        {(a, i): np.geomspace(1, 0.01, 20) for a in ("tanh", "relu") for i in ("xavier", "he")},
        title="Circles, 8 hidden layers of 32 units"), FULL_WIDTH),
    "cost_plot": (lambda: fig_autodiff.cost_plot([(10, 100, 200, 2000), (100, 1000, 2100, 2e5)]), LAPTOP_COLUMN),
    "gradient_histogram": (lambda: fig_ls.gradient_histogram(
        np.geomspace(1e-9, 1e-2, 500), loss_scale=2.0 ** 16, title="The same values scaled by S = 2^16").figure,
        LAPTOP_COLUMN),
    "training_summary": (lambda: fig_wg.training_summary(*_spirals(), title="Two spirals, a 2-16-16-1 network"),
                         FULL_WIDTH),
}


@pytest.mark.parametrize("name", list(CHARTS))
def test_matplotlib_chart_has_a_phone_variant_legible_in_a_phone_column(name):
    make, column = CHARTS[name]
    fig = make()
    assert type(fig).__name__ == "ChartFigure" and fig.bp_narrow is not None
    p = _picture(fig)
    assert p["page"] == axes.NARROW_PAGE_PX
    assert _shown(p["narrow_w"], p["narrow_text"], PHONE_COLUMN) >= 9.0, p
    assert _shown(p["wide_w"], p["wide_text"], column) >= 9.0, p
    # the phone variant is drawn for the column: not much wider, so hardly scaled down
    assert p["narrow_w"] <= 1.15 * axes.NARROW_WIDTH_IN * 100, p
    assert p["alt"].startswith("Chart") and len(p["alt"]) > 20


def test_narrow_variant_stacks_the_panels():
    fig = CHARTS["decay_rates"][0]()
    small = fig.bp_narrow()
    boxes = [ax.get_position() for ax in small.axes]
    assert len(boxes) == 2 and abs(boxes[0].x0 - boxes[1].x0) < 0.05 and boxes[0].y0 > boxes[1].y1
    wide = [ax.get_position() for ax in fig.axes]
    assert wide[0].x1 < wide[1].x0   # side by side on a page column
    assert small.get_figwidth() == pytest.approx(axes.NARROW_WIDTH_IN)


def test_a_chart_drawn_on_the_callers_axes_is_returned_as_is():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    assert fig_ls.gradient_histogram(np.geomspace(1e-9, 1e-2, 50), ax=ax) is ax
    assert type(fig).__name__ != "ChartFigure"


def test_importing_the_figure_modules_imports_no_matplotlib():
    import subprocess
    import sys

    code = ("import sys; from backprop_lib.draw import axes, charts, bar_charts, vanishing_gradients; "
            "print('matplotlib' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def _smallest_and_width(svg):
    sizes = [float(v) for v in re.findall(r'font-size="([\d.]+)"', svg)]
    width = float(re.search(r'<svg [^>]*width="([\d.]+)"', svg).group(1))
    return min(sizes), width


@pytest.mark.parametrize("make", [
    lambda: charts.line_chart([charts.series("stored activations z, a", [1, 2, 3], [1, 4, 9], markers=True),
                               charts.series("gradients dC/dW, dC/db", [1, 2, 3], [2, 3, 4])],
                              xlabel="batch size", ylabel="MiB", title="Memory against batch size (L = 8, width 512)"),
    lambda: bar_charts.grouped_bar_chart(
        ["float32, SGD, B = 32", "mixed, Adam, B = 32", "mixed, Adam, B = 32768"],
        {"parameters W, b": [1.5, 2.25, 2.25], "optimizer state": [0.0, 3.0, 3.0], "scratch": [2e-4, 5e-4, 0.25]},
        ylabel="GiB", title="A 400-million-parameter MLP", width=680, height=320),
])
def test_svg_chart_has_a_narrow_variant_that_fits_a_phone_column(make):
    chart = make()
    assert isinstance(chart, charts.Chart) and chart.narrow is not None
    small, width = _smallest_and_width(chart.narrow.svg)
    # book-screens.js keeps a figure's text at 9.5 px by a min-width: the narrow one fits the column
    assert width * 9.5 / small <= PHONE_COLUMN, (small, width)
    small, width = _smallest_and_width(chart.svg)
    assert width * 9.5 / small <= LAPTOP_COLUMN, (small, width)
    html = chart._repr_html_()
    assert html.count("<svg data-bp-chart=") == 2 and "@media (max-width:480px)" in html
    assert chart.narrow.alt == chart.alt   # one text alternative, the same data


def test_points_and_redrawn_lines_land_on_both_widths():
    base = charts.line_chart([charts.series("curve", [0, 1, 2], [0, 1, 4])], xlim=(0, 2), ylim=(0, 4))
    moved = charts.add_points(base, [(1, 1)], q=["p"])
    assert isinstance(moved, charts.Chart) and moved.narrow is not None
    # the point sits at (1, 1) in each width's own coordinates
    for d in (moved, moved.narrow):
        (cx, cy), = [(float(a), float(b)) for a, b in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', d.svg)]
        assert cx == pytest.approx(d.axes.X(1), abs=0.1) and cy == pytest.approx(d.axes.Y(1), abs=0.1)
    assert moved.axes.w != moved.narrow.axes.w


def test_the_text_alternative_reads_the_figures_labels_without_tex():
    fig, ax = axes.panels(1, 1, (3, 3))
    ax = ax[0][0]
    ax.set_title(r"$\mathrm{Var}(z^k)$, forward")
    ax.set_ylabel(r"$\|\delta^k\|$ (log)")
    ax.plot([1, 2], [1, 2], label="g = 0.5")
    ax.legend()
    fig.suptitle("Variances")
    alt = axes.figure_alt(fig)
    assert alt == "Chart: Variances. Var(zᵏ), forward; y: ‖δᵏ‖ (log); legend: g = 0.5", alt
