"""Shared plumbing for the browser tests (tests/test_browser_*.py).

* launching Debian's Chromium (``/usr/bin/chromium``) through Playwright with the
  flags this network-less machine needs (never ``playwright install``);
* serving a folder on 127.0.0.1;
* answering the CDN requests the built book makes (MathJax, require.js, the
  ipywidgets html-manager) from the local copies that ``tests/browser/setup.sh``
  installs from the npm registry into ``tests/browser/node_modules``, and blocking
  every other outside request, so the tests behave the same with or without internet.

The CDN URLs below are the ones Jupyter Book 1.0.4 / myst-nb / sphinx put into the
pages (measured by building the book and reading its HTML):

=====================================================================================  =========================================
URL requested by the pages                                                              answered from (tests/browser/node_modules)
=====================================================================================  =========================================
https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js (+ its fonts/components)    mathjax/es5/...
https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.4/require.min.js                  requirejs/require.js
https://cdn.jsdelivr.net/npm/@jupyter-widgets/html-manager@1.0.6/dist/embed-amd.js      @jupyter-widgets/html-manager/dist/...
https://cdn.jsdelivr.net/npm/<pkg>@<version>/<path> (widget modules the manager loads)  <pkg>/<path>, when installed
=====================================================================================  =========================================

``https://unpkg.com/thebe@.../lib/index.js`` is only fetched when a reader clicks
"Live Code", which the tests never do; it is blocked like everything else.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import mimetypes
import os
import re
import shutil
import socket
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
BROWSER_DIR = Path(__file__).resolve().parent
NODE_MODULES = BROWSER_DIR / "node_modules"
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

HOW_TO_SET_UP = (
    "run `bash tests/browser/setup.sh` (installs the local CDN copies with `npm ci`; "
    "needs Debian's Chromium: `apt-get install chromium`)"
)

mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("font/woff", ".woff")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("image/svg+xml", ".svg")


# A chapter's cells are drawn when they come near the screen (content-visibility: auto,
# _ext/static/book-screens.css). A whole-page screenshot takes the page as it is, skipped cells
# blank: draw_all_cells first draws every cell as a reader scrolling down would have; the style
# is taken away again by draw_all_cells(page, False).
DRAW_ALL_CELLS = "article.bd-article div.cell{content-visibility:visible!important}"


def draw_all_cells(page, on: bool = True) -> None:
    page.evaluate("""([css, on]) => {
      let s = document.getElementById('bp-test-draw-all');
      if (on && !s) {
        s = document.createElement('style');
        s.id = 'bp-test-draw-all';
        s.textContent = css;
        document.head.appendChild(s);
      } else if (!on && s) s.remove();
    }""", [DRAW_ALL_CELLS, on])


def goto_book(page, url: str, **kwargs):
    """page.goto for a page of the built book: its load, then its scripts. The page's deferred
    scripts run one task each (_ext/page_bytes.py, SPLIT_RUNNER), the last possibly after load:
    <html data-bp-scripts> is "done" once they all have."""
    response = page.goto(url, wait_until="load", **kwargs)
    page.wait_for_function("() => document.documentElement.dataset.bpScripts !== 'running'",
                           timeout=kwargs.get("timeout", 30_000))
    return response


def missing_prerequisites() -> list[str]:
    """What is missing to run the browser tests (empty when all is there)."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} not found (apt-get install chromium)")
    for rel in ("mathjax/es5/tex-mml-chtml.js", "requirejs/require.js",
                "@jupyter-widgets/html-manager/dist/embed-amd.js", "axe-core/axe.min.js"):
        if not (NODE_MODULES / rel).exists():
            missing.append(f"tests/browser/node_modules/{rel} not found (npm ci in tests/browser)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the Python package playwright is not installed (requirements-dev.txt)")
    return missing


def require_prerequisites() -> None:
    """Fail (never skip silently) when the browser side is not installed."""
    import pytest

    missing = missing_prerequisites()
    if missing:
        pytest.fail("browser tests cannot run: " + "; ".join(missing) + ". Fix: " + HOW_TO_SET_UP,
                    pytrace=False)


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


