"""Tests of the exercise system (backprop_lib.exercises) and of EVERY registered exercise.

The per-exercise tests are parametrized over ``exercises.catalog()``, so exercises that chapter
authors add later are covered automatically:

* the reference answer passes its own check;
* each declared mistake's wrong answer is diagnosed with exactly that mistake's message;
* the placeholder (``...``, a function whose body is ``...``, the exercise's template) is
  "not attempted";
* fuzzing: hundreds of bad answers (hand-written + hypothesis) never raise and never pass.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from backprop_lib import exercises
from backprop_lib.exercises import render, sandbox
from backprop_lib.exercises.exercise import Exercise, Mistake
from backprop_lib.exercises.render import CheckResult

CATALOG = exercises.catalog()
IDS = sorted(CATALOG)
MISTAKES = [(i, m.name) for i in IDS for m in CATALOG[i].mistakes]
ROOT = Path(__file__).resolve().parents[2]


def assert_clean_failure(result, context=""):
    """A failed check: a CheckResult, not passed, not the last-resort 'internal' path."""
    assert isinstance(result, CheckResult), context
    assert not result.passed, f"{context}: passed unexpectedly: {result!r}"
    assert result.mistake != "internal", f"{context}: the checker fell back to its last resort: {result!r}"
    assert isinstance(result.message, str) and result.message
    # rich and plain display never fail
    assert result.label in result._repr_html_()
    assert repr(result).startswith(result.label)


# ============================================================================ every exercise

def test_catalog_is_not_empty_and_ids_match_modules():
    assert len(CATALOG) >= 5
    for ex_id, ex in CATALOG.items():
        assert ex.id == ex_id
        prefix = ex_id.split(".")[0]
        assert ex.module == f"backprop_lib.exercises.{prefix}", (ex_id, ex.module)
        assert ex.title and ex.prompt and ex.solution
        assert ex.hints, f"{ex_id} has no hints"


@pytest.mark.parametrize("ex_id", IDS)
def test_reference_passes(ex_id):
    ex = CATALOG[ex_id]
    result = ex.check(ex.reference())
    assert result.passed, repr(result)
    assert result.status == "correct"
    assert "✔ Correct" in result._repr_html_()


@pytest.mark.parametrize("ex_id", IDS)
def test_reference_in_float32_passes_where_it_should(ex_id):
    """A learner computing in float32 is not failed by the tolerance (value exercises)."""
    ex = CATALOG[ex_id]
    if ex.kind != "value":
        pytest.skip("value exercises only")
    ref = ex.reference()
    if isinstance(ref, tuple):
        ref32 = tuple(np.asarray(r, dtype=np.float32) for r in ref)
    else:
        ref32 = np.asarray(ref, dtype=np.float32)
    assert ex.check(ref32).passed


@pytest.mark.parametrize("ex_id,mistake", MISTAKES)
def test_each_mistake_is_diagnosed(ex_id, mistake):
    ex = CATALOG[ex_id]
    m = next(m for m in ex.mistakes if m.name == mistake)
    answer = m.wrong if ex.kind == "function" else m.wrong()
    result = ex.check(answer)
    assert not result.passed, f"{ex_id}: mistake {mistake!r} passes the check (equals the reference?)"
    assert result.mistake == mistake, (
        f"{ex_id}: mistake {mistake!r} was diagnosed as {result.mistake!r}: {result.message}")
    assert m.message in result.message


@pytest.mark.parametrize("ex_id", IDS)
def test_placeholder_is_not_attempted(ex_id):
    ex = CATALOG[ex_id]
    r = ex.check(...)
    assert r.status == "not_attempted" and not r.passed
    assert "… Not attempted" in r._repr_html_()
    if ex.kind == "function":
        params = ", ".join(ex.cases[0])
        for body in ("...", "pass", "raise NotImplementedError", '"""My answer."""\n    ...',
                     "raise NotImplementedError('write me')"):
            ns = {}
            exec(f"def answer({params}):\n    {body}\n", ns)
            r = ex.check(ns["answer"])
            assert r.status == "not_attempted", (body, r)
    r = ex.check()
    assert r.status == "not_attempted"


@pytest.mark.parametrize("ex_id", IDS)
def test_template_runs_as_written_and_is_not_attempted(ex_id):
    ex = CATALOG[ex_id]
    if not ex.template:
        pytest.skip("no template")
    ns = {"np": np, "q": ex}
    exec(ex.template, ns)
    if ex.kind == "value":
        answer = ns["my_answer"]
    else:
        answer = next(v for k, v in ns.items() if isinstance(v, types.FunctionType))
    assert ex.check(answer).status == "not_attempted"


@pytest.mark.parametrize("ex_id", IDS)
def test_hints_solution_reference_display(ex_id):
    ex = CATALOG[ex_id]
    ex._next_hint, ex._last_mistake = 1, None
    n = len(ex.hints)
    for i in range(1, n + 1):
        assert f"Hint {i} of {n}" in ex.hint()._repr_markdown_()
    assert "No more hints" in ex.hint()._repr_markdown_()
    assert f"Hint 1 of {n}" in ex.hint(1)._repr_markdown_()
    sol = ex.solution()
    assert ex.title in sol._repr_markdown_() and ex.title in repr(sol)
    assert ex.id in ex._repr_markdown_()
    if ex.kind == "function":
        assert callable(ex.reference())
    # data is a copy: changing it cannot break the exercise
    data = ex.data
    for v in data.values():
        if isinstance(v, np.ndarray):
            v[...] = 12345.0
    assert ex.check(ex.reference()).passed


# (that no two mistakes agree on every case: tests/unit/test_exercises_feedback.py)


# ============================================================================ fuzzing

class _RaisingArray:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array for you")


class _RaisingEq:
    def __eq__(self, other):
        raise RuntimeError("eq exploded")

    __hash__ = object.__hash__

    def __ne__(self, other):
        raise RuntimeError("ne exploded")

    def __bool__(self):
        raise RuntimeError("bool exploded")


class _RaisingEverything:
    def __getattr__(self, name):
        raise RuntimeError(f"getattr {name}")

    def __len__(self):
        raise RuntimeError("len")

    def __iter__(self):
        raise RuntimeError("iter")

    def __float__(self):
        raise RuntimeError("float")

    def __repr__(self):
        raise RuntimeError("repr")


class _LyingSequence:
    def __len__(self):
        return 3

    def __getitem__(self, i):
        raise IndexError(i)


class _StrangeArray(np.ndarray):
    def __eq__(self, other):
        raise RuntimeError("subclass eq")


def _hand_values():
    """Bad answers of every kind (none of them can be right for any exercise)."""
    with np.errstate(all="ignore"):
        return _hand_values_raw()


def _perturbed(ref, n, seed):
    """``n`` seeded answers that are each clearly off the reference (values and/or shape)."""
    rng = np.random.default_rng(seed)
    r = np.asarray(ref, dtype=float)
    out = []
    for i in range(n):
        u = rng.uniform(0.05, 1.0, size=r.shape) * rng.choice([-1, 1], size=r.shape)
        wrong = r * (1 + u) + np.sign(u) * 0.05
        if i % 5 == 1:
            wrong = np.append(wrong.ravel(), rng.normal())             # one entry too many
        elif i % 5 == 2 and r.size > 1:
            wrong = wrong.ravel()[:-1]                                 # one entry too few
        elif i % 5 == 3:
            wrong = wrong[None]                                        # extra axis, values off
        out.append(wrong)
    return out


def _hand_values_raw():
    big = np.full((3, 3), 1e308)
    return [
        None, "", "0.7", "abc", b"bytes", True, False, 0, 1, -1, 0.0, 1e308, -1e308, 3 + 4j,
        float("nan"), float("inf"), -float("inf"), [], [[]], [1, [2, 3]], [[1, 2], [3]],
        [[1, 2], [3, 4, 5]], [None, None], ["a", "b"], [1.0, "x"], (1, 2), {"a": 1}, {1, 2},
        np.array([]), np.zeros((0, 3)), np.zeros((3, 0)), np.array(np.nan), np.full(3, np.nan),
        np.full((2, 2), np.inf), big, big * 10, np.array([1 + 2j, 3j]), np.array(["a", "b"]),
        np.array([object(), object()]), np.array([None]), np.zeros((2, 3, 4)), np.ones(1000),
        np.datetime64("2020-01-01"), np.array([1, 2], dtype="timedelta64[s]"),
        np.zeros(3, dtype=[("x", "f8")]), np.ma.masked_array([1.0, 2.0], mask=[1, 0]),
        _RaisingArray(), _RaisingEq(), _RaisingEverything(), _LyingSequence(), object(),
        np.zeros(3).view(_StrangeArray), int, np, type, print, lambda: None, Ellipsis.__class__,
        range(3), iter([1, 2]), slice(1), NotImplemented, (x for x in range(3)),
        np.float16(65504) * 2, np.int8(-128), np.uint64(2**64 - 1), 10**400,
    ]


def _hand_functions(ex):
    """Bad learner functions for a function exercise."""
    ref = ex.reference()

    def raises_value_error(**kw):
        raise ValueError("learner bug")

    def raises_system_exit(**kw):
        raise SystemExit(3)

    def raises_stop_iteration(**kw):
        raise StopIteration

    def returns_half(**kw):
        return np.asarray(ref(**kw)) * 0.5

    def returns_plus_one(**kw):
        return np.asarray(ref(**kw)) + 1.0

    def returns_transposed(**kw):
        return np.asarray(ref(**kw)).T[..., None] * np.array([[1.0, 2.0]])

    def returns_reversed(**kw):
        return np.asarray(ref(**kw))[::-1] + 0.1

    def mutates_inputs(**kw):
        for v in kw.values():
            if isinstance(v, np.ndarray):
                v[...] = 0.0
        return None

    def returns_list_of_arrays(**kw):
        return [np.asarray(ref(**kw)), np.asarray(ref(**kw))]

    def returns_nan(**kw):
        return np.asarray(ref(**kw)) * np.nan

    def returns_ragged(**kw):
        return [[1.0], [2.0, 3.0]]

    def needs_other_args(x, y, z, w, v, u, t, s):
        return 0.0

    def returns_none_sometimes(**kw):
        return None if kw and id(kw) % 2 else np.asarray(ref(**kw)) + 1

    funcs = [raises_value_error, raises_system_exit, raises_stop_iteration, returns_half,
             returns_plus_one, returns_transposed, returns_reversed, mutates_inputs,
             returns_list_of_arrays, returns_nan, returns_ragged, needs_other_args,
             returns_none_sometimes]
    funcs += [(lambda v: (lambda **kw: v))(v) for v in _hand_values()]

    def perturbed(seed):
        def f(**kw):
            return _perturbed(ref(**kw), 1, seed)[0]
        return f

    funcs += [perturbed(seed) for seed in range(40)]
    return funcs


@pytest.mark.parametrize("ex_id", IDS)
def test_fuzz_hand_written_bad_answers(ex_id):
    ex = CATALOG[ex_id]
    answers = _hand_values()
    if ex.kind == "function":
        answers += _hand_functions(ex)
    else:
        ref = ex.reference()
        if not isinstance(ref, tuple):
            r = np.asarray(ref, dtype=float)
            with np.errstate(all="ignore"):
                answers += [r + 1, r * 1.5 + 0.3, -r + 0.01, r.ravel().tolist() + [0.0],
                            np.array([r, r]) + 1, r.astype(np.float16) * 1.5 + 1,
                            np.atleast_2d(r).T + 2, np.zeros_like(r) + 0.123456, r + np.nan,
                            lambda: ref]
                answers += _perturbed(r, 60, seed=0)
    for a in answers:
        result = ex.check(a)
        assert_clean_failure(result, f"{ex_id} <- {type(a).__name__}")
    # the checker did not change the exercise's own cases
    assert ex.check(ex.reference()).passed


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8), st.complex_numbers(max_magnitude=1e6), st.just(...), st.binary(max_size=4),
)
_nested = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner),
                       max_leaves=12)
_arrays = hnp.arrays(
    dtype=st.sampled_from([np.float64, np.float32, np.float16, np.int64, np.bool_, np.complex128]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5),
)
_bad_values = st.one_of(_nested, _arrays, st.dictionaries(st.text(max_size=3), _scalars, max_size=3))


@pytest.mark.parametrize("ex_id", IDS)
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fuzz_hypothesis_bad_answers(ex_id, data):
    ex = CATALOG[ex_id]
    value = data.draw(_bad_values, label="value")
    if ex.kind == "function":
        mode = data.draw(st.sampled_from(["return", "raise", "perturb"]), label="mode")
        ref = ex.reference()
        if mode == "return":
            answer = lambda **kw: value  # noqa: E731
        elif mode == "raise":
            exc = data.draw(st.sampled_from([ValueError, TypeError, ZeroDivisionError, IndexError,
                                             KeyError, NotImplementedError, RecursionError]))
            answer = lambda **kw: (_ for _ in ()).throw(exc("boom"))  # noqa: E731
        else:
            shift = data.draw(st.floats(0.05, 100) | st.floats(-100, -0.05), label="shift")

            def answer(**kw):
                return np.asarray(ref(**kw), dtype=float) + shift
    else:
        ref = ex.reference()
        if data.draw(st.booleans(), label="perturb") and not isinstance(ref, tuple):
            r = np.asarray(ref, dtype=float)
            noise = data.draw(hnp.arrays(np.float64, r.shape,
                                         elements=st.floats(0.05, 100) | st.floats(-100, -0.05)),
                              label="noise")
            if isinstance(ex.digits, int) and np.any(r != 0):
                # the exercise's declared digits are enough: off by at least one unit of the last
                unit = 10.0 ** (np.floor(np.log10(np.max(np.abs(r)))) - ex.digits + 1)
                noise = noise * max(1.0, unit / 0.05)
            answer = r + noise
        else:
            answer = value
    result = ex.check(answer)
    assert_clean_failure(result, f"{ex_id}")


# ============================================================================ the framework itself

W_SQ = np.array([[1.0, 2.0], [3.0, 5.0]])
A_VEC = np.array([1.0, -1.0])


def value_ex(value, **kw):
    return Exercise(id="test.value", title="t", prompt="p", kind="value",
                    reference=lambda: value, hints=["one", "two"], solution="**sol**", **kw)


def matmul(W, a):
    return W @ a


def function_ex(**kw):
    kw.setdefault("cases", [dict(W=W_SQ, a=A_VEC), dict(W=np.ones((2, 3)) * [1, 2, 3], a=np.arange(3.0))])
    return Exercise(id="test.func", title="t", prompt="p", kind="function", reference=matmul, **kw)


@pytest.mark.parametrize("transform,diagnosis", [
    (lambda M: M.T, "generic:transposed"),
    (lambda M: -M, "generic:sign"),
    (lambda M: 2 * M, "generic:double"),
    (lambda M: M / 2, "generic:half"),
    (lambda M: -2 * M, "generic:sign_factor2"),
    (lambda M: 4 * M, "generic:batch_sum"),
    (lambda M: M / 4, "generic:batch_twice"),
    (lambda M: 3.7 * M, "generic:factor"),
    (lambda M: M[::-1], "generic:permuted"),
    (lambda M: M + np.array([[0, 0, 0], [0, 0.5, 0]]), "unknown"),
    (lambda M: M[:1], "shape"),
    (lambda M: np.round(M * 1.001, 2), "generic:rounded"),
    (lambda M: M.ravel(), "shape"),
])
def test_generic_diagnoses_value(transform, diagnosis):
    M = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -6.0]])
    ex = value_ex(M, batch_size=4)
    r = ex.check(transform(M))
    assert not r.passed
    assert r.mistake == diagnosis, r
    assert "1." not in r.message.split("expected")[-1] or diagnosis == "unknown"


def test_square_transpose_and_factor_2_messages_point_to_the_maths():
    M = np.array([[1.0, 2.0], [3.0, 4.0]])
    ex = value_ex(M)
    r = ex.check(M.T)
    assert r.mistake == "generic:transposed" and "unit j of layer k-1" in r.message
    r = ex.check(M / 2)
    assert "factor 2" in r.message and "half" in r.message
    ex = value_ex(M, quantity="∂C/∂O", factor2="The cost C = Σ(O − E)² has no ½: its derivative is 2(O − E).")
    r = ex.check(M / 2)
    assert "half of ∂C/∂O" in r.message and "no ½" in r.message


def test_no_batch_diagnosis_without_batch_size():
    M = np.array([1.0, -2.0, 3.0])
    r = value_ex(M).check(4 * M)
    assert r.mistake == "generic:factor"


def test_expected_value_is_never_printed():
    secret = np.array([0.123456789, -9.87654321])
    ex = value_ex(secret)
    for answer in [secret * 3, secret[:1], secret + 1, secret.T, np.array([1.0, 2.0, 3.0]), "x", -secret]:
        r = ex.check(answer)
        for text in ("0.123", "0.1235", "9.876", "9.88"):
            assert text not in r.message, r


def test_declared_mistake_beats_generic_and_shape():
    M = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    ex = value_ex(M, mistakes=[Mistake("forgot_transpose", lambda: M.T, "Use W^T here."),
                               Mistake("doubled", lambda: 2 * M, "Only one factor 2.")])
    r = ex.check(M.T)
    assert r.mistake == "forgot_transpose" and "shape (3, 2) instead of shape (2, 3)" in r.message
    assert ex.check(2 * M).mistake == "doubled"
    assert ex.check(M).passed


def test_shape_messages():
    ex = value_ex(np.zeros((2, 3)) + 1)
    r = ex.check(np.ones((3, 2)) * 7)
    assert r.mistake == "shape" and "expected shape (2, 3), got shape (3, 2)" in r.message
    r = ex.check(np.ones((6, 1)))
    assert "right number of entries" in r.message
    r = ex.check(5.0)
    assert "single number" in r.message
    r = value_ex(2.0).check(np.ones(3))
    assert "single number is expected" in r.message
    # a scalar expected accepts a 1-element array
    assert value_ex(2.0).check(np.array([2.0])).passed
    assert value_ex(2.0).check([[2.0]]).passed


def test_types_and_conversion_messages():
    ex = value_ex(np.array([1.0, 2.0]))
    assert "without quotes" in ex.check("1.5").message
    assert "rectangular" in ex.check([[1, 2], [3]]).message
    assert "NaN or infinity" in ex.check([np.nan, 1.0]).message
    assert "None" in ex.check(None).message
    assert "function" in ex.check(lambda: 1).message
    assert "complex" in ex.check(np.array([1 + 1j, 2])).message
    assert ex.check(np.array([1 + 0j, 2 + 0j])).passed
    assert ex.check([1, 2]).passed
    assert ex.check((1.0, 2.0)).passed
    assert ex.check(np.array([1, 2], dtype=np.float16)).passed


def test_tolerance_is_the_exercises_not_the_answers_dtype():
    ex = value_ex(np.array([1.0, 2.0]))
    assert ex.check(np.array([1.0 + 1e-9, 2.0])).passed
    assert not ex.check(np.array([1.001, 2.0])).passed
    assert not ex.check(np.array([1.004, 2.0], dtype=np.float16)).passed       # float16 answer: no looser
    assert ex.check(np.array([1.0, 2.0], dtype=np.float16)).passed
    ex16 = value_ex(np.array([1.0, 2.0], dtype=np.float16))                    # a float16 exercise
    assert ex16.check(np.array([1.0005, 2.0])).passed
    assert not ex16.check(np.array([1.004, 2.0])).passed
    assert not value_ex(np.array([1.0]), rtol=0.0, atol=0.0).check(np.array([1.0 + 1e-12])).passed
    assert value_ex(np.array([1.0]), rtol=0.1).check(np.array([1.05])).passed


def test_tuple_answers_with_part_names():
    ex = value_ex((np.array([1.0, 2.0]), np.array([3.0])), part_names=("dC/dW", "dC/db"),
                  mistakes=[Mistake("swapped_sign_b", lambda: (np.array([1.0, 2.0]), np.array([-3.0])),
                                    "Sign of the bias gradient.")])
    assert ex.check((np.array([1.0, 2.0]), np.array([3.0]))).passed
    assert ex.check([[1.0, 2.0], [3.0]]).passed
    r = ex.check((np.array([1.0, 2.0]), np.array([-3.0])))
    assert r.mistake == "swapped_sign_b"
    r = ex.check((np.array([2.0, 4.0]), np.array([3.0])))
    assert r.mistake == "generic:double" and "dC/dW" in r.message
    assert "2 parts" in ex.check((1.0,)).message
    assert "dC/dW, dC/db" in ex.check(1.0).message


def test_ragged_list_reference_and_stacked_array_answer():
    ex = value_ex([np.ones(2), np.ones(3)])
    assert ex.check([np.ones(2), np.ones(3)]).passed
    r = ex.check([np.ones(2), 2 * np.ones(3)])
    assert r.mistake == "generic:double" and "(in item 2)" in r.message
    ex = value_ex((np.ones(2), -np.ones(2)), part_names=("a", "b", "c"))   # wrong count: ignored
    assert ex.check(np.stack([np.ones(2), -np.ones(2)])).passed
    assert "(in item 2)" in ex.check(np.ones((2, 2))).message


def test_function_success_and_positional_names():
    ex = function_ex()
    assert ex.check(matmul).passed
    assert ex.check(lambda M, v: M @ v).passed                      # other argument names
    assert ex.check(lambda W, a: np.dot(W, a).tolist()).passed      # a list is fine
    r = ex.check(lambda W: W)
    assert r.mistake == "signature" and "def matmul(W, a)" in r.message


def test_function_failing_case_is_named_with_kind_of_difference():
    ex = function_ex()
    r = ex.check(lambda W, a: W @ a if W.shape[1] == 2 else 2 * (W @ a))
    assert r.mistake == "generic:double"
    assert "test case 2 of 2" in r.message and "W=" in r.message and "a=" in r.message
    assert "right on case 1 but not on every case" in r.message
    assert r.message.index("twice") < r.message.index("W=")       # diagnosis first, inputs after
    assert [ok for _, ok, _ in r.rows] == [True, False]            # the results table
    r = ex.check(lambda W, a: -(W @ a))
    assert r.mistake == "generic:sign" and "test case 1 of 2" in r.message


def test_function_that_raises_names_inputs_and_error():
    ex = function_ex()
    r = ex.check(lambda W, a: W.T @ a)       # fine on the square case, raises on the 2x3 one
    assert not r.passed
    ex = function_ex(cases=[dict(W=np.ones((2, 3)), a=np.ones(3))])
    r = ex.check(lambda W, a: W.T @ a)
    assert r.mistake == "raised" and "ValueError" in r.message and "W=" in r.message


def test_function_returning_wrong_things():
    ex = function_ex()
    assert ex.check(lambda W, a: None).status == "not_attempted"
    r = ex.check(lambda W, a: None if W.shape == (2, 2) else W @ a)
    assert r.mistake == "returned_none"
    r = ex.check(lambda W, a: "text")
    assert "text" in r.message and "test case 1" in r.message
    r = ex.check(lambda W, a: W)
    assert r.mistake == "shape"
    assert "function" in ex.check(np.ones(2)).message
    assert "class" in ex.check(dict).message


def test_forgotten_return_vs_placeholder():
    ex = function_ex()

    def forgot(W, a):
        z = W @ a  # noqa: F841

    r = ex.check(forgot)
    assert r.status == "not_attempted" and "return" in r.message


def test_learner_function_cannot_corrupt_cases():
    ex = function_ex()

    def vandal(W, a):
        W[...] = 0.0
        a[...] = 0.0
        return W @ a

    assert not ex.check(vandal).passed
    assert ex.check(matmul).passed


def test_reference_value_is_a_copy():
    W = np.array([1.0, 2.0])
    ex = value_ex(W)
    ex.reference()[...] = 0.0
    assert ex.check(np.array([1.0, 2.0])).passed and W[0] == 1.0


def test_cases_are_a_copy_and_named_in_messages():
    ex = function_ex()
    ex.cases[0]["W"][...] = 99.0
    assert ex.check(matmul).passed
    r = ex.check(lambda W, a: -(W @ a))
    assert "`.cases[0]` holds these inputs" in r.message


def test_time_limit_stops_an_infinite_loop():
    ex = function_ex(time_limit=0.3)

    calls = []

    def forever(W, a):
        calls.append(1)
        while True:
            pass

    r = ex.check(forever)
    assert r.mistake == "timeout" and "0.3 s" in r.message and "test case 1" in r.message
    assert len(calls) == 1                # stopped after the first case, not once per case
    assert ex.check(matmul).passed        # and the timer is gone afterwards


def test_time_limit_survives_code_that_swallows_exceptions():
    # The alarm repeats, so code that catches the time-out a few times is still stopped.
    # (Code that catches every exception forever cannot be stopped from inside the process:
    # each raise lands in its try. sandbox.call_with_time_limit documents that limit.)
    ex = function_ex(time_limit=0.2)
    swallowed = []

    def stubborn(W, a):
        while True:
            try:
                while True:
                    pass
            except BaseException:
                swallowed.append(1)
                if len(swallowed) >= 5:
                    while True:
                        pass

    assert ex.check(stubborn).mistake == "timeout"
    # it swallowed at least one time-out and was still stopped by a later one (how many it
    # swallows before that depends on where each 2 ms alarm lands: one can land in the except
    # block itself, outside the try, and stop it early)
    assert len(swallowed) >= 1


def test_time_limit_outside_the_main_thread():
    ex = function_ex(time_limit=0.2)
    out = {}

    def worker():
        out["slow"] = ex.check(lambda W, a: time.sleep(5))
        out["good"] = ex.check(matmul)

    t = threading.Thread(target=worker)
    t.start()
    t.join(10)
    assert out["slow"].mistake == "timeout"
    assert out["good"].passed


def test_no_leftover_alarm_signal():
    import signal
    ex = function_ex(time_limit=0.1)
    for _ in range(20):
        ex.check(matmul)
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0.0
    time.sleep(0.15)  # a stray SIGALRM would kill the process here


def test_hints_progress_and_run_out():
    ex = value_ex(1.0)
    assert "Hint 1 of 2" in repr(ex.hint())
    assert "Hint 2 of 2" in repr(ex.hint())
    assert "No more hints" in repr(ex.hint())
    assert "No more hints" in repr(ex.hint(5))
    assert "one" in repr(ex.hint(1))
    with pytest.raises(ValueError, match="hint"):
        ex.hint(0)
    assert "no hints" in repr(Exercise(id="t.x", title="t", prompt="p", kind="value",
                                       reference=lambda: 1).hint())


def test_check_result_display():
    for status, label in [("correct", "✔ Correct"), ("incorrect", "✘ Not yet"),
                          ("not_attempted", "… Not attempted")]:
        r = CheckResult(status, "a <b> `code` message", exercise_id="x.y")
        h = r._repr_html_()
        assert label in h and "&lt;b&gt;" in h and ">code</code>" in h
        assert "border-left" in h and "color:inherit" in h
        assert repr(r) == f"{label}: a <b> `code` message"
        assert bool(r) == (status == "correct")


def test_check_result_html_maths_and_code():
    r = CheckResult("incorrect", "z^k = W^k a^{k-1} + b, W_{ij}, W^T; `my_answer = a^{k}` and `x", "", "a.b")
    h = r._repr_html_()
    assert "a<sup>k-1</sup>" in h and "W<sub>ij</sub>" in h and "W<sup>T</sup>" in h
    assert "my_answer = a^{k}</code>" in h and "`x" in h


def test_exercise_validation():
    ok = dict(id="a.b", title="t", prompt="p", kind="value", reference=lambda: 1)
    Exercise(**ok)
    for bad, exc in [(dict(id="Bad Id"), ValueError), (dict(kind="quiz"), ValueError),
                     (dict(reference=3), TypeError), (dict(title=None), TypeError),
                     (dict(kind="function"), ValueError), (dict(cases=[{}]), ValueError),
                     (dict(mistakes=["x"]), TypeError), (dict(hints=[1]), TypeError),
                     (dict(rtol=-1), ValueError), (dict(batch_size=1), ValueError),
                     (dict(time_limit=0), ValueError),
                     (dict(mistakes=[Mistake("m", lambda: 1, "x"), Mistake("m", lambda: 2, "y")]),
                      ValueError)]:
        with pytest.raises(exc):
            Exercise(**{**ok, **bad})
    with pytest.raises(TypeError):
        Mistake("m", wrong=3, message="x")


def test_catalog_is_built_from_the_explicit_chapter_table(monkeypatch):
    fake = types.ModuleType("backprop_lib.exercises.fake")
    fake.EXERCISES = [Exercise(id="other.one", title="t", prompt="p", kind="value", reference=lambda: 1)]
    monkeypatch.setattr(exercises, "CHAPTERS", exercises.CHAPTERS + (("fake", fake),))
    with pytest.raises(ValueError, match="should start with 'fake'"):
        exercises.catalog()
    fake.EXERCISES = [Exercise(id="fake.one", title="t", prompt="p", kind="value", reference=lambda: 1)] * 2
    with pytest.raises(ValueError, match="listed twice"):
        exercises.catalog()
    fake.EXERCISES = ["not an exercise"]
    with pytest.raises(TypeError):
        exercises.catalog()


def test_catalog_unknown_id_suggests():
    with pytest.raises(KeyError, match="forward_propagation.weighted_sum"):
        exercises.catalog()["forward_propagation.weighted_summ"]


def test_import_is_cheap():
    code = ("import sys; from backprop_lib import exercises; exercises.catalog(); "
            "heavy = [m for m in ('IPython', 'matplotlib', 'ipywidgets', 'pandas') if m in sys.modules]; "
            "print(heavy); assert not heavy, heavy")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr + out.stdout


# ============================================================================ colours: legible in both themes

def _luminance(hex_colour):
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a, b):
    la, lb = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _blend(fg, alpha, bg):
    f = [int(fg[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(bg[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(alpha * x + (1 - alpha) * y):02x}" for x, y in zip(f, b))


@pytest.mark.parametrize("status", ["correct", "incorrect", "not_attempted"])
@pytest.mark.parametrize("page_bg,text", [("#ffffff", "#222832"), ("#121212", "#ced6dd"),
                                          ("#1e1e1e", "#d4d4d4")])  # light, pydata dark, Lab dark
def test_feedback_colours_are_legible_in_light_and_dark_themes(status, page_bg, text):
    # the label badge: white on a dark shade of the status colour (WCAG AA: 4.5)
    assert _contrast("#ffffff", render.BADGE[status]) >= 4.5
    # the message: the theme's own text colour on the status colour tinted 12% over the page
    tinted = _blend(render.STATUS[status][1], 0x1F / 255, page_bg)
    assert _contrast(text, tinted) >= 7.0
    h = CheckResult(status, "m", exercise_id="x.y")._repr_html_()
    assert render.BADGE[status] in h and "color:#fff" in h and "color:inherit" in h


def test_quiz_badges_are_legible():
    from backprop_lib.exercises import quizzes
    colours = re.findall(r"b\.bp-(?:ok|no)l\{background:(#[0-9A-Fa-f]{6})\}", quizzes._CSS)
    assert len(colours) == 2
    for colour in colours:
        assert _contrast("#ffffff", colour) >= 4.5
