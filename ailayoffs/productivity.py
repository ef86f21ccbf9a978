"""Labour productivity: levels, growth rates, broken trends and scenarios.

Growth over a period can be summarised two ways, and the difference matters
for the article's claim:

* the compound annual growth rate (CAGR) between two end years, and
* the arithmetic mean of the year-on-year growth rates of the years in the
  period, which depends on which years are counted (the article's figures
  count the boundary year 2010 in both of its periods).

The broken-trend model is a continuous piecewise-linear regression of log
productivity on the year,

    log y_t = a + b t + sum_k c_k max(0, t - tau_k) + u_t,

so ``100 b`` is trend growth in percent a year before the first break and
``100 (b + c_1 + ... + c_k)`` after break ``k``. Break years are estimated by
least squares over a grid (every admissible year, or pair of years), the
number of breaks by BIC; inference uses Newey–West (HAC) standard errors and a
moving-block bootstrap (:mod:`ailayoffs.inference`), because deviations from
trend are autocorrelated. The growth rates themselves (compound, year on year)
are :func:`ailayoffs.series.cagr_pct` and :func:`ailayoffs.series.annual_growth_pct`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from .inference import block_length, block_resample, newey_west_lags, sup_f_bootstrap
from .series import annual_growth_pct, cagr_pct
from .smallsample import hac_comparison

__all__ = [
    "COUNTRY_NAMES",
    "BrokenTrend",
    "break_table",
    "country_levels",
    "era_table",
    "source_comparison",
    "bootstrap_break_years",
    "annual_average",
    "era_growth",
    "chow_test",
    "kink_inference",
    "estimate_breaks",
    "fastest_cagr_pct",
    "forecast_scenarios",
    "fit_broken_trend",
    "mean_growth_pct",
    "period_growth",
    "productivity_from_pwt",
    "productivity_from_totals",
    "scenario_paths",
    "sup_f_test",
]


#: Display names of the countries and aggregates in the productivity files.
COUNTRY_NAMES = {
    "DEU": "Germany",
    "FRA": "France",
    "GBR": "United Kingdom",
    "USA": "United States",
    "EA19": "Euro area (19)",
    "OECD": "OECD total",
}


# --------------------------------------------------------------------------
# Levels
# --------------------------------------------------------------------------


def country_levels(levels: pd.DataFrame, country: str, value: str = "gdp_per_hour") -> pd.Series:
    """One country's productivity level by year from a long file (``country, year, <value>``)."""
    return levels[levels["country"] == country].set_index("year")[value]


def productivity_from_pwt(pwt: pd.DataFrame) -> pd.DataFrame:
    """GDP per hour worked (2017 US dollars) from Penn World Table inputs.

    ``rgdpna`` is in million US dollars and ``emp`` in million persons, so the
    millions cancel: rgdpna / (emp x avh) is dollars per hour.
    """
    per_hour = pwt["rgdpna_usd2017_mn"] / (pwt["emp_mn"] * pwt["avh_hours"])
    return pd.DataFrame(
        {"country": pwt["country"], "year": pwt["year"].astype(int), "gdp_per_hour": per_hour.astype(float)}
    )


def productivity_from_totals(totals: pd.DataFrame) -> pd.DataFrame:
    """GDP per hour worked (2021 international dollars) from GDP and total hours."""
    per_hour = totals["gdp_ppp_intl_usd2021"] / totals["total_hours"]
    return pd.DataFrame(
        {"country": totals["country"], "year": totals["year"].astype(int), "gdp_per_hour": per_hour.astype(float)}
    )


def annual_average(quarterly: pd.DataFrame, value: str) -> pd.Series:
    """Calendar-year means of a quarterly series (``period`` like ``1995Q1``), complete years only."""
    years = quarterly["period"].str[:4].astype(int)
    grouped = quarterly[value].astype(float).groupby(years)
    return grouped.mean()[grouped.count() == 4]


# --------------------------------------------------------------------------
# Growth rates
# --------------------------------------------------------------------------


