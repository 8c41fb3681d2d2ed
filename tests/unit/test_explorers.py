"""Every explorer in the catalog: builds, responds to every control, has a working static
version with frames and text alternatives. (No wall-clock asserts: see benchmarks/.)"""

import json
import re

import pytest

from backprop_lib import explorers
from backprop_lib.explorers.base import Dropdown, Explorer, Slider

CATALOG = explorers.catalog()


def other_value(control, current):
    for v in reversed(control.sweep_values()):
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
    assert out.value and out in w.children
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
    for s in svgs:
        assert 'role="img"' in s and re.search(r'aria-label="[^"]{20,}"', s)
    for i in imgs:
        assert re.search(r'alt="[^"]{10,}"', i)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_static_html_is_self_contained_with_frames(name):
    ex = CATALOG[name]()
    html = ex.static_html()
    assert "<script src" not in html and "http://" not in html.replace(
        "http://www.w3.org/2000/svg", "") and "https://" not in html
    m = re.search(r'<script type="application/json" class="bp-frames">(.*?)</script>', html, re.S)
    data = json.loads(m.group(1))
    assert len(data["frames"]) >= 2, "the static version must have several frames"
    total = 1
    for n in data["n"]:
        total *= n
    assert len(data["index"]) == total  # one entry per slider position (combination)
    assert max(data["index"]) == len(data["frames"]) - 1
    assert [len(lab) for lab in data["labels"]] == data["n"]
    # labelled, keyboard-usable sliders
    ranges = re.findall(r'<input class="bp-range" type="range" id="([^"]+)"[^>]*>', html)
    assert ranges
    for rid in ranges:
        assert f'<label for="{rid}"' in html
    assert "aria-valuetext" in html
    assert len(html) < 1_000_000, "keep each explorer's static version well under 1 MB"


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


def test_sweep_two_parameters_and_dedupe():
    t = Toy()
    html = t.static_html(sweep=["a", "b"])
    data = json.loads(re.search(r'class="bp-frames">(.*?)</script>', html).group(1))
    assert data["n"] == [3, 2] and len(data["index"]) == 6 and len(data["frames"]) == 6
    html = t.static_html(sweep={"a": [0.0, 0.0, 1.0]})
    data = json.loads(re.search(r'class="bp-frames">(.*?)</script>', html).group(1))
    assert len(data["frames"]) == 2 and data["index"] == [0, 0, 1]  # identical frames once
    assert "</script>" not in re.search(r'class="bp-frames">(.*?)</script>', html).group(1)


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
    with pytest.raises(ValueError, match="sweep"):
        t.static_html(sweep=["nope"])
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
def test_static_version_responds_to_keyboard_in_chromium(tmp_path, playwright_driver):
    """The inline script swaps frames when the slider moves by keyboard (headless Chromium)."""
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium")
    page_html = "".join(CATALOG[n]().static_html() for n in ("forward_propagation", "backward_propagation"))
    f = tmp_path / "page.html"
    f.write_text(f"<!doctype html><html lang='en'><body>{page_html}</body></html>", encoding="utf-8")
    browser = playwright_driver.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
    try:
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f.as_uri())
        for i in range(2):
            rng = page.locator("input.bp-range").nth(i)
            view = page.locator(".bp-view").nth(i)
            before, label = view.inner_html(), rng.get_attribute("aria-valuetext")
            rng.focus()
            page.keyboard.press("ArrowLeft")
            assert view.inner_html() != before
            assert rng.get_attribute("aria-valuetext") != label
        assert not errors
    finally:
        browser.close()
