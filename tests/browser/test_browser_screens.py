"""Every page of the built book at a phone, a tablet and a laptop width (issue 16).

At 390, 768 and 1280 CSS px, on every page of _toc.yml:

* no display equation is clipped: it fits its column, or its own scroller shows a visible cue
  (``.bp-overflows`` with the "scrolls sideways" line, _ext/static/book-screens.*);
* every SVG figure's text (the library's diagrams and charts, the explorers' included) renders
  at 9 CSS px or more;
* a figure wider than the column scrolls in its own box with a visible cue, and the page itself
  never scrolls sideways.

Each page is loaded once (MathJax typesets once) and measured at the three widths by resizing
the viewport. Screenshots of every page at each width go to artifacts/screenshots/screens/: the
whole page at 390 px, the first screen at 768 and 1280 px.
It reuses the book the other browser tests use (tests/conftest.py: ``built_book``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

pytestmark = pytest.mark.browser

WIDTHS = (390, 768, 1280)
MIN_TEXT_PX = 9.0
SHOTS = support.SCREENSHOTS / "screens"


def toc_docnames() -> list[str]:
    toc = yaml.safe_load((support.ROOT / "_toc.yml").read_text())
    names = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                names.append(node["file"])
            for key, value in node.items():
                if key != "root":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return [re.sub(r"\.(ipynb|md)$", "", n) for n in names]


# What a reader sees at the current width. Hidden elements (closed dropdowns, the other
# sub-figures of a tab) are skipped: they are measured when shown.
JS_MEASURE = """
() => {
  const article = document.querySelector('article') || document.body;
  const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const out = {equations: [], figures: [], page: {scroll: document.documentElement.scrollWidth,
                                                   client: document.documentElement.clientWidth}};
  article.querySelectorAll('mjx-container[display="true"], div.math mjx-container').forEach((m, i) => {
    if (!visible(m)) return;
    const over = m.scrollWidth > m.clientWidth + 1;
    const box = m.closest('div.math');
    let cue = false;
    if (over) {
      const after = box ? getComputedStyle(box, '::after').content : 'none';
      cue = m.classList.contains('bp-overflows') && after && after !== 'none' && after !== 'normal';
    }
    out.equations.push({i, tex: (m.querySelector('mjx-assistive-mml') || m).textContent.slice(0, 60),
                        width: m.scrollWidth, column: m.clientWidth, over, cue});
  });
  // inline maths: the theme clips a span.math (overflow hidden); wider than its paragraph it
  // must scroll in its own box with the cue (.bp-overflows)
  article.querySelectorAll('span.math').forEach((s, i) => {
    const m = s.querySelector('mjx-container');
    if (!m || !visible(s) || !s.parentElement) return;
    let block = s.parentElement;   // the paragraph (or cell) the maths sits in, not an inline <a>/<strong>
    while (block && block !== article && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    const w = m.getBoundingClientRect().width, col = block ? block.clientWidth : 0;
    const clipped = w > s.getBoundingClientRect().width + 1;
    if (clipped || w > col + 1) {
      const scrolls = getComputedStyle(s).overflowX === 'auto' && s.classList.contains('bp-overflows');
      out.equations.push({i: 'inline ' + i, tex: (m.querySelector('mjx-assistive-mml') || m).textContent.slice(0, 60),
                          width: Math.round(w), column: col, over: true, cue: scrolls});
    }
  });
  article.querySelectorAll('svg').forEach((svg, i) => {
    if (svg.parentElement && svg.parentElement.closest('svg')) return;
    if (svg.closest('button, a.headerlink, mjx-container, nav, .sd-btn')) return;
    if (!visible(svg)) return;
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && visible(t));
    if (!texts.length) return;
    let smallest = Infinity, which = '';
    for (const t of texts) {
      const ctm = t.getScreenCTM();
      if (!ctm) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
      if (px < smallest) { smallest = px; which = t.textContent.trim().slice(0, 30); }
    }
    const name = (svg.getAttribute('aria-label') || (svg.querySelector('title') || {}).textContent || '').slice(0, 60);
    // the nearest ancestor that scrolls sideways, and whether it shows a cue
    let scroller = null;
    for (let el = svg.parentElement; el && el !== article; el = el.parentElement) {
      const ox = getComputedStyle(el).overflowX;
      if ((ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1) { scroller = el; break; }
    }
    const r = svg.getBoundingClientRect();
    let cue = true;
    if (scroller) {
      const next = scroller.nextElementSibling;
      cue = scroller.classList.contains('bp-overflows') && !!next && next.classList.contains('bp-scroll-cue')
            && visible(next);
    }
    out.figures.push({i, name, smallest, which, width: r.width, scrolls: !!scroller, cue});
  });
  return out;
}
"""


# browser, book_html, served_book: tests/browser/conftest.py (one of each per run)

def _settle(page):
    page.wait_for_timeout(150)       # resize -> book-screens.js refits on the next frame
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.evaluate("() => window.bpFitScreens && window.bpFitScreens()")


@pytest.mark.parametrize("docname", toc_docnames())
def test_every_width(browser, book_html, served_book, docname):
    html, url = book_html, served_book
    assert (html / f"{docname}.html").exists(), f"{docname}.html was not built"
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 844},
                                          color_scheme="light", reduced_motion="reduce")
    router = support.Router([url], drop_require_sri=True)
    router.install(context)
    page = context.new_page()
    problems: list[str] = []
    figures_seen = 0
    try:
        page.goto(url + docname + ".html", wait_until="load")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        if page.evaluate("() => !!document.querySelector('article .math')"):
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                   timeout=30_000)
            page.evaluate("() => MathJax.startup.promise.then(() => true)")
        assert page.evaluate("() => typeof window.bpFitScreens === 'function'"), \
            "book-screens.js is not loaded on the page (_ext/book_fixes.py adds it)"
        SHOTS.mkdir(parents=True, exist_ok=True)
        stem = docname.replace("/", "__")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            _settle(page)
            m = page.evaluate(JS_MEASURE)
            if m["page"]["scroll"] > m["page"]["client"] + 1:
                problems.append(f"[{width}px] the page scrolls sideways: {m['page']['scroll']} px "
                                f"in a {m['page']['client']} px window")
            for eq in m["equations"]:
                if eq["over"] and not eq["cue"]:
                    problems.append(f"[{width}px] equation {eq['i']} ({eq['tex']!r}) is {eq['width']} px "
                                    f"in a {eq['column']} px column with no visible scroll cue")
            for fig in m["figures"]:
                figures_seen += 1
                if fig["smallest"] < MIN_TEXT_PX:
                    problems.append(f"[{width}px] figure {fig['i']} ({fig['name']!r}): text "
                                    f"{fig['which']!r} renders at {fig['smallest']:.1f} px (< {MIN_TEXT_PX})")
                if fig["scrolls"] and not fig["cue"]:
                    problems.append(f"[{width}px] figure {fig['i']} ({fig['name']!r}) scrolls sideways "
                                    f"with no visible cue")
            if width == WIDTHS[0]:   # the whole page on a phone (JPEG: tall pages encode fast)
                page.screenshot(path=str(SHOTS / f"{stem}-{width}.jpg"), full_page=True, type="jpeg", quality=75)
            else:                    # the first screen (test_browser_book keeps full pages at 1280 px)
                page.screenshot(path=str(SHOTS / f"{stem}-{width}.png"))
    finally:
        context.close()
    assert not problems, f"{docname}:\n  " + "\n  ".join(problems)
