"""Tests of the no-kernel self-check quizzes (backprop_lib.exercises.quizzes / exercises.quiz)."""

from __future__ import annotations

import base64
import json
import re
import sys
from pathlib import Path

import pytest

from backprop_lib import exercises
from backprop_lib.exercises.quizzes import Quiz

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))

QUESTIONS = [
    dict(question="Which value does a node pass on to the next layer?",
         choices=["z, the linear part", "a = σ(z), the activated value", "the bias b"],
         correct=1, feedback={0: "z comes first; σ is applied after it."},
         explanation="Each node applies its activation before passing its value on."),
    dict(question="σ(0) for the sigmoid is?", answer=0.5, tolerance=1e-3,
         explanation="σ(0) = 1/(1 + e⁰) = 1/2."),
    dict(question="Which describe W^k?", choices=["shape (n_k, n_{k-1})", "shape (n_{k-1}, n_k)",
                                                 "row i holds the weights into unit i"],
         correct=[0, 2]),
]


def payload(html_text):
    data = re.search(r'data-q="([^"]+)"', html_text).group(1)
    return json.loads(base64.b64decode(data).decode("utf-8"))


def test_quiz_html_is_self_contained_and_labelled():
    q = exercises.quiz(QUESTIONS, title="Check yourself")
    assert isinstance(q, Quiz)
    h = q._repr_html_()
    assert "<script>" in h and "Check yourself" in h
    assert not re.search(r"(src|href)=[\"']?https?://", h), "the quiz must not fetch anything"
    assert "\\u2714 Correct" in h and "\\u2718 Not yet" in h       # text labels, not colour alone
    assert "(tick all that apply)" in h
    # answers are not in the visible text of the page
    visible = re.sub(r"<script>.*?</script>", "", h, flags=re.S)
    visible = re.sub(r'data-q="[^"]+"', "", visible)
    assert "0.5" not in visible
    data = payload(h)
    assert data[0]["correct"] == [1] and data[1]["answer"] == 0.5 and data[2]["correct"] == [0, 2]
    assert data[2]["multi"] is True


def test_quiz_ids_are_deterministic_per_content():
    h1 = exercises.quiz(QUESTIONS)._repr_html_()
    h2 = exercises.quiz(QUESTIONS)._repr_html_()
    id1 = re.search(r'id="(bpquiz-[^"]+)"', h1).group(1)
    id2 = re.search(r'id="(bpquiz-[^"]+)"', h2).group(1)
    assert id1 != id2 and id1.rsplit("-", 1)[0] == id2.rsplit("-", 1)[0]


def test_quiz_plain_repr_lists_questions_without_answers():
    text = repr(exercises.quiz(QUESTIONS, title="T"))
    assert "1. Which value" in text and "(b) a = σ(z)" in text and "(a number)" in text
    assert "0.5" not in text


def test_quiz_escapes_html():
    h = exercises.quiz([dict(question="<b>bold</b>?", answer=1)])._repr_html_()
    assert "&lt;b&gt;bold&lt;/b&gt;" in h


@pytest.mark.parametrize("bad,exc,words", [
    ([], TypeError, "non-empty list"),
    ("text", TypeError, "non-empty list"),
    ([3], TypeError, "question 1"),
    ([dict(choices=["a", "b"], correct=0)], ValueError, "'question'"),
    ([dict(question="q")], ValueError, "'choices'"),
    ([dict(question="q", choices=["a"], correct=0)], ValueError, "at least 2"),
    ([dict(question="q", choices=["a", "b"], correct=2)], ValueError, "'correct'"),
    ([dict(question="q", choices=["a", "b"], correct=True)], ValueError, "'correct'"),
    ([dict(question="q", choices=["a", "b"], correct=[])], ValueError, "'correct'"),
    ([dict(question="q", choices=["a", "b"], correct=0, feedback={5: "x"})], ValueError, "'feedback'"),
    ([dict(question="q", answer="1")], ValueError, "'answer'"),
    ([dict(question="q", answer=float("nan"))], ValueError, "'answer'"),
    ([dict(question="q", answer=1, tolerance=-1)], ValueError, "'tolerance'"),
    ([dict(question="q", answer=1, choices=["a", "b"], correct=0)], ValueError, "not both"),
    ([dict(question="q", answer=1, typo=3)], ValueError, "unknown keys"),
])
def test_quiz_rejects_bad_questions(bad, exc, words):
    with pytest.raises(exc, match=re.escape(words)):
        exercises.quiz(bad)


def test_quiz_works_in_a_browser(tmp_path, browser):
    """Click through the quiz in Chromium: feedback shows a text label, no JS errors."""
    page_file = tmp_path / "quiz.html"
    page_file.write_text("<!doctype html><html><head><meta charset='utf-8'></head><body>"
                         + exercises.quiz(QUESTIONS, title="Check yourself")._repr_html_()
                         + "</body></html>", encoding="utf-8")
    page = browser.new_page()
    try:
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        qs = page.locator(".bp-q")
        fb = [qs.nth(i).locator(".bp-fb") for i in range(3)]
        assert not page.locator(".bp-nojs").is_visible()

        qs.nth(0).locator(".bp-quiz-check").click()
        assert "Pick an answer" in fb[0].inner_text()
        qs.nth(0).locator("input").nth(0).check()
        qs.nth(0).locator(".bp-quiz-check").click()
        assert fb[0].inner_text().startswith("✘ Not yet") and "σ is applied" in fb[0].inner_text()
        qs.nth(0).locator("input").nth(1).check()
        qs.nth(0).locator(".bp-quiz-check").click()
        assert fb[0].inner_text().startswith("✔ Correct")

        for typed, label in [("0.4", "✘ Not yet"), ("1/2", "✔ Correct"), ("0,5", "✔ Correct"),
                             ("0.5004", "✔ Correct")]:
            qs.nth(1).locator("input").fill(typed)
            qs.nth(1).locator(".bp-quiz-check").click()
            assert fb[1].inner_text().startswith(label), (typed, fb[1].inner_text())
        qs.nth(1).locator("input").fill("abc")
        qs.nth(1).locator(".bp-quiz-check").click()
        assert "Type a number" in fb[1].inner_text()

        qs.nth(2).locator("input").nth(0).check()
        qs.nth(2).locator(".bp-quiz-check").click()
        assert fb[2].inner_text().startswith("✘ Not yet")
        qs.nth(2).locator("input").nth(2).check()
        qs.nth(2).locator(".bp-quiz-check").click()
        assert fb[2].inner_text().startswith("✔ Correct")
        qs.nth(2).locator(".bp-quiz-show").click()
        assert "Answer:" in fb[2].inner_text()
        assert errors == []
    finally:
        page.close()


def test_quiz_shows_super_and_subscripts():
    h = exercises.quiz([dict(question="Shape of W^k?", choices=["(n_{k}, n_{k-1})", "W^T"],
                             correct=0)])._repr_html_()
    assert "W<sup>k</sup>" in h and "n<sub>k-1</sub>" in h and "W<sup>T</sup>" in h
