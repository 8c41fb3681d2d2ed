"""Small fixes to what the book's theme and extensions emit (issue 7: browser tests).

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
5. Sphinx gives a ``singlehtml`` build (the one page the PDF is printed from,
   ``python3 tasks.py pdf``) the ``html`` writers of the extensions' nodes only when no
   extension registers a ``singlehtml`` writer of its own; one does, so sphinx-proof's
   ``lemma_node``, sphinx-jupyterbook-latex's ``HiddenCellNode`` and others became "unknown
   node type" errors. The ``html`` writers are copied to ``singlehtml`` where it has none.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = str(HERE / "templates")
STATIC = str(HERE / "static")


def _add_templates(app, config):
    if TEMPLATES not in config.templates_path:
        config.templates_path.insert(0, TEMPLATES)
    if STATIC not in config.html_static_path:
        config.html_static_path.append(STATIC)


def _fix_body(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


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
    app.connect("builder-inited", _html_writers_for_singlehtml)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _fix_body, priority=900)
    app.add_css_file("book-fixes.css", priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
