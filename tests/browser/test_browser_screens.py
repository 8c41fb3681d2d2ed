"""Every page of the built book measured at a phone, a tablet and laptop widths (issues 16 and 23).

Each page of _toc.yml is loaded once (a module-wide cache: the three tests below share the one
load) and measured at 390, 768, 1200 and 1280 CSS px by resizing the viewport; 1200 px is the
narrowest text column of "1024 px and wider" (the book's right margin appears at 1200 px).
Screenshots go to artifacts/screenshots/screens/: the whole page at 390 px (JPEG), the first
screen at 1280 px (test_browser_book keeps whole pages at 1280 px).

``test_every_width`` (equations, tables, the page, figure text; _ext/static/book-screens.*):

* the page never scrolls sideways;
* no display equation is clipped: at 1200 and 1280 px every one fits its column (its number
  included); narrower, one that does not fit scrolls in its own box with the visible cue
  (``.bp-overflows`` and the "scrolls sideways" line); inline maths likewise;
* tables: at 1200 and 1280 px every table fits its column; narrower, a wider table scrolls in
  its own box with the same cue (``.bp-overflows`` and a visible ``.bp-scroll-cue`` line above it);
* every SVG figure's text renders at 9 CSS px or more, and a figure that scrolls shows a cue.

``test_diagrams_whole_and_legible`` (the network explorable's narrow layout, issue 23):
at 390 and 1280 px every SVG figure is whole: not in a sideways scroller, not cut by its column
or the window; the network diagrams' text is at least 11 px at 390 px (9 px elsewhere).

``test_charts_legible`` (the matplotlib charts, issue 23): a chart drawn as a PNG shows its text
at 9 px or more at 390 and 1280 px, estimated from its scale on the page (its CSS width over its
pixel width), the resolution in its PNG (pHYs) and the smallest font of the course's matplotlib
style (MPL_SMALLEST_PT, backprop_lib/draw/style.py).

It reuses the book the other browser tests use (tests/conftest.py: ``built_book``).
"""

from __future__ import annotations

import re
import struct
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

pytestmark = pytest.mark.browser

