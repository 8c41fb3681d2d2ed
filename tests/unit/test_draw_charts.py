"""Tests of backprop_lib.draw.charts and bar_charts: accessible SVG, palette, log axis, non-finite data, bad input."""

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from backprop_lib.draw import bar_charts, charts, style

SVG_NS = "{http://www.w3.org/2000/svg}"
PALETTE = {c.upper() for c in style.COLORS.values()}


def parse(d):
    root = ET.fromstring(d.svg)
    assert root.get("role") == "img" and root.get("aria-label")
    assert root.find(SVG_NS + "title").text and root.find(SVG_NS + "desc").text
    return root


def colours(svg):
    return {c.upper() for c in re.findall(r'(?:fill|stroke)="(#[0-9A-Fa-f]{6})"', svg)}


def test_line_chart_series_differ_by_style_and_colour():
    x = np.arange(10)
    d = charts.line_chart([charts.series("a", x, x ** 2), charts.series("b", x, x + 1),
                           ("c", x, -x)], xlabel="epoch", ylabel="cost", title="T")
    root = parse(d)
    polys = list(root.iter(SVG_NS + "polyline"))
    assert len(polys) == 3
    assert len({p.get("stroke") for p in polys}) == 3
    assert len({p.get("stroke-dasharray") for p in polys}) == 3  # not colour alone
    assert colours(d.svg) <= PALETTE
    assert "a: 10 points" in d.alt and "epoch" in d.alt and "cost" in d.alt
    texts = [t.text for t in root.iter(SVG_NS + "text")]
    assert "a" in texts and "b" in texts and "c" in texts  # legend


def test_kind_uses_palette_and_linestyle():
    d = charts.line_chart([charts.series("err", [0, 1], [1, 2], kind="error")])
    poly = next(ET.fromstring(d.svg).iter(SVG_NS + "polyline"))
    assert poly.get("stroke") == style.COLORS["error"]
    assert poly.get("stroke-dasharray")  # style.LINESTYLES["error"] is dashed


def test_log_axis_and_non_finite_points():
    x = np.arange(6.0)
    y = np.array([1.0, 1e-2, np.nan, 1e-4, 0.0, 1e-6])
    d = charts.line_chart([charts.series("g", x, y)], logy=True)
    root = parse(d)
    polys = list(root.iter(SVG_NS + "polyline"))
    assert len(polys) == 1  # only the segment of two consecutive good points is a line
    labels = [t.text for t in root.iter(SVG_NS + "text")]
    assert "10⁻⁶" in labels
    assert "logarithmic" in d.alt


def test_add_points_with_a_new_description():
    base = charts.line_chart([charts.series("s", [0, 1], [0, 1])], desc="the base chart")
    d = charts.add_points(base, [(0.5, 0.5)], desc="point at 0.5")
    parse(d)
    assert "point at 0.5" in d.alt and "point at 0.5" in d.svg and "the base chart" not in d.svg
    assert d.svg.count("<circle") == 1
    both = charts.add_points(d, [(0.25, 0.25)], kind="error")  # points accumulate, the text stays
    assert both.svg.count("<circle") == 2 and "point at 0.5" in both.alt
    assert base.svg.count("<circle") == 0                       # the base chart is unchanged
    with pytest.raises(TypeError, match="chart"):
        charts.add_points(bar_charts.bar_chart(["a"], [1]), [(0, 0)])


def test_bar_and_grouped_bars():
    d = bar_charts.bar_chart(["layer 1", "layer 2"], [0.5, 0.01], kind="error", logy=True, ylabel="|δ|")
    parse(d)
    assert "layer 1 0.50" in d.alt
    g = bar_charts.grouped_bar_chart(["fp32", "fp16"], {"weights": [4, 2], "activations": [8, 4]},
                                 ylabel="MB")
    root = parse(g)
    dashes = {r.get("stroke-dasharray") for r in root.iter(SVG_NS + "rect")}
    assert len(dashes) >= 2  # groups differ by outline, not colour only
    assert "weights: fp32 4.00" in g.alt
    assert colours(g.svg) <= PALETTE


def test_negative_bars_and_nan():
    d = bar_charts.bar_chart(["a", "b", "c"], [-1.0, 2.0, np.nan])
    parse(d)
    assert "n/a" in d.svg


def test_ticks():
    assert charts.nice_ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert charts.log_ticks(1e-6, 1)[0] == 1e-6 and charts.log_ticks(1e-6, 1)[-1] == 1
    t = charts.nice_ticks(3, 3)
    assert t[0] <= 3 <= t[-1]


def test_bad_input():
    with pytest.raises(ValueError, match="same length"):
        charts.line_chart([charts.series("s", [1, 2], [1])])
    with pytest.raises(ValueError, match="kind"):
        charts.series("s", [1], [1], kind="nope") and charts.line_chart(
            [charts.series("s", [1], [1], kind="nope")])
    with pytest.raises(TypeError, match="lines"):
        charts.line_chart([42])
    with pytest.raises(ValueError, match="at least one"):
        charts.line_chart([])
    with pytest.raises(ValueError, match="groups"):
        bar_charts.grouped_bar_chart(["a", "b"], {"g": [1]})
    with pytest.raises(ValueError, match="width"):
        bar_charts.bar_chart(["a"], [1], width=5)
    with pytest.raises(ValueError, match="ylim"):
        charts.line_chart([("s", [1, 2], [1, 2])], logy=True, ylim=(0, 1))
    with pytest.raises(TypeError, match="y of 's'"):
        charts.line_chart([("s", [1, 2], ["a", "b"])])
    with pytest.raises(TypeError, match=r"groups\['g'\]"):
        bar_charts.grouped_bar_chart(["a"], {"g": ["x"]})
    with pytest.raises(TypeError, match="values"):
        bar_charts.bar_chart(["a"], "x")


def test_marked_signed_bars_go_up_and_down_from_zero():
    """With q and a y range below 0, a bar has a part up from 0 and a part down from 0 (the page
    sets both heights); the template filled with the values is the drawing."""
    from backprop_lib.draw import svg

    vals = [1.5, -2.0, 7.0]
    with svg.recording() as rec:
        tpl = bar_charts.bar_chart(["a", "b", "c"], vals, ylim=(-5, 5), q="v").svg
    d = bar_charts.bar_chart(["a", "b", "c"], vals, ylim=(-5, 5), q="v")
    assert svg.fill(tpl, rec) == svg.resolve(d.svg)
    root = parse(charts.Diagram(svg.resolve(d.svg), d.alt))
    rects = [r for r in root.iter(SVG_NS + "rect") if r.get("fill-opacity") == svg.TINT]
    heights = [(float(r.get("y")), float(r.get("height"))) for r in rects]
    up, down = heights[0::2], heights[1::2]
    zero = up[0][0] + up[0][1]                               # bar a ends on the zero line
    assert all(abs(y - zero) < 0.11 for y, _ in down)        # the down parts start there
    assert abs(up[0][1] / down[1][1] - 1.5 / 2.0) < 0.01     # heights in proportion
    assert abs(up[2][1] / up[0][1] - 5.0 / 1.5) < 0.01       # 7 is clipped at 5
    assert down[0][1] == up[1][1] == down[2][1] == 0.5       # the other part: a sliver at 0
