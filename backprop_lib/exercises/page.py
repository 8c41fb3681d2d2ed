"""What an exercise shows: its text (in the notebook and the book) and the book's answer box.

``q.show()`` displays two outputs:

1. the exercise's text: as MyST markdown (an ``{exercise}`` directive with its label, then a
   collapsed ``{solution}``) for the book, and as HTML for Jupyter; the text lives only in the
   Exercise (:mod:`backprop_lib.exercises.exercise`), the notebook holds none of it;
2. the answer box of the static book (hidden until the page's script runs, so a notebook shows
   nothing dead): for a value exercise an input, a Check button and the feedback, checked in
   the page by ``checker.js`` with the same verdicts and messages as ``q.check``; for a function
   exercise a note that it needs Python, with Binder and Colab links to the chapter's notebook.

The payload the page needs (expected value, tolerance, declared mistakes, the generic messages
for the exercise's quantity) is exported here, at build time, as JSON in the box's HTML.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from .diagnose import GENERIC_NAMES, generic_message
from .render import STATUS, BADGE

__all__ = ["payload", "exercise_text", "exercise_html", "answer_box_html", "notebook_links",
           "CHECKER_JS", "ExerciseView", "AnswerBox"]

CHECKER_JS = Path(__file__).with_name("checker.js")


def label(ex) -> str:
    """The exercise's cross-reference label (``{ref}`` target in the book)."""
    return getattr(ex, "label", None) or "ex-" + re.sub(r"[._]", "-", ex.id)


def _nested(value):
    return np.asarray(value, dtype=np.float64).tolist()


def payload(ex) -> dict:
    """What the page needs to check a value exercise like ``ex.check`` does."""
    if ex.kind != "value":
        raise ValueError(f"payload({ex.id}): only value exercises are checked in the page")
    exp = ex.expected_value()
    if isinstance(exp, (tuple, list)) and not isinstance(exp, np.ndarray):
        exp = np.asarray(exp, dtype=np.float64)
    rtol, atol = ex.tolerances(np.asarray(exp))
    mistakes = []
    for m, wrong in ex.mistake_values():
        try:
            arr = np.asarray(wrong, dtype=np.float64)
        except Exception:
            continue
        mistakes.append(dict(name=m.name, value=arr.tolist(), shape=list(arr.shape), message=m.message))
    return dict(
        id=ex.id, expected=_nested(exp), shape=list(np.shape(exp)), rtol=rtol, atol=atol,
        mistakes=mistakes, gradient=ex.gradient, batch=ex.batch_size_for(None),
        generic={n: generic_message(n, ex.quantity, ex.factor2) for n in GENERIC_NAMES},
        pointers=ex.pointers or ("Compare each step with the equation in the exercise (and its "
                                 "diagram); `.hint()` gives a hint."),
    )


def student_edition() -> bool:
    """True in the student notebooks that ``python3 tasks.py student`` writes: their first cell sets
    the environment variable ``BACKPROP_STUDENT=1``, and no worked solution is shown."""
    import os

    return os.environ.get("BACKPROP_STUDENT", "") not in ("", "0")


def exercise_text(ex) -> str:
    """The exercise as MyST markdown: ``{exercise}`` with its label, then a collapsed solution."""
    how = ("Write the function in the cell below, then run it: `q.check(...)` checks it."
           if ex.kind == "function" else
           "Compute the answer in the cell below, then run it: `q.check(my_answer)` checks it.")
    text = (f"`````{{exercise}} {ex.title}\n:label: {label(ex)}\n\n{ex.prompt}\n\n"
            f"*{how} Stuck? `q.hint()` gives a hint.*\n`````\n")
    if ex.solution_text and not student_edition():
        text += f"\n`````{{solution}} {label(ex)}\n:class: dropdown\n\n{ex.solution_text}\n`````\n"
    return text


def _md_html(text: str) -> str:
    """A small markdown-to-HTML for Jupyter (the book renders the MyST text itself)."""
    parts = re.split(r"```python\n(.*?)```", text, flags=re.S)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"<pre><code>{html.escape(part)}</code></pre>")
            continue
        esc = html.escape(part)
        esc = re.sub(r"`([^`]+)`", r"<code>\1</code>", esc)
        esc = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", esc)
        out.append("".join(f"<p>{p}</p>" for p in esc.split("\n\n") if p.strip()))
    return "".join(out)


class ExerciseView:
    """The exercise's text: MyST markdown for the book, HTML (maths left to MathJax) in Jupyter."""

    def __init__(self, ex):
        self.ex = ex

    def _repr_markdown_(self) -> str:
        return exercise_text(self.ex)

    def _repr_html_(self) -> str:
        ex = self.ex
        sol = (f"<details><summary>Solution</summary>{_md_html(ex.solution_text)}</details>"
               if ex.solution_text and not student_edition() else "")
        return (f'<div class="bp-exercise-text"><p><strong>Exercise: {html.escape(ex.title)}</strong> '
                f'<span style="opacity:.7">({html.escape(ex.id)})</span></p>{_md_html(ex.prompt)}'
                f"<p><em>Stuck? <code>q.hint()</code> gives a hint.</em></p>{sol}</div>")

    def __repr__(self) -> str:
        return f"Exercise {self.ex.id}: {self.ex.title}\n\n{self.ex.prompt}"


