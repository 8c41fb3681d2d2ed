"""What an exercise shows: its text, and in the built book its answer box.

``q.show()`` displays ONE output, an :class:`ExerciseView`, with two versions of the same
exercise; where it is rendered decides which one is seen (nothing in Python guesses where it
runs):

* ``text/html``, the version every kernel front end shows (JupyterLab, Notebook, Colab, VS Code):
  the exercise's text, its solution folded in a ``<details>``, and how to check it in the
  notebook (``q.check``, ``q.hint()``). Nothing of the book's answer box, notices or
  browser-storage count: in a notebook the count is ``exercises.progress()``, which ``q.check``
  quotes after a pass;
* ``text/markdown``, the version the book renders (``_config.yml`` ranks markdown above HTML for
  the book's builders only): MyST text (an ``{exercise}`` with its label, then a collapsed
  ``{solution}``) followed by the answer box as raw HTML. For a value exercise an input, a Check
  and a Hint button and the feedback, checked in the page by ``checker.js`` with the library's
  verdicts; for a function exercise a note that it needs Python, with Binder and Colab links.
  The page's script and the box's stylesheet are added to every page by
  ``_ext/exercise_progress.py``.

The payload the page needs (expected value, tolerance, declared mistakes, hints, the generic
messages for the exercise's quantity) is exported here, at build time. The library's messages
speak to a notebook (``.hint()``, "compute it in numpy", ``a^{k-1}``); :func:`book_words` says
the same in the page's language (the Hint button, "the numbers above", aᵏ⁻¹), keeping the verdict.

Student notebooks (``python3 tasks.py student`` sets ``BACKPROP_STUDENT=1``): no worked
solution, no answer box, and so no expected value, in any output.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from .diagnose import GENERIC_NAMES, _shape_advice, generic_message
from .render import STATUS, BADGE, unicode_maths

__all__ = ["payload", "exercise_text", "exercise_html", "answer_box_html", "notebook_links",
           "book_words", "unicode_maths", "student_edition", "student_hints", "digits_text",
           "BOX_CSS", "CHECKER_JS", "ExerciseView"]

CHECKER_JS = Path(__file__).with_name("checker.js")


def label(ex) -> str:
    """The exercise's cross-reference label (``{ref}`` target in the book)."""
    return getattr(ex, "label", None) or "ex-" + re.sub(r"[._]", "-", ex.id)


def _nested(value):
    return np.asarray(value, dtype=np.float64).tolist()


# --------------------------------------------------------------------------- the page's language

def digits_text(ex) -> str:
    """What the box says about the digits the exercise asks for."""
    d = getattr(ex, "digits", None)
    if isinstance(d, int):
        return f"{d} significant digits are enough"
    return "give the exact number"


# notebook phrase -> the page's words (the verdict is the library's; only the way to act changes)
_BOOK_PHRASES = [
    (r"\(call `\.hint\(\)` again for the general hints\)", "(press Hint again for the general hints)"),
    (r"`(?:q)?\.hint\(\)` gives a hint", "the Hint button gives a hint"),
    (r"Compute it in numpy from the exercise's data, without rounding between the steps or typing "
     r"rounded numbers\.", "Work from the numbers above without rounding between the steps{digits}."),
    (r"Compute both sides in numpy\.", "Compute both sides from the numbers above."),
    (r"Check each step again in float64", "Check each step again, keeping every digit"),
    (r" \(or use `\.mean\(axis=0\)`\)", ""),
    (r"or a `\.T` too many or too few", "or a transpose too many or too few"),
    (r"a missing/extra `\.T`", "a missing or extra transpose"),
    (r"Remember `W\[k\]\[i, j\]` is", "Remember W^k_ij is"),
    (r" `np\.ravel`/`reshape` or a different product \(`@` vs `np\.outer`\) may be what you need\.",
     " A different product (a matrix product instead of an outer product, or the other way round) "
     "may be what you need."),
    (r"did you sum too much \(np\.sum / np\.dot\)\?", "did you add up too much (a sum or a dot product too many)?"),
    (r"`(?:q)?\.hint\(\)`", "the Hint button"),
    (r"`(?:q)?\.solution\(\)`", "the solution under the exercise"),
]


def book_words(text: str, ex=None) -> str:
    """A library message as the book's answer box says it: the page's way to act (the Hint
    button, the numbers above) instead of the notebook's, and Unicode maths (aᵏ⁻¹, nₖ₋₁)."""
    d = getattr(ex, "digits", None) if ex is not None else None
    digits = f", and give at least {d} significant digits" if isinstance(d, int) else ""
    for pattern, words in _BOOK_PHRASES:
        text = re.sub(pattern, words.replace("{digits}", digits), text)
    return unicode_maths(text)


# --------------------------------------------------------------------------- student mode

def student_edition() -> bool:
    """True in the student notebooks that ``python3 tasks.py student`` writes: their first cell sets
    the environment variable ``BACKPROP_STUDENT=1``; no worked solution, answer box or expected
    value is shown, and no hint that is the answer itself."""
    import os

    return os.environ.get("BACKPROP_STUDENT", "") not in ("", "0")


