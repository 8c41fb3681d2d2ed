"""How fast does an explorer's figure follow a key press in JupyterLab?  (Issue 25: a benchmark,
not a test.)

What a learner in JupyterLab feels: JupyterLab 4 from this checkout's venv is started on a
temporary folder holding one notebook that displays every explorer of ``explorers.CHAPTERS``
(one cell each) and, first, a **baseline**: an ipywidgets ``IntSlider`` whose kernel-side
observer writes its value into an ipywidgets ``Label`` (the least a kernel-backed control can
do: one round trip through the kernel, a few bytes back). The notebook is Run All in headless
Chromium (/usr/bin/chromium through Playwright, nothing outside 127.0.0.1 reachable); then for
every control of every explorer the control is focused and an arrow key pressed several times
(a slider handle: ArrowRight/ArrowLeft, turning at the ends; a dropdown: ArrowDown/ArrowUp),
and the page measures the time from the ``keydown`` (its event time stamp) to the **first change
of the figure's DOM** (a MutationObserver on the figure: ``[data-figure]`` of an explorer, the
output ``HTML`` widget of an ipywidgets one, the Label of the baseline), and to the end of the
next frame after it (``painted``: requestAnimationFrame, then a message: the figure's style,
layout and paint are done).

Since issue 25 an explorer's page computes its figure with the static book's JavaScript twin in
the key's input event, and the kernel's answer (Python's quantities) is written afterwards: the
figure's first change is the page's, and a separate column, ``kernel✓``, is the time until Python's
numbers are in the figure (the root's ``data-kernel`` turns ``confirmed``; for the ipywidgets rows
it is the figure's change itself). The way to the kernel and back, per press (the kernel's
WebSocket frames are logged in the page and the Jupyter message headers' dates compared with the
page's clock, one machine, one clock):

* ``page``: keydown -> the control's message leaves on the WebSocket (the front end's handling),
* ``to``: -> the kernel's ``busy`` for it (the server, ZMQ, the kernel's shell thread and main
  thread waking up),
* ``kernel``: ``busy`` -> the update it sends (trait notification, ``quantities``, drawing,
  serialisation),
* ``back``: -> the update's arrival in the page (the kernel's IOPub thread, ZMQ, the server, the
  WebSocket),
* ``apply``: the update's arrival -> Python's numbers in the figure (deserialise, write).

Printed: per explorer the median, 90th percentile and slowest over all its presses, the kernel's
confirmation (median), the slowest control (the control with the highest median, and that
median), the median breakdown, and the ratio of
the median to the baseline's median in the same run (the round trip any kernel-backed control
pays; it shows how loaded the machine is). One explorer is also shown the way it was before
issue 25 (``... (old: HTML replaced)``: ipywidgets sliders and an ipywidgets ``HTML`` output whose
whole value is ``html()`` again after each change), measured in the same run for comparison.
Target (issue 25): every explorer's median < 16 ms, every control's median < 33 ms. Then the
same columns per control.

On a machine shared with other work the round trip through the server and the kernel (``to``,
``back``) grows with the load; the ratio to the baseline does not, much.

Run:  .venv/bin/python benchmarks/bench_jupyter_explorers.py              (~ 6 minutes)
      .venv/bin/python benchmarks/bench_jupyter_explorers.py --presses 4  (quicker, rougher)
      .venv/bin/python benchmarks/bench_jupyter_explorers.py --only forward_propagation,digits
      ... --json out.json  (every press, for a closer look)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import support  # noqa: E402

from backprop_lib import explorers  # noqa: E402

MEDIAN_BUDGET_MS = 16.0
SLOWEST_BUDGET_MS = 33.0
BASELINE = "baseline"

# The way explorers were shown before issue 25, for comparison in the same run: ipywidgets
# controls, and an ipywidgets HTML output whose whole value is the explorer's html() again after
# every change.
REFERENCE = ("vanishing_gradients",)
REFERENCE_CELL = """import ipywidgets as w
from backprop_lib import explorers
from backprop_lib.explorers.controls import Slider
_ex = explorers.get({id!r})
_out = w.HTML(value=_ex.html())
def _handler(name):
    def h(change):
        _ex._set_params({{name: change["new"]}})
        _out.value = _ex.html()
    return h
