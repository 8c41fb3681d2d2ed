"""Numeric exercises answered in the built book, and the reader's progress (issue 11, parts 2-3).

For every value exercise of the catalog, in its chapter's page: the answer box is there (the
data-exercise / data-answer / data-check / data-feedback contract), and typing the reference
and each declared mistake gives the verdict and the message that ``Exercise.check`` gives in a
notebook. Bad input gets a message and no console error. Function exercises say they need
Python and link to the notebook. Progress: the chapter's "n of m exercises done" and the intro
page's table follow the answers, persist across page loads, and the reset link clears them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

from backprop_lib import exercises
from backprop_lib.exercises import page as answer_page

pytestmark = pytest.mark.browser
CATALOG = exercises.catalog()
VIEWPORT = {"width": 1280, "height": 900}


def typed(value) -> str:
    import numpy as np

    arr = np.asarray(value, dtype=np.float64)
    return repr(float(arr)) if arr.ndim == 0 else json.dumps(arr.tolist())


# book_html, browser, served_book: tests/browser/conftest.py (one of each per run)
@pytest.fixture(scope="module")
def context(browser, served_book):
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.add_init_script("try { localStorage.setItem('theme', 'light'); localStorage.setItem('mode', 'light'); } catch (e) {}")
    support.Router([served_book], drop_require_sri=True).install(ctx)
    yield ctx
    ctx.close()


def _open(context, served_book, docname):
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    support.goto_book(page, served_book + docname + ".html")
    return page, errors


def _seen(locator):
    """What a reader reads there, once scrolled to it: a cell is drawn (and has rendered text,
    innerText) only near the screen (content-visibility, _ext/static/book-screens.css)."""
    locator.scroll_into_view_if_needed()
    locator.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return locator.inner_text()


def _reload(page):
    page.reload(wait_until="load")
    page.wait_for_function("() => document.documentElement.dataset.bpScripts !== 'running'")


def _answer(page, ex_id, text):
    root = page.locator(f'[data-exercise="{ex_id}"]')
    root.locator("[data-answer]").fill(text)
    root.locator("[data-check]").click()
    fb = root.locator("[data-feedback]")
    return fb.get_attribute("data-passed"), fb.locator(".bp-message").inner_text()


@pytest.mark.parametrize("slug", [s for s, m in exercises.CHAPTERS if m.EXERCISES])
def test_every_value_exercise_answered_in_the_page(context, served_book, slug):
    page, errors = _open(context, served_book, f"chapters/{slug}")
    page.evaluate("() => localStorage.removeItem('bp-exercises-progress')")
    for ex in (e for e in CATALOG.values() if e.chapter == slug):
        root = page.locator(f'[data-exercise="{ex.id}"]')
        assert root.count() == 1, f"{slug}: no answer box for {ex.id}"
        assert root.is_visible(), f"{slug}: the answer box of {ex.id} is hidden"
        if ex.kind == "function":
            text = _seen(root)
            assert "needs Python" in text and root.locator("a[href*='colab.research.google.com']").count()
            continue
        answers = [("reference", ex.reference())] + [(m.name, w) for m, w in ex.mistake_values()]
        for what, value in answers:
            t = typed(value)
            expected = ex.check(json.loads(t) if t.startswith("[") else float(t), record=False)
            passed, message = _answer(page, ex.id, t)
            assert passed == ("true" if expected.passed else "false"), (ex.id, what, message)
            # the library's message in the page's words (page.book_words); the page shows
            # `code` as code: compare the text without the backticks
            said = answer_page.book_words(expected.message, ex)
            assert " ".join(message.split()) == " ".join(said.replace("`", "").split()), (ex.id, what)
        for bad in ["", "abc", "[[1, 2], [3]]", "NaN", "alert(1)"]:
            passed, message = _answer(page, ex.id, bad)
            assert passed == "false" and len(message) > 10, (ex.id, bad)
    assert not errors, errors
    page.close()


def test_progress_in_the_chapter_and_on_the_intro_page_persists(context, served_book, book_html):
    slug = "forward-propagation"
    page, errors = _open(context, served_book, f"chapters/{slug}")
    page.evaluate("() => localStorage.removeItem('bp-exercises-progress')")
    _reload(page)
    ex = CATALOG["forward_propagation.weighted_sum"]
    total = len([e for e in CATALOG.values() if e.chapter == slug])
    progress = page.locator(f'[data-exercise="{ex.id}"] [data-chapter-progress]')
    assert _seen(progress) == f"0 of {total} exercises done in this chapter"
    _answer(page, ex.id, "0.5")
    _answer(page, ex.id, typed(ex.reference()))
    assert progress.inner_text() == f"1 of {total} exercises done in this chapter"
    _reload(page)                                                     # kept across page loads
    assert _seen(page.locator(f'[data-exercise="{ex.id}"] [data-chapter-progress]')).startswith("1 of")
    stored = json.loads(page.evaluate("() => localStorage.getItem('bp-exercises-progress')"))
    assert stored[ex.id] == {"attempts": 2, "passed": True}
    intro = (book_html / "intro.html").exists() and "intro" or "index"
    support.goto_book(page, served_book + intro + ".html")
    rows = page.locator("[data-progress-table] tbody tr")
    assert rows.count() == len([m for _, m in exercises.CHAPTERS if m.EXERCISES])
    row = page.locator("[data-progress-table] tbody tr", has_text="orward")
    assert f"1 of {total} exercises done" in row.first.inner_text()
    page.locator("[data-progress-reset]").click()
    assert f"0 of {total} exercises done" in row.first.inner_text()
    assert not errors, errors
    page.close()
