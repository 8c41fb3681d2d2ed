"""Every explorer of the built book, live with no kernel: the figure is the library's rendering.

For each explorer (``explorers.CHAPTERS``), its chapter page of the built book is opened once in
headless Chromium, every outside request blocked (tests/browser/support.py). Then, a few times,
every control is set to a random value (sliders by the standard ``input`` event, dropdowns by
``change``), and every text and attribute of the figure (``[data-figure]``) is compared with the
library's own ``render(params)`` for the values the page's controls hold, allowing only one unit
in the last displayed digit of a number. Also checked: each control is reachable and movable with
the keyboard and announces its value (``aria-valuetext``), axe finds no serious or critical issue
in the explorer in the light and the dark theme, no console error, no outside request.
Screenshots of each explorer in both themes, after the changes: artifacts/screenshots/.

The update latency is measured by benchmarks/bench_live_explorers.py (no timing asserts here).
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

from backprop_lib import explorers  # noqa: E402
from backprop_lib.explorers.controls import Slider  # noqa: E402

pytestmark = pytest.mark.browser

SETTINGS_PER_EXPLORER = 3
LIVE = list(explorers.CHAPTERS)
# An explorer of the same kind as one before it (the network explorable opened at another
# diagram, on another page) is the same controls and template: its page gets the live, as-loaded
# and one random setting's comparison; the keyboard walk and axe run on the first of its kind.
def _kind(explorer_id):
    """What makes two explorers the same figure: the controls, quantities and draw they inherit."""
    cls = type(explorers.get(explorer_id))
    return cls.controls, cls.quantities, cls.draw


_FIRST_OF_KIND: dict = {}
for _id in LIVE:
    _FIRST_OF_KIND.setdefault(_kind(_id), _id)
REPEAT = {i for i in LIVE if _FIRST_OF_KIND[_kind(i)] != i}
NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?(?:e[+\-−]\d+)?")


# browser, served_book: tests/browser/conftest.py (one of each per run)

def chapter_of(explorer_id: str) -> str:
    if explorer_id == "four_diagrams":  # the landing page's
        return "intro"
    return "chapters/" + explorers.CHAPTERS[explorer_id].replace("_", "-")


def disagreement(page_text: str, library_text: str) -> str | None:
    """None when the two strings agree up to one unit in the last digit of each number (or both
    numbers are below 1e-12: the rounding noise of a sum that is exactly 0)."""
    a_parts, b_parts = NUMBER.split(page_text), NUMBER.split(library_text)
    a_nums, b_nums = NUMBER.findall(page_text), NUMBER.findall(library_text)
    if a_parts != b_parts or len(a_nums) != len(b_nums):
        return f"page {page_text[:160]!r} vs library {library_text[:160]!r}"
    for x, y in zip(a_nums, b_nums):
        if x == y:
            continue
        if abs(float(x.replace("−", "-"))) < 1e-12 and abs(float(y.replace("−", "-"))) < 1e-12:
            continue  # the rounding noise of a sum that is exactly 0 (summed in another order)
        mant = x.split("e")[0]
        decimals = len(mant.split(".")[1]) if "." in mant else 0
        exp = int(x.split("e")[1].replace("−", "-")) if "e" in x else 0
        if abs(float(x.replace("−", "-")) - float(y.replace("−", "-"))) > 1.0001 * 10 ** (exp - decimals):
            return f"number {x} on the page, {y} in the library ({page_text[:120]!r})"
    return None


JS_FIGURE_AND_REFERENCE = r"""
([id, libraryHtml]) => {
  const fig = document.querySelector(`[data-explorer="${id}"] [data-figure]`);
  const ref = document.createElement('template');
  ref.innerHTML = libraryHtml;
  // The book's layout script (_ext/static/book-screens.js) wraps a figure too wide for legible
  // text in a scroller with a cue, gives the svg a min-width, max-width (and width) and marks a flex item
  // (class bp-figitem): layout only, never content, so left out here.
  const layout = (n) => n.nodeType === 1 && n.classList.contains('bp-scroll-cue') ? NodeFilter.FILTER_REJECT
    : n.nodeType === 1 && n.classList.contains('bp-figscroll') ? NodeFilter.FILTER_SKIP : NodeFilter.FILTER_ACCEPT;
  const scratch = document.createElement('div');
  const style = (v) => {              // as the browser reads it, without the widths the script sets
    scratch.setAttribute('style', v);
    ['min-width', 'width', 'max-width'].forEach(p => scratch.style.removeProperty(p));
    return scratch.style.cssText;
  };
  const classes = (v) => v.split(/\s+/).filter(c => c && c !== 'bp-figitem').join(' ');
  function items(rootNode) {
    const out = [];
    const walker = document.createTreeWalker(rootNode, 5, { acceptNode: layout });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === 3) { if (n.nodeValue.trim()) out.push('text: ' + n.nodeValue); }
      else for (const a of n.attributes) {
        if (a.name === 'data-bp-text-units' || (a.name === 'class' && !classes(a.value))) continue;
        const v = a.name === 'style' ? style(a.value) : a.name === 'class' ? classes(a.value) : a.value;
        out.push(n.localName + '@' + a.name + ': ' + v);
      }
    }
    return out;
  }
  return [items(fig), items(ref.content)];
}
"""

JS_SET_CONTROL = """
([id, name, value]) => {
  const el = document.querySelector(`[data-explorer="${id}"] [data-param="${name}"]`);
  el.value = value;
  el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));
  return el.value;
}
"""

JS_CONTROLS = """
(id) => [...document.querySelectorAll(`[data-explorer="${id}"] [data-param]`)].map(el => ({
  name: el.dataset.param, tag: el.tagName.toLowerCase(), type: el.type, value: el.value,
  valuetext: el.getAttribute('aria-valuetext'), tabIndex: el.tabIndex, disabled: el.disabled,
  label: (el.labels && el.labels[0] ? el.labels[0].textContent.trim() : ''),
  options: el.tagName === 'SELECT' ? [...el.options].map(o => o.value) : null,
}))
"""

JS_AXE = """
async (selector) => {
  const r = await axe.run(selector, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map(n => n.target.join(' '))}`);
}
"""


def _library_params(ex, page_values: dict) -> dict:
    params = {}
    for c in ex.control_list:
        raw = page_values[c.name]
        if isinstance(c, Slider):
            params[c.name] = float(raw)
        else:
            params[c.name] = next(v for _, v in c.options if str(v) == raw)
    return params


def _compare(page, explorer_id) -> list[str]:
    ex = explorers.get(explorer_id)
    controls = page.evaluate(JS_CONTROLS, explorer_id)
    params = _library_params(ex, {c["name"]: c["value"] for c in controls})
    library = ex.update(**params)
    shown, expected = page.evaluate(JS_FIGURE_AND_REFERENCE, [explorer_id, library])
    if len(shown) != len(expected):
        return [f"{explorer_id} at {params}: the figure has {len(shown)} texts/attributes, "
                f"the library's {len(expected)}"]
    problems = []
    for a, b in zip(shown, expected):
        why = disagreement(a, b)
        if why:
            problems.append(f"{explorer_id} at {params}: {why}")
    return problems[:5]


@pytest.mark.parametrize("explorer_id", LIVE)
def test_explorer_is_live_and_equals_the_library(browser, served_book, explorer_id):
    rng = random.Random(explorer_id)
    ex = explorers.get(explorer_id)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light",
                                  reduced_motion="reduce")
    context.add_init_script("try { localStorage.setItem('theme', 'light'); localStorage.setItem('mode', 'light'); } catch (e) {}")
    router = support.Router([served_book], drop_require_sri=True)
    router.install(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    problems: list[str] = []
    try:
        support.goto_book(page, served_book + chapter_of(explorer_id) + ".html")
        root = page.locator(f'[data-explorer="{explorer_id}"]')
        assert root.count() >= 1, f"{chapter_of(explorer_id)} shows no explorer {explorer_id}"
        if "precomputed" in root.first.inner_text():
            problems.append("the 'precomputed frames' note is still shown")
        problems += _compare(page, explorer_id)  # as loaded

        # random settings of every control, several times
        by_name = {c.name: c for c in ex.control_list}
        for _ in range(1 if explorer_id in REPEAT else SETTINGS_PER_EXPLORER):
            for c in page.evaluate(JS_CONTROLS, explorer_id):
                control = by_name[c["name"]]
                if isinstance(control, Slider):
                    value = f"{rng.choice(control.values()):g}"
                else:
                    value = rng.choice(c["options"])
                got = page.evaluate(JS_SET_CONTROL, [explorer_id, c["name"], value])
                if float(got) != float(value) if isinstance(control, Slider) else got != value:
                    problems.append(f"{c['name']}: set to {value}, the control holds {got}")
            problems += _compare(page, explorer_id)

        # keyboard: every control focusable, movable, its value announced
        for c in ([] if explorer_id in REPEAT else page.evaluate(JS_CONTROLS, explorer_id)):
            if c["disabled"] or c["tabIndex"] < 0:
                problems.append(f"{c['name']} is not reachable with the keyboard")
                continue
            if not c["label"]:
                problems.append(f"{c['name']} has no label")
            el = root.first.locator(f'[data-param="{c["name"]}"]')
            el.focus()
            before = c["value"]
            if c["tag"] == "select":
                key = "ArrowUp" if c["options"].index(before) == len(c["options"]) - 1 else "ArrowDown"
            else:
                control = by_name[c["name"]]
                key = "ArrowLeft" if float(before) >= control.max else "ArrowRight"
            page.keyboard.press(key)
            after = [x for x in page.evaluate(JS_CONTROLS, explorer_id) if x["name"] == c["name"]][0]
            if after["value"] == before:
                problems.append(f"{c['name']}: {key} did not move it")
            if c["tag"] == "input" and (not after["valuetext"] or after["valuetext"] == c["valuetext"]):
                problems.append(f"{c['name']}: aria-valuetext not updated ({after['valuetext']!r})")
        problems += _compare(page, explorer_id)  # after every control moved by the keyboard

        # accessibility and screenshots, light then dark
        support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        if explorer_id not in REPEAT:
            page.add_script_tag(path=str(support.NODE_MODULES / "axe-core" / "axe.min.js"))
            selector = f'[data-explorer="{explorer_id}"]'
            problems += [f"[light] axe {v}" for v in page.evaluate(JS_AXE, selector)]
            root.first.screenshot(path=str(support.SCREENSHOTS / f"explorer-{explorer_id}-light.png"))
            page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; document.documentElement.dataset.mode = 'dark'; }")
            page.wait_for_timeout(250)
            problems += [f"[dark] axe {v}" for v in page.evaluate(JS_AXE, selector)]
            root.first.screenshot(path=str(support.SCREENSHOTS / f"explorer-{explorer_id}-dark.png"))

        problems += errors
        if router.blocked:
            problems.append(f"requests to outside hosts: {sorted(set(router.blocked))}")
    finally:
        context.close()
    assert not problems, f"{explorer_id}:\n  " + "\n  ".join(problems[:20])



# ------------------------------------------------------------------ the network explorable

JS_NETWORK_STATE = """
(id) => {
  const root = document.querySelector(`[data-explorer="${id}"]`);
  const val = (n) => root.querySelector(`[data-param="${n}"]`).value;
  const shown = (el) => !!el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
  const panels = [...root.querySelectorAll('.bp-nx-panel')].filter(shown).map(p => p.getAttribute('aria-label'));
  const net = root.querySelector('[data-figure] svg');
  const r = net.getBoundingClientRect();
  let smallest = Infinity;
  net.querySelectorAll('text').forEach(t => {
    if (!t.textContent.trim() || !shown(t) || getComputedStyle(t).visibility === 'hidden') return;
    smallest = Math.min(smallest, t.getBoundingClientRect().height > 0 ? parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a : Infinity);
  });
  const eq = [...root.querySelectorAll('.bp-nx-eq')].filter(shown).map(e => e.textContent.trim());
  return {step: val('step'), node: val('node'), layout: val('layout'), x1: val('x1'), w1_31: val('w1_31'),
          panels, eq, left: r.left, right: r.right, width: r.width, viewport: window.innerWidth,
          pageScroll: document.documentElement.scrollWidth > window.innerWidth + 1, smallest,
          panelText: [...root.querySelectorAll('.bp-nx-panel')].filter(shown).map(p => p.textContent).join(' ')};
}
"""


def _phone(browser, served_book, explorer_id):
    """(context, page, errors, router): the explorer's chapter on a 390 px touch screen, light theme, no
    motion, scrolled to the explorer once it is live; the page's errors collected."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="light",
                                  reduced_motion="reduce", has_touch=True)
    context.add_init_script("try { localStorage.setItem('theme', 'light'); localStorage.setItem('mode', 'light'); } catch (e) {}")
    router = support.Router([served_book], drop_require_sri=True)
    router.install(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    support.goto_book(page, served_book + chapter_of(explorer_id) + ".html")
    page.locator(f'[data-explorer="{explorer_id}"]').first.scroll_into_view_if_needed()
    page.wait_for_function(f"""() => document.querySelector('[data-explorer="{explorer_id}"]').dataset.live""")
    return context, page, errors, router


def test_network_explorable_steps_opens_nodes_and_moves_numbers_at_390(browser, served_book):
    """The network explorable of "Computing the cost" on a 390 px phone, one page load: the page
    picks the narrow layout and the whole network (C and the targets included) is in view with
    text of at least 11 px; random settings of every control (step, node, layout included) give
    the library's figure; a click on a node opens its diagrams 1 and 2; a drag on a weight's label
    and an arrow key on an input each move the value and its slider; play moves the step."""
    explorer_id = "computing_the_cost"
    rng = random.Random(390)
    ex = explorers.get(explorer_id)
    context, page, errors, router = _phone(browser, served_book, explorer_id)
    root = page.locator(f'[data-explorer="{explorer_id}"]').first
    problems: list[str] = []
    try:
        st = page.evaluate(JS_NETWORK_STATE, explorer_id)
        if st["layout"] != "narrow":
            problems.append(f"at 390 px the layout is {st['layout']!r}, not narrow")
        if st["left"] < -0.5 or st["right"] > st["viewport"] + 0.5 or st["pageScroll"]:
            problems.append(f"the network is not whole in view: {st['left']:.0f}..{st['right']:.0f} of {st['viewport']}")
        if st["smallest"] < 11 - 0.05:
            problems.append(f"network text {st['smallest']:.1f} px at 390 px (want >= 11)")
        support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        root.screenshot(path=str(support.SCREENSHOTS / "network-explorable-390.png"))
        problems += _compare(page, explorer_id)

        by_name = {c.name: c for c in ex.control_list}
        for _ in range(1 if explorer_id in REPEAT else SETTINGS_PER_EXPLORER):
            for c in page.evaluate(JS_CONTROLS, explorer_id):
                control = by_name[c["name"]]
                value = f"{rng.choice(control.values()):g}" if isinstance(control, Slider) else rng.choice(c["options"])
                page.evaluate(JS_SET_CONTROL, [explorer_id, c["name"], value])
            problems += _compare(page, explorer_id)
        page.evaluate(JS_SET_CONTROL, [explorer_id, "layout", "narrow"])
        page.evaluate(JS_SET_CONTROL, [explorer_id, "node", "none"])
        page.evaluate(JS_SET_CONTROL, [explorer_id, "w1_31", "0"])
        page.evaluate(JS_SET_CONTROL, [explorer_id, "step", "3"])   # the weights on the edges

        # a tap on a node opens its diagrams 1 and 2 with its numbers
        root.locator('[data-figure] [data-node="1.2"]').first.tap()
        st = page.evaluate(JS_NETWORK_STATE, explorer_id)
        if st["node"] != "1.2" or len(st["panels"]) != 1 or "hidden" not in st["panels"][0]:
            problems.append(f"a tap on node 1.2 gave node {st['node']!r}, panels {st['panels']}")
        elif "node 2 of layer 1" not in page.evaluate(
                "(id) => [...document.querySelectorAll(`[data-explorer='${id}'] .bp-nx-panel svg`)]"
                ".map(s => s.getAttribute('aria-label')).join(' ')", explorer_id):
            problems.append("the open diagrams are not node 2 of layer 1's")
        problems += _compare(page, explorer_id)

        # a drag on the weight W1_31's label (up: larger), then an arrow key on input x1
        label = root.locator('[data-figure] [data-drag="w1_31"]').first
        box = label.bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(cx, cy)
        page.mouse.down()
        page.mouse.move(cx, cy - 30, steps=3)
        page.mouse.up()
        st = page.evaluate(JS_NETWORK_STATE, explorer_id)
        if not float(st["w1_31"]) > 0:
            problems.append(f"a drag up on W¹₃₁ left its slider at {st['w1_31']}")
        x1 = float(st["x1"])
        root.locator('[data-figure] [data-drag="x1"]').first.focus()
        page.keyboard.press("ArrowUp")
        st = page.evaluate(JS_NETWORK_STATE, explorer_id)
        if abs(float(st["x1"]) - (x1 + 0.1)) > 1e-9:
            problems.append(f"ArrowUp on x₁ moved its slider from {x1} to {st['x1']}")
        problems += _compare(page, explorer_id)

        # play moves the step control (and only it); pause stops it
        page.evaluate(JS_SET_CONTROL, [explorer_id, "step", "0"])
        root.locator('select[data-action="speed"]').select_option("600")
        root.locator('button[data-action="play"]').click()
        page.wait_for_function(
            f"""() => document.querySelector('[data-explorer="{explorer_id}"] [data-param="step"]').value !== '0'""",
            timeout=5000)
        root.locator('button[data-action="play"]').click()
        st = page.evaluate(JS_NETWORK_STATE, explorer_id)
        if len(st["eq"]) != 1 or not st["eq"][0].startswith(f"Step {st['step']} of"):
            problems.append(f"step {st['step']} shows the equations {st['eq']}")
        problems += _compare(page, explorer_id)
        root.screenshot(path=str(support.SCREENSHOTS / "network-explorable-390-after.png"))
        problems += errors
        if router.blocked:
            problems.append(f"requests to outside hosts: {sorted(set(router.blocked))}")
    finally:
        context.close()
    assert not problems, "\n  ".join(problems[:20])


# ------------------------------------------------------------------ the one-node explorers at 390

JS_FIGURE_FIT = """
(id) => {
  const root = document.querySelector(`[data-explorer="${id}"]`);
  const figure = root.querySelector('[data-figure]');
  const shown = (el) => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
  const svgs = [...figure.querySelectorAll('svg')].filter(shown).map(svg => {
    const r = svg.getBoundingClientRect();
    let smallest = Infinity;
    svg.querySelectorAll('text').forEach(t => {
      if (!t.textContent.trim() || getComputedStyle(t).visibility === 'hidden') return;
      const m = t.getScreenCTM();   // its scale, a rotated label's too
      smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b));
    });
    return {left: r.left, right: r.right, smallest};
  });
  // a scroller between the figure and the page (the figure's own box included) that scrolls sideways
  let scroller = null;
  for (let el = figure; el && el !== document.body; el = el.parentElement) {
    if (el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(el).overflowX)) {
      scroller = `${el.tagName.toLowerCase()}.${el.className}`; break;
    }
  }
  return {layout: root.querySelector('[data-param="layout"]').value, svgs, scroller,
          viewport: window.innerWidth, pageScroll: document.documentElement.scrollWidth > window.innerWidth + 1};
}
"""


@pytest.mark.parametrize("explorer_id", ["forward_propagation", "backward_propagation"])
def test_one_node_explorer_is_whole_and_legible_at_390(browser, served_book, explorer_id):
    """Chapters 2 and 3's one-node explorers on a 390 px phone, one page load each: the page picks
    the narrow layout, the node diagram and the activation curve are whole in view (no sideways
    scroll of the page or of a box around the figure), the diagram's text is at least 11 px and
    the chart's at least 9 px, and the figure is the library's for random settings."""
    rng = random.Random(explorer_id + "390")
    ex = explorers.get(explorer_id)
    context, page, errors, router = _phone(browser, served_book, explorer_id)
    root = page.locator(f'[data-explorer="{explorer_id}"]').first
    problems: list[str] = []
    try:
        by_name = {c.name: c for c in ex.control_list}
        for n in range(1 + SETTINGS_PER_EXPLORER):
            if n:  # random settings of every control but the layout, which the page keeps narrow
                for c in page.evaluate(JS_CONTROLS, explorer_id):
                    if c["name"] == "layout":
                        continue
                    control = by_name[c["name"]]
                    value = f"{rng.choice(control.values()):g}" if isinstance(control, Slider) else rng.choice(c["options"])
                    page.evaluate(JS_SET_CONTROL, [explorer_id, c["name"], value])
            st = page.evaluate(JS_FIGURE_FIT, explorer_id)
            if st["layout"] != "narrow":
                problems.append(f"at 390 px the layout is {st['layout']!r}, not narrow")
            if len(st["svgs"]) != 2:
                problems.append(f"the figure shows {len(st['svgs'])} SVGs, not the node diagram and the curve")
            for what, s, least in zip(("node diagram", "activation curve"), st["svgs"], (11, 9)):
                if s["left"] < -0.5 or s["right"] > st["viewport"] + 0.5:
                    problems.append(f"the {what} is not whole in view: {s['left']:.0f}..{s['right']:.0f} of {st['viewport']}")
                if s["smallest"] < least - 0.05:
                    problems.append(f"{what} text {s['smallest']:.1f} px at 390 px (want >= {least})")
            if st["pageScroll"] or st["scroller"]:
                problems.append(f"sideways scroll at 390 px: page {st['pageScroll']}, box {st['scroller']}")
            problems += _compare(page, explorer_id)
            if n == 0:
                support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                root.screenshot(path=str(support.SCREENSHOTS / f"{explorer_id}-390.png"))
    finally:
        context.close()
    assert not errors, errors
    assert not problems, f"{explorer_id}:\n  " + "\n  ".join(dict.fromkeys(problems[:20]))
