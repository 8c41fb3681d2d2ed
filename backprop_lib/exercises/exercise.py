"""The Exercise: what it asks, how it checks, its hints and solution.

Authoring guide (for chapter authors)
=====================================
Each chapter owns one module named after its notebook (``chapters/forward-propagation.ipynb``
-> ``backprop_lib/exercises/forward_propagation.py``) that ends with ``EXERCISES = [...]``; the
package's ``CHAPTERS`` table lists those modules, and ``exercises.get(id)`` finds an exercise
there. Ids start with the module's name. Template::

    import numpy as np
    from .exercise import Exercise, Mistake

    W = np.array([0.5, -1.0, 2.0])        # the data, written once

    weighted_sum = Exercise(
        id="forward_propagation.weighted_sum",
        title="The linear part of one node",
        prompt="A node receives $a^{k-1} = <<a_prev>>$ ... ",   # <<name>>: the data, formatted
        kind="value", data=dict(w=W, a_prev=A, b=B),
        reference=lambda: W @ A + B, quantity="z",
        mistakes=[Mistake("missing_bias", wrong=lambda: W @ A, message="...",
                          hint="the hint for this mistake")],
        hints=["conceptual hint", "middle step", "the code"],
        solution="markdown, with a ```python code block```",
    )

    EXERCISES = [weighted_sum, ...]

Text written once: the prompt and the solution live here; ``<<name>>`` fields are filled from
``data`` (and ``<<answer>>`` from the reference), so no number is typed twice. The notebook
displays the exercise (``q``) instead of repeating its text.

Function exercises: ``cases`` (keyword arguments, shown) plus ``random_case`` (``rng -> case``:
sizes drawn afresh on every check, so a body hard-coded for the shown sizes fails); ``no_loop``
(the prompt forbids a Python loop: checked in the source); ``gradient`` (the answer is a
derivative: a near miss is named a finite-difference estimate); ``counted`` (``(argument,
case -> budget)``: the calls of that callable argument are counted, and a right answer that
calls it more than the budget, or at points that are none of the case's values (e.g.
``activation(z + h)``: finite differences instead of backpropagation) is told so);
``numpy_budget`` (``(numpy function names, case -> budget)``: e.g. ``("log",)`` for a
cross-entropy gradient, which needs no logarithm: more calls than the budget, made through the
learner's ``np``, are a cost evaluated per parameter, finite differences); ``numpy_points``
(numpy function names, e.g. ``("tanh",)``: called at points that are none of the case's values,
``np.tanh(z + h)``, they are a finite difference).

Value exercises declare ``digits``: the significant digits a reader can be expected to give
(an int, e.g. 4 for an answer worked by hand or with a calculator: an answer whose entries each
have that many significant digits right passes, see :func:`digits_close`), or ``"exact"`` for a
whole number (a count, a shape, a power of two), checked at the tolerance below.

Optional fields: ``rtol``/``atol`` (the exercise's tolerance; default from the REFERENCE's
dtype, never the answer's), ``quantity`` (what the answer is, in the generic messages),
``factor2`` (where a factor 2 comes from in this exercise), ``batch_size``, ``part_names``,
``template``, ``start``, ``pointers``, ``time_limit``.
"""

from __future__ import annotations

import copy
import re
import warnings
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from . import progress as _progress
from .diagnose import Verdict, compare, default_tolerances
from .functions import check_function
from .render import CheckResult, Markdown, fmt_value

__all__ = ["Exercise", "Mistake", "fmt_value", "digits_close"]

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_]+(\.[a-z0-9_]+)*$")
_NOTHING = object()


@dataclass
class Mistake:
    """A typical wrong answer and what to tell the learner who gives it.

    ``wrong``: for a value exercise a zero-argument callable returning the wrong answer; for a
    function exercise a function with the reference's signature computing it the wrong way.
    ``hint``: the hint ``q.hint()`` gives first after this mistake was diagnosed.
    """

    name: str
    wrong: Callable
    message: str
    hint: str | None = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise TypeError("Mistake(name): expected a non-empty str")
        if not callable(self.wrong):
            raise TypeError(f"Mistake({self.name!r}, wrong=...): expected a callable")
        if not isinstance(self.message, str) or not self.message:
            raise TypeError(f"Mistake({self.name!r}, message=...): expected a non-empty str")
        if self.hint is not None and not isinstance(self.hint, str):
            raise TypeError(f"Mistake({self.name!r}, hint=...): expected a str or None")


