"""Releases that exist (issue 21): the release workflow, checked like the publish workflow.

When the version in pyproject.toml changes on main, `.github/workflows/release.yml` tags the
commit `v<version>` and publishes a GitHub release whose notes are CHANGELOG.md's section for the
version (`python3 tasks.py release-notes`). The workflow cannot run here: it is validated against
the GitHub workflow schema (check-jsonschema's vendored copy, offline) and with
``zizmor --offline``, and its shape is checked. The instructors' page's `git branch unit-2026
v0.2.0` names a version the workflow tags (its CHANGELOG section exists).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_publish import check_jsonschema, load, tool  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
tasks = load("tasks_under_test_release", ROOT / "tasks.py")


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def test_release_workflow_is_valid_against_the_github_schema():
    code, output = check_jsonschema("vendor.github-workflows", WORKFLOW)
    assert code == 0, output


def test_zizmor_finds_nothing_in_the_release_workflow():
    result = subprocess.run([tool("zizmor"), "--offline", "--no-progress", str(WORKFLOW)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr, result.stdout + result.stderr


def test_it_runs_when_the_version_can_change_on_main():
    wf = workflow()
    on = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as True
    assert on["push"]["branches"] == ["main"]
    assert "pyproject.toml" in on["push"]["paths"] and "CHANGELOG.md" in on["push"]["paths"]
    assert ".github/workflows/release.yml" in on["push"]["paths"]   # its arrival tags the version
    assert "workflow_dispatch" in on


def test_least_privilege_and_pinned_actions():
    wf = workflow()
    assert wf["permissions"] == {}
    job = wf["jobs"]["release"]
    assert job["permissions"] == {"contents": "write"}
    lines = [line for line in WORKFLOW.read_text().splitlines() if re.match(r"\s*(-\s*)?uses:", line)]
    assert lines and all(re.search(r"uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*\s*$", line)
                         for line in lines), lines
    publish = (ROOT / ".github" / "workflows" / "publish.yml").read_text()
    checkout = re.search(r"actions/checkout@[0-9a-f]{40}", publish).group(0)
    assert checkout in WORKFLOW.read_text(), "the same pinned checkout as publish.yml"
    step = job["steps"][0]
    assert step["with"]["persist-credentials"] is False and step["with"]["fetch-depth"] == 0


def test_it_tags_v_version_once_with_the_changelog_section():
    steps = workflow()["jobs"]["release"]["steps"]
    read = next(s for s in steps if s.get("id") == "version")
    assert "python3 tasks.py version" in read["run"] and "python3 tasks.py release-notes" in read["run"]
    assert 'refs/tags/v$version' in read["run"]                       # an existing tag: nothing
    create = steps[-1]
    assert create["if"] == "steps.version.outputs.exists == 'false'"
    assert 'gh release create "v$VERSION"' in create["run"] and '--target "$GITHUB_SHA"' in create["run"]
    assert "--notes-file" in create["run"]
    assert create["env"]["VERSION"] == "${{ steps.version.outputs.version }}"   # not inlined in run


def test_version_and_release_notes_commands():
    out = subprocess.run([sys.executable, "tasks.py", "version"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == tasks.package_version()
    notes = subprocess.run([sys.executable, "tasks.py", "release-notes"], cwd=ROOT, capture_output=True,
                           text=True)
    assert notes.returncode == 0 and notes.stdout.strip()
    assert notes.stdout == tasks.changelog_section()
    assert "## " not in notes.stdout                                   # one section, no heading
    changelog = "# Changelog\n\n## 1.1.0\n\n- new\n\n## 1.0.0\n\n- old\n"
    assert tasks.changelog_section("1.1.0", changelog) == "- new\n"
    assert tasks.changelog_section("1.0.0", changelog) == "- old\n"
    with pytest.raises(SystemExit):
        tasks.changelog_section("2.0.0", changelog)


def test_the_instructors_page_names_a_tag_the_workflow_makes():
    text = (ROOT / "chapters" / "instructors.md").read_text()
    tags = set(re.findall(r"git branch \S+ v(\d+\.\d+\.\d+)", text))
    assert tags, "the instructors' page shows how to pin a release"
    for version in tags:
        assert tasks.changelog_section(version).strip()                # released with notes
    assert ".github/workflows/release.yml" in text
