"""The student copies, executed once per test run in a fresh `pip install -r requirements.txt`
environment: what Binder and a learner run, and what an instructor hands out.

Two checks read this one execution (each notebook runs once):

* tests/book/test_binder_ready.py: every chapter's student copy runs top to bottom in an
  environment with nothing but requirements.txt (the Binder check);
* tests/book/test_student_notebooks_run.py: no executed output reveals an answer.

The copies are written by ``python3 tasks.py student`` into a temporary folder outside the
repository (so only what requirements.txt installs can be imported), and executed with nbclient
from the fresh environment with its own ipykernel. To each copy the second check appends probe
cells (its ``PROBES``), which ask the exercises of that chapter for their answers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

RUNNER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    results = {}
    for path in sys.argv[1:]:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(Path(path).parent)}})
        start = time.perf_counter()
        try:
            client.execute()
            results[path] = {"ok": True, "seconds": round(time.perf_counter() - start, 1)}
        except CellExecutionError as exc:
            results[path] = {"ok": False, "error": str(exc)[-3000:]}
        except Exception as exc:
            results[path] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[-3000:]}
        nbformat.write(nb, path)      # the executed notebook, for the checks that read it
    print("RESULTS " + json.dumps(results))
    """
)


def chapter_notebooks() -> list[Path]:
    """The chapter notebooks of _toc.yml."""
    import yaml

    found: list[Path] = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node and (ROOT / f"{node['file']}.ipynb").is_file():
                found.append(ROOT / f"{node['file']}.ipynb")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load((ROOT / "_toc.yml").read_text()))
    return found


@pytest.fixture(scope="session")
def fresh_env(tmp_path_factory):
    """A virtual environment with `pip install -r requirements.txt` only (as Binder makes it)."""
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


@pytest.fixture(scope="session")
def student_run(fresh_env):
    """{"dir": the executed student copies, "chapters": the chapters (paths in chapters/),
    "results": {name: {"ok", "error"|"seconds"}}}."""
    import nbformat

    from test_student_notebooks_run import probes_for

    base = fresh_env["base"]
    made = subprocess.run([sys.executable, str(ROOT / "tasks.py"), "student", "--out", str(base / "work")],
                          cwd=ROOT, capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    folder = base / "work" / "chapters"
    copies = []
    for path in chapter_notebooks():
        copy = folder / path.name
        nb = nbformat.read(copy, as_version=4)
        for i, src in enumerate(probes_for(path)):
            nb.cells.append(nbformat.v4.new_code_cell(src, id=f"probe-{i}"))
        nbformat.write(nb, copy)
        copies.append(copy)
    env = dict(fresh_env["env"])
    jupyter_home = base / "jupyter"
    # only the fresh environment's own kernel (no user or system kernelspecs)
    env.update(JUPYTER_DATA_DIR=str(jupyter_home / "data"), JUPYTER_CONFIG_DIR=str(jupyter_home / "config"),
               JUPYTER_RUNTIME_DIR=str(jupyter_home / "runtime"), IPYTHONDIR=str(jupyter_home / "ipython"),
               MPLBACKEND="agg", JUPYTER_PLATFORM_DIRS="1",
               BACKPROP_PROGRESS=str(base / "progress.json"))
    env["PATH"] = f"{fresh_env['python'].parent}{os.pathsep}{env.get('PATH', '')}"
    run = subprocess.run([str(fresh_env["python"]), "-c", RUNNER, *map(str, copies)], cwd=folder, env=env,
                         capture_output=True, text=True, timeout=60 * 20)
    lines = [line for line in run.stdout.splitlines() if line.startswith("RESULTS ")]
    assert run.returncode == 0 and lines, (
        "could not run the notebooks with the fresh environment (does requirements.txt provide "
        f"nbclient/ipykernel?):\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}")
    results = {Path(p).name: r for p, r in json.loads(lines[-1][len("RESULTS "):]).items()}
    return {"dir": folder, "chapters": chapter_notebooks(), "results": results}
