"""The page's deferred scripts, bundled into one file and run one task each (issue 24;
_ext/page_bytes.py: bundle_scripts, SPLIT_RUNNER), behave in Chromium as the separate deferred
scripts did:

* they run in their order, each at the top level: a ``const`` of one is seen by the next;
* each sees ``document.currentScript`` with the bundle tag's ``data-*`` attributes;
* a script that waits for DOMContentLoaded (or load) without looking at ``readyState`` is
  called, even when it runs after the event (design-tabs.js does this);
* a script that throws does not stop the ones after it;
* each runs in a task of its own, and ``<html data-bp-scripts>`` ends "done".

A page with a deferred script after the bundle keeps the one-task bundle (tested without a
browser in tests/book/test_page_bytes.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "_ext"))
import page_bytes  # noqa: E402
import support  # noqa: E402

pytestmark = pytest.mark.browser

BUSY = "for (const t = performance.now(); performance.now() - t < 80;) {}"   # 80 ms of work
SCRIPTS = {
    "a.js": 'const A = 1; window.log = ["a"];' + BUSY,
    "b.js": '"use strict"; window.log.push("b:" + A);'
            'document.addEventListener("DOMContentLoaded", () => window.log.push("b:dcl"));' + BUSY,
    "bad.js": 'window.log.push("bad"); throw new Error("a broken script");',
    "tabs.js": 'window.log.push("tabs:" + document.currentScript.getAttribute("data-prefix"));'
               'document.addEventListener("DOMContentLoaded", function ready() { window.log.push("tabs:dcl"); });'
               'window.addEventListener("load", () => window.log.push("tabs:load"));',
    "c.js": 'window.log.push("c:" + (typeof A) + ":" + document.readyState);' + BUSY,
}
# the long tasks of the page (Chromium's Long Tasks API), from the start
WATCH = ('<script>window.long = []; new PerformanceObserver(l => l.getEntries().forEach(e => '
         'window.long.push(e.duration))).observe({type: "longtask", buffered: true});</script>')


def test_bundled_scripts_run_as_they_did(browser, tmp_path):
    static = tmp_path / "_static"
    static.mkdir()
    for name, text in SCRIPTS.items():
        (static / name).write_text(text)
    prefix = ' data-prefix="x-"'
    tags = "".join(f'<script defer src="_static/{n}"{prefix if n == "tabs.js" else ""}></script>\n'
                   for n in SCRIPTS)
    (tmp_path / "p.html").write_text(f"<!DOCTYPE html><html><head>{WATCH}{tags}</head><body><p>page</p></body></html>")
    assert page_bytes.bundle_scripts(str(tmp_path)).startswith("1 pages: 5 scripts each in one")
    (bundle,) = (static / "bp-js").glob("*.js")
    assert "each in a task of its own" in bundle.read_text()
    with support.serve_directory(tmp_path) as url:
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        support.goto_book(page, url + "p.html")
        page.wait_for_function("() => window.log.includes('tabs:load')")
        page.wait_for_timeout(200)                  # the observer's last entries
        log, long = page.evaluate("[window.log, window.long]")
        html_mark = page.evaluate("document.documentElement.dataset.bpScripts")
        page.close()
    ran = [x for x in log if ":dcl" not in x and ":load" not in x]
    assert ran[:4] == ["a", "b:1", "bad", "tabs:x-"] and ran[4].startswith("c:"), log
    assert "b:dcl" in log and "tabs:x-" in log and "tabs:dcl" in log and "tabs:load" in log, log
    assert log.index("tabs:x-") < log.index("tabs:dcl")
    assert any(x.startswith("c:number:") for x in log), log          # after the broken one, A still seen
    assert errors == ["a broken script"] or errors == ["Error: a broken script"], errors
    assert html_mark == "done"
    # three scripts of 80 ms each: three tasks of about 80 ms, not one of 240
    assert len([d for d in long if d >= 75]) >= 3 and max(long) < 160, long
