"""Issue 14: exercises that cannot be fooled and feedback that is always right.

Rules enforced over the WHOLE catalog (so exercises added later are covered):
* no two declared mistakes agree on every case (shown and drawn), none equals the reference;
* a value exercise's mistakes are far from the answer and from each other (not 0.1 % apart);
* every function exercise runs on cases drawn afresh (other sizes than the ones shown);
* every message is plain Unicode text (no raw LaTeX);
* every hint's and solution's code runs in the context its exercise cell defines;
* every exercise of the catalog appears in its chapter.
Then every answer quoted in the issue, with the verdict and message it must get.
"""

from __future__ import annotations

import ast
import builtins
import copy
import json
import re
from pathlib import Path

import numpy as np
import pytest

from backprop_lib import exercises
from backprop_lib.exercises.diagnose import GENERIC_NAMES, generic_message

CATALOG = exercises.catalog()
IDS = sorted(CATALOG)
FUNCTION_IDS = [i for i in IDS if CATALOG[i].kind == "function"]
VALUE_IDS = [i for i in IDS if CATALOG[i].kind == "value"]
ROOT = Path(__file__).resolve().parents[2]


def _as_float(x):
    if isinstance(x, (tuple, list)):
        return [np.asarray(v, dtype=float) for v in x]
    return [np.asarray(x, dtype=float)]


def _same(a, b, rtol=1e-6):
    a, b = _as_float(a), _as_float(b)
    return len(a) == len(b) and all(u.shape == v.shape and np.allclose(u, v, rtol=rtol, atol=1e-12)
                                    for u, v in zip(a, b))


# ============================================================================ catalog-wide rules

@pytest.mark.parametrize("ex_id", IDS)
def test_no_two_mistakes_agree_on_every_case(ex_id):
    ex = CATALOG[ex_id]
    if ex.kind == "value":
        cases = [None]
        outputs = {m.name: [m.wrong()] for m in ex.mistakes}
        ref = [ex.reference()]
    else:
        cases = ex.draw_cases(np.random.default_rng(0))
        outputs = {}
        for m in ex.mistakes:
            outs = []
            for c in cases:
                try:
                    outs.append(m.wrong(**copy.deepcopy(c)))
                except Exception:
                    outs.append("raises")
            outputs[m.name] = outs
        ref = [ex.reference()(**copy.deepcopy(c)) for c in cases]
    names = list(outputs)
    for i, a in enumerate(names):
        assert not all(not isinstance(o, str) and _same(o, r) for o, r in zip(outputs[a], ref)), (
            f"{ex_id}: mistake {a} equals the reference on every case")
        for b in names[i + 1:]:
            agree = all((isinstance(x, str) and isinstance(y, str)) or
                        (not isinstance(x, str) and not isinstance(y, str) and _same(x, y))
                        for x, y in zip(outputs[a], outputs[b]))
            assert not agree, f"{ex_id}: mistakes {a} and {b} agree on every case"


@pytest.mark.parametrize("ex_id", VALUE_IDS)
def test_value_mistakes_are_far_from_the_answer_and_each_other(ex_id):
    ex = CATALOG[ex_id]
    values = [("reference", ex.reference())] + [(m.name, m.wrong()) for m in ex.mistakes]
    for i, (a, va) in enumerate(values):
        for b, vb in values[i + 1:]:
            fa, fb = _as_float(va), _as_float(vb)
            if len(fa) != len(fb) or any(u.shape != v.shape for u, v in zip(fa, fb)):
                continue
            rtol = max(100 * ex.tolerances(np.asarray(ex.reference()))[0], 2e-3)
            assert not _same(va, vb, rtol=rtol), f"{ex_id}: {a} and {b} are within {rtol:g}"


@pytest.mark.parametrize("ex_id", FUNCTION_IDS)
def test_function_exercises_run_on_cases_drawn_afresh(ex_id):
    ex = CATALOG[ex_id]
    assert ex.random_case is not None and ex.n_random >= 2, f"{ex_id}: no random cases"
    drawn = [ex.draw_cases(np.random.default_rng(seed))[len(ex.cases):] for seed in range(3)]
    sig = {repr([(k, np.shape(v) if isinstance(v, np.ndarray) else
                  (len(v) if isinstance(v, list) else v)) for k, v in c.items()])
           for cs in drawn for c in cs}
    assert len(sig) > 1, f"{ex_id}: the drawn cases all look the same"
    assert ex.check(ex.reference()).passed


_LATEX = re.compile(r"\$|\\[a-zA-Z]+|<su[bp]>")


