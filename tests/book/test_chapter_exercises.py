"""The chapters use the exercise system as issue 3 asks (checked on the notebooks' source).

* every chapter except the notation page has auto-checked exercises from ``exercises.catalog()``;
* every id a chapter uses exists, and belongs to that chapter's prefix;
* every exercise a chapter uses has a hidden (remove-cell) ``assert q.check(q.reference()).passed``,
  so the reference solution runs and passes whenever the notebooks execute (nbval, book build);
* exercises are shown with the ``{exercise}`` directive followed by a collapsed ``{solution}``,
  with unique ``ex-`` labels across the book.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from backprop_lib import exercises

CHAPTERS = Path(__file__).resolve().parents[2] / "chapters"
PREFIX = {slug: slug.replace("-", "_") for slug in (
    "forward-propagation", "backward-propagation", "computing-the-cost", "backpropagating-the-cost",
    "weight-gradients", "vanishing-gradients", "initialization", "training-memory", "loss-scaling",
    "cross-entropy", "autodiff", "digits")}
PRESENT = sorted(slug for slug in PREFIX if (CHAPTERS / f"{slug}.ipynb").exists())
ASSIGN = re.compile(r'(\w+)\s*=\s*exercises\.get\(\s*["\']([\w.]+)["\']\s*\)')


def cells(slug):
    nb = json.loads((CHAPTERS / f"{slug}.ipynb").read_text(encoding="utf-8"))
    return [(c["cell_type"], "".join(c["source"]), c.get("metadata", {}).get("tags", []))
            for c in nb["cells"]]


@pytest.mark.parametrize("slug", PRESENT)
def test_chapter_uses_catalogued_exercises_with_hidden_reference_asserts(slug):
    cs = cells(slug)
    code = "\n".join(src for kind, src, _ in cs if kind == "code")
    hidden = "\n".join(src for kind, src, tags in cs if kind == "code" and "remove-cell" in tags)
    used = ASSIGN.findall(code)
    assert used, f"{slug}: no `q = exercises.get(...)` exercise"
    catalog = exercises.catalog()
    for var, ex_id in used:
        assert ex_id in catalog, f"{slug}: unknown exercise id {ex_id!r}"
        assert ex_id.split(".")[0] == PREFIX[slug], f"{slug}: {ex_id} belongs to another chapter"
        pattern = rf"{var}\.check\(\s*{var}\.reference\(\)\s*\)\.passed"
        assert re.search(pattern, hidden), (
            f"{slug}: no hidden `assert {var}.check({var}.reference()).passed` for {ex_id}")
        assert re.search(rf"{var}\.check\(", code.replace(f"{var}.check({var}.reference())", "")), (
            f"{slug}: the learner never checks an answer for {ex_id}")


@pytest.mark.parametrize("slug", PRESENT)
def test_chapter_exercises_use_exercise_and_solution_directives(slug):
    md = "\n".join(src for kind, src, _ in cells(slug) if kind == "markdown")
    labels = re.findall(r"```+\{exercise\}[^\n]*\n:label: (\S+)", md)
    assert labels, f"{slug}: no {{exercise}} directive"
    for label in labels:
        assert label.startswith("ex-"), label
        assert re.search(rf"```+\{{solution\}} {re.escape(label)}\s*\n:class: dropdown", md), (
            f"{slug}: {label} has no collapsed {{solution}} right after it")


def test_exercise_labels_are_unique_across_the_book():
    seen = {}
    for slug in PRESENT:
        md = "\n".join(src for kind, src, _ in cells(slug) if kind == "markdown")
        for label in re.findall(r"```+\{exercise\}[^\n]*\n:label: (\S+)", md):
            assert label not in seen, f"{label} in {slug} and {seen[label]}"
            seen[label] = slug
