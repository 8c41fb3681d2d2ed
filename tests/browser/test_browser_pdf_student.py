"""The student PDF (issue 21): ``python3 tasks.py pdf --student``, read back page by page.

The PDF's sample (tests/browser/conftest.py's ``sample_singlehtml``) printed as the student edition (tests/browser/book_pdf.py ``--student``):
no worked solution (removed from the page, not only folded), no quiz answer, no "Hide code
cell source" label; its title page, like the full PDF's, says the licences (text and figures CC
BY 4.0, code MIT) and the version (pyproject.toml's, the one CITATION.cff and the book show).
The PDF is left in artifacts/book-student.pdf to look at.
"""

from __future__ import annotations

import datetime
import io
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import book_pdf  # noqa: E402
import support  # noqa: E402

from backprop_lib import exercises  # noqa: E402

ROOT = support.ROOT
PDF = support.ARTIFACTS / "book-student.pdf"


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def version() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_title_pages_say_the_licences_and_the_version():
    config = book_pdf.read_config()
    today = datetime.date(2026, 1, 2)
    for student in (False, True):
        page = book_pdf.titlepage_html(config, today, book_pdf.read_version(), student)
        assert "CC BY 4.0" in page and "MIT licence" in page
        assert "Text and code under the MIT licence" not in page
        assert f"Version {version()}" in page
        assert ("Student edition" in page) == student
        assert ("solutions are unfolded" in page) == (not student)
    # the same licences as the book's configuration and CITATION.cff
    assert "CC BY 4.0" in config["copyright"] and "MIT" in config["copyright"]


@pytest.fixture(scope="module")
def student_pdf(sample_singlehtml, browser):
    """(report, page texts) of the student edition of the PDF's sample (the intro and the chapters of
    support.PDF_SAMPLE; ``tasks.py pdf --student`` prints the whole book the same way), printed to
    artifacts/book-student.pdf."""
    pypdf = pytest.importorskip("pypdf")
    report = book_pdf.print_book(sample_singlehtml, PDF, browser=browser, student=True)
    reader = pypdf.PdfReader(io.BytesIO(PDF.read_bytes()))
    return report, [norm(page.extract_text() or "") for page in reader.pages]


def sample_exercises() -> list:
    """The exercises of the sampled chapters (ids start with the chapter's module name)."""
    modules = {Path(doc).name.replace("-", "_") for doc in support.PDF_SAMPLE}
    return [ex for ex_id, ex in exercises.catalog().items() if ex_id.split(".")[0] in modules]


def solution_lines() -> list[str]:
    out = []
    for ex in sample_exercises():
        plain = re.sub(r"\$[^$]*\$|`[^`]*`|```.*?```", "|", ex.solution_text, flags=re.S).replace("\n", " ")
        runs = re.findall(r"[A-Za-z][A-Za-z ,;'-]{24,}[A-Za-z]", plain)
        if runs:
            out.append(max(runs, key=len).strip())
    return out




@pytest.mark.browser
@pytest.mark.slow
def test_the_student_pdf_has_no_solution_and_no_quiz_answer(student_pdf):
    report, texts = student_pdf
    whole = norm("\n".join(texts))
    assert report["removedSolutions"] >= len(solution_lines()) and report["solutions"] == 0
    assert "Solution to" not in whole
    found = [line for line in solution_lines() if norm(line) in whole]
    assert not found, f"worked solutions in the student PDF: {found[:5]}"
    assert report["quizzes"] > 0 and "Answer:" not in whole and "Show answer" not in whole
    # the exercises are still there
    assert sample_exercises() and whole.count("Exercise") >= len(sample_exercises())


@pytest.mark.browser
@pytest.mark.slow
def test_the_student_pdf_title_page_and_labels(student_pdf):
    report, texts = student_pdf
    assert "Student edition" in texts[0] and f"Version {version()}" in texts[0]
    assert "CC BY 4.0" in texts[0] and "MIT licence" in texts[0]
    labels = [i + 1 for i, t in enumerate(texts) if re.search(r"(Hide|Show) code cell (source|outputs)", t)]
    assert not labels, f"folded-cell labels printed on pages {labels}"
    assert not report["untypeset_maths"] and not report["broken_images"]