def test_every_message_is_plain_unicode_text():
    for ex_id, ex in CATALOG.items():
        for m in ex.mistakes:
            assert not _LATEX.search(m.message), f"{ex_id}/{m.name}: raw LaTeX in {m.message!r}"
            if m.hint:
                assert not _LATEX.search(m.hint), f"{ex_id}/{m.name}: raw LaTeX in its hint"
        for name in GENERIC_NAMES:
            text = generic_message(name, ex.quantity, ex.factor2)
            assert not _LATEX.search(text), (ex_id, name, text)


# ---------------------------------------------------------------- hint and solution code in context

# Names the chapters use for their running example: an exercise's code must not rely on them.
_CHAPTER_NAMES = ["z", "O", "E", "w", "W", "a", "b", "x", "delta", "L", "trace", "grads"]


class _ChapterValue:
    """Stands for a chapter's running-example variable: using it in exercise code fails loudly."""

    def __getattr__(self, name):
        raise AssertionError("exercise code used a chapter variable")


def _snippets(text):
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    rest = re.sub(r"```python\n.*?```", "", text, flags=re.S)
    inline = re.findall(r"`([^`\n]+)`", rest)
    return blocks, inline


def _context(ex):
    ns = {"np": np, "exercises": exercises, "q": ex}
    ns.update({n: _ChapterValue() for n in _CHAPTER_NAMES})
    if ex.kind == "value":
        exec(ex.template or "my_answer = ...", ns)
    else:
        ns.update(copy.deepcopy(ex.cases[0]))
    return ns


def _chapter_definitions(ex_id):
    """What a chapter defines for its exercises to use (not a running-example variable): the
    autodiff chapter's own engine, Value and quadratic_cost, taken from its notebook's cells."""
    if ex_id != "autodiff.train_with_engine":
        return {}
    import nbformat

    nb = nbformat.read(Path(__file__).resolve().parents[2] / "chapters" / "autodiff.ipynb", as_version=4)
    ns = {"np": np}
    for cell in nb.cells:
        if cell.cell_type == "code" and ("class Value" in cell.source or "def quadratic_cost" in cell.source):
            exec(cell.source, ns)
    return {k: ns[k] for k in ("Value", "quadratic_cost", "unbroadcast")}


@pytest.mark.parametrize("ex_id", IDS)
def test_hint_and_solution_code_runs_in_the_exercise_cells_context(ex_id):
    ex = CATALOG[ex_id]
    assert ex.template, f"{ex_id}: no template (the exercise cell's code)"
    blocks, inline = _snippets(ex.solution_text)
    for block in blocks:
        ns = _context(ex)
        if ex.kind == "function":
            ns = {"np": np, **{n: _ChapterValue() for n in _CHAPTER_NAMES}, **_chapter_definitions(ex_id)}
        exec(block, ns)
        if ex.kind == "value" and "my_answer" in block:
            assert ex.check(ns["my_answer"]).passed, f"{ex_id}: the solution's code does not pass"
        if ex.kind == "function":
            fn = next(v for k, v in ns.items() if callable(v) and getattr(v, "__module__", None) is None
                      and not isinstance(v, _ChapterValue) and k not in ("np",)
                      and k not in _chapter_definitions(ex_id))
            assert ex.check(fn).passed, f"{ex_id}: the solution's function does not pass"
    if ex.kind == "function":
        return      # inline snippets of a function exercise are pieces of the function's body
    # inline snippets, hint by hint: names assigned in one snippet may be used in the next
    for text in [*ex.hints, re.sub(r"```python\n.*?```", "", ex.solution_text, flags=re.S)]:
        ns = _context(ex)
        assigned = set()
        for snippet in _snippets(text)[1]:
            try:
                tree = ast.parse(snippet)
            except SyntaxError:
                continue               # a fragment such as `return ...`
            names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
            free = names - assigned - _LIBRARY_NAMES
            missing = [n for n in free if n not in ns and not hasattr(builtins, n)]
            assert not missing, f"{ex_id}: `{snippet}` uses {missing}, which its cell does not define"
            chapter = [n for n in free if isinstance(ns.get(n), _ChapterValue)]
            assert not chapter, f"{ex_id}: `{snippet}` uses the chapter's {chapter}, not the cell's names"
            assigned |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


# Library names that hints and solutions mention as references, not as the cell's data.
_LIBRARY_NAMES = {"backprop_lib", "Network", "activations", "net", "initializers", "loss_scaling"}


