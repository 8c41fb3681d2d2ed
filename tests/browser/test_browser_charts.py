"""Every chart of the built book legible on a phone and on a laptop (issue 23).

Charts are the library's: the chapters' matplotlib charts (``<picture class="bp-chart">``, a wide
PNG and a phone PNG, backprop_lib.draw.axes.picture_bundle) and its SVG charts (``svg[data-bp-chart]``:
a notebook's chart as a pair of SVGs, backprop_lib.draw.charts.Chart, and the explorers' charts).
On every page that has one, loaded once per width, at 390 and at 1280 CSS px:

* a matplotlib chart shows the variant drawn for that width (the phone PNG at 390, the wide one
  at 1280), and its smallest text renders at 9 CSS px or more (the library records each
  variant's smallest text, ``data-bp-text-px``, at the variant's own CSS size);
* an SVG chart's smallest text renders at 9 CSS px or more (font size times the screen scale);
* no chart is wider than its column: none sits in a sideways scroller, none reaches past its
  cell, and the page does not scroll sideways.

Screenshots of each chart page at both widths (whole page) go to artifacts/screenshots/charts/.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
MIN_TEXT_PX = 9.0
SHOTS = support.SCREENSHOTS / "charts"
CHART = re.compile(r'<picture class="bp-chart"|<svg data-bp-chart=|data-bp-chart=\\?"|bp-chart-pair')


def chart_pages(html: Path) -> list[str]:
    """The built pages that hold a chart (an explorer's template counts: it renders as one)."""
    pages = sorted(p for p in html.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts)
    return [p.relative_to(html).with_suffix("").as_posix() for p in pages
            if CHART.search(p.read_text(encoding="utf-8", errors="replace"))]


JS_CHARTS = """
async () => {
  const article = document.querySelector('article') || document.body;
  const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const imgs = [...article.querySelectorAll('picture.bp-chart img')];
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  const column = el => (el.closest('.cell') || el.closest('.cell_output') || article).getBoundingClientRect();
  const scroller = el => {
    for (let p = el.parentElement; p && p !== article; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if ((ox === 'auto' || ox === 'scroll') && p.scrollWidth > p.clientWidth + 1) return true;
    }
    return false;
  };
  const out = {pictures: [], svgs: [], page: {scroll: document.documentElement.scrollWidth,
                                               client: document.documentElement.clientWidth}};
  imgs.forEach((img, i) => {
    if (!visible(img)) return;
    const source = img.parentElement.querySelector('source');
    const narrow = !!source && img.currentSrc === new URL(source.getAttribute('srcset'), document.baseURI).href;
    const v = narrow ? source : img;
    const r = img.getBoundingClientRect(), c = column(img);
    out.pictures.push({i, alt: (img.alt || '').slice(0, 70), narrow, loaded: img.naturalWidth > 0,
                       text: parseFloat(v.dataset.bpTextPx) * r.width / parseFloat(v.getAttribute('width')),
                       width: r.width, over: r.left < c.left - 1 || r.right > c.right + 1, scrolls: scroller(img)});
  });
  article.querySelectorAll('svg[data-bp-chart]').forEach((svg, i) => {
    if (!visible(svg)) return;
    let smallest = Infinity, which = '';
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim() || !visible(t)) continue;
      const ctm = t.getScreenCTM();
      if (!ctm) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
      if (px < smallest) { smallest = px; which = t.textContent.trim().slice(0, 30); }
    }
    const r = svg.getBoundingClientRect(), c = column(svg);
    const name = ((svg.querySelector('title') || {}).textContent || '').slice(0, 60);
    out.svgs.push({i, name, smallest, which, width: r.width, pair: !!svg.closest('.bp-chart-pair'),
                   narrow: !!svg.closest('.bp-narrow'),
                   over: r.left < c.left - 1 || r.right > c.right + 1, scrolls: scroller(svg)});
  });
  return out;
}
"""


def _settle(page):
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.evaluate("() => window.bpFitScreens && window.bpFitScreens()")


def test_the_book_has_charts(book_html):
    pages = chart_pages(book_html)
    assert pages, "no page of the built book holds a library chart"
    pictures = sum(len(re.findall(r'<picture class="bp-chart"', (book_html / f"{p}.html").read_text()))
                   for p in pages)
    assert pictures, "no matplotlib chart is displayed as a <picture> of two widths"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_chart_legible_and_inside_its_column(browser, book_html, served_book, width):
    """One context per width; each chart page loaded once in it."""
    pages = chart_pages(book_html)
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme="light",
                                  reduced_motion="reduce")
    support.Router([served_book], drop_require_sri=True).install(context)
    page = context.new_page()
    problems: list[str] = []
    seen = {"pictures": 0, "svgs": 0}
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for docname in pages:
            page.goto(served_book + docname + ".html", wait_until="load")
            _settle(page)
            m = page.evaluate(JS_CHARTS)
            where = f"[{width}px] {docname}"
            if m["page"]["scroll"] > m["page"]["client"] + 1:
                problems.append(f"{where}: the page scrolls sideways ({m['page']['scroll']} px)")
            for p in m["pictures"]:
                seen["pictures"] += 1
                name = f"{where} chart {p['i']} ({p['alt']!r})"
                if not p["loaded"]:
                    problems.append(f"{name}: its image did not load")
                if p["narrow"] != (width <= 480):
                    problems.append(f"{name}: shows its {'phone' if p['narrow'] else 'wide'} variant")
                if not p["text"] >= MIN_TEXT_PX:
                    problems.append(f"{name}: smallest text {p['text']:.1f} px (< {MIN_TEXT_PX})")
                if p["over"] or p["scrolls"]:
                    problems.append(f"{name}: {p['width']:.0f} px, wider than its column")
            for s in m["svgs"]:
                seen["svgs"] += 1
                name = f"{where} SVG chart {s['i']} ({s['name']!r})"
                if s["pair"] and s["narrow"] != (width <= 480):
                    problems.append(f"{name}: shows its {'phone' if s['narrow'] else 'wide'} variant")
                if not s["smallest"] >= MIN_TEXT_PX:
                    problems.append(f"{name}: text {s['which']!r} at {s['smallest']:.1f} px (< {MIN_TEXT_PX})")
                if s["over"] or s["scrolls"]:
                    problems.append(f"{name}: {s['width']:.0f} px, wider than its column or scrolled")
            page.screenshot(path=str(SHOTS / f"{docname.replace('/', '__')}-{width}.jpg"), full_page=True,
                            type="jpeg", quality=70)
    finally:
        context.close()
    assert seen["pictures"] and seen["svgs"], f"[{width}px] charts measured: {seen}"
    assert not problems, f"{len(problems)} problems:\n  " + "\n  ".join(problems)


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
