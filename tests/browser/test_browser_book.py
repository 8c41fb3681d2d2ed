"""The published HTML book, read in headless Chromium as a reader would (issue 7).

The built book is served on 127.0.0.1; the CDN scripts the pages load (MathJax, require.js,
the ipywidgets html-manager) are answered from local npm copies and every other outside
request is blocked (tests/browser/support.py), so the result is the same with or without
internet. Every page listed in _toc.yml is opened in a light and a dark theme and checked for:
console errors, typeset maths, loaded images, no dead ipywidgets, no-kernel explorers that
respond to the keyboard, text alternatives of figures, an axe-core audit without serious or
critical violations, and its weight (< 2 MB). Screenshots go to artifacts/screenshots/ and
the page weights to artifacts/page-weights.tsv.

Which book: the session's ``built_book`` (tests/conftest.py): $BOOK_HTML when set, else the
book built once per session (shared with tests/test_book_build.py). $BOOK_SOURCE points the
suite at another book's sources (its _toc.yml and notebooks), e.g. while developing.

Set up the browser side first: `bash tests/browser/setup.sh`. Deselect with `-m "not browser"`.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = support.ROOT
# the book's source folder ($BOOK_SOURCE lets the suite run on another book, e.g. while developing)
SOURCE = Path(os.environ.get("BOOK_SOURCE", ROOT)).resolve()
CONFIG_LAUNCH = (yaml.safe_load((SOURCE / "_config.yml").read_text()) or {}).get("launch_buttons", {})
MAX_PAGE_BYTES = 2 * 1024 * 1024
VIEWPORT = {"width": 1280, "height": 900}


# --------------------------------------------------------------------------- which pages


def toc_docnames(toc_path: Path = SOURCE / "_toc.yml") -> list[str]:
    """Every document of _toc.yml (root first), as docnames without suffix."""
    if not toc_path.exists():
        return []
    toc = yaml.safe_load(toc_path.read_text())
    names = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                names.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return [re.sub(r"\.(ipynb|md)$", "", n) for n in names]


def notebook_explorer_count(docname: str) -> int:
    """How many explorers a chapter displays (code cells that call explorers.catalog())."""
    path = SOURCE / f"{docname}.ipynb"
    if not path.exists():
        return 0
    nb = json.loads(path.read_text())
    return sum(
        1
        for cell in nb["cells"]
        if cell["cell_type"] == "code" and "explorers.catalog()" in "".join(cell["source"])
    )


DOCNAMES = toc_docnames()

# --------------------------------------------------------------------------- fixtures

# book_html, browser, served_book: tests/browser/conftest.py (one of each per run)

@pytest.fixture(scope="session")
def weights(request):
    """Collects page weights; written to artifacts/page-weights.tsv and printed at the end."""
    rows: dict[str, tuple[int, int, int]] = {}
    yield rows
    if not rows:
        return
    support.ARTIFACTS.mkdir(exist_ok=True)
    table = support.ARTIFACTS / "page-weights.tsv"
    # under xdist each worker weighs some pages: add this worker's rows to the table's others
    merged = {}
    if table.exists():
        for line in table.read_text().splitlines()[1:]:
            page, *cells = line.split("\t")
            if len(cells) == 3 and all(c.isdigit() for c in cells):
                merged[page] = tuple(int(c) for c in cells)
    merged.update(rows)
    lines = ["page\trequests\tbytes_uncompressed\tbytes_gzip"]
    lines += [f"{page}\t{n}\t{raw}\t{gz}" for page, (n, raw, gz) in sorted(merged.items())]
    table.write_text("\n".join(lines) + "\n")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("")
        reporter.write_line("page weight (cold load; gzip = what a compressing static host sends; limit 2 MB):")
        for page, (n, raw, gz) in sorted(rows.items()):
            reporter.write_line(f"  {page:40s} {n:3d} requests {raw / 1024:8.0f} KiB raw {gz / 1024:8.0f} KiB gzip")


# --------------------------------------------------------------------------- page scripts

JS_MATH_STATE = """
() => {
  const article = document.querySelector('article') || document.body;
  const maths = [...article.querySelectorAll('.math')];
  const untypeset = maths.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 80));
  const clone = article.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, .highlight, textarea').forEach(e => e.remove());
  const text = clone.textContent;
  const raw = [];
  for (const marker of ['$$', '\\\\(', '\\\\[', '\\\\frac', '\\\\begin{', '\\\\partial']) {
    const i = text.indexOf(marker);
    if (i >= 0) raw.push(text.slice(Math.max(0, i - 40), i + 60));
  }
  return {count: maths.length, containers: article.querySelectorAll('mjx-container').length, untypeset, raw};
}
"""

JS_IMAGES = """
async () => {
  const imgs = [...document.querySelectorAll('img')];
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  return imgs.map(i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0}));
}
"""

# Figures = every <img> and every non-trivial inline <svg> in the article (icons in buttons and
# the theme's chrome are not figures). A figure needs a text alternative that is not a file name.
JS_FIGURE_ALTS = """
() => {
  const article = document.querySelector('article') || document.body;
  const fileLike = /(^|\\/)[\\w.%-]+\\.(png|jpe?g|gif|svg|webp)$|^\\.\\.\\/|_images\\//i;
  const out = [];
  const nameOf = el => {
    if (el.getAttribute('aria-hidden') === 'true') return null;   // decorative, hidden from AT
    let name = el.getAttribute('aria-label') || '';
    const lb = el.getAttribute('aria-labelledby');
    if (lb) name += ' ' + lb.split(/\\s+/).map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
    if (el.tagName.toLowerCase() === 'img') name += ' ' + (el.getAttribute('alt') || '');
    const title = el.querySelector(':scope > title');
    if (title) name += ' ' + title.textContent;
    return name.trim();
  };
  for (const el of article.querySelectorAll('img, svg')) {
    if (el.closest('button, a.headerlink, mjx-container, .sd-btn, nav')) continue;
    if (el.tagName.toLowerCase() === 'svg') {
      if (el.parentElement && el.parentElement.closest('svg')) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 48 && r.height < 48) continue;   // icons
    }
    const name = nameOf(el);
    if (name === null) continue;
    const bad = name.length < 8 || fileLike.test(name) || /^(image|figure|plot|diagram|svg|png)$/i.test(name);
    if (bad) out.push({tag: el.tagName.toLowerCase(), src: el.getAttribute('src'), name});
  }
  return out;
}
"""

JS_DEAD_WIDGETS = """
() => {
  const article = document.querySelector('article') || document.body;
  const views = article.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"], .jupyter-widgets, .widget-area');
  const reprs = [...article.querySelectorAll('.cell_output pre, .output pre')]
    .map(p => p.textContent)
    .filter(t => /\\b(interactive|VBox|HBox|IntSlider|FloatSlider|Dropdown|Output|Layout)\\(/.test(t) || /^<\\w+(\\.\\w+)+ object at 0x/.test(t.trim()));
  return {views: views.length, reprs: reprs.map(t => t.slice(0, 120))};
}
"""

# A no-kernel explorer is an <input type=range> in the article; its explorer is the nearest
# ancestor that also holds a figure (svg/img), within its cell output.
JS_MARK_EXPLORERS = """
() => {
  const article = document.querySelector('article') || document.body;
  const boxes = [];
  const found = [];
  article.querySelectorAll('input[type=range]').forEach((input, i) => {
    let box = input.parentElement;
    while (box && box !== article && !box.querySelector('svg, img, canvas')) box = box.parentElement;
    const hasFigure = !!(box && box !== article);
    let b = -1;
    if (hasFigure) {
      b = boxes.indexOf(box);
      if (b < 0) { boxes.push(box); b = boxes.length - 1; box.setAttribute('data-h7-explorer', String(b)); }
    }
    input.setAttribute('data-h7-slider', String(i));
    const r = (hasFigure ? box : input).getBoundingClientRect();
    found.push({i, box: b, hasFigure, width: r.width, height: r.height,
                label: input.getAttribute('aria-label') || (input.labels && input.labels[0] ? input.labels[0].textContent : '')});
  });
  return found;
}
"""

JS_EXPLORER_STATE = """
([i, b]) => {
  const box = document.querySelector(`[data-h7-explorer="${b}"]`);
  const input = document.querySelector(`[data-h7-slider="${i}"]`);
  // what a reader sees: the visible elements' markup and the visible text
  const visible = box ? [...box.querySelectorAll('svg, img, canvas, output, [aria-live]')]
      .filter(e => e.getClientRects().length > 0).map(e => e.outerHTML.length + ':' + e.outerHTML.slice(0, 2000)).join('|') : '';
  return {value: input.value, min: input.min, max: input.max,
          html: box ? box.innerHTML.length + ':' + visible : '', text: box ? box.innerText : ''};
}
"""

JS_LAUNCH_BUTTONS = """
() => {
  const hrefs = [...document.querySelectorAll('a[href]')].map(a => a.href);
  return {
    binder: hrefs.some(h => /\\/v2\\/gh\\/.+\\?urlpath=/.test(h)),
    colab: hrefs.some(h => /colab\\.research\\.google\\.com\\/github\\//.test(h)),
    jupyterhub: hrefs.some(h => /\\/hub\\/user-redirect\\/git-pull\\?repo=/.test(h)),
    thebe: !!document.querySelector('.btn-launch-thebe, button.thebe-launch-button'),
  };
}
"""

JS_AXE = """
async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                 nodes: v.nodes.slice(0, 4).map(n => n.target.join(' '))}));
}
"""


# --------------------------------------------------------------------------- the test


def _open(browser, served_book, docname):
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light", reduced_motion="reduce")
    context.add_init_script("try { localStorage.setItem('theme', 'light'); localStorage.setItem('mode', 'light'); } catch (e) {}")
    router = support.Router([served_book], drop_require_sri=True)
    router.install(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text} ({m.location.get('url', '')})")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    responses = []
    page.on("response", lambda r: responses.append(r))
    support.goto_book(page, served_book + docname + ".html")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return context, page, router, errors, responses


def _switch_theme(page, theme: str) -> str:
    """Switch the colour mode as a reader does: the theme's own button (it cycles light, dark, auto)."""
    for _ in range(3):
        if page.evaluate("() => document.documentElement.dataset.theme") == theme:
            break
        button = page.locator("button.theme-switch-button:visible").first
        if button.count():
            button.click()
        else:  # no visible button (narrow layouts): what the button does
            page.evaluate("(t) => { document.documentElement.dataset.theme = t; document.documentElement.dataset.mode = t; }", theme)
    page.wait_for_timeout(250)  # the theme's colour transitions
    return page.evaluate("() => document.documentElement.dataset.theme")