def mean_growth_pct(levels: pd.Series, first: int, last: int) -> float:
    """Mean of the year-on-year growth rates of the years ``first`` to ``last``.

    The rate of year ``t`` is the growth from ``t-1`` to ``t``, so the mean over
    ``first..last`` uses the levels from ``first-1`` to ``last``.
    """
    rates = annual_growth_pct(levels).loc[first:last]
    if rates.isna().any() or len(rates) != last - first + 1:
        raise KeyError(f"levels do not cover {first - 1} to {last}")
    return float(rates.mean())


def era_growth(levels: pd.Series, eras: list[tuple[str, int, int]]) -> pd.DataFrame:
    """Compound growth over each named era ``(label, first_year, last_year)``."""
    return pd.DataFrame(
        [
            {"era": label, "first_year": first, "last_year": last, "growth_pct": cagr_pct(levels, first, last)}
            for label, first, last in eras
        ]
    )


def period_growth(levels: pd.Series, start: int, end: int) -> dict[str, float]:
    """The three ways of stating growth over ``start``–``end``.

    Returns
    -------
    dict
        ``cagr`` (compound, ``start`` to ``end``), ``mean_inclusive`` (mean of
        the rates of the years ``start`` to ``end``, as the article counts) and
        ``mean_window`` (mean of the rates of ``start+1`` to ``end``: the
        growth that happens inside the window), all in percent a year.
    """
    return {
        "cagr": cagr_pct(levels, start, end),
        "mean_inclusive": mean_growth_pct(levels, start, end),
        "mean_window": mean_growth_pct(levels, start + 1, end),
    }


