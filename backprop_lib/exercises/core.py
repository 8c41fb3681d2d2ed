"""The exercise framework: auto-checked answers with feedback that names the mistake.

Learners meet exercises in a chapter like this::

    from backprop_lib import exercises
    q = exercises.get("forward_propagation.weighted_sum")
    q                      # shows the title and the prompt
    my_answer = ...        # placeholder: runs as written, ``check`` says "not attempted"
    q.check(my_answer)     # rich feedback: "✔ Correct", "✘ Not yet: <why>", "… Not attempted"
    q.hint()               # next hint; q.hint(2) shows hint 2; says when there are no more
    q.solution()           # worked solution (markdown + code)
    q.reference()          # a correct answer (used by the course's own tests)

Authoring guide (for chapter authors)
=====================================
Each chapter owns one submodule named after its notebook (``chapters/forward-propagation.ipynb``
-> ``backprop_lib/exercises/forward_propagation.py``), listed in ``exercises.CHAPTERS``; its
exercise ids start with that name.  Import only numpy (and other numpy-only parts of backprop_lib) at module level.
Template::

    import numpy as np
    from backprop_lib.exercises.core import Exercise, Mistake, register

    W = np.array([[0.5, -1.0], [2.0, 0.25]])        # module constants, shared with the prompt

    register(Exercise(
        id="forward_propagation.weighted_sum",             # "<prefix>.<name>", stable: chapters use it
        title="The weighted sum",
        prompt="Compute $z = w \\cdot a + b$ for the arrays in `q.data` ...",   # markdown + $maths$
        kind="value",                               # the learner gives a number/array
        reference=lambda: W @ a + b,                # zero-argument callable -> the right answer
        data=dict(w=w, a=a, b=b),                   # optional: inputs the learner works with
                                                    #   (``q.data["w"]`` returns a copy)
        mistakes=[
            Mistake("missing_bias", wrong=lambda: W @ a,
                    message="You left out the bias $b$: the node adds it after the weighted sum ..."),
        ],
        hints=["first hint", "second, more specific hint"],
        solution="markdown, with a ```python code block``` of the worked solution",
    ))

    register(Exercise(
        id="forward_propagation.layer_forward",
        title="...", prompt="Write `layer_forward(W, a_prev, b)` ...",
        kind="function",                            # the learner writes a function
        reference=layer_forward_reference,          # the reference function itself
        cases=[dict(W=..., a_prev=..., b=...), ...],  # keyword arguments; put a case where the
                                                    #   common mistakes are distinguishable FIRST
                                                    #   (e.g. a square W so W.T @ a still runs)
        mistakes=[Mistake("transposed", wrong=lambda W, a_prev, b: W.T @ a_prev + b,
                          message="...")],          # wrong = function with the reference's signature
        hints=[...], solution="...",
    ))

Optional fields: ``rtol``/``atol`` (default from the reference's dtype: float64 rtol 1e-6,
float32 1e-4, float16 1e-2), ``batch_size`` (int, or for function exercises a callable
``case -> int``) to enable the "summed instead of mean over the batch" diagnosis,
``part_names`` (names of the parts when the reference returns a tuple, e.g. ``("dC/dW", "dC/db")``),
``template`` (the answer cell's starting code, e.g. ``my_answer = ...`` or a ``def`` whose
body is ``...``; shown with the prompt), ``start`` (how to start, shown for "not attempted"), ``pointers`` (shown when no known pattern
matches), ``time_limit`` (seconds per call of the learner's function, default 2).

How ``check`` diagnoses (first match wins):
  not attempted (``...``; a function whose body is ``...``/``pass``/``raise NotImplementedError``)
  -> wrong type / not convertible to numbers -> NaN/inf -> shape (expected vs got; declared
  mistakes and a transposition are recognised even when the shape is wrong)
  -> correct -> the exercise's declared mistakes (answer matches ``wrong``)
  -> generic: transposed, flipped sign, factor 2 or 1/2 (squared-error factor), summed instead of
  mean over the batch, right numbers in the wrong places, off by a constant factor
  -> "not yet, no known pattern" with pointers.
Write mistake messages in plain words that point back to the diagram or equation, and never
state the expected value. Messages are plain text (Unicode maths such as σ'(zᵏ) reads well
everywhere; ``a^{k-1}``, ``W^T`` and ``W_{ij}`` are shown as super/subscripts in the HTML
feedback; `backticks` become code).

In the chapter (see chapters/forward-propagation.ipynb): an ``{exercise}`` directive with a
collapsed ``{solution}``, then ``q1 = exercises.get("<id>")``, the answer cell (the
exercise's ``template``), ``q1.check(my_answer)``, and a hidden (remove-cell)
``assert q1.check(q1.reference()).passed``; ``tests/test_exercises_chapters.py`` checks this.
For quick multiple-choice / numeric self-checks that work without a kernel in the HTML book use
``exercises.quiz([...])`` (format in :mod:`backprop_lib.exercises.quiz`).

``tests/test_exercises.py`` automatically checks EVERY registered
exercise: the reference passes, each mistake's wrong answer gets exactly that mistake's message,
hundreds of bad answers neither raise nor pass, and the placeholder is "not attempted".  Make
sure your mistakes differ from the reference and from each other on the first case.
"""

