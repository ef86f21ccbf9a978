"""Spec tests of every chart function: marks, encodings, title, source line and alt text.

Each chart is built from a small frame (hand-made where the chart takes a
model's output, a few rows of the book's data where it takes a loaded file)
and its Vega-Lite spec is read, not its picture. The contract every chart
keeps: a titled panel above a source line that names each dataset it cites
with file and version, alt text (``description``), titled axes with units
and tooltips.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ailayoffs import data, survey, workforce
from ailayoffs import productivity as pr
from ailayoffs import results as res
from ailayoffs import segments as sg
from ailayoffs.figures import aws as aws_fig
from ailayoffs.figures import productivity as productivity_fig
from ailayoffs.figures import results as results_fig
from ailayoffs.figures import segments as segments_fig
from ailayoffs.figures import survey as survey_fig
from ailayoffs.figures import workforce as workforce_fig
from ailayoffs.series import annual_growth_pct, trailing_sums, wide_annual, wide_quarterly


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _marks(spec) -> set[str]:
    marks = set()
    for node in _walk(spec):
        mark = node.get("mark")
        if isinstance(mark, str):
            marks.add(mark)
        elif isinstance(mark, dict) and "type" in mark:
            marks.add(mark["type"])
    return marks


def _bound_params(spec) -> dict:
    """The chart's parameters bound to an input (slider, drop-down), by name."""
    return {
        p["name"]: p
        for n in _walk(spec)
        if isinstance(n.get("params"), list)
        for p in n["params"]
        if isinstance(p, dict) and "bind" in p
    }


def check_contract(chart, datasets, marks: set[str], title: str) -> dict:
    """Assert the chart contract and return the spec for chart-specific checks."""
    spec = chart.to_dict()
    assert len(spec.get("vconcat", [])) == 2, "a chart panel above a source line"
    assert len(spec.get("description", "")) > 40, "alt text"
    nodes = list(_walk(spec))
    titles = [n["title"]["text"] for n in nodes if isinstance(n.get("title"), dict) and "text" in n["title"]]
    assert any(title in (t if isinstance(t, str) else " ".join(t)) for t in titles), (title, titles)
    footer = " ".join(n["text"] for n in nodes if isinstance(n.get("text"), str) and n["text"].startswith("Source:"))
    footer = footer.replace("\n", " ")
    assert footer, "no source line"
    for info in datasets:
        assert f"{info.file} v{info.version}" in footer, (info.file, footer)
    assert marks <= _marks(spec), (marks, _marks(spec))
    axes = [n for n in nodes if n.get("type") in ("quantitative", "temporal") and "field" in n and n.get("title")]
    assert axes, "no titled quantitative or temporal axis"
    tooltips = [t for n in nodes for t in (n.get("tooltip") if isinstance(n.get("tooltip"), list) else [])]
    assert tooltips, "no tooltip"
    return spec


def _info(name: str) -> data.DatasetInfo:
    return data.info(name)


# --------------------------------------------------------------------------
# ailayoffs.figures.workforce
# --------------------------------------------------------------------------


def test_headcount_chart():
    quarterly, rounds = data.load("amazon_headcount_quarterly"), data.load("amazon_job_cut_rounds")
    infos = [quarterly.attrs["dataset"], rounds.attrs["dataset"]]
    chart = workforce_fig.headcount_chart(quarterly, rounds, datasets=infos, surge=("2019Q4", "2021Q4"))
    spec = check_contract(
        chart,
        infos,
        {"rect", "line", "point", "rule", "text"},
        "Amazon's workforce at the end of each quarter",
    )
    sources = {t.get("title") for n in _walk(spec) for t in (n.get("tooltip") or []) if isinstance(t, dict)}
    assert "Source" in sources


def test_cut_rounds_chart():
    rounds, quarterly = data.load("amazon_job_cut_rounds"), data.load("amazon_headcount_quarterly")
    context = workforce.cut_rounds_in_context(rounds, quarterly)
    infos = [rounds.attrs["dataset"], quarterly.attrs["dataset"]]
    spec = check_contract(
        workforce_fig.cut_rounds_chart(context, datasets=infos),
        infos,
        {"bar", "text"},
        "Amazon's corporate job-cut rounds since 2022",
    )
    assert spec["vconcat"][0]["height"] == 34 * len(context), "one bar row per round"


