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
    log: str  # the build's output ("" when an existing build was reused)


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def built_book():
    """The book built with warnings as errors, once per test session.

    Set BOOK_HTML to the html folder of an existing build to reuse it instead.
    """
    given = os.environ.get("BOOK_HTML")
    if given:
        html = Path(given)
        if not (html / "index.html").exists():
            pytest.fail(f"BOOK_HTML={given} has no index.html")
        return BookBuild(html, 0, "")
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jb), "build", ".", "-W", "-n", "--keep-going"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return BookBuild(ROOT / "_build" / "html", result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def playwright_driver():
    """The one Playwright driver of the test session.

    Playwright's sync API allows one running driver per thread, so every browser test
    launches its Chromium from this fixture instead of starting a driver of its own.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        yield p
