"""The book's answer box: payload, HTML contract, and the JavaScript checker (node --test).

The JavaScript (backprop_lib/exercises/checker.js) must give the same verdict as
``Exercise.check`` for every value exercise, and its message in the page's words
(``page.book_words``): this test writes, for each value exercise, its reference and each
declared mistake (typed as a learner would, with 17 significant digits), the reference rounded to
the digits the exercise declares, an overflow (1e309), a few generic mistakes and a seeded sample
of variations (:func:`variations`), and the answers made for one rule of diagnose.py each
(:data:`RULE_ANSWERS`), with what Python says; ``node --test tests/js`` compares.

Where ``q.show()`` is rendered decides what is seen: a kernel's front end shows the HTML version
(text, folded solution, how to check in the notebook: no box, no notice, no browser count), the
book the markdown one with the box.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest

from backprop_lib import exercises
from backprop_lib.exercises import page

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "js" / "fixtures" / "exercises.json"
CATALOG = exercises.catalog()
VALUE_IDS = [i for i, e in CATALOG.items() if e.kind == "value"]


def typed(value) -> str:
    """How a learner would type the value: numbers with full precision, rows in brackets."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        return repr(float(arr))
    return json.dumps(arr.tolist())


def _to_digits(r, d, how):
    """``r`` entry by entry to ``d`` significant digits: rounded, or cut down or up in magnitude."""
    def one(v):
        if v == 0:
            return 0.0
        unit = 10.0 ** (np.floor(np.log10(abs(v))) - d + 1)
        q = abs(v) / unit
        q = {"round": np.round, "down": np.floor, "up": np.ceil}[how](q)
        return float(f"{np.sign(v) * q * unit:.{d}g}")
    return np.vectorize(one, otypes=[np.float64])(r)


def answers(ex):
    ref = ex.reference()
    yield "reference", ref
    for m, wrong in ex.mistake_values():
        yield f"mistake {m.name}", wrong
    r = np.asarray(ref, dtype=np.float64)
    if np.any(r != 0):
        yield "sign", -r
        yield "double", 2 * r
        yield "off", r + 0.37
        yield "zero", np.zeros_like(r)                          # "zero" comes first
        yield "round(x)", np.round(r)                           # no digits to judge a rounding by
        yield "one significant digit", _to_digits(r, 1, "round")
        for how in ("down", "up"):                              # cut at 2 and 3 digits
            for d in (2, 3):
                yield f"{d} significant digits, rounded {how}", _to_digits(r, d, how)
        yield "float32", r.astype(np.float32).astype(np.float64)
        yield "float32, off by 1.5e-6", (r * (1 + 1.5e-6)).astype(np.float32).astype(np.float64)
        if r.size > 1:
            yield "reversed", r.ravel()[::-1].reshape(r.shape)
    if isinstance(ex.digits, int):
        for d in (ex.digits, ex.digits - 1):
            yield f"{d} significant digits", np.vectorize(lambda v: float(f"{v:.{d - 1}e}"))(r)
    yield "overflow", np.full(r.shape, np.inf)
    yield from variations(ex, r)