def digits_close(answer, expected, digits) -> bool:
    """``answer`` has the ``digits`` significant digits of ``expected`` right, entry by entry:
    rounded to the d-th significant digit of the expected entry, both are the same number
    (3325.2567 to 4 digits is 3325: 3325.3 passes, 3325.51 and 3326 do not); an expected entry
    that is a tie (0.30075) accepts both roundings. An entry 0 must be 0 (within 10⁻⁹ of the
    largest entry).
    The page's checker (checker.js ``digitsClose``) does the same."""
    if not isinstance(digits, int) or isinstance(digits, bool):
        return False
    try:
        g = np.asarray(answer, dtype=np.float64)
        e = np.asarray(expected, dtype=np.float64)
    except Exception:
        return False
    if g.shape != e.shape:
        if e.shape == () and g.size == 1:
            g = g.reshape(())
        else:
            return False
    if not (np.all(np.isfinite(g)) and np.all(np.isfinite(e))):
        return False
    scale = float(np.max(np.abs(e))) if e.size else 0.0
    with np.errstate(divide="ignore"):
        exponent = np.floor(np.log10(np.where(e == 0, 1.0, np.abs(e))))
    # the answer rounded to d digits is the expected value rounded to d digits (3325.2567 to 4
    # digits is 3325: 3325.3 and 3325.49 pass, 3325.51 and 3326 do not); an expected entry
    # that is a tie (0.30075) accepts both of its roundings (0.3007, 0.3008)
    unit = 10.0 ** (exponent - digits + 1)
    qe, qg = e / unit, g / unit
    low = np.floor(qe)
    frac = qe - low
    nearest = np.where(frac < 0.5, low, low + 1)
    dist = np.where(np.abs(frac - 0.5) < 1e-6, np.minimum(np.abs(qg - low), np.abs(qg - low - 1)),
                    np.abs(qg - nearest))
    ok = np.where(e == 0, np.abs(g) <= 1e-9 * scale, dist < 0.5 - 1e-9)
    return bool(np.all(ok))


