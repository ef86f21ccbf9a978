"""Spec tests for the charts of the Work and society chapters, the platform profit chart and the register chart.

Each chart is built from the book's data the way its chapter builds it; the test reads the Vega-Lite spec:
marks, title, alt text and a source line naming every cited dataset file and version.
"""

from __future__ import annotations

import json

import pandas as pd

from ailayoffs import basic_income, claims, global_workforce, inequality, klarna, load, queueing, register, training
from ailayoffs import platform as pf
from ailayoffs.figures import global_workforce as gw_fig
from ailayoffs.figures import inequality as inequality_fig
from ailayoffs.figures import lean_organisations as lean_fig
from ailayoffs.figures import platform as platform_fig
from ailayoffs.figures import register as register_fig
from ailayoffs.figures import social_security as social_fig
from ailayoffs.figures import training as training_fig


def _marks(spec) -> set[str]:
    found = set()

    def walk(node):
        if isinstance(node, dict):
            mark = node.get("mark")
            if mark is not None:
                found.add(mark if isinstance(mark, str) else mark.get("type"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def _check(chart, infos, marks: set[str]):
    spec = chart.to_dict()
    # Source lines wrap onto several lines; compare their words.
    text = " ".join(json.dumps(spec, ensure_ascii=False).replace("\\n", " ").split())
    assert spec.get("description"), "the chart has no alt text"
    assert '"title"' in text, "the chart has no title"
    for info in infos:
        assert f"{info.path.rsplit('/', 1)[-1]} v{info.version}" in text or f"{info.file} v{info.version}" in text, (
            f"the source line does not name {info.file} v{info.version}"
        )
    assert marks <= _marks(spec), (marks, _marks(spec))
    return spec


def test_investment_chart():
    facts = load("amazon_germany_facts")
    table = global_workforce.investment_table(facts)
    _check(gw_fig.investment_chart(table, datasets=[facts.attrs["dataset"]]), [facts.attrs["dataset"]], {"bar"})


def test_labour_share_and_real_wage_charts():
    shares = load("pwt_labour_share")
    names = {"DEU": "Germany", "USA": "United States"}
    fitted = inequality.fitted_lines(shares, list(names), 1992, 2019)
    spec = _check(
        inequality_fig.labour_share_chart(
            fitted, datasets=[shares.attrs["dataset"]], names=names, default_country="DEU"
        ),
        [shares.attrs["dataset"]],
        {"line"},
    )
    assert "Germany" in json.dumps(spec)
    wages = load("de_real_wage_index")
    _check(inequality_fig.real_wage_chart(wages, datasets=[wages.attrs["dataset"]]), [wages.attrs["dataset"]], {"line"})


def test_klarna_and_queueing_charts():
    facts = load("klarna_facts")
    article_day = claims.article_date(load("article_claims").attrs["dataset"])
    chart = lean_fig.klarna_headcount_chart(
        klarna.headcount(facts), klarna.events(facts), datasets=[facts.attrs["dataset"]], article_date=article_day
    )
    _check(chart, [facts.attrs["dataset"]], set())
    grid = queueing.staffing_grid([x / 2 for x in range(8, 21)], range(1, 16), 1.0)
    source = "Model: Erlang C, computed by ailayoffs.queueing."
    spec = lean_fig.staffing_explorer_chart(
        grid,
        load_range=(4, 10, 0.5),
        agents_range=(1, 15),
        default_load=6.0,
        default_agents=8,
        target_wait=1.0,
        source=source,
    ).to_dict()
    assert spec.get("description") and "Erlang C" in json.dumps(spec)
    assert '"bind"' in json.dumps(spec), "the explorer has no controls"
    shocks = queueing.demand_shock(8, 6.0, [0, 10, 20], 1.0)
    spec = lean_fig.shock_chart(shocks, agents=8, source=source).to_dict()
    assert spec.get("description") and "Erlang C" in json.dumps(spec)


def test_calculator_chart():
    inputs, labour = load("de_basic_income_inputs"), load("pwt_labour_share")
    share = float(labour[labour["country"] == "DEU"].iloc[-1]["labour_share"])
    frame = basic_income.calculator_frame(inputs, share)
    amount = float(inputs.set_index("input_id").loc["pilot_amount", "value"])
    infos = [inputs.attrs["dataset"], labour.attrs["dataset"]]
    spec = _check(social_fig.calculator_chart(frame, datasets=infos, default_amount=amount), infos, set())
    assert "bind" in json.dumps(spec), "the calculator has no controls"


def test_gaps_and_profit_charts():
    table = load("de_training_participation")
    gaps = training.participation_gaps(table).reset_index()
    _check(training_fig.gaps_chart(gaps, datasets=[table.attrs["dataset"]]), [table.attrs["dataset"]], set())
    annual = load("amazon_annual_results")
    info = annual.attrs["dataset"]
    profit = pf.growth_and_profit(annual, {s["x-id"]: s["title"] for s in info.sources})
    _check(platform_fig.profit_chart(profit, datasets=[info]), [info], set())


def test_ratings_by_section_chart():
    counts = pd.DataFrame(
        {
            "section_n": [0, 1, 1],
            "section_en": ["Lead", "First", "First"],
            "rating": ["true", "true", "false"],
            "rating_en": ["True", "True", "False"],
            "claims": [2, 3, 1],
            "rating_order": [0, 0, 4],
        }
    )
    infos = [load("article_claims").attrs["dataset"], load("article_claim_reviews").attrs["dataset"]]
    spec = _check(register_fig.ratings_by_section_chart(counts, datasets=infos), infos, {"bar"})
    text = json.dumps(spec, ensure_ascii=False)
    assert "§1 First" in text and "Lead Lead" not in text
    assert register.rating_counts  # the counts the chapter passes come from the register module
