"""Comparing one answer with the expected value, and the generic diagnoses.

:func:`compare` turns the learner's answer into numbers, checks its type, shape and finiteness,
compares it with the expected value within the EXERCISE's tolerance (never loosened by the
answer's dtype), then tries the exercise's declared mistakes and, last, the generic diagnoses.

The generic diagnoses are ordered and guarded so that each fires only where it is the likely
cause (first match wins):

1. ``transposed``: a square matrix whose transpose is right (the matrix is not symmetric);
2. ``sign``: the opposite sign everywhere (the answer is not zero);
3. ``rounded``: the expected value rounded (to nearest, down or up) to a few decimals, or within
   0.5 % and written with at most 4 significant digits; never for an answer that carries no
   digits to judge by (0, ±1, a single significant digit: a placeholder or ``round(x)``);
4. ``finite_difference``: within 0.5 % of a GRADIENT (exercise ``gradient=True``): a
   finite-difference estimate (one-sided ones are off by O(h));
5. ``double``/``half``/``sign_factor2``: a factor 2 (the message names the exercise's own
   quantity, and its ``factor2`` note, e.g. the squared-error cost's 2, if it has one);
6. ``batch_sum``/``batch_twice``: B times too large/small (only with a ``batch_size``);
7. ``permuted``: the right numbers in other places (arrays of well-separated values only, and
   only when the order really changed);
8. ``factor``: one constant factor for every entry (arrays of at least 2 non-zero entries
   only: for a single number any wrong answer is "a factor" off, which tells nothing);
9. ``nearly``: within 0.5 % but none of the above.

Before them, ``zero``: an answer that is 0 everywhere where the expected value is not. For an
answer of several parts (a tuple), ``order``: the right parts in another order (e.g. a list
returned in reverse), and ``part_none``: a part left at None (a loop that stops one step early).
A declared mistake's part is named only if that mistake differs from the answer in this part
alone (one gradient of two transposed is not "your gradients are transposed").

Precision: an answer computed in float32 (its dtype, or float64 values that all are float32
numbers) is judged against what float32 allows: the exercise's tolerance plus ``16 eps₃₂``
relative and, for a function exercise, the ``slack`` of the reference itself computed in
float32 and on inputs perturbed at float32's precision (the condition of the computation).
float16 answers get no such allowance: they are diagnosed (a float16 declared mistake is still
named), never passed on precision grounds.

Messages are plain Unicode text (σ′(z), 2¹⁵); they never state the expected value.
"""

from __future__ import annotations

import math

import numpy as np

from .sandbox import safe_str

__all__ = ["Verdict", "compare", "to_array", "default_tolerances", "shape_text", "generic_message",
           "GENERIC_NAMES"]


class Verdict(Exception):
    """A finished diagnosis (``mistake`` name and ``message``), raised out of the helpers."""

    def __init__(self, mistake: str, message: str, status: str = "incorrect"):
        super().__init__(message)
        self.mistake, self.message, self.status = mistake, message, status


def default_tolerances(reference_dtype) -> tuple[float, float]:
    """(rtol, atol) for an exercise whose reference has ``reference_dtype``."""
    try:
        dt = np.dtype(reference_dtype)
    except Exception:
        return 1e-6, 1e-9
    if dt == np.float16:
        return 1e-3, 1e-4
    if dt in (np.float32, np.complex64):
        return 1e-5, 1e-7
    return 1e-6, 1e-9


def shape_text(shape: tuple) -> str:
    return "a single number (shape ())" if shape == () else f"shape {shape}"


def _shape_advice(exp_shape, got_shape):
    if len(exp_shape) == 2 and tuple(reversed(exp_shape)) == tuple(got_shape):
        return "Rows and columns are swapped: check the order of a matrix product or a missing/extra `.T`."
    if int(np.prod(exp_shape)) == int(np.prod(got_shape)):
        return ("It has the right number of entries in a different arrangement: e.g. a column "
                "(n, 1) where a flat vector (n,) is expected. `np.ravel`/`reshape` or a different "
                "product (`@` vs `np.outer`) may be what you need.")
    if got_shape == ():
        return "You have a single number where an array is expected: did you sum too much (np.sum / np.dot)?"
    if exp_shape == ():
        return "You have an array where a single number is expected: is a sum (or dot product) missing?"
    return "Check which axis holds what, and the shapes of the factors of each product (Wᵏ is (n_k, n_{k-1}))."


