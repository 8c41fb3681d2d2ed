"""A learner's JupyterLab, driven in headless Chromium (issue 7).

The run's one JupyterLab (tests/browser/conftest.py: ``lab``, serving a COPY of chapters/, so no
output is saved into the sources) is opened in the run's Chromium. A notebook is run there as a
learner would: open, wait until the kernel reports "Idle" in the status bar, Run All, wait until
every code cell has run, assert no error outputs, then move one slider of every explorer with the
keyboard and assert that its figure changes, to the library's rendering of the new settings
(``render(params)``), written in place when the slider changes numbers only (issue 25).

* ``every-explorer.ipynb``, written into the lab's copy: one cell per explorer of
  ``explorers.CHAPTERS``, so every explorer is shown live in JupyterLab and answers the keyboard.
* ``twin-and-kernel.ipynb`` (issue 25): with the kernel held busy (a request that waits for a
  file the test writes), a key press on a library explorer's slider shows ``render(params)`` at
  once (the page's twin); once the kernel is let go its answer is in (``data-kernel`` confirmed),
  the figure is still ``render(params)`` and ``explorer.params`` in the kernel follows the
  slider; an explorer whose ``quantities`` a learner replaced (a subclass in the notebook) shows
  nothing new until the kernel answers, and then Python's numbers. Screenshots at 390 and 1280 px.

A real chapter (forward-propagation, with its explorer and both kinds of exercise) is run top to
bottom in the same JupyterLab by test_browser_lab_notebook.py, which also checks what its outputs
show and what they must not.

That every chapter runs top to bottom without an error is checked by nbval, which executes every
cell of every chapter in the same kind of kernel (``chapters/*.ipynb`` items of the test run); this
suite checks what only JupyterLab shows: the live widgets.

Every request outside the JupyterLab server is blocked.
"""

from __future__ import annotations

import ast
import json
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

from backprop_lib import explorers  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = support.ROOT
RUN_TIMEOUT_S = 240  # one chapter, Run All (each is meant to run well under a minute)


# the explorers a notebook shows: one per `explorers.get("<id>")` cell
def explorer_cells(nb_path: Path) -> int:
    nb = json.loads(nb_path.read_text())
    return sum("".join(c["source"]).count("explorers.get(") for c in nb["cells"] if c["cell_type"] == "code")


def every_explorer_notebook(folder: Path) -> str:
    """A notebook with every explorer of the library, one per cell; returns its path in the lab."""
    cells = [{"cell_type": "code", "execution_count": None, "id": f"explorer-{i}", "metadata": {},
              "outputs": [], "source": f"from backprop_lib import explorers\nexplorers.get({name!r})"}
             for i, name in enumerate(explorers.CHAPTERS)]
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                      "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    (folder / "chapters" / "every-explorer.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    return "chapters/every-explorer.ipynb"


# lab_page: tests/browser/conftest.py


# --------------------------------------------------------------------------- page scripts

JS_OPEN = support.open_notebook_js("__h7")

JS_KERNEL_STATUS = """
() => {
  const w = window.__h7;
  const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
  return k ? k.status : 'none';
}
"""

JS_PROGRESS = """
() => {
  const nb = window.__h7.context.model.toJSON();
  const code = nb.cells.filter(c => c.cell_type === 'code');
  const errors = [];
  code.forEach((c, i) => (c.outputs || []).forEach(o => {
    if (o.output_type === 'error') errors.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
  }));
  return {total: code.length, done: code.filter(c => c.execution_count !== null).length, errors};
}
"""

# Explorers: output areas holding an explorer's root (explorers/widget.py: the static book's HTML
# contract, data-explorer / data-param / data-figure). Mark each and its first slider.
JS_MARK_EXPLORERS = """
() => {
  const panel = document.getElementById(window.__h7.id);
  const outs = [...panel.querySelectorAll('.jp-OutputArea-output')].filter(o => o.querySelector('[data-explorer]'));
  return outs.map((o, i) => {
    o.setAttribute('data-h7-lab-explorer', String(i));
    const root = o.querySelector('[data-explorer]');
    const handle = root.querySelector('input[type=range][data-param]');
    if (handle) handle.setAttribute('data-h7-lab-slider', String(i));
    const r = o.getBoundingClientRect();
    return {i, id: root.dataset.explorer, param: handle ? handle.dataset.param : null,
            hasFigure: !!root.querySelector('[data-figure] svg'), hasHandle: !!handle,
            width: r.width, height: r.height};
  });
}
"""