_controls = []
for c in _ex.control_list:
    if isinstance(c, Slider):
        cw = w.FloatSlider(value=c.value, min=c.min, max=c.max, step=c.step, description=c.label,
                           readout_format=f".{{c.digits}}f", continuous_update=True)
    else:
        cw = w.Dropdown(options=c.options, value=c.value, description=c.label)
    cw.observe(_handler(c.name), names="value")
    _controls.append(cw)
w.VBox([w.Box(_controls, layout=w.Layout(display="flex", flex_flow="row wrap")), _out])"""

BASELINE_CELL = """import ipywidgets as w
_slider = w.IntSlider(value=0, min=0, max=100, description="baseline")
_label = w.Label(value="0")
_slider.observe(lambda ch: setattr(_label, "value", str(ch["new"])), names="value")
w.VBox([_slider, _label])"""


# --------------------------------------------------------------------------- JupyterLab

@contextlib.contextmanager
def jupyterlab(folder: Path):
    """A JupyterLab from this venv serving ``folder`` (the settings of tests/browser/conftest.py:
    every cell kept in the DOM, no autosave, no announcements); yields its URL with the token."""
    config, settings = folder / ".config", folder / ".settings"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    for plugin, values in (("notebook-extension/tracker", {"windowingMode": "none"}),
                           ("docmanager-extension/plugin", {"autosave": False})):
        path = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    token, port = secrets.token_hex(16), support.free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config), JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(folder / ".workspaces"),
               JUPYTER_RUNTIME_DIR=str(folder / ".runtime"), IPYTHONDIR=str(folder / ".ipython"),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    log = open(folder / "jupyterlab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", "--ServerApp.port_retries=0", f"--ServerApp.token={token}",
         f"--ServerApp.root_dir={folder}", "--LabApp.expose_app_in_browser=True", "--LabApp.news_url="],
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}api/status?token={token}", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("JupyterLab did not start:\n" + (folder / "jupyterlab.log").read_text()[-3000:])
                time.sleep(0.5)
        yield url, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def reference_name(i):
    return f"{i} (old: HTML replaced)"


def write_notebook(folder: Path, ids, reference=REFERENCE) -> str:
    sources = ([BASELINE_CELL] + [REFERENCE_CELL.format(id=i) for i in reference]
               + [f"from backprop_lib import explorers\nexplorers.get({i!r})" for i in ids])
    cells = [{"cell_type": "code", "execution_count": None, "id": f"cell-{n}", "metadata": {},
              "outputs": [], "source": s} for n, s in enumerate(sources)]
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                      "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    (folder / "bench.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    return "bench.ipynb"


# --------------------------------------------------------------------------- page scripts

# Installed before JupyterLab's own scripts: a log of the kernel WebSocket's frames (time, way,
# channel, message type, comm method, header date, size) and the key-to-figure probe.
INIT_SCRIPT = r"""
(() => {
  const log = [];
  window.__benchWS = log;
  const dec = new TextDecoder();
  function describe(data) {
    try {
      let channel, header, content;
      if (typeof data === 'string') {
        const m = JSON.parse(data);
        channel = m.channel; header = m.header; content = m.content;
      } else {
        const view = new DataView(data);
        const n = Number(view.getBigUint64(0, true));
        const off = [];
        for (let i = 0; i < n; i++) off.push(Number(view.getBigUint64(8 * (i + 1), true)));
        const part = (i) => dec.decode(new Uint8Array(data, off[i], (i + 1 < off.length ? off[i + 1] : data.byteLength) - off[i]));
        channel = part(0); header = JSON.parse(part(1)); content = JSON.parse(part(4));
      }
      const method = content && content.data && content.data.method;
      const state = content && content.data && content.data.state;
      return {channel, type: header.msg_type, date: header.date, method,
              keys: state ? Object.keys(state).join(',') : '', comm: content && content.comm_id,
              state: content && content.execution_state};
    } catch (e) { return {error: String(e)}; }
  }
  const Native = window.WebSocket;
  class LoggedWebSocket extends Native {
    constructor(...args) {
      super(...args);
      const kernel = String(args[0]).includes('/channels');
      if (!kernel) return;
      this.addEventListener('message', (ev) => {
        const t = performance.now();
        const d = describe(ev.data);
        d.t = t; d.dir = 'in'; d.size = ev.data.byteLength || ev.data.length;
        log.push(d);
      });
    }
    send(data) {
      if (String(this.url).includes('/channels')) {
        const d = describe(data);
        d.t = performance.now(); d.dir = 'out'; d.size = data.byteLength || data.length;
        log.push(d);
      }
      return super.send(data);
    }
  }
  window.WebSocket = LoggedWebSocket;

  const probe = {armed: false, t0: null, tNow: null, tDom: null, tPaint: null, tConfirm: null,
                 observer: null, rootObserver: null};
  window.__benchProbe = probe;
  window.addEventListener('keydown', (e) => {
    if (!probe.armed || probe.t0 !== null) return;
    probe.t0 = e.timeStamp; probe.tNow = performance.now();
  }, true);
  window.__benchArm = (figure, root) => {
    if (probe.observer) probe.observer.disconnect();
    if (probe.rootObserver) probe.rootObserver.disconnect();
    Object.assign(probe, {armed: true, t0: null, tNow: null, tDom: null, tPaint: null, tConfirm: null,
                          wsFrom: log.length, explorer: !!root});
    if (root) {                     // Python's numbers in the figure: the root's data-kernel
      probe.rootObserver = new MutationObserver(() => {
        if (probe.t0 === null || probe.tConfirm !== null) return;
        if (root.dataset.kernel === 'confirmed') probe.tConfirm = performance.now();
      });
      probe.rootObserver.observe(root, {attributes: true, attributeFilter: ['data-kernel']});
    }
    probe.observer = new MutationObserver(() => {
      if (probe.tDom !== null || probe.t0 === null) return;
      probe.tDom = performance.now();
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => { probe.tPaint = performance.now(); };
        ch.port2.postMessage(0);
      });
    });
    probe.observer.observe(figure, {subtree: true, childList: true, characterData: true, attributes: true});
  };
})();
"""

JS_KERNEL_IDLE = """
() => { const w = window.__bench; const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
        return !!k && k.status === 'idle'; }
