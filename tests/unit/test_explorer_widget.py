"""The explorers' live widget in Jupyter (backprop_lib/explorers/widget.py, js/widget.js; issue 25).

Kernel side, every explorer: a change from the page is answered by ONE message holding only the
quantities (``q``) and the params they are for (``at``; plus ``key`` and ``template`` when a
structure control changed), never the figure's HTML and never an echo of the page's own values;
the widget's figure (``value``) is ``render(params)``; ``update`` and the control handles keep the
Python API. The page's twin is used only for the library's own explorers (``has_twin``: a
learner's subclass or replaced ``quantities`` makes the widget kernel-only, also when replaced
after the widget was shown), and its data and templates are sent once, deflated.

Page side, in headless Chromium without JupyterLab: the front end (the anywidget module) mounted
on a stand-in model fed with the widget's state exactly as the comm carries it; a key pressed on
each control changes the figure AT ONCE to the library's rendering of the page's params (the
twin), before the kernel's answer (the Python widget's own message), which leaves it so; the nodes
are kept when only numbers changed; an answer overtaken by a newer press is left out; a
kernel-only explorer shows the kernel's numbers only. JupyterLab itself:
tests/browser/test_browser_lab.py. Latency: benchmarks/bench_jupyter_explorers.py (no time is
asserted here).
"""

from __future__ import annotations

import base64
import json
import math
import zlib

import pytest

from backprop_lib import explorers
from backprop_lib.explorers import static
from backprop_lib.explorers.widget import ExplorerWidget, front_end_js, has_twin, jsonable

IDS = list(explorers.CHAPTERS)


def _capture(widget):
    """The messages the widget sends to the page (what the comm would carry), as a list."""
    sent = []
    widget._send = lambda msg, buffers=None: sent.append(json.loads(json.dumps(msg, allow_nan=False)))
    return sent


def _from_page(widget, params):
    """What ipywidgets does with the page's message setting ``params``."""
    widget._handle_msg({"content": {"data": {"method": "update", "state": {"params": params},
                                             "buffer_paths": []}}, "buffers": []})


def _another(control, value):
    values = control.values()
    i = values.index(value) if value in values else 0
    return values[i + 1] if i + 1 < len(values) else values[i - 1]


@pytest.mark.parametrize("explorer_id", IDS)
def test_a_change_from_the_page_is_answered_by_one_message_of_quantities(explorer_id):
    ex = explorers.get(explorer_id)
    w = ex.widget
    assert w.value == ex.html()
    sent = _capture(w)
    for c in ex.control_list:
        params = dict(w.params)
        params[c.name] = _another(c, params[c.name])
        old_key = w.key
        sent.clear()
        _from_page(w, params)
        html = explorers.get(explorer_id).update(**params)
        assert w.value == html, f"{explorer_id}.{c.name}: the widget's figure is not render(params)"
        assert [m["method"] for m in sent] == ["update"], [m["method"] for m in sent]  # no echo
        keys = set(sent[0]["state"])
        structural = c.name in ex.structure
        assert "at" in keys and sent[0]["state"]["at"] == w.params == params
        assert keys <= {"q", "at", "key", "template"}, keys
        assert ("template" in keys) == (w.key != old_key), keys
        if not structural:
            assert keys <= {"q", "at"}, f"{explorer_id}.{c.name}: {keys} sent for a change of numbers only"
        assert "<svg" not in json.dumps(sent[0]["state"].get("q", {}))


def test_the_templates_are_the_static_book_s_and_drawn_when_the_widget_is_made(monkeypatch):
    ex = explorers.get("vanishing_gradients")
    w = ex.widget
    book = static.templates(ex)
    assert w.template == book[w.key]
    drawn = []
    real = static.template
    monkeypatch.setattr(static, "template", lambda e, p: drawn.append(p) or real(e, p))
    depth = {c.name: c for c in ex.control_list}["depth"]
    start = ex.params["depth"]
    for v in (_another(depth, start), start, _another(depth, start)):
        ex.update(depth=v)
        assert w.template == book[w.key]
    assert not drawn, "a structure's move draws nothing in the kernel: its template is ready"


