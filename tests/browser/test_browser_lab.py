"""A learner's JupyterLab, driven in headless Chromium (issue 7).

JupyterLab (from the repo's requirements) is started on 127.0.0.1 with a token, serving a
temporary COPY of chapters/ (so no output is ever saved into the sources), with its own
config/settings/workspace folders (announcements off, every cell kept in the DOM). For each
chapter in _toc.yml: open it, wait until the kernel reports "Idle" in the status bar, Run All,
wait until every code cell has run, assert no error outputs, then for each explorer move one
slider with the keyboard and assert the diagram or numbers change.

Every request outside the JupyterLab server is blocked. Set up with `bash tests/browser/setup.sh`;
deselect with `-m "not browser"`.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = support.ROOT
RUN_TIMEOUT_S = 240  # one chapter, Run All (each is meant to run well under a minute)


def chapter_notebooks() -> list[str]:
    """Chapter notebooks in _toc.yml order, as paths relative to the repo root."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                for suffix in ("", ".ipynb"):
                    path = ROOT / f"{node['file']}{suffix}"
                    if path.is_file() and path.suffix == ".ipynb":
                        found.append(str(path.relative_to(ROOT)))
                        break
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return found


CHAPTERS = chapter_notebooks()


def explorer_cells(nb_path: Path) -> int:
    nb = json.loads(nb_path.read_text())
    return sum(1 for c in nb["cells"] if c["cell_type"] == "code" and "explorers.catalog()" in "".join(c["source"]))


# --------------------------------------------------------------------------- JupyterLab server


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    support.require_prerequisites()
    base = tmp_path_factory.mktemp("lab")
    work = base / "work"
    shutil.copytree(ROOT / "chapters", work / "chapters",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    config = base / "config"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    settings = base / "settings"
    tracker = settings / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    # keep every cell in the DOM (no virtual scrolling) so outputs can be inspected
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    docmanager = settings / "@jupyterlab" / "docmanager-extension"
    docmanager.mkdir(parents=True)
    (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))

    token = secrets.token_hex(16)
    port = support.free_port()
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        IPYTHONDIR=str(base / "ipython"),
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        MPLBACKEND="module://matplotlib_inline.backend_inline",
    )
    log = open(base / "jupyterlab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
         "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
         f"--ServerApp.token={token}", f"--ServerApp.root_dir={work}",
         "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
         "--ServerApp.disable_check_xsrf=False"],
        cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}api/status?token={token}", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail("JupyterLab did not start:\n" + (base / "jupyterlab.log").read_text()[-3000:])
        time.sleep(0.5)
    yield {"url": url, "token": token, "work": work, "log": base / "jupyterlab.log"}
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def lab_page(lab, playwright_driver):
    browser = support.launch(playwright_driver)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    router = support.Router([lab["url"]])
    router.install(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{lab['url']}lab?reset&token={lab['token']}", wait_until="load")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=90_000)
    page.wait_for_selector(".jp-LauncherCard, .jp-Launcher", timeout=90_000)
    yield {"page": page, "errors": errors, "router": router}
    context.close()
    browser.close()


# --------------------------------------------------------------------------- page scripts

JS_OPEN = """
async (path) => {
  const app = window.jupyterapp;
  const w = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  await w.context.ready;
  await w.sessionContext.ready;
  window.__h7 = w;
  return w.id;
}
"""

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


@pytest.mark.parametrize("notebook", CHAPTERS)
def test_chapter_runs_and_explorers_respond(lab, lab_page, notebook):
    page = lab_page["page"]
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
    expected = explorer_cells(ROOT / notebook)
    page.wait_for_timeout(300)  # let the widget views attach
    explorers = page.evaluate(JS_MARK_EXPLORERS)
    if len(explorers) < expected:
        problems.append(f"{expected} explorer cell(s) but {len(explorers)} live explorer(s) shown")
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
    for rel in CHAPTERS:
        nb = json.loads((ROOT / rel).read_text())
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), rel
