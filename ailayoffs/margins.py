"""Operating margins and the AWS margin regression.

The shared shapes the regression reads (:func:`ailayoffs.series.wide_quarterly`,
:func:`ailayoffs.series.yoy_growth_pct`) live in :mod:`ailayoffs.series`; the
lag rule and the bootstrap in :mod:`ailayoffs.inference`.

The regression explains AWS's quarterly operating margin (percent of AWS net
sales) by

* a linear trend (in years),
* quarter-of-year effects (Q2, Q3, Q4 against Q1),
* AWS net sales growth on the same quarter a year earlier (percent),
* Amazon's capital-expenditure intensity (purchases of property and equipment
  in percent of net sales, for the calendar year: quarterly capex cannot be
  sourced for most quarters), and
* step dummies that switch on when Amazon changed the useful life of its
  servers, which moves depreciation and therefore the margin.

The sample is whatever quarters have sourced values for every variable, so it
can have gaps. Newey–West (HAC) standard errors are computed within runs of
consecutive quarters (statsmodels' ``hac-panel`` with one group per run), so no
autocovariance is taken across a gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.diagnostic import acorr_breusch_godfrey, breaks_cusumolsresid, het_breuschpagan
from statsmodels.stats.stattools import durbin_watson, jarque_bera

from .inference import newey_west_lags, sup_f_bootstrap

__all__ = [
    "MarginRegression",
    "adjusted_forecast",
    "coefficient_comparison",
    "contiguous_blocks",
    "fit_margin_regression",
    "fit_verdict",
    "forecast_summary",
    "joint_test",
    "margin_design",
    "operating_margin_pct",
    "out_of_sample",
    "quarter_index",
    "server_life_steps",
    "shift_test",
    "sup_shift_test",
]


# --------------------------------------------------------------------------
# The design
# --------------------------------------------------------------------------


def operating_margin_pct(income: pd.Series, sales: pd.Series) -> pd.Series:
    """Operating income in percent of net sales."""
    return 100.0 * income / sales


def quarter_index(periods: pd.PeriodIndex, origin: str) -> np.ndarray:
    """Years since ``origin`` (a quarter label), in steps of a quarter."""
    start = pd.Period(origin, freq="Q")
    return np.array([(p - start).n / 4.0 for p in periods])


def contiguous_blocks(periods: pd.PeriodIndex) -> np.ndarray:
    """Label runs of consecutive quarters 0, 1, 2 ... (a new label after each gap)."""
    ordinals = np.array([p.ordinal for p in periods])
    if len(ordinals) and np.any(np.diff(ordinals) <= 0):
        raise ValueError("periods must be unique and increasing")
    return np.concatenate([[0], np.cumsum(np.diff(ordinals) > 1)]) if len(ordinals) else ordinals


def margin_design(
    frame: pd.DataFrame,
    events: dict[str, str],
    origin: str,
    regressors: tuple[str, ...] = ("growth_pct", "capex_intensity_pct"),
) -> pd.DataFrame:
    """Design matrix: constant, trend, quarter dummies, regressors and event steps.

    Parameters
    ----------
    frame : DataFrame
        Indexed by quarterly period, holding the columns named in ``regressors``.
    events : dict
        Column name -> first quarter in which the step dummy is 1.
    origin : str
        Quarter at which the trend is zero.
    """
    periods = frame.index
    design = pd.DataFrame(index=periods)
    design["const"] = 1.0
    design["trend_years"] = quarter_index(periods, origin)
    for q in (2, 3, 4):
        design[f"q{q}"] = (periods.quarter == q).astype(float)
    for name in regressors:
        design[name] = frame[name].astype(float)
    for name, first in events.items():
        design[name] = (periods >= pd.Period(first, freq="Q")).astype(float)
    return design


# --------------------------------------------------------------------------
# Estimation
# --------------------------------------------------------------------------


def _hac_fit(model: sm.OLS, periods: pd.PeriodIndex, maxlags: int):
    groups = contiguous_blocks(periods)
    if groups.max(initial=0) == 0:
        return model.fit(cov_type="HAC", cov_kwds={"maxlags": maxlags})
    return model.fit(cov_type="hac-panel", cov_kwds={"groups": groups, "maxlags": maxlags})


@dataclass
class MarginRegression:
    """A fitted margin regression with HAC and plain OLS inference side by side."""

    y: pd.Series
    design: pd.DataFrame
    hac: sm.regression.linear_model.RegressionResultsWrapper = field(repr=False)
    ols: sm.regression.linear_model.RegressionResultsWrapper = field(repr=False)
    maxlags: int

    @property
    def periods(self) -> pd.PeriodIndex:
        return self.y.index

    @property
    def nobs(self) -> int:
        return int(self.hac.nobs)

    def table(self, alpha: float = 0.05) -> pd.DataFrame:
        """Coefficients with HAC and OLS standard errors, HAC p-values and intervals."""
        ci = self.hac.conf_int(alpha=alpha)
        return pd.DataFrame(
            {
                "coef": self.hac.params,
                "se_hac": self.hac.bse,
                "se_ols": self.ols.bse,
                "t_hac": self.hac.tvalues,
                "p_hac": self.hac.pvalues,
                "ci_low": ci[0],
                "ci_high": ci[1],
            }
        )

    def diagnostics(self) -> dict[str, float]:
        """Residual checks: autocorrelation, heteroskedasticity, normality, stability."""
        resid = self.ols.resid
        bg_lags = min(4, self.nobs // 5)
        bg = acorr_breusch_godfrey(self.ols, nlags=bg_lags, result_object=False)
        bp = het_breuschpagan(resid, self.design)
        jb = jarque_bera(resid)
        cusum_stat, cusum_p, _ = breaks_cusumolsresid(np.asarray(resid), ddof=self.design.shape[1])
        return {
            "durbin_watson": float(durbin_watson(resid)),
            "breusch_godfrey_lags": float(bg_lags),
            "breusch_godfrey_p": float(bg[1]),
            "breusch_pagan_p": float(bp[1]),
            "jarque_bera_p": float(jb[1]),
            "cusum_stat": float(cusum_stat),
            "cusum_p": float(cusum_p),
        }


def fit_margin_regression(y: pd.Series, design: pd.DataFrame, maxlags: int | None = None) -> MarginRegression:
    """OLS of ``y`` on ``design`` over the rows where both are complete.

    ``maxlags`` defaults to the Newey–West rule floor(4 (n/100)^(2/9)).
    """
    data = pd.concat([y.rename("y"), design], axis=1).dropna()
    if data.empty:
        raise ValueError("no quarter has every variable")
    constant = [c for c in design.columns if data[c].nunique() <= 1 and c != "const"]
    if constant:
        raise ValueError(f"regressors without variation in the sample: {constant}")
    lags = maxlags if maxlags is not None else newey_west_lags(len(data))
    model = sm.OLS(data["y"], data[design.columns])
    return MarginRegression(
        y=data["y"], design=data[design.columns], hac=_hac_fit(model, data.index, lags), ols=model.fit(), maxlags=lags
    )


def shift_test(fit: MarginRegression, at: str) -> dict[str, float]:
    """Shift test: a change in the intercept and trend from quarter ``at`` on (two restrictions).

    It is not a Chow test: with few observations a full Chow test (every
    coefficient free on both sides) is not estimable; this tests the two
    restrictions that matter for a structural change in the margin's level and
    drift, with a HAC Wald F (``p_hac``) and the classical F (``p_ols``) beside it.
    """
    start = pd.Period(at, freq="Q")
    after = (fit.design.index >= start).astype(float)
    augmented = fit.design.assign(shift_level=after, shift_trend=after * fit.design["trend_years"])
    if augmented["shift_level"].nunique() < 2:
        raise ValueError(f"{at} lies outside the sample")
    model = sm.OLS(fit.y, augmented)
    result = _hac_fit(model, fit.y.index, fit.maxlags)
    restriction = np.zeros((2, augmented.shape[1]))
    restriction[0, -2] = restriction[1, -1] = 1.0
    wald = result.wald_test(restriction, use_f=True, scalar=True)
    plain = model.fit().compare_f_test(sm.OLS(fit.y, fit.design).fit())
    return {
        "f_hac": float(wald.statistic),
        "p_hac": float(wald.pvalue),
        "f_ols": float(plain[0]),
        "p_ols": float(plain[1]),
        "level_shift": float(result.params["shift_level"]),
    }


def sup_shift_test(fit: MarginRegression, trim: float = 0.2, n_boot: int = 499, seed: int = 0) -> dict:
    """Largest shift F over candidate quarters, with a residual-bootstrap p-value.

    Candidates leave at least ``trim`` of the sample on each side. The null
    distribution is simulated by resampling the model's residuals (in blocks
    of consecutive sample rows) onto its fitted values.
    """
    n = fit.nobs
    low, high = int(np.ceil(trim * n)), int(np.floor((1 - trim) * n))
    candidates = [str(p) for p in fit.periods[low:high]]

    def f_stat(y: np.ndarray, design: pd.DataFrame, at: str) -> float:
        after = (design.index >= pd.Period(at, freq="Q")).astype(float)
        full = np.column_stack([design.to_numpy(), after, after * design["trend_years"].to_numpy()])
        ssr1 = float(np.sum((y - full @ np.linalg.lstsq(full, y, rcond=None)[0]) ** 2))
        base = design.to_numpy()
        ssr0 = float(np.sum((y - base @ np.linalg.lstsq(base, y, rcond=None)[0]) ** 2))
        return ((ssr0 - ssr1) / 2) / (ssr1 / (n - full.shape[1]))

    def sup_f(y: np.ndarray) -> tuple[float, str]:
        stats = {at: f_stat(y, fit.design, at) for at in candidates}
        best = max(stats, key=stats.get)
        return stats[best], best

    observed, best, pvalue = sup_f_bootstrap(
        sup_f, fit.y.to_numpy(), fit.ols.fittedvalues.to_numpy(), fit.ols.resid.to_numpy(), n_boot, seed
    )
    return {"sup_f": observed, "at": best, "pvalue": pvalue, "candidates": candidates}


def out_of_sample(
    y: pd.Series, design: pd.DataFrame, cutoff: str, alpha: float = 0.05, maxlags: int | None = None
) -> pd.DataFrame:
    """Fit on quarters up to ``cutoff``; predict the later ones with intervals.

    Returns a frame indexed by period with ``actual``, ``predicted``,
    ``pi_low``/``pi_high`` (prediction interval for a single quarter) and
    ``inside`` (whether the reported value fell in it).
    """
    end = pd.Period(cutoff, freq="Q")
    data = pd.concat([y.rename("y"), design], axis=1).dropna()
    train, test = data[data.index <= end], data[data.index > end]
    if test.empty:
        raise ValueError(f"no quarter after {cutoff} to predict")
    # Regressors that do not vary before the cut-off (e.g. an accounting change
    # that happens later) cannot be estimated; their effect is unknown then.
    usable = [c for c in design.columns if c == "const" or train[c].nunique() > 1]
    fit = fit_margin_regression(train["y"], train[usable], maxlags=maxlags)
    prediction = fit.ols.get_prediction(test[usable]).summary_frame(alpha=alpha)
    frame = pd.DataFrame(
        {
            "actual": test["y"],
            "predicted": prediction["mean"].to_numpy(),
            "pi_low": prediction["obs_ci_lower"].to_numpy(),
            "pi_high": prediction["obs_ci_upper"].to_numpy(),
        },
        index=test.index,
    )
    frame["inside"] = (frame["actual"] >= frame["pi_low"]) & (frame["actual"] <= frame["pi_high"])
    frame.attrs["dropped"] = [c for c in design.columns if c not in usable]
    frame.attrs["fit"] = fit
    return frame


# --------------------------------------------------------------------------
# Reading the fits
# --------------------------------------------------------------------------


def server_life_steps(life: pd.DataFrame) -> dict[str, str]:
    """Step-dummy name (``servers_5y_2022``) -> first quarter, one per change in the servers' useful life."""
    return {f"servers_{r.life_to_years}y_{r.effective_quarter[:4]}": r.effective_quarter for r in life.itertuples()}