def source_comparison(
    sources: dict[str, pd.DataFrame], country: str, base_year: int, periods: tuple[tuple[int, int], ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same growth figures from several productivity sources, and each source's level as an index.

    Parameters
    ----------
    sources : dict
        Source label -> long frame with ``country``, ``year``, ``gdp_per_hour``.
    country : str
        The country compared (ISO code).
    base_year : int
        The year in which each index is 100.
    periods : tuple of (int, int)
        The periods over which growth is stated.

    Returns
    -------
    (DataFrame, DataFrame)
        By source: ``<first>–<last> CAGR (%)`` for each period, then
        ``<first>–<last> mean of rates (%)`` for each period, then ``last
        year``; and the long index frame (``source``, ``year``, ``index``).
    """
    rows, indexed = [], []
    for name, frame in sources.items():
        levels = country_levels(frame, country)
        row = {"source": name}
        row.update({f"{a}–{b} CAGR (%)": cagr_pct(levels, a, b) for a, b in periods})
        row.update({f"{a}–{b} mean of rates (%)": mean_growth_pct(levels, a, b) for a, b in periods})
        row["last year"] = int(levels.index.max())
        rows.append(row)
        indexed.append(
            pd.DataFrame({"source": name, "year": levels.index, "index": 100 * levels / levels.loc[base_year]})
        )
    return pd.DataFrame(rows).set_index("source"), pd.concat(indexed)


def era_table(parts: list[tuple[pd.DataFrame, str, list[tuple[str, int, int]]]], countries: list[str]) -> pd.DataFrame:
    """Compound growth by country (rows, display names) and era (columns, in the order given).

    ``parts`` lists ``(levels, value column, eras)``: each long file with the
    eras it is used for (an era is ``(label, first_year, last_year)``).
    """
    rows = [
        era_growth(country_levels(levels, country, value), eras).assign(country=COUNTRY_NAMES[country])
        for levels, value, eras in parts
        for country in countries
    ]
    table = pd.concat(rows).pivot(index="country", columns="era", values="growth_pct")
    return table[[label for _, _, eras in parts for label, *_ in eras]]


# --------------------------------------------------------------------------
# Broken trends
# --------------------------------------------------------------------------


def _design(years: np.ndarray, breaks: tuple[int, ...]) -> np.ndarray:
    columns = [np.ones_like(years, dtype=float), years - years[0]]
    columns += [np.maximum(0.0, years - tau) for tau in breaks]
    return np.column_stack(columns).astype(float)


@dataclass
class BrokenTrend:
    """A fitted continuous broken trend of log productivity."""

    years: np.ndarray
    log_levels: np.ndarray
    breaks: tuple[int, ...]
    result: sm.regression.linear_model.RegressionResultsWrapper = field(repr=False)

    @property
    def segments(self) -> list[tuple[int, int]]:
        """First and last year of each segment (breaks are shared boundaries)."""
        edges = [int(self.years[0]), *self.breaks, int(self.years[-1])]
        return list(zip(edges[:-1], edges[1:], strict=False))

    @property
    def ssr(self) -> float:
        return float(self.result.ssr)

    @property
    def bic(self) -> float:
        """BIC counting each estimated break year as a parameter."""
        n, k = len(self.years), self.result.df_model + 1 + len(self.breaks)
        return float(n * np.log(self.ssr / n) + k * np.log(n))

    def slopes(self, alpha: float = 0.05) -> pd.DataFrame:
        """Trend growth per segment in log points ×100 (≈ percent a year), with HAC intervals."""
        rows = []
        for segment, (first, last) in enumerate(self.segments):
            contrast = np.zeros(len(self.result.params))
            contrast[1 : 2 + segment] = 1.0
            test = self.result.t_test(contrast)
            low, high = np.asarray(test.conf_int(alpha=alpha)).ravel()
            rows.append(
                {
                    "segment": segment + 1,
                    "first_year": first,
                    "last_year": last,
                    "slope_pct": 100 * float(np.asarray(test.effect).ravel()[0]),
                    "se_pct": 100 * float(np.asarray(test.sd).ravel()[0]),
                    "ci_low_pct": 100 * low,
                    "ci_high_pct": 100 * high,
                }
            )
        return pd.DataFrame(rows)

    def fitted(self) -> pd.Series:
        """Fitted log productivity by year."""
        return pd.Series(self.result.fittedvalues, index=self.years.astype(int))


def fit_broken_trend(years, log_levels, breaks: tuple[int, ...] = ()) -> BrokenTrend:
    """OLS fit of the continuous broken trend with kinks at ``breaks``; HAC covariance."""
    years = np.asarray(years, dtype=float)
    y = np.asarray(log_levels, dtype=float)
    if not np.all(np.diff(years) == 1):
        raise ValueError("fit_broken_trend needs consecutive years")
    breaks = tuple(sorted(int(b) for b in breaks))
    if any(b <= years[0] or b >= years[-1] for b in breaks):
        raise ValueError("breaks must lie strictly inside the sample")
    model = sm.OLS(y, _design(years, breaks))
    result = model.fit(cov_type="HAC", cov_kwds={"maxlags": newey_west_lags(len(y))})
    return BrokenTrend(years=years, log_levels=y, breaks=breaks, result=result)


def _ssr(years: np.ndarray, y: np.ndarray, breaks: tuple[int, ...]) -> float:
    design = _design(years, breaks)
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    return float(resid @ resid)


def _candidates(years: np.ndarray, min_segment: int) -> list[int]:
    return [int(t) for t in years if t - years[0] >= min_segment and years[-1] - t >= min_segment]


@lru_cache(maxsize=64)
def _bases(
    first_year: int, nobs: int, n_breaks: int, min_segment: int
) -> tuple[tuple[tuple[int, ...], ...], np.ndarray]:
    """All admissible break combinations and orthonormal bases of their designs.

    The designs depend only on the years, so they are factorised once; the SSR
    of any series under combination ``c`` is then ``y'y - |Q_c' y|^2``.
    """
    years = np.arange(first_year, first_year + nobs, dtype=float)
    combos = tuple(
        combo
        for combo in itertools.combinations(_candidates(years, min_segment), n_breaks)
        if all(b - a >= min_segment for a, b in zip(combo, combo[1:], strict=False))
    )
    if not combos:
        raise ValueError(f"no room for {n_breaks} breaks with segments of at least {min_segment} years")
    bases = np.stack([np.linalg.qr(_design(years, combo))[0] for combo in combos])
    return combos, bases


def _ssr_all(years: np.ndarray, y: np.ndarray, n_breaks: int, min_segment: int) -> tuple[tuple, np.ndarray]:
    combos, bases = _bases(int(years[0]), len(years), n_breaks, min_segment)
    projections = np.einsum("cnk,n->ck", bases, y)
    return combos, float(y @ y) - np.sum(projections**2, axis=1)


def _best_breaks(years, y, n_breaks: int, min_segment: int) -> tuple[tuple[int, ...], float]:
    if n_breaks == 0:
        return (), _ssr(years, y, ())
    combos, ssr = _ssr_all(np.asarray(years, dtype=float), np.asarray(y, dtype=float), n_breaks, min_segment)
    best = int(np.argmin(ssr))
    return combos[best], float(ssr[best])


def estimate_breaks(
    years, log_levels, max_breaks: int = 2, min_segment: int = 5, n_breaks: int | None = None
) -> BrokenTrend:
    """Estimate break years by least squares; choose their number (0..max) by BIC.

    With ``n_breaks`` given, that many breaks are estimated and BIC is not used.
    """
    years = np.asarray(years, dtype=float)
    y = np.asarray(log_levels, dtype=float)
    counts = [n_breaks] if n_breaks is not None else range(max_breaks + 1)
    fits = [fit_broken_trend(years, y, _best_breaks(years, y, k, min_segment)[0]) for k in counts]
    return min(fits, key=lambda fit: fit.bic)


def chow_test(years, log_levels, break_year: int) -> dict[str, float]:
    """Test for a kink at a given year: classic F and a HAC Wald test.

    Despite the function's name (kept for the exercises that call it) this is a
    *kink test* of one restriction, not a Chow test, which would let every
    coefficient differ after the break. The classic F assumes independent
    errors; the HAC Wald test allows for autocorrelation but, with the two to
    three dozen years of a window, its standard error is biased downwards: read
    both with :func:`kink_inference`, which adds the small-sample corrections.
    """
    years = np.asarray(years, dtype=float)
    y = np.asarray(log_levels, dtype=float)
    n = len(y)
    ssr0, ssr1 = _ssr(years, y, ()), _ssr(years, y, (break_year,))
    f_stat = (ssr0 - ssr1) / (ssr1 / (n - 3))
    kinked = fit_broken_trend(years, y, (break_year,))
    wald = kinked.result.wald_test(np.array([[0.0, 0.0, 1.0]]), use_f=True, scalar=True)
    return {
        "f_stat": float(f_stat),
        "f_pvalue": float(stats.f.sf(f_stat, 1, n - 3)),
        "hac_f_stat": float(wald.statistic),
        "hac_pvalue": float(wald.pvalue),
        "slope_change_pct": 100 * float(kinked.result.params[2]),
    }


@dataclass(frozen=True)
class _Fits:
    """The two covariance versions of one OLS fit, as :func:`smallsample.hac_comparison` reads them."""

    ols: sm.regression.linear_model.RegressionResultsWrapper
    hac: sm.regression.linear_model.RegressionResultsWrapper
    maxlags: int


def kink_inference(years, log_levels, break_year: int, n_sim: int = 4000, seed: int = 0) -> dict[str, float]:
    """Slope change at ``break_year`` with OLS, HAC, corrected HAC and fixed-b p-values side by side.

    Returns
    -------
    dict
        ``slope_change_pct`` (percentage points a year), ``se_ols_pct``, ``se_hac_pct``,
        ``hac_to_ols``; p-values ``p_ols``, ``p_hac``, ``p_hac_df`` and ``p_fixed_b`` (see
        :func:`ailayoffs.smallsample.hac_comparison`); ``n``, ``maxlags``, ``b`` and
        ``n_sim`` (simulations behind the fixed-b p-value, whose floor is ``1/(n_sim+1)``).
    """
    years = np.asarray(years, dtype=float)
    y = np.asarray(log_levels, dtype=float)
    kinked = fit_broken_trend(years, y, (int(break_year),))
    maxlags = newey_west_lags(len(y))
    model = sm.OLS(y, _design(kinked.years, kinked.breaks))
    row = hac_comparison(_Fits(model.fit(), kinked.result, maxlags), n_sim=n_sim, seed=seed)
    change, table = row.iloc[2], row.attrs
    return {
        "slope_change_pct": 100 * float(change["coef"]),
        "se_ols_pct": 100 * float(change["se_ols"]),
        "se_hac_pct": 100 * float(change["se_hac"]),
        "hac_to_ols": float(change["hac_to_ols"]),
        **{key: float(change[key]) for key in ("p_ols", "p_hac", "p_hac_df", "p_fixed_b")},
        "n": len(y),
        "maxlags": maxlags,
        "b": float(table["b"]),
        "n_sim": int(table["n_sim"]),
    }


def sup_f_test(years, log_levels, min_segment: int = 5, n_boot: int = 999, seed: int = 0) -> dict[str, float]:
    """Test for one kink at an unknown year: sup-F with a block-bootstrap p-value.

    The statistic is the largest F of a kink over all admissible years
    (Andrews' sup-F). Its null distribution is simulated by adding
    block-resampled residuals of the no-break trend to that trend.
    """
    years = np.asarray(years, dtype=float)
    y = np.asarray(log_levels, dtype=float)
    n = len(y)

    def sup_f(series: np.ndarray) -> tuple[float, int]:
        ssr0 = _ssr(years, series, ())
        combos, ssr1 = _ssr_all(years, series, 1, min_segment)
        f_stats = (ssr0 - ssr1) / (ssr1 / (n - 3))
        best = int(np.argmax(f_stats))
        return float(f_stats[best]), int(combos[best][0])

    null_design = _design(years, ())
    coef, *_ = np.linalg.lstsq(null_design, y, rcond=None)
    fitted, resid = null_design @ coef, y - null_design @ coef
    observed, at, pvalue = sup_f_bootstrap(sup_f, y, fitted, resid, n_boot, seed)
    return {"sup_f": observed, "break_year": at, "pvalue": pvalue}


def bootstrap_break_years(
    fit: BrokenTrend, min_segment: int = 5, n_boot: int = 499, seed: int = 0, level: float = 0.90
) -> pd.DataFrame:
    """Percentile intervals for the break years by a moving-block residual bootstrap.

    Each replication adds block-resampled residuals to the fitted broken trend
    and re-estimates the same number of breaks.
    """
    if not fit.breaks:
        return pd.DataFrame(columns=["break", "estimate", "low", "high"])
    rng = np.random.default_rng(seed)
    fitted = np.asarray(fit.result.fittedvalues)
    resid = fit.log_levels - fitted
    block = block_length(len(resid))
    draws = np.array(
        [
            _best_breaks(fit.years, fitted + block_resample(resid, block, rng), len(fit.breaks), min_segment)[0]
            for _ in range(n_boot)
        ]
    )
    tail = (1 - level) / 2
    return pd.DataFrame(
        [
            {
                "break": k + 1,
                "estimate": fit.breaks[k],
                "low": int(np.floor(np.quantile(draws[:, k], tail))),
                "high": int(np.ceil(np.quantile(draws[:, k], 1 - tail))),
            }
            for k in range(len(fit.breaks))
        ]
    )


def break_table(
    levels: pd.DataFrame,
    countries: list[str],
    value: str,
    max_breaks: int,
    min_segment: int,
    n_boot: int,
    seed: int,
    level: float,
) -> tuple[pd.DataFrame, dict[str, BrokenTrend]]:
    """Broken trends of several countries' log productivity, as a table for reading and as fits.

    Each country's breaks are estimated by :func:`estimate_breaks` and their
    years given bootstrap intervals by :func:`bootstrap_break_years`.

    Returns
    -------
    (DataFrame, dict)
        One row per segment: ``country``, ``segment`` (years), ``trend growth
        (% a year)``, ``95 % CI (HAC)`` and ``break ends segment`` (the break
        year with its bootstrap interval, "–" for the last segment); and the
        fit of each country.
    """
    rows, fits = [], {}
    for country in countries:
        series = country_levels(levels, country, value)
        fit = estimate_breaks(series.index, np.log(series.to_numpy()), max_breaks=max_breaks, min_segment=min_segment)
        fits[country] = fit
        intervals = bootstrap_break_years(
            fit, min_segment=min_segment, n_boot=n_boot, seed=seed, level=level
        ).set_index("break")
        for _, segment in fit.slopes().iterrows():
            k = int(segment["segment"])
            ends = (
                f"{intervals.loc[k, 'estimate']} ({100 * level:.0f} % bootstrap: "
                f"{intervals.loc[k, 'low']}–{intervals.loc[k, 'high']})"
                if k in intervals.index
                else "–"
            )
            rows.append(
                {
                    "country": COUNTRY_NAMES[country],
                    "segment": f"{int(segment['first_year'])}–{int(segment['last_year'])}",
                    "trend growth (% a year)": segment["slope_pct"],
                    "95 % CI (HAC)": f"{segment['ci_low_pct']:.2f} to {segment['ci_high_pct']:.2f}",
                    "break ends segment": ends,
                }
            )
    return pd.DataFrame(rows), fits


# --------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------


def scenario_paths(
    start_year: int, end_year: int, baseline_pct: float, scenarios: dict[str, list[tuple[int, int, float]]]
) -> pd.DataFrame:
    """Productivity level paths (start year = 100) under growth scenarios.

    Parameters
    ----------
    start_year, end_year : int
        The last observed year (level 100) and the horizon.
    baseline_pct : float
        Growth in percent a year where a scenario says nothing.
    scenarios : dict
        Name -> list of ``(first_year, last_year, growth_pct)`` spans; years
        outside every span grow at ``baseline_pct``. A "baseline" path is
        always included.

    Returns
    -------
    pandas.DataFrame
        ``scenario``, ``year``, ``growth_pct`` and ``level`` (start year = 100).
    """
    years = np.arange(start_year, end_year + 1)
    rows = []
    for name, spans in {"baseline": [], **scenarios}.items():
        level = 100.0
        for year in years:
            growth = baseline_pct
            for first, last, rate in spans:
                if first <= year <= last:
                    growth = rate
            if year > start_year:
                level *= 1 + growth / 100
            rows.append(
                {
                    "scenario": name,
                    "year": int(year),
                    "growth_pct": float(growth if year > start_year else np.nan),
                    "level": level,
                }
            )
    return pd.DataFrame(rows)


def forecast_scenarios(
    forecasts: pd.DataFrame, baseline_pct: float, last_year: int, horizon: int, gs_years: int
) -> tuple[dict[str, list[tuple[int, int, float]]], dict[str, str]]:
    """The published forecasts as growth scenarios for :func:`scenario_paths`, with their chart labels.

    Parameters
    ----------
    forecasts : DataFrame
        ``productivity_forecasts`` indexed by ``forecast_id`` (``low_pp``, ``high_pp``).
    baseline_pct : float
        The recent trend, percent a year: the uplifts (Goldman Sachs, McKinsey)
        are added to it; the IW projection replaces it.
    last_year, horizon : int
        The last observed year and the end of the paths.
    gs_years : int
        How many years the Goldman Sachs uplift lasts, from the year after ``last_year``.
    """
    after = last_year + 1
    scenarios = {
        "gs": [(after, last_year + gs_years, baseline_pct + forecasts.loc["gs_genai_us", "high_pp"])],
        "mck_genai_low": [(after, horizon, baseline_pct + forecasts.loc["mck_genai", "low_pp"])],
        "mck_genai_high": [(after, horizon, baseline_pct + forecasts.loc["mck_genai", "high_pp"])],
        "mck_all_high": [(after, horizon, baseline_pct + forecasts.loc["mck_automation_a", "high_pp"])],
        "iw": [
            (2025, 2030, forecasts.loc["iw_2025_2030", "low_pp"]),
            (2031, 2040, forecasts.loc["iw_2030_2040", "low_pp"]),
        ],
    }
    labels = {
        "baseline": f"recent trend ({baseline_pct:.2f} % a year)",
        "gs": "Goldman Sachs: + uplift for ten years",
        "mck_genai_low": "McKinsey, generative AI: low",
        "mck_genai_high": "McKinsey, generative AI: high",
        "mck_all_high": "McKinsey, all automation: high",
        "iw": "IW Köln projection for Germany",
    }
    return scenarios, labels


def fastest_cagr_pct(levels: pd.Series, years: int) -> float:
    """The highest compound growth over any ``years``-year span of an annual series, percent a year."""
    first, last = int(levels.index.min()), int(levels.index.max())
    return max(cagr_pct(levels, start, start + years) for start in range(first, last - years + 1))