def _gives_the_answer(hint: str) -> bool:
    """A hint whose code computes the whole answer (``my_answer = ...``, ``return ...``) or is
    one long expression: in the student notebooks it would be the answer key."""
    code = re.findall(r"`([^`]+)`", hint) + re.findall(r"```.*?```", hint, re.S)
    if any(re.search(r"\bmy_answer\s*=|\breturn\b", c) for c in code):
        return True
    return sum(len(c) for c in code) >= 40


def student_hints(ex) -> list[str]:
    """The hints of the student notebooks: all but the last (the step that gives the answer, in
    most exercises), and none whose code is the answer."""
    hints = list(ex.hints)
    if len(hints) >= 2:
        hints = hints[:-1]
    return [h for h in hints if not _gives_the_answer(h)]


# --------------------------------------------------------------------------- the payload

# shapes that draw each of the library's shape advices (diagnose._shape_advice)
_ADVICE_SHAPES = {"swapped": ((2, 3), (3, 2)), "arrangement": ((3,), (3, 1)), "number": ((3,), ()),
                  "array": ((), (3,)), "other": ((3,), (4,))}


def _not_finite_message(ex, shape) -> str:
    """What the library says to an answer holding infinity (``1e309`` overflows to it)."""
    try:
        return ex.check(np.full(shape, np.inf), record=False).message
    except Exception:
        return "Your answer contains NaN or infinity."


def payload(ex) -> dict:
    """What the page needs to check a value exercise like ``ex.check`` does (in book words)."""
    if ex.kind != "value":
        raise ValueError(f"payload({ex.id}): only value exercises are checked in the page")
    if student_edition():
        raise RuntimeError(f"payload({ex.id}): the student notebooks carry no expected value")
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
        mistakes.append(dict(name=m.name, value=arr.tolist(), shape=list(arr.shape),
                             message=book_words(m.message, ex),
                             hint=book_words(m.hint, ex) if m.hint else None))
    return dict(
        id=ex.id, expected=_nested(exp), shape=list(np.shape(exp)), rtol=rtol, atol=atol,
        # an answer computed in float32 gets 16 eps₃₂ unless the exercise declares its rtol
        declared_rtol=getattr(ex, "rtol", None) is not None,
        digits=ex.digits if isinstance(getattr(ex, "digits", None), int) else None,
        mistakes=mistakes, gradient=ex.gradient, batch=ex.batch_size_for(None),
        generic={n: book_words(generic_message(n, ex.quantity, ex.factor2), ex) for n in GENERIC_NAMES},
        not_finite=book_words(_not_finite_message(ex, np.shape(exp)), ex),
        pointers=book_words(ex.pointers or ("Compare each step with the equation in the exercise (and "
                                            "its diagram); `.hint()` gives a hint."), ex),
        hints=[book_words(h, ex) for h in ex.hints],
        shape_advice={k: book_words(_shape_advice(e, g), ex) for k, (e, g) in _ADVICE_SHAPES.items()},
    )


# --------------------------------------------------------------------------- the exercise's text

def _how(ex) -> str:
    return ("Write the function in the cell below, then run it: `q.check(...)` checks it."
            if ex.kind == "function" else
            "Compute the answer in the cell below, then run it: `q.check(my_answer)` checks it.")


def exercise_text(ex) -> str:
    """The exercise as MyST markdown: ``{exercise}`` with its label, then a collapsed solution."""
    text = (f"`````{{exercise}} {ex.title}\n:label: {label(ex)}\n\n{ex.prompt}\n\n"
            f"*{_how(ex)} Stuck? `q.hint()` gives a hint.*\n`````\n")
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


def _kernel_html(ex) -> str:
    """What a kernel front end shows: the text, the folded solution, how to check it here."""
    sol = (f"<details><summary>Solution</summary>{_md_html(ex.solution_text)}</details>"
           if ex.solution_text and not student_edition() else "")
    return (f'<div class="bp-exercise-text"><p><strong>Exercise: {html.escape(ex.title)}</strong> '
            f'<span style="opacity:.7">({html.escape(ex.id)})</span></p>{_md_html(ex.prompt)}'
            f"<p><em>{_md_html(_how(ex))[3:-4]} Stuck? <code>q.hint()</code> gives a hint; "
            f"<code>exercises.progress()</code> shows how far you are.</em></p>{sol}</div>")


def _book_markdown(ex) -> str:
    """The book's version: the MyST text, then the answer box (raw HTML: one block, no blank line)."""
    text = exercise_text(ex)
    if student_edition():
        return text
    return text + "\n" + answer_box_html(ex) + "\n"


class ExerciseView:
    """``q.show()``: the exercise as HTML for a kernel's front end and as MyST markdown with the
    answer box for the book; each place renders its own (see the module docstring)."""

    def __init__(self, ex):
        self.ex = ex

    def _repr_markdown_(self) -> str:
        return _book_markdown(self.ex)

    def _repr_html_(self) -> str:
        return _kernel_html(self.ex)

    def __repr__(self) -> str:
        return f"Exercise {self.ex.id}: {self.ex.title}\n\n{self.ex.prompt}\n\n{_how(self.ex)}"


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


