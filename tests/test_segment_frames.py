"""Tests of the long frames the segment charts draw (:mod:`ailayoffs.segments`, 'Frames for the charts')."""

from __future__ import annotations

import pytest

from ailayoffs import data
from ailayoffs import segments as sg
from ailayoffs.series import wide_quarterly


@pytest.fixture(scope="module")
def results():
    return data.load("amazon_annual_results")


def _refs(name: str) -> set[str]:
    return {source["x-id"] for source in data.info(name).sources}


def test_capex_headcount_long_repeats_headcount_for_each_measure(results):
    headcount = data.load("amazon_headcount_annual")
    long = sg.capex_headcount_long(results, headcount)
    people = long[long["series"] == "employees at year end"]
    assert set(long["measure"]) == set(sg.CAPEX_METRICS)
    for measure in sg.CAPEX_METRICS:
        assert len(people[people["measure"] == measure]) == len(headcount)
    assert set(long.loc[long["series"] == "capital expenditure", "source_ref"]) <= _refs("amazon_annual_results")
    assert set(people["source_ref"]) <= _refs("amazon_headcount_annual")


def test_segment_mix_long_shares_add_up_to_the_total(results):
    mix = sg.segment_mix_long(results)
    for (_, _), group in mix.groupby(["year", "measure"]):
        assert len(group) == len(sg.SEGMENT_NAMES)
        assert group["share_pct"].sum() == pytest.approx(100.0, abs=0.5)
        assert group["value_usd_mn"].sum() == pytest.approx(group["total_usd_mn"].iloc[0], rel=0.01)
    assert set(mix["source_ref"]) <= _refs("amazon_annual_results")


def test_additions_long_has_every_part_each_year():
    additions = data.load("amazon_ppe_additions_by_segment")
    long = sg.additions_long(additions)
    assert (long.groupby("year")["segment"].nunique() == len(sg.ADDITION_PARTS)).all()
    assert long.groupby("year")["share_pct"].sum().round(0).eq(100).all()
    assert long["usd_bn"].to_numpy() == pytest.approx(long["value_usd_mn"].to_numpy() / 1000)


def test_profit_rows_cite_the_sales_and_income_they_show(results):
    quarterly = data.load("amazon_quarterly_results")
    margins = sg.segment_margin_rows(results)
    shares = sg.aws_share_rows(results, quarterly, wide_quarterly(quarterly))
    assert margins["margin_pct"].to_numpy() == pytest.approx(
        (100 * margins["income_usd_mn"] / margins["sales_usd_mn"]).to_numpy()
    )
    assert shares["share_pct"].to_numpy() == pytest.approx(
        (100 * shares["aws_usd_mn"] / shares["total_usd_mn"]).to_numpy()
    )
    annual_refs, quarterly_refs = _refs("amazon_annual_results"), _refs("amazon_quarterly_results")
    assert all(len(pairs) == 2 for pairs in margins["cited"])
    assert {ref for pairs in margins["cited"] for ref, _ in pairs} <= annual_refs
    by_year = shares["frequency"] == "calendar year"
    assert {ref for pairs in shares.loc[by_year, "cited"] for ref, _ in pairs} <= annual_refs
    assert {ref for pairs in shares.loc[~by_year, "cited"] for ref, _ in pairs} <= quarterly_refs


def test_business_line_growth_gives_two_rows_a_line():
    lines, q_lines = data.load("amazon_net_sales_by_line_annual"), data.load("amazon_net_sales_by_line_quarterly")
    years = sg.line_table(lines).index
    quarter = str(sg.line_table(q_lines, "period").index.max())
    growth = sg.business_line_growth(lines, q_lines, int(years.min()), int(years.max()), quarter)
    assert all(list(kinds) == ["annual", "quarterly"] for _, kinds in growth.groupby("line")["frequency"])
    later = growth[growth["frequency"] == "annual"]
    expected = 100 * ((later["to_usd_mn"] / later["from_usd_mn"]) ** (1 / (years.max() - years.min())) - 1)
    assert later["growth_pct"].to_numpy() == pytest.approx(expected.to_numpy())
