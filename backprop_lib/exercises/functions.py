"""Checking a function the learner wrote: every case, one diagnosis that holds on all of them.

The function is run on the exercise's shown cases and on cases drawn afresh (other depths,
widths and batch sizes), each with the time limit and with its prints captured. The feedback
gives the diagnosis first, then where it was seen (the inputs, short), then what the function
printed; ``result.rows`` is the results table, one row per case.

A declared mistake is named only when the function's results match that mistake on EVERY
case; a generic diagnosis only when it is the same on every failing case and the function is
wrong on every case (else the feedback says on which cases it is right and which not).
"""

from __future__ import annotations

import copy
import inspect

import numpy as np

from .. import activations
from .diagnose import compare
from .render import fmt_value
from .sandbox import is_placeholder_function, run_learner, safe_str, uses_loop

__all__ = ["check_function", "act"]


class _Named(activations.Activation):
    """An activation that also carries ``__name__``, so feedback can name it ("tanh")."""

    def __init__(self, name):
        base = activations.get(name)
        self.__dict__.update(base.__dict__)
        self.__name__ = name


def act(name):
    """The activation ``name``, as passed to the learner's functions in the test cases (it has a
    ``__name__``, so feedback can name it)."""
    return _Named(name)


class _Counted:
    """A callable argument that counts its calls (other attributes pass through)."""

    def __init__(self, target):
        self._target = target
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self._target(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._target, name)


def _call_mode(fn, case):
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


def _inputs_text(ex, i, case, n_shown):
    args = ", ".join(f"{k}={fmt_value(v)}" for k, v in case.items())
    if len(args) > 160:
        args = ", ".join(f"{k}: {_shape(v)}" for k, v in case.items())
    where = (f"`.cases[{i}]` holds these inputs" if i < n_shown else
             f"a case drawn at random; `q.last_cases[{i}]` holds these inputs")
    return f"test case {i + 1} of {len(ex.last_cases)} ({args}; {where})"


def _shape(v):
    if isinstance(v, np.ndarray):
        return f"shape {v.shape}"
    if isinstance(v, (list, tuple)):
        return f"{type(v).__name__} of {len(v)}"
    return type(v).__name__


def _case_label(i, n_shown):
    return f"case {i + 1}" + ("" if i < n_shown else " (random)")


