"""Headcount arithmetic on hand-checkable frames and on the book's data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ailayoffs import data, series, workforce


@pytest.fixture()
def toy() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": ["2020Q4", "2021Q1", "2021Q2"],
            "quarter_end": pd.to_datetime(["2020-12-31", "2021-03-31", "2021-06-30"]),
            "employees": pd.array([1000, 1090, 900], dtype="Int64"),
        }
    )


def test_change_between_on_a_hand_checked_series(toy):
    change = workforce.change_between(toy, "2020Q4", "2021Q1")
    assert change.change == 90 and change.days == 90
    assert change.per_day == pytest.approx(1.0)
    assert change.change_pct == pytest.approx(9.0)
    assert change.factor == pytest.approx(1.09)


def test_unreported_quarter_is_an_error_not_a_guess(toy):
    with pytest.raises(KeyError, match="2021Q3"):
        workforce.change_between(toy, "2020Q4", "2021Q3")
    with pytest.raises(KeyError, match="no headcount reported for 2019Q1"):
        workforce.headcount_at(toy, "2019Q1")


def test_peak(toy):
    assert workforce.peak(toy) == ("2021Q1", 1090)


def test_share_pct():
    assert series.share_pct(14, 350) == pytest.approx(4.0)
    assert math.isnan(series.share_pct(1, 0))  # a share of nothing is undefined; publish refuses NaN


def test_cut_rounds_use_the_last_quarter_end_on_or_before_the_announcement(toy):
    rounds = pd.DataFrame(
        {
            "announce_date": pd.to_datetime(["2021-03-31", "2021-01-15"]),
            "roles": pd.array([45, 10], dtype="Int64"),
            "kind": ["announced", "announced"],
        }
    )
    context = workforce.cut_rounds_in_context(rounds, toy)
    assert list(context["headcount_period"]) == ["2020Q4", "2021Q1"]
    assert list(context["share_of_total_pct"]) == pytest.approx([1.0, 45 / 1090 * 100])


def test_wave_totals_skip_rows_not_counted_in_the_total():
    rounds = pd.DataFrame(
        {
            "wave": ["a", "a", "a", "b"],
            "roles": pd.array([10, 18, 9, 30], dtype="Int64"),
            "in_wave_total": pd.array([False, True, True, True], dtype="boolean"),
            "announce_date": pd.to_datetime(["2022-11-16", "2023-01-04", "2023-03-20", "2025-10-28"]),
        }
    )
    totals = workforce.wave_totals(rounds)
    assert totals.loc["a", "roles"] == 27 and totals.loc["a", "rounds"] == 2
    assert totals.loc["b", "roles"] == 30


def test_pandemic_growth_from_the_book_data():
    quarterly = data.load("amazon_headcount_quarterly")
    annual = data.load("amazon_headcount_annual").set_index("year")["employees"]
    change = workforce.change_between(quarterly, "2019Q4", "2020Q4")
    assert change.change == annual[2020] - annual[2019]
    assert change.days == 366  # 2020 was a leap year
    assert workforce.peak(quarterly)[1] == quarterly["employees"].max()