# what the figure shows (the slider's own readout moves with it, the figure must too); its first
# node is tagged, to tell an update in place from a replaced figure
JS_EXPLORER_SIGNATURE = """
(i) => {
  const fig = document.querySelector(`[data-h7-lab-explorer="${i}"] [data-figure]`);
  const h = document.querySelector(`[data-h7-lab-slider="${i}"]`);
  if (fig.firstElementChild) fig.firstElementChild.__h7 = true;
  return {sig: fig.innerHTML, value: h ? h.value : '', max: h ? h.max : ''};
}
"""

# the controls' values as the page holds them, and whether the figure's first node is the tagged one
JS_EXPLORER_STATE = """
(i) => {
  const root = document.querySelector(`[data-h7-lab-explorer="${i}"] [data-explorer]`);
  const values = {};
  root.querySelectorAll('[data-param]').forEach(el => { values[el.dataset.param] = el.value; });
  const fig = root.querySelector('[data-figure]');
  return {values, kept: !!(fig.firstElementChild && fig.firstElementChild.__h7)};
}
"""

# does the figure hold what Python's render(params) returns (the same DOM, parsed alike)?
JS_FIGURE_IS = """
([i, html]) => {
  const fig = document.querySelector(`[data-h7-lab-explorer="${i}"] [data-figure]`).cloneNode(true);
  const t = document.createElement('template');
  t.innerHTML = html;
  t.content.normalize();
  fig.normalize();                 // a number written as '' leaves an empty text node
  const want = [...t.content.childNodes], got = [...fig.childNodes];
  return want.length === got.length && want.every((n, k) => n.isEqualNode(got[k]));
}
"""


def python_params(explorer, values):
    """The page's control values (strings) as the explorer's params."""
    params = {}
    for c in explorer.control_list:
        v = values[c.name]
        if c.kind == "slider":
            params[c.name] = float(v)
        else:
            params[c.name] = next(o for _, o in c.options if str(o) == v)
    return params


