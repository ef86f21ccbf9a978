"""The event study recovers a planted abnormal return, and its tests behave as the formulas say."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from ailayoffs import data
from ailayoffs import event_study as es
from ailayoffs.figures import layoffs as figs

DAYS = pd.bdate_range("2022-01-03", periods=400)


def synthetic_prices(alpha=0.0002, beta=1.5, sigma=0.01, planted=None, seed=7) -> pd.DataFrame:
    """Closes of a market and a share that follows the market model, with abnormal returns planted on given days."""
    rng = np.random.default_rng(seed)
    market = rng.normal(0.0005, 0.01, len(DAYS))
    share = alpha + beta * market + rng.normal(0, sigma, len(DAYS))
    for day, extra in (planted or {}).items():
        share[DAYS.get_loc(pd.Timestamp(day))] += extra
    closes = pd.DataFrame({"MKT": 100 * np.cumprod(1 + market), "XYZ": 50 * np.cumprod(1 + share)}, index=DAYS)
    return closes.rename_axis("date").reset_index().melt(id_vars="date", var_name="ticker", value_name="adj_close_usd")


def test_market_model_recovers_alpha_and_beta():
    returns = es.daily_returns(synthetic_prices(sigma=0.002))
    model = es.market_model(returns["XYZ"], returns["MKT"])
    assert model["beta"] == pytest.approx(1.5, abs=0.05)
    assert model["sigma"] == pytest.approx(0.002, rel=0.15)


def test_planted_abnormal_return_is_recovered():
    day0 = DAYS[300]
    returns = es.daily_returns(synthetic_prices(planted={day0: 0.08, DAYS[301]: 0.02}, sigma=0.005))
    ar = es.abnormal_returns(returns, "XYZ", "MKT", day0, window=(-2, 2))
    by_day = ar.set_index("day")["ar_pct"]
    assert by_day[0] == pytest.approx(8.0, abs=1.5)
    assert by_day[1] == pytest.approx(2.0, abs=1.5)
    assert abs(by_day[-1]) < 1.5
    result = es.car(ar, (0, 1))
    assert result["car_pct"] == pytest.approx(10.0, abs=2.0)
    assert result["se_pct"] == pytest.approx(100 * ar.attrs["model"]["sigma"] * np.sqrt(2))
    assert result["t"] > 5 and result["p"] < 0.001


def test_no_planted_event_means_no_significant_car():
    returns = es.daily_returns(synthetic_prices(sigma=0.005, seed=3))
    result = es.car(es.abnormal_returns(returns, "XYZ", "MKT", DAYS[300]), (0, 0))
    assert abs(result["t"]) < 3


def test_windows_must_not_overlap_and_data_must_cover_them():
    returns = es.daily_returns(synthetic_prices())
    with pytest.raises(ValueError, match="must end before"):
        es.abnormal_returns(returns, "XYZ", "MKT", DAYS[300], estimation=(-100, 0), window=(-1, 1))
    with pytest.raises(KeyError, match="do not cover"):
        es.abnormal_returns(returns, "XYZ", "MKT", DAYS[100])
    with pytest.raises(KeyError, match="not a trading day"):
        es.abnormal_returns(returns, "XYZ", "MKT", "2022-01-08")
    with pytest.raises(ValueError, match="30 needed"):
        es.market_model(returns["XYZ"].iloc[1:10], returns["MKT"].iloc[1:10])


def test_event_day_follows_the_timing():
    days = pd.DatetimeIndex(["2023-01-04", "2023-01-05", "2023-01-06", "2023-01-09"])
    assert es.event_day(days, "2023-01-04", "after close") == pd.Timestamp("2023-01-05")
    assert es.event_day(days, "2023-01-04", "before or during session") == pd.Timestamp("2023-01-04")
    assert es.event_day(days, "2023-01-07", "not stated") == pd.Timestamp("2023-01-09")
    with pytest.raises(ValueError):
        es.event_day(days, "2023-01-04", "lunchtime")


def test_across_events_on_hand_checked_cars():
    table = pd.DataFrame({"window": ["[0]"] * 3, "car_pct": [1.0, 2.0, 3.0], "se_pct": [1.0, 1.0, 1.0]})
    result = es.across_events(table, "[0]")
    assert result["mean_car_pct"] == pytest.approx(2.0)
    assert result["t_cross"] == pytest.approx(2.0 / (1.0 / np.sqrt(3)))
    assert result["t_pooled"] == pytest.approx(6.0 / np.sqrt(3))
    assert result["positive"] == 3
    with pytest.raises(KeyError):
        es.across_events(table, "[0, +1]")


def test_window_label():
    assert es.window_label((0, 0)) == "[0]" and es.window_label((-1, 1)) == "[-1, +1]"


def test_confounding_flags_results_in_the_window():
    days = pd.bdate_range("2023-01-02", periods=30)
    events = pd.DataFrame(
        {
            "event_id": ["a-2023-01", "b-2023-01"],
            "ticker": ["A", "B"],
            "announce_date": pd.to_datetime(["2023-01-04", "2023-01-04"]),
            "timing": ["not stated", "not stated"],
        }
    )
    results = pd.DataFrame(
        {
            "ticker": ["A", "B"],
            "fiscal_period": ["Q4", "Q4"],
            "release_date": pd.to_datetime(["2023-01-05", "2023-01-31"]),
            "timing": ["after close", "after close"],
        }
    )
    flags = es.confounding(events, results, days, days=5)
    assert bool(flags.loc["a-2023-01", "confounded"]) and flags.loc["a-2023-01", "offset"] == 2
    assert not bool(flags.loc["b-2023-01", "confounded"])


def test_event_study_on_the_books_data_uses_the_market_index_and_flags_sap():
    prices = data.load("event_study_closes")
    events = data.load("layoff_event_study_events")
    returns = es.daily_returns(prices)
    table = es.event_table(returns, events)
    assert set(table["event_id"]) == set(events["event_id"])
    assert (table["n_estimation"] == 240).all()
    flags = es.confounding(events, data.load("tech_results_dates"), returns["SPY"].dropna().index)
    assert bool(flags.loc["sap-2024-01", "confounded"]) and flags.loc["sap-2024-01", "offset"] == 0
    # SAP announced after the close: day 0 is the next trading day
    assert flags.loc["sap-2024-01", "day0"] == pd.Timestamp("2024-01-24")
    # the close-to-close rule: Amazon's move on 28 Oct 2025 is the plain return of that day
    closes = prices[prices["ticker"] == "AMZN"].set_index("date")["adj_close_usd"]
    by_hand = 100 * (closes[pd.Timestamp("2025-10-28")] / closes[pd.Timestamp("2025-10-27")] - 1)
    assert es.close_reaction_pct(returns, "AMZN", "2025-10-28") == pytest.approx(by_hand)


def test_car_chart_spec_has_the_event_menu():
    day0 = DAYS[300]
    returns = es.daily_returns(synthetic_prices())
    events = pd.DataFrame(
        {
            "event_id": ["x-2023-01"],
            "company": ["X"],
            "ticker": ["XYZ"],
            "announce_date": [day0],
            "timing": ["not stated"],
        }
    )
    paths = es.car_paths(returns, events, market="MKT", window=(-2, 2)).assign(event="X, test")
    spec = figs.car_chart(
        paths, datasets=[data.info("event_study_closes")], labels=pd.DataFrame({"event": ["X, test"], "label": ["CAR"]})
    ).to_dict()
    text = " ".join(json.dumps(spec).replace("\\n", " ").split())
    assert "car_event" in text and '"options": ["X, test"]' in text
    assert "event_study_closes.csv v" in text
