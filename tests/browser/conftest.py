"""What every browser suite shares, started once per test process (each xdist worker): one
Chromium, one served book, one JupyterLab.

* ``browser`` (in tests/conftest.py, since two library tests in tests/unit use it too): Debian's
  Chromium, launched once; each suite opens its own context or page in it.
* ``book_html`` / ``served_book``: the built book ($BOOK_HTML, or tests/conftest.py's one build),
  served on 127.0.0.1.
* ``lab``: one JupyterLab server on a copy of chapters/ (settings that keep every cell in the DOM,
  no autosave, no announcements), for the JupyterLab suites; ``lab_page``: JupyterLab opened in a
  new context of the run's Chromium (one per suite), with the page errors it collects.

tests/conftest.py marks every test here ``browser``; ``python3 tasks.py test`` runs them on two
xdist workers, and tests/nbcache.py's scheduler keeps the suites that use ``lab`` on one worker
and those that print the PDF sample on one worker, so that each is made once per run.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
import support  # noqa: E402

ROOT = support.ROOT
HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def book_html(built_book) -> Path:
    if built_book.returncode != 0:
        pytest.fail("the book did not build (see tests/book/test_book_build.py):\n" + built_book.log[-3000:])
    html = Path(built_book.html).resolve()
    assert (html / "index.html").exists(), f"no index.html in {html}"
    return html


@pytest.fixture(scope="session")
def served_book(book_html):
    with support.serve_directory(book_html) as url:
        yield url


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """One JupyterLab for the run, serving a copy of chapters/ (the sources stay untouched).

    Yields {"url", "token", "work", "log"}.
    """
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
    deadline = time.monotonic() + 120
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
def lab_page(lab, browser):
    """JupyterLab opened in the run's Chromium, in a context of its own (one per suite)."""
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


# --------------------------------------------------------------------------- the PDF's sample

@pytest.fixture(scope="session")
def sample_singlehtml(built_book, tmp_path_factory) -> Path:
    """The single-page HTML of the intro and the support.PDF_SAMPLE chapters, built once per run for the
    PDF suites (the whole book's PDF is ``python3 tasks.py pdf``, which the publish workflow runs).

    Built into a temporary folder with a table of contents of just those pages; the notebooks come
    from the run's notebook cache, which the temporary build shares (a symlink: the build's cache is
    <output>/_build/.jupyter_cache). Not -W: the sample's links to chapters left out of it cannot
    resolve (tests/book/test_book_build.py holds the whole book to no warnings).
    """
    assert built_book.returncode == 0, "the HTML book did not build (see test_book_build)"
    out = tmp_path_factory.mktemp("pdf-sample")
    (out / "_build").mkdir()
    (ROOT / "_build" / ".jupyter_cache").mkdir(parents=True, exist_ok=True)
    (out / "_build" / ".jupyter_cache").symlink_to(ROOT / "_build" / ".jupyter_cache", target_is_directory=True)
    jb = Path(sys.executable).with_name("jupyter-book")
    build = subprocess.run([str(jb), "build", ".", "--builder", "singlehtml", "--keep-going",
                            "--toc", str(support.sample_toc(out / "_toc.yml")), "--path-output", str(out)],
                           cwd=ROOT, capture_output=True, text=True)
    assert build.returncode == 0, (build.stdout + build.stderr)[-5000:]
    assert "Executing notebook" not in build.stdout + build.stderr, "the sample did not use the notebook cache"
    return out / "_build" / "singlehtml"