def test_every_explorer_runs_and_responds_in_jupyterlab(lab, lab_page):
    page = lab_page["page"]
    notebook = every_explorer_notebook(lab["work"])
    page.evaluate(JS_OPEN, notebook)
    # the kernel must be idle before we run anything ...
    page.wait_for_function(JS_KERNEL_STATUS.replace("return k ? k.status : 'none';",
                                                    "return k && k.status === 'idle';"), timeout=120_000)
    # ... and so must the kernel indicator the learner sees ("Kernel status: Idle")
    page.wait_for_function(
        "() => { const p = document.getElementById(window.__h7.id);"
        " return [...p.querySelectorAll('.jp-Notebook-ExecutionIndicator, .jp-StatusBar-TextItem')]"
        ".some(e => e.dataset.status === 'idle' || /\\bIdle\\b/.test(e.textContent)); }", timeout=60_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")

    deadline = time.monotonic() + RUN_TIMEOUT_S
    while True:
        progress = page.evaluate(JS_PROGRESS)
        if progress["errors"]:
            break
        if progress["done"] == progress["total"] and page.evaluate(JS_KERNEL_STATUS) == "idle":
            break
        assert time.monotonic() < deadline, (
            f"{notebook}: Run All did not finish in {RUN_TIMEOUT_S} s ({progress['done']}/{progress['total']} cells)")
        page.wait_for_timeout(500)
    assert not progress["errors"], f"{notebook}: error outputs: {progress['errors']}"

    problems = []
    expected = explorer_cells(lab["work"] / notebook)
    page.wait_for_timeout(300)  # let the widget views attach
    shown = page.evaluate(JS_MARK_EXPLORERS)
    if len(shown) != expected:
        problems.append(f"{expected} explorer(s) in the notebook but {len(shown)} live explorer(s) shown")
    for e in shown:
        if not e["hasFigure"]:
            problems.append(f"explorer {e['i']} ({e['id']}): no figure")
        if not e["hasHandle"]:
            problems.append(f"explorer {e['i']}: no keyboard-operable slider")
            continue
        before = page.evaluate(JS_EXPLORER_SIGNATURE, e["i"])
        handle = page.locator(f'[data-h7-lab-slider="{e["i"]}"]')
        handle.scroll_into_view_if_needed()
        handle.focus()
        key = "ArrowLeft" if before["value"] and before["value"] == before["max"] else "ArrowRight"
        page.keyboard.press(key)
        try:
            page.wait_for_function(
                "([i, sig]) => document.querySelector(`[data-h7-lab-explorer=\"${i}\"] [data-figure]`)"
                ".innerHTML !== sig", arg=[e["i"], before["sig"]], timeout=5_000)
        except Exception:  # noqa: BLE001
            after = page.evaluate(JS_EXPLORER_SIGNATURE, e["i"])
            if after["value"] == before["value"]:
                problems.append(f"explorer {e['i']}: {key} did not move the slider (value {before['value']})")
            else:
                problems.append(f"explorer {e['i']}: slider moved {before['value']} -> {after['value']} "
                                f"but the diagram/numbers did not change")
        else:
            # the kernel's numbers: once it is idle, the figure is the library's rendering of the
            # page's settings, and a slider that only changes numbers kept the figure's nodes
            page.wait_for_function(JS_KERNEL_STATUS.replace("return k ? k.status : 'none';",
                                                            "return k && k.status === 'idle';"), timeout=30_000)
            state = page.evaluate(JS_EXPLORER_STATE, e["i"])
            ex = explorers.get(e["id"])
            html = ex.update(**python_params(ex, state["values"]))
            if not page.evaluate(JS_FIGURE_IS, [e["i"], html]):
                problems.append(f"explorer {e['id']}: the figure is not render(params) for {state['values']}")
            if e["param"] not in ex.structure and not state["kept"]:
                problems.append(f"explorer {e['id']}: moving {e['param']} replaced the figure "
                                f"instead of writing its numbers in place")
        # the network explorable's own interactions work in Jupyter too: a click on a node opens
        # its diagrams 1 and 2 (it sets the node control; the kernel draws what that chooses)
        nodes = page.locator(f'[data-h7-lab-explorer="{e["i"]}"] [data-figure] [data-node]')
        if nodes.count():
            before = page.evaluate(JS_EXPLORER_SIGNATURE, e["i"])
            opened = page.evaluate(JS_EXPLORER_STATE, e["i"])["values"].get("node")
            # a node other than the open one (a click on the open node closes it)
            node = next(nodes.nth(k) for k in range(nodes.count())
                        if nodes.nth(k).get_attribute("data-node") != opened)
            target = node.get_attribute("data-node")
            node.click(force=True)
            try:
                page.wait_for_function(
                    "([i, sig]) => document.querySelector(`[data-h7-lab-explorer=\"${i}\"] [data-figure]`)"
                    ".innerHTML !== sig", arg=[e["i"], before["sig"]], timeout=5_000)
            except Exception:  # noqa: BLE001
                problems.append(f"explorer {e['id']}: a click on node {target} did not change the figure")
            else:
                page.wait_for_function(JS_KERNEL_STATUS.replace("return k ? k.status : 'none';",
                                                                "return k && k.status === 'idle';"), timeout=30_000)
                state = page.evaluate(JS_EXPLORER_STATE, e["i"])
                if state["values"].get("node") != target:
                    problems.append(f"explorer {e['id']}: a click on node {target} set node="
                                    f"{state['values'].get('node')!r}")
                ex = explorers.get(e["id"])
                html = ex.update(**python_params(ex, state["values"]))
                if not page.evaluate(JS_FIGURE_IS, [e["i"], html]):
                    problems.append(f"explorer {e['id']}: after a click on node {target} the figure "
                                    f"is not render(params) for {state['values']}")
        support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(f'[data-h7-lab-explorer="{e["i"]}"]').screenshot(
            path=str(support.SCREENSHOTS / f"lab-{Path(notebook).stem}-explorer{e['i']}.png"))
    support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(support.SCREENSHOTS / f"lab-{Path(notebook).stem}.png"))

    # shut the kernel down and close without saving (the served folder is a copy anyway)
    page.evaluate("async () => { const w = window.__h7; await w.sessionContext.shutdown(); "
                  "w.context.model.dirty = false; w.dispose(); }")
    problems += [f"uncaught in JupyterLab: {e}" for e in lab_page["errors"]]
    lab_page["errors"].clear()
    assert not problems, f"{notebook}:\n  " + "\n  ".join(problems)