# --------------------------------------------------------------------------- generic messages

_GENERIC = {
    "transposed": (
        "is the transpose of {q} (rows and columns swapped). Remember `W[k][i, j]` is the "
        "weight from unit j of layer k-1 to unit i of layer k, so Wᵏ has shape (n_k, n_{{k-1}}); "
        "check the order of the factors (e.g. δ aᵀ, not a δᵀ) or a `.T` too many or too few."),
    "sign": (
        "has the size of {q} but the opposite sign everywhere. Check the direction of each "
        "difference{oe} and each minus sign of the step."),
    "rounded": (
        "is close to {q} but not within the tolerance: it looks rounded. Compute it in numpy "
        "from the exercise's data, without rounding between the steps or typing rounded numbers."),
    "finite_difference": (
        "is close to {q} but only approximately: it looks like a finite-difference estimate. A "
        "one-sided difference (C(w + h) − C(w))/h is off by a term proportional to h; even a "
        "central one is approximate. Compute the derivative exactly, with the chain rule "
        "(backpropagation)."),
    "double": "is exactly twice {q}: a factor 2 too many. {f2}",
    "half": "is exactly half of {q}: a factor 2 is missing. {f2}",
    "sign_factor2": "has the opposite sign of {q} AND is off by a factor 2. {f2}",
    "batch_sum": (
        "is B times {q}, where B is the batch size: you summed over the examples of the batch. "
        "The batch cost is the MEAN over the examples, so divide the sum by B (or use "
        "`.mean(axis=0)`)."),
    "batch_twice": (
        "is {q} divided by B once too often, where B is the batch size (a mean AND a division "
        "by B?)."),
    "permuted": (
        "contains the numbers of {q}, but in the wrong places. Check the indices: which axis "
        "holds the layer's units and which the batch or the previous layer (rows vs columns)?"),
    "factor": (
        "is off from {q} by one constant factor (the same for every entry). Look for a scalar "
        "that should not be there or is missing: a factor 2, a learning rate, a 1/B, or a scale."),
    "zero": (
        "is 0 everywhere, and {q} is not. Is a placeholder (`np.zeros`) still there, or do "
        "terms cancel that should not (e.g. differences of opposite signs added up)?"),
    "nearly": (
        "is close to {q} but not within the tolerance. Check each step again in float64: a "
        "small term left out, or an approximation?"),
}
_FACTOR2_DEFAULT = "Look for a factor 2 that is counted twice or left out."
GENERIC_NAMES = tuple(_GENERIC)


def generic_message(name: str, quantity: str = "the right answer", factor2: str | None = None) -> str:
    """The text of generic diagnosis ``name`` about the exercise's ``quantity``."""
    oe = " (O − E, not E − O)" if factor2 and "O − E" in factor2 else ""
    return _GENERIC[name].format(q=quantity, f2=factor2 or _FACTOR2_DEFAULT, oe=oe)


def _significant_digits(v: float) -> int:
    """How many significant digits the shortest decimal form of ``v`` has (0 for 0)."""
    if v == 0 or not math.isfinite(v):
        return 0
    mantissa = f"{abs(v):.15g}".split("e")[0].replace(".", "").lstrip("0").rstrip("0")
    return len(mantissa)


def _informative(g: np.ndarray) -> bool:
    """Whether ``g`` has digits a rounding can be recognised by: not only 0, ±1, and at least
    one entry with 2 significant digits (a one-digit answer such as 0.5 or ``round(x)`` = 3
    tells nothing: any number rounds to it)."""
    flat = np.asarray(g, dtype=np.float64).ravel()[:200]
    if flat.size == 0 or np.all(np.isin(flat, (0.0, 1.0, -1.0))):
        return False
    return any(_significant_digits(float(v)) >= 2 for v in flat)