"""

JS_PROGRESS = """
() => {
  const code = window.__bench.context.model.toJSON().cells.filter(c => c.cell_type === 'code');
  const errors = [];
  code.forEach((c, i) => (c.outputs || []).forEach(o => {
    if (o.output_type === 'error') errors.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
  }));
  return {total: code.length, done: code.filter(c => c.execution_count !== null).length, errors};
}
"""

# Each cell's output: its figure and its keyboard-operable controls, marked for the locators.
JS_MARK = """
() => {
  const panel = document.getElementById(window.__bench.id);
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-Cell.jp-CodeCell')];
  return cells.map((cell, n) => {
    const out = cell.querySelector('.jp-OutputArea');
    if (!out) return null;
    let figure, controls;
    const root = out.querySelector('[data-explorer]');
    if (root) {                                   // the explorer's own front end (the HTML contract)
      root.setAttribute('data-bench-root', String(n));
      figure = root.querySelector('[data-figure]');
      controls = [...root.querySelectorAll('[data-param]')].map(el => ({el, name: el.dataset.param,
        kind: el.tagName === 'SELECT' ? 'select' : 'range'}));
    } else {                                      // ipywidgets controls + an HTML (or Label) output
      const htmls = [...out.querySelectorAll('.widget-html-content, .widget-label')];
      figure = htmls[htmls.length - 1];
      // (sliders only: in JupyterLab an arrow key on an ipywidgets dropdown moves to the next cell)
      controls = [...out.querySelectorAll('.widget-slider')].map(w => {
        const el = w.querySelector('.noUi-handle, [role=slider], input[type=range]');
        const label = w.querySelector('.widget-label');
        return {el, name: label ? label.textContent : '?', kind: el && el.tagName === 'SELECT' ? 'select' : 'range'};
      });
    }
    if (!figure) return null;
    figure.setAttribute('data-bench-figure', String(n));
    return {cell: n, controls: controls.map((c, k) => {
      c.el.setAttribute('data-bench-control', `${n}-${k}`);
      return {name: c.name, kind: c.kind};
    })};
  }).filter(x => x);
}
"""

JS_STATE = """
(sel) => {
  const el = document.querySelector(sel);
  if (el.tagName === 'SELECT') return {index: el.selectedIndex, count: el.options.length};
  const now = parseFloat(el.getAttribute('aria-valuenow') ?? el.value);
  const max = parseFloat(el.getAttribute('aria-valuemax') ?? el.max);
  const min = parseFloat(el.getAttribute('aria-valuemin') ?? el.min);
  return {now, min, max};
}
"""

JS_RESULT = """
() => { const p = window.__benchProbe; p.armed = false;
        return {t0: p.t0, tNow: p.tNow, tDom: p.tDom, tPaint: p.tPaint, tConfirm: p.tConfirm,
                origin: performance.timeOrigin,
                ws: window.__benchWS.slice(p.wsFrom)}; }
