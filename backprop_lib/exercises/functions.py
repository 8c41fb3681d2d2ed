"""Checking a function the learner wrote: every case, one diagnosis that holds on all of them.

The function is run on the exercise's shown cases and on cases drawn afresh (other depths,
widths and batch sizes), each with the time limit and with its prints captured. The feedback
gives the diagnosis first, then where it was seen (the inputs, short), then what the function
printed; ``result.rows`` is the results table, one row per case.

After each call the arguments are compared with pristine copies: a function that changes the
arrays passed in is told so (a right result does not make up for it). Finite differences are
caught where a gradient could be estimated from the inputs: calls of a counted callable
(``counted``: more than the budget, or at points that are none of the case's values, e.g.
``activation(z + h)``) and calls of numpy functions only a cost needs (``numpy_budget``: e.g.
``np.log`` for a cross-entropy, which its gradient never needs).

An answer computed in float32 is judged with the reference's own float32 error as allowance
(``slack``, see :func:`backprop_lib.exercises.diagnose.compare`).

A declared mistake is named only when the function's results match that mistake on EVERY
case; a generic diagnosis only when it is the same on every failing case and the function is
wrong on every case (else the feedback says on which cases it is right and which not).
"""

from __future__ import annotations

import copy
import inspect

import numpy as np

from .. import activations
from .diagnose import EPS32, compare, precision_of
from .render import fmt_value
from .sandbox import is_placeholder_function, run_learner, safe_str, uses_loop
from .watch import Counted, data_changed, numpy_counted, off_the_data

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


def _f32(v):
    if isinstance(v, np.ndarray) and v.dtype.kind == "f":
        return v.astype(np.float32)
    if isinstance(v, float):
        return np.float32(v)
    if isinstance(v, list):
        return [_f32(x) for x in v]
    if isinstance(v, tuple):
        return tuple(_f32(x) for x in v)
    return v


def _perturbed(v, rng):
    if isinstance(v, np.ndarray) and v.dtype.kind == "f":
        return v * (1 + 2 * EPS32 * rng.choice((-1.0, 1.0), size=v.shape))
    if isinstance(v, float):
        return v * (1 + 2 * EPS32 * float(rng.choice((-1.0, 1.0))))
    if isinstance(v, list):
        return [_perturbed(x, rng) for x in v]
    if isinstance(v, tuple):
        return tuple(_perturbed(x, rng) for x in v)
    return v


def _deviation(a, b):
    """max |a − b| part by part (a tuple for a tuple or a ragged list), or None."""
    if isinstance(b, (tuple, list)) and isinstance(a, (tuple, list)) and len(a) == len(b):
        try:
            np.asarray(b, dtype=np.float64)
            ragged = False
        except Exception:
            ragged = True
        if isinstance(b, tuple) or ragged:
            parts = [_deviation(x, y) for x, y in zip(a, b)]
            return None if any(p is None for p in parts) else tuple(parts)
    try:
        x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        if x.shape != y.shape:
            return None
        d = np.abs(x - y)
        return float(np.max(d)) if d.size else 0.0
    except Exception:
        return None


def _combine(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, tuple) and isinstance(b, tuple):
        return tuple(_combine(x, y) for x, y in zip(a, b))
    return max(a if not isinstance(a, tuple) else max(a or (0.0,)),
               b if not isinstance(b, tuple) else max(b or (0.0,)))


def _scaled(slack, factor):
    if isinstance(slack, tuple):
        return tuple(_scaled(v, factor) for v in slack)
    return None if slack is None else factor * slack


def float32_slack(reference, case, expected, factor: float = 10.0):
    """How far the reference moves when computed in float32 and on inputs perturbed by a few
    float32 roundings (the condition of the computation), times ``factor``; shaped like
    ``expected`` (None if the reference cannot be run so)."""
    slack = None
    rng = np.random.default_rng(0)
    with np.errstate(all="ignore"):
        variants = [lambda: {k: _f32(v) for k, v in copy.deepcopy(case).items()}]
        variants += [lambda: {k: _perturbed(v, rng) for k, v in copy.deepcopy(case).items()}] * 2
        for make in variants:
            try:
                slack = _combine(slack, _deviation(reference(**make()), expected))
            except Exception:
                continue
    return _scaled(slack, factor)