def test_nonfinite_quantities_cross_json():
    q = {"a": 1.0, "b": [float("nan"), float("inf")], "c": {"d": -math.inf}, "s": "x"}
    out = jsonable(q)
    json.dumps(out, allow_nan=False)
    assert out == {"a": 1.0, "b": [{"__float__": "nan"}, {"__float__": "inf"}],
                   "c": {"d": {"__float__": "-inf"}}, "s": "x"}
    plain = {"a": [1.0, 2]}
    assert jsonable(plain) is plain
    # a real one: the initialization explorer's forward ratio is NaN for a depth of 2
    ex = explorers.get("initialization")
    ex.update(depth=2)
    assert math.isnan(ex.quantities(ex.params)["fwdRatio"])
    json.dumps(ex.widget.get_state()["q"], allow_nan=False)


def test_update_and_control_handles_keep_the_api():
    ex = explorers.get("forward_propagation")
    w = ex.widget
    assert ex.output is w and ex.widget is w and isinstance(w, ExplorerWidget)
    sent = _capture(w)
    html = ex.update(x1=1.0)
    assert html == w.value and w.params["x1"] == 1.0
    assert len(sent) == 1 and set(sent[0]["state"]) == {"params", "q", "at"}   # one message to the page
    handle = ex.control_widget("activation")
    assert handle.value == "tanh" and handle.description
    handle.value = "relu"
    assert ex.params["activation"] == "relu" and w.value == ex.html() and "relu" in w.key
    with pytest.raises(ValueError, match="unknown control"):
        ex.control_widget("nope")
    sent.clear()
    _from_page(w, {**w.params, "x1": 99.0})     # ipywidgets logs the ValueError ("x1 must lie ...")
    assert w.params["x1"] == 1.0 and ex.params["x1"] == 1.0
    assert sent and sent[-1]["state"]["params"]["x1"] == 1.0   # the page's control is set back


def test_front_end_is_one_es_module_with_the_static_book_s_twins():
    js = front_end_js()
    assert "export default" in js and "function render(" in js and "function format(" in js
    # the static book's modules, its page wiring (page.js) left out: the same twins, formats,
    # templates and controls as the static page, and the explorers' own page interactions
    assert "INTERACTIONS.four_diagrams" in js and "function mount(" not in js
    for explorer_id in IDS:
        assert f"EXPLORERS.{explorer_id} =" in js, explorer_id
    assert ExplorerWidget._esm == js


def _twin_state(w):
    assert w.twin_data == b""                   # not made until a view asks (nbval never does)
    w._handle_msg({"content": {"data": {"method": "custom", "content": {"twin": "please"}}}, "buffers": []})
    w._twin_thread.join()
    return json.loads(zlib.decompress(w.twin_data))


@pytest.mark.parametrize("explorer_id", ["forward_propagation", "vanishing_gradients", "digits"])
def test_the_twin_s_data_and_templates_are_sent_once_deflated(explorer_id):
    ex = explorers.get(explorer_id)
    w = ex.widget
    assert w.twin and has_twin(ex)
    sent = _twin_state(w)
    assert sent == {"data": json.loads(json.dumps(ex.live_data())), "templates": static.templates(ex)}
    assert len(w.twin_data) < len(json.dumps(sent)) / 2      # deflated: templates repeat themselves
    assert w.spec["structure"] == list(ex.structure)
    msgs = _capture(w)
    c = ex.control_list[-1]
    ex.update(**{c.name: _another(c, ex.params[c.name])})
    assert msgs and all("twin_data" not in m["state"] for m in msgs)   # not per change


class _Scaled(type(explorers.get("forward_propagation"))):
    """A learner's subclass: its own quantities (the page's twin would not know them)."""

    def quantities(self, p):
        q = super().quantities(p)
        q["z"] = q["z"] + 100.0
        return q


