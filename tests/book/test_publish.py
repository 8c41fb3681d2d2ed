"""Publishing (issue 15): the deploy workflow, CITATION.cff, and launch links from one place.

The workflow cannot run here, so it is checked: valid against the GitHub workflow schema
(check-jsonschema's vendored copy, offline), no finding from ``zizmor --offline``, and the
shape the issue asks for (push to main, the README's test command, the book and its PDF,
upload-pages-artifact + deploy-pages, least-privilege permissions, pinned actions, a pip
cache). The repository URL lives in _config.yml only: everything else is made from it, which
the tests check by changing it in a copy of the repository.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
BIN = Path(sys.executable).parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
URL = CONFIG["repository"]["url"].rstrip("/")
FORK = "https://github.com/some-school/our-backprop-course"


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tasks = load("tasks_under_test", ROOT / "tasks.py")
book_links = load("book_links_under_test", ROOT / "_ext" / "book_links.py")


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed: pip install -r requirements-dev.txt", pytrace=False)
    return str(path)


def check_jsonschema(schema: str, path: Path) -> tuple[int, str]:
    """`check-jsonschema --builtin-schema <schema> <path>`, run in this process (its start-up is
    the slow part, so both checks share one import)."""
    pytest.importorskip("check_jsonschema", reason="pip install -r requirements-dev.txt")
    from check_jsonschema.cli.main_command import main
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["--builtin-schema", schema, str(path)])
    return result.exit_code, result.output


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


# --------------------------------------------------------------------------- the workflow


def test_workflow_is_valid_against_the_github_schema():
    code, output = check_jsonschema("vendor.github-workflows", WORKFLOW)
    assert code == 0, output


def test_zizmor_finds_nothing():
    result = subprocess.run([tool("zizmor"), "--offline", "--no-progress", str(WORKFLOW.parent)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr, result.stdout + result.stderr


def test_workflow_deploys_on_push_to_main():
    wf = workflow()
    on = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as True
    assert on["push"]["branches"] == ["main"]


def test_workflow_has_least_privilege_permissions():
    wf = workflow()
    assert wf["permissions"] == {}, "no permissions by default; each job asks for its own"
    jobs = wf["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def test_every_action_is_pinned_by_commit():
    lines = [line for line in WORKFLOW.read_text().splitlines() if re.match(r"\s*(-\s*)?uses:", line)]
    assert lines
    bad = [line.strip() for line in lines
           if not re.search(r"uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*\s*$", line)]
    assert not bad, f"actions not pinned to a full commit SHA with its version in a comment: {bad}"


def test_workflow_tests_builds_prints_and_deploys():
    build = steps("build")
    runs = [s.get("run", "") for s in build]
    uses = [s.get("uses", "").split("@")[0] for s in build]
    # the README's test command (.ci/run installs the system packages, then runs it)
    assert ".ci/run" in runs
    assert "python3 tasks.py test" in (ROOT / ".ci" / "run").read_text()
    assert "python3 tasks.py test" in (ROOT / "README.md").read_text()
    assert runs.index(".ci/run") < runs.index("python3 tasks.py book") < runs.index("python3 tasks.py pdf")
    assert "actions/checkout" in uses
    cache = [s for s in build if s.get("uses", "").startswith("actions/cache@")]
    assert cache and "pip" in cache[0]["with"]["path"] and "requirements" in cache[0]["with"]["key"]
    assert workflow()["jobs"]["build"]["env"]["PIP_CACHE_DIR"] == cache[0]["with"]["path"]
    upload = [s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    assert steps("deploy")[-1]["uses"].startswith("actions/deploy-pages@")
    checkout = [s for s in build if s.get("uses", "").startswith("actions/checkout@")][0]
    assert checkout["with"]["persist-credentials"] is False


def test_pdf_is_published_beside_the_html():
    # tasks.py pdf copies the PDF into _build/html under the name the intro page links to
    assert tasks.PDF_NAME == book_links.PDF_NAME
    assert tasks.BOOK_HTML == ROOT / "_build" / "html"
    assert "{{ pdf_link }}" in (ROOT / "intro.md").read_text()
    subs = substitutions(URL)
    assert f'href="{tasks.PDF_NAME}"' in subs["pdf_link"]


# --------------------------------------------------------------------------- CITATION.cff


def test_citation_cff_is_valid():
    code, output = check_jsonschema("vendor.citation-file-format", ROOT / "CITATION.cff")
    assert code == 0, output
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["title"] == CONFIG["title"]
    assert cff["repository-code"] == URL


def test_citation_version_and_licences_have_one_source():
    """CITATION.cff's version is pyproject.toml's (also the book's {{ version }} and the PDF's
    title page); its licences are the book's: text CC BY 4.0, code MIT."""
    import tomllib

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert cff["version"] == project["version"] == tasks.package_version()
    assert cff["license"] == ["CC-BY-4.0", "MIT"] == list(tasks.LICENCES)
    assert project["license"] == "MIT"                         # the library's code
    assert "CC BY 4.0" in CONFIG["copyright"] and "MIT" in CONFIG["copyright"]
    assert (ROOT / "LICENSE-CC-BY-4.0.txt").exists() and "MIT" in (ROOT / "LICENSE").read_text()
    assert f"## {project['version']}" in (ROOT / "CHANGELOG.md").read_text()