"""


def _date_ms(iso: str | None, origin: float):
    """A Jupyter header date as the page's performance.now() milliseconds."""
    if not iso:
        return None
    from datetime import datetime

    s = iso.replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(s).timestamp() * 1000.0 - origin
    except ValueError:
        return None


def breakdown(r):
    """{page, to, kernel, back, apply} of one press's way to the kernel and back, from its WebSocket
    frames, up to Python's numbers in the figure (None when unclear)."""
    t0, origin = r["t0"], r["origin"]
    t_dom = r["tConfirm"] if r.get("tConfirm") is not None else r["tDom"]
    frames = [f for f in r["ws"] if "error" not in f and f["t"] <= t_dom + 0.01]
    sent = [f for f in frames if f["dir"] == "out" and f.get("type") == "comm_msg"]
    updates = [f for f in frames if f["dir"] == "in" and f.get("type") == "comm_msg" and f.get("method") == "update"]
    busy = [f for f in frames if f["dir"] == "in" and f.get("type") == "status" and f.get("state") == "busy"]
    if not sent or not updates:
        return None
    s, u = sent[0], updates[-1]
    k0 = _date_ms(busy[0]["date"], origin) if busy else None
    k1 = _date_ms(u["date"], origin)
    out = {"page": s["t"] - t0, "apply": t_dom - u["t"], "kernel": None, "to": None, "back": None,
           "update_bytes": u["size"], "frames_in": sum(f["dir"] == "in" for f in frames)}
    if k0 is not None and k1 is not None:
        out["kernel"] = k1 - k0
        out["to"] = k0 - s["t"]
        out["back"] = u["t"] - k1
    return out


# --------------------------------------------------------------------------- the run

