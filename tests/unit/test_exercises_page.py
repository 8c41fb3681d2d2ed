"""The book's answer box: payload, HTML contract, and the JavaScript checker (node --test).

The JavaScript (backprop_lib/exercises/checker.js) must give the same verdict and message as
``Exercise.check`` for every value exercise: this test writes, for each value exercise, its
reference and each declared mistake (typed as a learner would, with 17 significant digits),
plus a few generic mistakes, with what Python says; ``node --test tests/js`` compares.
"""

from __future__ import annotations

import json
import shutil
import subprocess
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


def fixtures():
    out = []
    for ex_id in VALUE_IDS:
        ex = CATALOG[ex_id]
        p = page.payload(ex)
        for what, value in answers(ex):
            text = typed(value)
            r = ex.check(json.loads(text) if text.startswith("[") else float(text))
            out.append(dict(id=ex_id, what=what, typed=text, payload=p, passed=r.passed,
                            mistake=None if r.passed else r.mistake, message=r.message))
    return out


def test_payload_holds_what_the_page_needs():
    for ex_id in VALUE_IDS:
        p = page.payload(CATALOG[ex_id])
        json.dumps(p)
        assert p["id"] == ex_id and {"expected", "shape", "rtol", "atol", "mistakes", "generic"} <= set(p)


@pytest.mark.parametrize("ex_id", sorted(CATALOG))
def test_answer_box_contract(ex_id):
    ex = CATALOG[ex_id]
    h = page.answer_box_html(ex)
    assert f'data-exercise="{ex_id}"' in h and "data-chapter-progress" in h
    if ex.kind == "value":
        for attr in ("data-answer", "data-check", "data-feedback", "data-payload"):
            assert attr in h
    else:
        assert "needs Python" in h and "mybinder.org" in h and "colab.research.google.com" in h
        assert f"chapters/{ex.chapter}.ipynb" in h


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
