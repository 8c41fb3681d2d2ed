"""exercises.progress(): the notebook's progress table, from a small JSON file written atomically.

A missing or corrupt file never breaks anything (the table starts fresh and says so); attempts,
passed, hints and solutions are counted per exercise and summed per chapter.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from backprop_lib import exercises


@pytest.fixture
def progress_file(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "progress.json"
    monkeypatch.setenv("BACKPROP_PROGRESS", str(path))
    return path


def test_checks_hints_and_solutions_are_counted(progress_file):
    q = exercises.get("forward_propagation.weighted_sum")
    q.check(0.5)
    q.check(q.reference())
    q.check(...)                          # not attempted: not counted
    q.hint(1)
    q.solution()
    data = json.loads(progress_file.read_text())
    assert data["exercises"]["forward_propagation.weighted_sum"] == {
        "attempts": 2, "passed": True, "hints": 1, "solutions": 1}
    table = exercises.progress()
    row = next(r for r in table.rows if r["chapter"] == "forward-propagation")
    assert row["done"] == 1 and row["total"] == len(exercises.forward_propagation.EXERCISES)
    assert "1 of 4" in repr(table) and "1 of 4 exercises done" in table._repr_html_()
    assert not table.notice


def test_a_missing_file_starts_fresh(progress_file):
    table = exercises.progress()
    assert all(r["done"] == 0 and r["attempts"] == 0 for r in table.rows)
    assert not progress_file.exists()


@pytest.mark.parametrize("content", ["{not json", "[]", '{"exercises": 3}', "", '{"exercises": {"a.b": {"attempts": "x"}}}'])
def test_a_corrupt_file_starts_fresh_and_says_so(progress_file, content):
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text(content)
    table = exercises.progress()
    assert "starting fresh" in table.notice and "starting fresh" in repr(table)
    q = exercises.get("notation.weight_shape")
    assert q.check(q.reference()).passed              # checking still works
    assert json.loads(progress_file.read_text())["exercises"]["notation.weight_shape"]["passed"]


def test_the_file_is_written_atomically(progress_file, monkeypatch):
    q = exercises.get("notation.weight_shape")
    q.check(q.reference())
    before = progress_file.read_text()

    def broken_replace(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", broken_replace)
    q.check(np.array([6, 3]))                          # the write fails: no exception, old file intact
    assert progress_file.read_text() == before
    assert not [p for p in progress_file.parent.iterdir() if p.name.startswith(".progress-")]


def test_reset(progress_file):
    q = exercises.get("notation.weight_shape")
    q.check(q.reference())
    exercises.reset_progress()
    assert not progress_file.exists()
    assert exercises.progress().rows[0]["done"] == 0


def test_the_chapters_hidden_reference_checks_are_not_counted(progress_file):
    q = exercises.get("notation.weight_shape")
    assert q.check(q.reference(), record=False).passed
    assert not progress_file.exists()
