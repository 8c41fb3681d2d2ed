"""Binder-readiness (issue 7): a fresh virtual environment with only
`pip install -r requirements.txt` (what Binder and a learner run) executes every chapter
notebook top to bottom.

The environment is made with `python -m venv` in a temporary folder (no system site-packages);
pip may reuse its download/wheel cache, so this is quick after the first run. The notebooks run
from a temporary copy of chapters/ (outside the repo, so nothing but the installed requirements
can be imported) with nbclient from that environment and its own ipykernel.

Slow (~1-3 min): marked `slow` (part of the full test command; deselect with `-m "not slow"`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def chapter_notebooks() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    found: list[Path] = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                path = ROOT / f"{node['file']}.ipynb"
                if path.is_file():
                    found.append(path)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return found


RUNNER = textwrap.dedent(
    """
    import json, sys, time
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    results = {}
    for path in sys.argv[1:]:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}})
        start = time.perf_counter()
        try:
            client.execute()
            results[path] = {"ok": True, "seconds": round(time.perf_counter() - start, 1)}
        except CellExecutionError as exc:
            results[path] = {"ok": False, "error": str(exc)[-3000:]}
        except Exception as exc:
            results[path] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[-3000:]}
    print("RESULTS " + json.dumps(results))
    """
)


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory):
    base = tmp_path_factory.mktemp("binder")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # requirements.txt may name the repo itself ("-e ."), relative to the repo root as Binder runs it
    pip = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-compile", "-r", "requirements.txt"],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert pip.returncode == 0, f"pip install -r requirements.txt failed:\n{pip.stdout[-3000:]}\n{pip.stderr[-3000:]}"
    return {"python": python, "env": env, "base": base}


def test_requirements_are_pinned():
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    loose = [line for line in lines if line and not line.startswith("-") and "==" not in line and "@" not in line]
    assert not loose, f"requirements.txt entries without an exact pin: {loose}"


def test_every_chapter_runs_in_a_fresh_environment(fresh_env):
    notebooks = chapter_notebooks()
    assert notebooks, "no chapter notebooks found in _toc.yml"
    work = fresh_env["base"] / "work"
    shutil.copytree(ROOT / "chapters", work / "chapters",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    env = dict(fresh_env["env"])
    jupyter_home = fresh_env["base"] / "jupyter"
    # only the fresh environment's own kernel (no user or system kernelspecs)
    env.update(JUPYTER_DATA_DIR=str(jupyter_home / "data"), JUPYTER_CONFIG_DIR=str(jupyter_home / "config"),
               JUPYTER_RUNTIME_DIR=str(jupyter_home / "runtime"), IPYTHONDIR=str(jupyter_home / "ipython"),
               MPLBACKEND="Agg", JUPYTER_PLATFORM_DIRS="1")
    env["PATH"] = f"{fresh_env['python'].parent}{os.pathsep}{env.get('PATH', '')}"
    copies = [str(work / "chapters" / nb.name) for nb in notebooks]
    run = subprocess.run([str(fresh_env["python"]), "-c", RUNNER, *copies], cwd=work, env=env,
                         capture_output=True, text=True, timeout=60 * 20)
    lines = [line for line in run.stdout.splitlines() if line.startswith("RESULTS ")]
    assert run.returncode == 0 and lines, (
        "could not run the notebooks with the fresh environment (does requirements.txt provide "
        f"nbclient/ipykernel?):\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}")
    results = json.loads(lines[-1][len("RESULTS "):])
    failed = {Path(p).name: r["error"] for p, r in results.items() if not r["ok"]}
    assert not failed, "chapters that fail in a fresh `pip install -r requirements.txt` environment:\n" + \
        "\n\n".join(f"{name}:\n{err}" for name, err in failed.items())
    # the same kernel interpreter: the fresh environment's
    print({Path(p).name: r["seconds"] for p, r in results.items()})