def _is_rounded(g: np.ndarray, e: np.ndarray, close, loose: bool = True) -> bool:
    """The expected value rounded (nearest, down or up) to 0-6 decimals, or within 0.5 % with
    ≤ 4 significant digits; never for an answer without digits to judge by (see
    :func:`_informative`)."""
    if not _informative(g) or close(g, e):
        return False
    # truncating (down or up) counts only for answers with 3 significant digits or more: with
    # fewer, every number near the value is some truncation of it
    truncated = any(_significant_digits(float(v)) >= 3 for v in np.ravel(g)[:200])
    for d in range(7):
        f = 10.0 ** d
        ways = (np.round(e, d), np.floor(e * f) / f, np.ceil(e * f) / f) if truncated else \
            (np.round(e, d),)
        for r in ways:
            if close(g, r):
                return True
    if not loose or not _within(g, e, 5e-3):
        return False
    for v in g.ravel()[:50]:
        if v != 0 and not math.isclose(v, float(f"{v:.4g}"), rel_tol=1e-3 if g.dtype == np.float16 else 1e-12):
            return False
    return True


def _within(g, e, rel):
    scale = float(np.max(np.abs(e))) if e.size else 0.0
    return bool(np.allclose(g, e, rtol=rel, atol=1e-3 * max(scale, 1e-3)))


def _permuted(g, e, close) -> bool:
    """The right numbers in other places: the expected values are well apart (so each entry of
    the answer can only be one of them), the sorted answer is the sorted expected value, and
    the order differs (an answer only slightly off in place is not "in the wrong places")."""
    flat, gf = e.ravel(), g.ravel()
    if g.size < 2:
        return False
    gaps = np.diff(np.sort(flat))
    scale = float(np.max(np.abs(flat))) or 1.0
    if gaps.size and float(np.min(gaps)) <= 1e-5 * scale:
        return False
    if not close(np.sort(gf), np.sort(flat)):
        return False
    return not np.array_equal(np.argsort(gf, kind="stable"), np.argsort(flat, kind="stable"))


def generic(got, exp, close, ex, batch) -> str | None:
    """The first generic diagnosis that fits (see the module docstring), or None."""
    try:
        g = np.asarray(got, dtype=np.float64)
        e = np.asarray(exp, dtype=np.float64)
    except Exception:
        return None
    nonzero = e.size and float(np.max(np.abs(e))) > 1e-12
    if nonzero and not np.any(g):
        return "zero"
    if g.ndim == 2 and g.shape[0] == g.shape[1] and close(g.T, e) and not close(e.T, e):
        return "transposed"
    if nonzero and close(-g, e):
        return "sign"
    if nonzero and _is_rounded(g, e, close, loose=not getattr(ex, "gradient", False)):
        return "rounded"
    if nonzero and getattr(ex, "gradient", False) and _within(g, e, 5e-3):
        return "finite_difference"
    if nonzero:
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
    if _permuted(g, e, close):
        return "permuted"
    mask = np.abs(e) > 1e-12 * max(1.0, float(np.max(np.abs(e))) if e.size else 1.0)
    if mask.sum() >= 2:
        c = float(np.median(g[mask] / e[mask]))
        if np.isfinite(c) and c != 0 and not math.isclose(c, 1.0, rel_tol=1e-2) and close(g, c * e):
            return "factor"
    if nonzero and _within(g, e, 5e-3):
        return "nearly"
    return None


# --------------------------------------------------------------------------- the answer as numbers

