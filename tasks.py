#!/usr/bin/env python3
"""The two commands of the README, for a fresh clone with nothing but python3.

    python3 tasks.py book   # set up .venv, build the book into _build/html
    python3 tasks.py test   # set up .venv (+ the browser side), run every test
    python3 tasks.py student [--out DIR]   # student notebooks, without answers

Both create a virtual environment in .venv (once) and install
requirements-dev.txt into it (a quick no-op when it is up to date).  ``test``
also installs the local copies of the scripts the built pages load from CDNs
(``npm ci`` in tests/browser), and needs Chromium at /usr/bin/chromium for the
browser tests (``apt-get install chromium``; done for you when run as root).
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".requirements.sha256"
BOOK_HTML = ROOT / "_build" / "html"


def run(*cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, **kw)


def check(*cmd, **kw):
    result = run(*cmd, **kw)
    if result.returncode:
        sys.exit(result.returncode)
    return result


def requirements_hash():
    h = hashlib.sha256()
    for name in ("requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()


def setup_python():
    """Create .venv and install the pinned requirements, unless they are installed already."""
    if not PY.exists():
        check(sys.executable, "-m", "venv", VENV)
        check(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    if not STAMP.exists() or STAMP.read_text() != requirements_hash():
        check(PY, "-m", "pip", "install", "--quiet", "-r", "requirements-dev.txt")
        STAMP.write_text(requirements_hash())


def setup_browser():
    """The browser side of the tests: local copies of the CDN scripts (npm ci), and Chromium.

    tests/browser/setup.sh does both; as root it may install Debian's chromium itself.
    """
    env = dict(os.environ)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("INSTALL_CHROMIUM", "1")
    check("bash", ROOT / "tests" / "browser" / "setup.sh", env=env)


def build_book():
    """Build the book with warnings as errors; the notebooks are executed as part of the build."""
    return run(BIN / "jupyter-book", "build", ".", "-W", "-n", "--keep-going")


def cmd_book(args):
    setup_python()
    result = build_book()
    if result.returncode:
        sys.exit(result.returncode)
    print(f"\nThe book is built: open {BOOK_HTML / 'index.html'} in a browser.")


def cmd_test(args):
    setup_python()
    setup_browser()
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    result = run(PY, "-m", "pytest", *args, env=env)
    sys.exit(result.returncode)


# --------------------------------------------------------------------------- student notebooks

STUDENT_OUT = ROOT / "_build" / "student"
_SOLUTION = None  # compiled on first use (keeps `import re` local to this command)


def student_notebook(nb: dict) -> tuple[dict, dict]:
    """A student copy of a chapter notebook: no solutions, no answer-revealing cells.

    * code cells tagged ``remove-cell`` that check something (``assert``): the hidden checks of
      the claims and of the exercises' reference answers. The Colab install cell stays.
    * ``{solution}`` blocks in markdown cells (the worked answers under each exercise), with the
      ``<details>`` that folds them in JupyterLab and Colab.
    * quick quizzes (``exercises.quiz(...)``): their source is the answer key, so each becomes a
      note pointing to the same quiz in the online book.
    Everything else is kept as it is, outputs cleared. Returns (notebook, counts of what went).
    """
    import copy
    import re

    global _SOLUTION
    if _SOLUTION is None:
        _SOLUTION = re.compile(
            r'^<details class="bp-solution-fold">.*?^</details>[ \t]*$\n?'   # the folding wrapper
            r"|^(?P<fence>`{3,}|:{3,})\{solution\}.*?^(?P=fence)[ \t]*$\n?", re.M | re.S)
    out = copy.deepcopy(nb)
    cells, removed = [], {"hidden checks": 0, "solutions": 0, "quizzes": 0}
    for cell in out["cells"]:
        src = "".join(cell.get("source", ""))
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "code":
            if "remove-cell" in tags and re.search(r"^\s*assert\b", src, re.M):
                removed["hidden checks"] += 1
                continue
            if "exercises.quiz(" in src:
                removed["quizzes"] += 1
                imports = [line for line in src.splitlines() if re.match(r"(from \S+ )?import ", line)]
                if imports:  # later cells may rely on what the quiz cell imported
                    cells.append({"cell_type": "code", "execution_count": None,
                                  "id": (cell.get("id") or "quiz") + "-imports", "metadata": {},
                                  "outputs": [], "source": "\n".join(imports)})
                cells.append({"cell_type": "markdown", "id": cell.get("id", "quiz"), "metadata": {},
                              "source": ["*The quick self-check quiz of this section is on this chapter's page "
                                         "of the online book (its code holds the answers, so it is not in the "
                                         "student notebook).*"]})
                continue
            cell["outputs"], cell["execution_count"] = [], None
        elif cell["cell_type"] == "markdown":
            new, n = _SOLUTION.subn("", src)
            if n:
                removed["solutions"] += n
                cell["source"] = new.rstrip("\n").splitlines(keepends=True)
        cells.append(cell)
    out["cells"] = cells
    return out, removed


def cmd_student(args):
    """Write student copies of the chapter notebooks (no solutions, no answer-revealing cells)."""
    import json

    out = STUDENT_OUT
    if "--out" in args:
        out = Path(args[args.index("--out") + 1]).resolve()
    target = out / "chapters"
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb, removed = student_notebook(json.loads(path.read_text(encoding="utf-8")))
        (target / path.name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path.name:34s} removed " + ", ".join(f"{n} {what}" for what, n in removed.items()))
    print(f"\nStudent notebooks written to {target}")


def main(argv):
    commands = {"book": cmd_book, "test": cmd_test}
    commands["student"] = cmd_student  # issue 16: student notebooks
    if len(argv) < 2 or argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    commands[argv[1]](argv[2:])


if __name__ == "__main__":
    main(sys.argv)