def variations(ex, r, n=30):
    """A seeded sample of what learners do to the right answer or a declared mistake: round or
    cut it to a few digits, scale it, compute it in float32, shuffle it, zero some entries, add
    noise, transpose it (each exercise its own seed, the same in every run)."""
    rng = np.random.default_rng(zlib.crc32(ex.id.encode()))
    wrongs = [np.asarray(w, dtype=np.float64) for _, w in ex.mistake_values()]
    wrongs = [w for w in wrongs if w.shape == r.shape]
    for k in range(n):
        base = wrongs[k % len(wrongs)] if wrongs and k % 3 == 0 else r
        how = k % 10
        if how == 0:
            d, cut = int(rng.integers(1, 6)), ("round", "down", "up")[k % 3]
            yield f"variation: {d} digits, {cut}", _to_digits(base, d, cut)
        elif how == 1:
            d = int(rng.integers(0, 5))
            yield f"variation: {d} decimals", np.round(base, d)
        elif how == 2:
            c = float(rng.choice([2, 0.5, -1, -2, 3, 1.001, 1.004, 1.0000015, 0.999]))
            yield f"variation: times {c}", base * c
        elif how in (3, 4):
            noisy = base * (1 + rng.normal(size=base.shape) * 2e-6)
            yield "variation: float32", noisy.astype(np.float32).astype(np.float64)
        elif how == 5:
            yield "variation: shuffled", rng.permutation(base.ravel()).reshape(base.shape)
        elif how == 6:
            yield "variation: some zeros", np.where(rng.random(base.shape) < 0.5, 0.0, base)
        elif how == 7:
            yield "variation: noise", base + rng.normal(size=base.shape) * 10.0 ** int(rng.integers(-8, 0))
        elif how == 8:
            d = int(rng.integers(0, 5))
            yield f"variation: cut down at {d} decimals", np.floor(base * 10 ** d) / 10 ** d
        else:
            yield "variation: transposed or shifted", base.T if base.ndim == 2 else 1e-3 - base


def _rule_exercise(id, reference, mistakes=(), **kw):
    return exercises.Exercise(
        id=f"rules.{id}", title=id, prompt="A fixture of the answer box's rules.", kind="value",
        reference=lambda: reference, quantity="the value",
        mistakes=[exercises.Mistake(n, wrong=(lambda v=v: v), message=f"The declared mistake {n}.")
                  for n, v in mistakes], **kw)


#: answers made for one rule of diagnose.py each: (exercise, what, answer, Python's verdict);
#: a checker without the rule gives another verdict (in the comment)
RULE_ANSWERS = [
    # 1. "zero" first (without it: "rounded", round(0.23, 0) = 0, or "unknown")
    (_rule_exercise("zero", np.array([0.23, 0.41])), "zero", [0.0, 0.0], "generic:zero"),
    (_rule_exercise("zero_scalar", 0.7368), "zero", 0.0, "generic:zero"),
    # 2. no digits to judge a rounding by: 0, ±1, one significant digit (without it: "rounded")
    (_rule_exercise("one_digit", 0.7368), "round(x)", 1.0, "unknown"),
    (_rule_exercise("one_digit", 0.7368), "one significant digit", 0.7, "unknown"),
    (_rule_exercise("one_digit", 0.7368), "two significant digits", 0.74, "generic:rounded"),
    # 2. cut down or up: with 3 significant digits it counts (without it: "unknown", 0.9 % off)
    (_rule_exercise("truncated", np.array([101.93, 202.07])), "cut down", [101.0, 202.0], "generic:rounded"),
    (_rule_exercise("truncated", np.array([101.93, 202.07])), "cut up", [102.0, 203.0], "generic:rounded"),
    # ... with 2 it does not (any number near the value is a cut of it: "rounded" would be wrong)
    (_rule_exercise("truncated_two", 12.7), "cut down, 2 digits", 12.0, "unknown"),
    # 3. a plain rounding of the right answer is "rounded", even when it is a cut of a mistake
    (_rule_exercise("rounded_mistake", 0.7312, [("near", 0.7318), ("far", 0.7389)]),
     "rounded right answer", 0.731, "generic:rounded"),
    (_rule_exercise("rounded_mistake", 0.7312, [("near", 0.7318), ("far", 0.7389)]),
     "rounded mistake", 0.739, "far"),
    # 4. "permuted": only well-apart values (without the gap: "permuted")
    (_rule_exercise("permuted_close", np.array([0.3, 0.300002, 0.8])), "reversed",
     [0.8, 0.300002, 0.3], "unknown"),
    (_rule_exercise("permuted_apart", np.array([0.2, 0.5, 0.9])), "reversed", [0.9, 0.5, 0.2],
     "generic:permuted"),
    # 5. a mistake that is 0 by coincidence is not named for an exact 0 (one that is 0 is)
    (_rule_exercise("trivially_zero", 0.5, [("cancels", 1e-17)]), "zero", 0.0, "generic:zero"),
    (_rule_exercise("exactly_zero", 0.5, [("forgot", 0.0)]), "zero", 0.0, "forgot"),
    # float32: 16 eps32 for an answer of float32 numbers, unless the exercise declares its rtol
    (_rule_exercise("float32", 0.7), "float32, 1.5e-6 off",
     float(np.float32(0.7 * (1 + 1.5e-6))), None),
    (_rule_exercise("float32_rtol", 0.7, rtol=1e-6), "float32, 1.5e-6 off",
     float(np.float32(0.7 * (1 + 1.5e-6))), "generic:nearly"),
]


