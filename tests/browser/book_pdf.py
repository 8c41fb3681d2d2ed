"""Print the whole book to one PDF with the Chromium the browser tests use (issue 15).

    .venv/bin/python tests/browser/book_pdf.py _build/singlehtml _build/pdf/<name>.pdf

``python3 tasks.py pdf`` runs this after building the single-page HTML version of the book
(``jupyter-book build . --builder singlehtml``, which reuses the notebooks the HTML build
executed). The page is served on 127.0.0.1 and opened in headless Chromium; MathJax and the
other CDN scripts are answered from the local npm copies (tests/browser/support.py), so the
maths is typeset offline. Before printing, the page is put in a print-friendly state:

* a title page (title, author, repository, licence from _config.yml) and a table of contents
  with page numbers;
* every chapter starts on a new page; the site's navigation, buttons and sidebars are hidden;
* each explorer shows its figure at its default settings, without its sliders;
* each exercise's solution is unfolded and each quiz shows its answers, without its buttons;
  the "not attempted" placeholders of the live checkers are left out; the labels of the folded
  code cells ("Hide code cell source") are not printed;
* ``--student`` (``python3 tasks.py pdf --student``): the student edition, without the worked
  solutions (removed from the page, not only hidden) and without the quizzes' answers;
* the title page says the licences (text and figures CC BY 4.0, code MIT) and the version
  (pyproject.toml's, the one CITATION.cff and the book show).

The page is printed twice: the first PDF's outline (bookmarks) tells on which page each chapter
starts, those numbers go into the table of contents, and the second PDF is the result. The
script prints a JSON report (pages, chapters, figures) that tests/book/... use to check it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import html
import io
import json
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

ROOT = support.ROOT
PAGE_FORMAT = "A4"
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
# 0.82: the printable width (182 mm) is then 840 CSS px, as wide as the widest display equation
SCALE = 0.82

PRINT_CSS = """
@page { size: A4; }
html, body { background: #fff !important; color: #000 !important; }
/* only the book's text: no header, sidebars, navigation, buttons */
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .header-article, .bd-header-article,
.prev-next-area, .bd-footer, .bd-footer-article, .bd-footer-content, footer, .skip-link,
#pst-back-to-top, .headerlink, .toggle-button, .dropdown-source-buttons, .bd-search,
.search-button__button, .theme-switch-button, .sidebar-toggle, #pst-primary-sidebar-modal,
.bp-control, .bp-quiz button, .bp-quiz input[type=text], .bp-nojs, .bp-frames,
.print-hide { display: none !important; }
.bd-main, .bd-content, .bd-article-container, .bd-article, .bd-container__inner, .bd-page-width,
article { max-width: none !important; width: auto !important; margin: 0 !important;
          padding: 0 !important; }
.bd-main .bd-content .bd-article-container { padding: 0 !important; }
/* the theme's flex layout grows to its widest equation and is then cut at the page's edge */
.bd-container, .bd-container__inner, .bd-main, .bd-content, .bd-article-container {
  display: block !important; min-width: 0 !important; }
/* every chapter on a new page; the title page and the contents on their own */
.print-chapter { break-before: page; }
.print-titlepage, .print-contents { break-after: page; }
.print-titlepage { display: flex; flex-direction: column; justify-content: center;
                   min-height: 240mm; text-align: center; }
.print-titlepage h1 { font-size: 2.6em; margin: 0 0 .4em; border: 0; }
.print-titlepage .print-subtitle { font-size: 1.2em; margin-bottom: 3em; }
.print-titlepage p { margin: .3em 0; }
.print-contents h2 { margin-top: 0; }
.print-contents ol { list-style: none; padding: 0; }
.print-contents li { display: flex; align-items: baseline; margin: .35em 0; }
.print-contents li.print-part { font-weight: bold; margin-top: 1.1em; }
.print-contents li .print-dots { flex: 1; border-bottom: 1px dotted #777; margin: 0 .4em; }
/* the labels of myst-nb's folded cells ("Show/Hide code cell source") are screen controls */
details.hide > summary, details.above-input > summary, details.below-input > summary {
  display: none !important; }
/* figures and explorers are not cut in two */
svg, img, figure, .bp-explorer, mjx-container[display="true"] { break-inside: avoid; }
table { break-inside: auto !important; }
div.cell_input, div.highlight { break-inside: avoid; }
/* the wrappers of the chapters Sphinx assembled into one page (one per part): as blocks they
   left a blank page before the back matter */
.toctree-wrapper { display: contents !important; }
h1, h2, h3, h4, .admonition-title { break-after: avoid; }
/* paper does not scroll: the screens' sideways scrollers and their cues (book-screens.css) */
.bp-figscroll, span.math.bp-inline-overflows, div.math mjx-container, div.math {
  overflow: visible !important; box-shadow: none !important; background: none !important; }
div.math.bp-math-overflows::after { content: none !important; display: none !important; }
.bp-scroll-cue { display: none !important; }
/* ...and a figure fits the page: the screens' script gives wide SVGs a minimum width for
   phones, which on paper made Chromium shrink every page to fit the widest one */
.bp-figscroll > svg, .bp-figitem svg, .bp-view svg, .cell_output svg {
  min-width: 0 !important; max-width: 100% !important; height: auto !important; }
.bp-explorer { border-color: #999 !important; }
.bp-view { overflow: visible !important; }
div.highlight pre, .cell_output pre { white-space: pre-wrap !important; word-break: break-word; }
"""

# Put the page in its print state and return what is in it.
JS_PREPARE = """
({titlepage, student}) => {
  const article = document.querySelector('article') || document.body;
  // the student edition: no worked solution (the exercises' {solution} dropdowns and their
  // notebook fold) and no quiz answer, removed from the page before anything is unfolded
  let removedSolutions = 0;
  if (student) {
    article.querySelectorAll('.solution, details.bp-solution-fold').forEach(e => { e.remove(); removedSolutions++; });
    article.querySelectorAll('.bp-quiz-show, .bp-quiz [data-q], .bp-quiz script').forEach(e => e.remove());
  }
  // solutions (sphinx-exercise dropdowns, sphinx-togglebutton) and <details> unfolded
  article.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  article.querySelectorAll('.dropdown').forEach(e => e.classList.remove('toggle-hidden'));
  article.querySelectorAll('details').forEach(d => { d.open = true; });
  // quizzes show their answers (the quiz's own "Show answer"), then lose their buttons
  if (!student) article.querySelectorAll('.bp-quiz-show').forEach(b => b.click());
  // the live checkers' "not attempted" placeholders mean nothing on paper
  // (only the box itself: the same cell output holds the exercise's text and its solution)
  article.querySelectorAll('.bp-check-not_attempted').forEach(e => {
    (e.closest('[data-exercise]') || e).classList.add('print-hide');
  });
  article.querySelectorAll('[data-exercise]').forEach(e => e.classList.add('print-hide'));
  // explorers: the default frame (as built), no sliders; the note says which setting is shown
  const explorers = [...article.querySelectorAll('.bp-explorer')];
  explorers.forEach(ex => {
    const values = [...ex.querySelectorAll('[data-param]')].map(
      c => (c.getAttribute('aria-valuetext') || c.value));
    ex.querySelectorAll('.bp-control').forEach(c => c.classList.add('print-hide'));
    const note = document.createElement('p');
    note.className = 'bp-print-note';
    note.textContent = 'Printed at its default setting' + (values.length ? ': ' + values.join(', ') : '') +
      '; its controls work in the HTML book and the notebooks.';
    const fig = ex.querySelector('[data-figure]');
    (fig ? fig.parentNode : ex).insertBefore(note, fig);
  });
  // chapters: each document of the single page
  const chapters = [];
  article.querySelectorAll('span[id^="document-"]').forEach(span => {
    let sec = span.nextElementSibling;
    while (sec && sec.tagName !== 'SECTION') sec = sec.nextElementSibling;
    if (!sec) return;
    const h = sec.querySelector(':scope > h1, :scope > h2, :scope > h3');
    sec.classList.add('print-chapter');
    const title = h ? h.textContent.replace(/#$/, '').trim() : span.id.slice(9);
    chapters.push({doc: span.id.slice('document-'.length), id: sec.id, title});
  });
  // the front matter
  const first = article.querySelector('section') || article.firstElementChild;
  const front = document.createElement('div');
  front.innerHTML = titlepage;
  first.parentNode.insertBefore(front, first);
  // a figure made to be touched on screen (role="group": its nodes are buttons, the network
  // explorable) is a picture on paper: a tagged /Figure with its text alternative
  article.querySelectorAll('svg[role="group"][aria-label]').forEach(svg => svg.setAttribute('role', 'img'));
  // figures: images and non-trivial inline SVGs outside the site's chrome
  const figures = [];
  for (const el of article.querySelectorAll('img, svg')) {
    if (el.closest('button, a.headerlink, mjx-container, .sd-btn, nav, .print-hide')) continue;
    if (el.tagName.toLowerCase() === 'svg' && el.parentElement && el.parentElement.closest('svg')) continue;
    const r = el.getBoundingClientRect();
    if (el.tagName.toLowerCase() === 'svg' && r.width < 48 && r.height < 48) continue;
    const label = el.getAttribute('alt') || el.getAttribute('aria-label') ||
                  ((el.querySelector(':scope > title') || {}).textContent) || '';
    figures.push({tag: el.tagName.toLowerCase(), label: label.trim().slice(0, 120),
                  width: r.width, height: r.height,
                  ok: el.tagName.toLowerCase() === 'img' ? (el.complete && el.naturalWidth > 0) : true,
                  visible: el.getClientRects().length > 0});
  }
  return {chapters, explorers: explorers.length,
          quizzes: article.querySelectorAll('.bp-quiz').length,
          solutions: article.querySelectorAll('.solution').length, removedSolutions, figures};
}
"""

JS_WAIT_IMAGES = """
async () => {
  const imgs = [...document.querySelectorAll('img')];
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  return imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'));
}
"""

JS_FILL_PAGES = """
(pages) => {
  document.querySelectorAll('.print-contents [data-page-of]').forEach(e => {
    const n = pages[e.getAttribute('data-page-of')];
    e.textContent = n ? String(n) : '';
  });
}
"""


def read_config(root: Path = ROOT) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text()) or {}


def read_parts(root: Path = ROOT) -> dict[str, str]:
    """docname -> caption of the part of _toc.yml it opens."""
    toc = yaml.safe_load((root / "_toc.yml").read_text()) or {}
    opens = {}
    for part in toc.get("parts", []):
        chapters = part.get("chapters") or []
        if chapters and part.get("caption"):
            opens[chapters[0]["file"]] = part["caption"]
    return opens


def read_version(root: Path = ROOT) -> str:
    """The course's version: pyproject.toml's (also CITATION.cff's and the book's)."""
    import re

    found = re.search(r'^version\s*=\s*"([^"]+)"', (root / "pyproject.toml").read_text(), re.M)
    return found.group(1) if found else ""


#: the licences, as the book's intro page and CITATION.cff state them
LICENCE_TEXT = ("Text and figures under the Creative Commons Attribution 4.0 International licence "
                "(CC BY 4.0); code, the backprop_lib library and the notebooks' code cells under the "
                "MIT licence.")


def titlepage_html(config: dict, today: datetime.date, version: str = "", student: bool = False) -> str:
    e = html.escape
    repo = (config.get("repository") or {}).get("url", "")
    subtitle = ("Student edition: without the worked solutions and the quizzes' answers" if student
                else "An interactive course, printed from its HTML edition")
    lines = [
        '<section class="print-titlepage" aria-label="Title page">',
        f"<h1>{e(config.get('title', 'Book'))}</h1>",
        f'<p class="print-subtitle">{e(subtitle)}</p>',
        f"<p>{e(config.get('author', ''))}</p>",
    ]
    if version:
        lines.append(f'<p class="print-version">Version {e(version)}</p>')
    if repo:
        lines.append(f'<p><a href="{e(repo)}">{e(repo)}</a></p>')
    lines.append(f"<p>Printed {today.isoformat()}. {e(LICENCE_TEXT)}</p>")
    if student:
        lines.append("<p>The explorers are shown at their default settings; the exercises are "
                     "checked in the HTML book and the student notebooks.</p>")
    else:
        lines.append("<p>The explorers are shown at their default settings and the solutions are "
                     "unfolded; the HTML book and the notebooks are the live versions.</p>")
    lines.append("</section>")
    return "".join(lines)


def contents_html(chapters: list[dict], parts: dict[str, str]) -> str:
    e = html.escape
    items = []
    for ch in chapters:
        if ch["doc"] in parts:
            items.append(f'<li class="print-part">{e(parts[ch["doc"]])}</li>')
        items.append(f'<li><a href="#{e(ch["id"])}">{e(ch["title"])}</a>'
                     f'<span class="print-dots"></span><span data-page-of="{e(ch["id"])}">000</span></li>')
    return ('<section class="print-contents" aria-label="Contents"><h2>Contents</h2><ol>'
            + "".join(items) + "</ol></section>")


def outline_pages(pdf: bytes) -> list[tuple[str, int]]:
    """The PDF's bookmarks as (title, 1-based page), in document order."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, int]] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                page = reader.get_destination_page_number(item)
                if page is not None and page >= 0:
                    found.append((str(item.title).strip(), page + 1))

    walk(reader.outline)
    return found


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).rstrip("#").strip().lower()


def chapter_pages(chapters: list[dict], outline: list[tuple[str, int]]) -> dict[str, int]:
    """Chapter id -> page, from the bookmarks (matched by title, in order)."""
    pages: dict[str, int] = {}
    start = 0
    for ch in chapters:
        want = _norm(ch["title"])
        for k in range(start, len(outline)):
            if _norm(outline[k][0]) == want:
                pages[ch["id"]] = outline[k][1]
                start = k + 1
                break
    return pages


def print_book(html_dir: Path, out: Path, root: Path = ROOT, today: datetime.date | None = None,
               extra_css: str = "", playwright=None, browser=None, student: bool = False) -> dict:
    """Print ``html_dir``/intro.html (a singlehtml build) to ``out``; returns the report.

    ``student``: the student edition (no worked solution, no quiz answer).

    ``browser``: a running Chromium (the test run's one); else one is launched, through
    ``playwright`` (a running Playwright) or a Playwright started here.
    """
    from playwright.sync_api import sync_playwright

    missing = support.missing_prerequisites()
    if missing:
        raise SystemExit("cannot print the book: " + "; ".join(missing) + ". Fix: " + support.HOW_TO_SET_UP)
    config = read_config(root)
    page_name = (yaml.safe_load((root / "_toc.yml").read_text()) or {}).get("root", "intro") + ".html"
    if not (html_dir / page_name).exists():
        raise SystemExit(f"{html_dir} has no {page_name}: build it with "
                         "`jupyter-book build . --builder singlehtml` first")
    today = today or datetime.date.today()
    footer = ('<div style="font-size:8px;width:100%;text-align:center;color:#555">'
              '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(support.serve_directory(html_dir))
        own = browser is None
        if own:
            browser = support.launch(playwright or stack.enter_context(sync_playwright()))
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 1400},
                                          color_scheme="light", reduced_motion="reduce")
            context.add_init_script("try { localStorage.setItem('theme', 'light'); "
                                    "localStorage.setItem('mode', 'light'); } catch (e) {}")
            router = support.Router([url], drop_require_sri=True)
            router.install(context)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
            support.goto_book(page, url + page_name, timeout=120_000)
            page.evaluate("() => document.fonts.ready.then(() => true)")
            if page.evaluate("() => !!document.querySelector('.math')"):
                page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                       timeout=60_000)
                page.evaluate("() => MathJax.startup.promise.then(() => true)")
            broken = page.evaluate(JS_WAIT_IMAGES)
            page.emulate_media(media="print", color_scheme="light")
            page.add_style_tag(content=PRINT_CSS + extra_css)
            report = page.evaluate(JS_PREPARE, {"titlepage": titlepage_html(config, today, read_version(root), student),
                                                "student": student})
            contents = contents_html(report["chapters"], read_parts(root))
            page.evaluate("(h) => { const t = document.querySelector('.print-titlepage');"
                          " t.insertAdjacentHTML('afterend', h); }", contents)
            # MathJax typesets what the quizzes revealed
            page.evaluate("() => (window.MathJax && MathJax.typesetPromise) ? MathJax.typesetPromise()"
                          ".then(() => true) : true")
            page.evaluate("() => document.fonts.ready.then(() => true)")
            untypeset = page.evaluate(
                "() => [...document.querySelectorAll('article .math')]"
                ".filter(m => !m.querySelector('mjx-container')).length")
            # tagged: the outline (bookmarks) is made from the tagged structure
            options = dict(format=PAGE_FORMAT, margin=MARGIN, scale=SCALE, print_background=True,
                           outline=True, tagged=True, display_header_footer=True, header_template="<span></span>",
                           footer_template=footer)
            first = page.pdf(**options)
            pages = chapter_pages(report["chapters"], outline_pages(first))
            page.evaluate(JS_FILL_PAGES, pages)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(path=str(out), **options)
            context.close()
        finally:
            if own:
                browser.close()
    report.update(pdf=str(out), contents_pages=pages, broken_images=broken, untypeset_maths=untypeset,
                  page_errors=errors, blocked=sorted(set(router.blocked)))
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html_dir", type=Path, help="the singlehtml build (with intro.html)")
    parser.add_argument("out", type=Path, help="the PDF to write")
    parser.add_argument("--report", type=Path, help="also write the JSON report here")
    parser.add_argument("--student", action="store_true",
                        help="the student edition: without the worked solutions and the quizzes' answers")
    args = parser.parse_args(argv)
    report = print_book(args.html_dir.resolve(), args.out.resolve(), student=args.student)
    text = json.dumps(report, indent=1)
    if args.report:
        args.report.write_text(text)
    summary = {k: report[k] for k in ("pdf", "contents_pages", "broken_images", "untypeset_maths",
                                      "page_errors", "blocked")}
    summary["figures"] = len(report["figures"])
    summary["solutions_removed"] = report.get("removedSolutions", 0)
    print(json.dumps(summary, indent=1))
    problems = report["broken_images"] or report["untypeset_maths"]
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
