"""Quick self-check quizzes that work without a kernel: in the static HTML book and in Jupyter.

``exercises.quiz(questions)`` returns an object whose HTML (a self-contained form with a few
lines of JavaScript, nothing fetched from the network) checks the reader's answers in the
browser. Feedback is colour PLUS a text label ("✔ Correct" / "✘ Not yet").

Question format (a list of dicts)::

    exercises.quiz([
        dict(question="Which value does a node pass to the next layer?",
             choices=["z, the linear part", "a = σ(z), the activated value", "the bias b"],
             correct=1,                       # index, or a list of indices (then: tick all)
             feedback={0: "z is computed first, but then σ is applied."},   # optional, per choice
             explanation="Each node applies its activation before passing the value on."),
        dict(question="σ(0) for the sigmoid is?", answer=0.5, tolerance=1e-3,   # numeric
             explanation="σ(0) = 1 / (1 + e⁰) = 1/2."),
    ], title="Check yourself")

Numeric answers are right within ``tolerance`` (absolute; default 1e-3 of max(1, |answer|)).
Write maths in questions as plain Unicode (σ, δᵏ, ∂C/∂z) or as ``\\(...\\)``: the book typesets it
with MathJax, JupyterLab shows the Unicode as is.
"""

from __future__ import annotations

import base64
import html
import json
import math
import numbers
import hashlib
import itertools

from ..draw.style import OKABE_ITO
from .render import BADGE, maths_html

__all__ = ["quiz", "Quiz"]

_COUNTER = itertools.count(1)


_KEYS = ("question", "choices", "correct", "feedback", "explanation", "answer", "tolerance")


def _validate(questions):
    """The questions as the page script reads them; bad ones raise an error naming question and key."""
    if isinstance(questions, dict):
        questions = [questions]
    if not isinstance(questions, (list, tuple)) or not questions:
        raise TypeError("quiz(questions): expected a non-empty list of question dicts")
    return [_question(i, q) for i, q in enumerate(questions, start=1)]


def _question(i, q):
    if not isinstance(q, dict):
        raise TypeError(f"quiz(questions): question {i} should be a dict, got {type(q).__name__}")

    def require(ok, what):
        if not ok:
            raise ValueError(f"quiz(questions): question {i}: {what}")

    text, explanation = q.get("question"), q.get("explanation", "")
    require(isinstance(text, str) and text.strip(), "needs a non-empty 'question' text")
    require(set(q) <= set(_KEYS), f"unknown keys {sorted(set(q) - set(_KEYS))}; valid keys: {list(_KEYS)}")
    require(isinstance(explanation, str), "'explanation' should be a str")
    require(("choices" in q) != ("answer" in q), "give 'choices' (multiple choice) or 'answer' (a number), "
                                                 "not both")
    if "answer" in q:
        ans = q["answer"]
        require(_real(ans) and math.isfinite(ans), "'answer' should be a finite number")
        tol = q.get("tolerance", 1e-3 * max(1.0, abs(float(ans))))
        require(_real(tol) and tol >= 0, "'tolerance' should be a number >= 0")
        return dict(kind="number", question=text, answer=float(ans), tolerance=float(tol), explanation=explanation)
    choices, correct, feedback = q["choices"], q.get("correct"), q.get("feedback") or {}
    require(isinstance(choices, (list, tuple)) and len(choices) >= 2 and all(isinstance(c, str) for c in choices),
            "'choices' should be a list of at least 2 strings")
    multi = isinstance(correct, (list, tuple))
    idx = list(correct) if multi else [correct]

    def index(c):
        return isinstance(c, int) and not isinstance(c, bool) and 0 <= c < len(choices)

    require(idx and all(map(index, idx)),
            f"'correct' should be the index (0..{len(choices) - 1}) of the right choice, or a list of them")
    require("tolerance" not in q, "'tolerance' belongs to an 'answer', not to 'choices'")
    require(isinstance(feedback, dict) and all(index(k) and isinstance(v, str) for k, v in feedback.items()),
            "'feedback' should map choice indices to str")
    return dict(kind="choice", question=text, choices=list(choices), correct=sorted(set(idx)), multi=multi,
                feedback={str(k): v for k, v in feedback.items()}, explanation=explanation)


def _real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