def _has_float32(value) -> bool:
    if isinstance(value, (tuple, list)):
        return any(_has_float32(v) for v in value)
    try:
        arr = np.asarray(value)
        return arr.dtype.kind in "fc" and precision_of(arr) == 32
    except Exception:
        return False


def _signature(case):
    """The sizes of a case: shapes of its arrays, lengths (depths) of its lists."""
    out = []
    for k, v in case.items():
        if isinstance(v, np.ndarray):
            out.append((k, "shape", v.shape))
        elif isinstance(v, (list, tuple)):
            out.append((k, "len", len(v), tuple(np.shape(x) if isinstance(x, np.ndarray) else None
                                                 for x in v)))
    return tuple(out)


def _label(v):
    name = getattr(v, "__name__", None)
    if name and callable(v):
        return name
    if isinstance(v, (bool, int, float, str, np.integer, np.floating)):
        return repr(v.item() if isinstance(v, np.generic) else v)
    return None


def _size_advice(cases, failing, shape_trouble=False):
    """The closing advice of a verdict right on some cases and wrong on others.

    A non-array argument that all failing cases share and no right case has (an activation,
    a flag) is named; a size or a depth only when the function is right on one size alone, or
    the failing cases fail on their shape; else no guess at all."""
    right = [i for i in range(len(cases)) if i not in failing]
    if not right or not failing:
        return ""
    for k in cases[failing[0]]:
        labels = {_label(cases[i].get(k)) for i in failing}
        if len(labels) == 1 and None not in labels and \
                all(_label(cases[j].get(k)) not in labels for j in right):
            return (f" The failing cases all have {k}={labels.pop()}, the right ones not: look "
                    f"at what your code does with `{k}`.")
    right_sigs = {_signature(cases[i]) for i in right}
    if not (len(right_sigs) == 1 or shape_trouble) or \
            all(_signature(cases[i]) in right_sigs for i in failing):
        return ""
    depth = any(len(x) != len(y) for i in failing for j in right
                for x, y in [(cases[i].get(k), cases[j].get(k)) for k in cases[i]]
                if isinstance(x, (list, tuple)) and isinstance(y, (list, tuple)))
    what = "a depth (a number of layers)" if depth else "a size"
    return (f" Look for {what} your code assumes: the failing cases have other "
            f"{'depths' if depth else 'sizes'} than the ones it gets right.")


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

    runs, counts, changed, logged, off_points = [], [], [], [], []
    for case in cases:
        args = copy.deepcopy(case)
        counter = None
        if ex.counted and ex.counted[0] in args:
            counter = args[ex.counted[0]] = Counted(args[ex.counted[0]])
        np_calls, np_points = [0], []
        with numpy_counted(fn, ex.numpy_budget[0] if ex.numpy_budget else (), np_calls,
                            ex.numpy_points, np_points):
            runs.append(run_learner(fn, args, mode == "pos", ex.time_limit))
        counts.append((counter.calls if counter else 0, ex.counted[1](case) if counter else 0,
                       bool(counter and off_the_data(counter.points, case))))
        off_points.append(bool(np_points) and off_the_data(np_points, case))
        logged.append((np_calls[0], ex.numpy_budget[1](case) if ex.numpy_budget else 0))
        changed.append([k for k in case if not (counter and k == ex.counted[0])
                        and data_changed(case[k], args[k])])
        if runs[-1].kind == "timeout":
            break
    printed = "".join(r.printed for r in runs)
    details = f"Your function printed: {printed.strip()[:300]}" if printed.strip() else ""
    mutated = next(((i, names) for i, names in enumerate(changed) if names), None)
    mutation_note = ""
    if mutated:
        names = ", ".join(f"`{k}`" for k in mutated[1])
        mutation_note = (f" Your function also changes the argument{'s' if len(mutated[1]) > 1 else ''} "
                         f"{names} passed in (on case {mutated[0] + 1}): work on copies.")

    not_impl = [r.kind == "raised" and isinstance(r.error, NotImplementedError) for r in runs]
    nones = [r.kind == "ok" and r.value is None for r in runs]
    if all(not_impl) or all(n or ni for n, ni in zip(nones, not_impl)):
        if all(not_impl) or is_placeholder_function(fn):
            return ex._not_attempted("Your function's body is still the placeholder.")
        if printed.strip():
            return ex._result(
                "incorrect",
                "Your function prints its result but returns None: `print` only shows a value, "
                "the checker (and any code that calls your function) gets what `return` hands "
                "back. Replace `print(...)` with `return ...`.", "printed_not_returned",
                details=details)
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
    # what float32 allows on each case (only computed for answers computed in float32)
    slacks = [float32_slack(ex._reference, case, expected[i])
              if runs[i].kind == "ok" and _has_float32(runs[i].value) else None
              for i, case in enumerate(cases)]

    def fits(i, value, target):
        return compare(value, target, [], "", ex, None, True, slacks[i]) is None

    # a declared mistake: only if the function behaves like it on EVERY case
    def same(i, r, w):
        if r.kind == "raised":
            return w is None
        if w is None or r.value is None:
            return False
        try:
            if np.array_equal(np.asarray(r.value, dtype=float), np.asarray(w, dtype=float), equal_nan=True):
                return True
        except Exception:
            pass
        return fits(i, r.value, w)

    first_bad = next((i for i, r in enumerate(runs) if r.kind != "ok" or r.value is None or
                      not fits(i, r.value, expected[i])), None)
    if first_bad is not None:
        for j, m in enumerate(ex.mistakes):
            if all(same(i, r, wrongs[i][j][1]) for i, r in enumerate(runs)):
                rows = [(_case_label(i, n_shown), ok, "right" if ok else f"matches the mistake “{m.name}”")
                        for i, r in enumerate(runs)
                        for ok in [r.kind == "ok" and r.value is not None and fits(i, r.value, expected[i])]]
                return ex._result(
                    "incorrect",
                    f"{m.message} (Seen on {_inputs_text(ex, first_bad, cases[first_bad], n_shown)}.)"
                    f"{mutation_note}", m.name, rows=rows, details=details)

    for i, r in enumerate(runs):
        where = _inputs_text(ex, i, cases[i], n_shown)
        if r.kind == "raised":
            line = f" at {r.line}" if r.line else ""
            right = [j for j, q in enumerate(runs) if q.kind == "ok" and q.value is not None
                     and fits(j, q.value, expected[j])]
            failing = [j for j in range(len(runs)) if j not in right]
            intro = (f"Your function is right on case{'s' if len(right) > 1 else ''} "
                     f"{', '.join(str(j + 1) for j in right)}, but on case {i + 1} it " if right
                     else "Your function ")
            return ex._result(
                "incorrect",
                f"{intro}raised {type(r.error).__name__}{line}: {safe_str(r.error)} "
                f"(On {where}.){_size_advice(cases, failing, True) if right else ''}{mutation_note}",
                "raised", details=details)
        if r.value is None:
            return ex._result(
                "incorrect",
                f"Your function returned None on {where}, but a result on other cases. Is a "
                "`return` inside an `if` (or a loop) that this case does not reach?",
                "returned_none", details=details)

    verdicts = []
    for i, (case, r) in enumerate(zip(cases, runs)):
        verdicts.append(compare(r.value, expected[i], [(m, w) for m, w in wrongs[i] if w is not None],
                                "Your function's result", ex, ex.batch_size_for(case), returned=True,
                                slack=slacks[i]))
    rows = [(_case_label(i, n_shown), v is None, "right" if v is None else v.message)
            for i, v in enumerate(verdicts)]
    failing = [i for i, v in enumerate(verdicts) if v is not None]

    numerical = _numerical_derivative(ex, counts, off_points, logged)
    if not failing:
        if numerical:
            how, why = numerical
            return ex._result(
                "incorrect",
                f"Your function gives the right results, well done on that! But it {how}: {why}"
                f"{mutation_note}", "not_backprop", rows=rows, details=details)
        if mutated:
            i, names = mutated
            listed = ", ".join(f"`{k}`" for k in names)
            return ex._result(
                "incorrect",
                f"Your function gives the right results, well done on that! But it changes the "
                f"argument{'s' if len(names) > 1 else ''} {listed} passed in (case {i + 1}: after "
                "the call they hold other values). The caller's arrays (a network's weights, "
                "the data) would change behind its back. Work on copies (`W = W.copy()`), or "
                "write `W = W - lr * g` instead of the in-place `W -= lr * g`.",
                "mutated_arguments", rows=rows, details=details)
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
                                       f"{_inputs_text(ex, first, cases[first], n_shown)}.)"
                                       f"{mutation_note}",
                          v.mistake, rows=rows, details=details)
    right = [i + 1 for i in range(len(cases)) if i not in failing]
    if right and numerical:   # right where its rounding error stays small: a finite difference
        return ex._result(
            "incorrect",
            f"Your function is right on case{'s' if len(right) > 1 else ''} "
            f"{', '.join(map(str, right))} and close on case {first + 1}, but it {numerical[0]}: it "
            "looks like a numerical derivative (finite differences), whose error shows on some "
            "inputs. This exercise asks for backpropagation: the exact derivative, from the "
            f"chain rule.{mutation_note}", "not_backprop", rows=rows, details=details)
    v = verdicts[first]
    mistake = v.mistake if v.mistake not in declared else "unknown"
    text = (v.message if v.mistake not in declared else
            "Your function's result " + "is not right on this case.")
    intro = (f"Your function is right on case{'s' if len(right) > 1 else ''} "
             f"{', '.join(map(str, right))} but not on every case. " if right else
             "Your function is not right, and not in the same way on every case. ")
    return ex._result(
        "incorrect",
        f"{intro}{text} (On {_inputs_text(ex, first, cases[first], n_shown)}.)"
        f"{_size_advice(cases, failing, v.mistake in ('shape', 'type', 'part_none'))}{mutation_note}",
        mistake, rows=rows, details=details)