def test_every_catalog_entry_appears_in_its_chapter():
    used = {}
    for slug, module in exercises.CHAPTERS:
        nb = json.loads((ROOT / "chapters" / f"{slug}.ipynb").read_text(encoding="utf-8"))
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        for ex_id in re.findall(r'exercises\.get\(\s*["\']([\w.]+)["\']', code):
            used[ex_id] = slug
    missing = sorted(set(CATALOG) - set(used))
    assert not missing, f"exercises in no chapter: {missing}"
    for ex_id, slug in used.items():
        assert CATALOG[ex_id].chapter == slug, (ex_id, slug)


# ============================================================================ the answers quoted in the issue

def check(ex_id, answer):
    return CATALOG[ex_id].check(answer)


def test_float16_answers_do_not_loosen_the_tolerance():
    q = CATALOG["backward_propagation.delta_one_node"]
    wrong = next(m for m in q.mistakes if m.name == "sigma_prime_of_a").wrong()
    r = q.check(np.float16(wrong))
    assert not r.passed and r.mistake == "sigma_prime_of_a"
    r = check("forward_propagation.activation", np.array([.12, .5, .82], np.float16))
    assert not r.passed and r.mistake == "generic:rounded"


def test_delta_one_node_data_keeps_the_classic_mistakes_apart():
    q = CATALOG["backward_propagation.delta_one_node"]
    d = q.data
    z = float(d["w"] @ d["x"] + d["b"])
    slope_z, slope_a = 1 - np.tanh(z) ** 2, 1 - np.tanh(np.tanh(z)) ** 2
    assert abs(slope_a / slope_z - 1) > 0.2        # at z = 0.2 they were 0.1 % apart


def test_hard_coded_depth_fails_on_drawn_cases():
    def two_layers(a, delta):
        return [np.outer(delta[1], a[0]), np.outer(delta[2], a[1])]
    r = check("weight_gradients.all_layers", two_layers)
    assert not r.passed and "depth" in r.message       # shown cases of several depths

    q = CATALOG["backpropagating_the_cost.backprop_all"]

    def three_layers(W, z, E, activation):
        d3 = 2 * (activation(z[3]) - E) * activation.derivative(z[3])
        d2 = activation.derivative(z[2]) * (W[3].T @ d3)
        d1 = activation.derivative(z[1]) * (W[2].T @ d2)
        return [d1, d2, d3]
    assert not q.check(three_layers).passed


def test_a_numerical_gradient_is_told_to_use_backpropagation():
    def numeric(W, z, E, activation):
        L = len(W) - 1

        def cost(zk, k):
            a = activation(zk)
            for j in range(k + 1, L + 1):
                a = activation(W[j] @ a + (z[j] - W[j] @ activation(z[j - 1])))
            return float(np.sum((a - E) ** 2))
        out = []
        for k in range(1, L + 1):
            g = np.zeros_like(z[k])
            for i in range(len(z[k])):
                h = np.zeros_like(z[k])
                h[i] = 1e-6
                g[i] = (cost(z[k] + h, k) - cost(z[k] - h, k)) / 2e-6
            out.append(g)
        return out
    r = check("backpropagating_the_cost.backprop_all", numeric)
    assert not r.passed and r.mistake == "not_backprop"
    assert "backpropagation" in r.message and "well done" in r.message


def test_a_python_loop_is_pointed_out_kindly():
    def loop(W, A_prev, b):
        return np.array([np.tanh(W @ a + b) for a in A_prev])
    r = check("forward_propagation.batch_forward", loop)
    assert not r.passed and r.mistake == "loop" and "right results" in r.message


def test_single_numbers_get_rounded_or_the_declared_mistake_not_a_constant_factor():
    r = check("vanishing_gradients.layers_until", 9.97)
    assert r.mistake == "not_a_whole_number", r
    r = check("vanishing_gradients.one_step", 0.41)
    assert r.mistake == "generic:rounded", r
    r = check("vanishing_gradients.exploding", 17.0)
    assert r.mistake != "generic:factor"


def test_generic_messages_speak_of_the_exercises_quantity():
    for ex_id, quantity in [("initialization.forward_variance", "Var(zᵏ)"),
                            ("loss_scaling.smallest_scale", "S"),
                            ("backward_propagation.delta_one_node", "δᵏ")]:
        q = CATALOG[ex_id]
        r = q.check(2 * np.asarray(q.reference()))
        assert r.mistake == "generic:double", (ex_id, r)
        assert quantity in r.message and "Σ(O" not in r.message, r.message
    q = CATALOG["computing_the_cost.squared_error"]
    assert "no ½" in q.factor2


