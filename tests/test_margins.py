"""The margin regression recovers known coefficients and handles gaps honestly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ailayoffs import margins, series


def _simulate(n=160, beta=None, rho=0.7, sigma=1.0, seed=3, gaps=()):
    rng = np.random.default_rng(seed)
    periods = pd.period_range("1985Q1", periods=n, freq="Q")
    frame = pd.DataFrame(
        {
            "growth_pct": 20 + 8 * np.sin(np.arange(n) / 5) + rng.normal(0, 2, n),
            "capex_intensity_pct": np.repeat(rng.uniform(5, 15, n // 4 + 1), 4)[:n],
        },
        index=periods,
    )
    design = margins.margin_design(frame, {"life_change": "2010Q1"}, origin="1985Q1")
    beta = beta or {
        "const": 10.0,
        "trend_years": 0.5,
        "q2": 0.4,
        "q3": 0.8,
        "q4": -0.6,
        "growth_pct": 0.25,
        "capex_intensity_pct": -0.3,
        "life_change": 3.0,
    }
    noise = np.zeros(n)
    for t in range(1, n):
        noise[t] = rho * noise[t - 1] + rng.normal(0, sigma)
    y = pd.Series(design[list(beta)].to_numpy() @ np.array(list(beta.values())) + noise, index=periods)
    keep = ~periods.isin(pd.PeriodIndex(list(gaps), freq="Q"))
    return y[keep], design[keep], beta


def _monte_carlo(rho: float, replications: int = 100):
    estimates, hac_cover, ols_cover = [], [], []
    for seed in range(replications):
        y, design, beta = _simulate(rho=rho, seed=seed)
        fit = margins.fit_margin_regression(y, design)
        table = fit.table()
        estimates.append(table["coef"])
        ols_ci = fit.ols.conf_int()
        hac_cover.append((table["ci_low"] <= pd.Series(beta)) & (pd.Series(beta) <= table["ci_high"]))
        ols_cover.append((ols_ci[0] <= pd.Series(beta)) & (pd.Series(beta) <= ols_ci[1]))
    return beta, pd.DataFrame(estimates), pd.DataFrame(hac_cover), pd.DataFrame(ols_cover)


def test_recovers_known_coefficients_on_simulated_data():
    beta, estimates, _, _ = _monte_carlo(rho=0.5)
    truth = pd.Series(beta)
    # The average estimate over replications is within a small fraction of the truth.
    assert (estimates.mean() - truth).abs().le(0.05 * truth.abs() + 0.05).all(), estimates.mean()


def test_hac_intervals_cover_better_than_ols_under_autocorrelation():
    _, _, hac_cover, ols_cover = _monte_carlo(rho=0.7)
    assert hac_cover["trend_years"].mean() > ols_cover["trend_years"].mean() + 0.1
    assert hac_cover["life_change"].mean() > ols_cover["life_change"].mean() + 0.1


def test_hac_standard_errors_exceed_ols_ones_when_errors_are_autocorrelated():
    y, design, _ = _simulate(rho=0.85, seed=5)
    table = margins.fit_margin_regression(y, design).table()
    assert table.loc["trend_years", "se_hac"] > 1.3 * table.loc["trend_years", "se_ols"]


def test_hac_and_ols_agree_roughly_without_autocorrelation():
    y, design, _ = _simulate(rho=0.0, seed=6)
    table = margins.fit_margin_regression(y, design).table()
    ratio = table["se_hac"] / table["se_ols"]
    assert ratio.between(0.6, 1.5).all()


def test_gaps_split_the_hac_computation_into_runs():
    periods = pd.PeriodIndex(["2019Q3", "2019Q4", "2020Q3", "2020Q4", "2021Q1"], freq="Q")
    assert list(margins.contiguous_blocks(periods)) == [0, 0, 1, 1, 1]
    y, design, beta = _simulate(gaps=[f"{year}Q{q}" for year in (1990, 1995, 2001) for q in (1, 2, 3)])
    fit = margins.fit_margin_regression(y, design)
    assert fit.nobs == 160 - 9
    assert fit.table().loc["growth_pct", "coef"] == pytest.approx(beta["growth_pct"], abs=0.1)


def test_yoy_growth_needs_the_same_quarter_a_year_earlier():
    sales = pd.Series([100.0, np.nan, 110.0, 120.0, 120.0, 130.0], index=pd.period_range("2020Q1", periods=6, freq="Q"))
    growth = series.yoy_growth_pct(sales)
    assert growth.loc[pd.Period("2021Q1", freq="Q")] == pytest.approx(20.0)
    assert np.isnan(growth.loc[pd.Period("2021Q2", freq="Q")])  # 2020Q2 missing


def test_event_dummies_switch_on_in_their_quarter():
    frame = pd.DataFrame(
        {"growth_pct": 1.0, "capex_intensity_pct": 1.0}, index=pd.period_range("2021Q3", periods=4, freq="Q")
    )
    design = margins.margin_design(frame, {"servers_5y": "2022Q1"}, origin="2021Q3")
    assert list(design["servers_5y"]) == [0, 0, 1, 1]
    assert list(design["trend_years"]) == [0, 0.25, 0.5, 0.75]
    assert list(design["q4"]) == [0, 1, 0, 0]


def test_shift_test_finds_a_planted_shift_and_out_of_sample_intervals_cover():
    no_step = {
        "const": 10.0,
        "trend_years": 0.5,
        "q2": 0.4,
        "q3": 0.8,
        "q4": -0.6,
        "growth_pct": 0.25,
        "capex_intensity_pct": -0.3,
        "life_change": 0.0,
    }
    y, design, _ = _simulate(rho=0.3, seed=8, beta=no_step)
    design = design.drop(columns="life_change")
    shifted = y + 4.0 * (y.index >= pd.Period("2012Q1", freq="Q"))
    fit = margins.fit_margin_regression(shifted, design)
    assert margins.shift_test(fit, "2012Q1")["p_hac"] < 0.01
    assert margins.shift_test(margins.fit_margin_regression(y, design), "2012Q1")["p_hac"] > 0.01
    result = margins.out_of_sample(y, design, cutoff="2016Q4")
    assert len(result) == 160 - 128
    assert result["inside"].mean() >= 0.8


def test_out_of_sample_drops_regressors_unknown_before_the_cutoff():
    y, design, _ = _simulate()
    result = margins.out_of_sample(y, design, cutoff="2005Q4")
    assert result.attrs["dropped"] == ["life_change"]


def test_regressor_without_variation_is_an_error():
    y, design, _ = _simulate()
    with pytest.raises(ValueError, match="without variation"):
        margins.fit_margin_regression(y[:40], design[:40])  # life_change is 0 throughout
