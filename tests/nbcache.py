"""Each chapter notebook executed once per test run: nbval executes it, the book reuses it.

nbval runs every code cell of a chapter as a test (``--nbval-lax``: a cell passes when it raises
nothing, so every hidden ``assert`` about the text is checked). This plugin keeps what those
cells printed and, when every cell of a notebook passed, stores the executed notebook in the
book's jupyter-cache (``_build/.jupyter_cache``; ``execute_notebooks: cache`` in _config.yml).
The book build that follows (``python3 tasks.py test`` builds it between its two phases) then
takes every notebook from the cache instead of executing it again, and so do the single-page
build of the PDF test and ``python3 tasks.py book`` on the same sources.

A notebook with a failing cell is not stored: the build would execute it and fail the same way.

It also keeps the cells of one notebook on one xdist worker (nbval runs a notebook's cells in order in
one kernel): under ``--dist loadgroup`` its scheduler sends a notebook's cells as one unit, the suites that share a
JupyterLab or the PDF sample as one group each (:data:`GROUPS`), a test file with a module-scoped
fixture as one unit, and every other test on its own. (xdist 3.8's own loadgroup marks a
group by rewriting ``item._nodeid``, which pytest 9 no longer reads, so its groups do not form.)

Active when BACKPROP_NB_CACHE names the cache folder (tasks.py sets it); otherwise it only groups.
"""

from __future__ import annotations

import functools
import os
from collections import defaultdict
from pathlib import Path

import pytest

CACHE_ENV = "BACKPROP_NB_CACHE"


def _execute_as_a_notebook_does(self, cell_input, allow_stdin=None):
    """nbval's ``RunningKernel.execute_cell_input``, with the history a notebook keeps.

    nbval sends each cell with ``store_history=False``; IPython then cannot see a cell's closing
    ``;`` (it reads the cell from the history), so ``figure(...);`` also returns the figure, which a
    notebook (and nbclient) would not show: the cached outputs, and the book built from them, would
    hold every such figure twice. Jupyter sends cells with ``store_history=True``; so do we."""
    return self.kc.execute(cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False)


def pytest_configure(config):
    try:
        from nbval.kernel import RunningKernel
    except ImportError:
        return
    RunningKernel.execute_cell_input = _execute_as_a_notebook_does


def _is_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell" and hasattr(item, "cell_num")


def pytest_collection_modifyitems(config, items):
    counts = defaultdict(int)
    for item in items:
        if _is_cell(item):
            counts[item.parent.nodeid] += 1
    config._nbcache_counts = dict(counts)


#: Suites that share one expensive session fixture (a JupyterLab, the PDF sample): one unit per
#: group, so that it is made once per run.
GROUPS = (("tests/browser/test_browser_lab", "tests/browser: JupyterLab"),
          ("tests/browser/test_browser_pdf", "tests/browser: PDF"))
_ROOT = Path(__file__).resolve().parent.parent


@functools.lru_cache(maxsize=None)
def _shares_a_module_fixture(path: str) -> bool:
    """Whether the test file defines a module-scoped fixture (its tests then go together)."""
    try:
        return 'scope="module"' in (_ROOT / path).read_text(encoding="utf-8")
    except OSError:
        return False


def scope_of(nodeid: str) -> str:
    """The unit xdist schedules: a notebook; a group of :data:`GROUPS`; a test file that defines a
    module-scoped fixture; or else the test itself (each page of the browser suites, say)."""
    path = nodeid.split("::", 1)[0]
    if path.endswith(".ipynb"):
        return path
    for prefix, group in GROUPS:
        if path.startswith(prefix):
            return group
    if _shares_a_module_fixture(path):
        return path
    return nodeid


@pytest.hookimpl(optionalhook=True)  # xdist's hook: unknown when it runs with -p no:xdist
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class NotebookScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return scope_of(nodeid)

    return NotebookScheduling(config, log)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if call.when != "call" or not _is_cell(item):
        return
    report = outcome.get_result()
    state = item.parent.__dict__.setdefault("_nbcache", {"outputs": {}, "failed": False})
    if not report.passed:
        state["failed"] = True
        return
    state["outputs"][item.cell_num] = list(item.test_outputs or [])
    expected = item.config._nbcache_counts.get(item.parent.nodeid)
    cache_dir = os.environ.get(CACHE_ENV)
    if cache_dir and not state["failed"] and len(state["outputs"]) == expected:
        store(Path(str(item.parent.fspath)), state["outputs"], Path(cache_dir))


def executed_notebook(path: Path, outputs: dict):
    """The notebook as read from disk, with nbval's outputs in its code cells."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for number, cell in enumerate(code):
        cell.outputs = [nbformat.from_dict(o) for o in outputs.get(number, [])]
        cell.execution_count = number + 1
        for out in cell.outputs:
            if out.get("output_type") == "execute_result":
                out["execution_count"] = number + 1
    return nb


def store(path: Path, outputs: dict, cache_dir: Path) -> None:
    """Put the executed notebook into the jupyter-cache (one writer at a time)."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    nb = executed_notebook(path, outputs)
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(str(cache_dir) + ".lock", "w") as lock:
        _lock(lock)
        get_cache(str(cache_dir)).cache_notebook_bundle(
            CacheBundleIn(nb, str(path.resolve()), data={"executed_by": "nbval"}),
            check_validity=False, overwrite=True)


def _lock(handle) -> None:
    """An exclusive lock on an open file, released when it closes (the cache is a SQLite file
    that two xdist workers would otherwise write at once)."""
    try:
        import fcntl
    except ImportError:  # Windows: one worker at a time is the caller's business there
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
