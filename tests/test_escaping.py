"""Text from data reaches the page escaped: tables, tooltips, alt text, source lines, embedded JSON.

Every text column a page can show is filled with markup and ``</script>``;
the table helper and the chart renderer must print it as text. The browser
part loads the rendered HTML in Chromium and checks that no injected script
ran and the text is shown literally.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from ailayoffs import charts, claims, tables

HOSTILE = [
    '<b id="injected-b">bold</b>',
    "</script><script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    'Tom & Jerry\'s "quote"',
    "</SCRIPT ><svg onload=window.__pwned=3>",
]
MARKUP = re.compile(r"<(?:/?script|img|b id|svg onload)", re.I)


def _hostile_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"label": HOSTILE, "value": [1.0, 2.5, 3.25, 4.0, 5.5]}, index=pd.Index(HOSTILE, name="<i>index</i>")
    )


def _hostile_chart():
    frame = _hostile_frame().reset_index(drop=True)
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=HOSTILE[1]),
            y=alt.Y("label:N", title=HOSTILE[0]),
            tooltip=["label:N", "value:Q"],
        )
        .properties(width=charts.WIDTH, height=200, title=alt.Title(HOSTILE[1], subtitle=HOSTILE[2]))
    )
    return charts.with_source(chart, "Source: " + HOSTILE[1], description="Alt text " + HOSTILE[2] + HOSTILE[4])


def _outside_scripts(html: str) -> str:
    """The HTML with the bodies of <script> elements removed (what the parser reads as markup)."""
    return re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S | re.I)


def _chart_html() -> str:
    charts.enable()
    return charts._offline_html(_hostile_chart().to_dict())["text/html"]


def test_renderer_embeds_json_that_cannot_close_its_script():
    html = _chart_html()
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S | re.I)
    assert len(scripts) == 1, "a string in the spec closed the script element"
    assert len(re.findall(r"</script", html, flags=re.I)) == 1
    assert "\\u003c/script\\u003e" in scripts[0]
    assert not MARKUP.search(_outside_scripts(html)), "markup from the data reached the page outside a script"


def test_embed_json_round_trips():
    import json

    value = {"a": HOSTILE, "b": "\u2028line"}
    assert json.loads(charts.embed_json(value)) == value
    assert "<" not in charts.embed_json(value) and "&" not in charts.embed_json(value)


def test_table_helper_escapes_cells_index_and_headers_and_keeps_formatters():
    frame = _hostile_frame()
    frame.columns = [HOSTILE[0], HOSTILE[1]]
    html = tables.styler_html(frame.style.format(precision=1))
    assert not MARKUP.search(html), html
    assert "&lt;/script&gt;" in html and "&lt;b id=" in html
    assert ">2.5<" in html and ">3.2<" in html, "the chapter's own formatter was lost"


def test_table_helper_ids_are_stable_and_follow_the_data():
    frame = _hostile_frame()
    first, second = tables.styler_html(frame.style), tables.styler_html(frame.style)
    assert first == second
    assert re.search(r'id="T_t[0-9a-f]{10}', first)
    other = tables.styler_html(frame.assign(value=frame["value"] + 1).style)
    assert re.search(r'id="(T_t[0-9a-f]+)', other).group(1) != re.search(r'id="(T_t[0-9a-f]+)', first).group(1)


def test_claims_table_escapes_claim_text():
    frame = pd.DataFrame(
        {
            "claim_id": ["a", "b"],
            "section_de": ["x", "x"],
            "quantity": HOSTILE[:2],
            "value": [13.0, 4.0],
            "unit": ["percent", "persons"],
            "qualifier": ["exact", "about"],
            "phrase_de": HOSTILE[2:4],
            "checkable": [True, True],
        }
    )
    checked = claims.check_claims(frame, {"a": 13.33, "b": 4.2})
    html = tables.styler_html(claims.claims_table(checked))
    assert not MARKUP.search(html)
    assert "13 %" in html and "13.3 %" in html, "as printed / ours at the quantity's precision"


def test_dataframe_and_series_displays_are_escaped_and_formatted():
    html = tables._frame_html(_hostile_frame())
    assert not MARKUP.search(html) and "&lt;img" in html
    series = tables._series_html(pd.Series([1366.120218579235, float("nan")], index=HOSTILE[:2], name="x"))
    assert "1,366" in series and "NaN" not in series and "dtype" not in series and not MARKUP.search(series)


def test_dataset_catalogue_escapes_metadata_text():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))
    from dataset_catalogue import md_text

    text = md_text("<script>alert(1)</script> {cite}`x` $a$ | *b*")
    assert "<" not in text.replace("\\<", "") and "`" not in text.replace("\\`", "")
    assert "|" not in text.replace("\\|", "")


@pytest.mark.browser
def test_chromium_runs_no_injected_script(tmp_path):
    from tests.browser import browser_available, chart_report, chromium, console_errors, serve
    from tests.conftest import SITE, require

    require(browser_available(), "Debian chromium and chromium-driver are not installed (make browser-deps)")
    bundle = SITE / "_static" / "vendor" / "vega-bundle.js"
    require(bundle.exists(), "no built site with the Vega bundle; run `make book` first")
    frame = _hostile_frame()
    checked = claims.check_claims(
        pd.DataFrame(
            {
                "claim_id": ["a"],
                "section_de": ["x"],
                "quantity": [HOSTILE[1]],
                "value": [13.0],
                "unit": ["percent"],
                "qualifier": ["exact"],
                "phrase_de": [HOSTILE[2]],
                "checkable": [True],
            }
        ),
        {"a": 13.3},
    )
    page = f"""<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><script src="vega-bundle.js"></script></head>