# --------------------------------------------------------------------------
# ailayoffs.figures.aws (model outputs: hand-made frames)
# --------------------------------------------------------------------------

QUARTERLY = _info("amazon_quarterly_results")


def test_shares_chart():
    shares = pd.DataFrame(
        {"year": [2022, 2023, 2024], "sales_share_pct": [15.6, 15.8, 16.8], "income_share_pct": [185.0, 68.0, 58.0]}
    )
    spec = check_contract(
        aws_fig.shares_chart(shares, datasets=[QUARTERLY]), [QUARTERLY], {"line", "rule"}, "AWS: a small part of sales"
    )
    values = [row for d in spec["datasets"].values() for row in d if "share_pct" in row]
    assert len(values) == 6, "both shares for each year, in long form"


def test_peers_chart():
    growth = pd.DataFrame(
        {
            "provider": ["AWS", "AWS", "Azure", "Azure"],
            "period": ["2021Q4", "2022Q1"] * 2,
            "growth_pct": [40.0, 37.0, 46.0, 46.0],
        }
    )
    spec = check_contract(aws_fig.peers_chart(growth, datasets=[QUARTERLY], since="2022Q1"), [QUARTERLY], {"line"}, "")
    rows = [row for d in spec["datasets"].values() for row in d if "growth_pct" in row]
    assert {row["period"] for row in rows} == {"2022Q1"}, "quarters before `since` are left out"


def test_margin_chart():
    frame = pd.DataFrame(
        {
            "period": ["2024Q1", "2024Q2"],
            "margin_pct": [37.6, 35.5],
            "sourcing": ["Amazon's filings or releases", "press reports of releases"],
        }
    )
    events = pd.DataFrame({"quarter_start": [pd.Timestamp("2024-01-01")], "label": ["5 → 6 years"]})
    check_contract(
        aws_fig.margin_chart(frame, events, datasets=[QUARTERLY]),
        [QUARTERLY],
        {"point", "rule", "text"},
        "AWS's operating margin and the changes in server life",
    )


def test_fit_chart():
    fitted = pd.DataFrame(
        {"period": ["2022Q1", "2022Q2", "2022Q4"], "actual": [29.0, 28.0, 24.0], "fitted": [28.5, 27.9, 24.5]}
    )
    forecast = pd.DataFrame(
        {
            "period": ["2024Q1"],
            "actual": [37.6],
            "predicted": [30.0],
            "pi_low": [26.0],
            "pi_high": [34.0],
            "adjusted": [33.0],
            "inside": [False],
        }
    )
    spec = check_contract(
        aws_fig.fit_chart(fitted, forecast, datasets=[QUARTERLY], cutoff="2023Q4"),
        [QUARTERLY],
        {"area", "line", "point"},
        "How well the regression predicts AWS's margin",
    )
    runs = {row["run"] for d in spec["datasets"].values() for row in d if "run" in row}
    assert runs == {0, 1}, "no line is drawn across the missing 2022Q3"


def test_residuals_chart():
    residuals = pd.DataFrame({"period": ["2024Q1", "2024Q2"], "residual": [1.5, -0.5]})
    spec = check_contract(
        aws_fig.residuals_chart(residuals, datasets=[QUARTERLY]),
        [QUARTERLY],
        {"bar"},
        "Residuals of the margin regression",
    )
    signs = {row["sign"] for d in spec["datasets"].values() for row in d if "sign" in row}
    assert signs == {"above fit", "below fit"}


# --------------------------------------------------------------------------
# ailayoffs.figures.results
# --------------------------------------------------------------------------


def test_yoy_growth_chart():
    quarterly = data.load("amazon_quarterly_results")
    yoy = res.attach_sources(res.yoy_long(wide_quarterly(quarterly), list(res.MEASURES)), quarterly)
    check_contract(
        results_fig.yoy_growth_chart(yoy, datasets=[quarterly.attrs["dataset"]], article_quarter="2025Q2"),
        [quarterly.attrs["dataset"]],
        {"bar"},
        "",
    )