def typed_text(value) -> str:
    text = typed(value)
    return text.replace("Infinity", "1e309").replace("inf", "1e309")


def _fixture(ex, what, value):
    text = typed_text(value)
    r = ex.check(json.loads(text.replace("1e309", "Infinity")) if text.startswith("[")
                 else float(text), record=False)
    return dict(id=ex.id, what=what, typed=text, payload=page.payload(ex), passed=r.passed,
                mistake=None if r.passed else r.mistake, message=page.book_words(r.message, ex))


def fixtures():
    out = []
    for ex_id in VALUE_IDS:
        ex = CATALOG[ex_id]
        out.extend(_fixture(ex, what, value) for what, value in answers(ex))
    out.extend(_fixture(ex, what, value) for ex, what, value, _ in RULE_ANSWERS)
    return out


@pytest.mark.parametrize("ex, what, value, verdict", RULE_ANSWERS,
                         ids=[f"{ex.id}-{what}" for ex, what, _, _ in RULE_ANSWERS])
def test_each_rule_s_fixture_meets_its_rule(ex, what, value, verdict):
    """The answers made for one rule each get the verdict the rule gives in Python (so the
    JavaScript, compared with them, must have the rule)."""
    r = ex.check(value, record=False)
    assert (None if r.passed else r.mistake) == verdict, r.message


def test_payload_holds_what_the_page_needs():
    for ex_id in VALUE_IDS:
        p = page.payload(CATALOG[ex_id])
        json.dumps(p)
        assert p["id"] == ex_id and {"expected", "shape", "rtol", "atol", "mistakes", "generic",
                                     "hints", "digits", "not_finite", "shape_advice"} <= set(p)
        assert p["hints"] == [page.book_words(h, CATALOG[ex_id]) for h in CATALOG[ex_id].hints]
        assert p["declared_rtol"] == (CATALOG[ex_id].rtol is not None)
        # 1e309 (an overflow): what the library says, at any scale (65536 is not small)
        assert "NaN or infinity" in p["not_finite"] and "small" not in p["not_finite"]


def _payload_texts(p):
    yield from (m["message"] for m in p["mistakes"])
    yield from (m["hint"] for m in p["mistakes"] if m["hint"])
    yield from p["generic"].values()
    yield from p["shape_advice"].values()
    yield from p["hints"]
    yield p["pointers"]
    yield p["not_finite"]


@pytest.mark.parametrize("ex_id", VALUE_IDS)
def test_the_box_speaks_the_page_s_language(ex_id):
    """No notebook instructions (`.hint()`, "compute it in numpy", float64) and no raw
    a^{k-1} / n_{k-1} outside typeset $maths$ in anything the box can show."""
    for text in _payload_texts(page.payload(CATALOG[ex_id])):
        plain = re.sub(r"\$[^$]*\$|`[^`]*`", "", text)
        assert ".hint()" not in text and ".solution()" not in text, text
        assert not re.search(r"(?i)compute (it|both sides) in numpy|in float64", text), text
        assert not re.search(r"[\^_]\{", plain), text
        assert not re.search(r"\w\^[A-Za-z0-9]", plain), text


