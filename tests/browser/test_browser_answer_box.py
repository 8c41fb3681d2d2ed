"""The book's answer box on a phone (issue 21): answered wrongly on purpose, at 390 px.

In the built chapter page, at a phone's width: the box fits its column; the answer input offers a
phone's full keyboard (with the minus sign); a wrong answer gets the library's verdict in the
page's words, maths as Unicode (no raw ``a^{k-1}``) and no notebook instruction (``.hint()``);
the Hint button shows the hints in order; what learners really type (``7 × 10^-1``, ``65,536``,
``1e309``, 5,000 nested brackets) gets a verdict, never a raw error. Screenshots go to
artifacts/screenshots/answer-box-*.png. Set BOOK_HTML to reuse a build.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

from backprop_lib import exercises  # noqa: E402

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def phone_page(browser, served_book):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, has_touch=True)
    context.add_init_script("try { localStorage.setItem('theme', 'light'); "
                            "localStorage.setItem('mode', 'light'); } catch (e) {}")
    support.Router([served_book], drop_require_sri=True).install(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    support.goto_book(page, served_book + "chapters/forward-propagation.html")
    page.evaluate("() => localStorage.removeItem('bp-exercises-progress')")
    yield page, errors
    context.close()


def answer(page, ex_id: str, text: str) -> tuple[str, str]:
    root = page.locator(f'[data-exercise="{ex_id}"]')
    root.locator("[data-answer]").fill(text)
    root.locator("[data-check]").click()
    fb = root.locator("[data-feedback]")
    return fb.get_attribute("data-passed"), " ".join(fb.inner_text().split())


def shoot(locator, name: str) -> Path:
    support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = support.SCREENSHOTS / f"answer-box-{name}.png"
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=str(path))
    return path


def test_a_wrong_answer_on_a_phone(phone_page):
    page, errors = phone_page
    ex = exercises.get("forward_propagation.activation")
    root = page.locator(f'[data-exercise="{ex.id}"]')
    assert root.is_visible()
    box = root.locator("[data-answer]")
    assert box.get_attribute("inputmode") == "text"       # the full keyboard: it has the minus sign
    # a wrong answer: the sigmoid's sign flipped in the exponent (a declared mistake)
    wrong = next(w for m, w in ex.mistake_values() if "sign" in m.name or "exponent" in m.message)
    passed, text = answer(page, ex.id, ", ".join(f"{v:.4f}" for v in wrong))
    assert passed == "false" and "Not yet" in text
    assert "^{" not in text and "_{" not in text and ".hint()" not in text, text
    # the Hint button: the hints in order, in the page's words
    hint = root.locator("[data-hint]")
    shown = []
    for _ in range(len(ex.hints) + 1):
        hint.click()
        shown.append(" ".join(root.locator("[data-hint-text]").inner_text().split()))
    labels = [s.split(":")[0] for s in shown if not s.startswith("Hint for your last answer")]
    assert labels[:len(ex.hints)] == [f"Hint {n} of {len(ex.hints)}" for n in range(1, len(ex.hints) + 1)]
    assert labels[len(ex.hints):] in ([], ["No more hints"]), labels
    assert not any(".hint()" in s for s in shown)
    # the box fits the phone's column: nothing wider than the box, the box not wider than the page
    widths = root.evaluate("""r => ({box: r.getBoundingClientRect().right, page: document.documentElement.clientWidth,
        over: [...r.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > r.getBoundingClientRect().right + 1).map(e => e.outerHTML.slice(0, 80))})""")
    assert widths["box"] <= widths["page"] and not widths["over"], widths
    shoot(root, "390-wrong")
    assert not errors, errors


@pytest.mark.parametrize("typed, verdict", [
    ("7 × 10^-1", "Correct"),               # forward_propagation.weighted_sum's z is 0.7
    ("7×10⁻¹", "Correct"),
    ("−0.7", "opposite sign"),
    ("65,536", "Not yet"),                  # one number, read with its thousands separator
    ("1e309", "infinity"),
    ("[" * 5000 + "1" + "]" * 5000, "Too many brackets"),
    ("1/4", "fraction"),
    ("alert(1)", "is not a number"),
])
def test_what_learners_type_gets_a_verdict(phone_page, typed, verdict):
    page, errors = phone_page
    ex = exercises.get("forward_propagation.weighted_sum")
    assert ex.check(0.7, record=False).passed
    _, text = answer(page, ex.id, typed)
    assert verdict in text, text
    assert "call stack" not in text.lower() and "undefined" not in text
    if typed == "1e309":
        shoot(page.locator(f'[data-exercise="{ex.id}"]'), "390-overflow")
    assert not errors, errors