def to_array(answer, exp: np.ndarray, where: str, returned: bool) -> np.ndarray:
    """``answer`` as a numeric array, or a :class:`Verdict` saying why it is not one."""
    if answer is None:
        raise Verdict("type", f"{where} is None. Did you forget `return`?" if returned else
                      "Your answer is None. Did you assign the result of a function that prints "
                      "instead of returning, or forget to compute `my_answer`?")
    if answer is Ellipsis:
        raise Verdict("type", f"{where} is `...` (a placeholder).")
    if isinstance(answer, (str, bytes)):
        hint = ""
        try:
            float(answer)
            hint = " It looks like a number: write it without quotes."
        except Exception:
            pass
        raise Verdict("type", f"{where} is text (a {type(answer).__name__}), not a number.{hint}")
    if isinstance(answer, (dict, set, frozenset)):
        raise Verdict("type", f"{where} is of type `{type(answer).__name__}`; give a number or a numpy array.")
    try:
        arr = np.asarray(answer)
    except Exception as err:
        raise Verdict("type", (
            f"{where} could not be turned into a numpy array ({type(err).__name__}: "
            f"{safe_str(err)[:160]}). Nested lists must be rectangular (every row the same "
            "length); give a number or a numpy array."))
    if arr.dtype == object or arr.dtype.kind in "USVOMm":
        try:
            arr = arr.astype(np.float64)
        except Exception:
            raise Verdict("type", (
                f"{where} is of type `{type(answer).__name__}`, which does not convert to numbers. "
                "Give a number or a numpy array of numbers (nested lists must be rectangular)."))
    if arr.dtype.kind == "c" and exp.dtype.kind != "c":
        if np.all(np.imag(arr) == 0):
            arr = np.real(arr)
        else:
            raise Verdict("type", (
                f"{where} has complex numbers (an imaginary part); this exercise is real-valued. "
                "A square root or power of a negative number?"))
    if arr.dtype.kind == "b":
        arr = arr.astype(np.float64)
    if arr.dtype.kind not in "fiuc":
        raise Verdict("type", f"{where} has dtype {arr.dtype}, which is not numeric.")
    if arr.size == 0 and exp.size != 0:
        raise Verdict("shape", f"{where} is empty ({shape_text(arr.shape)}); expected {shape_text(exp.shape)}.")
    return arr


def make_close(rtol: float, atol: float):
    """``close(a, b)``: a equals b within the tolerance (relative to b's largest entry too)."""

    def close(a, b) -> bool:
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

    return close


# --------------------------------------------------------------------------- one comparison

EPS32 = float(np.finfo(np.float32).eps)   # float32's machine epsilon


def precision_of(got: np.ndarray) -> int:
    """16, 32 or 64: the precision ``got`` was computed in, as far as its values tell.

    float16/float32 by dtype; a float64 array whose values all are float32 numbers (and not all
    float16 ones, which exact small answers such as 0.25 are) was computed in float32 and
    converted (e.g. ``float(np.float32(x))``). Whole numbers are exact in every precision: an
    answer of whole numbers counts as float64."""
    if got.dtype == np.float16:
        return 16
    if got.dtype in (np.float32, np.complex64):
        return 32
    if got.dtype == np.float64 and got.size:
        flat = got[np.isfinite(got)]
        with np.errstate(all="ignore"):
            if flat.size and np.all(flat.astype(np.float32).astype(np.float64) == flat) and \
                    not np.all(flat.astype(np.float16).astype(np.float64) == flat) and \
                    not np.all(flat == np.round(flat)):     # whole numbers tell nothing
                return 32
    return 64


def _slack_value(slack) -> float:
    """The absolute allowance of a float32 answer (a number; 0 when unknown)."""
    try:
        if isinstance(slack, (tuple, list)):
            return max([_slack_value(v) for v in slack] or [0.0])
        v = float(slack) if slack is not None else 0.0
        return v if math.isfinite(v) else 0.0
    except Exception:
        return 0.0


def _trivially_zero(wrong, atol) -> bool:
    """A declared mistake's value that is 0 only by a coincidence of the data (e.g. a sum of
    differences that cancels to 1e-17): not exactly 0, but 0 within the tolerance. Such a
    mistake cannot be told from a placeholder 0, so it is not named for an answer of exactly 0."""
    try:
        w = np.asarray(wrong, dtype=np.float64)
    except Exception:
        return False
    return bool(w.size and np.all(np.abs(w) <= max(atol, 1e-12)) and np.any(w != 0))