def test_a_learner_s_quantities_make_the_widget_kernel_only():
    ex = _Scaled()
    assert ex.draws_its_quantities and not has_twin(ex)
    w = ex.widget
    w.start_twin(wait=True)
    assert not w.twin and w.twin_data == b""
    assert w.value == ex.html() and w.q["z"] == ex.quantities(ex.params)["z"]
    # replaced on an instance after the widget was shown: kernel only from the next change (the
    # page is told in the same message), or after the next cell run (the IPython hook)
    ex2 = explorers.get("forward_propagation")
    w2 = ex2.widget
    assert w2.twin
    sent = _capture(w2)
    ex2.update(x1=0.5)
    ex2.quantities = lambda p, _q=ex2.quantities: {**_q(p), "z": 7.0}
    assert not has_twin(ex2)
    sent.clear()
    _from_page(w2, {**w2.params, "x1": 1.0})
    assert len(sent) == 1 and sent[0]["state"]["twin"] is False and sent[0]["state"]["q"]["z"] == 7.0
    assert w2.value == ex2.html()
    ex3 = explorers.get("cross_entropy")
    w3 = ex3.widget
    ex3.draw = lambda q, p: "<p>mine</p>"
    from backprop_lib.explorers import widget as widget_module
    widget_module._after_cell()
    assert not w3.twin
    # a change to the class itself counts too; a library explorer keeps its twin
    ex4 = explorers.get("autodiff")
    assert has_twin(ex4)
    cls = type(ex4)
    original = cls.quantities
    try:
        cls.quantities = lambda self, p: original(self, p)
        assert not has_twin(ex4)
    finally:
        cls.quantities = original
    assert has_twin(ex4)


# --------------------------------------------------------------------------- in Chromium

PAGE = "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>widget</title></head><body></body></html>"

# A stand-in for the widget model anywidget hands to render(): get/set/on/off/save_changes; the
# kernel's messages are applied as Backbone does (every value set, then the change events).
JS_MOUNT = """
async ([esm, state]) => {
  const mod = await import(URL.createObjectURL(new Blob([esm], {type: 'text/javascript'})));
  // bytes reach a widget's front end as a DataView (ipywidgets' binary buffers)
  const raw = atob(state.twin_data || '');
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  state.twin_data = new DataView(bytes.buffer);
  const listeners = {};
  const fire = (k) => (listeners['change:' + k] || []).slice().forEach(f => f());
  const model = {
    get: (k) => state[k],
    set: (k, v) => { state[k] = v; fire(k); },
    on: (ev, f) => { (listeners[ev] = listeners[ev] || []).push(f); },
    off: (ev, f) => { listeners[ev] = (listeners[ev] || []).filter(g => g !== f); },
    save_changes: () => { window.__saved.push(JSON.parse(JSON.stringify(state.params))); },
    send: (content) => { window.__custom.push(content); },
  };
  window.__saved = [];
  window.__custom = [];
  window.__kernel = (update) => { Object.assign(state, update); Object.keys(update).forEach(fire); };
  const el = document.createElement('div');
  document.body.replaceChildren(el);
  mod.default.render({model, el});
  if (state.twin) {          // the twin's data inflated (a promise): its figures from then on
    const root = el.querySelector('[data-explorer]');
    for (let i = 0; i < 200 && root.dataset.twin !== 'on'; i++) await new Promise(r => setTimeout(r, 5));
  }
  return document.querySelectorAll('[data-explorer] [data-param]').length;
}
"""

JS_KERNEL_STATE = "() => document.querySelector('[data-explorer]').dataset.kernel"
WIDGET_STATE = ("spec", "shell", "params", "key", "template", "q", "at", "twin", "twin_data")