def test_book_words_and_unicode_maths():
    assert page.unicode_maths("z^k = W^k a^{k-1} + b^k, (n_{k-1}, n_k), (W^{k+1})^T δ^{k+1}_i") == \
        "zᵏ = Wᵏ aᵏ⁻¹ + bᵏ, (nₖ₋₁, nₖ), (Wᵏ⁺¹)ᵀ δᵏ⁺¹ᵢ"
    assert page.unicode_maths("`a_prev @ W^T` and $a^{k-1}$") == "`a_prev @ W^T` and $a^{k-1}$"
    ex = CATALOG["forward_propagation.activation"]
    said = page.book_words("Compare each step; `.hint()` gives a hint.", ex)
    assert said == "Compare each step; the Hint button gives a hint."
    rounded = page.payload(ex)["generic"]["rounded"]
    assert "numbers above" in rounded and f"{ex.digits} significant digits" in rounded


def test_a_check_result_as_plain_text_writes_the_maths_in_unicode():
    """repr/str of a CheckResult (a terminal, a plain-text front end) has no raw a^{k-1}: its
    message, its rows and its details are written as the answer box writes them (aᵏ⁻¹, nₖ₋₁)."""
    from backprop_lib.exercises.render import CheckResult

    ex = CATALOG["notation.weight_shape"]
    columns_first = next(w for m, w in ex.mistake_values() if m.name == "columns_first")
    r = ex.check(columns_first, record=False)
    assert r.mistake == "columns_first" and "a^{k-1}" in r.message   # the library's own text
    text = repr(r)
    assert "aᵏ⁻¹" in text and "nₖ₋₁" in text and str(r) == text
    assert not re.search(r"[\^_]\{", re.sub(r"`[^`]*`|\$[^$]*\$", "", text)), text
    rows = CheckResult("incorrect", "z^k is off", "x", rows=[("case 1", False, "W^T δ^{k+1} off")],
                       details="n_{k-1} units; `a^{k-1}` stays code")
    assert repr(rows) == "✘ Not yet: zᵏ is off\n  ✘ case 1: Wᵀ δᵏ⁺¹ off\nnₖ₋₁ units; `a^{k-1}` stays code"


def test_every_value_exercise_declares_its_digits():
    """An answer with the declared digits passes; none of the declared mistakes does."""
    for ex_id in VALUE_IDS:
        ex = CATALOG[ex_id]
        assert ex.digits == "exact" or isinstance(ex.digits, int) and 2 <= ex.digits <= 6, ex_id
        r = np.asarray(ex.reference(), dtype=np.float64)
        if isinstance(ex.digits, int):
            assert ex.check(np.vectorize(lambda v: float(f"{v:.{ex.digits - 1}e}"))(r), record=False).passed
            # the last digit wrong by one unit fails (3325.26 to 4 digits: 3326 is wrong)
            bump = np.vectorize(lambda v: v + 1.2 * 10.0 ** (np.floor(np.log10(abs(v))) - ex.digits + 1)
                                if v else 0.0)(r)
            if np.any(r != 0) and ex.rtol is None:
                assert not ex.check(bump, record=False).passed, ex_id
        for m, wrong in ex.mistake_values():
            assert not ex.check(wrong, record=False).passed, (ex_id, m.name)


@pytest.mark.parametrize("ex_id", sorted(CATALOG))
def test_answer_box_contract(ex_id):
    ex = CATALOG[ex_id]
    h = page.answer_box_html(ex)
    assert f'data-exercise="{ex_id}"' in h and "data-chapter-progress" in h
    assert "\n" not in h and "<script" not in h      # one raw-HTML block inside the book's markdown
    if ex.kind == "value":
        for attr in ("data-answer", "data-check", "data-feedback", "data-payload", "data-hint",
                     "data-hint-text"):
            assert attr in h
        # a phone's keyboard for it must offer the minus sign: not iOS's decimal pad
        assert 'inputmode="text"' in h and 'inputmode="decimal"' not in h
        assert ("significant digits" in h) if isinstance(ex.digits, int) else ("exact number" in h)
    else:
        assert "needs Python" in h and "mybinder.org" in h and "colab.research.google.com" in h
        assert f"chapters/{ex.chapter}.ipynb" in h


BOOK_ONLY = ["data-exercise", "bp-answer", "needs Python", "mybinder.org", "colab.research.google.com",
             "exercises done in this chapter", "data-chapter-progress", '"expected"', "data-payload"]


