"""Every explorer in the catalog: builds, responds to every control, has a working static
version, every control live, and text alternatives. (No wall-clock asserts: see benchmarks/.)"""

import gzip
import json
import re

import pytest

from backprop_lib import explorers
from backprop_lib.explorers.base import Dropdown, Explorer, Slider

CATALOG = explorers.catalog()


def other_value(control, current):
    for v in reversed(control.values()):
        if v != current:
            return v
    raise AssertionError(f"control {control.name} has a single value")


def test_catalog_has_the_chapter_explorers():
    for name in ("forward_propagation", "backward_propagation"):
        assert name in CATALOG
    for name, factory in CATALOG.items():
        assert callable(factory)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_builds_and_every_control_changes_the_output(name):
    ex = CATALOG[name]()
    assert isinstance(ex, Explorer) and ex.name == name
    w = ex.widget
    out = ex.output
    assert out.value and out is w  # the widget shows the figure itself (explorers/widget.py)
    for c in ex.control_list:
        cw = ex.control_widget(c.name)
        assert cw.description, f"{name}.{c.name}: control without a label"
        assert c.description
        before = out.value
        cw.value = other_value(c, cw.value)  # through the widget, as a user would
        assert out.value != before, f"{name}: moving {c.name} does not change the output"
        assert ex.params[c.name] == cw.value
        cw.value = c.value
    # and through update()
    c = ex.control_list[0]
    html = ex.update(**{c.name: other_value(c, ex.params[c.name])})
    assert html == out.value
    assert ex.control_widget(c.name).value == ex.params[c.name]


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_output_has_text_alternatives(name):
    html = CATALOG[name]().html()
    svgs = re.findall(r"<svg[^>]*>", html)
    imgs = re.findall(r"<img[^>]*>", html)
    assert svgs or imgs
    for s in svgs:  # an image, or a group of focusable parts (a figure the reader can touch)
        assert ('role="img"' in s or 'role="group"' in s) and re.search(r'aria-label="[^"]{20,}"', s)
    for i in imgs:
        assert re.search(r'alt="[^"]{10,}"', i)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_static_html_is_self_contained(name):
    ex = CATALOG[name]()
    html = ex.static_html()
    assert "<script src" not in html and "http://" not in html.replace(
        "http://www.w3.org/2000/svg", "") and "https://" not in html
    # every control live: the page fills the library's templates
    m = re.search(r'<script type="application/json" class="bp-live">(.*?)</script>', html, re.S)
    data = json.loads(m.group(1))
    assert f'data-explorer="{name}"' in html and data["templates"]   # the id is the root's, not the payload's
    assert [c["name"] for c in data["controls"]] == [c.name for c in ex.control_list]
    assert "BPLive.mount" in html and "precomputed" not in html
    # labelled, keyboard-usable controls
    ranges = re.findall(r'<input[^>]* type="range" id="([^"]+)"[^>]*>', html)
    assert ranges
    for rid in ranges:
        assert f'<label for="{rid}"' in html
    assert "aria-valuetext" in html
    # pages must stay within 2 MB compressed (issue 11); an explorer takes at most a third of that
    assert len(gzip.compress(html.encode())) < 700_000, "keep each explorer's static version small"


def test_mimebundle_has_widget_and_static_html():
    ex = CATALOG["forward_propagation"]()
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith('<div class="bp-explorer"')
    assert "text/plain" in bundle


class Toy(Explorer):
    name = "toy"
    title = "Toy"

    def controls(self):
        return [Slider("a", 0, 1, 0.5, 0.0, label="a"),
                Dropdown("b", ["x", "y"], "x", label="b")]

    def render(self, p):
        return f"<p>{p['a']}-{p['b']}</p>"


def test_bad_parameters():
    t = Toy()
    with pytest.raises(ValueError, match="unknown parameter 'c'"):
        t.update(c=1)
    with pytest.raises(ValueError, match="a must lie"):
        t.update(a=5)
    with pytest.raises(TypeError, match="a must be a finite number"):
        t.update(a="x")
    with pytest.raises(ValueError, match="b must be one of"):
        t.update(b="z")
    with pytest.raises(ValueError, match="max must be greater"):
        Slider("s", 1, 0, 0.1, 0.5)
    with pytest.raises(ValueError, match="value must be one of"):
        Dropdown("d", ["a"], "b")


def test_update_without_widget_and_with():
    t = Toy()
    assert t.update(a=1.0) == "<p>1.0-x</p>"
    t.widget
    t.update(b="y")
    assert t.output.value == "<p>1.0-y</p>" and t.control_widget("b").value == "y"


@pytest.mark.browser
def test_static_version_responds_to_keyboard_in_chromium(tmp_path, browser):
    """The page script redraws when a slider moves by keyboard (headless Chromium)."""
    names = ("forward_propagation", "backward_propagation")
    page_html = "".join(CATALOG[n]().static_html() for n in names)
    f = tmp_path / "page.html"
    f.write_text(f"<!doctype html><html lang='en'><body>{page_html}</body></html>", encoding="utf-8")
    page = browser.new_page()
    try:
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f.as_uri())
        for name in names:
            box = page.locator(f'[data-explorer="{name}"]')
            rng = box.locator('input[type="range"]').first
            view = box.locator("[data-figure], .bp-view").first
            before, label = view.inner_html(), rng.get_attribute("aria-valuetext")
            rng.focus()
            page.keyboard.press("ArrowLeft")
            assert view.inner_html() != before
            assert rng.get_attribute("aria-valuetext") != label
        assert not errors
    finally:
        page.close()
