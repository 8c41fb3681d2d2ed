"""The maps of the course (issue 16), checked on the sources: no build needed.

* every chapter of _toc.yml opens with a chapter map (core or optional, a time that agrees with the
  one computed from the notebook, 3-5 objectives, prerequisites), cites the source text where it
  quotes it, has a quick quiz, and ends with further reading; the last chapter with "where next";
* no answer sits next to its exercise: a hidden cell right after an exercise holds at most the bare
  ``assert q.check(q.reference()).passed``, and every solution is folded for JupyterLab and Colab;
* the glossary defines every ``{term}`` the book uses, and the words learners type;
* the vocabulary table maps the course's names onto PyTorch, d2l and Nielsen;
* the source is cited and the licences are stated; one version everywhere.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "_ext"))
import course_map  # noqa: E402

CHAPTERS = course_map.toc_chapters(ROOT)
EXERCISE_CODE = re.compile(r"exercises\.(?:catalog\(\)\[|get\()")


def nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def src(cell) -> str:
    return "".join(cell["source"])


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def test_the_chapters_are_found():
    assert len(CHAPTERS) >= 10, CHAPTERS


# --------------------------------------------------------------------------- chapter maps


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_opens_with_its_map(path):
    book = nb(path)
    cells = book["cells"]
    i = course_map.card_index(book)
    assert i is not None, f"{path.name}: no chapter map (a markdown cell with ':class: chapter-map')"
    title = next(j for j, c in enumerate(cells) if c["cell_type"] == "markdown"
                 and re.match(r"\(ch-[\w-]+\)=\s*\n#\s", src(c)))
    assert i == title + 1, f"{path.name}: the chapter map should come right after the title cell"
    card = src(cells[i])
    assert re.search(r"\*\*(Core|Optional) chapter\*\*", card), "say whether the chapter is core or optional"
    objectives = re.findall(r"^\d+\. \S", card.split("**After this chapter you can**")[-1], re.M)
    assert 3 <= len(objectives) <= 5, f"{path.name}: {len(objectives)} objectives (want 3-5)"
    assert re.search(r"^\*\*Prerequisites:\*\* \S", card, re.M), "state the prerequisites"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_stated_time_is_the_computed_one(path):
    """The time is computed (words, exercises, quizzes, explorers), not typed. Prose edits move the
    word count a little, so the minutes may differ by one rounding step; the counts must agree.
    Fix with: python3 _ext/course_map.py --write"""
    book = nb(path)
    stated = course_map.stated_time_line(book)
    assert stated, f"{path.name}: the chapter map has no '**Time:** about N min (...)' line"
    want = course_map.time_line(book)
    minutes = lambda line: int(re.search(r"about (\d+) min", line).group(1))  # noqa: E731
    counts = lambda line: re.findall(r"(\d+) (exercise|quiz|explorer)", line)  # noqa: E731
    assert abs(minutes(stated) - minutes(want)) <= 5 and counts(stated) == counts(want), (
        f"{path.name}: the map says {stated!r}, computed {want!r}; run python3 _ext/course_map.py --write")


def test_estimate_counts_what_a_reader_does():
    fake = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["word " * 240]},
        {"cell_type": "markdown", "metadata": {}, "source": ["```{exercise} T\n:label: ex-t\n\nDo it.\n```"]},
        {"cell_type": "code", "metadata": {"tags": ["remove-cell"]}, "source": ["assert 1 " * 100]},
        {"cell_type": "code", "metadata": {}, "source": ['explorers.catalog()["x"]()']},
        {"cell_type": "code", "metadata": {"tags": ["remove-input"]}, "source": ["exercises.quiz([])"]},
    ]}
    stats = course_map.chapter_stats(fake)
    assert stats["exercises"] == 1 and stats["quizzes"] == 1 and stats["explorers"] == 1
    assert 240 <= stats["words"] < 250            # hidden code is not read
    assert course_map.estimate_minutes(stats) == 15   # 2 + 6 + 3 + 3 = 14 -> 15


def test_an_exercise_that_asks_for_a_function_counts_more_than_one_that_asks_for_a_value():
    """Writing and debugging a function (the capstone's backward pass, its training loop) takes
    longer than computing one number: MINUTES_PER_FUNCTION_EXERCISE against MINUTES_PER_EXERCISE."""
    def nb(ex_id):
        return {"cells": [{"cell_type": "code", "metadata": {},
                           "source": [f'q = exercises.get("{ex_id}")\nq.show()\n']}]}

    value = course_map.chapter_stats(nb("autodiff.shared_weight"))
    function = course_map.chapter_stats(nb("digits.backward"))
    assert value["function_exercises"] == 0 and function["function_exercises"] == 1
    assert course_map.MINUTES_PER_FUNCTION_EXERCISE > course_map.MINUTES_PER_EXERCISE
    extra = course_map.MINUTES_PER_FUNCTION_EXERCISE - course_map.MINUTES_PER_EXERCISE
    plain = dict(function, function_exercises=0)
    assert course_map.estimate_minutes(function) >= course_map.estimate_minutes(plain) + extra - 5


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_that_quotes_the_source_text_cites_it(path):
    book = nb(path)
    text = "\n".join(src(c) for c in book["cells"] if c["cell_type"] == "markdown")
    if "source text" in text.replace(src(book["cells"][course_map.card_index(book)]), ""):
        card = src(book["cells"][course_map.card_index(book)])
        assert "{cite}`fourdiagrams`" in card, f"{path.name} quotes the source text but does not cite it"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_a_quick_quiz(path):
    assert any(c["cell_type"] == "code" and "exercises.quiz(" in src(c) for c in nb(path)["cells"])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_ends_with_further_reading(path):
    cells = nb(path)["cells"]
    md = [c for c in cells if c["cell_type"] == "markdown"]
    last = src(md[-1])
    assert course_map.is_further_reading(md[-1]) and "## Further reading" in last, (
        f"{path.name}: the last markdown cell should be '(further-{path.stem})=' + '## Further reading'")
    entries = re.findall(r"^- .*(?:\]\(https?://|\{cite\}|\{ref\})", last, re.M)
    assert len(entries) >= 3, f"{path.name}: {len(entries)} further-reading entries with a link or citation"


def test_last_chapter_says_where_next():
    assert "## Where next" in src(nb(CHAPTERS[-1])["cells"][-1])


# --------------------------------------------------------------------------- answers not in sight


STATES_ANSWER = re.compile(
    r"reference\(\)\s*(==|<=|>=)\s*-?[\d(\[]"                       # q.reference() == 529408
    r"|-?\d[\d.e-]*\s*==\s*q\d+\.reference\(\)"                      # 51 == q.reference()
    r"|(isclose|allclose)\(\s*q\d+\.reference\(\),\s*[-\[\d]"          # np.isclose(q.reference(), 0.7)
    r"|abs\(\s*q\d+\.reference\(\)\s*-\s*[-(\d]")                     # abs(q.reference() - 0.2)


def answer_forms(value) -> set[str]:
    """A numeric answer as it would be written, where that is distinctive (>= 3 significant digits)."""
    import numpy as np

    forms = set()
    for v in np.atleast_1d(np.asarray(value, dtype=float)).ravel():
        for d in range(1, 7):
            c = f"{v:.{d}f}".rstrip("0").rstrip(".")
            if len(re.sub(r"^[-0.]+", "", c).replace(".", "")) >= 3 and abs(float(c) - v) <= 5e-4 * max(1, abs(v)):
                forms.add(c)
    return forms


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_answer_next_to_its_exercise(path):
    """In JupyterLab, Binder and Colab hidden cells are visible: the hidden cell after an exercise
    (or a quiz) must not state its answer (as `q.reference() == 529408`, `np.isclose(q.reference(),
    0.7)`, or the value itself). Such checks live in the chapter's closing hidden cell."""
    from backprop_lib import exercises

    catalog = exercises.catalog()
    cells = nb(path)["cells"]
    for c, nxt in zip(cells, cells[1:]):
        code = src(c)
        if not (c["cell_type"] == "code" and (EXERCISE_CODE.search(code) or "exercises.quiz(" in code)):
            continue
        if nxt["cell_type"] != "code" or "remove-cell" not in tags(nxt):
            continue
        body = src(nxt)
        if body.startswith("# The checks that state the exercises' answers"):
            continue                                   # the closing cell, at the end of the chapter
        assert not STATES_ANSWER.search(body), f"{path.name}: a hidden cell next to an exercise states its answer:\n{body}"
        m = re.search(r'exercises\.(?:catalog\(\)\[|get\()\s*["\']([\w.]+)["\']', code)
        ref = catalog[m.group(1)].reference() if m else None
        if ref is not None and not callable(ref):
            shown = [f for f in answer_forms(ref) if re.search(rf"(?<![\w.]){re.escape(f)}(?![\w])", body)]
            assert not shown, f"{path.name}: the hidden cell after {m.group(1)} shows its answer {shown}"


def test_the_answer_check_catches_what_the_issue_found():
    assert STATES_ANSWER.search("assert np.isclose(q1.reference(), 0.7)")
    assert STATES_ANSWER.search("assert q1.reference() == memory.x() == 529408") is None   # value test
    assert "529408" in answer_forms(529408) and "0.5286" in answer_forms(0.528573640631364)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_solutions_fold_in_jupyterlab_and_colab(path):
    for c in nb(path)["cells"]:
        s = src(c)
        if c["cell_type"] == "markdown" and "{solution}" in s:
            blocks = re.findall(r'<details class="bp-solution-fold"><summary>[^<]+</summary>\n\n'
                                r"(`{3,}|:{3,})\{solution\}.*?^\1[ \t]*\n\n</details>", s, re.M | re.S)
            assert len(blocks) == s.count("{solution}"), (
                f"{path.name}: a {{solution}} is not wrapped in <details class=\"bp-solution-fold\">")


# --------------------------------------------------------------------------- glossary, vocabulary


def glossary_terms() -> set[str]:
    text = (ROOT / "chapters" / "glossary.md").read_text()
    body = text.split("```{glossary}")[1].split("\n```")[0]
    return {line.strip().lower() for line in body.splitlines() if line and not line.startswith(" ")}


def test_every_term_link_has_a_glossary_entry():
    terms = glossary_terms()
    sources = [p.read_text() for p in list((ROOT / "chapters").glob("*.ipynb")) + list((ROOT / "chapters").glob("*.md"))]
    sources.append((ROOT / "intro.md").read_text())
    used = set()
    for text in sources:
        for m in re.findall(r"\{term\}`([^`]+)`", text.replace("\\n", "\n")):
            target = re.search(r"<([^>]+)>$", m)
            used.add((target.group(1) if target else m).strip().lower())
    missing = sorted(used - terms)
    assert not missing, f"{{term}} links without a glossary entry: {missing}"
    assert len(used) >= 15, f"only {len(used)} terms are linked from the text"


def test_glossary_has_the_words_learners_type():
    terms = glossary_terms()
    for word in ("softmax", "pre-activation", "logit", "backpropagation", "vanishing gradient",
                 "xavier initialization", "loss scaling", "cost", "error", "linear part"):
        assert word in terms, word


def test_vocabulary_table_maps_course_names_to_pytorch_d2l_nielsen():
    text = (ROOT / "chapters" / "vocabulary.md").read_text()
    header = next(line for line in text.splitlines() if line.startswith("| This course"))
    for col in ("PyTorch", "d2l", "Nielsen"):
        assert col in header
    rows = {line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| ")}
    linear = next(v for k, v in rows.items() if "linear part" in k)
    assert "pre-activation" in linear and "logits" in linear
    error = next(v for k, v in rows.items() if "error" in k and "linear" in k)
    assert "δ" in error or "\\delta" in error
    assert "`z.grad`" in error
    backward = next(v for k, v in rows.items() if "backward pass" in k)
    assert "`loss.backward()`" in backward


def test_new_pages_are_in_the_toc():
    toc = (ROOT / "_toc.yml").read_text()
    for page in ("chapters/instructors", "chapters/glossary", "chapters/vocabulary"):
        assert f"file: {page}" in toc


# --------------------------------------------------------------------------- source, licences, version


def test_source_text_is_cited():
    bib = (ROOT / "references.bib").read_text()
    entry = re.search(r"@misc\{fourdiagrams,.*?\n\}", bib, re.S)
    assert entry and "Backpropagation in four diagrams" in entry.group(0) and "Blog post" in entry.group(0)
    assert "names neither" in entry.group(0), "say that the material names no author or address"
    assert "{cite}`fourdiagrams`" in (ROOT / "intro.md").read_text()


def test_licences_are_stated():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    cc = (ROOT / "LICENSE-CC-BY-4.0.txt").read_text()
    assert cc.startswith("Creative Commons Attribution 4.0 International Public License")
    assert "Section 3 -- License Conditions." in cc
    intro = (ROOT / "intro.md").read_text()
    assert "CC BY 4.0" in intro and "MIT" in intro
    assert "CC BY 4.0" in (ROOT / "_config.yml").read_text()


def test_one_version_everywhere():
    pyproject = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M).group(1)
    init = re.search(r'^__version__ = "([^"]+)"', (ROOT / "backprop_lib" / "__init__.py").read_text(), re.M).group(1)
    changelog = re.search(r"^## (\d+\.\d+\.\d+)", (ROOT / "CHANGELOG.md").read_text(), re.M).group(1)
    assert pyproject == init == changelog, (pyproject, init, changelog)
    assert "{{ version }}" in (ROOT / "intro.md").read_text()
    pinned = set(re.findall(r"\bv(\d+\.\d+\.\d+)\b", (ROOT / "chapters" / "instructors.md").read_text()))
    assert pinned == {pyproject}, f"chapters/instructors.md pins {pinned}, the release is {pyproject}"
    sys.path.insert(0, str(ROOT / "_ext"))
    from book_fixes import project_version

    assert project_version() == pyproject