@pytest.mark.parametrize("ex_id", sorted(CATALOG))
def test_q_show_in_a_kernel_shows_no_part_of_the_book_s_box(ex_id):
    """q.show() is one output: its text/html (every kernel front end) holds the text, the folded
    solution and how to check it in the notebook; its text/markdown (the book) adds the box."""
    ex = CATALOG[ex_id]
    view = page.ExerciseView(ex)
    kernel = view._repr_html_()
    for part in BOOK_ONLY:
        assert part not in kernel, (ex_id, part)
    assert "q.check(" in kernel and "q.hint()" in kernel and "<details>" in kernel
    book = view._repr_markdown_()
    assert book.startswith("`````{exercise}") and f'data-exercise="{ex_id}"' in book
    box = book[book.index('<div class="bp-answer'):]
    assert "\n\n" not in box.strip()                 # a blank line would end the raw HTML block


def test_q_show_displays_one_output(monkeypatch):
    shown = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    CATALOG["forward_propagation.weighted_sum"].show()
    assert len(shown) == 1 and isinstance(shown[0], page.ExerciseView)


def test_student_mode_shows_no_box_no_expected_value_no_answer_hint(monkeypatch):
    monkeypatch.setenv("BACKPROP_STUDENT", "1")
    for ex in CATALOG.values():
        ex._expected_cache.clear()
        ex.check(0.5, record=False)
        view = page.ExerciseView(ex)
        for text in (view._repr_markdown_(), view._repr_html_(), repr(view)):
            assert "data-payload" not in text and '"expected"' not in text and "{solution}" not in text
        assert "answers are not part" in ex.reference().text
        if ex.kind == "value":
            with pytest.raises(PermissionError):
                ex.expected_value()
            with pytest.raises(RuntimeError):
                page.payload(ex)
            assert ex._expected_cache == {}
        for h in page.student_hints(ex):
            assert h != ex.hints[-1] or len(ex.hints) == 1
            assert not page._gives_the_answer(h)
        ex._next_hint = 1
        texts = [ex.hint().text for _ in range(len(ex.hints) + 1)]
        assert not any(ex.hints[-1] in t for t in texts) or len(ex.hints) == 1, ex.id
        ex._next_hint = 1


def test_a_passed_check_quotes_the_notebook_count(tmp_path, monkeypatch):
    import sys

    progress = sys.modules["backprop_lib.exercises.progress"]
    monkeypatch.setenv("BACKPROP_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.setitem(progress._disabled, "value", False)
    ex = CATALOG["forward_propagation.weighted_sum"]
    total = len([e for e in CATALOG.values() if e.chapter == "forward-propagation"])
    assert "done in this chapter" not in repr(ex.check(0.123))
    first = ex.check(ex.reference())
    assert f"1 of {total} done in this chapter" in repr(first)
    assert f"1 of {total} done in this chapter" in first._repr_html_()
    other = CATALOG["forward_propagation.activation"]
    assert f"2 of {total} done in this chapter" in repr(other.check(other.reference()))
    rows = {r["chapter"]: r for r in exercises.progress().rows}
    assert rows["forward-propagation"]["done"] == 2


def test_exercise_text_is_myst_with_its_label_and_a_collapsed_solution():
    ex = CATALOG["forward_propagation.weighted_sum"]
    md = page.exercise_text(ex)
    assert md.startswith("`````{exercise} " + ex.title) and ":label: ex-forward-propagation-weighted-sum" in md
    assert "{solution} ex-forward-propagation-weighted-sum" in md and ":class: dropdown" in md
    assert "<<" not in md and ">>" not in md          # every field filled in
    assert CATALOG["vanishing_gradients.sigmoid_slope"].label == "ex-vanishing-sigmoid-slope"


def test_the_javascript_checker_agrees_with_python(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    FIXTURES.parent.mkdir(parents=True, exist_ok=True)
    FIXTURES.write_text(json.dumps(fixtures(), indent=0), encoding="utf-8")
    out = subprocess.run([node, "--test", str(ROOT / "tests" / "js" / "checker.test.js")], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "# fail 0" in out.stdout
