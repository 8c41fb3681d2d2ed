"""A JupyterHub that installs ``backprop_lib`` from a release runs the chapters (issue 16).

As on a hub: the library is installed from a built release (a wheel of this checkout, built from a
copy of its sources), into a fresh environment that does not see the repository; nbgitpuller lays
the repository out in the user's home, and the learner opens a notebook in ``chapters/``. The
notebook must import the *installed* ``backprop_lib`` (of the release's version) and run.

The fresh environment borrows the third-party packages (numpy, matplotlib, ipykernel, ...) of the
test environment through a ``.pth`` line, so nothing is downloaded; ``backprop_lib`` itself comes
only from the wheel.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a wheel build (isolated) and one notebook run: about a minute

ROOT = Path(__file__).resolve().parents[2]
VERSION = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M).group(1)

EXECUTE = """
import json, sys
import nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=300, kernel_name="python3",
               resources={"metadata": {"path": "."}}).execute()
errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
print(json.dumps({"cells": len(nb.cells), "errors": len(errors)}))
"""


def _clean_env(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(extra or {})
    return env


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    base = tmp_path_factory.mktemp("hub")
    # 1. the release: a wheel built from a copy of the sources (the checkout stays untouched)
    src = base / "release"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "backprop_lib", src / "backprop_lib",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    wheels = base / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "--quiet", "-w", str(wheels), str(src)], capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next(wheels.glob("backprop_lib-*.whl"))
    assert f"-{VERSION}-" in wheel.name, wheel.name

    # 2. the hub's environment: fresh, with the wheel installed into it
    env_dir = base / "hub-env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True, env=_clean_env()).stdout.strip())
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                                "--target", str(site), str(wheel)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    # third-party packages from the test environment (appended after the env's own site-packages)
    (site / "zz_borrowed_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    # 3. what nbgitpuller lays out in the user's home: the repository, opened in chapters/
    home = base / "home" / "backprop-in-four-diagrams"
    shutil.copytree(ROOT / "chapters", home / "chapters",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return {"python": python, "chapters": home / "chapters", "site": site}


def test_notebook_folder_imports_the_installed_release(hub):
    out = subprocess.run([str(hub["python"]), "-c",
                          "import backprop_lib, json; print(json.dumps([backprop_lib.__file__, backprop_lib.__version__]))"],
                         cwd=hub["chapters"], capture_output=True, text=True, env=_clean_env())
    assert out.returncode == 0, out.stderr
    path, version = json.loads(out.stdout)
    assert Path(path).resolve().is_relative_to(hub["site"].resolve()), (
        f"backprop_lib was imported from {path}, not from the installed release")
    assert version == VERSION


def test_a_chapter_runs_on_the_hub(hub):
    out = subprocess.run([str(hub["python"]), "-c", EXECUTE, "notation.ipynb"],
                         cwd=hub["chapters"], capture_output=True, text=True,
                         env=_clean_env({"MPLBACKEND": "Agg"}), timeout=600)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-4000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["errors"] == 0 and result["cells"] > 10