def test_sources_untouched_by_the_lab_run():
    """The lab served a copy: the committed notebooks still have no outputs."""
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = json.loads(path.read_text())
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), path.name


# --------------------------------------------------------------------------- the twin and the kernel

# a learner's subclass with its own quantities: a cell of the notebook, and run here too for
# what the kernel draws for it
SCALED_CLASS = """from backprop_lib import explorers

class Scaled(type(explorers.get("forward_propagation"))):
    def quantities(self, p):
        q = super().quantities(p)
        q["z"] = q["z"] + 100.0
        return q
"""
SCALED = SCALED_CLASS + "\nmine = Scaled()\nmine"


def _scaled():
    """The notebook's ``Scaled()``, in this process."""
    names: dict = {}
    exec(SCALED_CLASS, names)
    return names["Scaled"]()


JS_EXEC = """
async ([code, expr]) => {
  const k = window.__h25.sessionContext.session.kernel;
  const f = k.requestExecute({code, silent: true, store_history: false,
                              user_expressions: expr ? {v: expr} : {}});
  if (!expr) return null;                       // a request left running (it holds the kernel)
  const reply = await f.done;
  return reply.content.user_expressions.v.data['text/plain'];
}
"""

JS_ROOT_STATE = """
(i) => {
  const root = document.querySelectorAll(`#${window.__h25.id} [data-explorer]`)[i];
  const values = {};
  root.querySelectorAll('[data-param]').forEach(el => { values[el.dataset.param] = el.value; });
  return {twin: root.dataset.twin, kernel: root.dataset.kernel, values, html: root.querySelector('[data-figure]').innerHTML};
}
"""

JS_FIGURE_OF = """
([i, html]) => {
  const root = document.querySelectorAll(`#${window.__h25.id} [data-explorer]`)[i];
  const fig = root.querySelector('[data-figure]').cloneNode(true);
  const t = document.createElement('template');
  t.innerHTML = html;
  t.content.normalize();
  fig.normalize();
  const want = [...t.content.childNodes], got = [...fig.childNodes];
  return want.length === got.length && want.every((n, k) => n.isEqualNode(got[k]));
}
"""


