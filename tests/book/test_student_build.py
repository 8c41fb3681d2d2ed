"""`python3 tasks.py student` (issue 16): student notebooks without the answers.

The student copies keep the chapters runnable and the auto-checked exercises, and lose what shows
an answer: the worked solutions, the hidden checking cells (which state the exercises' reference
answers) and the quizzes' answer keys. Checked: no exercise's reference value appears in them.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from backprop_lib import exercises

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
EXERCISE_ID = re.compile(r'exercises\.(?:catalog\(\)\[|get\()\s*["\']([\w.]+)["\']')


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    result = subprocess.run([sys.executable, str(ROOT / "tasks.py"), "student", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "chapters"


def _cells(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(cells) -> str:
    return "\n".join("".join(c["source"]) for c in cells)


def answer_forms(value) -> set[str]:
    """How a numeric reference answer would be written, where that is distinctive: at least three
    significant digits (0.5286, -0.1069, 529408, 3325), as printed with 2 to 6 decimals."""
    forms = set()
    for v in np.atleast_1d(np.asarray(value, dtype=float)).ravel():
        candidates = {f"{v:.{d}f}" for d in range(2, 7)} | {f"{v:.4g}", repr(float(v))}
        if float(v).is_integer():
            candidates.add(str(int(v)))
        for c in candidates:
            c = c.rstrip("0").rstrip(".") if "." in c else c
            digits = re.sub(r"^[-0.]+", "", c).replace(".", "")
            if len(digits) >= 3 and abs(float(c) - v) <= 5e-4 * max(1.0, abs(v)):
                forms.add(c)
    return forms


def test_every_chapter_has_a_student_copy(student_dir):
    assert sorted(p.name for p in student_dir.glob("*.ipynb")) == [p.name for p in CHAPTERS]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_solutions_checks_or_answer_keys(student_dir, path):
    cells = _cells(student_dir / path.name)
    text = _text(cells)
    assert not re.search(r"\{solution\}", text), "a {solution} block is left"
    assert ".reference()" not in text, "a cell calls .reference() (the exercise's answer)"
    assert "exercises.quiz(" not in text, "a quiz (its source is the answer key) is left"
    for c in cells:
        src = "".join(c["source"])
        if c["cell_type"] == "code":
            assert not re.search(r"^\s*assert\b", src, re.M), f"a checking cell is left:\n{src[:200]}"
            assert not c.get("outputs"), "outputs left in a student notebook"
    # the exercises themselves stay: statement and auto-checked code cell
    original = _text(_cells(path))
    assert text.count("{exercise}") == original.count("{exercise}")
    assert set(EXERCISE_ID.findall(text)) == set(EXERCISE_ID.findall(original))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_reference_value_appears(student_dir, path):
    text = _text(_cells(student_dir / path.name))
    catalog = exercises.catalog()
    found = []
    for ex_id in sorted(set(EXERCISE_ID.findall(_text(_cells(path))))):
        ref = catalog[ex_id].reference()
        if callable(ref):
            continue
        for form in sorted(answer_forms(ref)):
            if re.search(rf"(?<![\w.]){re.escape(form)}(?![\w])", text):
                found.append(f"{ex_id}: {form}")
    assert not found, f"reference answers visible in the student notebook: {found}"


def test_the_reference_values_of_the_course_are_detected():
    """The value test is not vacuous: each value exercise's answer, written into a cell as a
    learner or an author would write it, is found by the same search."""
    catalog = exercises.catalog()
    hits = 0
    for ex in catalog.values():
        ref = ex.reference()
        if callable(ref):
            continue
        forms = sorted(answer_forms(ref))
        if not forms:          # too short to be distinctive (a shape, a small count)
            continue
        leaked = f"q.check({forms[0]})  # the answer"
        assert any(re.search(rf"(?<![\w.]){re.escape(f)}(?![\w])", leaked) for f in forms), ex.id
        hits += 1
    assert hits >= 10, f"only {hits} value exercises"


def _names(src: str) -> tuple[set[str], set[str]]:
    """(names the cell binds, names it reads), from its syntax tree: comprehension and loop
    variables, function arguments and imports count as bound."""
    tree = ast.parse(src)
    bound, used = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, (ast.Store, ast.Del)) else used).add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return bound, used


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_student_notebook_still_runs_top_to_bottom(student_dir, path):
    """A name that only a removed cell defined (a hidden check, a quiz) is not used by a kept cell."""
    student = [c for c in _cells(student_dir / path.name) if c["cell_type"] == "code"]
    kept = {c.get("id"): _names("".join(c["source"])) for c in student}
    kept_src = {c.get("id"): "".join(c["source"]) for c in student}
    removed = set()
    for c in _cells(path):
        src = "".join(c["source"])
        if c["cell_type"] == "code" and kept_src.get(c.get("id")) != src:
            removed |= _names(src)[0]
    removed -= set().union(*(b for b, _ in kept.values())) | {"_"}
    for cid, (bound, used) in kept.items():
        lost = sorted((used & removed) - bound)
        assert not lost, f"cell {cid} uses {lost}, defined only in a cell the student build removed"


def test_student_notebooks_switch_the_solutions_off(student_dir, monkeypatch):
    """The first cell of every student notebook sets BACKPROP_STUDENT=1; with it set, an exercise
    shows its text without the worked solution, and q.solution() withholds it."""
    for path in CHAPTERS:
        first = _cells(student_dir / path.name)[0]
        assert 'os.environ["BACKPROP_STUDENT"] = "1"' in "".join(first["source"])
    from backprop_lib.exercises.page import ExerciseView, exercise_text

    q = next(q for q in exercises.catalog().values() if q.solution_text)
    assert "{solution}" in exercise_text(q) and "Solution" in ExerciseView(q)._repr_html_()
    monkeypatch.setenv("BACKPROP_STUDENT", "1")
    assert "{solution}" not in exercise_text(q) and "Solution" not in ExerciseView(q)._repr_html_()
    assert q.solution_text.strip()[:40] not in q.solution().text