from __future__ import annotations

import copy
import html
import inspect
import math
import re
import signal
import sys
import threading
import warnings
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

__all__ = ["Exercise", "Mistake", "CheckResult", "register", "registry"]

# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------

_REGISTRY: dict[str, "Exercise"] = {}
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_]+(\.[a-z0-9_]+)*$")


def register(exercise: "Exercise") -> "Exercise":
    """Add ``exercise`` to the catalog and return it.

    Registering the same id again from the same module (e.g. after ``importlib.reload``)
    replaces the old one; the same id from a different module is an error.
    """
    if not isinstance(exercise, Exercise):
        raise TypeError(f"register(exercise): expected an Exercise, got {type(exercise).__name__}")
    caller = sys._getframe(1).f_globals.get("__name__", "?")
    old = _REGISTRY.get(exercise.id)
    if old is not None and old.module != caller:
        raise ValueError(
            f"register(exercise): id {exercise.id!r} is already registered by module {old.module!r}")
    exercise.module = caller
    _REGISTRY[exercise.id] = exercise
    return exercise


def registry() -> dict[str, "Exercise"]:
    """The exercises registered so far (without importing the chapter submodules)."""
    return dict(_REGISTRY)


# --------------------------------------------------------------------------------------------
# Small display objects
# --------------------------------------------------------------------------------------------

# Okabe-Ito colours (same palette as backprop_lib.draw.style), each paired with a text label.
_STATUS = {
    "correct": ("✔ Correct", "#009E73"),
    "incorrect": ("✘ Not yet", "#D55E00"),
    "not_attempted": ("… Not attempted", "#0072B2"),
}
# Darker shades of the same hues for the label badge: white text on them has a contrast ratio
# of at least 4.5 (WCAG AA) whatever the page's theme.
_BADGE = {"correct": "#00745A", "incorrect": "#A84A00", "not_attempted": "#0066A0"}


_CODE_STYLE = ("color:inherit;background:rgba(127,127,127,0.18);padding:0 0.25em;"
               "border-radius:3px;font-size:0.95em")


def _maths_html(text: str) -> str:
    """a^{k-1} -> a<sup>k-1</sup>, W^T -> W<sup>T</sup>, W_{ij} -> W<sub>ij</sub> (text is escaped)."""
    text = re.sub(r"\^\{([^{}]*)\}", r"<sup>\1</sup>", text)
    text = re.sub(r"\^([A-Za-z0-9])", r"<sup>\1</sup>", text)
    return re.sub(r"_\{([^{}]*)\}", r"<sub>\1</sub>", text)


def _inline_html(text: str) -> str:
    """Escape ``text`` for HTML, render `code` spans, simple super/subscripts and line breaks."""
    pieces = text.split("`")
    out = []
    for i, piece in enumerate(pieces):
        esc = html.escape(piece)
        if i % 2 == 1 and i < len(pieces) - 1:
            out.append(f'<code style="{_CODE_STYLE}">{esc}</code>')
        else:
            out.append(_maths_html(esc) if i % 2 == 0 else "`" + _maths_html(esc))
    return "".join(out).replace("\n", "<br>")


class CheckResult:
    """The outcome of ``Exercise.check``: ``.passed``, ``.message``, ``.status``, ``.mistake``.

    ``status`` is "correct", "incorrect" or "not_attempted"; ``mistake`` names the diagnosis
    (a declared mistake's name, or a generic one such as "generic:transposed", "shape", "type").
    Shown in a notebook as a coloured box with a text label; ``bool(result)`` is ``passed``.
    """

    def __init__(self, status: str, message: str, mistake: str | None = None,
                 exercise_id: str = ""):
        self.status = status
        self.message = message
        self.mistake = mistake
        self.exercise_id = exercise_id

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    @property
    def label(self) -> str:
        return _STATUS[self.status][0]

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"{self.label}: {self.message}"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        label, colour = _STATUS[self.status]
        # Tinted background + coloured border + bold text label; the text colour is inherited so
        # the box stays readable in light and dark themes.
        return (
            f'<div class="bp-check bp-check-{self.status}" role="status" '
            f'style="border-left:6px solid {colour};background:{colour}1f;'
            f'padding:0.5em 0.8em;margin:0.3em 0;border-radius:4px;color:inherit;'
            f'line-height:1.45">'
            f'<strong style="background:{_BADGE[self.status]};color:#fff;padding:0.05em 0.45em;'
            f'border-radius:3px;white-space:nowrap">{html.escape(label)}</strong>'
            f'<span style="opacity:0.75"> {html.escape(self.exercise_id)}</span><br>'
            f"{_inline_html(self.message)}</div>"
        )