@lru_cache(maxsize=1)
def _repository():
    """(owner/name, branch) from the book's _config.yml (the one place the URL is written)."""
    for folder in [Path.cwd(), *Path.cwd().parents, *Path(__file__).resolve().parents]:
        cfg = folder / "_config.yml"
        if cfg.is_file():
            text = cfg.read_text(encoding="utf-8")
            url = re.search(r"^\s+url:\s*https://github\.com/([\w.-]+/[\w.-]+)", text, re.M)
            branch = re.search(r"^\s+branch:\s*([\w./-]+)", text, re.M)
            if url:
                return url.group(1), branch.group(1) if branch else "main"
    return None


def notebook_links(ex) -> dict:
    """Binder and Colab links to the exercise's chapter notebook ({} when unknown)."""
    repo = _repository()
    chapter = getattr(ex, "chapter", None)
    if not repo or not chapter:
        return {}
    name, branch = repo
    path = f"chapters/{chapter}.ipynb"
    return {"Binder": f"https://mybinder.org/v2/gh/{name}/{branch}?urlpath=lab/tree/{path}",
            "Colab": f"https://colab.research.google.com/github/{name}/blob/{branch}/{path}"}


_CSS = """
.bp-answer{border:1px solid rgba(127,127,127,.45);border-radius:6px;padding:.5em .9em;margin:.4em 0;color:inherit}
.bp-answer input[data-answer]{color:inherit;background:transparent;border:1px solid rgba(127,127,127,.8);border-radius:3px;padding:.2em .4em;min-width:14em;max-width:100%%;font:inherit}
.bp-answer button{color:inherit;background:rgba(127,127,127,.15);border:1px solid rgba(127,127,127,.8);border-radius:4px;padding:.2em .9em;margin-left:.4em;cursor:pointer;font:inherit}
.bp-answer .bp-feedback{margin-top:.4em;padding:.3em .6em;border-radius:4px}
.bp-answer .bp-feedback:empty{display:none}
.bp-answer .bp-ok{border-left:5px solid %(ok)s;background:%(ok)s1f}
.bp-answer .bp-no{border-left:5px solid %(no)s;background:%(no)s1f}
.bp-answer .bp-ok .bp-label{background:%(okl)s}
.bp-answer .bp-no .bp-label{background:%(nol)s}
.bp-answer .bp-label{color:#fff;padding:.05em .45em;border-radius:3px;white-space:nowrap;font-weight:700;margin-right:.4em}
.bp-answer .bp-progress{font-size:.9em;opacity:.85;margin-top:.3em}
""" % dict(ok=STATUS["correct"][1], no=STATUS["incorrect"][1], okl=BADGE["correct"], nol=BADGE["incorrect"])


def _chapter_ids(ex):
    return getattr(ex, "chapter_ids", None) or [ex.id]


def answer_box_html(ex) -> str:
    """The book's answer box for ``ex`` (see the module docstring for the contract)."""
    progress = (f'<div class="bp-progress" data-chapter-progress="'
                f'{html.escape(json.dumps(_chapter_ids(ex)))}"></div>')
    if ex.kind == "value":
        data = html.escape(json.dumps(payload(ex)), quote=True)
        body = (f'<label>Your answer: <input type="text" data-answer inputmode="decimal" '
                f'autocomplete="off" aria-label="answer to exercise {html.escape(ex.title)}" '
                f'placeholder="e.g. 0.7 or 0.1, 0.5, 0.8"></label>'
                f'<button type="button" data-check>Check</button>'
                f'<div class="bp-feedback" data-feedback role="status" aria-live="polite">'
                f'<span class="bp-label"></span><span class="bp-message"></span></div>')
        root = f'<div class="bp-answer" data-exercise="{html.escape(ex.id)}" data-payload="{data}" hidden>'
    else:
        links = notebook_links(ex)
        where = " or ".join(f'<a href="{html.escape(u)}">{k}</a>' for k, u in links.items())
        body = ("<p>This exercise asks you to write a Python function, so it needs Python to check: "
                f"open this chapter as a notebook{' in ' + where if where else ''} (or in your own "
                "Jupyter) and run the exercise cell.</p>")
        root = f'<div class="bp-answer bp-needs-python" data-exercise="{html.escape(ex.id)}" hidden>'
    script = CHECKER_JS.read_text(encoding="utf-8")
    return (f"{root}<style>{_CSS}</style>{body}{progress}</div>"
            f"<script>(function(){{var b=document.querySelectorAll('.bp-answer[hidden]');"
            f"for(var i=0;i<b.length;i++)b[i].hidden=false;}})();"
            f"if(!window.bpExercises){{{script}}}else{{bpExercises.init();}}</script>")


class AnswerBox:
    def __init__(self, ex):
        self.ex = ex

    def _repr_html_(self) -> str:
        return answer_box_html(self.ex)

    def __repr__(self) -> str:
        return ""


def exercise_html(ex) -> str:
    return ExerciseView(ex)._repr_html_()