def test_a_new_version_rewrites_the_citation(fork):
    pyproject = fork / "pyproject.toml"
    pyproject.write_text(re.sub(r'(?m)^version = ".*"', 'version = "9.8.7"', pyproject.read_text()))
    assert tasks.sync_launch_links(verbose=False) == [fork / "CITATION.cff"]
    cff = yaml.safe_load((fork / "CITATION.cff").read_text())
    assert cff["version"] == "9.8.7" and cff["license"] == ["CC-BY-4.0", "MIT"]
    assert tasks.sync_launch_links(verbose=False) == []


def test_colab_installs_the_library_from_the_book_s_branch(fork):
    """The Colab cell installs the library from _config.yml's repository.branch (the ref the
    book's Colab links open), not from the repository's default branch."""
    config = fork / "_config.yml"
    config.write_text(re.sub(r"(?m)^(\s+branch:).*$", r"\1 unit-2026", config.read_text()))
    assert tasks.repository_branch() == "unit-2026"
    changed = tasks.sync_launch_links(verbose=False)
    assert set(changed) == set((fork / "chapters").glob("*.ipynb"))
    for nb_path in changed:
        first = json.loads(nb_path.read_text(encoding="utf-8"))["cells"][0]
        assert f"git+{URL}@unit-2026'" in "".join(first["source"])


# --------------------------------------------------------------------------- launch links


def substitutions(url: str) -> dict:
    class Config:
        html_theme_options = {"repository_url": url}
        myst_substitutions: dict = {}

    config = Config()
    book_links._substitutions(None, config)
    return config.myst_substitutions


def test_repository_url_lives_in_config_only():
    """Outside _config.yml the URL appears only in the copies `tasks.py launch-links` writes."""
    generated = {"CITATION.cff"} | {str(p.relative_to(ROOT)) for p in tasks.chapter_notebooks()}
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if not tracked:  # not a git checkout (or git refuses it): the sources, without what is built
        skip = {".git", ".venv", "_build", "node_modules", "artifacts", "__pycache__", ".ipynb_checkpoints"}
        tracked = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                   if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]
    name = URL.split("github.com/")[1]
    found = []
    for rel in tracked:
        path = ROOT / rel
        if rel == "_config.yml" or rel in generated or not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if name in text:
            found.append(rel)
    assert not found, f"the repository's name {name!r} is written out in {found}: make it from _config.yml"
    assert tasks.repository_url() == URL


def test_clone_commands_come_from_the_config():
    subs = substitutions(FORK)
    assert f"git clone {FORK}\ncd our-backprop-course\n" in subs["clone_commands"]
    assert subs["repository_url"] == FORK
    assert "{{ clone_commands }}" in (ROOT / "intro.md").read_text()
    assert CONFIG["sphinx"]["local_extensions"].get("book_links") == "_ext"


