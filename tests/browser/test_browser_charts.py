"""The book's charts: each drawn at two widths (issue 23), and the wide one in JupyterLab.

Charts are the library's: the chapters' matplotlib charts (``<picture class="bp-chart">``, a wide
PNG and a phone PNG, backprop_lib.draw.axes.picture_bundle) and its SVG charts (``svg[data-bp-chart]``:
a notebook's chart as a pair of SVGs, backprop_lib.draw.charts.Chart, and the explorers' charts).
How they look in the built book, at 390 and 1280 px (the variant for that width shown, text of
9 CSS px or more, nothing wider than its column), is measured with every other figure of every
page in test_browser_screens.py (``test_charts_legible``), which loads each page once. Here: the
built book has such charts, and JupyterLab shows a chart's wide variant, legibly.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

pytestmark = pytest.mark.browser

MIN_TEXT_PX = 9.0
CHART = re.compile(r'<picture class="bp-chart"|<svg data-bp-chart=|data-bp-chart=\\?"|bp-chart-pair')


def chart_pages(html: Path) -> list[str]:
    """The built pages that hold a chart (an explorer's template counts: it renders as one)."""
    pages = sorted(p for p in html.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts)
    return [p.relative_to(html).with_suffix("").as_posix() for p in pages
            if CHART.search(p.read_text(encoding="utf-8", errors="replace"))]


def test_the_book_has_charts(book_html):
    pages = chart_pages(book_html)
    assert pages, "no page of the built book holds a library chart"
    pictures = sum(len(re.findall(r'<picture class="bp-chart"', (book_html / f"{p}.html").read_text()))
                   for p in pages)
    assert pictures, "no matplotlib chart is displayed as a <picture> of two widths"


# --------------------------------------------------------------------------- JupyterLab

LAB_NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "from backprop_lib.draw import autodiff as figures\n"
                   "figures.cost_plot([(10, 100, 200, 2000), (100, 1000, 2100, 2e5)]);"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "from backprop_lib.draw import charts\n"
                   "charts.line_chart([charts.series('cost', [1, 2, 3], [1.0, 0.5, 0.2], kind='cost')],"
                   " xlabel='epoch', ylabel='C', title='A chart in JupyterLab')"},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}

JS_LAB_CHARTS = """
(id) => {
  const nb = document.getElementById(id);
  const visible = el => el.getClientRects().length > 0;
  const img = nb.querySelector('.jp-OutputArea-output picture.bp-chart img');
  const out = {img: null, svgs: []};
  if (img) {
    const r = img.getBoundingClientRect();
    out.img = {wide: img.currentSrc === img.src, loaded: img.naturalWidth > 0,
               text: parseFloat(img.dataset.bpTextPx) * r.width / parseFloat(img.getAttribute('width'))};
  }
  nb.querySelectorAll('.jp-OutputArea-output svg[data-bp-chart]').forEach(svg => {
    out.svgs.push({visible: visible(svg), narrow: !!svg.closest('.bp-narrow')});
  });
  return out;
}
"""


def test_jupyterlab_shows_the_wide_variant(lab, lab_page):
    """Run in JupyterLab (its window 1400 px wide), a chart shows its wide variant, legibly."""
    import json

    (lab["work"] / "charts_two_widths.ipynb").write_text(json.dumps(LAB_NOTEBOOK))
    page = lab_page["page"]
    nb_id = page.evaluate(support.open_notebook_js("bpChartsNb"), "charts_two_widths.ipynb")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        "(id) => { const nb = document.getElementById(id);"
        " return nb && nb.querySelector('picture.bp-chart img') && nb.querySelector('svg[data-bp-chart]'); }",
        arg=nb_id, timeout=120_000)
    page.wait_for_function("(id) => document.getElementById(id).querySelector('picture.bp-chart img').complete",
                           arg=nb_id, timeout=30_000)
    m = page.evaluate(JS_LAB_CHARTS, nb_id)
    assert m["img"] and m["img"]["wide"] and m["img"]["loaded"], m
    assert m["img"]["text"] >= MIN_TEXT_PX, m
    shown = [s for s in m["svgs"] if s["visible"]]
    assert len(m["svgs"]) == 2 and len(shown) == 1 and not shown[0]["narrow"], m
    page.evaluate("() => window.bpChartsNb.close()")
