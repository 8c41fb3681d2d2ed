"""Binder-readiness (issue 7): a fresh virtual environment with only
`pip install -r requirements.txt` (what Binder and a learner run) executes every chapter
notebook top to bottom.

The environment is made with `python -m venv` in a temporary folder (no system site-packages);
pip may reuse its download/wheel cache, so this is quick after the first run. The notebooks are the
student copies (``tasks.py student``), outside the repo, so nothing but the installed requirements
can be imported, executed with nbclient from that environment and its own ipykernel: one execution
(tests/book/conftest.py's ``student_run``) that test_student_notebooks_run.py reads too.

Slow (~1-3 min): marked `slow` (part of the full test command; deselect with `-m "not slow"`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_requirements_are_pinned():
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    loose = [line for line in lines if line and not line.startswith("-") and "==" not in line and "@" not in line]
    assert not loose, f"requirements.txt entries without an exact pin: {loose}"


def test_every_chapter_runs_in_a_fresh_environment(student_run):
    """Every chapter, as a learner gets it (the student copy: the notebook less its hidden checks,
    which nbval runs in every test run), runs top to bottom with nothing but requirements.txt."""
    results = student_run["results"]
    assert student_run["chapters"], "no chapter notebooks found in _toc.yml"
    assert sorted(results) == sorted(p.name for p in student_run["chapters"])
    failed = {name: r["error"] for name, r in results.items() if not r["ok"]}
    assert not failed, "chapters that fail in a fresh `pip install -r requirements.txt` environment:\n" + \
        "\n\n".join(f"{name}:\n{err}" for name, err in failed.items())
    print({name: r["seconds"] for name, r in results.items()})