def compare(answer, expected, mistakes, where: str, ex, batch, returned=False, slack=None):
    """None if ``answer`` is right, else a :class:`Verdict` (returned, not raised).

    ``mistakes``: ``[(Mistake, wrong value)]``; ``ex`` gives ``tolerances(expected)``,
    ``quantity``, ``factor2``, ``gradient``, ``part_names``, ``pointers``. ``slack`` (shaped
    like ``expected``, numbers): how far the reference itself moves when computed in float32,
    times a safety factor; added to the tolerance of an answer computed in float32.
    """
    if isinstance(expected, list):
        try:
            expected = np.asarray(expected, dtype=np.float64)
            slack = _slack_value(slack)
        except Exception:          # a ragged list of arrays: compare part by part
            expected = tuple(expected)
    if isinstance(expected, tuple):
        return _compare_parts(answer, expected, mistakes, where, ex, batch, returned, slack)
    exp = np.asarray(expected)
    try:
        got = to_array(answer, exp, where, returned)
    except Verdict as verdict:
        return verdict
    if got.shape != exp.shape and exp.shape == () and got.size == 1:
        got = got.reshape(())
    rtol, atol = ex.tolerances(exp)
    # The answer is judged against what its own precision allows: float32 gets 16 eps and the
    # reference's own float32 error (``slack``); float16 gets nothing for passing, but its
    # diagnosis allows for its precision (a float16 declared mistake is still named).
    prec = precision_of(got) if got.dtype.kind in "fc" else 64
    if prec == 32:       # (an exercise that declares its own rtol, e.g. an exact answer, keeps it)
        rtol = rtol if getattr(ex, "rtol", None) is not None else max(rtol, 16 * EPS32)
        atol = atol + _slack_value(slack)
    close = make_close(rtol, atol)
    rtol_d, atol_d = rtol, atol
    if prec == 16:
        rtol_d, atol_d = max(rtol, 2e-3), max(atol, 1e-4)
    near = make_close(rtol_d, atol_d)
    if got.size and not np.any(got):     # an exact 0: not a mistake that is 0 by coincidence
        mistakes = [(m, w) for m, w in mistakes if not _trivially_zero(w, atol)]

    if got.shape != exp.shape:
        note = f"{where} has {shape_text(got.shape)} instead of {shape_text(exp.shape)}:"
        for m, wrong in mistakes:
            if close(got, wrong):
                return Verdict(m.name, f"{note} {m.message}")
        if got.ndim == 2 and close(got.T, exp):
            return Verdict("generic:transposed",
                           f"{note} it " + generic_message("transposed", ex.quantity))
        return Verdict("shape", f"{where} has the wrong shape: expected {shape_text(exp.shape)}, "
                                f"got {shape_text(got.shape)}. " + _shape_advice(exp.shape, got.shape))
    if not np.all(np.isfinite(got)):
        return Verdict("not_finite", (
            f"{where} contains NaN or infinity. That usually means an overflow (e.g. `np.exp` of a "
            "large number, or a value beyond the largest number of the dtype: 65504 in float16) "
            "or a division by zero (or 0 × inf, inf − inf): check each step."))
    if close(got, exp):
        return None
    if getattr(ex, "kind", "") == "function" and getattr(ex, "gradient", False) and \
            rtol < 16 * EPS32 and make_close(1e-4, atol)(got, exp) and not any(
            near(got, wrong) for _, wrong in mistakes):
        # right to 4-7 digits in a gradient function that asks for more (train_with_engine: 1e-12,
        # to match Network.backward): float32 somewhere (the inputs, the arithmetic; its rounding
        # grows over a training loop's steps) or a finite-difference estimate; the values cannot
        # tell which, so both are named
        rel = float(np.max(np.abs(got - exp) / np.maximum(np.abs(exp), 1e-300)))
        return Verdict("precision", (
            f"{where} is right to about {max(1, int(-np.log10(max(rel, 1e-16))))} significant digits, "
            f"but this exercise asks for a relative {rtol:.0e}. That is what float32 gives (its "
            "7 digits, in the inputs or somewhere in the arithmetic), or a finite-difference "
            "estimate: compute exactly, with the chain rule, in float64 (numpy's default)."))
    for m, wrong in mistakes:
        if near(got, wrong):
            return Verdict(m.name, m.message if where == "Your answer" else f"{where}: {m.message}")
    # a rounded version of a declared mistake is that mistake (unless it is just as much a
    # rounded version of the right answer: then nothing tells which, and "rounded" is said)
    rounded_right = _is_rounded(got.astype(np.float64), exp.astype(np.float64), near, loose=False)
    for m, wrong in ([] if rounded_right else mistakes):
        try:
            w = np.asarray(wrong, dtype=np.float64)
            if w.shape == got.shape and _is_rounded(got.astype(np.float64), w, near):
                return Verdict(m.name, m.message if where == "Your answer" else f"{where}: {m.message}")
        except Exception:
            continue
    name = generic(got, exp, near, ex, batch)
    if name:
        return Verdict(f"generic:{name}", f"{where} " + generic_message(name, ex.quantity, ex.factor2))
    detail = ""
    if exp.size > 1:
        try:
            n_bad = int(np.sum(~np.isclose(got.astype(np.float64), exp.astype(np.float64),
                                           rtol=ex.tolerances(exp)[0], atol=ex.tolerances(exp)[1])))
            detail = f" {n_bad} of the {exp.size} entries are off."
        except Exception:
            pass
    pointers = ex.pointers or ("Compare each step with the equation in the exercise (and its "
                               "diagram); `.hint()` gives a hint.")
    return Verdict("unknown", f"{where} is not right yet, and it does not match a mistake I know "
                              f"of.{detail} {pointers}")