@pytest.fixture
def fork(tmp_path, monkeypatch):
    """A copy of what launch-links reads and writes, whose _config.yml names another repository."""
    for rel in ("_config.yml", "_toc.yml", "pyproject.toml", "CITATION.cff"):
        shutil.copy2(ROOT / rel, tmp_path / rel)
    (tmp_path / "chapters").mkdir()
    for nb in tasks.chapter_notebooks():
        shutil.copy2(nb, tmp_path / "chapters" / nb.name)
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    return tmp_path


def test_committed_copies_agree_with_the_config(fork):
    assert tasks.sync_launch_links(verbose=False) == [], "run `python3 tasks.py launch-links` and commit"


def test_changing_the_url_changes_every_colab_cell_and_the_citation(fork):
    config = fork / "_config.yml"
    text = config.read_text()
    assert text.count(URL) == 1
    config.write_text(text.replace(URL, FORK))
    assert tasks.repository_url() == FORK
    changed = tasks.sync_launch_links(verbose=False)
    notebooks = sorted((fork / "chapters").glob("*.ipynb"))
    assert notebooks and set(changed) == set(notebooks) | {fork / "CITATION.cff"}
    old_name = URL.split("github.com/")[1]
    for nb_path in notebooks:
        text = nb_path.read_text(encoding="utf-8")
        assert old_name not in text, nb_path.name
        first = json.loads(text)["cells"][0]
        assert "".join(first["source"]) == tasks.colab_cell(FORK)
        assert f"git+{FORK}@{tasks.repository_branch()}'" in "".join(first["source"])
    cff = yaml.safe_load((fork / "CITATION.cff").read_text())
    assert cff["repository-code"] == FORK
    assert cff["url"] == "https://some-school.github.io/our-backprop-course/"
    assert tasks.sync_launch_links(verbose=False) == []  # idempotent


def test_notebooks_keep_their_format_when_rewritten(fork):
    config = fork / "_config.yml"
    config.write_text(config.read_text().replace(URL, FORK))
    tasks.sync_launch_links(verbose=False)
    config.write_text(config.read_text().replace(FORK, URL))
    tasks.sync_launch_links(verbose=False)
    for nb in tasks.chapter_notebooks():
        assert nb.read_bytes() == (ROOT / "chapters" / nb.name).read_bytes(), nb.name
    assert (fork / "CITATION.cff").read_bytes() == (ROOT / "CITATION.cff").read_bytes()


@pytest.mark.slow
def test_built_launch_links_use_the_config_url(built_book):
    """Every link of the built chapters to GitHub, Binder or Colab names _config.yml's repository."""
    assert built_book.returncode == 0
    owner_name = URL.split("github.com/")[1]
    problems = []
    for nb in tasks.chapter_notebooks():
        page = built_book.html / nb.relative_to(ROOT).with_suffix(".html")
        hrefs = re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8"))
        # the theme's buttons: Binder, Colab, the repository and its issues (links in the text,
        # e.g. further reading on GitHub, are not launch links)
        launch = [h for h in hrefs if re.search(r"mybinder\.org/v2/gh/|colab\.research\.google\.com/github/"
                                                r"|github\.com/[^/]+/[^/]+/issues/new", h)]
        kinds = {k for k in ("mybinder.org", "colab.research.google.com", "/issues/new") if any(k in h for h in launch)}
        if kinds != {"mybinder.org", "colab.research.google.com", "/issues/new"} or URL not in hrefs:
            problems.append(f"{page.name}: launch links {sorted(kinds)}, repository button {URL in hrefs}")
        problems += [f"{page.name}: {h}" for h in launch if owner_name not in h]
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- README


def test_readme_says_how_to_publish_a_copy():
    readme = (ROOT / "README.md").read_text()
    m = re.search(r"^## Publish your own copy\n(.*?)(?=^## )", readme, re.S | re.M)
    assert m, "README: no section 'Publish your own copy'"
    section = m.group(1)
    for needed in ("_config.yml", "repository", "python3 tasks.py book", "GitHub Actions", "Pages",
                   "jupyterhub_url", "nbgitpuller", "python3 tasks.py pdf", "CITATION.cff"):
        assert needed in section, f"README 'Publish your own copy' does not mention {needed}"
