"""The book builds with Sphinx warnings as errors, and every page of the table of contents is there."""

import re

import pytest
import yaml


def toc_files(root):
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part["chapters"]:
            files.append(chapter["file"])
    return files


@pytest.mark.slow
def test_book_builds_without_warnings(built_book):
    assert built_book.returncode == 0, built_book.log[-5000:]
    # Sphinx's own warnings ("file.md:12: WARNING: ..."); the kernels' stderr is not Sphinx's.
    warnings = [
        line
        for line in built_book.log.splitlines()
        if re.search(r"(: |^)(WARNING|ERROR|CRITICAL)(: |\b)", line) and "IPKernelApp" not in line
    ]
    assert not warnings, "\n".join(warnings)


@pytest.mark.slow
def test_every_toc_page_is_built(built_book, root):
    missing = [f for f in toc_files(root) if not (built_book.html / f"{f}.html").exists()]
    assert not missing, f"pages in _toc.yml without built HTML: {missing}"


def test_config_has_no_intersphinx(root):
    # intersphinx fetches inventories over the network, which breaks the offline -W build.
    config = yaml.safe_load((root / "_config.yml").read_text())
    sphinx = config.get("sphinx", {})
    assert "intersphinx_mapping" not in sphinx.get("config", {})
    assert "sphinx.ext.intersphinx" not in sphinx.get("extra_extensions", [])
