"""A learner's JupyterLab, driven in headless Chromium (issue 7).

The run's one JupyterLab (tests/browser/conftest.py: ``lab``, serving a COPY of chapters/, so no
output is saved into the sources) is opened in the run's Chromium. A notebook is run there as a
learner would: open, wait until the kernel reports "Idle" in the status bar, Run All, wait until
every code cell has run, assert no error outputs, then move one slider of every explorer with the
keyboard and assert that its diagram or numbers change.

* ``every-explorer.ipynb``, written into the lab's copy: one cell per explorer of
  ``explorers.CHAPTERS``, so every explorer is shown live in JupyterLab and answers the keyboard.

A real chapter (forward-propagation, with its explorer and both kinds of exercise) is run top to
bottom in the same JupyterLab by test_browser_lab_notebook.py, which also checks what its outputs
show and what they must not.

That every chapter runs top to bottom without an error is checked by nbval, which executes every
cell of every chapter in the same kind of kernel (``chapters/*.ipynb`` items of the test run); this
suite checks what only JupyterLab shows: the live widgets.

Every request outside the JupyterLab server is blocked.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = support.ROOT
RUN_TIMEOUT_S = 240  # one chapter, Run All (each is meant to run well under a minute)


# the explorers a notebook shows: one per `explorers.get("<id>")` cell
def explorer_cells(nb_path: Path) -> int:
    nb = json.loads(nb_path.read_text())
    return sum("".join(c["source"]).count("explorers.get(") for c in nb["cells"] if c["cell_type"] == "code")


def every_explorer_notebook(folder: Path) -> str:
    """A notebook with every explorer of the library, one per cell; returns its path in the lab."""
    from backprop_lib import explorers

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

# Explorers: output areas holding ipywidgets sliders. Mark each and its first slider handle.
JS_MARK_EXPLORERS = """
() => {
  const panel = document.getElementById(window.__h7.id);
  const outs = [...panel.querySelectorAll('.jp-OutputArea-output')].filter(o => o.querySelector('.widget-slider'));
  return outs.map((o, i) => {
    o.setAttribute('data-h7-lab-explorer', String(i));
    const handle = o.querySelector('.widget-slider [role=slider], .widget-slider .noUi-handle, .widget-slider input[type=range]');
    if (handle) handle.setAttribute('data-h7-lab-slider', String(i));
    const r = o.getBoundingClientRect();
    return {i, hasHandle: !!handle, width: r.width, height: r.height};
  });
}
"""

# what the explorer shows, minus the sliders themselves (whose readout moves with them)
JS_EXPLORER_SIGNATURE = """
(i) => {
  const o = document.querySelector(`[data-h7-lab-explorer="${i}"]`);
  const h = document.querySelector(`[data-h7-lab-slider="${i}"]`);
  const clone = o.cloneNode(true);
  clone.querySelectorAll('.widget-slider').forEach(e => e.remove());
  return {sig: clone.innerHTML, value: h ? (h.getAttribute('aria-valuenow') || h.value || '') : '',
          max: h ? (h.getAttribute('aria-valuemax') || h.max || '') : ''};
}
"""


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
    explorers = page.evaluate(JS_MARK_EXPLORERS)
    if len(explorers) != expected:
        problems.append(f"{expected} explorer(s) in the notebook but {len(explorers)} live explorer(s) shown")
    for e in explorers:
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
                "([i, sig]) => { const o = document.querySelector(`[data-h7-lab-explorer=\"${i}\"]`);"
                " const c = o.cloneNode(true); c.querySelectorAll('.widget-slider').forEach(e => e.remove());"
                " return c.innerHTML !== sig; }",
                arg=[e["i"], before["sig"]], timeout=5_000)
        except Exception:  # noqa: BLE001
            after = page.evaluate(JS_EXPLORER_SIGNATURE, e["i"])
            if after["value"] == before["value"]:
                problems.append(f"explorer {e['i']}: {key} did not move the slider (value {before['value']})")
            else:
                problems.append(f"explorer {e['i']}: slider moved {before['value']} -> {after['value']} "
                                f"but the diagram/numbers did not change")
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