class Markdown:
    """Text shown as markdown in Jupyter and the book, and as plain text elsewhere."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


# --------------------------------------------------------------------------------------------
# Mistakes and exercises
# --------------------------------------------------------------------------------------------


@dataclass
class Mistake:
    """A typical wrong answer and what to tell the learner who gives it.

    ``wrong``: for a value exercise a zero-argument callable returning the wrong answer; for a
    function exercise a function with the reference's signature computing it the wrong way.
    """

    name: str
    wrong: Callable
    message: str

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise TypeError("Mistake(name): expected a non-empty str")
        if not callable(self.wrong):
            raise TypeError(f"Mistake({self.name!r}, wrong=...): expected a callable")
        if not isinstance(self.message, str) or not self.message:
            raise TypeError(f"Mistake({self.name!r}, message=...): expected a non-empty str")


class _TimeLimit(BaseException):
    """Raised inside the learner's function when it runs too long (BaseException so that a
    bare ``except Exception`` in the learner's code does not swallow it)."""


class _Failure(Exception):
    """Internal: carries a finished CheckResult out of the comparison helpers."""

    def __init__(self, result: CheckResult):
        super().__init__(result.message)
        self.result = result


_NOTHING = object()


def _default_tolerances(*dtypes) -> tuple[float, float]:
    rtol, atol = 1e-6, 1e-9
    for dt in dtypes:
        try:
            dt = np.dtype(dt)
        except Exception:
            continue
        if dt == np.float16:
            rtol, atol = max(rtol, 1e-2), max(atol, 1e-3)
        elif dt == np.float32 or dt == np.complex64:
            rtol, atol = max(rtol, 1e-4), max(atol, 1e-6)
    return rtol, atol


def _fmt(value: Any, depth: int = 0) -> str:
    """Short, safe, one-line text for a case input (never used for expected values)."""
    try:
        if isinstance(value, np.ndarray):
            if value.size > 12:
                return f"<array of shape {value.shape}>"
            text = np.array2string(value, precision=4, separator=", ")
            return re.sub(r"\s+", " ", text)
        if isinstance(value, (list, tuple)) and depth < 2:
            inner = ", ".join(_fmt(v, depth + 1) for v in value[:6])
            more = ", ..." if len(value) > 6 else ""
            return ("[%s%s]" if isinstance(value, list) else "(%s%s)") % (inner, more)
        if callable(value):
            return getattr(value, "__name__", None) or type(value).__name__
        text = repr(value)
        return text if len(text) <= 80 else text[:77] + "..."
    except Exception:
        return f"<{type(value).__name__}>"


def _shape_text(shape: tuple) -> str:
    if shape == ():
        return "a single number (shape ())"
    return f"shape {shape}"


_TRIVIAL_CODES: set[bytes] = set()


def _trivial_templates():
    def f1(*args, **kwargs): ...

    def f2(*args, **kwargs):
        pass

    def f3(*args, **kwargs):
        """Docstring."""
        ...

    def f4(*args, **kwargs):
        """Docstring."""

    def f5(*args, **kwargs):
        # comment
        ...

    return [f1, f2, f3, f4, f5]


for _f in _trivial_templates():
    _TRIVIAL_CODES.add(_f.__code__.co_code)


def _is_trivial_function(fn) -> bool:
    try:
        return fn.__code__.co_code in _TRIVIAL_CODES
    except Exception:
        return False


