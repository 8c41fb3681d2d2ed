"""Small fixes to what the book's theme and extensions emit.

Enabled in _config.yml with::

    sphinx:
      local_extensions:
        book_fixes: _ext

1. sphinx-thebe 0.3.1 adds its inline configuration script (``const THEBE_JS_URL = ...``)
   during ``env-before-read-docs``; Sphinx 7.4 then registers it a second time while preparing
   the writer, so every page declared the constant twice and threw
   "Identifier 'THEBE_JS_URL' has already been declared". We drop duplicate scripts per page.
2. ``static/book-fixes.css``: contrast fixes where the theme's colours fall under WCAG AA
   (links on the tinted admonition backgrounds).
3. sphinxcontrib-bibtex's bibliography is a ``role="list"`` whose entries carry the deprecated
   ``role="doc-biblioentry"`` (axe ``aria-required-children``, critical); entries become
   ``role="listitem"``.
4. The theme's search and colour-mode buttons carry an ``aria-label`` that differs from their
   visible text (axe ``label-content-name-mismatch``, serious). ``templates/`` overrides those
   two components so the accessible name is the visible text (icons are aria-hidden).
5. ``static/book-screens.css`` and ``static/book-screens.js``: legible from 360 px up.
   Display equations wider than their column scroll in their own box with a visible cue; SVG figures keep the width at which their text is at least 9 CSS px and scroll
   sideways in their own box (with a cue) when that is wider than the column; explorer controls
   stack and code wraps on a phone. tests/browser/test_browser_screens.py measures it.
6. The release: the version in pyproject.toml becomes the MyST substitution
   ``{{ version }}`` (intro.md and the instructors' page show it) and Sphinx's ``release``; each
   chapter's estimated time (course_map.py) becomes ``{{ time_<slug> }}``.
7. ``{four-diagrams}`` (four_diagrams.py): the landing page's picture of the four diagrams.
8. Proofs (sphinx-proof's ``{prf:proof}``) go beyond the course's prerequisites (operator norms,
   variances of sums), so book-screens.js folds each into a "Show the proof (optional)" dropdown;
   the statements (lemma, theorem) stay visible. myst-nb's hide-input toggles get their visible
   text as their accessible name (axe label-content-name-mismatch).
9. The solutions are wrapped in ``<details class="bp-solution-fold">`` in the notebooks, so that
   they fold in JupyterLab, Binder and Colab too; in the book, where ``{solution}`` is already a
   dropdown, book-screens.js opens that wrapper and hides its summary.
10. Sphinx gives a ``singlehtml`` build (the one page the PDF is printed from,
   ``python3 tasks.py pdf``) the ``html`` writers of the extensions' nodes only when no
   extension registers a ``singlehtml`` writer of its own; one does, so sphinx-proof's
   ``lemma_node``, sphinx-jupyterbook-latex's ``HiddenCellNode`` and others became "unknown
   node type" errors. The ``html`` writers are copied to ``singlehtml`` where it has none.
11. Fast on a phone (issue 24, page_speed.py): maths typeset at build time (MathJax in Node),
   no fontawesome.js, search scripts deferred, large explorer data loaded when needed, charts
   fetched when scrolled near, the theme's scroll check without layout thrashing.
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = str(HERE / "templates")
STATIC = str(HERE / "static")


def project_version() -> str:
    """The release in pyproject.toml (the one version of the library and the book)."""
    text = (HERE.parent / "pyproject.toml").read_text()
    m = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
    if not m:
        raise ValueError("pyproject.toml: no version = \"...\" line")
    return m.group(1)


def _add_version(app, config):
    version = project_version()
    subs = dict(getattr(config, "myst_substitutions", None) or {})
    subs.setdefault("version", version)
    # each chapter's estimated time, computed from its notebook: {{ time_<slug> }} (course_map.py)
    import json
    import sys

    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import course_map

    for path in course_map.toc_chapters(HERE.parent):
        stats = course_map.chapter_stats(json.loads(path.read_text()))
        subs.setdefault("time_" + path.stem.replace("-", "_"), str(course_map.estimate_minutes(stats)))
    config.myst_substitutions = subs
    config.release = config.version = version


def _add_templates(app, config):
    if TEMPLATES not in config.templates_path:
        config.templates_path.insert(0, TEMPLATES)
    if STATIC not in config.html_static_path:
        config.html_static_path.append(STATIC)


def _fix_body(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        body = context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')
    # myst-nb's hide-input toggle: its aria-label ("Toggle hidden content") is not its visible
    # text ("Show code cell source"), axe label-content-name-mismatch; the visible text names it
    if body and '<summary aria-label="Toggle hidden content">' in body:
        context["body"] = body.replace('<summary aria-label="Toggle hidden content">', "<summary>")


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen = set()
    unique = []
    for js in scripts:
        filename = getattr(js, "filename", js) or ""
        attributes = getattr(js, "attributes", {}) or {}
        key = (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key in seen:
            continue
        seen.add(key)
        unique.append(js)
    context["script_files"] = unique


def _html_writers_for_singlehtml(app):
    if app.builder.name != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for node, writers in handlers.get("html", {}).items():
        single.setdefault(node, writers)


def setup(app):
    app.connect("config-inited", _add_templates)
    app.connect("config-inited", _add_version)
    app.connect("builder-inited", _html_writers_for_singlehtml)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _fix_body, priority=900)
    app.add_css_file("book-fixes.css", priority=900)
    app.add_css_file("book-screens.css", priority=900)
    app.add_js_file("book-screens.js", priority=900, defer="defer")
    import sys

    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from four_diagrams import setup as setup_four_diagrams
    from page_speed import setup as setup_page_speed

    setup_four_diagrams(app)
    setup_page_speed(app)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