def _axe(page, only_contrast: bool = False) -> list[str]:
    # the theme's tab stops on the boxes that scroll are set in idle time (book-screens.js:
    # bpTabStops): audit them once they are
    # (a page without such boxes has no pass to wait for)
    page.wait_for_function("""() => document.documentElement.dataset.bpTabStops === 'done' ||
      !document.querySelector('pre, .nboutput > .output_area, .cell_output > .output, .jp-RenderedHTMLCommon, .pst-scrollable-table-container')""",
                           timeout=30_000)
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(support.NODE_MODULES / "axe-core" / "axe.min.js"))
    script = JS_AXE if not only_contrast else JS_AXE.replace(
        "{resultTypes: ['violations']}", "{resultTypes: ['violations'], runOnly: ['color-contrast']}")
    return [f"axe {v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}"
            for v in page.evaluate(script) if v["impact"] in ("serious", "critical")]


def _screenshot(page, docname: str, theme: str, explorers: set[int]) -> None:
    """The whole page, plus each explorer on its own (legible at full size)."""
    support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = docname.replace("/", "__")
    for b in sorted(explorers):
        page.locator(f'[data-h7-explorer="{b}"]').screenshot(
            path=str(support.SCREENSHOTS / f"{stem}-explorer{b}-{theme}.png"))
    page.evaluate("() => window.scrollTo(0, 0)")
    support.draw_all_cells(page)     # skipped cells (drawn when near the screen) are not blank
    # the whole page in the light theme; the dark theme's first screen (its contrast is axe's to
    # check, and a whole page is the slowest screenshot there is)
    page.screenshot(path=str(support.SCREENSHOTS / f"{stem}-{theme}.png"), full_page=theme == "light")
    support.draw_all_cells(page, False)