def _numerical_derivative(ex, counts, off_points, logged):
    """What shows that a function differentiates numerically (the counted function called too
    often or at points that are none of the inputs, numpy's function at such points, the cost's
    logarithm called per value): (what it does, why that is not backpropagation), as words for a
    verdict; None when nothing does."""
    for i, (n, budget, off) in enumerate(counts):
        if off or n > budget:
            how = (f"calls `{ex.counted[0]}` at points that are none of the inputs (like z + h)" if off
                   else f"calls `{ex.counted[0]}` {n} times on case {i + 1}, where backpropagation "
                        f"needs at most {budget}")
            return how, ("it looks like a numerical derivative (finite differences, one or two "
                         "evaluations per value). This exercise asks for backpropagation: exact "
                         "derivatives, one backward sweep that reuses each layer's error for the "
                         "layer before.")
    off = next((i for i, o in enumerate(off_points) if o), None)
    if off is not None:
        names = " / ".join(f"`np.{k}`" for k in ex.numpy_points[:2])
        return (f"calls {names} at points that are none of the inputs (like z + h, on case {off + 1})",
                "it looks like a numerical derivative (finite differences). This exercise asks for "
                "the exact derivative, from its formula and the chain rule.")
    for i, (n, budget) in enumerate(logged):
        if n > budget:
            names = " / ".join(f"`np.{k}`" for k in ex.numpy_budget[0][:2])
            return (f"calls {names} {n} times on case {i + 1}",
                    "only the cost needs a logarithm, its gradient does not, so it looks like a "
                    "numerical derivative (the cost evaluated once or twice per value, finite "
                    "differences). This exercise asks for backpropagation: the exact derivative, "
                    "from the chain rule.")
    return None