#: The answer box's stylesheet, written by _ext/exercise_progress.py as _static/bp-exercises.css.
BOX_CSS = """
.bp-answer{border:1px solid rgba(127,127,127,.45);border-radius:6px;padding:.5em .9em;margin:.4em 0;color:inherit}
.bp-answer[hidden]{display:none}
.bp-answer label{display:inline-block;max-width:100%%}
.bp-answer input[data-answer]{color:inherit;background:transparent;border:1px solid rgba(127,127,127,.8);border-radius:3px;padding:.2em .4em;width:16em;max-width:100%%;font:inherit;box-sizing:border-box}
.bp-answer button{color:inherit;background:rgba(127,127,127,.15);border:1px solid rgba(127,127,127,.8);border-radius:4px;padding:.2em .9em;margin:.2em .4em .2em 0;cursor:pointer;font:inherit;min-height:2.2em}
.bp-answer .bp-buttons{display:inline-block;margin-left:.4em}
.bp-answer .bp-digits{font-size:.9em;opacity:.85}
.bp-answer .bp-feedback,.bp-answer .bp-hint{margin-top:.4em;padding:.3em .6em;border-radius:4px;overflow-wrap:anywhere}
.bp-answer .bp-feedback:empty,.bp-answer .bp-hint:empty{display:none}
.bp-answer .bp-hint{border-left:5px solid rgba(127,127,127,.6);background:rgba(127,127,127,.08)}
.bp-answer .bp-ok{border-left:5px solid %(ok)s;background:%(ok)s1f}
.bp-answer .bp-no{border-left:5px solid %(no)s;background:%(no)s1f}
.bp-answer .bp-ok .bp-label{background:%(okl)s}
.bp-answer .bp-no .bp-label{background:%(nol)s}
.bp-answer .bp-label{color:#fff;padding:.05em .45em;border-radius:3px;white-space:nowrap;font-weight:700;margin-right:.4em}
.bp-answer .bp-progress{font-size:.9em;opacity:.85;margin-top:.3em}
@media (max-width:600px){.bp-answer .bp-buttons{margin-left:0;display:block}.bp-answer input[data-answer]{width:100%%}}
""" % dict(ok=STATUS["correct"][1], no=STATUS["incorrect"][1], okl=BADGE["correct"], nol=BADGE["incorrect"])


def _chapter_ids(ex):
    return getattr(ex, "chapter_ids", None) or [ex.id]


def answer_box_html(ex) -> str:
    """The book's answer box for ``ex`` (see the module docstring for the contract). One line of
    HTML: inside the book's markdown a blank line would end the raw HTML block."""
    progress = (f'<div class="bp-progress" data-chapter-progress="'
                f'{html.escape(json.dumps(_chapter_ids(ex)))}"></div>')
    if ex.kind == "value":
        data = html.escape(json.dumps(payload(ex), ensure_ascii=False), quote=True)
        # inputmode "text": a phone's full keyboard, which has the minus sign, commas and
        # brackets (iOS's "decimal" pad has no minus sign)
        body = (f'<label>Your answer: <input type="text" data-answer inputmode="text" '
                f'autocomplete="off" autocapitalize="off" autocorrect="off" spellcheck="false" '
                f'enterkeyhint="done" aria-label="answer to exercise {html.escape(ex.title)}" '
                f'placeholder="e.g. 0.7 or 0.1, 0.5, 0.8"></label>'
                f'<span class="bp-buttons"><button type="button" data-check>Check</button>'
                f'<button type="button" data-hint>Hint</button></span>'
                f'<div class="bp-digits">Numbers as you would write them (−0.25, 1.5e-3, 7 × 10^-1; '
                f'rows of a matrix in brackets); {html.escape(digits_text(ex))}.</div>'
                f'<div class="bp-feedback" data-feedback role="status" aria-live="polite">'
                f'<span class="bp-label"></span><span class="bp-message"></span></div>'
                f'<div class="bp-hint" data-hint-text aria-live="polite"></div>')
        root = f'<div class="bp-answer" data-exercise="{html.escape(ex.id)}" data-payload="{data}" hidden>'
    else:
        links = notebook_links(ex)
        where = " or ".join(f'<a href="{html.escape(u)}">{k}</a>' for k, u in links.items())
        body = ("<p>This exercise asks you to write a Python function, so it needs Python to check: "
                f"open this chapter as a notebook{' in ' + where if where else ''} (or in your own "
                "Jupyter) and run the exercise cell.</p>")
        root = f'<div class="bp-answer bp-needs-python" data-exercise="{html.escape(ex.id)}">'
    return f"{root}{body}{progress}</div>"


def exercise_html(ex) -> str:
    """What a kernel front end shows for ``ex`` (the ``text/html`` of ``q.show()``)."""
    return _kernel_html(ex)
