"""Take a chart away: every chart's PNG, SVG, PDF, CSV and Vega-Lite spec, its citation and data table.

The first tests run :mod:`ailayoffs.chart_export` on charts made by the book's own
renderer; the ``site`` tests check every chart on every built page: five downloads
that exist and are valid, a CSV with the rows the spec draws, a spec file equal to
the embedded spec, a citation naming the datasets' versions and the book's edition,
and an escaped data table.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
import vl_convert
from pypdf import PdfReader

from ailayoffs import chart_export, charts
from ailayoffs.data import DatasetInfo
from tests.conftest import ROOT

HOSTILE = ["</script><script>window.__pwned = 1</script>", '<img src=x onerror="alert(1)">', '=HYPERLINK("x")']
BOOK = chart_export.edition(ROOT / "CITATION.cff")


def _info(path: str, version: str, title: str) -> DatasetInfo:
    return DatasetInfo(
        name=path.replace("/", "_"),
        title=title,
        path=path,
        version=version,
        retrieved="2026-01-01",
        sources=(),
        licence="CC-BY-4.0",
    )


INFOS = [_info("demo/first.csv", "1.2.0", "First demo"), _info("demo/second.csv", "0.3.1", "Second demo")]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["a", "b", *HOSTILE],
            "value": [1 / 3, -2.0, 3.25, None, 1234567.891],
            "note": ["-5", "-x", "+A1+B1", "@home", "plain"],
        }
    )


def _chart(layered: bool = False) -> alt.VConcatChart:
    frame = _frame()
    chart = alt.Chart(frame).mark_bar().encode(x="value:Q", y="label:N").properties(title="Demo <chart> title")
    if layered:
        extra = pd.DataFrame({"value": [0.5, 1.5, 2.5]})
        chart = chart + alt.Chart(extra).mark_rule().encode(x="value:Q")
    source = charts.source_text(INFOS, "Demo publisher")
    return charts.with_source(chart, source, description="A demo chart of five values with hostile labels.")


def _page(*made: alt.VConcatChart) -> str:
    charts.enable()
    return "\n".join(charts._offline_html(chart.to_dict())["text/html"] for chart in made)


def test_charts_in_finds_every_snippet_of_the_renderer_with_its_spec():
    found = chart_export.charts_in(_page(_chart(), _chart(layered=True)))
    assert len(found) == 2
    first = found[0]
    assert first.div_id.startswith("chart-") and first.label.startswith("A demo chart")
    assert chart_export.chart_title(first.spec) == "Demo <chart> title"
    assert chart_export.source_line(first.spec).startswith("Source: Demo publisher. Data: data/demo/first.csv v1.2.0")


def test_a_snippet_whose_spec_is_not_json_is_an_error():
    page = _page(_chart()).replace("draw(el.parentNode, el, {", "draw(el.parentNode, el, {oops", 1)
    with pytest.raises(ValueError, match="not JSON"):
        chart_export.charts_in(page)


def test_csv_holds_the_drawn_rows_without_the_source_line():
    (one,) = chart_export.charts_in(_page(_chart()))
    rows = list(csv.DictReader(io.StringIO(chart_export.csv_text(one.spec))))
    assert len(rows) == len(_frame()) and "layer" not in rows[0]
    assert [row["label"] for row in rows[:2]] == ["a", "b"]
    assert not any("Source:" in value for row in rows for value in row.values())
    assert float(rows[0]["value"]) == pytest.approx(1 / 3, abs=1e-15)  # every digit kept
    assert rows[3]["value"] == ""  # a missing value is an empty cell


def test_csv_of_a_chart_with_several_datasets_numbers_their_layers():
    (one,) = chart_export.charts_in(_page(_chart(layered=True)))
    rows = list(csv.DictReader(io.StringIO(chart_export.csv_text(one.spec))))
    assert len(rows) == len(_frame()) + 3
    assert sorted({row["layer"] for row in rows}) == ["1", "2"]


def test_csv_defuses_formulas_but_keeps_negative_numbers():
    (one,) = chart_export.charts_in(_page(_chart()))
    rows = list(csv.DictReader(io.StringIO(chart_export.csv_text(one.spec))))
    notes = [row["note"] for row in rows]
    assert notes == ["-5", "'-x", "'+A1+B1", "'@home", "plain"]
    assert rows[4]["label"] == "'" + HOSTILE[2]
    assert rows[1]["value"] == "-2.0"


def test_data_table_is_escaped_and_rounds_floats_for_reading():
    (one,) = chart_export.charts_in(_page(_chart()))
    table = chart_export.data_table_html(one.spec, one.label)
    assert "<script>" not in table and "<img" not in table
    assert "&lt;/script&gt;&lt;script&gt;" in table
    assert "<td>0.3333</td>" in table and "<td>1234567.891</td>" in table
    assert table.startswith('<details class="chart-data-table">') and "(5 rows)" in table
    assert not re.search(r"\d\.\d{5,}", re.sub(r"<[^>]+>", " ", table))


def test_data_table_shows_a_long_dataset_in_part_and_says_so():
    frame = pd.DataFrame({"x": range(chart_export.TABLE_ROWS + 50)})
    chart = charts.with_source(alt.Chart(frame).mark_point().encode(x="x:Q"), "Source: none.", "Many points.")
    (one,) = chart_export.charts_in(_page(chart))
    table = chart_export.data_table_html(one.spec, one.label)
    assert table.count("<tr><td>") == chart_export.TABLE_ROWS
    assert f"{chart_export.TABLE_ROWS + 50} rows, the first {chart_export.TABLE_ROWS} shown" in table


def test_cite_line_names_every_dataset_version_and_the_book_s_edition():
    (one,) = chart_export.charts_in(_page(_chart()))
    titles = {info.file: info.title for info in INFOS}
    line = chart_export.cite_text(one.spec, titles, BOOK)
    assert "First demo (data/demo/first.csv, version 1.2.0)" in line
    assert "Second demo (data/demo/second.csv, version 0.3.1)" in line
    assert f"edition {BOOK.version} ({BOOK.released})" in line and "“Demo <chart> title”" in line
    assert "(data/demo/first.csv" not in chart_export.cite_text(one.spec, {}, BOOK)  # unknown file: path alone


def test_edition_needs_a_version_and_a_release_date(tmp_path):
    bad = tmp_path / "CITATION.cff"
    bad.write_text('cff-version: 1.2.0\ntitle: "A book"\nauthors:\n  - name: "Someone"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="version, released"):
        chart_export.edition(bad)
    assert BOOK.version and BOOK.released and BOOK.title and BOOK.authors


def test_renderings_are_valid_cached_and_the_same_bytes_each_time(tmp_path, monkeypatch):
    (one,) = chart_export.charts_in(_page(_chart()))
    assert not chart_export.is_rendered(one.spec, tmp_path / "a")
    made = chart_export.render(one.spec, tmp_path / "a")
    assert chart_export.is_rendered(one.spec, tmp_path / "a")
    assert made["png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert ET.fromstring(made["svg"]).tag.endswith("svg")
    assert made["pdf"].startswith(b"%PDF-") and len(PdfReader(io.BytesIO(made["pdf"])).pages) == 1
    assert chart_export.render(one.spec, tmp_path / "b") == made  # a fresh render: same bytes

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered again although the cache holds this spec")

    for name in ("vegalite_to_svg", "vegalite_to_png", "vegalite_to_pdf"):
        monkeypatch.setattr(vl_convert, name, no_rendering)
    assert chart_export.render(one.spec, tmp_path / "a") == made
    changed = json.loads(json.dumps(one.spec))
    changed["description"] = "another chart"
    with pytest.raises(AssertionError, match="rendered again"):
        chart_export.render(changed, tmp_path / "a")


def test_vl_convert_pdf_bytes_vary_and_stable_pdf_fixes_them():
    (one,) = chart_export.charts_in(_page(_chart()))
    raw = [vl_convert.vegalite_to_pdf(one.spec) for _ in range(6)]
    assert len({chart_export.stable_pdf(pdf) for pdf in raw}) == 1
    assert b"CreationDate" not in chart_export.stable_pdf(raw[0])


# ---------------------------------------------------------------------------------------------
# Every chart of the built site

LINK = re.compile(r'<a class="chart-download" href="(?P<href>[^"]+)" download>(?P<text>[^<]+)</a>')


def _block(html: str, div_id: str) -> str:
    start = html.find(f'<div class="chart-downloads" data-chart="{div_id}">')
    assert start >= 0, f"{div_id}: no download block"
    return html[start : html.find("</details>", start)]


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def _check_files(page: Path, chart: chart_export.ChartOnPage, block: str) -> None:
    links = {
        Path(unescape(m["href"])).suffix: (page.parent / unescape(m["href"])).resolve() for m in LINK.finditer(block)
    }
    assert set(links) == {".png", ".svg", ".pdf", ".csv", ".json"}, f"{chart.div_id}: downloads {sorted(links)}"
    for path in links.values():
        assert path.is_file() and path.stat().st_size > 0, f"{chart.div_id}: {path} missing or empty"
    assert links[".png"].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert ET.parse(links[".svg"]).getroot().tag.endswith("svg")
    assert links[".pdf"].read_bytes().startswith(b"%PDF-") and len(PdfReader(links[".pdf"]).pages) >= 1
    drawn = sum(len(rows) for rows in chart_export.data_rows(chart.spec).values())
    with open(links[".csv"], encoding="utf-8", newline="") as handle:
        assert len(list(csv.reader(handle))) - 1 == drawn, f"{chart.div_id}: CSV rows differ from the spec's"
    assert json.loads(links[".json"].read_text(encoding="utf-8")) == chart.spec


@pytest.mark.site
def test_every_chart_has_five_valid_downloads_a_citation_and_a_data_table(site):
    seen = 0
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        for chart in chart_export.charts_in(html):
            seen += 1
            block = _block(html, chart.div_id)
            _check_files(page, chart, block)
            cite = unescape(re.search(r'<p class="chart-cite">(.*?)</p>', block, re.S).group(1))
            for file, version in chart_export.source_datasets(chart.spec):
                assert f"{file}, version {version}" in cite, f"{page.name} {chart.div_id}: {file} not cited"
            assert f"edition {BOOK.version}" in cite
            table = block[block.find('<details class="chart-data-table">') :]
            assert "<table>" in table and "<script" not in table.lower(), f"{chart.div_id}: no safe data table"
    assert seen >= 40, f"only {seen} charts on the site"
