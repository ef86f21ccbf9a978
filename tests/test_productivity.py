"""Growth arithmetic and broken-trend estimation on series with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ailayoffs import data, series
from ailayoffs import productivity as pr


def _levels(rates_pct: list[float], start_year: int = 2000, start_level: float = 100.0) -> pd.Series:
    levels = [start_level]
    for rate in rates_pct:
        levels.append(levels[-1] * (1 + rate / 100))
    return pd.Series(levels, index=range(start_year, start_year + len(levels)))


def test_cagr_and_mean_of_rates_on_a_hand_checkable_series():
    # +10 % then -10 %: the mean of the rates is 0, but the level fell 1 %.
    levels = _levels([10.0, -10.0])
    assert pr.mean_growth_pct(levels, 2001, 2002) == pytest.approx(0.0)
    assert series.cagr_pct(levels, 2000, 2002) == pytest.approx(100 * (0.99**0.5 - 1))
    assert levels.loc[2002] == pytest.approx(99.0)


def test_counting_the_boundary_year_changes_the_mean():
    levels = _levels([1.0, 1.0, 5.0, 1.0, 1.0])  # 2001..2005; the jump is in 2003
    growth = pr.period_growth(levels, 2003, 2005)
    assert growth["mean_inclusive"] == pytest.approx((5 + 1 + 1) / 3)
    assert growth["mean_window"] == pytest.approx(1.0)
    assert growth["cagr"] == pytest.approx(1.0)


def test_growth_needs_consecutive_years():
    with pytest.raises(ValueError, match="consecutive"):
        series.annual_growth_pct(pd.Series([1.0, 2.0], index=[2000, 2002]))
    with pytest.raises(KeyError):
        pr.mean_growth_pct(_levels([1.0]), 2000, 2001)


def _kinked(years, slopes, breaks, noise=0.0, seed=1):
    rng = np.random.default_rng(seed)
    y = np.zeros(len(years))
    for i in range(1, len(years)):
        slope = slopes[sum(years[i] > b for b in breaks)]
        y[i] = y[i - 1] + slope
    return y + rng.normal(0, noise, len(years))


@pytest.mark.parametrize("breaks, slopes", [((1995,), (0.03, 0.01)), ((1985, 2005), (0.04, 0.02, 0.005))])
def test_known_breaks_and_slopes_are_recovered(breaks, slopes):
    years = np.arange(1970, 2020)
    y = _kinked(years, slopes, breaks, noise=0.002)
    fit = pr.estimate_breaks(years, y, max_breaks=2, min_segment=5)
    assert fit.breaks == breaks
    table = fit.slopes()
    assert table["slope_pct"].to_numpy() == pytest.approx(100 * np.array(slopes), abs=0.05)
    assert ((table["ci_low_pct"] <= 100 * np.array(slopes)) & (100 * np.array(slopes) <= table["ci_high_pct"])).all()


def test_bic_picks_no_break_for_a_straight_trend():
    years = np.arange(1970, 2020)
    fit = pr.estimate_breaks(years, _kinked(years, (0.02,), (), noise=0.004), max_breaks=2)
    assert fit.breaks == ()


def test_chow_and_sup_f_detect_a_real_break_and_not_a_fake_one():
    years = np.arange(1980, 2020)
    kinked = _kinked(years, (0.03, 0.01), (2000,), noise=0.003)
    straight = _kinked(years, (0.02,), (), noise=0.003, seed=2)
    assert pr.chow_test(years, kinked, 2000)["hac_pvalue"] < 0.01
    assert pr.chow_test(years, straight, 2000)["hac_pvalue"] > 0.05
    assert pr.chow_test(years, kinked, 2000)["slope_change_pct"] == pytest.approx(-2.0, abs=0.1)
    found = pr.sup_f_test(years, kinked, n_boot=99)
    assert found["break_year"] == 2000 and found["pvalue"] < 0.05
    assert pr.sup_f_test(years, straight, n_boot=99)["pvalue"] > 0.05


def test_bootstrap_interval_covers_the_true_break():
    years = np.arange(1970, 2020)
    fit = pr.estimate_breaks(years, _kinked(years, (0.03, 0.01), (1995,), noise=0.004), n_breaks=1)
    interval = pr.bootstrap_break_years(fit, n_boot=99).iloc[0]
    assert interval["low"] <= 1995 <= interval["high"]


def test_scenario_paths_compound_the_stated_rates():
    paths = pr.scenario_paths(2024, 2026, 1.0, {"fast": [(2026, 2026, 3.0)]}).set_index(["scenario", "year"])
    assert paths.loc[("baseline", 2026), "level"] == pytest.approx(100 * 1.01**2)
    assert paths.loc[("fast", 2025), "level"] == pytest.approx(101.0)
    assert paths.loc[("fast", 2026), "level"] == pytest.approx(101.0 * 1.03)


def test_the_article_figures_are_means_of_yearly_rates_in_the_oecd_2020_vintage():
    oecd = data.load("oecd_gdp_per_hour_2020")
    germany = oecd[oecd["country"] == "DEU"].set_index("year")["gdp_per_hour_usd"]
    assert round(pr.mean_growth_pct(germany, 1992, 2010), 2) == 1.55
    assert round(pr.mean_growth_pct(germany, 2010, 2018), 2) == 1.10
    assert series.cagr_pct(germany, 2010, 2018) < 1.0


def test_three_sources_agree_on_direction_but_not_on_levels():
    pwt = pr.productivity_from_pwt(data.load("pwt_labour_inputs"))
    wdi = pr.productivity_from_totals(data.load("wdi_gdp_oecd_hours"))
    for frame in (pwt, wdi):
        germany = frame[frame["country"] == "DEU"].set_index("year")["gdp_per_hour"]
        assert series.cagr_pct(germany, 2010, 2018) < series.cagr_pct(germany, 1992, 2010)
        assert 20 < germany.loc[2010] < 120  # dollars per hour


def test_annual_average_keeps_complete_years_only():
    quarterly = pd.DataFrame(
        {"period": ["2000Q1", "2000Q2", "2000Q3", "2000Q4", "2001Q1"], "index": [1.0, 2.0, 3.0, 4.0, 9.0]}
    )
    assert pr.annual_average(quarterly, "index").to_dict() == {2000: 2.5}


def test_era_growth_is_compound_growth_per_era():
    levels = _levels([10.0, 10.0, 0.0])
    table = pr.era_growth(levels, [("boom", 2000, 2002), ("flat", 2002, 2003)]).set_index("era")
    assert table.loc["boom", "growth_pct"] == pytest.approx(10.0)
    assert table.loc["flat", "growth_pct"] == pytest.approx(0.0)