def press_all(page, marked, names, presses, settle_ms):
    """Every control of every marked output pressed ``presses`` times; {name: {control: [press]}}."""
    results = {}
    for item, name in zip(marked, names):
        per_control = {}
        for k, c in enumerate(item["controls"]):
            sel = f'[data-bench-control="{item["cell"]}-{k}"]'
            loc = page.locator(sel)
            loc.scroll_into_view_if_needed()
            loc.focus()
            fig = f'[data-bench-figure="{item["cell"]}"]'
            direction = +1
            runs = []
            for _ in range(presses):
                st = page.evaluate(JS_STATE, sel)
                if c["kind"] == "select":
                    if st["count"] < 2:
                        break
                    if st["index"] + direction not in range(st["count"]):
                        direction = -direction
                    key = "ArrowDown" if direction > 0 else "ArrowUp"
                else:
                    if (direction > 0 and st["now"] >= st["max"]) or (direction < 0 and st["now"] <= st["min"]):
                        direction = -direction
                    key = "ArrowRight" if direction > 0 else "ArrowLeft"
                page.evaluate("([sel, root]) => window.__benchArm(document.querySelector(sel),"
                              " document.querySelector(root))", [fig, f'[data-bench-root="{item["cell"]}"]'])
                loc.press(key)
                try:
                    page.wait_for_function("() => { const p = window.__benchProbe; return p.tPaint !== null"
                                           " && (!p.explorer || p.tConfirm !== null); }", timeout=10_000)
                except Exception:  # noqa: BLE001 - a press that changed nothing is reported
                    page.evaluate(JS_RESULT)
                    print(f"  {name} / {c['name']}: {key} changed no figure within 10 s", file=sys.stderr)
                    continue
                page.wait_for_function(JS_KERNEL_IDLE, timeout=30_000)
                page.wait_for_timeout(settle_ms)  # let late messages and layout settle
                r = page.evaluate(JS_RESULT)
                confirm = r["tConfirm"] if r["tConfirm"] is not None else r["tDom"]
                runs.append({"key": key, "dom": r["tDom"] - r["t0"], "painted": r["tPaint"] - r["t0"],
                             "confirm": confirm - r["t0"], "queued": r["tNow"] - r["t0"],
                             "parts": breakdown(r)})
            per_control[c["name"]] = runs
        results[name] = per_control
    return results


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _row(name, runs, file, counted):
    dom = [r["dom"] for r in runs]
    med = statistics.median(dom)

    def part(key):
        vals = [r["parts"][key] for r in runs if r["parts"] and r["parts"].get(key) is not None]
        return statistics.median(vals) if vals else float("nan")

    print(f"{name:38s} {len(runs):3d} {med:6.1f}ms {pct(dom, 0.9):6.1f}ms {max(dom):6.1f}ms "
          f"{statistics.median(r['painted'] for r in runs):6.1f}ms "
          f"{statistics.median(r['confirm'] for r in runs):6.1f}ms "
          f"{part('page'):5.1f} {part('to'):5.1f} {part('kernel'):6.1f} {part('back'):5.1f} {part('apply'):5.1f} "
          f"{part('update_bytes') / 1024:5.1f}", end="", file=file)
    return med


