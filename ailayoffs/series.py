"""Shared series shapes and the book's three percentage concepts.

Every topic module reshapes its long data files with the same few helpers and
states change in one of three ways; they live here once:

* **shape**: :func:`wide_quarterly`, :func:`wide_annual` (long ``period|year,
  metric, value`` files to one column per metric, every period present, a
  missing one NaN), :func:`trailing_sums` (four-quarter totals that never
  bridge a gap);
* **growth**: :func:`growth_pct` (one value on another), :func:`yoy_growth_pct`
  (each quarter on the same quarter a year earlier), :func:`annual_growth_pct`
  (each year on the year before);
* **share or ratio**: :func:`share_pct` (a part in percent of a whole);
* **compound growth**: :func:`cagr_pct` (percent a year between two years).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "annual_growth_pct",
    "cagr_pct",
    "growth_pct",
    "quarter",
    "share_pct",
    "trailing_sums",
    "wide_annual",
    "wide_quarterly",
    "yoy_growth_pct",
]


# --------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------


def quarter(label: str) -> pd.Period:
    """A quarter label such as ``"2025Q2"`` as the ``pd.Period`` that indexes the wide tables."""
    return pd.Period(label, freq="Q")


def wide_quarterly(long: pd.DataFrame, metrics: list[str] | None = None) -> pd.DataFrame:
    """Quarterly results in long form (``period, metric, value``) to one column per metric.

    The index is a quarterly ``PeriodIndex`` covering every quarter from the
    first to the last, so missing quarters are NaN rather than absent.
    """
    table = long.pivot(index="period", columns="metric", values="value").astype(float)
    if metrics is not None:
        table = table.reindex(columns=metrics)
    table.index = pd.PeriodIndex(table.index, freq="Q")
    full = pd.period_range(table.index.min(), table.index.max(), freq="Q")
    return table.reindex(full)


def wide_annual(long: pd.DataFrame, metrics: list[str] | None = None) -> pd.DataFrame:
    """Annual results in long form (``year, metric, value``) to one column per metric.

    The index holds every year from the first to the last, so a year without a
    sourced value is NaN rather than absent (the annual counterpart of
    :func:`wide_quarterly`).
    """
    table = long.pivot(index="year", columns="metric", values="value").astype(float)
    if metrics is not None:
        table = table.reindex(columns=metrics)
    table.index = table.index.astype(int)
    return table.reindex(range(int(table.index.min()), int(table.index.max()) + 1)).rename_axis("year")


def trailing_sums(series: pd.Series, quarters: int = 4) -> pd.Series:
    """Sum of each quarter and the ``quarters - 1`` before it; NaN unless every one is sourced.

    A missing quarter is never treated as zero nor bridged by an earlier one,
    so ``series`` must have a complete quarterly ``PeriodIndex`` (missing
    quarters as NaN rows, as :func:`wide_quarterly` returns).

    Raises
    ------
    TypeError
        If the index is not quarterly periods.
    ValueError
        If the index skips a quarter or is out of order.
    """
    if not isinstance(series.index, pd.PeriodIndex) or series.index.freqstr[0] != "Q":
        raise TypeError("trailing_sums needs a quarterly PeriodIndex")
    ordinals = np.array([p.ordinal for p in series.index])
    if len(ordinals) > 1 and not np.all(np.diff(ordinals) == 1):
        raise ValueError("trailing_sums needs consecutive quarters (reindex missing ones to NaN first)")
    return series.astype(float).rolling(quarters, min_periods=quarters).sum()


# --------------------------------------------------------------------------
# Growth
# --------------------------------------------------------------------------


def growth_pct(current, previous):
    """Growth of ``current`` on ``previous`` in percent: ``100 (current / previous - 1)``.

    Works on scalars and aligned Series. Where ``previous`` is zero, negative
    or missing the growth is undefined and NaN is returned: a profit after a
    loss is not a growth rate.
    """
    if np.ndim(current) == 0 and np.ndim(previous) == 0:
        if current is None or previous is None or pd.isna(current) or pd.isna(previous) or previous <= 0:
            return float("nan")
        return 100.0 * (float(current) / float(previous) - 1.0)
    current, previous = pd.Series(current).astype(float), pd.Series(previous).astype(float)
    return 100.0 * (current / previous.where(previous > 0) - 1.0)


def yoy_growth_pct(series: pd.Series) -> pd.Series:
    """Growth on the same quarter a year earlier, in percent (NaN where either is missing)."""
    if not isinstance(series.index, pd.PeriodIndex):
        raise TypeError("yoy_growth_pct needs a quarterly PeriodIndex")
    year_ago = series.reindex(series.index - 4)
    return pd.Series(100.0 * (series.to_numpy() / year_ago.to_numpy() - 1.0), index=series.index)


def _by_year(levels: pd.Series) -> pd.Series:
    series = levels.astype(float).sort_index()
    if series.index.has_duplicates:
        raise ValueError("levels must have one value per year")
    return series


def annual_growth_pct(levels: pd.Series) -> pd.Series:
    """Year-on-year growth in percent, indexed by the later year (NaN for the first).

    Raises
    ------
    ValueError
        If a year appears twice or the years are not consecutive.
    """
    series = _by_year(levels)
    years = series.index.to_numpy()
    if len(years) > 1 and not np.all(np.diff(years) == 1):
        raise ValueError("annual_growth_pct needs consecutive years")
    return 100.0 * series.pct_change()


# --------------------------------------------------------------------------
# Shares and compound growth
# --------------------------------------------------------------------------


def share_pct(part, whole):
    """``100 * part / whole``: a share or a ratio in percent; NaN where ``whole`` is zero or negative.

    A share of a negative total (an operating loss, a negative cash flow) has
    no meaning, so it is not computed. Works on scalars and aligned Series.
    """
    if np.ndim(part) == 0 and np.ndim(whole) == 0:
        if pd.isna(part) or pd.isna(whole) or whole <= 0:
            return float("nan")
        return 100.0 * float(part) / float(whole)
    whole = pd.Series(whole).astype(float)
    return (100.0 * pd.Series(part).astype(float) / whole.where(whole > 0)).astype(float)


def cagr_pct(levels: pd.Series | pd.DataFrame, start: int, end: int):
    """Compound annual growth rate from year ``start`` to year ``end``, in percent a year.

    ``levels`` is indexed by year: a Series gives one rate, a DataFrame one
    rate per column.

    Raises
    ------
    KeyError
        If ``start`` or ``end`` is not in the index.
    ValueError
        If ``end`` is not after ``start`` or a year appears twice.
    """
    if end <= start:
        raise ValueError("end must be after start")
    if levels.index.has_duplicates:
        raise ValueError("levels must have one value per year")
    for year in (start, end):
        if year not in levels.index:
            raise KeyError(f"no value for {year}")
    rate = 100.0 * ((levels.loc[end].astype(float) / levels.loc[start].astype(float)) ** (1.0 / (end - start)) - 1.0)
    return float(rate) if np.ndim(rate) == 0 else rate