def joint_test(fit: MarginRegression, terms: list[str]) -> dict[str, float]:
    """F-test that the coefficients of ``terms`` are all zero: HAC Wald and plain OLS p-values."""
    columns = list(fit.design.columns)
    restriction = np.zeros((len(terms), len(columns)))
    restriction[np.arange(len(terms)), [columns.index(term) for term in terms]] = 1.0
    hac = fit.hac.wald_test(restriction, use_f=True, scalar=True)
    ols = fit.ols.f_test(restriction)
    return {"p_hac": float(hac.pvalue), "p_ols": float(np.asarray(ols.pvalue))}


COMPARISON_COLUMNS = {"coef": "coefficient", "se_hac": "s.e. (HAC)", "se_ols": "s.e. (OLS)", "p_hac": "p (HAC)"}


def coefficient_comparison(fits: dict[str, MarginRegression]) -> pd.DataFrame:
    """Coefficients, HAC and OLS standard errors and HAC p-values of several fits side by side."""
    return pd.concat(
        {name: fit.table()[list(COMPARISON_COLUMNS)].rename(columns=COMPARISON_COLUMNS) for name, fit in fits.items()},
        axis=1,
    )


def fit_verdict(lean: MarginRegression, full: MarginRegression) -> str:
    """Whether the smaller specification fits better on both adjusted R² and AIC, as a phrase."""
    if lean.ols.rsquared_adj > full.ols.rsquared_adj and lean.ols.aic < full.ols.aic:
        return "fits better once its fewer parameters are accounted for"
    return "does not fit better, even allowing for its fewer parameters"


