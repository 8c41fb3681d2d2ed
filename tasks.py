#!/usr/bin/env python3
"""The two commands of the README, for a fresh clone with nothing but python3.

    python3 tasks.py book   # set up .venv, build the book into _build/html
    python3 tasks.py test   # set up .venv (+ the browser side), run every test
    python3 tasks.py student [--out DIR]   # student notebooks, without answers
    python3 tasks.py pdf [--student]   # the whole book as one PDF, beside the HTML (after `book`);
                                       # --student: without solutions or quiz answers
    python3 tasks.py launch-links   # rewrite the Colab cells and CITATION.cff from _config.yml
    python3 tasks.py version        # the course's version (pyproject.toml)
    python3 tasks.py release-notes  # CHANGELOG.md's section for that version (the release workflow)

Both create a virtual environment in .venv (once) and install
requirements-dev.txt into it (a quick no-op when it is up to date).  ``test``
also installs the local copies of the scripts the built pages load from CDNs
(``npm ci`` in tests/browser), and needs Chromium at /usr/bin/chromium for the
browser tests (``apt-get install chromium``; done for you when run as root).
``pdf`` prints the single-page build with that Chromium (tests/browser/book_pdf.py).

The repository URL lives in _config.yml (``repository: url:``) only. The launch buttons of
the HTML book are made from it at build time; the Colab install cell of every chapter and
CITATION.cff carry a copy, which ``book`` and ``launch-links`` rewrite from it (a test checks
that the committed copies agree), so a fork changes one line and runs ``python3 tasks.py book``.
The Colab cell installs the library from the branch the book is built from (``repository:
branch:``), the branch its Colab links open, not from the repository's default branch.
CITATION.cff's version is pyproject.toml's, and its licences those of the book (text CC BY 4.0,
code MIT), rewritten by the same commands.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".requirements.sha256"
BOOK_HTML = ROOT / "_build" / "html"
BOOK_SINGLE = ROOT / "_build" / "singlehtml"
# The PDF: built into _build/pdf and copied beside the HTML book, which links to it (intro.md).
PDF_NAME = "backprop-in-four-diagrams.pdf"
BOOK_PDF = ROOT / "_build" / "pdf" / PDF_NAME
# The student edition of the PDF (`pdf --student`): no solutions, no quiz answers.
STUDENT_PDF = BOOK_PDF.with_name(PDF_NAME.replace(".pdf", "-student.pdf"))

# The first cell of every chapter notebook: installs the course library in Colab only.
COLAB_CELL = """\
# Colab: install the course library (does nothing anywhere else).
import sys
if "google.colab" in sys.modules:
    get_ipython().run_line_magic("pip", "install -q '{package} @ git+{url}@{ref}'")"""

# CITATION.cff's licences: the text and figures, and the code (LICENSE-CC-BY-4.0.txt, LICENSE)
LICENCES = ("CC-BY-4.0", "MIT")


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


def repository_url(config_text=None):
    """_config.yml's ``repository: url:`` (read without a YAML library: tasks.py needs only python3)."""
    text = config_text if config_text is not None else (ROOT / "_config.yml").read_text()
    block = re.search(r"^repository:\s*\n((?:[ \t]+.*\n?|\s*\n)*)", text, re.M)
    url = block and re.search(r"^[ \t]+url:[ \t]*[\"']?([^\s\"'#]+)", block.group(1), re.M)
    if not url:
        sys.exit("_config.yml has no `repository: url:`")
    return url.group(1).rstrip("/")


def repository_branch(config_text=None):
    """_config.yml's ``repository: branch:`` (the book's and its launch links' ref; default main)."""
    text = config_text if config_text is not None else (ROOT / "_config.yml").read_text()
    block = re.search(r"^repository:\s*\n((?:[ \t]+.*\n?|\s*\n)*)", text, re.M)
    branch = block and re.search(r"^[ \t]+branch:[ \t]*[\"']?([^\s\"'#]+)", block.group(1), re.M)
    return branch.group(1) if branch else "main"


