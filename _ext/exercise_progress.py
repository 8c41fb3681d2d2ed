"""The reader's exercise progress in the static book.

Adds to every page the exercises' page script (``backprop_lib/exercises/checker.js``, which
runs the answer boxes that the book's version of ``q.show()`` holds), their stylesheet
(``page.BOX_CSS``) and ``bp-exercises-catalog.js``, written at build time from
``backprop_lib.exercises.CHAPTERS``: each chapter's title, page and exercise ids. With them an
element ``<table data-progress-table>`` (the intro page has one) becomes the table of chapters
with "n of m exercises done" and the attempts, from the reader's localStorage, and an element
with ``data-progress-reset`` forgets it. Nothing leaves the reader's machine.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _title(slug: str) -> str:
    try:
        nb = json.loads((ROOT / "chapters" / f"{slug}.ipynb").read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                for line in "".join(cell["source"]).splitlines():
                    if line.startswith("# "):
                        return line[2:].strip()
    except (OSError, ValueError, KeyError):
        pass
    return slug.replace("-", " ").capitalize()


def _write_static(app):
    from backprop_lib import exercises

    out = Path(app.outdir) / "_static"
    out.mkdir(parents=True, exist_ok=True)
    chapters = [dict(title=_title(slug), page=f"chapters/{slug}.html",
                     ids=[ex.id for ex in module.EXERCISES])
                for slug, module in exercises.CHAPTERS if module.EXERCISES]
    (out / "bp-exercises-catalog.js").write_text(
        "window.bpCatalog = " + json.dumps(chapters, ensure_ascii=False) + ";\n", encoding="utf-8")
    shutil.copyfile(ROOT / "backprop_lib" / "exercises" / "checker.js", out / "bp-exercises.js")
    from backprop_lib.exercises.page import BOX_CSS

    (out / "bp-exercises.css").write_text(BOX_CSS.lstrip(), encoding="utf-8")


def _on_builder_inited(app):
    if app.builder.format == "html":
        _write_static(app)


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    # deferred (issue 24): they ran in the head, holding up the parsing of the page; deferred,
    # they still run in this order before DOMContentLoaded, and checker.js starts the answer
    # boxes once the document is parsed (it waits for DOMContentLoaded only while it is loading)
    app.add_js_file("bp-exercises-catalog.js", defer="defer")
    app.add_js_file("bp-exercises.js", defer="defer")
    app.add_css_file("bp-exercises.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