def check_function(ex, fn):
    if fn is Ellipsis:
        return ex._not_attempted("This is still the placeholder `...`.")
    if not callable(fn) or isinstance(fn, type):
        what = "a class" if isinstance(fn, type) else f"something of type `{type(fn).__name__}`"
        return ex._result(
            "incorrect",
            f"This exercise asks for a function, but you gave {what}. Pass the function itself, "
            "without calling it: `.check(my_function)`, not `.check(my_function(...))`.", "type")
    cases = ex.draw_cases()
    ex.last_cases = copy.deepcopy(cases)
    n_shown = len(ex._cases)
    argnames = list(cases[0].keys())
    mode = _call_mode(fn, cases[0])
    if mode is None:
        return ex._result(
            "incorrect",
            f"Your function cannot be called with the arguments ({', '.join(argnames)}). "
            f"Define it as `def {getattr(ex._reference, '__name__', 'f')}({', '.join(argnames)}):`.",
            "signature")

    runs, counts = [], []
    for case in cases:
        args = copy.deepcopy(case)
        counter = None
        if ex.counted and ex.counted[0] in args:
            counter = args[ex.counted[0]] = _Counted(args[ex.counted[0]])
        runs.append(run_learner(fn, args, mode == "pos", ex.time_limit))
        counts.append((counter.calls if counter else 0, ex.counted[1](case) if counter else 0))
        if runs[-1].kind == "timeout":
            break
    printed = "".join(r.printed for r in runs)
    details = f"Your function printed: {printed.strip()[:300]}" if printed.strip() else ""

    not_impl = [r.kind == "raised" and isinstance(r.error, NotImplementedError) for r in runs]
    nones = [r.kind == "ok" and r.value is None for r in runs]
    if all(not_impl) or all(n or ni for n, ni in zip(nones, not_impl)):
        if all(not_impl) or is_placeholder_function(fn):
            return ex._not_attempted("Your function's body is still the placeholder.")
        return ex._not_attempted(
            "Your function returned None for every case: did you forget the `return` statement?")

    if runs[-1].kind == "timeout":
        i = len(runs) - 1
        return ex._result(
            "incorrect",
            f"Your function ran for more than {ex.time_limit:g} s and was stopped. Look for a "
            "loop that never ends (a `while` whose condition never becomes false) or a very "
            f"large computation. (On {_inputs_text(ex, i, cases[i], n_shown)}.)", "timeout",
            details=details)

    # what the reference and each declared mistake give on every case (None: it raises)
    expected, wrongs = [], []
    for case in cases:
        expected.append(copy.deepcopy(ex._reference(**copy.deepcopy(case))))
        per_case = []
        for m in ex.mistakes:
            try:
                per_case.append((m, m.wrong(**copy.deepcopy(case))))
            except Exception:
                per_case.append((m, None))
        wrongs.append(per_case)

    # a declared mistake: only if the function behaves like it on EVERY case
    def same(r, w):
        if r.kind == "raised":
            return w is None
        if w is None or r.value is None:
            return False
        try:
            if np.array_equal(np.asarray(r.value, dtype=float), np.asarray(w, dtype=float), equal_nan=True):
                return True
        except Exception:
            pass
        return compare(r.value, w, [], "", ex, None, True) is None

    first_bad = next((i for i, r in enumerate(runs) if r.kind != "ok" or r.value is None or
                      compare(r.value, expected[i], [], "", ex, None, True) is not None), None)
    if first_bad is not None:
        for j, m in enumerate(ex.mistakes):
            if all(same(r, wrongs[i][j][1]) for i, r in enumerate(runs)):
                rows = [(_case_label(i, n_shown), ok, "right" if ok else f"matches the mistake “{m.name}”")
                        for i, r in enumerate(runs)
                        for ok in [r.kind == "ok" and r.value is not None and
                                   compare(r.value, expected[i], [], "", ex, None, True) is None]]
                return ex._result(
                    "incorrect",
                    f"{m.message} (Seen on {_inputs_text(ex, first_bad, cases[first_bad], n_shown)}.)",
                    m.name, rows=rows, details=details)

    for i, r in enumerate(runs):
        where = _inputs_text(ex, i, cases[i], n_shown)
        if r.kind == "raised":
            line = f" at {r.line}" if r.line else ""
            return ex._result(
                "incorrect",
                f"Your function raised {type(r.error).__name__}{line}: {safe_str(r.error)} "
                f"(On {where}.)", "raised", details=details)
        if r.value is None:
            return ex._result(
                "incorrect",
                f"Your function returned None on {where}. Did you forget `return` on some path?",
                "returned_none", details=details)

    verdicts = []
    for i, (case, r) in enumerate(zip(cases, runs)):
        verdicts.append(compare(r.value, expected[i], [(m, w) for m, w in wrongs[i] if w is not None],
                                "Your function's result", ex, ex.batch_size_for(case), returned=True))
    rows = [(_case_label(i, n_shown), v is None, "right" if v is None else v.message)
            for i, v in enumerate(verdicts)]
    failing = [i for i, v in enumerate(verdicts) if v is not None]

    if not failing:
        over = [(i, n, budget) for i, (n, budget) in enumerate(counts) if n > budget]
        if over:
            i, n, budget = over[0]
            return ex._result(
                "incorrect",
                f"Your function gives the right results, well done on that! But it calls "
                f"`{ex.counted[0]}` {n} times on case {i + 1}, where backpropagation needs at most "
                f"{budget}: it looks like a numerical derivative (finite differences, one or two "
                "forward passes per value). This exercise asks for backpropagation: one backward "
                "sweep that reuses each layer's error for the layer before.",
                "not_backprop", rows=rows, details=details)
        if ex.no_loop and uses_loop(fn):
            return ex._result(
                "incorrect",
                "Your function gives the right results, well done on that! But it uses a Python "
                "loop (or a comprehension), and this exercise asks for one numpy expression "
                "for the whole batch. Can you write it with a matrix product instead?",
                "loop", rows=rows, details=details)
        n = len(cases)
        return ex._result("correct", f"Your function gives the right result on all {n} test "
                                     f"case{'s' if n != 1 else ''}.", rows=rows, details=details)

    first = failing[0]
    names = {verdicts[i].mistake for i in failing}
    declared = {m.name for m in ex.mistakes}
    if len(failing) == len(cases) and len(names) == 1 and not names & declared:
        v = verdicts[first]
        return ex._result("incorrect", f"{v.message} (Seen on every case; for example "
                                       f"{_inputs_text(ex, first, cases[first], n_shown)}.)",
                          v.mistake, rows=rows, details=details)
    right = [i + 1 for i in range(len(cases)) if i not in failing]
    v = verdicts[first]
    mistake = v.mistake if v.mistake not in declared else "unknown"
    text = (v.message if v.mistake not in declared else
            "Your function's result " + "is not right on this case.")
    intro = (f"Your function is right on case{'s' if len(right) > 1 else ''} "
             f"{', '.join(map(str, right))} but not on every case. " if right else
             "Your function is not right, and not in the same way on every case. ")
    return ex._result(
        "incorrect",
        f"{intro}{text} (On {_inputs_text(ex, first, cases[first], n_shown)}.) Look for a size or "
        "a depth your code assumes: the test cases have other sizes than the ones shown.",
        mistake, rows=rows, details=details)