def adjusted_forecast(forecast: pd.DataFrame, aws: pd.DataFrame, life: pd.DataFrame, cutoff: str) -> pd.DataFrame:
    """Out-of-sample predictions plus the margin effect Amazon expected from each later server-life change.

    Parameters
    ----------
    forecast : DataFrame
        Output of :func:`out_of_sample`.
    aws : DataFrame
        Output of :func:`ailayoffs.aws.aws_frame` (``aws_net_sales`` by quarter, USD million).
    life : DataFrame
        ``amazon_server_useful_life``: each change's ``effective_quarter``,
        ``expected_for_year`` and ``expected_operating_income_effect_usd_bn``.
    cutoff : str
        The last quarter of the training sample; only changes after it are added.

    Returns
    -------
    DataFrame
        ``forecast`` with ``adjusted``: the prediction plus, from each later
        change's first quarter on, its expected effect in points of AWS margin
        (USD bn in percent of AWS's net sales of the year the 10-K names).
    """
    adjustment = pd.Series(0.0, index=forecast.index)
    end = pd.Period(cutoff, freq="Q")
    for change in life.itertuples():
        start = pd.Period(change.effective_quarter, freq="Q")
        if start > end:
            sales = aws.loc[aws.index.year == change.expected_for_year, "aws_net_sales"].sum()
            adjustment[forecast.index >= start] += 100 * 1000 * change.expected_operating_income_effect_usd_bn / sales
    out = forecast.copy()
    out["adjusted"] = out["predicted"] + adjustment
    return out


def forecast_summary(forecast: pd.DataFrame) -> dict:
    """What the out-of-sample test shows, keyed as the chapter glues it.

    ``oos_quarters``, ``oos_inside`` (inside the prediction interval),
    ``oos_mean_error`` and ``oos_mean_error_adjusted`` (absolute mean error,
    points), ``oos_direction`` ("underpredicts" or "overpredicts"),
    ``oos_mae`` and ``oos_mae_adjusted``, ``oos_train`` (training quarters)
    and ``oos_dropped`` (regressors without variation before the cut-off).
    """
    error = forecast["actual"] - forecast["predicted"]
    error_adjusted = forecast["actual"] - forecast["adjusted"]
    return {
        "oos_quarters": len(forecast),
        "oos_inside": int(forecast["inside"].sum()),
        "oos_mean_error": abs(error.mean()),
        "oos_mean_error_adjusted": abs(error_adjusted.mean()),
        "oos_direction": "underpredicts" if error.mean() > 0 else "overpredicts",
        "oos_mae": error.abs().mean(),
        "oos_mae_adjusted": error_adjusted.abs().mean(),
        "oos_train": forecast.attrs["fit"].nobs,
        "oos_dropped": ", ".join(forecast.attrs["dropped"]) or "none",
    }
