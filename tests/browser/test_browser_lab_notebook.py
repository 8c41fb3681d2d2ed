"""In a notebook, the notebook's way (issue 22): no book answer box, no Binder notice, one count.

A chapter with value and function exercises (forward-propagation) is Run All in JupyterLab, the
way Binder opens the course. No output may contain the book's answer box (its input, its
payload with the expected value), the "needs Python: open this chapter in Binder or Colab"
notice, or the book's browser-storage count ("n of m exercises done in this chapter"): what
``q.show()`` displays there is the exercise's text, its folded solution and how to check it in
the notebook. Then a learner's passing ``q.check`` says "1 of 4 done in this chapter", the count
of ``exercises.progress()``, which shows it too. The book's suites (test_browser_exercises.py,
test_browser_answer_box.py) keep asserting the box in the built pages.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

# lab and lab_page: tests/browser/conftest.py (the run's one JupyterLab)
from backprop_lib import exercises  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = support.ROOT
CHAPTER = "forward-propagation"
RUN_TIMEOUT_S = 240
# what belongs to the built book only (page.answer_box_html, checker.js)
BOOK_ONLY = ["data-exercise", "bp-answer", "data-payload", "&quot;expected&quot;", '"expected"',
             "needs Python", "mybinder.org", "Binder or Colab", "colab.research.google.com",
             "exercises done in this chapter", "data-chapter-progress"]

JS_OPEN = support.open_notebook_js("__i22")
JS_STATE = """
() => {
  const w = window.__i22;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  const code = w.context.model.toJSON().cells.filter(c => c.cell_type === 'code');
  const errors = [];
  code.forEach((c, i) => (c.outputs || []).forEach(o => {
    if (o.output_type === 'error') errors.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
  }));
  return {kernel: k ? k.status : 'none', total: code.length,
          done: code.filter(c => c.execution_count !== null).length, errors};
}
"""
JS_OUTPUTS = """
() => [...document.getElementById(window.__i22.id).querySelectorAll('.jp-OutputArea-output')]
      .map(o => ({html: o.innerHTML, text: o.innerText}))
"""


def chapter_exercises():
    return [e for e in exercises.catalog().values() if e.chapter == CHAPTER]


def learner_notebook(lab) -> str:
    """The chapter as a learner runs it: its own progress file, and at the end a right answer
    checked and the progress table asked for."""
    nb = json.loads((ROOT / "chapters" / f"{CHAPTER}.ipynb").read_text(encoding="utf-8"))
    progress = Path(lab["work"]).parent / "issue22-progress.json"

    def cell(i, source):
        return {"cell_type": "code", "execution_count": None, "id": f"issue22-{i}", "metadata": {},
                "outputs": [], "source": source}

    nb["cells"].insert(1, cell(0, f"import os\nos.environ['BACKPROP_PROGRESS'] = {str(progress)!r}"))
    nb["cells"] += [
        cell(1, "from backprop_lib import exercises\n"
                "q = exercises.get('forward_propagation.weighted_sum')\n"
                "my_answer = q.reference()\nq.check(my_answer)"),
        cell(2, "exercises.progress()"),
    ]
    name = f"chapters/issue22-{CHAPTER}.ipynb"
    (Path(lab["work"]) / name).write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return name


def test_a_chapter_in_jupyterlab_shows_the_notebook_s_way(lab, lab_page):
    kinds = {e.kind for e in chapter_exercises()}
    assert kinds == {"value", "function"}, f"{CHAPTER} should have both kinds of exercise: {kinds}"
    page = lab_page["page"]
    page.evaluate(JS_OPEN, learner_notebook(lab))
    page.wait_for_function(f"() => ({JS_STATE})().kernel === 'idle'", timeout=120_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while True:
        state = page.evaluate(JS_STATE)
        if state["errors"] or (state["done"] == state["total"] and state["kernel"] == "idle"):
            break
        assert time.monotonic() < deadline, f"Run All did not finish: {state}"
        page.wait_for_timeout(500)
    assert not state["errors"], state["errors"]
    page.wait_for_timeout(500)
    outputs = page.evaluate(JS_OUTPUTS)
    assert outputs, "no output at all"

    # the exercises are shown, the notebook's way: text, folded solution, how to check here
    shown = "\n".join(o["text"] for o in outputs)
    for ex in chapter_exercises():
        assert f"Exercise: {ex.title}" in shown, f"{ex.id}: its text is not shown"
    assert "q.check(" in shown
    # and nothing of the book's box, notice or browser count, visible or not
    found = [(part, o["text"][:120]) for o in outputs for part in BOOK_ONLY
             if part in o["html"] or part in o["text"]]
    assert not found, f"book-only content in the notebook's outputs: {found}"

    # one count in a notebook: a passed q.check quotes exercises.progress(), which agrees
    total = len(chapter_exercises())
    check_out, table_out = outputs[-2]["text"], outputs[-1]["text"]
    assert "Correct" in check_out and f"1 of {total} done in this chapter" in check_out, check_out
    row = next(line for line in table_out.splitlines() if line.startswith(CHAPTER))
    assert f"1 of {total}" in row, table_out

    support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(support.SCREENSHOTS / f"lab-notebook-{CHAPTER}-count.png"))
    page.evaluate("async () => { const w = window.__i22; await w.sessionContext.shutdown(); "
                  "w.context.model.dirty = false; w.dispose(); }")
    assert not lab_page["errors"], lab_page["errors"]