def package_name():
    return re.search(r'^name\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M).group(1)


def package_version():
    """The course's version: pyproject.toml's, the one source (CITATION.cff, the book, the PDF)."""
    return re.search(r'^version\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M).group(1)


def chapter_notebooks():
    """The notebooks of _toc.yml (``file: chapters/<slug>`` entries)."""
    toc = (ROOT / "_toc.yml").read_text()
    names = re.findall(r"^\s*-?\s*file:\s*(\S+)", toc, re.M)
    return [ROOT / f"{n}.ipynb" for n in names if (ROOT / f"{n}.ipynb").exists()]


def colab_cell(url, ref=None):
    return COLAB_CELL.format(package=package_name(), url=url, ref=ref or repository_branch())


def sync_launch_links(verbose=True):
    """Rewrite the copies of the repository URL from _config.yml; returns the files changed.

    * the Colab install cell, the first cell of every chapter notebook (tagged remove-cell), which
      installs the library from ``repository: branch:``;
    * CITATION.cff's ``repository-code`` and ``url`` (the GitHub Pages address), its ``version``
      (pyproject.toml's) and its ``license`` (text CC BY 4.0, code MIT).
    """
    url = repository_url()
    cell_text = colab_cell(url)
    changed = []
    for path in chapter_notebooks():
        text = path.read_text(encoding="utf-8")
        nb = json.loads(text)
        cell = nb["cells"][0] if nb["cells"] else None
        lines = cell_text.splitlines(keepends=True)
        if cell is None or cell["cell_type"] != "code" or not "".join(cell["source"]).startswith("# Colab:"):
            sys.exit(f"{path.relative_to(ROOT)}: the first cell is not the Colab install cell")
        if cell["source"] != lines:
            cell["source"] = lines
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            changed.append(path)
    citation = ROOT / "CITATION.cff"
    if citation.exists():
        owner, name = url.split("/")[-2:]
        text = citation.read_text(encoding="utf-8")
        new = re.sub(r"^repository-code:.*$", f'repository-code: "{url}"', text, flags=re.M)
        new = re.sub(r"^url:.*$", f'url: "https://{owner.lower()}.github.io/{name}/"', new, flags=re.M)
        new = re.sub(r"^version:.*$", f'version: "{package_version()}"', new, flags=re.M)
        new = re.sub(r"^license:.*(\n[ \t]+- .*)*", "license:" + "".join(f"\n  - {x}" for x in LICENCES),
                     new, flags=re.M)
        if new != text:
            citation.write_text(new, encoding="utf-8")
            changed.append(citation)
    if verbose:
        for path in changed:
            print(f"launch links: rewrote {path.relative_to(ROOT)} for {url}")
    return changed


def build_book():
    """Build the book with warnings as errors; the notebooks are executed as part of the build."""
    return run(BIN / "jupyter-book", "build", ".", "-W", "-n", "--keep-going")


NB_CACHE = ROOT / "_build" / ".jupyter_cache"   # the book's executed notebooks (myst-nb's default place)
NB_CACHE_STAMP = ROOT / "_build" / ".jupyter_cache.stamp"


def library_hash():
    """What the notebooks' outputs depend on besides their own code: the library and the pins."""
    h = hashlib.sha256(requirements_hash().encode())
    for path in sorted((ROOT / "backprop_lib").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def fresh_notebook_cache(force=False):
    """Empty the book's notebook cache if the library or the requirements changed since it was
    filled (jupyter-cache matches a notebook by its own code only), or always with ``force``."""
    stamp = library_hash()
    if force or not NB_CACHE_STAMP.exists() or NB_CACHE_STAMP.read_text() != stamp:
        shutil.rmtree(NB_CACHE, ignore_errors=True)
        # Sphinx re-reads only the pages whose source changed: without its saved environment every
        # page is read again, so no page keeps outputs of the library as it was
        shutil.rmtree(ROOT / "_build" / ".doctrees", ignore_errors=True)
    NB_CACHE_STAMP.parent.mkdir(parents=True, exist_ok=True)
    NB_CACHE_STAMP.write_text(stamp)


def cmd_book(args):
    setup_python()
    sync_launch_links()
    fresh_notebook_cache()
    result = build_book()
    if result.returncode:
        sys.exit(result.returncode)
    print(f"\nThe book is built: open {BOOK_HTML / 'index.html'} in a browser.")


# --------------------------------------------------------------------------- tests

TEST_HELP = """\
python3 tasks.py test            every test, in about 10 minutes on 2 cores (before you push)
python3 tasks.py test --quick    the library's unit and JavaScript tests, the book's static checks,
                                 and the notebooks of the chapters changed since main (about 2 min;
                                 while you work); name chapters to run those: --quick digits autodiff
python3 tasks.py test --full     every test, with the seed-robustness re-run at three seed offsets
python3 tasks.py test ARGS...    plain pytest with ARGS (e.g. tests/unit/test_network.py -x)
"""

# The phases of the whole run, by marker (tests/conftest.py marks `book` and `browser`):
#  1. both cores (xdist): the library, the JavaScript twins, every notebook (nbval, which also fills
#     the book's notebook cache: tests/nbcache.py), the book's static checks;
#  2. then, side by side: the slow checks that start their own kernels or environments (seed
#     robustness, the fresh Binder environment, the hub install) in one process, and in another the
#     book built once from the cache,
#  3. followed by everything that reads it (the browser suites), on both cores: one Chromium per
#     worker; the JupyterLab suites and the PDF suites each as one group (tests/nbcache.py).
PHASE_UNIT = "not browser and not book and not slow"
PHASE_SLOW = "slow and not browser and not book"
PHASE_BOOK = "book or browser"


def changed_chapters(base="main"):
    """Chapters touched since ``base`` (committed, staged, unstaged or new): a chapter's notebook, or a
    library module named after it (backprop_lib/**/<chapter>.py)."""
    names = set()
    for cmd in (["git", "diff", "--name-only", f"{base}...HEAD"], ["git", "diff", "--name-only", "HEAD"],
                ["git", "ls-files", "--others", "--exclude-standard"]):
        out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        names.update(out.stdout.split() if out.returncode == 0 else [])
    slugs = set()
    for name in names:
        path = Path(name)
        slug = path.stem.replace("_", "-")
        if path.suffix in (".ipynb", ".py", ".js") and (ROOT / "chapters" / f"{slug}.ipynb").exists():
            if path.parts[0] in ("chapters", "backprop_lib"):
                slugs.add(slug)
    return sorted(slugs)


def pytest_phase(name, marker, paths=(), workers=2, env=None, background=False, extra=()):
    """One pytest run of the whole test command; its reports go to the durations file."""
    cmd = [PY, "-m", "pytest", "-m", marker, "-q", *extra]
    cmd += ["-n", str(workers), "--dist", "loadgroup"] if workers > 1 else ["-p", "no:xdist"]
    cmd += [str(p) for p in paths]
    print(f"\n=== {name}: pytest -m '{marker}' ({workers} worker{'s' if workers > 1 else ''})", flush=True)
    if background:
        log = open(ROOT / "_build" / f"test-{name}.log", "w")
        proc = subprocess.Popen([str(c) for c in cmd], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        return proc, log
    return run(*cmd, env=env).returncode


def report_durations(path, phases, started, top=15):
    """The 15 slowest tests of the run and its counts, from every phase's reports."""
    import time

    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []
    total, outcome = {}, {}
    for r in rows:
        total[r["nodeid"]] = total.get(r["nodeid"], 0.0) + r["duration"]
        was = outcome.get(r["nodeid"], "passed")
        if r["outcome"] == "failed" or was == "failed":
            outcome[r["nodeid"]] = "failed"
        elif r["outcome"] == "skipped" or was == "skipped":
            outcome[r["nodeid"]] = "skipped"
        else:
            outcome[r["nodeid"]] = "passed"
    print(f"\n=== the {top} slowest tests of the run (setup + call + teardown)")
    for nodeid, seconds in sorted(total.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{seconds:8.1f}s  {nodeid}")
    print("\n=== phases")
    for name, seconds, code in phases:
        print(f"{seconds:8.1f}s  {name}  (pytest exit {code})")
    counts = {k: sum(1 for v in outcome.values() if v == k) for k in ("passed", "failed", "skipped")}
    print(f"\nwall time {time.monotonic() - started:.0f} s")
    print(f"tests: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
    return counts


def cmd_test(args):
    import time

    if "-h" in args or "--help" in args:
        print(TEST_HELP)
        return
    quick, full = "--quick" in args, "--full" in args
    args = [a for a in args if a not in ("--quick", "--full")]
    setup_python()
    # Each phase already runs a process per core (xdist workers, the slow checks beside the
    # browsers): a BLAS thread pool per process would put two spinning threads on each core
    # (measured: two processes computing the initialization explorer's table side by side took
    # 29.5 s each with OpenBLAS's two threads, 2.5-2.8 s with one).
    env = {**os.environ, "PYTHONHASHSEED": "0",
           **{v: "1" for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}}
    if args and not quick:  # plain pytest with the given arguments
        setup_browser()
        sys.exit(run(PY, "-m", "pytest", "--durations=15", *args, env=env).returncode)

    started = time.monotonic()
    (ROOT / "_build").mkdir(exist_ok=True)
    durations = ROOT / "_build" / "test-durations.jsonl"
    durations.unlink(missing_ok=True)
    env["BACKPROP_DURATIONS"] = str(durations)
    phases = []

    def timed(name, code, since):
        phases.append((name, time.monotonic() - since, code))
        return code not in (0, 5)  # 5: nothing selected

    if quick:
        slugs = args or changed_chapters()
        notebooks = [ROOT / "chapters" / f"{s}.ipynb" for s in slugs]
        missing = [str(p.relative_to(ROOT)) for p in notebooks if not p.exists()]
        if missing:
            sys.exit(f"no such chapter: {', '.join(missing)}")
        print("quick: the notebooks of " + (", ".join(slugs) if slugs else "no changed chapter"))
        t = time.monotonic()
        code = pytest_phase("quick", PHASE_UNIT, ["tests/unit", "tests/book", *notebooks], env=env)
        failed = timed("quick", code, t)
        counts = report_durations(durations, phases, started)
        sys.exit(1 if failed or counts["failed"] else 0)

    setup_browser()
    fresh_notebook_cache(force=True)  # every notebook executed by nbval in this run, none reused
    env["BACKPROP_NB_CACHE"] = str(NB_CACHE)
    if full:
        env["SEED_OFFSETS"] = env.get("SEED_OFFSETS", "17,3,101")
    failed = False
    t = time.monotonic()
    failed |= timed("1 library, notebooks, static checks", pytest_phase("unit", PHASE_UNIT, env=env), t)

    t_slow = time.time()
    slow, slow_log = pytest_phase("slow", PHASE_SLOW, workers=1, env=env, background=True)
    t = time.monotonic()
    print("\n=== the book, built once from the notebooks phase 1 executed", flush=True)
    log = ROOT / "_build" / "book-build.log"
    with open(log, "w") as out:
        build = subprocess.run([str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"],
                               cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    timed("2 book build (from the cache)", build.returncode, t)
    print(f"book build exit {build.returncode} ({log.relative_to(ROOT)})", flush=True)
    book_env = {**env, "BOOK_HTML": str(BOOK_HTML), "BOOK_BUILD_LOG": str(log),
                "BOOK_BUILD_RETURNCODE": str(build.returncode)}
    t = time.monotonic()
    failed |= timed("3 the built book and the browsers", pytest_phase("book", PHASE_BOOK, env=book_env), t)

    code = slow.wait()
    slow_log.close()
    # its own duration: until its log's last line (it may have ended before phase 3 did)
    slow_seconds = os.stat(slow_log.name).st_mtime - t_slow
    failed |= timed("2' slow checks (side by side with 2 and 3)", code, time.monotonic() - slow_seconds)
    print("\n=== slow checks (ran beside the book build; _build/test-slow.log)")
    print((ROOT / "_build" / "test-slow.log").read_text()[-6000:])
    counts = report_durations(durations, phases, started)
    sys.exit(1 if failed or counts["failed"] else 0)


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
    * the worked solutions that the exercises show (``q.show()``, ``q.solution()``): a first cell
      sets ``BACKPROP_STUDENT=1``, and the library then withholds them.
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
    student_cell = {"cell_type": "code", "execution_count": None, "id": "student-edition",
                    "metadata": {"tags": ["remove-cell"]}, "outputs": [],
                    "source": ["# Student edition: the exercises show no worked solutions.\n",
                               "import os\n", "os.environ[\"BACKPROP_STUDENT\"] = \"1\""]}
    out["cells"] = [student_cell] + cells
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


def cmd_pdf(args):
    """The single-page build (reusing the notebooks the HTML build executed), printed to PDF.

    ``--student``: the student edition, without the worked solutions and the quizzes' answers,
    as ``_build/pdf/<name>-student.pdf`` (for an instructor to hand out; not linked from the book).
    """
    student = "--student" in args
    args = [a for a in args if a != "--student"]
    setup_python()
    setup_browser()
    check(BIN / "jupyter-book", "build", ".", "--builder", "singlehtml", "-W", "-n", "--keep-going")
    if student:
        check(PY, ROOT / "tests" / "browser" / "book_pdf.py", BOOK_SINGLE, STUDENT_PDF, "--student", *args)
        print(f"\nThe student PDF is built: {STUDENT_PDF}")
        return
    check(PY, ROOT / "tests" / "browser" / "book_pdf.py", BOOK_SINGLE, BOOK_PDF, *args)
    if BOOK_HTML.is_dir():
        shutil.copy2(BOOK_PDF, BOOK_HTML / PDF_NAME)
        print(f"\nThe PDF is built: {BOOK_PDF} (and {BOOK_HTML / PDF_NAME}, which the book links to).")
    else:
        print(f"\nThe PDF is built: {BOOK_PDF}. Run `python3 tasks.py book` for the HTML book that links to it.")


def changelog_section(version=None, text=None):
    """CHANGELOG.md's section ``## <version>`` (without its heading); exits when there is none."""
    version = version or package_version()
    text = text if text is not None else (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    found = re.search(rf"^## v?{re.escape(version)}[ \t]*(?:\(.*\))?[ \t]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not found or not found.group(1).strip():
        sys.exit(f"CHANGELOG.md has no section `## {version}`: write the release's notes first")
    return found.group(1).strip() + "\n"


def cmd_version(args):
    print(package_version())


def cmd_release_notes(args):
    sys.stdout.write(changelog_section())


def cmd_launch_links(args):
    changed = sync_launch_links()
    if not changed:
        print(f"launch links: every copy already says {repository_url()}")


def main(argv):
    commands = {"book": cmd_book, "test": cmd_test, "pdf": cmd_pdf, "launch-links": cmd_launch_links,
                "student": cmd_student, "version": cmd_version, "release-notes": cmd_release_notes}
    if len(argv) < 2 or argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    commands[argv[1]](argv[2:])


if __name__ == "__main__":
    main(sys.argv)