PHONE, TABLET, NARROW_LAPTOP, LAPTOP = 390, 768, 1200, 1280
WIDTHS = (PHONE, TABLET, NARROW_LAPTOP, LAPTOP)
FIT_WIDTHS = (NARROW_LAPTOP, LAPTOP)       # equations and tables fit their column here
WHOLE_WIDTHS = (PHONE, LAPTOP)             # figures whole (no sideways scroll) here
MIN_TEXT_PX = 9.0
MIN_NETWORK_TEXT_PX = 11.0                 # the network diagrams on a phone
MPL_SMALLEST_PT = 11.0                     # style.use(): font.size 11, tick and legend labels "medium"
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
  const winW = document.documentElement.clientWidth;
  const out = {equations: [], tables: [], figures: [], images: [],
               page: {scroll: document.documentElement.scrollWidth, client: winW}};
  const tex = m => (m.querySelector('mjx-assistive-mml') || m).textContent.slice(0, 60);
  article.querySelectorAll('mjx-container[display="true"], div.math mjx-container').forEach((m, i) => {
    if (!visible(m)) return;
    const box = m.closest('div.math');
    // the equation's own width, and its row's (the number shares it unless it wrapped under)
    const over = m.scrollWidth > m.clientWidth + 1;
    const boxOver = !!box && box.scrollWidth > box.clientWidth + 1;
    let cue = false;
    if (over) {
      const after = box ? getComputedStyle(box, '::after').content : 'none';
      cue = m.classList.contains('bp-overflows') && after && after !== 'none' && after !== 'normal';
    }
    out.equations.push({i, tex: tex(m), width: m.scrollWidth, column: m.clientWidth,
                        over: over || boxOver, cue});
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
      out.equations.push({i: 'inline ' + i, tex: tex(m), width: Math.round(w), column: col, over: true,
                          cue: scrolls, inline: true});
    }
  });
  // the nearest ancestor that scrolls sideways (and has more to show), below the article
  const scrollerOf = el => {
    for (let p = el.parentElement; p && p !== article; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if ((ox === 'auto' || ox === 'scroll') && p.scrollWidth > p.clientWidth + 1) return p;
    }
    return null;
  };
  // the cue: the box marked, and its "scrolls sideways" line visible under it (a figure) or
  // above it (a table)
  const cueOf = scroller => {
    const line = [scroller.nextElementSibling, scroller.previousElementSibling]
      .find(el => el && el.classList.contains('bp-scroll-cue'));
    return scroller.classList.contains('bp-overflows') && !!line && visible(line);
  };
  // cut: a part of el outside the window or outside an ancestor that clips (overflow not visible)
  // (a cell drawn when near the screen, content-visibility: auto, clips what leaves it: paint
  // containment, whatever its overflow says)
  const cut = el => {
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.right > winW + 1) return 'the window';
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (cs.overflowX === 'visible' && (cs.contentVisibility || 'visible') === 'visible') continue;
      const q = p.getBoundingClientRect();
      if (r.left < q.left - 1 || r.right > q.right + 1) return (p.className || p.tagName).toString().slice(0, 40);
    }
    return '';
  };
  article.querySelectorAll('table').forEach((t, i) => {
    if (!visible(t) || t.closest('svg')) return;
    const box = t.parentElement;
    const r = t.getBoundingClientRect();
    const head = [...t.querySelectorAll('th')].map(th => th.textContent.trim()).join(' | ').slice(0, 60);
    const scroller = scrollerOf(t);
    out.tables.push({i, head, width: Math.round(r.width), column: Math.round(box.getBoundingClientRect().width),
                     fits: !scroller && !cut(t), scrolls: !!scroller, cue: scroller ? cueOf(scroller) : true,
                     cut: scroller ? '' : cut(t)});
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
    const title = (svg.querySelector('title') || {}).textContent || '';
    const name = (svg.getAttribute('aria-label') || title).slice(0, 60);
    // the network diagrams (backprop_lib.draw.diagrams.network_svg): marked by the library
    const network = svg.matches('[data-bp-diagram="network"]');
    const scroller = scrollerOf(svg);
    const r = svg.getBoundingClientRect();
    // a chart drawn at two widths (backprop_lib.draw.charts): the variant shown is the page's
    const pair = !!svg.closest('.bp-chart-pair'), narrow = !!svg.closest('.bp-narrow');
    out.figures.push({i, name, network, pair, narrow, smallest, which, width: r.width, scrolls: !!scroller,
                      scroller: scroller ? String(scroller.className).slice(0, 40) : '',
                      cue: scroller ? cueOf(scroller) : true, cut: scroller ? '' : cut(svg)});
  });
  // charts drawn as images (matplotlib's PNG in a cell's output)
  article.querySelectorAll('div.cell_output img, div.output img').forEach((img, i) => {
    if (!visible(img) || !img.naturalWidth) return;
    const r = img.getBoundingClientRect();
    // a chart of the library (<picture class="bp-chart">, backprop_lib.draw.axes.picture_bundle):
    // which of its two PNGs shows, and its smallest text at this size (each PNG records its
    // smallest text at its own CSS width, data-bp-text-px)
    const source = img.closest('picture.bp-chart') && img.parentElement.querySelector('source');
    const phone = !!source && img.currentSrc === new URL(source.getAttribute('srcset'), document.baseURI).href;
    const v = phone ? source : img;
    const textPx = v.dataset.bpTextPx ? parseFloat(v.dataset.bpTextPx) * r.width / parseFloat(v.getAttribute('width')) : null;
    out.images.push({i, chart: !!img.closest('picture.bp-chart'), phone, textPx,
                     src: img.currentSrc || img.src, alt: (img.alt || '').slice(0, 60),
                     width: r.width, natural: img.naturalWidth, scrolls: !!scrollerOf(img), cut: cut(img)});
  });
  return out;
}
"""

# Each cell's height drawn (support.draw_all_cells) and the height it takes before it is first
# drawn (book-screens.css: contain-intrinsic-height "auto <px>"). A cell taller than that would,
# when laid out on demand (a script or an accessibility checker reading a size), spill over the
# text below it: axe then measures that text against the wrong background.
JS_CELLS = """
(drawn) => [...document.querySelectorAll('article.bd-article div.cell')].map((c, i) => {
  if (drawn) return c.getBoundingClientRect().height;
  const cs = getComputedStyle(c), m = /(\\d+(?:\\.\\d+)?)px/.exec(cs.containIntrinsicHeight || '');
  return {i, placeholder: m ? parseFloat(m[1]) : null, skipped: cs.contentVisibility};
})
"""


def png_dpi(path: Path) -> float | None:
    """The resolution a PNG declares (its pHYs chunk, pixels per metre), in dots per inch."""
    data = path.read_bytes()
    i = data.find(b"pHYs")
    if i < 0:
        return None
    x, _y, unit = struct.unpack(">IIB", data[i + 4:i + 13])
    return x * 0.0254 if unit == 1 else None


# browser, book_html, served_book: tests/browser/conftest.py (one of each per run)

def _settle(page, width):
    # the new width reaches the page asynchronously (after a whole-page screenshot, a loaded
    # machine); after the sidebars' transitions, a layout, in which book-screens.js's ResizeObserver refits the boxes near
    # the viewport; then everything else at once (bpFitScreens is synchronous): no clock
    page.wait_for_function(f"() => window.innerWidth === {width} && document.documentElement.clientWidth === {width}")
    # the theme slides its sidebars in and out (CSS transitions): measure the layout they end in
    page.wait_for_function("() => !document.getAnimations().some(a => a instanceof CSSTransition && a.playState === 'running')")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.evaluate("() => window.bpFitScreens && window.bpFitScreens()")


def _measure_page(browser, book_html, url, docname) -> dict:
    assert (book_html / f"{docname}.html").exists(), f"{docname}.html was not built"
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 844},
                                  color_scheme="light", reduced_motion="reduce")
    router = support.Router([url], drop_require_sri=True)
    router.install(context)
    page = context.new_page()
    result = {"error": None, "widths": {}}
    try:
        support.goto_book(page, url + docname + ".html")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        if page.evaluate("() => !!document.querySelector('article .math')"):
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                   timeout=30_000)
            page.evaluate("() => MathJax.startup.promise.then(() => true)")
        if not page.evaluate("() => typeof window.bpFitScreens === 'function'"):
            result["error"] = "book-screens.js is not loaded on the page (_ext/book_fixes.py adds it)"
            return result
        # every explorer live, as a reader scrolling down meets them (each is made live when it
        # comes within two screens: bp-lazy-explorers.js); a live network explorable follows the
        # page's width (its layout control: narrow at 480 px and below)
        page.evaluate("() => document.querySelectorAll('[data-explorer]').forEach(el => "
                      "window.BPLazyExplorers ? BPLazyExplorers.now(el) : window.BPLive && BPLive.mount(el))")
        SHOTS.mkdir(parents=True, exist_ok=True)
        stem = docname.replace("/", "__")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            _settle(page, width)
            # the charts' images load when scrolled near (loading=lazy): all of them now, at the
            # source this width chooses
            page.evaluate("""() => Promise.all([...document.querySelectorAll('article img')].map(i => {
                i.loading = 'eager';
                return i.complete ? null : new Promise(r => { i.onload = i.onerror = r; }); }))""")
            result["widths"][width] = page.evaluate(JS_MEASURE)
            cells = page.evaluate(JS_CELLS, False)
            support.draw_all_cells(page)
            for c, height in zip(cells, page.evaluate(JS_CELLS, True)):
                c["height"] = height
            result["widths"][width]["cells"] = cells
            if width == PHONE:       # the whole page on a phone (JPEG: tall pages encode fast)
                page.screenshot(path=str(SHOTS / f"{stem}-{width}.jpg"), full_page=True, type="jpeg", quality=75)
            elif width == LAPTOP:    # the first screen (test_browser_book keeps full pages at 1280 px)
                page.screenshot(path=str(SHOTS / f"{stem}-{width}.png"))
            support.draw_all_cells(page, False)
    finally:
        context.close()
    return result


@pytest.fixture(scope="module")
def measured(browser, book_html, served_book):
    """docname -> its measurements at every width; each page is loaded once for the three tests."""
    cache: dict[str, dict] = {}

    def get(docname: str) -> dict:
        if docname not in cache:
            cache[docname] = _measure_page(browser, book_html, served_book, docname)
        result = cache[docname]
        assert result["error"] is None, f"{docname}: {result['error']}"
        return result["widths"]

    return get


@pytest.mark.parametrize("docname", toc_docnames())
def test_every_width(measured, docname):
    problems: list[str] = []
    for width, m in measured(docname).items():
        if m["page"]["scroll"] > m["page"]["client"] + 1:
            problems.append(f"[{width}px] the page scrolls sideways: {m['page']['scroll']} px "
                            f"in a {m['page']['client']} px window")
        for eq in m["equations"]:
            if eq["over"] and width in FIT_WIDTHS and not eq.get("inline"):
                problems.append(f"[{width}px] equation {eq['i']} ({eq['tex']!r}) is {eq['width']} px: "
                                f"wider than its {eq['column']} px column (break it into aligned lines)")
            elif eq["over"] and not eq["cue"]:
                problems.append(f"[{width}px] equation {eq['i']} ({eq['tex']!r}) is {eq['width']} px "
                                f"in a {eq['column']} px column with no visible scroll cue")
        for t in m["tables"]:
            if width in FIT_WIDTHS and not t["fits"]:
                problems.append(f"[{width}px] table {t['i']} ({t['head']!r}) is {t['width']} px: "
                                f"wider than its {t['column']} px column"
                                + (f" (cut by {t['cut']})" if t["cut"] else ""))
            elif t["scrolls"] and not t["cue"]:
                problems.append(f"[{width}px] table {t['i']} ({t['head']!r}) scrolls sideways with no visible cue")
            elif t["cut"]:
                problems.append(f"[{width}px] table {t['i']} ({t['head']!r}) is cut by {t['cut']}")
        for c in m["cells"]:
            if c["skipped"] != "auto" or c["placeholder"] is None:
                problems.append(f"[{width}px] cell {c['i']} is not drawn lazily (content-visibility "
                                f"{c['skipped']!r}, no contain-intrinsic-height; book-screens.css)")
            elif c["height"] > c["placeholder"]:
                problems.append(f"[{width}px] cell {c['i']} is {c['height']:.0f} px tall: more than the "
                                f"{c['placeholder']:.0f} px it takes before it is drawn (book-screens.css)")
        for fig in m["figures"]:
            if fig["smallest"] < MIN_TEXT_PX:
                problems.append(f"[{width}px] figure {fig['i']} ({fig['name']!r}): text "
                                f"{fig['which']!r} renders at {fig['smallest']:.1f} px (< {MIN_TEXT_PX})")
            if fig["scrolls"] and not fig["cue"]:
                problems.append(f"[{width}px] figure {fig['i']} ({fig['name']!r}) scrolls sideways "
                                f"in {fig['scroller']!r} with no visible cue")
    assert not problems, f"{docname}:\n  " + "\n  ".join(problems)


# ------------------------------------------------------------------ after the figures' issue 23 work
# These hold once the network diagrams have their narrow layout (at 480 px and below, drawn by
# the library) and the charts their legible variants: the script's fallback, a figure in a
# sideways scroller at a legible size, is not enough for them.

@pytest.mark.parametrize("docname", toc_docnames())
def test_diagrams_whole_and_legible(measured, docname):
    problems: list[str] = []
    for width in WHOLE_WIDTHS:
        for fig in measured(docname)[width]["figures"]:
            what = f"[{width}px] {'network diagram' if fig['network'] else 'figure'} {fig['i']} ({fig['name']!r})"
            if fig["scrolls"]:
                problems.append(f"{what} scrolls sideways: only part of it is visible")
            elif fig["cut"]:
                problems.append(f"{what} is cut by {fig['cut']}")
            least = MIN_NETWORK_TEXT_PX if fig["network"] and width == PHONE else MIN_TEXT_PX
            if fig["smallest"] < least:
                problems.append(f"{what}: text {fig['which']!r} renders at {fig['smallest']:.1f} px (< {least})")
    assert not problems, f"{docname}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("docname", toc_docnames())
def test_charts_legible(measured, book_html, docname):
    """Every chart whole and legible at 390 and 1280 px, in the variant drawn for that width: the
    library's matplotlib charts (two PNGs in a <picture>) and its SVG charts (two SVGs)."""
    problems: list[str] = []
    source = (book_html / f"{docname}.html").read_text(encoding="utf-8")
    pictures = source.count('<picture class="bp-chart"')
    for width in WHOLE_WIDTHS:
        m = measured(docname)[width]
        charts = [img for img in m["images"] if img["chart"]]
        if pictures and not charts:
            problems.append(f"[{width}px] the page has {pictures} chart(s) but none was shown")
        for fig in m["figures"]:
            if fig["pair"] and fig["narrow"] != (width <= 480):
                problems.append(f"[{width}px] SVG chart {fig['i']} ({fig['name']!r}) shows its "
                                f"{'phone' if fig['narrow'] else 'wide'} variant")
        for img in m["images"]:
            path = book_html / unquote(urlsplit(img["src"]).path).lstrip("/")
            what = f"[{width}px] chart {img['i']} ({img['alt']!r})"
            if img["scrolls"] or img["cut"]:
                problems.append(f"{what} is not whole: it scrolls or is cut")
            if img["chart"]:
                if img["phone"] != (width <= 480):
                    problems.append(f"{what} shows its {'phone' if img['phone'] else 'wide'} variant")
                if not (img["textPx"] or 0) >= MIN_TEXT_PX:
                    problems.append(f"{what}: its smallest text renders at {img['textPx'] or 0:.1f} px "
                                    f"(< {MIN_TEXT_PX})")
                continue
            dpi = png_dpi(path) if path.suffix.lower() == ".png" and path.exists() else None
            if dpi is None:
                continue                      # not a matplotlib PNG: nothing to estimate from
            text_px = img["width"] / img["natural"] * dpi / 72 * MPL_SMALLEST_PT
            if text_px < MIN_TEXT_PX:
                problems.append(f"{what}: shown at {img['width']:.0f} of its {img['natural']} px, its "
                                f"{MPL_SMALLEST_PT:g} pt text renders at about {text_px:.1f} px (< {MIN_TEXT_PX})")
    assert not problems, f"{docname}:\n  " + "\n  ".join(problems)
