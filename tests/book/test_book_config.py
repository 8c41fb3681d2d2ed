"""The book's configuration that readers depend on (issue 7): launch buttons, the Colab cell,
notebooks committed without outputs, and a table of contents whose every entry exists.

Fast (no build, no kernel): reads _config.yml, _toc.yml and the notebooks.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import tomllib
from pathlib import Path
from unittest import mock

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
PACKAGE = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]

COLAB_CELL = """\
# Colab: install the course library (does nothing anywhere else).
import sys
if "google.colab" in sys.modules:
    get_ipython().run_line_magic("pip", "install -q '{package} @ git+{url}@{ref}'")"""
# the ref the book is built from and its Colab links open (not the repository's default branch)
REF = CONFIG["repository"].get("branch", "main")


def toc_files() -> list[str]:
    files = [TOC["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for key, value in node.items():
                if key != "file":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in TOC.items() if k != "root"})
    return files


def resolve(entry: str) -> Path | None:
    for candidate in (ROOT / entry, ROOT / f"{entry}.ipynb", ROOT / f"{entry}.md"):
        if candidate.is_file():
            return candidate
    return None


CHAPTER_NOTEBOOKS = sorted(
    p for p in (resolve(f) for f in toc_files()) if p is not None and p.suffix == ".ipynb"
)
ALL_NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))


def repository_url() -> str:
    return CONFIG["repository"]["url"].rstrip("/")


# --------------------------------------------------------------------------- _config.yml


def test_repository_url_is_set_once():
    url = repository_url()
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url), url
    assert CONFIG["repository"].get("branch") == "main"
    # the URL lives in one place: no other key of _config.yml repeats it
    text = (ROOT / "_config.yml").read_text()
    assert text.count(url) == 1, "the repository URL must appear once in _config.yml (repository.url)"


def test_launch_buttons_binder_colab_jupyterhub_thebe():
    launch = CONFIG.get("launch_buttons", {})
    for key in ("binderhub_url", "colab_url"):
        assert str(launch.get(key, "")).startswith("https://"), f"launch_buttons.{key} is not set"
    # The JupyterHub button needs a real hub (with nbgitpuller); the project has none, so the
    # key is optional, but a hub that is named must be an https URL.
    if "jupyterhub_url" in launch:
        assert str(launch["jupyterhub_url"]).startswith("https://"), "launch_buttons.jupyterhub_url"
    assert launch.get("thebe") is True, "launch_buttons.thebe must be true (live code)"
    assert launch.get("notebook_interface") == "jupyterlab"


def test_built_book_shows_the_no_kernel_explorers():
    """myst-nb must prefer the explorers' text/html (the no-kernel version) over the widget view,
    and not load the 4 MB ipywidgets manager for dead widgets (see tests/test_browser_book.py)."""
    config = CONFIG.get("sphinx", {}).get("config", {})
    overrides = [tuple(o) for o in config.get("nb_mime_priority_overrides", [])]
    assert ("html", "application/vnd.jupyter.widget-view+json", None) in overrides
    assert config.get("nb_ipywidgets_js") == {}


# --------------------------------------------------------------------------- _toc.yml


def test_every_toc_entry_exists():
    missing = [entry for entry in toc_files() if resolve(entry) is None]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"


def test_every_chapter_notebook_is_in_the_toc():
    listed = {p.resolve() for p in CHAPTER_NOTEBOOKS}
    orphans = [p.name for p in ALL_NOTEBOOKS if p.resolve() not in listed]
    assert not orphans, f"notebooks under chapters/ missing from _toc.yml: {orphans}"


# --------------------------------------------------------------------------- the Colab cell


@pytest.fixture(params=CHAPTER_NOTEBOOKS, ids=lambda p: p.stem)
def notebook(request) -> dict:
    return json.loads(request.param.read_text())


def first_cell(nb: dict) -> tuple[dict, str]:
    cell = nb["cells"][0]
    return cell, "".join(cell["source"])


def test_first_cell_is_the_colab_install_cell(notebook):
    cell, source = first_cell(notebook)
    assert cell["cell_type"] == "code", "the first cell must be the Colab install cell"
    assert "remove-cell" in cell.get("metadata", {}).get("tags", []), "hide it in the book (remove-cell)"
    expected = COLAB_CELL.format(package=PACKAGE, url=repository_url(), ref=REF)
    assert source.strip() == expected, (
        "the first cell must be exactly the standard Colab cell, with _config.yml's repository url:\n"
        + expected
    )


def test_colab_cell_url_is_the_repository_url(notebook):
    _, source = first_cell(notebook)
    urls = re.findall(r"git\+(https://[^'\"@\s]+)", source)
    assert urls == [repository_url()], f"{urls} != [{repository_url()!r}] (_config.yml repository.url)"


def _run_cell(source: str, in_colab: bool) -> mock.MagicMock:
    ipython = mock.MagicMock(name="ipython")
    namespace = {"get_ipython": lambda: ipython}
    modules = dict(sys.modules)
    if in_colab:
        modules["google.colab"] = mock.MagicMock(name="google.colab")
    else:
        modules.pop("google.colab", None)
    with mock.patch.dict(sys.modules, modules, clear=True):
        exec(compile(source, "<colab cell>", "exec"), namespace)  # noqa: S102
    return ipython


def test_colab_cell_does_nothing_outside_colab(notebook):
    _, source = first_cell(notebook)
    tree = ast.parse(source)
    # only `import sys` and one `if "google.colab" in sys.modules:` at top level
    assert [type(node).__name__ for node in tree.body] == ["Import", "If"]
    ipython = _run_cell(source, in_colab=False)
    assert ipython.mock_calls == [], f"the cell did something outside Colab: {ipython.mock_calls}"


def test_colab_cell_installs_the_library_in_colab(notebook):
    _, source = first_cell(notebook)
    ipython = _run_cell(source, in_colab=True)
    ipython.run_line_magic.assert_called_once_with(
        "pip", f"install -q '{PACKAGE} @ git+{repository_url()}@{REF}'"
    )


# --------------------------------------------------------------------------- no outputs


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts; strip them"
    assert "widgets" not in nb.get("metadata", {}), f"{path.name}: saved widget state in metadata; strip it"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_valid_nbformat(path):
    # nbformat 4.5 (cell ids), as Jupyter writes it; a strict reader rejects ids in 4.4 files.
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5), f"{path.name}: nbformat {nb.nbformat}.{nb.nbformat_minor}"
    ids = [cell.get("id") for cell in nb.cells]
    assert len(set(ids)) == len(ids), f"{path.name}: duplicate cell ids"