def test_capex_chart():
    annual, quarterly = data.load("amazon_annual_results"), data.load("amazon_quarterly_results")
    wide = wide_quarterly(quarterly)
    ttm = res.capex_cover(pd.DataFrame({c: trailing_sums(wide[c]) for c in res.CAPEX_COLUMNS}))
    totals = res.twelve_month_totals(res.capex_cover(wide_annual(annual)), ttm)
    infos = [annual.attrs["dataset"], quarterly.attrs["dataset"]]
    check_contract(results_fig.capex_chart(totals, datasets=infos), infos, {"line"}, "")


def test_event_window_chart():
    prices = data.load("daily_adjusted_closes")
    amzn = prices[prices["ticker"] == "AMZN"].sort_values("date")
    day, ticker = amzn["date"].iloc[len(amzn) // 2], "AMZN"
    events = pd.DataFrame({"event": ["an announcement"], "ticker": [ticker], "date": [day]})
    windows = res.event_windows(prices, events, 3)
    spec = check_contract(
        results_fig.event_window_chart(windows, datasets=[prices.attrs["dataset"]]),
        [prices.attrs["dataset"]],
        {"line"},
        "",
    )
    days = {row["day"] for d in spec["datasets"].values() for row in d if "day" in row}
    assert days <= set(range(-3, 4)) and 0 in days


# --------------------------------------------------------------------------
# ailayoffs.figures.segments
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def segment_inputs():
    results, q_results = data.load("amazon_annual_results"), data.load("amazon_quarterly_results")
    headcount, q_headcount = data.load("amazon_headcount_annual"), data.load("amazon_headcount_quarterly")
    q_wide = wide_quarterly(q_results)
    table = sg.capex_headcount_annual(wide_annual(results), headcount)
    q_table = sg.capex_headcount_quarterly(q_wide, q_headcount)
    return {
        "results": results,
        "q_results": q_results,
        "headcount": headcount,
        "q_headcount": q_headcount,
        "q_wide": q_wide,
        "table": table,
        "q_table": q_table,
        "facts": data.load("amazon_workforce_facts"),
        "additions": data.load("amazon_ppe_additions_by_segment"),
        "lines": data.load("amazon_net_sales_by_line_annual"),
        "q_lines": data.load("amazon_net_sales_by_line_quarterly"),
    }


def test_indexed_capex_headcount_chart(segment_inputs):
    s = segment_inputs
    both = [int(y) for y in s["table"].dropna(subset=["capex_gross_usd_mn", "capex_net_usd_mn"]).index]
    infos = [s["results"].attrs["dataset"], s["headcount"].attrs["dataset"]]
    chart = segments_fig.indexed_capex_headcount_chart(
        sg.capex_headcount_long(s["results"], s["headcount"]), datasets=infos, base_years=both, default_base=both[0]
    )
    check_contract(chart, infos, {"line"}, "")


def test_capex_per_employee_chart(segment_inputs):
    s = segment_inputs
    infos = [s[k].attrs["dataset"] for k in ("results", "headcount", "q_results", "q_headcount")]
    check_contract(segments_fig.capex_per_employee_chart(s["table"], s["q_table"], datasets=infos), infos, {"line"}, "")


def test_quarterly_capex_headcount_chart(segment_inputs):
    s = segment_inputs
    infos = [s[k].attrs["dataset"] for k in ("q_results", "q_headcount", "facts")]
    chart = segments_fig.quarterly_capex_headcount_chart(
        s["q_table"],
        s["q_results"],
        s["q_headcount"],
        s["facts"],
        datasets=infos,
        severance_fact="severance_q3_2025",
        first="2023Q1",
    )
    check_contract(chart, infos, set(), "")


def test_additions_by_segment_chart(segment_inputs):
    additions = segment_inputs["additions"]
    infos = [additions.attrs["dataset"]]
    chart = segments_fig.additions_by_segment_chart(sg.additions_long(additions), datasets=infos)
    check_contract(chart, infos, {"bar"}, "")


def test_segment_mix_chart(segment_inputs):
    results = segment_inputs["results"]
    infos = [results.attrs["dataset"]]
    spec = check_contract(
        segments_fig.segment_mix_chart(sg.segment_mix_long(results), datasets=infos), infos, {"bar"}, ""
    )
    params = _bound_params(spec)
    assert set(params["measure"]["bind"]["options"]) == set(sg.SEGMENT_MEASURES.values())


def test_profit_carriers_chart(segment_inputs):
    s = segment_inputs
    infos = [s["results"].attrs["dataset"], s["q_results"].attrs["dataset"]]
    chart = segments_fig.profit_carriers_chart(
        sg.segment_margin_rows(s["results"]),
        sg.aws_share_rows(s["results"], s["q_results"], s["q_wide"]),
        datasets=infos,
    )
    check_contract(chart, infos, {"line"}, "")


def test_business_lines_chart(segment_inputs):
    lines, q_lines = segment_inputs["lines"], segment_inputs["q_lines"]
    years = sg.line_table(lines).index
    start, end, quarter = int(years.min()), int(years.max()), str(sg.line_table(q_lines, "period").index.max())
    infos = [lines.attrs["dataset"], q_lines.attrs["dataset"]]
    chart = segments_fig.business_lines_chart(
        sg.business_line_growth(lines, q_lines, start, end, quarter),
        datasets=infos,
        start=start,
        end=end,
        quarter=quarter,
    )
    check_contract(chart, infos, {"point", "rule"}, "")


# --------------------------------------------------------------------------
# ailayoffs.figures.survey
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ifo():
    return data.load("ifo_ai_job_expectations_2025")


def test_expectations_chart(ifo):
    intervals = survey.share_intervals(ifo, "fewer_jobs_pct", (300, 1000))
    infos = [ifo.attrs["dataset"]]
    spec = check_contract(survey_fig.expectations_chart(intervals, datasets=infos), infos, {"rule"}, "")
    lows = [row["low_pct"] for d in spec["datasets"].values() for row in d if "low_pct" in row]
    assert sorted(lows) == pytest.approx(sorted(intervals["low_pct"])), "the chart draws the intervals it is given"


def test_implied_jobs_chart(ifo):
    employment, facts = data.load("de_employment_by_sector"), data.load("ifo_ai_survey_facts")
    model = survey.implied_jobs(ifo, employment, avg_cut_pct=5.0, size_factor=1.0)
    infos = [ifo.attrs["dataset"], facts.attrs["dataset"], employment.attrs["dataset"]]
    spec = check_contract(survey_fig.implied_jobs_chart(model, datasets=infos), infos, {"bar", "text"}, "")
    sliders = set(_bound_params(spec))
    assert len(sliders) == 2


def test_adoption_chart():
    adoption = data.load("de_ai_adoption")
    infos = [adoption.attrs["dataset"]]
    spec = check_contract(
        survey_fig.adoption_chart(survey.with_wilson_intervals(adoption), datasets=infos), infos, {"line"}, ""
    )
    drawn = [row for d in spec["datasets"].values() for row in d if "low_pct" in row and row["low_pct"] is not None]
    published = adoption[(adoption["group_type"] == "all") & adoption["n_firms"].notna()]
    assert len(drawn) == len(published), "an interval exactly where a survey publishes its sample size"


def test_adoption_expectation_chart(ifo):
    adoption = data.load("de_ai_adoption")
    matched = survey.adoption_vs_expectation(ifo, adoption, year=2025)
    infos = [ifo.attrs["dataset"], adoption.attrs["dataset"]]
    check_contract(survey_fig.adoption_expectation_chart(matched, datasets=infos), infos, {"point"}, "")


def test_exposure_and_occupations_charts():
    exposure, world = data.load("ai_exposure_estimates"), data.load("ilo_world_employment")
    year = int(exposure.set_index("estimate_id").loc["gs_fte_exposed_world", "publication_date"].year)
    context = survey.exposure_context(exposure, world, year=year)
    infos = [exposure.attrs["dataset"], world.attrs["dataset"]]
    check_contract(survey_fig.exposure_chart(context, exposure, datasets=infos), infos, {"bar"}, "")
    own = [exposure.attrs["dataset"]]
    check_contract(survey_fig.occupations_chart(exposure, datasets=own), own, {"bar"}, "")


# --------------------------------------------------------------------------
# ailayoffs.figures.productivity
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def oecd():
    return data.load("oecd_gdp_per_hour_2020")


def test_break_explorer(oecd):
    levels = oecd.rename(columns={"gdp_per_hour_usd": "gdp_per_hour"})
    chart = productivity_fig.break_explorer(
        levels, datasets=[oecd.attrs["dataset"]], countries=["DEU", "USA"], default_break=2010, break_range=(1980, 2012)
    )
    spec = check_contract(chart, [oecd.attrs["dataset"]], {"line"}, "")
    params = _bound_params(spec)
    assert params["country"]["bind"]["options"] == ["Germany", "United States"]


def test_article_periods_chart(oecd):
    germany = pr.country_levels(oecd, "DEU", "gdp_per_hour_usd")
    first, second = pr.period_growth(germany, 1992, 2010), pr.period_growth(germany, 2010, 2018)
    chart = productivity_fig.article_periods_chart(
        annual_growth_pct(germany).loc[1992:2018],
        article={"1992–2010": 1.55, "2010–2018": 1.10},
        ours={
            "1992–2010": {"first": 1992, "last": 2010, **first},
            "2010–2018": {"first": 2010, "last": 2018, **second},
        },
        datasets=[oecd.attrs["dataset"]],
        boundary=2010,
    )
    check_contract(chart, [oecd.attrs["dataset"]], {"bar"}, "")


def test_sources_chart(oecd):
    indexed = pd.DataFrame(
        {"source": ["A", "A", "B", "B"], "year": [1992, 1993, 1992, 1993], "index": [100.0, 101.0, 100.0, 102.0]}
    )
    check_contract(
        productivity_fig.sources_chart(indexed, datasets=[oecd.attrs["dataset"]], base_year=1992),
        [oecd.attrs["dataset"]],
        {"line"},
        "",
    )


def test_scenario_chart(oecd):
    paths = pr.scenario_paths(2024, 2030, 1.0, {"up": [(2025, 2030, 2.0)]})
    history = pd.DataFrame({"year": [2023, 2024], "index": [99.0, 100.0]})
    chart = productivity_fig.scenario_chart(
        history, paths, labels={"baseline": "trend", "up": "faster"}, datasets=[oecd.attrs["dataset"]], base_year=2024
    )
    spec = check_contract(chart, [oecd.attrs["dataset"]], {"line"}, "What the forecasts would mean")
    labels = {row.get("label") for d in spec["datasets"].values() for row in d}
    assert {"trend", "faster"} <= labels


def test_explanations_chart():
    explanations, us = data.load("productivity_explanations"), data.load("us_nonfarm_output_per_hour")
    frontier = pd.DataFrame(
        {"sector": ["services", "services"], "firms": ["global frontier firms", "other firms"], "value": [4.0, 1.0]}
    )
    eras = pr.era_growth(pr.annual_average(us, "output_per_hour_index"), [("1948–1973", 1948, 1973)])
    infos = [explanations.attrs["dataset"], us.attrs["dataset"]]
    check_contract(productivity_fig.explanations_chart(frontier, eras, datasets=infos), infos, {"bar"}, "")


def test_every_chart_function_has_a_spec_test():
    """Every public chart function of every module in ailayoffs.figures is called by some test."""
    import importlib
    import pathlib
    import pkgutil

    import ailayoffs.figures as figures

    tests = pathlib.Path(__file__).parent
    tested = "\n".join(p.read_text(encoding="utf-8") for p in tests.glob("test_*.py"))
    charts = []
    for info in pkgutil.iter_modules(figures.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"ailayoffs.figures.{info.name}")
        charts += [
            f"{info.name}.{name}"
            for name in getattr(module, "__all__", [])
            if name.endswith("_chart") or name == "break_explorer"
        ]
    assert len(charts) > 30
    missing = [c for c in charts if c.rsplit(".", 1)[1] + "(" not in tested]
    assert not missing, missing


def test_tooltips_name_no_csv_path_typed_by_hand():
    import pathlib
    import re

    root = pathlib.Path(aws_fig.__file__).parent
    typed = [f"{p.name}: {m}" for p in root.glob("*.py") for m in re.findall(r"[\"']data/[\w/]+\.csv", p.read_text())]
    assert not typed, "file names in tooltips come from the dataset's metadata (DatasetInfo.file)"
