"""Record checks, per-person figures and the register's claims by section."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from ailayoffs import ethics, evidence, load, series
from ailayoffs.figures import evidence as figures


def _wide(values, start="2023Q1"):
    index = pd.period_range(start, periods=len(values), freq="Q")
    return pd.DataFrame({"net_income": values}, index=index)


def test_record_check_ranks_the_quarter_and_the_twelve_months():
    wide = _wide([1.0, 2.0, 9.0, 3.0, 4.0, 5.0])
    check = ethics.record_check(wide, "net_income", "2024Q2")
    assert (check.quarter_rank, check.best_quarter, check.best_quarter_usd_mn) == (2, "2023Q3", 9.0)
    assert check.ttm_usd_mn == 21.0 and check.ttm_rank == 1  # 9+3+4+5 > 2+9+3+4 > 1+2+9+3


def test_record_check_refuses_a_gap_in_the_twelve_months():
    wide = _wide([1.0, np.nan, 3.0, 4.0, 5.0])
    with pytest.raises(KeyError, match="trailing"):
        ethics.record_check(wide, "net_income", "2024Q1")
    with pytest.raises(KeyError):
        ethics.record_check(wide, "net_income", "2023Q2")


def test_last_quarter_reported_before_a_date():
    wide = _wide([1.0, 2.0, 3.0, 4.0])
    assert ethics.last_reported_before(wide, "net_income", pd.Timestamp("2023-10-28"), 30) == "2023Q2"
    assert ethics.last_reported_before(wide, "net_income", pd.Timestamp("2023-10-31"), 30) == "2023Q3"
    with pytest.raises(ValueError):
        ethics.last_reported_before(wide, "net_income", pd.Timestamp("2023-01-15"), 30)


def test_amazons_twelve_month_net_income_was_a_record_but_its_latest_quarter_was_not():
    wide = series.wide_quarterly(load("amazon_quarterly_results"))
    check = ethics.record_check(wide, "net_income", "2025Q2")
    best = wide.loc[:"2025Q2", "net_income"]
    assert check.quarter_rank > 1 and check.best_quarter_usd_mn == best.max()
    assert check.ttm_rank == 1
    assert check.ttm_usd_mn == pytest.approx(wide.loc["2024Q3":"2025Q2", "net_income"].sum())


def test_per_person_and_share_refuse_zero_denominators():
    assert ethics.per_person_usd_thousand(1800.0, 14000) == pytest.approx(1800e3 / 14000)
    with pytest.raises(ValueError):
        ethics.per_person_usd_thousand(1.0, 0)
    # The book's one share helper gives NaN for a zero whole, which publish() refuses to glue.
    assert math.isnan(series.share_pct(1.0, 0))


def test_claims_by_section_counts_every_claim_in_article_order():
    claims = load("article_claims")
    reviews = load("article_claim_reviews")
    order = evidence.section_order(evidence.load_outline())
    table = evidence.claims_by_section(claims, reviews, order)
    assert table["claims"].sum() == len(claims)
    judged = claims["claim_id"].map(reviews.set_index("claim_id")["judged_rating"])
    by_judgement = ~claims["checkable"] & judged.notna() & (judged != "unproven")
    assert table.groupby("status")["claims"].sum().to_dict() == {
        evidence.CHECKED: int(claims["checkable"].sum()),
        evidence.JUDGED: int(by_judgement.sum()),
        evidence.NOT_CHECKABLE: int((~claims["checkable"] & ~by_judgement).sum()),
    }
    status = evidence.claim_status(claims, reviews).set_axis(claims["claim_id"])
    assert status["cut_roles_announced"] == evidence.CHECKED
    assert status["internal_search_window"] == evidence.JUDGED  # Amazon's own message, rated true
    assert status["hr_cut_share"] == evidence.NOT_CHECKABLE  # a press figure no stored source confirms
    # the 90-day window: not a computation, but the register rates it on Amazon's own message
    window = table[table["section_de"] == claims.set_index("claim_id").loc["internal_search_window", "section_de"]]
    assert evidence.JUDGED in set(window["status"])
    assert table["position"].is_monotonic_increasing and table.iloc[0]["section_de"] == "Einleitung"
    with pytest.raises(KeyError, match="Nowhere"):
        evidence.claims_by_section(claims.assign(section_de="Nowhere"), reviews, order)
    spec = figures.claims_by_section_chart(table, datasets=[claims.attrs["dataset"]], publisher="p").to_dict()
    assert f"{len(claims)} claims of the article" in spec["description"] and "claims.csv v" in json.dumps(spec)
    assert spec["vconcat"][0]["encoding"]["color"]["scale"]["domain"] == list(evidence.STATUSES)
