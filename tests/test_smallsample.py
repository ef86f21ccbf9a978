"""Small-sample HAC inference: fixed-b critical values and the OLS/HAC comparison."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from ailayoffs import smallsample as ss


def test_fixed_b_critical_value_approaches_normal_for_small_b():
    cv = ss.fixed_b_critical_value(0.01, n_sim=4000, n_steps=400, seed=1)
    assert cv == pytest.approx(1.96, abs=0.15)


def test_fixed_b_critical_value_grows_with_b():
    cvs = [ss.fixed_b_critical_value(b, n_sim=3000, n_steps=200, seed=2) for b in (0.05, 0.2, 0.5)]
    assert cvs[0] < cvs[1] < cvs[2]
    assert cvs[2] > 2.5  # far from the normal value for a large bandwidth


def test_bandwidth_fraction_matches_statsmodels_convention():
    assert ss.bartlett_bandwidth_fraction(2, 20) == pytest.approx(3 / 20)
    with pytest.raises(ValueError):
        ss.bartlett_bandwidth_fraction(20, 20)
    with pytest.raises(ValueError):
        ss.simulate_fixed_b_t(0.0)


def test_fixed_b_pvalue_is_larger_than_normal_pvalue():
    from scipy import stats

    p_fixed = ss.fixed_b_pvalue(2.2, 0.3, n_sim=3000, n_steps=200, seed=3)
    assert p_fixed > 2 * stats.norm.sf(2.2)


class _Fit:
    def __init__(self, y, x, maxlags):
        model = sm.OLS(y, x)
        self.ols = model.fit()
        self.hac = model.fit(cov_type="HAC", cov_kwds={"maxlags": maxlags})
        self.maxlags = maxlags


def test_hac_comparison_columns_follow_from_the_fits():
    rng = np.random.default_rng(0)
    n = 24
    x = sm.add_constant(np.arange(n, dtype=float))
    y = 1 + 0.1 * x[:, 1] + rng.standard_normal(n)
    fit = _Fit(y, x, maxlags=2)
    table = ss.hac_comparison(fit, n_sim=1000)
    np.testing.assert_allclose(table["se_hac_df"], table["se_hac"] * np.sqrt(n / (n - 2)))
    np.testing.assert_allclose(table["hac_to_ols"], fit.hac.bse / fit.ols.bse)
    np.testing.assert_allclose(table["p_ols"], fit.ols.pvalues)
    assert (table["p_hac_df"] >= table["p_hac"]).all()
    assert table.attrs["b"] == pytest.approx(3 / n)
    assert table.attrs["cv_fixed_b"] > 1.96


def test_hac_comparison_refuses_a_saturated_model():
    x = np.eye(3)
    fit = _Fit(np.array([1.0, 2.0, 3.0]), x, maxlags=0)
    with pytest.raises(ValueError):
        ss.hac_comparison(fit, n_sim=200)
