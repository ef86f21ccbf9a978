"""Labour-share trends and breaks, and the arithmetic of wage spreads.

Trend: ordinary least squares of the labour share (percent of GDP) on the year,
``s_t = a + b t + e_t``; the slope ``b`` is reported in percentage points per
decade (``10 b``) with a confidence interval from the OLS standard error. The
residuals of annual shares are autocorrelated, so the interval is too narrow and
is labelled as such in the chapter.

Break: one break year ``k`` splitting the sample into two separately fitted
lines, chosen to minimise the total sum of squared residuals (the single-break
case of Bai and Perron), each segment at least ``min_segment`` years long.

Spread decomposition: the P90/P10 ratio moves by the ratio of the two
percentiles' growth factors, ``(D9/D1)_1 = (D9/D1)_0 (1 + g_90) / (1 + g_10)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm

__all__ = ["best_break", "country_series", "fitted_lines", "ratio_after_growth", "trend", "trends_table"]


def country_series(frame: pd.DataFrame, country: str, start: int, end: int) -> pd.DataFrame:
    """One country's measured (not imputed) labour share in percent, ``start``..``end``.

    Raises
    ------
    ValueError
        If the window holds imputed years or fewer than five observations.
    """
    rows = frame[(frame["country"] == country) & frame["year"].between(start, end)]
    if bool(rows["imputed"].any()):
        raise ValueError(f"{country} {start}-{end} includes imputed years; start after the last imputed year")
    if len(rows) < 5:
        raise ValueError(f"too few years for {country} in {start}-{end}: {len(rows)}")
    return pd.DataFrame(
        {"year": rows["year"].astype(int).to_numpy(), "share_pct": 100 * rows["labour_share"].to_numpy(dtype=float)}
    )


def trend(series: pd.DataFrame, level: float = 0.95) -> dict:
    """OLS trend of ``share_pct`` on ``year``: slope in percentage points per decade with its interval."""
    model = sm.OLS(series["share_pct"].to_numpy(), sm.add_constant(series["year"].to_numpy(dtype=float))).fit()
    low, high = model.conf_int(1 - level)[1]
    return {
        "slope_pp_decade": float(10 * model.params[1]),
        "ci_low": float(10 * low),
        "ci_high": float(10 * high),
        "n": int(model.nobs),
        "start": int(series["year"].min()),
        "end": int(series["year"].max()),
        "change_pp": float(series["share_pct"].iloc[-1] - series["share_pct"].iloc[0]),
    }


def trends_table(frame: pd.DataFrame, countries, start: int, end: int, level: float = 0.95) -> pd.DataFrame:
    """:func:`trend` for each country, one row each, with a ``direction`` read from the interval."""
    rows = []
    for country in countries:
        result = trend(country_series(frame, country, start, end), level)
        result["country"] = country
        result["direction"] = (
            "falling" if result["ci_high"] < 0 else "rising" if result["ci_low"] > 0 else "no clear trend"
        )
        rows.append(result)
    return pd.DataFrame(rows).set_index("country")


def _ssr(years: np.ndarray, values: np.ndarray) -> float:
    coefficients = np.polyfit(years, values, 1)
    return float(((values - np.polyval(coefficients, years)) ** 2).sum())


def best_break(series: pd.DataFrame, min_segment: int = 6) -> dict:
    """The single break year that best splits the series into two linear trends.

    Returns
    -------
    dict
        ``break_year`` (first year of the second segment), ``slope_before`` and
        ``slope_after`` (percentage points per decade) and ``ssr``.
    """
    years = series["year"].to_numpy(dtype=float)
    values = series["share_pct"].to_numpy(dtype=float)
    if len(years) < 2 * min_segment:
        raise ValueError(f"need at least {2 * min_segment} years for a break, got {len(years)}")
    best = None
    for split in range(min_segment, len(years) - min_segment + 1):
        ssr = _ssr(years[:split], values[:split]) + _ssr(years[split:], values[split:])
        if best is None or ssr < best[1]:
            best = (split, ssr)
    split = best[0]
    return {
        "break_year": int(years[split]),
        "ssr": float(best[1]),
        "slope_before": float(10 * np.polyfit(years[:split], values[:split], 1)[0]),
        "slope_after": float(10 * np.polyfit(years[split:], values[split:], 1)[0]),
    }


def fitted_lines(frame: pd.DataFrame, countries, start: int, end: int, min_segment: int = 6) -> pd.DataFrame:
    """Observed shares with the single-trend and the broken-trend fits, for charting.

    Returns
    -------
    DataFrame
        ``country``, ``year``, ``share_pct``, ``trend_pct`` (one line),
        ``broken_pct`` (two segments), ``segment`` (``before``/``after``),
        ``break_year``.
    """
    parts = []
    for country in countries:
        series = country_series(frame, country, start, end)
        years = series["year"].to_numpy(dtype=float)
        line = np.polyval(np.polyfit(years, series["share_pct"], 1), years)
        found = best_break(series, min_segment)
        after = years >= found["break_year"]
        broken = np.empty_like(line)
        for mask in (~after, after):
            broken[mask] = np.polyval(np.polyfit(years[mask], series["share_pct"][mask], 1), years[mask])
        parts.append(
            series.assign(
                country=country,
                trend_pct=line,
                broken_pct=broken,
                segment=np.where(after, "after", "before"),
                break_year=found["break_year"],
            )
        )
    return pd.concat(parts, ignore_index=True)


def ratio_after_growth(ratio: float, growth_top_pct: float, growth_bottom_pct: float) -> float:
    """The P90/P10 ratio after the top grows by ``growth_top_pct`` and the bottom by ``growth_bottom_pct``."""
    if ratio <= 0 or growth_bottom_pct <= -100 or growth_top_pct <= -100:
        raise ValueError("ratio must be positive and growth above -100 %")
    return float(ratio * (1 + growth_top_pct / 100) / (1 + growth_bottom_pct / 100))