def report(results, file=sys.stdout):
    """The table per explorer, then per control; returns how many explorers miss the target."""
    base = [r["dom"] for runs in results[BASELINE].values() for r in runs]
    base_med = statistics.median(base) if base else float("nan")
    cols = (f"{'n':>3s} {'median':>7s} {'p90':>7s} {'slowest':>7s} {'painted':>7s} {'kernel✓':>7s} "
            f"{'page':>5s} {'to':>5s} {'kernel':>6s} {'back':>5s} {'apply':>5s} {'KB':>5s}")
    print(f"{'explorer':38s} {cols} {'slowest control':>24s} {'x base':>6s}  ok", file=file)
    bad = 0
    for name, per_control in results.items():
        runs = [r for rs in per_control.values() for r in rs]
        counted = name != BASELINE and "(old" not in name
        if not runs:
            print(f"{name:38s} no measurement", file=file)
            bad += counted
            continue
        med = _row(name, runs, file, counted)
        ctl_meds = {c: statistics.median([r["dom"] for r in rs]) for c, rs in per_control.items() if rs}
        slow_name = max(ctl_meds, key=ctl_meds.get)
        slow = ctl_meds[slow_name]
        ok = med < MEDIAN_BUDGET_MS and slow < SLOWEST_BUDGET_MS
        bad += counted and not ok
        print(f" {slow_name[:15]:>15s} {slow:6.1f}ms {med / base_med:6.2f}  "
              f"{('yes' if ok else 'NO') if counted else '-'}", file=file)
    print(f"\n{'explorer / control':38s} {cols}", file=file)
    for name, per_control in results.items():
        for control, runs in per_control.items():
            if runs:
                _row(f"{name[:22]} / {control[:13]}", runs, file, False)
                print(file=file)
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presses", type=int, default=16, help="key presses per control (default 16)")
    ap.add_argument("--only", help="comma-separated explorer ids (default: every explorer)")
    ap.add_argument("--settle", type=int, default=60, help="ms to wait after each press (default 60)")
    ap.add_argument("--json", help="write every press to this file")
    ap.add_argument("--no-reference", action="store_true",
                    help="leave out the old way (ipywidgets, the HTML replaced) of vanishing_gradients")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (its jupyterlab.log)")
    args = ap.parse_args()
    ids = args.only.split(",") if args.only else list(explorers.CHAPTERS)
    for i in ids:
        if i not in explorers.CHAPTERS:
            raise SystemExit(f"unknown explorer {i!r}; known: {', '.join(explorers.CHAPTERS)}")
    missing = support.missing_prerequisites()
    if missing:
        raise SystemExit("; ".join(missing))

    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-jupyter-"))
    started = time.monotonic()
    try:
        reference = () if args.no_reference else tuple(i for i in REFERENCE if i in ids)
        notebook = write_notebook(folder, ids, reference)
        with jupyterlab(folder) as (url, token), sync_playwright() as p:
            browser = support.launch(p)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            support.Router([url]).install(context)
            context.add_init_script(INIT_SCRIPT)
            page = context.new_page()
            page.goto(f"{url}lab?reset&token={token}", wait_until="load")
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=90_000)
            page.wait_for_selector(".jp-LauncherCard, .jp-Launcher", timeout=90_000)
            page.evaluate(support.open_notebook_js("__bench"), notebook)
            page.wait_for_function(JS_KERNEL_IDLE, timeout=120_000)
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            deadline = time.monotonic() + 300
            while True:
                prog = page.evaluate(JS_PROGRESS)
                if prog["errors"]:
                    raise SystemExit(f"error outputs: {prog['errors']}")
                if prog["done"] == prog["total"] and page.evaluate(JS_KERNEL_IDLE):
                    break
                if time.monotonic() > deadline:
                    raise SystemExit(f"Run All did not finish ({prog['done']}/{prog['total']})")
                page.wait_for_timeout(300)
            page.wait_for_timeout(1000)  # widget views attach
            # every explorer's page twin ready (its data made in the kernel when the view asked, the
            # initialization explorer's in 10-40 s, and inflated), or the table says which are not
            try:
                page.wait_for_function("() => [...document.querySelectorAll('[data-explorer]')]"
                                       ".every(r => r.dataset.twin === 'on')", timeout=180_000)
            except Exception:  # noqa: BLE001
                off = page.evaluate("() => [...document.querySelectorAll('[data-explorer]')]"
                                    ".filter(r => r.dataset.twin !== 'on').map(r => r.dataset.explorer)")
                print(f"  kernel only (no page twin): {', '.join(off)}", file=sys.stderr)
            marked = page.evaluate(JS_MARK)
            names = [BASELINE] + [reference_name(i) for i in reference] + ids
            if len(marked) != len(names):
                raise SystemExit(f"{len(names)} outputs expected, {len(marked)} found: {marked}")
            # one warm-up press per explorer's first control (first-use costs: JIT, caches)
            press_all(page, [dict(m, controls=m["controls"][:1]) for m in marked], names, 1, args.settle)
            results = press_all(page, marked, names, args.presses, args.settle)
            browser.close()
    finally:
        if args.keep:
            print(f"(kept {folder})", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    load = os.getloadavg()
    print(f"JupyterLab in Chromium: keydown -> first change of the figure's DOM, {args.presses} presses "
          f"per control; load average {load[0]:.1f} {load[1]:.1f}; {time.monotonic() - started:.0f} s\n")
    bad = report(results)
    print("\n(keydown -> the figure's first DOM change: median, p90 and slowest over every press; "
          "painted: to the end of the next frame; kernel✓: median to Python's numbers in the figure "
          "(the root's data-kernel confirmed; for the ipywidgets rows the figure itself); "
          "page/to/kernel/back/apply: median breakdown of the way to the kernel and back in ms (see "
          "the docstring); KB: the kernel's update message; slowest control: the control with the "
          "highest median; x base: median / the baseline's median.) Target: median < "
          f"{MEDIAN_BUDGET_MS:g} ms, slowest control < {SLOWEST_BUDGET_MS:g} ms.")
    print(f"{bad} explorer(s) over the target." if bad else "Every explorer within the target.")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    main()