@pytest.mark.parametrize("docname", DOCNAMES)
def test_page(browser, served_book, book_html, weights, docname):
    """Everything a reader meets on one page, in the light theme and then (after switching with
    the theme's button, as a reader would) in the dark one."""
    assert (book_html / f"{docname}.html").exists(), f"{docname}.html was not built"
    context, page, router, errors, responses = _open(browser, served_book, docname)
    problems: list[str] = []
    try:
        applied = page.evaluate("() => document.documentElement.dataset.theme")
        if applied != "light":
            problems.append(f"light theme requested but the page shows data-theme={applied!r}")

        # launch buttons on every chapter notebook: Binder, Colab, JupyterHub, live code (Thebe)
        if (SOURCE / f"{docname}.ipynb").exists():
            launch = page.evaluate(JS_LAUNCH_BUTTONS)
            if "jupyterhub_url" not in CONFIG_LAUNCH:  # no hub configured (see _config.yml)
                launch.pop("jupyterhub")
            missing = [name for name, ok in launch.items() if not ok]
            if missing:
                problems.append(f"launch buttons missing: {missing}")

        # maths: MathJax loaded from the local copy and typeset everything
        if page.evaluate("() => !!document.querySelector('article .math')"):
            try:
                page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                       timeout=30_000)
                page.evaluate("() => MathJax.startup.promise.then(() => true)")
            except Exception as exc:  # noqa: BLE001
                problems.append(f"MathJax did not start: {exc}")
        math = page.evaluate(JS_MATH_STATE)
        if math["untypeset"]:
            problems.append(f"maths not typeset: {math['untypeset'][:3]}")
        if math["raw"]:
            problems.append(f"raw TeX visible: {math['raw'][:3]}")

        # images load; figures have meaningful text alternatives
        broken = [i["src"] for i in page.evaluate(JS_IMAGES) if not i["ok"]]
        if broken:
            problems.append(f"images that did not load: {broken}")
        for bad in page.evaluate(JS_FIGURE_ALTS):
            problems.append(f"figure without a meaningful text alternative: <{bad['tag']}> "
                            f"src={bad['src']!r} name={bad['name']!r} (for a plot output, give its cell "
                            f"the metadata {{\"mystnb\": {{\"image\": {{\"alt\": \"what the plot shows\"}}}}}})")

        # no dead ipywidgets: explorers must show their no-kernel HTML version
        dead = page.evaluate(JS_DEAD_WIDGETS)
        if dead["views"]:
            problems.append(f"{dead['views']} ipywidgets view(s) rendered without a kernel (dead widgets)")
        if dead["reprs"]:
            problems.append(f"widget reprs printed instead of an explorer: {dead['reprs']}")

        # no-kernel explorers: every slider, moved with the keyboard, changes what is shown
        sliders = page.evaluate(JS_MARK_EXPLORERS)
        expected = notebook_explorer_count(docname)
        boxes: set[int] = {s["box"] for s in sliders if s["hasFigure"]}
        if len(boxes) < expected:
            problems.append(f"the notebook displays {expected} explorer(s) but the page has "
                            f"{len(boxes)} explorer(s) with a slider next to a figure")
        for s in sliders:
            if not s["hasFigure"]:
                problems.append(f"slider {s['i']} ({s['label']!r}) has no diagram/plot beside it")
                continue
            if s["width"] < 50 or s["height"] < 50:
                problems.append(f"explorer {s['box']} is (nearly) blank: {s['width']:.0f}x{s['height']:.0f} px")
            before = page.evaluate(JS_EXPLORER_STATE, [s["i"], s["box"]])
            page.locator(f'[data-h7-slider="{s["i"]}"]').focus()
            key = "ArrowLeft" if before["value"] == before["max"] else "ArrowRight"
            page.keyboard.press(key)   # the page redraws in the key's input event: nothing to wait for
            after = page.evaluate(JS_EXPLORER_STATE, [s["i"], s["box"]])
            if after["value"] == before["value"]:
                problems.append(f"slider {s['i']} ({s['label']!r}): {key} did not move it")
            elif (after["html"], after["text"]) == (before["html"], before["text"]):
                problems.append(f"slider {s['i']} ({s['label']!r}) moved {before['value']} -> {after['value']} "
                                f"but the explorer's frame did not change")
            page.keyboard.press("ArrowLeft" if key == "ArrowRight" else "ArrowRight")  # back to the start

        # light theme: full axe audit and screenshot
        problems += [f"[light] {p}" for p in _axe(page)]
        _screenshot(page, docname, "light", boxes)

        # dark theme (switched with the theme's button): contrast and screenshot
        applied = _switch_theme(page, "dark")
        if applied != "dark":
            problems.append(f"could not switch to the dark theme (data-theme={applied!r})")
        problems += [f"[dark] {p}" for p in _axe(page, only_contrast=True)]
        _screenshot(page, docname, "dark", boxes)

        # console errors, blocked requests
        problems += errors
        if router.blocked:
            problems.append(f"requests to outside hosts (blocked, so a reader offline or behind a "
                            f"filter would lose them): {sorted(set(router.blocked))}")

        # page weight, cold cache (each page has a fresh browser context)
        raw = gz = 0
        seen_urls: set[str] = set()
        for r in responses:
            if r.url in seen_urls:   # a cold load fetches a file once (a chart shown again, re-read from cache)
                continue
            seen_urls.add(r.url)
            try:
                body = r.body()
            except Exception:  # noqa: BLE001  (redirects, aborted requests)
                continue
            raw += len(body)
            gz += support.compressed_size(body)
        weights[docname] = (len(responses), raw, gz)
        if gz > MAX_PAGE_BYTES:
            problems.append(f"page weighs {gz / 1024:.0f} KiB compressed ({raw / 1024:.0f} KiB raw), over 2 MB")
    finally:
        context.close()
    assert not problems, f"{docname}:\n  " + "\n  ".join(problems)


def test_every_built_page_is_checked(book_html):
    """All content pages of the build come from _toc.yml (so test_page saw each of them)."""
    generated = {"genindex", "search", "py-modindex", "prf-prf"}  # Sphinx/sphinx-proof indices
    built = {
        str(p.relative_to(book_html).with_suffix(""))
        for p in book_html.rglob("*.html")
        if not p.relative_to(book_html).parts[0].startswith("_")
    }
    index = book_html / "index.html"
    if index.exists() and 'http-equiv="Refresh"' in index.read_text():
        generated.add("index")  # Jupyter Book's redirect to the root page
    unchecked = sorted(built - set(DOCNAMES) - generated)
    assert not unchecked, f"pages built but not in _toc.yml (so not checked): {unchecked}"
