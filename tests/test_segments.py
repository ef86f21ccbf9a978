"""Segment shares, margins, indices, capex ratios and business lines: hand-checked and on the book's data."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest

from ailayoffs import data, series
from ailayoffs import segments as sg
from ailayoffs.figures import segments as segments_charts
from ailayoffs.series import wide_quarterly
from tests.browser import browser_available, chart_report, chromium, console_errors, serve
from tests.conftest import DATA, SITE, require


def _raw(path: str) -> list[dict]:
    """Rows of a CSV under data/, read without the package (for hand computations)."""
    with open(DATA / path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _raw_value(rows: list[dict], key: str, period, metric: str) -> float:
    return next(float(r["value"]) for r in rows if r[key] == str(period) and r["metric"] == metric)


# --------------------------------------------------------------------------
# Hand-checkable frames
# --------------------------------------------------------------------------


@pytest.fixture()
def toy_wide() -> pd.DataFrame:
    """Two complete years (one with losses) and one with a segment missing."""
    long = pd.DataFrame(
        [
            (year, metric, value)
            for year, values in {
                2020: {"na": (60, 6), "intl": (30, -3), "aws": (10, 7), "total": (100, 10)},
                2021: {"na": (50, -10), "intl": (30, -20), "aws": (20, 40), "total": (100, 10)},
                2022: {"na": (70, 5), "aws": (30, 9), "total": (110, 15)},
            }.items()
            for part, (sales, income) in values.items()
            for metric, value in [
                ("net_sales" if part == "total" else f"{part}_net_sales", sales),
                ("operating_income" if part == "total" else f"{part}_operating_income", income),
            ]
        ],
        columns=["year", "metric", "value"],
    )
    return series.wide_annual(long)


def test_wide_annual_keeps_a_missing_year_as_nan():
    long = pd.DataFrame({"year": [2019, 2021], "metric": ["x", "x"], "value": [1.0, 3.0]})
    wide = series.wide_annual(long)
    assert list(wide.index) == [2019, 2020, 2021]
    assert np.isnan(wide.loc[2020, "x"])


def test_shares_on_a_hand_checked_table(toy_wide):
    sales = sg.segment_shares_pct(toy_wide, "net_sales")
    assert list(sales.index) == [2020, 2021]  # 2022 lacks International: no shares
    assert sales.loc[2020].tolist() == pytest.approx([60.0, 30.0, 10.0])
    income = sg.segment_shares_pct(toy_wide, "operating_income")
    # Losses: AWS earns four times the company's profit, the others' shares are negative.
    assert income.loc[2021].tolist() == pytest.approx([-100.0, -200.0, 400.0])
    assert income.sum(axis=1).tolist() == pytest.approx([100.0, 100.0])


def test_unknown_measure_is_an_error(toy_wide):
    with pytest.raises(ValueError, match="unknown measure"):
        sg.segment_shares_pct(toy_wide, "profit")


def test_margins_on_a_hand_checked_table(toy_wide):
    margins = sg.segment_margins_pct(toy_wide)
    assert margins.loc[2020, "na"] == pytest.approx(10.0)
    assert margins.loc[2020, "intl"] == pytest.approx(-10.0)
    assert margins.loc[2021, "aws"] == pytest.approx(200.0)
    assert np.isnan(margins.loc[2022, "intl"])
    assert margins.loc[2022, "aws"] == pytest.approx(30.0)


def test_profit_carriers_flag_retail_losses(toy_wide):
    carriers = sg.profit_carriers(toy_wide)
    assert list(carriers.index) == [2020, 2021]
    assert carriers.loc[2020, "aws_share_of_operating_income_pct"] == pytest.approx(70.0)
    assert not carriers.loc[2020, "retail_lost_money"] and carriers.loc[2021, "retail_lost_money"]
    assert carriers.loc[2020, "loss_segments"] == "International"
    assert carriers.loc[2021, "loss_segments"] == "North America, International"
    assert carriers.loc[2020, "largest_segment"] == "AWS"


def test_index_is_100_in_its_base_and_refuses_a_missing_base():
    series = pd.Series([50.0, 80.0, np.nan, 120.0], index=[2018, 2019, 2020, 2021])
    index = sg.index_to_base(series, 2019)
    assert index[2019] == 100.0 and index[2021] == pytest.approx(150.0) and index[2018] == pytest.approx(62.5)
    with pytest.raises(KeyError, match="2020"):
        sg.index_to_base(series, 2020)
    with pytest.raises(KeyError, match="2017"):
        sg.index_to_base(series, 2017)
    with pytest.raises(ZeroDivisionError):
        sg.index_to_base(pd.Series([0.0, 1.0], index=[1, 2]), 1)


def test_change_pct():
    series = pd.Series([80.0, 100.0], index=["a", "b"])
    assert sg.change_pct(series, "a", "b") == pytest.approx(25.0)
    assert sg.change_pct(series, "b", "a") == pytest.approx(-20.0)
    with pytest.raises(KeyError):
        sg.change_pct(series, "a", "c")


def test_capex_per_employee_in_dollars():
    assert sg.capex_per_employee_usd(1.0, 10) == pytest.approx(100_000.0)
    capex = pd.Series([2.0, np.nan], index=[1, 2])
    people = pd.Series([4, 5], index=[1, 2], dtype="Int64")
    result = sg.capex_per_employee_usd(capex, people)
    assert result[1] == pytest.approx(500_000.0) and np.isnan(result[2])
    with pytest.raises(ValueError):
        sg.capex_per_employee_usd(1.0, 0)


def test_trailing_sum_needs_every_quarter_of_the_window():
    index = pd.period_range("2023Q1", periods=6, freq="Q")
    quarterly = pd.Series([1.0, 2.0, 3.0, 4.0, np.nan, 6.0], index=index)
    ttm = series.trailing_sums(quarterly)
    assert ttm[pd.Period("2023Q4", freq="Q")] == 10.0
    assert ttm.isna().sum() == 5  # three too early, two with 2024Q1 missing
    with pytest.raises(ValueError, match="consecutive quarters"):
        series.trailing_sums(quarterly.drop(index[4]))
    with pytest.raises(TypeError):
        series.trailing_sums(pd.Series([1.0, 2.0]))


def test_annual_from_quarters_sums_or_names_the_missing_quarter():
    index = pd.period_range("2024Q1", periods=8, freq="Q")
    quarterly = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, np.nan, 7.0, 8.0], index=index)
    assert sg.annual_from_quarters(quarterly, 2024) == 10.0
    with pytest.raises(KeyError, match="2025Q2"):
        sg.annual_from_quarters(quarterly, 2025)


def test_herfindahl_and_effective_number():
    equal = pd.Series([25.0, 25.0, 25.0, 25.0])
    assert sg.herfindahl(equal) == pytest.approx(0.25)
    assert sg.effective_number(equal) == pytest.approx(4.0)
    assert sg.effective_number(pd.Series([100.0, 0.0])) == pytest.approx(1.0)
    frame = pd.DataFrame({"a": [50.0, 90.0], "b": [50.0, 10.0]})
    assert sg.effective_number(frame).tolist() == pytest.approx([2.0, 1 / 0.82])


def test_line_growth_and_shares_on_a_hand_checked_table():
    lines = pd.DataFrame(
        {
            "year": [2022, 2024, 2022, 2024],
            "line": ["x", "x", "y", "y"],
            "net_sales_usd_mn": pd.array([100, 121, 300, 300], dtype="Int64"),
        }
    )
    growth = series.cagr_pct(sg.line_table(lines, "year"), 2022, 2024)
    assert growth["x"] == pytest.approx(10.0) and growth["y"] == pytest.approx(0.0)
    shares = sg.line_shares_pct(lines)
    assert shares.loc[2022, "x"] == pytest.approx(25.0)
    with pytest.raises(KeyError):
        series.cagr_pct(sg.line_table(lines, "year"), 2021, 2024)


def test_additions_shares_include_corporate():
    long = pd.DataFrame(
        {
            "year": 2020,
            "metric": [
                "na_ppe_net_additions",
                "intl_ppe_net_additions",
                "aws_ppe_net_additions",
                "corporate_ppe_net_additions",
                "ppe_net_additions",
            ],
            "value": [40.0, 10.0, 45.0, 5.0, 100.0],
        }
    )
    shares = sg.additions_shares_pct(series.wide_annual(long))
    assert shares.loc[2020].tolist() == pytest.approx([40.0, 10.0, 45.0, 5.0])


# --------------------------------------------------------------------------
# Properties of the book's data
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def annual() -> pd.DataFrame:
    return series.wide_annual(data.load("amazon_annual_results"))


@pytest.fixture(scope="module")
def quarterly() -> pd.DataFrame:
    return wide_quarterly(data.load("amazon_quarterly_results"))


def _tolerance(name: str) -> float:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == name)
    return float(resource["x-sum-identities"]["tolerance"])


@pytest.mark.parametrize("measure", list(sg.SEGMENT_MEASURES))
def test_real_segment_shares_add_up_to_100_where_all_segments_exist(annual, quarterly, measure):
    for name, wide in (("amazon_annual_results", annual), ("amazon_quarterly_results", quarterly)):
        shares = sg.segment_shares_pct(wide, measure)
        assert len(shares) >= 10, name
        totals = sg.segment_table(wide, measure).loc[shares.index, "total"].abs()
        # The segments add up to the reported total within the declared rounding tolerance.
        allowed = 100 * _tolerance(name) / totals
        assert ((shares.sum(axis=1) - 100).abs() <= allowed + 1e-9).all(), name


def test_a_share_equals_the_hand_computed_value_from_the_csv(annual):
    rows = _raw("amazon/annual_results.csv")
    year = int(max(r["year"] for r in rows if r["metric"] == "aws_operating_income"))
    by_hand = (
        100
        * _raw_value(rows, "year", year, "aws_operating_income")
        / _raw_value(rows, "year", year, "operating_income")
    )
    assert sg.segment_shares_pct(annual, "operating_income").loc[year, "aws"] == pytest.approx(by_hand)
    by_hand_sales = 100 * _raw_value(rows, "year", year, "aws_net_sales") / _raw_value(rows, "year", year, "net_sales")
    assert sg.segment_shares_pct(annual, "net_sales").loc[year, "aws"] == pytest.approx(by_hand_sales)


def test_quarters_without_shares_are_exactly_those_with_a_declared_gap(quarterly):
    """A quarter lacks segment shares only where the metadata declares a gap (or the series has not begun)."""
    info = data.info("amazon_quarterly_results")
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    gaps = next(r for r in package["resources"] if r["name"] == info.name)["x-periodic"]["known_gaps"]
    for measure in sg.SEGMENT_MEASURES:
        complete = set(sg.complete_periods(quarterly, measure))
        metrics = [f"{s}_{measure}" for s in sg.SEGMENTS] + [measure]
        first = max(quarterly[m].first_valid_index() for m in metrics)
        for period in quarterly.loc[first:].index:
            declared = any(str(period) in gaps.get(m, {}) for m in metrics)
            assert (period in complete) != declared, (measure, str(period))


def test_real_index_is_100_in_every_base_year(annual):
    headcount = data.load("amazon_headcount_annual").set_index("year")["employees"]
    for values in (
        annual["capex_purchases_ppe_gross"].dropna(),
        annual["capex_purchases_ppe_net"].dropna(),
        headcount.astype(float),
    ):
        for base in values.index:
            assert sg.index_to_base(values, base)[base] == pytest.approx(100.0)


def test_capex_per_employee_equals_the_hand_computation(annual):
    table = sg.capex_headcount_annual(annual, data.load("amazon_headcount_annual"))
    results, people = _raw("amazon/annual_results.csv"), _raw("amazon/headcount_annual.csv")
    checked = 0
    for row in people:
        year = int(row["year"])
        for measure in ("gross", "net"):
            try:
                capex = _raw_value(results, "year", year, f"capex_purchases_ppe_{measure}")
            except StopIteration:
                assert np.isnan(table.loc[year, f"capex_{measure}_per_employee_usd"])
                continue
            assert table.loc[year, f"capex_{measure}_per_employee_usd"] == pytest.approx(
                capex * 1e6 / int(row["employees"])
            )
            checked += 1
    assert checked >= 15


def test_four_quarters_of_capex_add_up_to_the_annual_figure(annual, quarterly):
    compared = 0
    for year in annual["capex_purchases_ppe_gross"].dropna().index:
        try:
            summed = sg.annual_from_quarters(quarterly["capex_purchases_ppe_gross"], int(year))
        except KeyError:
            continue
        assert summed == pytest.approx(
            annual.loc[year, "capex_purchases_ppe_gross"], abs=_tolerance("amazon_annual_results")
        )
        compared += 1
    assert compared >= 1


def test_business_lines_add_up_to_net_sales_and_match_the_segments(annual, quarterly):
    tolerance = _tolerance("amazon_annual_results")
    lines = sg.line_table(data.load("amazon_net_sales_by_line_annual"), "year")
    assert (lines.sum(axis=1) - annual.loc[lines.index, "net_sales"]).abs().max() <= tolerance
    assert (lines["AWS"] - annual.loc[lines.index, "aws_net_sales"]).abs().max() <= tolerance
    q_lines = sg.line_table(data.load("amazon_net_sales_by_line_quarterly"), "period")
    assert (q_lines.sum(axis=1) - quarterly.loc[q_lines.index, "net_sales"]).abs().max() <= tolerance
    shares = sg.line_shares_pct(data.load("amazon_net_sales_by_line_quarterly"), "period")
    assert shares.sum(axis=1).tolist() == pytest.approx([100.0] * len(shares))


def test_additions_by_segment_add_up_and_match_the_csv():
    wide = series.wide_annual(data.load("amazon_ppe_additions_by_segment"))
    shares = sg.additions_shares_pct(wide)
    table = sg.additions_table(wide)
    tolerance = _tolerance("amazon_ppe_additions_by_segment")
    assert ((shares.sum(axis=1) - 100).abs() <= 100 * tolerance / table["total"]).all()
    rows = _raw("amazon/ppe_additions_by_segment.csv")
    year = int(max(r["year"] for r in rows))
    by_hand = (
        100
        * _raw_value(rows, "year", year, "aws_ppe_net_additions")
        / _raw_value(rows, "year", year, "ppe_net_additions")
    )
    assert shares.loc[year, "aws"] == pytest.approx(by_hand)


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _charts():
    results, q_results = data.load("amazon_annual_results"), data.load("amazon_quarterly_results")
    headcount, q_headcount = data.load("amazon_headcount_annual"), data.load("amazon_headcount_quarterly")
    facts = data.load("amazon_workforce_facts")
    lines, q_lines = data.load("amazon_net_sales_by_line_annual"), data.load("amazon_net_sales_by_line_quarterly")
    q_wide = wide_quarterly(q_results)
    table = sg.capex_headcount_annual(series.wide_annual(results), headcount)
    q_table = sg.capex_headcount_quarterly(q_wide, q_headcount)
    both = [int(y) for y in table.dropna(subset=["capex_gross_usd_mn", "capex_net_usd_mn"]).index]
    infos = [d.attrs["dataset"] for d in (results, headcount, q_results, q_headcount)]
    additions = data.load("amazon_ppe_additions_by_segment")
    line_span = (
        int(sg.line_table(lines).index.min()),
        int(sg.line_table(lines).index.max()),
        str(sg.line_table(q_lines, "period").index.max()),
    )
    return {
        "index": (
            segments_charts.indexed_capex_headcount_chart(
                sg.capex_headcount_long(results, headcount),
                datasets=[results.attrs["dataset"], headcount.attrs["dataset"]],
                base_years=both,
                default_base=both[0],
            ),
            [results, headcount],
        ),
        "additions": (
            segments_charts.additions_by_segment_chart(
                sg.additions_long(additions), datasets=[additions.attrs["dataset"]]
            ),
            [additions],
        ),
        "per_employee": (
            segments_charts.capex_per_employee_chart(table, q_table, datasets=infos),
            [results, headcount, q_results, q_headcount],
        ),
        "quarterly": (
            segments_charts.quarterly_capex_headcount_chart(
                q_table,
                q_results,
                q_headcount,
                facts,
                datasets=[d.attrs["dataset"] for d in (q_results, q_headcount, facts)],
                severance_fact="severance_q3_2025",
                first="2023Q1",
            ),
            [q_results, q_headcount, facts],
        ),
        "mix": (
            segments_charts.segment_mix_chart(sg.segment_mix_long(results), datasets=[results.attrs["dataset"]]),
            [results],
        ),
        "profit": (
            segments_charts.profit_carriers_chart(
                sg.segment_margin_rows(results),
                sg.aws_share_rows(results, q_results, q_wide),
                datasets=[results.attrs["dataset"], q_results.attrs["dataset"]],
            ),
            [results, q_results],
        ),
        "lines": (
            segments_charts.business_lines_chart(
                sg.business_line_growth(lines, q_lines, *line_span),
                datasets=[lines.attrs["dataset"], q_lines.attrs["dataset"]],
                start=line_span[0],
                end=line_span[1],
                quarter=line_span[2],
            ),
            [lines, q_lines],
        ),
    }


@pytest.fixture(scope="module")
def built_charts():
    return _charts()


@pytest.mark.parametrize("name", ["index", "additions", "per_employee", "quarterly", "mix", "profit", "lines"])
def test_every_chart_has_title_axis_titles_tooltips_with_source_and_a_source_line(built_charts, name):
    chart, frames = built_charts[name]
    spec = chart.to_dict()
    assert len(spec.get("description", "")) > 40
    nodes = list(_walk(spec))
    assert any(isinstance(n.get("title"), dict) and n["title"].get("text") for n in nodes), "no chart title"
    axes = [
        n
        for n in nodes
        if n.get("type") in ("quantitative", "temporal", "ordinal", "nominal")
        and "field" in n
        and isinstance(n.get("axis", {}), dict)
        and n.get("title")
    ]
    assert axes, "no titled axis"
    tooltips = [t for n in nodes for t in (n.get("tooltip") if isinstance(n.get("tooltip"), list) else [])]
    assert tooltips and any(t.get("title") == "Source" for t in tooltips), "no tooltip names its source"
    footer = " ".join(n["text"] for n in nodes if isinstance(n.get("text"), str) and n["text"].startswith("Source:"))
    footer = footer.replace("\n", " ")
    for frame in frames:
        info = frame.attrs["dataset"]
        assert f"{info.file} v{info.version}" in footer, (info.file, footer)


def test_index_chart_offers_only_base_years_with_both_measures(built_charts):
    spec = built_charts["index"][0].to_dict()
    params = {p["name"]: p for n in _walk(spec) for p in n.get("params", []) if "bind" in p}
    table = sg.capex_headcount_annual(
        series.wide_annual(data.load("amazon_annual_results")), data.load("amazon_headcount_annual")
    )
    both = [int(y) for y in table.dropna().index]
    assert params["base_year"]["bind"]["options"] == both
    assert set(params["capex_measure"]["bind"]["options"]) == set(segments_charts.CAPEX_LABELS.values())


def test_index_chart_rejects_a_base_year_it_does_not_offer():
    with pytest.raises(ValueError, match="base"):
        segments_charts.indexed_capex_headcount_chart(
            sg.capex_headcount_long(data.load("amazon_annual_results"), data.load("amazon_headcount_annual")),
            datasets=[],
            base_years=[2019, 2020],
            default_base=2014,
        )


@pytest.mark.browser
def test_index_chart_recomputes_in_the_browser_when_base_or_measure_changes(site):
    """The end labels show each series' last index; choosing another base year or measure changes them."""
    require(browser_available(), "Debian chromium and chromium-driver are not installed (make browser-deps)")
    page = "chapters/double-strategy.html"
    read_labels = """
      var box = Array.from(document.querySelectorAll('.ailayoffs-chart'))
        .find(b => b.querySelectorAll('select').length == 2);
      return Array.from(box.querySelectorAll('g[class*="end_labels"] text')).map(t => t.textContent);
    """
    set_select = """
      var box = Array.from(document.querySelectorAll('.ailayoffs-chart'))
        .find(b => b.querySelectorAll('select').length == 2);
      var select = box.querySelectorAll('select')[arguments[0]];
      select.selectedIndex = arguments[1];
      select.dispatchEvent(new Event('change', {bubbles: true}));
      select.dispatchEvent(new Event('input', {bubbles: true}));
    """
    annual = series.wide_annual(data.load("amazon_annual_results"))
    people = data.load("amazon_headcount_annual").set_index("year")["employees"].astype(float)
    table = sg.capex_headcount_annual(annual, data.load("amazon_headcount_annual"))
    both = [int(y) for y in table.dropna().index]
    with serve(SITE) as url, chromium() as driver:
        driver.get(f"{url}/{page}")
        chart_report(driver)
        before = sorted(driver.execute_script(read_labels))
        gross = annual["capex_purchases_ppe_gross"].dropna()
        default_base = int(next(p for p in _default_params(page) if p["name"] == "base_year")["value"])
        last = int(gross.index.max())
        expected = sorted(
            [
                f"{sg.index_to_base(gross, default_base)[last]:.0f}",
                f"{sg.index_to_base(people, default_base)[int(people.index.max())]:.0f}",
            ]
        )
        assert before == expected
        new_base = both[-1]
        driver.execute_script(set_select, 1, both.index(new_base))  # base year: the last offered
        rebased = sorted(driver.execute_script(read_labels))
        people_label = f"{sg.index_to_base(people, new_base)[int(people.index.max())]:.0f}"
        assert rebased == sorted([f"{sg.index_to_base(gross, new_base)[last]:.0f}", people_label])
        driver.execute_script(set_select, 0, 1)  # measure: net of proceeds
        switched = sorted(driver.execute_script(read_labels))
        net = annual["capex_purchases_ppe_net"].dropna()
        assert switched == sorted([f"{sg.index_to_base(net, new_base)[int(net.index.max())]:.0f}", people_label])
        assert switched != rebased
        assert console_errors(driver) == []


def _default_params(page: str) -> list[dict]:
    html = (SITE / page).read_text(encoding="utf-8")
    specs = [json.loads(m) for m in _spec_texts(html)]
    return [p for spec in specs for n in _walk(spec) for p in n.get("params", []) if "bind" in p]


def _spec_texts(html: str) -> list[str]:
    import re

    # The renderer's snippet: draw(el.parentNode, el, SPEC, EMBED_OPTIONS) (ailayoffs.charts._offline_html).
    return re.findall(r"draw\(el\.parentNode, el, (\{.*?\}), \{\"actions\"", html)