def test_mistakes_that_coincided_on_the_first_case_are_told_apart():
    r = check("initialization.he_variance", lambda n_in, alpha: 1 / (2 * (1 + alpha ** 2) * n_in))
    assert r.mistake == "halved", r
    r = check("computing_the_cost.batch_cost", lambda O, E: float(np.sum((O - E) ** 2) / (len(O) - 1)))
    assert r.mistake == "divided_by_B_minus_1", r
    r = check("weight_gradients.all_layers",
              lambda a, delta: [np.outer(delta[k], a[k - 1]) for k in range(len(a) - 1, 0, -1)])
    assert r.mistake == "reversed_order", r
    q = CATALOG["weight_gradients.single_weight"]
    d = q.data
    r = q.check(np.outer(d["delta2"], d["a1"]))
    assert r.mistake == "whole_matrix" and "ONE entry" in r.message


def test_near_misses_point_at_the_step_not_the_result():
    texts = {(i, m.name): m.message for i, ex in CATALOG.items() for m in ex.mistakes}
    assert "lower" not in texts[("loss_scaling.largest_scale", "one_too_far")]
    assert "9.97" not in texts[("vanishing_gradients.layers_until", "rounded_down")]
    assert "UP" not in texts[("vanishing_gradients.layers_until", "rounded_down")]
    assert "delta2[0]" not in texts[("weight_gradients.single_weight", "zero_based")]


def test_function_feedback_diagnosis_first_prints_and_the_failing_line():
    q = CATALOG["forward_propagation.layer_forward"]

    def noisy(W, a_prev, b):
        print("shapes", W.shape, a_prev.shape)
        return np.tanh(W @ a_prev)
    r = q.check(noisy)
    assert r.mistake == "missing_bias"
    assert r.message.startswith(next(m.message for m in q.mistakes if m.name == "missing_bias"))
    assert len(r.message.split("(Seen on")[0]) < 300
    assert "shapes" in r.details and "printed" in r.details
    assert len(r.rows) == len(q.last_cases) >= len(q.cases) + 2      # the results table

    def broken(W, a_prev, b):
        z = W @ a_prev + b
        return np.tanh(z) @ np.ones((7, 7))
    r = q.check(broken)
    assert r.mistake == "raised" and "np.tanh(z) @ np.ones((7, 7))" in r.message
    assert "line 3 of your function" in r.message


def test_a_one_sided_finite_difference_is_named():
    q = CATALOG["computing_the_cost.output_gradient"]
    d = q.data
    h = 1e-3
    C = lambda O: np.sum((O - d["E"]) ** 2)
    one_sided = np.array([(C(d["O"] + h * e) - C(d["O"])) / h for e in np.eye(len(d["O"]))])
    r = q.check(one_sided)
    assert r.mistake == "generic:finite_difference" and "one-sided" in r.message


def test_bfloat16_round_uses_ties_that_tell_the_rules_apart():
    q = CATALOG["loss_scaling.bfloat16_round"]
    x = q.data["x"]
    assert 1 + 2.0 ** -8 in x
    from backprop_lib import loss_scaling
    assert np.array_equal(q.reference(), [float(loss_scaling.to_bfloat16(v)) for v in x])
    half_up = 1 + np.floor((x - 1) * 128 + 0.5) / 128
    assert q.check(half_up).mistake == "half_up"


def test_initialization_exercises_ask_for_what_is_not_displayed():
    assert not np.isclose(CATALOG["initialization.var_w"].reference()(100, 300), 2 / 400)
    assert not np.isclose(CATALOG["initialization.uniform_bound"].reference()(100, 300), np.sqrt(6 / 400))
    assert "alpha" in CATALOG["initialization.he_variance"].cases[0]


def test_two_layer_forward_was_dropped():
    assert "forward_propagation.two_layer_forward" not in CATALOG


def test_hint_after_a_diagnosed_mistake_is_that_mistakes_hint():
    q = exercises.catalog()["weight_gradients.single_weight"]
    q._next_hint = 1
    d = q.data
    q.check(np.outer(d["delta2"], d["a1"]))
    first = repr(q.hint())
    assert "Hint for your last answer" in first and "row" in first
    assert "Hint 1 of" in repr(q.hint())


@pytest.mark.parametrize("ex_id", IDS)
def test_hints_go_from_the_idea_through_a_middle_step_to_the_code(ex_id):
    assert len(CATALOG[ex_id].hints) >= 3, f"{ex_id}: needs an idea, a middle step and the code"