# --------------------------------------------------------------------------- serving


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_directory(path: Path):
    """Serve ``path`` on 127.0.0.1 (a free port); yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- CDN -> local

_JSDELIVR_NPM = re.compile(r"^/npm/(?P<pkg>(?:@[^/@]+/)?[^/@]+)@(?P<version>[^/]+)/(?P<path>.*)$")
_CDNJS_REQUIRE = re.compile(r"^/ajax/libs/require\.js/(?P<version>[^/]+)/require(?:\.min)?\.js$")


@functools.lru_cache(maxsize=None)
def _installed_version(pkg: str) -> str | None:
    meta = NODE_MODULES / pkg / "package.json"
    if not meta.exists():
        return None
    return json.loads(meta.read_text())["version"]


def _version_matches(requested: str, installed: str) -> bool:
    """'3' matches 3.x.y, '1.0.6' matches exactly, '5.0' matches 5.0.x."""
    req = requested.lstrip("^~=v").split(".")
    return installed.split(".")[: len(req)] == req


def local_copy_for(url: str) -> Path | None:
    """The file in node_modules that answers a CDN ``url``, or None."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.hostname == "cdn.jsdelivr.net":
        m = _JSDELIVR_NPM.match(path)
        if m:
            installed = _installed_version(m["pkg"])
            if installed and _version_matches(m["version"], installed):
                candidate = (NODE_MODULES / m["pkg"] / m["path"]).resolve()
                if candidate.is_file() and NODE_MODULES.resolve() in candidate.parents:
                    return candidate
    elif parts.hostname == "cdnjs.cloudflare.com":
        m = _CDNJS_REQUIRE.match(path)
        if m:
            installed = _installed_version("requirejs")
            if installed and _version_matches(m["version"], installed):
                return NODE_MODULES / "requirejs" / "require.js"
    return None


# The page pins cdnjs' *minified* require.js 2.3.4 with a subresource-integrity hash; npm
# ships the same release unminified, so its hash differs. For the test only, we drop that one
# integrity attribute from the served HTML (nothing else is changed).
_REQUIRE_SRI = re.compile(r'(<script[^>]*?)\s+integrity="[^"]*"([^>]*require(?:\.min)?\.js)')


class Router:
    """Route every request of a browser context: local origin passes, CDN -> local, rest blocked."""

    def __init__(self, allowed_origins: list[str], drop_require_sri: bool = False):
        self.allowed = [o.rstrip("/") for o in allowed_origins]
        # only the static book needs the HTML touched (a page fulfilled by Playwright counts as
        # "public" for Chromium's local-network checks, which would block JupyterLab's websockets)
        self.drop_require_sri = drop_require_sri
        self.blocked: list[str] = []
        self.served_locally: list[str] = []

    def install(self, context) -> None:
        context.route("**/*", self._handle)

    def _handle(self, route, request):
        url = request.url
        if url.startswith(("data:", "blob:")):
            route.continue_()
            return
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        if origin in self.allowed:
            if self.drop_require_sri and request.resource_type == "document":
                response = route.fetch()
                body = response.text()
                fixed = _REQUIRE_SRI.sub(r"\1\2", body)
                if fixed == body:
                    route.continue_()
                else:
                    route.fulfill(response=response, body=fixed)
            else:
                route.continue_()
            return
        local = local_copy_for(url)
        if local is not None:
            self.served_locally.append(url)
            ctype = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
            route.fulfill(path=str(local), status=200,
                          headers={"Content-Type": ctype, "Access-Control-Allow-Origin": "*"})
            return
        self.blocked.append(url)
        route.abort("blockedbyclient")


# --------------------------------------------------------------------------- page weight


def compressed_size(body: bytes) -> int:
    """Bytes a static host that gzips its responses (GitHub Pages, the CDNs) would send."""
    return len(gzip.compress(body, compresslevel=6))


def fresh_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


# --------------------------------------------------------------------------- the PDF's sample

# the printed sample: chapters with maths, SVG and matplotlib figures, explorers, solutions, a quiz
PDF_SAMPLE = ["chapters/forward-propagation", "chapters/vanishing-gradients"]


def sample_toc(path: Path) -> Path:
    """_toc.yml with only the root and the PDF_SAMPLE chapters (their parts and numbering kept)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    parts = []
    for part in toc.get("parts", []):
        kept = [c for c in part["chapters"] if c.get("file") in PDF_SAMPLE]
        if kept:
            parts.append({**part, "chapters": kept})
    path.write_text(yaml.safe_dump({**toc, "parts": parts}, sort_keys=False))
    return path


# --------------------------------------------------------------------------- JupyterLab

def open_notebook_js(handle: str) -> str:
    """A page function that opens ``path`` in the run's JupyterLab as a notebook, waits for its
    kernel session, keeps the widget as ``window[handle]`` and returns its id."""
    return f"""
async (path) => {{
  const app = window.jupyterapp;
  const w = await app.commands.execute('docmanager:open', {{path, factory: 'Notebook'}});
  await w.context.ready;
  await w.sessionContext.ready;
  window.{handle} = w;
  return w.id;
}}
"""
