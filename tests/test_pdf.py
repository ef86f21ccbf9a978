"""The print edition (``make pdf``): one PDF of the whole book, charts as static vector images, no code.

``make test`` builds the PDF before pytest when Chromium is installed (CI
installs it); without the PDF these tests skip locally and fail on CI. The PDF's
text is extracted with pypdf and compared with all whitespace removed (line
breaks fall differently on paper) and ligatures unfolded (NFKC).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from ailayoffs import chart_export
from tests.conftest import ROOT, SITE, require

PDF = ROOT / "_build" / "pdf" / "book.pdf"
PRINT_PAGE = ROOT / "_build" / "print" / "_build" / "singlehtml" / "index.html"
MIN_PAGES = 200  # the teacher's edition prints to about 470 A4 pages; far fewer means pages went missing


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", unescape(text))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", "", text.replace("\xad", ""))


@lru_cache(maxsize=1)
def _pdf_text() -> str:
    return _squash(" ".join(page.extract_text() or "" for page in PdfReader(PDF).pages))


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    require(PDF.is_file() and PRINT_PAGE.is_file(), "no print edition in _build/pdf; run `make pdf` first")
    return PdfReader(PDF)


def _print_html() -> str:
    return PRINT_PAGE.read_text(encoding="utf-8")


def _chart_figures(page_html: str) -> list[str]:
    return [f for f in re.findall(r"<figure\b.*?</figure>", page_html, flags=re.S) if "ailayoffs-chart" in f]


def _caption(figure: str) -> str:
    found = re.search(r'<span class="caption-text">(.*?)</span>\s*<a class="headerlink"', figure, re.S)
    assert found, f"a chart figure without a caption: {figure[:200]}"
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_the_pdf_has_the_whole_book(pdf):
    assert len(pdf.pages) >= MIN_PAGES, f"only {len(pdf.pages)} pages"
    assert pdf.pages[0].mediabox.width < pdf.pages[0].mediabox.height  # portrait A4, not a screen capture
    text = _pdf_text()
    for heading in ("Checkingthearticle", "References", "German–Englishglossary"):
        assert _squash(heading) in text, f"{heading} missing from the PDF"


def test_every_chart_is_a_static_svg_of_the_build_time_rendering(pdf):
    html = _print_html()
    assert 'class="ailayoffs-chart"' not in html and "vega-bundle.js" not in html, "an interactive chart in print"
    images = re.findall(r'<div class="ailayoffs-chart-static"[^>]*><img src="([^"]+)"', html)
    site_charts = sum(len(chart_export.charts_in(p.read_text(encoding="utf-8"))) for p in SITE.rglob("*.html"))
    assert len(images) == site_charts >= 40
    for src in images:
        path = PRINT_PAGE.parent / unescape(src)
        assert path.suffix == ".svg" and path.is_file() and path.stat().st_size > 0, src


def test_each_chart_s_caption_and_drawn_title_are_in_the_pdf(pdf):
    text = _pdf_text()
    figures = _chart_figures(_print_html())
    assert len(figures) >= 40
    missing = [c[:80] for c in map(_caption, figures) if _squash(c) not in text]
    assert not missing, f"{len(missing)} chart captions not in the PDF, e.g. {missing[:3]}"
    # A chart's title is drawn inside its SVG only: finding it shows the chart is there as vector text.
    titles = {
        chart_export.chart_title(chart.spec)
        for page in SITE.rglob("*.html")
        for chart in chart_export.charts_in(page.read_text(encoding="utf-8"))
    }
    absent = [t for t in titles if t and _squash(t) not in text]
    assert not absent, f"chart titles not drawn in the PDF: {absent[:3]}"


def test_code_inputs_are_hidden_and_outputs_kept(pdf):
    html = _print_html()
    inputs = re.findall(r'<div class="cell_input.*?<pre>(.*?)</pre>', html, flags=re.S)
    assert len(inputs) > 20, "the print page has no code cells to hide: wrong page?"
    code_lines = {
        line.strip()
        for block in inputs
        for line in re.sub(r"<[^>]+>", "", unescape(block)).splitlines()
        if len(line.strip()) > 30 and "(" in line
    }
    # Prose may quote a call as inline code (an exercise does); only lines no prose shows must be absent.
    prose = _squash(re.sub(r"<[^>]+>", "", re.sub(r'<div class="cell_input.*?</pre>', "", html, flags=re.S)))
    text = _pdf_text()
    printed = [line for line in code_lines if _squash(line) in text and _squash(line) not in prose]
    assert code_lines and not printed, f"code printed in the PDF: {printed[:3]}"
    assert "Citethischart:" in text


def test_pdf_dates_are_the_release_date_so_reprints_match(pdf):
    stamp = chart_export.edition(ROOT / "CITATION.cff").released.replace("-", "")
    dates = re.findall(rb"/(?:CreationDate|ModDate) \(D:(\d{8})", Path(PDF).read_bytes())
    assert dates and {d.decode() for d in dates} == {stamp}


def test_reprints_differ_only_in_what_print_pdf_normalises():
    """Chromium's print dates and DOM node ids change each run; print_pdf fixes both without moving a byte."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import print_pdf

    stamp = print_pdf.release_stamp()
    first = b"<</CreationDate (D:20261208012202+00'00')>> /ID (node00000316) /K [/ID (node00000402)]"
    second = b"<</CreationDate (D:20261208093015+00'00')>> /ID (node00000317) /K [/ID (node00000409)]"
    fixed = [print_pdf.stable_node_ids(print_pdf.fixed_dates(pdf, stamp)) for pdf in (first, second)]
    assert fixed[0] == fixed[1] and len(fixed[0]) == len(first)
    assert b"(node00000001)" in fixed[0] and b"(node00000002)" in fixed[0]
    assert stamp.decode().startswith(chart_export.edition(ROOT / "CITATION.cff").released.replace("-", ""))
