#!/usr/bin/env python3
"""The two commands of the README, for a fresh clone with nothing but python3.

    python3 tasks.py book   # set up .venv, build the book into _build/html
    python3 tasks.py test   # set up .venv (+ the browser side), run every test

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


def main(argv):
    commands = {"book": cmd_book, "test": cmd_test}
    if len(argv) < 2 or argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    commands[argv[1]](argv[2:])


if __name__ == "__main__":
    main(sys.argv)
