"""Shared fixtures: the repository root and the built HTML book."""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Exercise checks record the learner's progress in a JSON file: the tests (and the notebooks
# they run, whose kernels inherit this environment) write theirs to a throw-away file.
if "BACKPROP_PROGRESS" not in os.environ:
    import tempfile

    os.environ["BACKPROP_PROGRESS"] = os.path.join(tempfile.mkdtemp(prefix="bp-progress-"),
                                                   "progress.json")


@dataclass
class BookBuild:
    html: Path  # the folder with index.html
    returncode: int
    log: str  # the build's output ("" when an existing build was reused without its log)


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def built_book():
    """The book built with warnings as errors, once per test session.

    Set BOOK_HTML to the html folder of an existing build to reuse it instead; ``python3 tasks.py
    test`` builds the book once between its phases and passes BOOK_HTML with BOOK_BUILD_LOG (that
    build's output) and BOOK_BUILD_RETURNCODE, so the build's own tests read that build.
    """
    given = os.environ.get("BOOK_HTML")
    if given:
        html = Path(given)
        log_file = os.environ.get("BOOK_BUILD_LOG")
        log = Path(log_file).read_text(encoding="utf-8", errors="replace") if log_file else ""
        returncode = int(os.environ.get("BOOK_BUILD_RETURNCODE", "0"))
        if returncode == 0 and not (html / "index.html").exists():
            pytest.fail(f"BOOK_HTML={given} has no index.html")
        return BookBuild(html, returncode, log)
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jb), "build", ".", "-W", "-n", "--keep-going"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return BookBuild(ROOT / "_build" / "html", result.returncode, result.stdout + result.stderr)


BROWSER_DIR = ROOT / "tests" / "browser"


def _uses(item, fixture: str) -> bool:
    return fixture in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config, items):
    """Markers that tasks.py's phases select on, and the xdist groups of tests that share a process.

    * ``browser``: every test under tests/browser, and any test using the ``browser`` fixture (the
      run's one Chromium per worker): tasks.py runs them after the book is built;
    * ``book``: every test that needs the built book (the ``built_book`` fixture, directly or through
      ``book_html``/``served_book``): tasks.py runs them after building the book once.
    """
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if BROWSER_DIR in path.parents or _uses(item, "browser"):
            item.add_marker(pytest.mark.browser)
        if _uses(item, "built_book"):
            item.add_marker(pytest.mark.book)


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """The run's one Chromium (Debian's, through Playwright); suites open contexts or pages in it."""
    sys.path.insert(0, str(BROWSER_DIR))
    import support

    support.require_prerequisites()
    b = support.launch(playwright_driver)
    yield b
    b.close()


@pytest.fixture(scope="session")
def playwright_driver():
    """The one Playwright driver of the test session.

    Playwright's sync API allows one running driver per thread, so every browser test
    launches its Chromium from this fixture instead of starting a driver of its own.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        yield p