def _state(w) -> dict:
    """The widget's state as the page gets it (JSON, the bytes as base64 for the stand-in)."""
    w.start_twin(wait=True)                     # as asked by a view (its first one)
    state = {k: v for k, v in w.get_state().items() if k in WIDGET_STATE}
    state["twin_data"] = base64.b64encode(bytes(w.twin_data)).decode()
    return _wire(state)


def _press(page, c):
    """Focus control ``c`` and press the arrow key that moves it (back at its end)."""
    page.locator(f'[data-param="{c.name}"]').focus()
    key = "ArrowDown" if c.kind == "dropdown" else "ArrowRight"
    at_end = page.evaluate("(n) => { const e = document.querySelector(`[data-param=\"${n}\"]`);"
                           " return e.tagName === 'SELECT' ? e.selectedIndex === e.options.length - 1"
                           " : +e.value >= +e.max; }", c.name)
    if at_end:
        key = "ArrowUp" if c.kind == "dropdown" else "ArrowLeft"
    page.keyboard.press(key)
    return key

JS_FIGURE_IS = """
(html) => {
  const fig = document.querySelector('[data-figure]').cloneNode(true);
  const t = document.createElement('template');
  t.innerHTML = html;
  t.content.normalize();
  fig.normalize();                 // a number written as '' leaves an empty text node
  const want = [...t.content.childNodes], got = [...fig.childNodes];
  if (want.length !== got.length) return 'children ' + want.length + ' != ' + got.length;
  for (let k = 0; k < want.length; k++) {
    if (want[k].isEqualNode(got[k])) continue;
    const a = want[k].outerHTML || want[k].textContent, b = got[k].outerHTML || got[k].textContent;
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return 'differs at ' + i + ': want ' + a.slice(Math.max(0, i - 80), i + 80) + ' got ' + b.slice(Math.max(0, i - 80), i + 80);
  }
  return true;
}
"""


def _wire(state: dict) -> dict:
    """A state as it reaches the page: JSON, which has no NaN."""
    return json.loads(json.dumps(state, allow_nan=False, ensure_ascii=False))


