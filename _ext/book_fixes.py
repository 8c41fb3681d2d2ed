"""Small fixes to what the book's theme and extensions emit (issue 7: browser tests).

Enabled in _config.yml with::

    sphinx:
      local_extensions:
        book_fixes: _ext

1. sphinx-thebe 0.3.1 adds its inline configuration script (``const THEBE_JS_URL = ...``)
   during ``env-before-read-docs``; Sphinx 7.4 then registers it a second time while preparing
   the writer, so every page declared the constant twice and threw
   "Identifier 'THEBE_JS_URL' has already been declared". We drop duplicate scripts per page.
2. The theme's search and colour-mode buttons carry an ``aria-label`` that differs from their
   visible text (axe ``label-content-name-mismatch``, serious). ``templates/`` overrides those
   two components so the accessible name is the visible text (icons are aria-hidden).
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = str(Path(__file__).resolve().parent / "templates")


def _add_templates(app, config):
    if TEMPLATES not in config.templates_path:
        config.templates_path.insert(0, TEMPLATES)


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


def setup(app):
    app.connect("config-inited", _add_templates)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
