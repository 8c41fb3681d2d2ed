"""In JupyterLab no solution is visible next to its exercise (issue 16).

The notebooks a learner opens in JupyterLab (Binder, a JupyterHub, their own machine) show the
exercise; its worked solution is folded in a ``<details>`` "Show the solution" and opens on a click.
The chapters are opened, not run (nothing to execute: this is about what the markdown shows).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = support.ROOT
# one chapter is enough to show the mechanism (tests/book/test_course_map.py checks statically that
# every solution of every chapter is wrapped the same way); JupyterLab's start is the cost here
NOTEBOOKS = ["notation.ipynb"]


def exercises_of(path: Path):
    """The exercises a chapter shows (``q = exercises.get(id)`` cells): their text lives in the library."""
    from backprop_lib import exercises

    nb = json.loads(path.read_text())
    ids = [m for cell in nb["cells"] if cell["cell_type"] == "code"
           for m in re.findall(r'exercises\.get\("([\w.]+)"\)', "".join(cell["source"]))]
    return [exercises.get(i) for i in dict.fromkeys(ids)]


def solution_lines(path: Path) -> list[str]:
    """A distinctive line of each solution's text (plain words, no maths)."""
    out = []
    for ex in exercises_of(path):
        plain = re.sub(r"\$[^$]*\$|`[^`]*`|```.*?```", "|", ex.solution_text, flags=re.S).replace("\n", " ")
        runs = re.findall(r"[A-Za-z][A-Za-z ,;'-]{14,}[A-Za-z]", plain)
        if runs:
            out.append(max(runs, key=len).strip())
    return out


# lab (the run's one JupyterLab) and browser: tests/browser/conftest.py


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_solutions_are_folded_in_jupyterlab(lab, browser, notebook):
    """Opened in JupyterLab, a chapter shows no worked solution: the text lives in the library,
    and when ``q.show()`` runs, its solution is folded in a <details> that opens on a click."""
    url, token = lab["url"], lab["token"]
    lines = solution_lines(ROOT / "chapters" / notebook)
    assert lines, f"{notebook}: no solution text found to look for"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        support.Router([url]).install(context)
        page = context.new_page()
        page.goto(f"{url}lab/tree/chapters/{notebook}?reset&token={token}", wait_until="load")
        page.wait_for_selector(".jp-Notebook .jp-MarkdownCell .jp-RenderedMarkdown", timeout=90_000)
        shown = " ".join(page.evaluate("() => document.querySelector('.jp-Notebook').innerText").split())
        visible = [line for line in lines if line in shown]
        assert not visible, f"{notebook}: solution text visible in the notebook: {visible}"
        # what q.show() displays in JupyterLab: the solution folded until clicked
        from backprop_lib.exercises.page import ExerciseView

        views = "".join(ExerciseView(ex)._repr_html_() for ex in exercises_of(ROOT / "chapters" / notebook))
        page.set_content(f"<html><body>{views}</body></html>")
        shown = " ".join(page.evaluate("() => document.body.innerText").split())
        assert not [line for line in lines if line in shown], "a solution shows before its click"
        summaries = page.locator("details > summary")
        assert summaries.count() >= len(lines)
        for i in range(summaries.count()):
            summaries.nth(i).click()
        page.wait_for_timeout(300)
        shown = " ".join(page.evaluate("() => document.body.innerText").split())
        closed = [line for line in lines if line not in shown]
        assert not closed, f"{notebook}: solutions that did not open on a click: {closed}"
    finally:
        context.close()