_CSS = """
.bp-quiz{border:1px solid rgba(127,127,127,.45);border-radius:6px;padding:.6em 1em;margin:.5em 0;color:inherit;font-size:inherit;line-height:1.5}
.bp-quiz .bp-title{margin:.2em 0 .5em 0;font-size:1.05em;font-weight:700;color:inherit}
.bp-quiz .bp-q{margin:.5em 0 .9em 0;padding-bottom:.5em;border-bottom:1px dashed rgba(127,127,127,.35)}
.bp-quiz .bp-q:last-of-type{border-bottom:none}
.bp-quiz .bp-qtext{font-weight:600;margin-bottom:.3em}
.bp-quiz label{display:block;margin:.15em 0;cursor:pointer}
.bp-quiz input[type=text]{color:inherit;background:transparent;border:1px solid rgba(127,127,127,.7);border-radius:3px;padding:.15em .4em;width:10em;font:inherit}
.bp-quiz button{color:inherit;background:rgba(127,127,127,.15);border:1px solid rgba(127,127,127,.7);border-radius:4px;padding:.15em .8em;margin:.3em .4em 0 0;cursor:pointer;font:inherit}
.bp-quiz button:hover{background:rgba(127,127,127,.3)}
.bp-quiz .bp-fb{margin-top:.35em;padding:.25em .6em;border-radius:4px;display:none}
.bp-quiz .bp-fb.bp-ok{display:block;border-left:5px solid %(ok)s;background:%(ok)s21}
.bp-quiz .bp-fb.bp-no{display:block;border-left:5px solid %(no)s;background:%(no)s21}
.bp-quiz .bp-fb.bp-info{display:block;border-left:5px solid %(info)s;background:%(info)s21}
.bp-quiz .bp-fb b{color:#fff;padding:.05em .45em;border-radius:3px;white-space:nowrap}
.bp-quiz .bp-fb b.bp-okl{background:%(okl)s}
.bp-quiz .bp-fb b.bp-nol{background:%(nol)s}
.bp-quiz .bp-nojs{font-style:italic;opacity:.8}
""" % dict(ok=OKABE_ITO["bluish_green"], no=OKABE_ITO["vermillion"], info=OKABE_ITO["blue"],
          okl=BADGE["correct"], nol=BADGE["incorrect"])

# The checking script. It reads the questions from a base64 JSON attribute of its own container
# (so the answers are not plain text in the page) and needs nothing else.
_JS = r"""
(function(){
  var root = document.getElementById("%(id)s");
  if (!root || root.getAttribute("data-ready")) return;
  root.setAttribute("data-ready", "1");
  var qs = JSON.parse(decodeURIComponent(escape(atob(root.getAttribute("data-q")))));
  var nojs = root.querySelector(".bp-nojs"); if (nojs) nojs.style.display = "none";
  function show(box, ok, text) {
    box.className = "bp-fb " + (ok === null ? "bp-info" : (ok ? "bp-ok" : "bp-no"));
    box.innerHTML = "";
    if (ok !== null) {
      var b = document.createElement("b");
      b.className = ok ? "bp-okl" : "bp-nol";
      b.textContent = ok ? "\u2714 Correct" : "\u2718 Not yet";
      box.appendChild(b);
      box.appendChild(document.createTextNode(" "));
    }
    var s = document.createElement("span"); s.innerHTML = text; box.appendChild(s);
    if (window.MathJax && window.MathJax.typesetPromise) { try { window.MathJax.typesetPromise([box]); } catch (e) {} }
  }
  function parseNumber(t) {
    t = (t || "").trim().replace(/\u2212/g, "-").replace(",", ".");
    if (t === "") return NaN;
    var m = t.match(/^([-+]?[0-9.eE+-]+)\s*\/\s*([-+]?[0-9.eE+-]+)$/);
    if (m) return Number(m[1]) / Number(m[2]);
    return Number(t);
  }
  qs.forEach(function(q, i) {
    var el = root.querySelector('[data-qi="' + i + '"]');
    var box = el.querySelector(".bp-fb");
    el.querySelector(".bp-quiz-check").addEventListener("click", function() {
      if (q.kind === "number") {
        var v = parseNumber(el.querySelector("input").value);
        if (isNaN(v)) { show(box, null, "Type a number first (e.g. 0.25, -1.5e-3 or 1/4)."); return; }
        var ok = Math.abs(v - q.answer) <= q.tolerance;
        show(box, ok, ok ? (q.explanation || "") : "That is not it. Check your working step by step and try again.");
      } else {
        var picked = [];
        el.querySelectorAll("input").forEach(function(inp, j) { if (inp.checked) picked.push(j); });
        if (!picked.length) { show(box, null, "Pick an answer first."); return; }
        var ok = picked.length === q.correct.length && picked.every(function(j) { return q.correct.indexOf(j) >= 0; });
        var notes = [];
        picked.forEach(function(j) { if (q.feedback[String(j)]) notes.push(q.feedback[String(j)]); });
        var text = notes.join(" ");
        if (ok) text = (text ? text + " " : "") + (q.explanation || "");
        else if (!text) text = q.multi ? "Not quite: tick every right choice and only those." : "That is not it; try again.";
        show(box, ok, text);
      }
    });
    el.querySelector(".bp-quiz-show").addEventListener("click", function() {
      var t;
      if (q.kind === "number") t = "Answer: " + q.answer_text + ".";
      else t = "Answer: " + q.correct.map(function(j) { return q.choices_html[j]; }).join("; ") + ".";
      show(box, null, t + (q.explanation ? " " + q.explanation : ""));
    });
  });
})();
"""


