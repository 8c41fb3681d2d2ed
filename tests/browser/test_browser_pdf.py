"""The printing path of the book's PDF (``python3 tasks.py pdf``), on a sample of chapters.

``tasks.py pdf`` prints the whole book (about 120 pages; the publish workflow runs it). This test
proves the same path on the intro and two chapters that hold every kind of printed content (maths,
SVG and matplotlib figures, explorers, exercises with solutions, a quiz): it builds their
single-page HTML into a temporary folder with a table of contents of just those pages (the notebooks
come from the run's notebook cache, which the temporary build shares), prints it with
tests/browser/book_pdf.py in the run's Chromium, and reads the PDF back with pypdf: every chapter on its own page and in the contents
with its page number, no raw TeX, every figure of the page in the PDF (as a tagged Figure with
its text alternative), the print state (solutions unfolded, quiz answers shown, no buttons,
explorers at their default setting), and a page count in a sane range. The PDF is left in
artifacts/ to look at.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import book_pdf  # noqa: E402
import support  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = support.ROOT
PDF = support.ARTIFACTS / "book-sample.pdf"


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def printed(sample_singlehtml, browser):
    """(report, reader, page texts) of the sample printed to artifacts/book-sample.pdf."""
    pypdf = pytest.importorskip("pypdf")
    report = book_pdf.print_book(sample_singlehtml, PDF, browser=browser)
    reader = pypdf.PdfReader(io.BytesIO(PDF.read_bytes()))
    texts = [norm(page.extract_text() or "") for page in reader.pages]
    return report, reader, texts


def chapter_titles() -> list[str]:
    """The printed chapters, in _toc.yml's order."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [c["file"] for part in toc.get("parts", []) for c in part["chapters"] if c["file"] in support.PDF_SAMPLE]


def test_every_chapter_starts_a_page_and_is_in_the_contents(printed):
    report, reader, texts = printed
    docs = [c["doc"] for c in report["chapters"]]
    assert docs == chapter_titles(), f"chapters printed {docs} != _toc.yml {chapter_titles()}"
    outline = book_pdf.outline_pages(PDF.read_bytes())
    problems = []
    contents = texts[1]
    for ch in report["chapters"]:
        title, page = norm(ch["title"]), report["contents_pages"].get(ch["id"])
        if page is None:
            problems.append(f"{title!r}: not in the PDF's bookmarks")
            continue
        if title not in texts[page - 1][:300]:
            problems.append(f"{title!r}: not at the top of page {page}: {texts[page - 1][:120]!r}")
        if not re.search(re.escape(title) + r"\s*" + str(page) + r"\b", contents):
            problems.append(f"{title!r}: the contents do not give page {page}")
        if (title, page) not in [(norm(t), p) for t, p in outline]:
            problems.append(f"{title!r}: no bookmark to page {page}")
    assert "Contents" in contents
    assert report["chapters"], "no chapters found in the single page"
    assert not problems, "\n".join(problems)


def test_title_page(printed):
    report, reader, texts = printed
    config = book_pdf.read_config()
    assert norm(config["title"]) in texts[0]
    assert config["repository"]["url"] in texts[0]


def test_no_raw_tex_and_all_maths_typeset(printed):
    report, reader, texts = printed
    assert report["untypeset_maths"] == 0
    whole = "\n".join(texts)
    raw = [m for m in ("\\frac", "$$", "\\(", "\\[", "\\begin{", "\\partial", "\\sigma") if m in whole]
    assert not raw, f"raw TeX in the PDF's text: {raw}"


def test_every_figure_is_in_the_pdf(printed):
    report, reader, texts = printed
    figures = report["figures"]
    assert len(figures) >= len(report["chapters"]), "suspiciously few figures"
    bad = [f for f in figures if not (f["ok"] and f["visible"] and f["width"] > 20 and f["height"] > 20)]
    assert not bad, f"figures missing, not loaded or blank on the page: {bad}"
    assert not report["broken_images"]
    # tagged PDF: every figure is a /Figure with its text alternative
    alts = []

    def walk(node):
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure":
            alts.append(norm(str(node.get("/Alt", ""))))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            try:
                walk(kid)
            except AttributeError:
                pass

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    alts = [a for a in alts if a]  # (small icons without a text alternative are tagged too)
    missing = [f["label"] for f in figures if not any(a.startswith(norm(f["label"])[:60]) for a in alts)]
    assert not missing, f"figures not in the PDF: {missing}"
    assert len(alts) >= len(figures), f"{len(figures)} figures on the page, {len(alts)} in the PDF"
    rasters = sum(len(page.images) for page in reader.pages)
    assert rasters >= sum(f["tag"] == "img" for f in figures)


def test_print_state(printed):
    report, reader, texts = printed
    whole = "\n".join(texts)
    assert report["explorers"] > 0 and report["solutions"] > 0 and report["quizzes"] > 0
    assert whole.count("Solution to") == report["solutions"], "a solution is folded away"
    assert whole.count("Printed at its default setting") == report["explorers"]
    assert whole.count("Answer:") >= report["quizzes"], "quiz answers not shown"
    for control in ("Show answer", "Not attempted", "move the slider", "Back to top", "Skip to main content"):
        assert control not in whole, f"{control!r} printed"


def test_page_count_is_sane(printed):
    report, reader, texts = printed
    n = len(reader.pages)
    assert 2 + len(report["chapters"]) <= n <= 400, f"{n} pages"
    # a page with nothing but its number: no text and no picture (a page of figures has no text)
    blank = [i + 1 for i, t in enumerate(texts)
             if re.fullmatch(r"\d+ / \d+", t) and not reader.pages[i].images]
    assert not blank, f"blank pages: {blank}"