class Exercise:
    """One auto-checked exercise. See the module docstring for the authoring guide."""

    def __init__(self, id: str, title: str, prompt: str, kind: str, reference: Callable,
                 cases: list[dict] | None = None, mistakes: list[Mistake] | tuple = (),
                 hints: list[str] | tuple = (), solution: str = "",
                 rtol: float | None = None, atol: float | None = None,
                 batch_size: int | Callable | None = None, data: dict | None = None,
                 part_names: tuple[str, ...] | None = None, start: str | None = None,
                 pointers: str | None = None, time_limit: float = 2.0,
                 template: str | None = None):
        if not isinstance(id, str) or not _ID_RE.match(id):
            raise ValueError(f"Exercise(id={id!r}): expected '<prefix>.<name>' in lower_snake_case")
        for name, val in (("title", title), ("prompt", prompt), ("solution", solution)):
            if not isinstance(val, str):
                raise TypeError(f"Exercise({id}, {name}=...): expected a str, got {type(val).__name__}")
        if kind not in ("value", "function"):
            raise ValueError(f"Exercise({id}, kind={kind!r}): expected 'value' or 'function'")
        if not callable(reference):
            raise TypeError(f"Exercise({id}, reference=...): expected a callable")
        if kind == "function":
            if not cases or not isinstance(cases, (list, tuple)) or not all(isinstance(c, dict) for c in cases):
                raise ValueError(f"Exercise({id}, cases=...): a function exercise needs a non-empty "
                                 "list of keyword-argument dicts")
        elif cases:
            raise ValueError(f"Exercise({id}, cases=...): only function exercises take cases")
        mistakes = list(mistakes)
        for m in mistakes:
            if not isinstance(m, Mistake):
                raise TypeError(f"Exercise({id}, mistakes=...): expected Mistake objects, got {type(m).__name__}")
        names = [m.name for m in mistakes]
        if len(set(names)) != len(names):
            raise ValueError(f"Exercise({id}, mistakes=...): mistake names must be unique, got {names}")
        hints = list(hints)
        if not all(isinstance(h, str) for h in hints):
            raise TypeError(f"Exercise({id}, hints=...): expected a list of str")
        for name, val in (("rtol", rtol), ("atol", atol)):
            if val is not None and (not isinstance(val, (int, float)) or not val >= 0):
                raise ValueError(f"Exercise({id}, {name}={val!r}): expected a number >= 0 or None")
        if batch_size is not None and not callable(batch_size) and (
                not isinstance(batch_size, (int, np.integer)) or batch_size < 2):
            raise ValueError(f"Exercise({id}, batch_size={batch_size!r}): expected an int >= 2, "
                             "a callable case -> int, or None")
        if not (isinstance(time_limit, (int, float)) and time_limit > 0):
            raise ValueError(f"Exercise({id}, time_limit={time_limit!r}): expected seconds > 0")
        self.id = id
        self.title = title
        self.prompt = prompt
        self.kind = kind
        self._reference = reference
        self._cases = [dict(c) for c in cases] if cases else []
        self.mistakes = mistakes
        self.hints = hints
        self._solution = solution
        self.rtol = rtol
        self.atol = atol
        self.batch_size = batch_size
        self._data = dict(data) if data else {}
        self.part_names = tuple(part_names) if part_names else None
        self.start = start
        self.pointers = pointers
        self.time_limit = float(time_limit)
        if template is not None and not isinstance(template, str):
            raise TypeError(f"Exercise({id}, template=...): expected a str")
        self.template = template
        self.module = None
        self._next_hint = 1
        self._expected_cache: dict[int, Any] = {}

    # ---------------------------------------------------------------- learner-facing API

    @property
    def cases(self) -> list[dict]:
        """The test cases of a function exercise (keyword arguments; a deep copy)."""
        return copy.deepcopy(self._cases)

    @property
    def data(self) -> dict:
        """The inputs of a value exercise (a deep copy, so changing them does no harm)."""
        return copy.deepcopy(self._data)

    def __repr__(self) -> str:
        return f"Exercise {self.id}: {self.title}\n\n{self.prompt}"

    def _repr_markdown_(self) -> str:
        how = ("Write the function, then check it: `.check(your_function)`." if self.kind == "function"
               else "Compute the answer, then check it: `.check(my_answer)`.")
        tmpl = f"\n\n```python\n{self.template.strip()}\n```" if self.template else ""
        return (f"**Exercise `{self.id}`: {self.title}**\n\n{self.prompt}{tmpl}\n\n"
                f"*{how} Stuck? `.hint()` gives a hint; `.solution()` the worked solution.*")

    def hint(self, n: int | None = None) -> Markdown:
        """Hint ``n`` (1-based); without ``n`` the next hint not shown yet."""
        total = len(self.hints)
        if n is None:
            n = self._next_hint
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"hint(n={n!r}): expected a hint number 1, 2, ... (or nothing for the next hint)")
        n = int(n)
        if total == 0:
            return Markdown("*This exercise has no hints. See the prompt's equation, or `.solution()`.*")
        if n > total:
            self._next_hint = total + 1
            return Markdown(f"*No more hints: this exercise has {total}. "
                            "Look at the worked solution with `.solution()`.*")
        self._next_hint = max(self._next_hint, n + 1)
        more = " (there are more: call `.hint()` again)" if n < total else " (the last one)"
        return Markdown(f"**Hint {n} of {total}**{more}: {self.hints[n - 1]}")

    def solution(self) -> Markdown:
        """The worked solution (markdown with code)."""
        text = self._solution or "*No worked solution was written for this exercise.*"
        return Markdown(f"**Solution of `{self.id}`: {self.title}**\n\n{text}")

    def reference(self):
        """A correct answer: the value (value exercise) or the reference function (function exercise)."""
        if self.kind == "function":
            return self._reference
        return copy.deepcopy(self._reference())

    # ---------------------------------------------------------------- checking

    def check(self, answer: Any = _NOTHING) -> CheckResult:
        """Check ``answer`` and explain what is wrong. Never raises."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with np.errstate(all="ignore"):
                    if answer is _NOTHING:
                        return self._not_attempted("You called `check()` without an answer.")
                    if self.kind == "function":
                        return self._check_function(answer)
                    return self._check_value(answer)
        except KeyboardInterrupt:
            raise
        except _Failure as failure:
            return failure.result
        except BaseException as err:  # last resort: check must never raise
            return self._result(
                "incorrect",
                "The checker could not make sense of this answer "
                f"({type(err).__name__}). Give a number, a numpy array or (for a function exercise) "
                "a function.", "internal")

    # ..... helpers producing results

    def _result(self, status: str, message: str, mistake: str | None = None) -> CheckResult:
        return CheckResult(status, message, mistake, self.id)

    def _not_attempted(self, why: str = "") -> CheckResult:
        if self.start:
            start = self.start
        elif self.kind == "function":
            start = ("Replace the `...` in the function's body with your code (keep the `def` line "
                     "and end with `return`), run the cell, then check again.")
        else:
            start = ("Replace the `...` in `my_answer = ...` with your computation "
                     "(a number or a numpy array), run the cell, then check again.")
        return self._result("not_attempted", (why + " " if why else "") + start, "not_attempted")

    # ..... value exercises

    def _expected_value(self):
        if 0 not in self._expected_cache:
            self._expected_cache[0] = copy.deepcopy(self._reference())
        return self._expected_cache[0]

    def _check_value(self, answer) -> CheckResult:
        if answer is Ellipsis:
            return self._not_attempted("This is still the placeholder `...`.")
        if callable(answer) and not isinstance(answer, (np.ndarray, np.generic)):
            return self._result(
                "incorrect",
                f"You gave a function ({_fmt(answer)}), but this exercise asks for a value. "
                "Call your function and check its result, e.g. `.check(f(...))`.", "type")
        expected = self._expected_value()
        return self._compare(answer, expected, lambda: self._mistake_values(),
                             where="Your answer", batch=self._batch_size(None))

    def _mistake_values(self):
        for m in self.mistakes:
            try:
                yield m, m.wrong()
            except Exception:
                continue

    def _batch_size(self, case):
        b = self.batch_size
        if b is None:
            return None
        if callable(b):
            try:
                return int(b(case))
            except Exception:
                return None
        return int(b)

    # ..... function exercises

    def _expected_for_case(self, i: int):
        if i not in self._expected_cache:
            self._expected_cache[i] = copy.deepcopy(self._reference(**copy.deepcopy(self._cases[i])))
        return self._expected_cache[i]

    def _check_function(self, fn) -> CheckResult:
        if fn is Ellipsis:
            return self._not_attempted("This is still the placeholder `...`.")
        if not callable(fn) or isinstance(fn, type):
            what = "a class" if isinstance(fn, type) else f"something of type `{type(fn).__name__}`"
            return self._result(
                "incorrect",
                f"This exercise asks for a function, but you gave {what}. Pass the function itself, "
                "without calling it: `.check(my_function)`, not `.check(my_function(...))`.", "type")
        argnames = list(self._cases[0].keys())
        call_mode = self._call_mode(fn)
        if call_mode is None:
            return self._result(
                "incorrect",
                f"Your function cannot be called with the arguments ({', '.join(argnames)}). "
                f"Define it as `def {getattr(self._reference, '__name__', 'f')}({', '.join(argnames)}):`.",
                "signature")

        outputs = []   # per case: ("ok", value) | ("raised", exc) | ("timeout", None)
        for case in self._cases:
            outputs.append(self._run(fn, case, call_mode))
            if outputs[-1][0] == "timeout":
                break

        kinds = [k for k, _ in outputs]
        not_impl = [isinstance(v, NotImplementedError) for k, v in outputs]
        nones = [k == "ok" and v is None for k, v in outputs]
        if all(not_impl) or all(n or ni for n, ni in zip(nones, not_impl)):
            if all(not_impl) or _is_trivial_function(fn):
                return self._not_attempted("Your function's body is still the placeholder.")
            return self._not_attempted(
                "Your function returned None for every case: did you forget the `return` statement?")

        n_cases = len(self._cases)
        for i, (kind, value) in enumerate(outputs):
            case = self._cases[i]
            where = self._case_text(i, case)
            if kind == "timeout":
                return self._result(
                    "incorrect",
                    f"Your function ran for more than {self.time_limit:g} s on {where} and was "
                    "stopped. Look for a loop that never ends (a `while` whose condition never "
                    "becomes false) or a very large computation.", "timeout")
            if kind == "raised":
                return self._result(
                    "incorrect",
                    f"Your function raised {type(value).__name__} on {where}: {_safe_str(value)}",
                    "raised")
            if value is None:
                return self._result(
                    "incorrect",
                    f"Your function returned None on {where}. Did you forget `return` on some path?",
                    "returned_none")
            expected = self._expected_for_case(i)

            def mistakes_for_case(case=case):
                for m in self.mistakes:
                    try:
                        yield m, m.wrong(**copy.deepcopy(case))
                    except Exception:
                        continue

            res = self._compare(value, expected, mistakes_for_case,
                                where=f"On {where}, your function's result",
                                batch=self._batch_size(case), returned=True)
            if not res.passed:
                if i > 0:
                    res.message += f" (It gave the right result on the {_ordinal_list(i)} before that.)"
                return res
        return self._result("correct", f"Your function gives the right result on all {n_cases} "
                                       f"test case{'s' if n_cases != 1 else ''}.")

    def _case_text(self, i, case):
        args = ", ".join(f"{k}={_fmt(v)}" for k, v in case.items())
        return (f"test case {i + 1} of {len(self._cases)} ({args}; the exercise's "
                f"`.cases[{i}]` holds these inputs)")

    def _call_mode(self, fn):
        case = self._cases[0]
        try:
            sig = inspect.signature(fn)
        except Exception:
            return "kw"
        try:
            sig.bind(**case)
            return "kw"
        except Exception:
            pass
        try:
            sig.bind(*case.values())
            return "pos"
        except Exception:
            return None

    def _run(self, fn, case, mode):
        args = copy.deepcopy(case)
        try:
            if mode == "pos":
                value = _call_with_time_limit(lambda: fn(*args.values()), self.time_limit)
            else:
                value = _call_with_time_limit(lambda: fn(**args), self.time_limit)
            return ("ok", value)
        except _TimeLimit:
            return ("timeout", None)
        except KeyboardInterrupt:
            raise
        except BaseException as err:
            return ("raised", err)

    # ..... comparison (shared by both kinds)

    def _compare(self, answer, expected, mistakes, where: str, batch, returned=False) -> CheckResult:
        if isinstance(expected, list):
            try:
                expected = np.asarray(expected)
            except Exception:          # a ragged list of arrays: compare part by part
                expected = tuple(expected)
        if isinstance(expected, tuple):
            return self._compare_parts(answer, expected, mistakes, where, batch, returned)
        exp = np.asarray(expected)
        got = self._to_array(answer, exp, where, returned)
        if got.shape != exp.shape and exp.shape == () and got.size == 1:
            got = got.reshape(())
        rtol, atol = self._tolerances(exp, got)

        def close(a, b):
            try:
                a = np.asarray(a)
                b = np.asarray(b)
                if a.shape != b.shape:
                    if b.shape == () and a.size == 1:
                        a = a.reshape(())
                    else:
                        return False
                a = a.astype(np.float64) if not np.iscomplexobj(a) else a
                b = b.astype(np.float64) if not np.iscomplexobj(b) else b
                scale = float(np.max(np.abs(b))) if b.size else 0.0
                return bool(np.allclose(a, b, rtol=rtol, atol=atol + rtol * 1e-3 * scale))
            except Exception:
                return False

        # shape
        if got.shape != exp.shape:
            for m, wrong in mistakes():
                if close(got, wrong):
                    return self._result("incorrect", f"{where} {_shape_note(exp.shape, got.shape)} "
                                                     f"{m.message}", m.name)
            if got.ndim == 2 and close(got.T, exp):
                return self._result("incorrect", f"{where} {_shape_note(exp.shape, got.shape)} it "
                                                 + _GENERIC["transposed"], "generic:transposed")
            msg = f"{where} has the wrong shape: expected {_shape_text(exp.shape)}, got {_shape_text(got.shape)}."
            msg += " " + _shape_advice(exp.shape, got.shape)
            return self._result("incorrect", msg, "shape")

        if not np.all(np.isfinite(got)):
            return self._result(
                "incorrect",
                f"{where} contains NaN or infinity. That usually means an overflow (e.g. `np.exp` of a "
                "large number) or a division by zero; the values here are small, so check each step.",
                "not_finite")

        if close(got, exp):
            return self._result("correct", "Well done.")

        for m, wrong in mistakes():
            if close(got, wrong):
                text = m.message if where == "Your answer" else f"{where}: {m.message}"
                return self._result("incorrect", text, m.name)

        name = self._generic(got, exp, close, batch)
        if name is None and self._nearly(got, exp, rtol):
            name = "rounded"
        if name:
            return self._result("incorrect", f"{where} {_GENERIC[name]}", f"generic:{name}")
        n_bad = self._count_bad(got, exp, rtol, atol)
        detail = ""
        if exp.size > 1 and n_bad is not None:
            detail = f" {n_bad} of the {exp.size} entries are off."
        pointers = self.pointers or ("Compare each step with the equation in the exercise (and its "
                                     "diagram); `.hint()` gives a hint.")
        return self._result(
            "incorrect",
            f"{where} is not right yet, and it does not match a mistake I know of.{detail} "
            f"{pointers}", "unknown")

    def _compare_parts(self, answer, expected, mistakes, where, batch, returned):
        n = len(expected)
        names = self.part_names if self.part_names and len(self.part_names) == n else \
            tuple(f"item {i + 1}" for i in range(n))
        if isinstance(answer, np.ndarray) and answer.ndim >= 1:
            answer = list(answer)
        if not isinstance(answer, (tuple, list)):
            raise _Failure(self._result(
                "incorrect",
                f"{where} should be {n} things ({', '.join(names)}), e.g. `({', '.join(names)})` "
                f"as a tuple; got something of type `{type(answer).__name__}`.", "type"))
        if len(answer) != n:
            raise _Failure(self._result(
                "incorrect",
                f"{where} should have {n} parts ({', '.join(names)}), got {len(answer)}.", "type"))
        for i in range(n):
            def part_mistakes(i=i):
                for m, wrong in mistakes():
                    if isinstance(wrong, (tuple, list)) and len(wrong) == n:
                        yield m, wrong[i]
            res = self._compare(answer[i], expected[i], part_mistakes,
                                where=f"{where} (in {names[i]})",
                                batch=batch, returned=returned)
            if not res.passed:
                return res
        return self._result("correct", "Well done.")

    def _tolerances(self, exp, got):
        rtol, atol = _default_tolerances(exp.dtype, got.dtype)
        if self.rtol is not None:
            rtol = self.rtol
        if self.atol is not None:
            atol = self.atol
        return rtol, atol

    def _to_array(self, answer, exp, where, returned):
        subject = where
        if answer is None:
            msg = (f"{where} is None. Did you forget `return`?" if returned else
                   "Your answer is None. Did you assign the result of a function that prints "
                   "instead of returning, or forget to compute `my_answer`?")
            raise _Failure(self._result("incorrect", msg, "type"))
        if answer is Ellipsis:
            raise _Failure(self._result("incorrect", f"{subject} is `...` (a placeholder).", "type"))
        if isinstance(answer, (str, bytes)):
            hint = ""
            try:
                float(answer)
                hint = " It looks like a number: write it without quotes."
            except Exception:
                pass
            raise _Failure(self._result(
                "incorrect", f"{subject} is text (a {type(answer).__name__}), not a number.{hint}", "type"))
        if isinstance(answer, dict) or isinstance(answer, (set, frozenset)):
            raise _Failure(self._result(
                "incorrect", f"{subject} is of type `{type(answer).__name__}`; give a number or a numpy array.",
                "type"))
        try:
            arr = np.asarray(answer)
        except Exception as err:
            raise _Failure(self._result(
                "incorrect",
                f"{subject} could not be turned into a numpy array ({type(err).__name__}: "
                f"{_safe_str(err)[:160]}). Nested lists must be rectangular (every row the same "
                "length); give a number or a numpy array.", "type"))
        if arr.dtype == object or arr.dtype.kind in "USVOMm":
            try:
                arr = arr.astype(np.float64)
            except Exception:
                raise _Failure(self._result(
                    "incorrect",
                    f"{subject} is of type `{type(answer).__name__}`, which does not convert to numbers. Give "
                    "a number or a numpy array of numbers (nested lists must be rectangular).",
                    "type"))
        if arr.dtype.kind == "c" and exp.dtype.kind != "c":
            if np.all(np.imag(arr) == 0):
                arr = np.real(arr)
            else:
                raise _Failure(self._result(
                    "incorrect",
                    f"{subject} has complex numbers (an imaginary part); this exercise is real-valued. "
                    "A square root or power of a negative number?", "type"))
        if arr.dtype.kind == "b":
            arr = arr.astype(np.float64)
        if arr.dtype.kind not in "fiuc":
            raise _Failure(self._result(
                "incorrect", f"{subject} has dtype {arr.dtype}, which is not numeric.", "type"))
        if arr.size == 0 and exp.size != 0:
            raise _Failure(self._result(
                "incorrect",
                f"{subject} is empty ({_shape_text(arr.shape)}); expected {_shape_text(exp.shape)}.",
                "shape"))
        return arr

    def _generic(self, got, exp, close, batch):
        try:
            g = got.astype(np.float64)
            e = exp.astype(np.float64)
        except Exception:
            return None
        if g.ndim == 2 and g.shape[0] == g.shape[1] and close(g.T, e):
            return "transposed"
        if close(-g, e):
            return "sign"
        if close(g, 2 * e):
            return "double"
        if close(g, e / 2):
            return "half"
        if close(-g, 2 * e) or close(-g, e / 2):
            return "sign_factor2"
        if batch:
            if close(g, batch * e):
                return "batch_sum"
            if close(g, e / batch):
                return "batch_twice"
        if g.size > 1 and close(np.sort(g.ravel()), np.sort(e.ravel())):
            return "permuted"
        # off by one constant factor?
        mask = np.abs(e) > 1e-12 * max(1.0, float(np.max(np.abs(e))) if e.size else 1.0)
        if mask.any():
            ratios = g[mask] / e[mask]
            c = float(np.median(ratios))
            if np.isfinite(c) and c != 0 and not math.isclose(c, 1.0, rel_tol=1e-3) and close(g, c * e):
                return "factor"
        return None

    @staticmethod
    def _nearly(got, exp, rtol):
        """Within 0.5 % (but not within the tolerance): rounded or low-precision arithmetic."""
        try:
            g, e = got.astype(np.float64), exp.astype(np.float64)
            scale = float(np.max(np.abs(e))) if e.size else 0.0
            return bool(np.allclose(g, e, rtol=max(5e-3, 10 * rtol), atol=1e-3 * max(scale, 1e-3)))
        except Exception:
            return False

    @staticmethod
    def _count_bad(got, exp, rtol, atol):
        try:
            return int(np.sum(~np.isclose(got.astype(np.float64), exp.astype(np.float64),
                                          rtol=rtol, atol=atol)))
        except Exception:
            return None


_GENERIC = {
    "transposed": (
        "is the transpose of the right answer (rows and columns swapped). Remember "
        "`W[k][i, j]` is the weight from unit j of layer k-1 to unit i of layer k, so "
        "W^k has shape (n_k, n_{k-1}); check the order of the factors (e.g. δ a^T, not a δ^T) "
        "or a `.T` too many or too few."),
    "sign": (
        "has the right size but the opposite sign everywhere. Check the sign convention: "
        "O − E (not E − O), the minus in the update w − η·∂C/∂w, and signs inside σ'."),
    "double": (
        "is exactly twice the right answer: a factor 2 too many. The course's cost "
        "C = Σ(O_i − E_i)² has no ½, so its derivative has one factor 2: 2(O − E). "
        "Did you count that factor 2 twice somewhere?"),
    "half": (
        "is exactly half the right answer: a factor 2 is missing. The course's cost "
        "C = Σ(O_i − E_i)² has no ½ in front, so its derivative is 2(O − E) "
        "(books that write ½Σ(O − E)² cancel that 2; here it stays)."),
    "sign_factor2": (
        "has the opposite sign AND is off by a factor 2. Check O − E versus E − O, and the "
        "factor 2 of the squared error: C = Σ(O_i − E_i)² gives 2(O − E)."),
    "batch_sum": (
        "is B times too large, where B is the batch size: you summed over the examples of "
        "the batch. The course's batch cost is the MEAN over the examples, so its gradients are "
        "divided by B (e.g. `.mean(axis=0)` or divide the sum by B)."),
    "batch_twice": (
        "is B times too small, where B is the batch size: you divided by B once too often "
        "(e.g. a mean AND a division by B)."),
    "permuted": (
        "contains the right numbers, but in the wrong places. Check the indices: which axis "
        "is the layer's units and which is the batch or the previous layer (rows vs columns)?"),
    "rounded": (
        "is very close, but not within the tolerance. Did you round, or type in rounded "
        "numbers? Compute it in numpy from the exercise's data (in float64), without rounding "
        "between the steps."),
    "factor": (
        "is off from the right answer by one constant factor (the same for every entry). Look "
        "for a scalar that should not be there or is missing: a factor 2, a learning rate, a "
        "1/B, or a loss scale."),
}


def _shape_note(exp_shape, got_shape):
    return f"has {_shape_text(got_shape)} instead of {_shape_text(exp_shape)}:"


def _shape_advice(exp_shape, got_shape):
    if len(exp_shape) == 2 and tuple(reversed(exp_shape)) == tuple(got_shape):
        return ("Rows and columns are swapped: check the order of a matrix product or a missing/extra `.T`.")
    if int(np.prod(exp_shape)) == int(np.prod(got_shape)):
        return ("It has the right number of entries in a different arrangement: e.g. a column "
                "(n, 1) where a flat vector (n,) is expected. `np.ravel`/`reshape` or a different "
                "product (`@` vs `np.outer`) may be what you need.")
    if got_shape == ():
        return "You have a single number where an array is expected: did you sum too much (np.sum / np.dot)?"
    if exp_shape == ():
        return "You have an array where a single number is expected: is a sum (or dot product) missing?"
    return "Check which axis holds what, and the shapes of the factors of each product (W^k is (n_k, n_{k-1}))."


def _ordinal_list(i):
    return "first case" if i == 1 else f"{i} cases"


def _safe_str(err) -> str:
    try:
        text = str(err)
    except Exception:
        text = ""
    return text if len(text) <= 300 else text[:297] + "..."


# --------------------------------------------------------------------------------------------
# Time limit for the learner's function
# --------------------------------------------------------------------------------------------


def _call_with_time_limit(thunk, seconds: float):
    """Call ``thunk()``; raise _TimeLimit if it runs longer than ``seconds``.

    In the main thread (a notebook kernel, pytest) a SIGALRM that repeats every 2 ms interrupts
    the call, also code that catches the exception a few times (a learner's ``try``/``except``
    around a loop); code that catches every exception forever cannot be stopped from inside the
    process (the raise always lands in its ``try``), so that case is not covered. Elsewhere (or on platforms without setitimer) the call runs in a daemon
    thread that is abandoned if it runs too long.
    """
    use_signal = (hasattr(signal, "setitimer") and
                  threading.current_thread() is threading.main_thread())
    if use_signal:
        try:
            old_timer = signal.getitimer(signal.ITIMER_REAL)
        except Exception:
            old_timer = (0.0, 0.0)
        if old_timer[0] > 0:          # someone else's timer is running: don't disturb it
            use_signal = False
    if not use_signal:
        box: dict = {}

        def target():
            try:
                box["value"] = thunk()
            except BaseException as err:  # noqa: BLE001 - re-raised in the caller
                box["error"] = err

        t = threading.Thread(target=target, daemon=True)
        t.start()
        t.join(seconds)
        if t.is_alive():
            raise _TimeLimit()
        if "error" in box:
            raise box["error"]
        return box.get("value")

    state = {"active": True}

    def handler(signum, frame):
        if state["active"]:
            raise _TimeLimit()

    old_handler = signal.signal(signal.SIGALRM, handler)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds, 0.002)
            return thunk()
        finally:
            state["active"] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM,
                          old_handler if old_handler is not None else signal.SIG_DFL)
    except _TimeLimit:
        raise