def _text(t: str) -> str:
    """Escape for HTML and show a^{k-1}, W^T, W_{ij} as super/subscripts (as in check feedback)."""
    return maths_html(html.escape(t))


def _num_text(x: float) -> str:
    return f"{x:.6g}"


class Quiz:
    """A self-check quiz; displays as a self-contained HTML form (see :func:`quiz`)."""

    def __init__(self, questions, title: str | None = None):
        if title is not None and not isinstance(title, str):
            raise TypeError("quiz(title=...): expected a str or None")
        self.questions = _validate(questions)
        self.title = title

    def __repr__(self) -> str:
        lines = [f"Quiz: {self.title}" if self.title else "Quiz"]
        for i, q in enumerate(self.questions, start=1):
            lines.append(f"{i}. {q['question']}")
            if q["kind"] == "choice":
                lines += [f"   ({chr(97 + j)}) {c}" for j, c in enumerate(q["choices"])]
            else:
                lines.append("   (a number)")
        lines.append("(Open in Jupyter or the HTML book to check your answers.)")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        # Deterministic id (content hash + counter): rebuilding the book gives the same HTML.
        digest = hashlib.sha1(json.dumps([self.title, self.questions], sort_keys=True)
                              .encode("utf-8")).hexdigest()[:10]
        qid = f"bpquiz-{digest}-{next(_COUNTER)}"
        payload = []
        parts = [f'<div class="bp-quiz mathjax_process" id="{qid}" data-q="__PAYLOAD__">']
        parts.append(f"<style>{_CSS}</style>")
        if self.title:
            parts.append(f'<div class="bp-title">{html.escape(self.title)}</div>')
        for i, q in enumerate(self.questions):
            parts.append(f'<div class="bp-q" data-qi="{i}">')
            parts.append(f'<div class="bp-qtext">{i + 1}. {_text(q["question"])}</div>')
            if q["kind"] == "choice":
                typ = "checkbox" if q["multi"] else "radio"
                if q["multi"]:
                    parts.append('<div style="opacity:.8;font-size:.9em">(tick all that apply)</div>')
                for j, c in enumerate(q["choices"]):
                    parts.append(f'<label><input type="{typ}" name="{qid}-{i}" value="{j}"> '
                                 f"{_text(c)}</label>")
                payload.append(dict(kind="choice", correct=q["correct"], multi=q["multi"],
                                    feedback={k: _text(v) for k, v in q["feedback"].items()},
                                    choices_html=[_text(c) for c in q["choices"]],
                                    explanation=_text(q["explanation"])))
            else:
                parts.append(f'<input type="text" inputmode="text" aria-label="answer to question {i + 1}" '
                             'placeholder="a number">')
                payload.append(dict(kind="number", answer=q["answer"], tolerance=q["tolerance"],
                                    answer_text=_num_text(q["answer"]),
                                    explanation=_text(q["explanation"])))
            parts.append('<div><button type="button" class="bp-quiz-check">Check</button>'
                         '<button type="button" class="bp-quiz-show">Show answer</button></div>')
            parts.append('<div class="bp-fb" role="status" aria-live="polite"></div></div>')
        parts.append('<div class="bp-nojs">(The answer checks need JavaScript: open the HTML book, '
                     'or run this cell in a trusted notebook.)</div>')
        parts.append(f"<script>{_JS % {'id': qid}}</script></div>")
        data = base64.b64encode(json.dumps(payload).encode("utf-8")).decode("ascii")
        return "".join(parts).replace("__PAYLOAD__", data, 1)


def quiz(questions, title: str | None = None) -> Quiz:
    """Build a quick self-check quiz (see the module docstring for the question format).

    The returned object displays itself when it is the last expression of a cell.
    """
    return Quiz(questions, title=title)