<body><figure>{_chart_html()}<figcaption>{tables._escape(HOSTILE[1])}</figcaption></figure>
{tables.styler_html(frame.style)}{tables.styler_html(claims.claims_table(checked))}</body></html>"""
    (tmp_path / "hostile.html").write_text(page, encoding="utf-8")
    (tmp_path / "vega-bundle.js").write_bytes(bundle.read_bytes())
    with serve(tmp_path) as url, chromium(width=1280, height=1200) as driver:
        driver.get(f"{url}/hostile.html")
        report = chart_report(driver)
        assert report and report[0]["svg"] and report[0]["marks"] > 0, report
        assert driver.execute_script("return window.__pwned === undefined")
        assert driver.execute_script("return document.getElementById('injected-b') === null")
        assert driver.execute_script("return document.querySelectorAll('img, body svg[onload]').length") == 0
        shown = driver.execute_script("return document.body.innerText")
        assert "</script><script>window.__pwned = 1</script>" in shown
        drawn = driver.execute_script(
            "return Array.from(document.querySelectorAll('.ailayoffs-chart svg text')).map(t => t.textContent).join(' ')"
        )
        assert "</script><script>window.__pwned = 1</script>" in drawn, "the chart's title shows the text as text"
        assert console_errors(driver) == []


def test_regression_terms_print_in_plain_words():
    frame = pd.DataFrame(
        {"coef": [0.5, -0.2, 1.0], "se_hac": [0.1, 0.1, 0.3]},
        index=["trend_years", "capex_intensity_pct", "servers_5y_2022"],
    )
    html = tables.styler_html(frame.style.format(precision=2))
    for raw in ("trend_years", "capex_intensity_pct", "servers_5y_2022", ">coef<", "se_hac"):
        assert raw not in html, raw
    assert "Server life 5 years (step from 2022)" in html and "Capital spending (% of revenue)" in html
    assert ">0.50<" in html


def test_year_axes_get_one_tick_a_year():
    frame = pd.DataFrame({"quarter_end": pd.date_range("2021-03-31", periods=12, freq="QE"), "v": range(12)})
    chart = alt.Chart(frame).mark_line().encode(x=alt.X("quarter_end:T", axis=alt.Axis(format="%Y")), y="v:Q")
    spec = charts.yearly_ticks(chart.to_dict())
    assert spec["encoding"]["x"]["axis"]["tickCount"] == {"interval": "year", "step": 1}


def test_tooltips_carry_no_internal_reading_notes():
    frame = pd.DataFrame({"v": [1], "source": ["Amazon 10-K 2016 (markdown text copy)"]})
    chart = alt.Chart(frame).mark_bar().encode(x="v:Q", tooltip=["source:N"])
    charts.enable()
    html = charts._offline_html(chart.to_dict())["text/html"]
    assert "markdown text copy" not in html and "Amazon 10-K 2016" in html