@pytest.mark.browser
def test_the_front_end_fills_the_library_s_figure_in_chromium(browser):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    problems = []
    try:
        page.set_content(PAGE)
        for explorer_id in IDS:
            ex = explorers.get(explorer_id)
            if explorer_id == "initialization":
                ex.update(depth=2)                      # a NaN among the quantities
            w = ex.widget
            sent = _capture(w)
            assert page.evaluate(JS_MOUNT, [front_end_js(), _state(w)]) == len(ex.control_list)
            ok = page.evaluate(JS_FIGURE_IS, ex.html())
            if ok is not True:
                problems.append(f"{explorer_id} at first: {ok}")
            for c in ex.control_list:
                page.evaluate("() => { const f = document.querySelector('[data-figure]').firstElementChild;"
                              " if (f) f.__kept = true; window.__saved = []; }")
                key = _press(page, c)
                saved = page.evaluate("() => window.__saved")
                if len(saved) != 1:
                    problems.append(f"{explorer_id}.{c.name}: {key} sent {len(saved)} changes, not 1")
                    continue
                html = explorers.get(explorer_id).update(**saved[0])
                # at once, before the kernel answers: the page's twin drew render(params)
                ok = page.evaluate(JS_FIGURE_IS, html)
                if ok is not True:
                    problems.append(f"{explorer_id}.{c.name} -> {saved[0][c.name]!r}, the page's: {ok}")
                if page.evaluate(JS_KERNEL_STATE) != "pending":
                    problems.append(f"{explorer_id}.{c.name}: not pending before the kernel's answer")
                sent.clear()
                _from_page(w, saved[0])
                for msg in sent:                        # the kernel's answer, as the page gets it
                    page.evaluate("(u) => window.__kernel(u)", _wire(msg["state"]))
                ok = page.evaluate(JS_FIGURE_IS, html)
                if ok is not True:
                    problems.append(f"{explorer_id}.{c.name} -> {saved[0][c.name]!r}, the kernel's: {ok}")
                if page.evaluate(JS_KERNEL_STATE) != "confirmed":
                    problems.append(f"{explorer_id}.{c.name}: the kernel's answer not confirmed")
                kept = page.evaluate("() => !!(document.querySelector('[data-figure]').firstElementChild || {}).__kept")
                if c.name not in ex.structure and not kept:
                    problems.append(f"{explorer_id}.{c.name}: the figure was replaced, not written in place")
                # the slider's own readout follows it
                if c.kind == "slider":
                    text = page.evaluate("(n) => document.querySelector(`[data-param=\"${n}\"]`).getAttribute('aria-valuetext')", c.name)
                    if text != f"{c.label} = {c.format(saved[0][c.name])}":
                        problems.append(f"{explorer_id}.{c.name}: aria-valuetext {text!r}")
            # a change from code (update) reaches the page's controls and figure
            c = ex.control_list[0]
            v = _another(c, ex.params[c.name])
            sent.clear()
            html = ex.update(**{c.name: v})
            for msg in sent:
                page.evaluate("(u) => window.__kernel(u)", _wire(msg["state"]))
            value = page.evaluate(f"() => document.querySelector('[data-param=\"{c.name}\"]').value")
            want = str(v) if c.kind == "dropdown" else None
            if (want is not None and value != want) or (want is None and float(value) != v):
                problems.append(f"{explorer_id}: update({c.name}={v!r}) left the control at {value!r}")
            ok = page.evaluate(JS_FIGURE_IS, html)
            if ok is not True:
                problems.append(f"{explorer_id} after update(): {ok}")
    finally:
        page.close()
    assert not errors, errors
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_an_overtaken_answer_is_left_out_and_a_kernel_only_explorer_shows_python_s_numbers(browser):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.set_content(PAGE)
        # two presses before the kernel answers the first: its answer, arriving late, is left out
        ex = explorers.get("vanishing_gradients")
        w = ex.widget
        sent = _capture(w)
        page.evaluate(JS_MOUNT, [front_end_js(), _state(w)])
        c = {c.name: c for c in ex.control_list}["weight_scale"]
        _press(page, c)
        _press(page, c)
        first, second = page.evaluate("() => window.__saved")
        assert first != second
        html = explorers.get("vanishing_gradients").update(**second)
        assert page.evaluate(JS_FIGURE_IS, html) is True
        _from_page(w, first)
        page.evaluate("(u) => window.__kernel(u)", _wire(sent[-1]["state"]))
        assert page.evaluate(JS_FIGURE_IS, html) is True, "an overtaken answer was written"
        assert page.evaluate(JS_KERNEL_STATE) == "pending"
        _from_page(w, second)
        page.evaluate("(u) => window.__kernel(u)", _wire(sent[-1]["state"]))
        assert page.evaluate(JS_FIGURE_IS, html) is True
        assert page.evaluate(JS_KERNEL_STATE) == "confirmed"

        # a learner's quantities: the page never shows the twin's numbers, only the kernel's
        ex = _Scaled()
        w = ex.widget
        sent = _capture(w)
        page.evaluate(JS_MOUNT, [front_end_js(), _state(w)])
        assert page.evaluate(JS_FIGURE_IS, ex.html()) is True
        before = ex.html()
        page.evaluate("() => { window.__saved = []; }")
        _press(page, {c.name: c for c in ex.control_list}["x1"])
        (saved,) = page.evaluate("() => window.__saved")
        assert page.evaluate(JS_FIGURE_IS, before) is True, "the page computed a kernel-only explorer"
        _from_page(w, saved)
        for msg in sent:
            page.evaluate("(u) => window.__kernel(u)", _wire(msg["state"]))
        assert page.evaluate(JS_FIGURE_IS, _Scaled().update(**saved)) is True
        assert page.evaluate(JS_KERNEL_STATE) == "confirmed"
    finally:
        page.close()
    assert not errors, errors