def latex_value(value) -> str:
    """A number, vector or matrix as LaTeX: 0.5; (0.8,\\ 0.3); a pmatrix (inside $...$)."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        return fmt_value(arr.item())
    if arr.ndim == 1:
        return "(" + ",\\ ".join(fmt_value(v) for v in arr.tolist()) + ")"
    rows = [" & ".join(fmt_value(v) for v in row) for row in arr.tolist()]
    return "\\begin{pmatrix} " + " \\\\ ".join(rows) + " \\end{pmatrix}"


class Exercise:
    """One auto-checked exercise. See the module docstring for the authoring guide."""

    def __init__(self, id: str, title: str, prompt: str, kind: str, reference: Callable,
                 cases: list[dict] | None = None, mistakes: list[Mistake] | tuple = (),
                 hints: list[str] | tuple = (), solution: str = "",
                 rtol: float | None = None, atol: float | None = None,
                 batch_size: int | Callable | None = None, data: dict | None = None,
                 part_names: tuple[str, ...] | None = None, start: str | None = None,
                 pointers: str | None = None, time_limit: float = 2.0,
                 template: str | None = None, quantity: str = "the right answer",
                 factor2: str | None = None, gradient: bool = False,
                 random_case: Callable | None = None, n_random: int = 2, no_loop: bool = False,
                 counted: tuple | None = None, numpy_budget: tuple | None = None,
                 numpy_points: tuple = (), values: dict | None = None, label: str | None = None,
                 digits: int | str | None = None):
        if not isinstance(id, str) or not _ID_RE.match(id):
            raise ValueError(f"Exercise(id={id!r}): expected '<prefix>.<name>' in lower_snake_case")
        for name, val in (("title", title), ("prompt", prompt), ("solution", solution),
                          ("quantity", quantity)):
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
        elif cases or random_case:
            raise ValueError(f"Exercise({id}, cases=...): only function exercises take cases")
        if random_case is not None and not callable(random_case):
            raise TypeError(f"Exercise({id}, random_case=...): expected a callable rng -> case")
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
        if digits is not None and digits != "exact" and (
                isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 15):
            raise ValueError(f"Exercise({id}, digits={digits!r}): expected the significant digits "
                             "a reader can be expected to give (an int from 1 to 15) or 'exact'")
        if digits is not None and kind != "value":
            raise ValueError(f"Exercise({id}, digits=...): only value exercises take digits")
        if template is not None and not isinstance(template, str):
            raise TypeError(f"Exercise({id}, template=...): expected a str")
        self.id = id
        self.kind = kind
        self._reference = reference
        self._cases = [dict(c) for c in cases] if cases else []
        self.mistakes = mistakes
        self._data = dict(data) if data else {}
        self._values = dict(values) if values else {}
        self.title = title
        self.prompt = self._fill(prompt)
        self.hints = [self._fill(h) for h in hints]
        self._solution = self._fill(solution)
        self.rtol = rtol
        self.atol = atol
        self.digits = digits
        self.batch_size = batch_size
        self.part_names = tuple(part_names) if part_names else None
        self.start = start
        self.pointers = pointers
        self.time_limit = float(time_limit)
        self.template = template
        self.quantity = quantity
        self.factor2 = factor2
        self.gradient = bool(gradient)
        self.random_case = random_case
        self.n_random = int(n_random) if random_case else 0
        self.no_loop = bool(no_loop)
        if counted is not None and not (isinstance(counted, tuple) and len(counted) == 2
                                        and isinstance(counted[0], str) and callable(counted[1])):
            raise TypeError(f"Exercise({id}, counted=...): expected (argument name, case -> budget)")
        self.counted = counted
        if numpy_budget is not None and not (
                isinstance(numpy_budget, tuple) and len(numpy_budget) == 2 and
                isinstance(numpy_budget[0], tuple) and callable(numpy_budget[1])):
            raise TypeError(f"Exercise({id}, numpy_budget=...): expected (numpy function names, "
                            "case -> budget)")
        self.numpy_budget = numpy_budget
        if not (isinstance(numpy_points, tuple) and all(isinstance(n, str) for n in numpy_points)):
            raise TypeError(f"Exercise({id}, numpy_points=...): expected a tuple of numpy names")
        self.numpy_points = numpy_points
        self.label = label           # the book's cross-reference label (default from the id)
        self.module = None           # set by the catalog: the chapter module that lists it
        self.chapter = None          # set by the catalog: the chapter notebook's slug
        self.chapter_ids = None      # set by the catalog: the ids of the chapter's exercises
        self.last_cases: list[dict] = []
        self._next_hint = 1
        self._last_mistake: str | None = None
        self._expected_cache: dict[int, Any] = {}

    # ---------------------------------------------------------------- text written once

    def _fill(self, text: str) -> str:
        """Replace each ``<<name>>`` with the formatted data value ``name`` (or ``values[name]``;
        ``<<answer>>``: the reference of a value exercise), so no number is typed twice."""
        if "<<" not in text:
            return text
        fields = {k: fmt_value(v) for k, v in {**self._data, **self._values}.items()}

        def field(m):
            name, style = m.group(1), m.group(2)
            if style == "latex":
                value = {**self._data, **self._values}.get(name)
                if value is None:
                    raise ValueError(f"Exercise({self.id}): no data or value named {name!r}")
                return latex_value(value)
            if name == "answer" and self.kind == "value":
                ref = self._reference()
                return fmt_value(ref if isinstance(ref, (tuple, list)) else np.asarray(ref))
            if name not in fields:
                raise ValueError(f"Exercise({self.id}): no data or value named {name!r} for <<{name}>>")
            return fields[name]

        return re.sub(r"<<(\w+)(?::(latex))?>>", field, text)

    # ---------------------------------------------------------------- learner-facing API

    @property
    def cases(self) -> list[dict]:
        """The shown test cases of a function exercise (keyword arguments; a deep copy)."""
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
        return (f"**Exercise `{self.id}`: {self.title}**\n\n{self.prompt}\n\n"
                f"*{how} Stuck? `.hint()` gives a hint; `.solution()` the worked solution.*")

    def show(self):
        """Display the exercise. One output in two versions: a kernel's front end shows the text,
        the folded solution and how to check it here; the built book its MyST text and the
        answer box (see :mod:`backprop_lib.exercises.page`)."""
        from .page import ExerciseView

        try:
            from IPython.display import display
        except ImportError:              # plain Python: the text only
            print(repr(ExerciseView(self)))
            return None
        display(ExerciseView(self))
        return None

    def hint(self, n: int | None = None) -> Markdown:
        """Hint ``n`` (1-based); without ``n``: the hint for the mistake just diagnosed (once),
        else the next hint not shown yet."""
        from .page import student_edition, student_hints

        hints = student_hints(self) if student_edition() else self.hints
        total = len(hints)
        if n is None and self._last_mistake:
            m = next((m for m in self.mistakes if m.name == self._last_mistake and m.hint), None)
            self._last_mistake = None
            if m is not None:
                _progress.record(self.id, hint=True)
                return Markdown(f"**Hint for your last answer**: {m.hint} "
                                "(call `.hint()` again for the general hints)")
        if n is None:
            n = self._next_hint
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"hint(n={n!r}): expected a hint number 1, 2, ... (or nothing for the next hint)")
        n = int(n)
        if student_edition() and n > total:
            self._next_hint = total + 1
            return Markdown(f"*No more hints in the student notebooks ({total} given): compare each "
                            "step with the equation in the exercise, or ask your instructor.*")
        if total == 0:
            return Markdown("*This exercise has no hints. See the prompt's equation, or `.solution()`.*")
        if n > total:
            self._next_hint = total + 1
            return Markdown(f"*No more hints: this exercise has {total}. "
                            "Look at the worked solution with `.solution()`.*")
        self._next_hint = max(self._next_hint, n + 1)
        _progress.record(self.id, hint=True)
        more = " (there are more: call `.hint()` again)" if n < total else " (the last one)"
        return Markdown(f"**Hint {n} of {total}**{more}: {hints[n - 1]}")

    @property
    def solution_text(self) -> str:
        return self._solution

    def solution(self) -> Markdown:
        """The worked solution (markdown with code); withheld in the student notebooks."""
        from .page import student_edition

        if student_edition():
            return Markdown("*The worked solutions are not part of the student notebooks: "
                            "your instructor has them.*")
        _progress.record(self.id, solution=True)
        text = self._solution or "*No worked solution was written for this exercise.*"
        return Markdown(f"**Solution of `{self.id}`: {self.title}**\n\n{text}")

    def reference(self):
        """A correct answer: the value (value exercise) or the reference function (function
        exercise); withheld in the student notebooks."""
        from .page import student_edition

        if student_edition():
            return Markdown("*The answers are not part of the student notebooks: `q.check(...)` "
                            "tells you whether yours is right.*")
        if self.kind == "function":
            return self._reference
        return copy.deepcopy(self._reference())

    def tolerances(self, expected=None) -> tuple[float, float]:
        """(rtol, atol) of this exercise: its own, or from the reference's dtype. (An answer with
        the exercise's ``digits`` correct passes too: :func:`digits_close`.)"""
        dtype = np.asarray(expected).dtype if expected is not None else np.float64
        rtol, atol = default_tolerances(dtype)
        return (self.rtol if self.rtol is not None else rtol,
                self.atol if self.atol is not None else atol)

    # ---------------------------------------------------------------- checking

    def check(self, answer: Any = _NOTHING, record: bool = True) -> CheckResult:
        """Check ``answer`` and explain what is wrong. Never raises.

        ``record=False``: not counted in the learner's progress (the chapters' hidden checks of
        the reference use it, so running a whole notebook does not mark its exercises done).
        """
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with np.errstate(all="ignore"):
                    if answer is _NOTHING:
                        result = self._not_attempted("You called `check()` without an answer.")
                    elif self.kind == "function":
                        result = self._check_function(answer)
                    else:
                        result = self._check_value(answer)
        except KeyboardInterrupt:
            raise
        except BaseException as err:  # last resort: check must never raise
            result = self._result(
                "incorrect",
                "The checker could not make sense of this answer "
                f"({type(err).__name__}). Give a number, a numpy array or (for a function exercise) "
                "a function.", "internal")
        self._last_mistake = result.mistake if result.status == "incorrect" else None
        if record and result.status != "not_attempted":
            _progress.record(self.id, attempt=True, passed=result.passed)
            if result.passed:
                done = self._chapter_progress()
                if done:
                    result.details = (result.details + "\n" if result.details else "") + done
        return result

    def _chapter_progress(self) -> str:
        """"3 of 7 done in this chapter", from the notebook's progress file (the one count of a
        notebook: ``exercises.progress()``); "" when progress is not kept."""
        # the chapter's ids come from the catalog (``chapter_ids``): importing the package here
        # would be an import cycle (exercises -> <chapter> -> exercise -> exercises)
        ids = list(self.chapter_ids or [])
        if _progress.disabled() or not self.chapter or self.id not in ids:
            return ""
        entries = _progress.load()
        done = sum(bool(entries.get(i, {}).get("passed")) for i in ids)
        return f"{done} of {len(ids)} done in this chapter (`exercises.progress()` shows every chapter)."

    def _result(self, status: str, message: str, mistake: str | None = None, **kw) -> CheckResult:
        return CheckResult(status, message, mistake, self.id, **kw)

    def _from_verdict(self, verdict: Verdict, **kw) -> CheckResult:
        return self._result(verdict.status, verdict.message, verdict.mistake, **kw)

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

    def expected_value(self):
        """The expected value of a value exercise; withheld in the student notebooks."""
        from .page import student_edition

        if student_edition():
            raise PermissionError(f"{self.id}: the expected value is not part of the student "
                                  "notebooks; `q.check(my_answer)` tells you whether yours is right.")
        return self._expected()

    def _expected(self):
        from .page import student_edition

        if student_edition():          # computed afresh: no copy kept on the exercise
            return self._reference()
        if 0 not in self._expected_cache:
            self._expected_cache[0] = copy.deepcopy(self._reference())
        return self._expected_cache[0]

    def mistake_values(self):
        """[(Mistake, its wrong value)] of a value exercise."""
        out = []
        for m in self.mistakes:
            try:
                out.append((m, m.wrong()))
            except Exception:
                continue
        return out

    def _check_value(self, answer) -> CheckResult:
        if answer is Ellipsis:
            return self._not_attempted("This is still the placeholder `...`.")
        if callable(answer) and not isinstance(answer, (np.ndarray, np.generic)):
            return self._result(
                "incorrect",
                f"You gave a function ({fmt_value(answer)}), but this exercise asks for a value. "
                "Call your function and check its result, e.g. `.check(f(...))`.", "type")
        expected = self._expected()
        verdict = compare(answer, expected, self.mistake_values(), "Your answer",
                          self, self.batch_size_for(None))
        if verdict is None or (verdict.mistake not in ("type", "shape", "not_finite")
                               and digits_close(answer, expected, self.digits)):
            return self._result("correct", "Well done.")
        return self._from_verdict(verdict)

    def batch_size_for(self, case):
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

    def draw_cases(self, rng=None) -> list[dict]:
        """The shown cases, then ``n_random`` cases drawn afresh (sizes included)."""
        cases = copy.deepcopy(self._cases)
        if self.random_case is not None:
            rng = rng if rng is not None else np.random.default_rng()
            cases += [self.random_case(rng) for _ in range(self.n_random)]
        return cases

    def _check_function(self, fn) -> CheckResult:
        return check_function(self, fn)