def _compare_parts(answer, expected, mistakes, where, ex, batch, returned, slack=None):
    n = len(expected)
    names = ex.part_names if ex.part_names and len(ex.part_names) == n else \
        tuple(f"item {i + 1}" for i in range(n))
    slacks = list(slack) if isinstance(slack, (tuple, list)) and len(slack) == n else [slack] * n
    if isinstance(answer, np.ndarray) and answer.ndim >= 1:
        answer = list(answer)
    if not isinstance(answer, (tuple, list)):
        return Verdict("type", f"{where} should be {n} things ({', '.join(names)}), e.g. "
                               f"`({', '.join(names)})` as a tuple; got something of type "
                               f"`{type(answer).__name__}`.")
    if len(answer) != n:
        more = (" Does a loop stop one step early or run one step too far (check the ends of "
                "its `range`)?" if abs(len(answer) - n) == 1 and n > 2 else "")
        return Verdict("type", f"{where} should have {n} parts ({', '.join(names)}), got "
                               f"{len(answer)}.{more}")

    def fits(i, value, target):
        return compare(value, target, [], where, ex, None, returned, slacks[i]) is None

    right = [fits(i, answer[i], expected[i]) for i in range(n)]
    # a declared mistake that fits every part at once is the diagnosis
    by_name = dict((mm.name, w) for mm, w in mistakes)
    whole = [m for m, wrong in mistakes if isinstance(wrong, (tuple, list)) and len(wrong) == n]
    for m in whole:
        wrong = by_name[m.name]
        if not all(right) and all(fits(i, answer[i], wrong[i]) for i in range(n)):
            return Verdict(m.name, m.message if where == "Your answer" else f"{where}: {m.message}")
    # the right parts in another order (a list returned in reverse, two results swapped)
    if not all(right) and n > 1:
        order = []
        for i in range(n):
            j = next((j for j in range(n) if j not in order and fits(j, answer[i], expected[j])), None)
            if j is None:
                break
            order.append(j)
        if len(order) == n and order != list(range(n)):
            how = ("in reverse order" if order == list(range(n - 1, -1, -1)) else "in another order")
            return Verdict("generic:order", (
                f"{where} holds the right parts, but {how}: the order asked for is "
                f"{', '.join(names)}."))
    for i in range(n):
        if answer[i] is None and expected[i] is not None:
            return Verdict("part_none", (
                f"{where} (in {names[i]}) is None: that part was never computed. Does a loop stop "
                "one step early (check the ends of its `range`), or is a list entry left at its "
                "starting `None`?"))
        if right[i]:
            continue
        # a mistake's part is named only if that mistake differs from the answer asked for in
        # this part alone (else its message, about every part, would overreach)
        part_mistakes = []
        for m, wrong in mistakes:
            if not (isinstance(wrong, (tuple, list)) and len(wrong) == n):
                continue
            differs = [not _equal_part(wrong[j], expected[j]) for j in range(n)]
            if differs[i] and sum(differs) == 1:
                part_mistakes.append((m, wrong[i]))
        verdict = compare(answer[i], expected[i], part_mistakes, f"{where} (in {names[i]})", ex,
                          batch, returned, slacks[i])
        if verdict is not None:
            return verdict
    return None


def _equal_part(a, b) -> bool:
    try:
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-12))
    except Exception:
        return False
