"""Comparing one answer with the expected value, and the generic diagnoses.

:func:`compare` turns the learner's answer into numbers, checks its type, shape and finiteness,
compares it with the expected value within the EXERCISE's tolerance (never loosened by the
answer's dtype), then tries the exercise's declared mistakes and, last, the generic diagnoses.

The generic diagnoses are ordered and guarded so that each fires only where it is the likely
cause (first match wins):

1. ``transposed``: a square matrix whose transpose is right (the matrix is not symmetric);
2. ``sign``: the opposite sign everywhere (the answer is not zero);
3. ``rounded``: the expected value rounded to a few decimals, or within 0.5 % and written with
   at most 4 significant digits;
4. ``finite_difference``: within 0.5 % of a GRADIENT (exercise ``gradient=True``): a
   finite-difference estimate (one-sided ones are off by O(h));
5. ``double``/``half``/``sign_factor2``: a factor 2 (the message names the exercise's own
   quantity, and its ``factor2`` note, e.g. the squared-error cost's 2, if it has one);
6. ``batch_sum``/``batch_twice``: B times too large/small (only with a ``batch_size``);
7. ``permuted``: the right numbers in other places (arrays of distinct values only);
8. ``factor``: one constant factor for every entry (arrays of at least 2 non-zero entries
   only: for a single number any wrong answer is "a factor" off, which tells nothing);
9. ``nearly``: within 0.5 % but none of the above.

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
        "difference (O − E, not E − O) and each minus sign of the step."),
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
    "nearly": (
        "is close to {q} but not within the tolerance. Check each step again in float64: a "
        "small term left out, or an approximation?"),
}
_FACTOR2_DEFAULT = "Look for a factor 2 that is counted twice or left out."
GENERIC_NAMES = tuple(_GENERIC)


def generic_message(name: str, quantity: str = "the right answer", factor2: str | None = None) -> str:
    """The text of generic diagnosis ``name`` about the exercise's ``quantity``."""
    return _GENERIC[name].format(q=quantity, f2=factor2 or _FACTOR2_DEFAULT)


def _is_rounded(g: np.ndarray, e: np.ndarray, close, loose: bool = True) -> bool:
    """The expected value rounded to 0-6 decimals, or within 0.5 % with ≤ 4 significant digits."""
    for d in range(7):
        if close(g, np.round(e, d)) and not close(g, e):
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


def generic(got, exp, close, ex, batch) -> str | None:
    """The first generic diagnosis that fits (see the module docstring), or None."""
    try:
        g = np.asarray(got, dtype=np.float64)
        e = np.asarray(exp, dtype=np.float64)
    except Exception:
        return None
    nonzero = e.size and float(np.max(np.abs(e))) > 1e-12
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
    flat = e.ravel()
    if g.size > 1 and len(np.unique(np.round(flat, 9))) == flat.size and \
            close(np.sort(g.ravel()), np.sort(flat)):
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

def compare(answer, expected, mistakes, where: str, ex, batch, returned=False):
    """None if ``answer`` is right, else a :class:`Verdict` (returned, not raised).

    ``mistakes``: ``[(Mistake, wrong value)]``; ``ex`` gives ``tolerances(expected)``,
    ``quantity``, ``factor2``, ``gradient``, ``part_names``, ``pointers``.
    """
    if isinstance(expected, list):
        try:
            expected = np.asarray(expected, dtype=np.float64)
        except Exception:          # a ragged list of arrays: compare part by part
            expected = tuple(expected)
    if isinstance(expected, tuple):
        return _compare_parts(answer, expected, mistakes, where, ex, batch, returned)
    exp = np.asarray(expected)
    try:
        got = to_array(answer, exp, where, returned)
    except Verdict as verdict:
        return verdict
    if got.shape != exp.shape and exp.shape == () and got.size == 1:
        got = got.reshape(())
    rtol, atol = ex.tolerances(exp)
    close = make_close(rtol, atol)
    # Diagnosing (never passing) allows for the answer's own precision: a float16 answer that
    # is a declared mistake is still named as that mistake.
    rtol_d, atol_d = rtol, atol
    if got.dtype == np.float16:
        rtol_d, atol_d = max(rtol, 2e-3), max(atol, 1e-4)
    elif got.dtype == np.float32:
        rtol_d, atol_d = max(rtol, 2e-6), max(atol, 1e-8)
    near = make_close(rtol_d, atol_d)

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
            "large number) or a division by zero; the values here are small, so check each step."))
    if close(got, exp):
        return None
    for m, wrong in mistakes:
        if near(got, wrong):
            return Verdict(m.name, m.message if where == "Your answer" else f"{where}: {m.message}")
    # a rounded version of a declared mistake is that mistake
    for m, wrong in mistakes:
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


def _compare_parts(answer, expected, mistakes, where, ex, batch, returned):
    n = len(expected)
    names = ex.part_names if ex.part_names and len(ex.part_names) == n else \
        tuple(f"item {i + 1}" for i in range(n))
    if isinstance(answer, np.ndarray) and answer.ndim >= 1:
        answer = list(answer)
    if not isinstance(answer, (tuple, list)):
        return Verdict("type", f"{where} should be {n} things ({', '.join(names)}), e.g. "
                               f"`({', '.join(names)})` as a tuple; got something of type "
                               f"`{type(answer).__name__}`.")
    if len(answer) != n:
        return Verdict("type", f"{where} should have {n} parts ({', '.join(names)}), got {len(answer)}.")
    # a declared mistake that fits every part at once is the diagnosis
    whole = [m for m, wrong in mistakes if isinstance(wrong, (tuple, list)) and len(wrong) == n]
    for m in whole:
        wrong = dict((mm.name, w) for mm, w in mistakes)[m.name]
        if all(compare(answer[i], wrong[i], [], where, ex, None, returned) is None for i in range(n)) \
                and not all(compare(answer[i], expected[i], [], where, ex, None, returned) is None
                            for i in range(n)):
            return Verdict(m.name, m.message if where == "Your answer" else f"{where}: {m.message}")
    for i in range(n):
        part_mistakes = [(m, wrong[i]) for m, wrong in mistakes
                         if isinstance(wrong, (tuple, list)) and len(wrong) == n]
        verdict = compare(answer[i], expected[i], part_mistakes, f"{where} (in {names[i]})", ex,
                          batch, returned)
        if verdict is not None:
            return verdict
    return None
