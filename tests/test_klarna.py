"""Klarna facts: the dataset's rules and the figures the chapter derives from it."""

from __future__ import annotations

import pandas as pd
import pytest

from ailayoffs import klarna, load


@pytest.fixture(scope="module")
def facts():
    return load("klarna_facts")


def test_headcount_series_is_dated_and_falls_from_2022_to_2025(facts):
    series = klarna.headcount(facts)
    assert series["date"].is_monotonic_increasing
    change = klarna.headcount_change(series, "headcount_2022", "headcount_2025_11")
    assert change["start"] == facts.set_index("fact_id").loc["headcount_2022", "value"]
    assert change["change"] < 0 and change["change_pct"] == pytest.approx(100 * change["change"] / change["start"])


def test_headcount_did_not_rise_after_the_2025_reversal(facts):
    series = klarna.headcount(facts)
    reversal = klarna.events(facts).set_index("fact_id").loc["reversal_2025_05", "date"]
    after = series[series["date"] >= reversal - pd.Timedelta(days=31)]
    assert len(after) >= 2 and after["employees"].is_monotonic_decreasing


def test_as_of_labels():
    assert klarna.as_of_date("2022") == pd.Timestamp("2022-12-31")
    assert klarna.as_of_date("2024-02") == pd.Timestamp("2024-02-15")
    assert klarna.as_of_date("2025-11-18") == pd.Timestamp("2025-11-18")


def test_a_headcount_row_without_value_is_refused(facts):
    broken = facts.copy()
    broken.loc[broken["fact_id"] == "headcount_2022", "value"] = float("nan")
    with pytest.raises(ValueError, match="headcount_2022"):
        klarna.headcount(broken)
    with pytest.raises(ValueError, match="no value"):
        klarna.metric(facts, "freeze_2023")
    with pytest.raises(KeyError):
        klarna.metric(facts, "nope")