def test_the_page_draws_at_once_and_the_kernel_confirms_in_jupyterlab(lab, lab_page):
    page = lab_page["page"]
    folder = lab["work"] / "chapters"
    cells = ['from backprop_lib import explorers\nfp = explorers.get("forward_propagation")\nfp', SCALED]
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
                     "outputs": [], "source": src} for i, src in enumerate(cells)],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    (folder / "twin-and-kernel.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    page.evaluate(support.open_notebook_js("__h25"), "chapters/twin-and-kernel.ipynb")
    idle = ("() => { const k = window.__h25.sessionContext.session.kernel; return k && k.status === 'idle'; }")
    page.wait_for_function(idle, timeout=120_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function("() => document.querySelectorAll(`#${window.__h25.id} [data-explorer]`).length === 2",
                           timeout=RUN_TIMEOUT_S * 1000)
    page.wait_for_function(idle, timeout=RUN_TIMEOUT_S * 1000)
    # the library's explorer computes in the page (its twin's data inflated); the learner's does not
    page.wait_for_function("() => document.querySelectorAll(`#${window.__h25.id} [data-explorer]`)[0]"
                           ".dataset.twin === 'on'", timeout=30_000)
    assert page.evaluate(JS_ROOT_STATE, 1)["twin"] == "off"

    def hold():
        """The kernel busy until release(): the page's messages wait in its queue."""
        flag = folder / f"release-{time.monotonic_ns()}"
        page.evaluate(JS_EXEC, [f"import os, time\nwhile not os.path.exists({str(flag)!r}): time.sleep(0.002)", None])
        page.wait_for_function("() => window.__h25.sessionContext.session.kernel.status === 'busy'", timeout=10_000)
        return flag

    def press(i, name):
        sel = f'#{page.evaluate("() => window.__h25.id")} [data-explorer] [data-param="{name}"]'
        handle = page.locator(sel).nth(i)
        handle.scroll_into_view_if_needed()
        handle.focus()
        page.keyboard.press("ArrowRight")

    # 1. the library's explorer: render(params) at once, Python's numbers after, params followed
    flag = hold()
    before = page.evaluate(JS_ROOT_STATE, 0)
    press(0, "x1")
    now = page.evaluate(JS_ROOT_STATE, 0)
    assert now["values"]["x1"] != before["values"]["x1"], "the key did not move the slider"
    ex = explorers.get("forward_propagation")
    params = python_params(ex, now["values"])
    html = ex.update(**params)
    assert now["kernel"] == "pending", "the kernel answered while it was held busy"
    assert page.evaluate(JS_FIGURE_OF, [0, html]), "the page did not draw render(params) at once"
    flag.write_text("")
    page.wait_for_function("() => document.querySelectorAll(`#${window.__h25.id} [data-explorer]`)[0]"
                           ".dataset.kernel === 'confirmed'", timeout=30_000)
    assert page.evaluate(JS_FIGURE_OF, [0, html]), "after the kernel's answer the figure is not render(params)"
    kernel_params = json.loads(ast.literal_eval(page.evaluate(JS_EXEC, ["import json", "json.dumps(fp.params)"])))
    assert kernel_params == params, f"explorer.params in the kernel {kernel_params} != the page's {params}"

    # 2. the learner's quantities: nothing from the page, Python's numbers once the kernel answers
    flag = hold()
    before = page.evaluate(JS_ROOT_STATE, 1)
    press(1, "x1")
    now = page.evaluate(JS_ROOT_STATE, 1)
    assert now["values"]["x1"] != before["values"]["x1"]
    assert now["html"] == before["html"] and now["kernel"] == "pending", "the page drew a kernel-only explorer"
    flag.write_text("")
    page.wait_for_function("() => document.querySelectorAll(`#${window.__h25.id} [data-explorer]`)[1]"
                           ".dataset.kernel === 'confirmed'", timeout=30_000)
    mine = _scaled()
    html = mine.update(**python_params(mine, now["values"]))
    assert page.evaluate(JS_FIGURE_OF, [1, html]), "the kernel-only explorer does not show Python's numbers"
    assert html != ex.update(**python_params(ex, now["values"]))

    # 3. look at it: the widget after a slider's move, at a phone's and a laptop's width
    support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    root = page.locator(f'#{page.evaluate("() => window.__h25.id")} [data-explorer]').first
    page.evaluate("() => { window.jupyterapp.shell.collapseLeft(); window.jupyterapp.shell.collapseRight(); }")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        root.scroll_into_view_if_needed()
        root.screenshot(path=str(support.SCREENSHOTS / f"lab-widget-after-slider-{width}.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})

    page.evaluate("async () => { const w = window.__h25; await w.sessionContext.shutdown(); "
                  "w.context.model.dirty = false; w.dispose(); }")
    errors = [f"uncaught in JupyterLab: {e}" for e in lab_page["errors"]]
    lab_page["errors"].clear()
    assert not errors, errors
