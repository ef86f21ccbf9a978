"""How the bargain is negotiated in Germany: collective-bargaining coverage and union density over time.

Values are percentages (``value_pct``); changes are in percentage points
(``*_pp``), trends in percentage points per decade (``*_pp_per_decade``) from
an ordinary least-squares line through the years available.

Functions take ``de_collective_bargaining_oecd`` as loaded and never load data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "SERIES_LABELS",
    "change_pp",
    "first_annual_year",
    "largest_jump_year",
    "series",
    "summary",
    "trend_pp_per_decade",
]

SERIES_LABELS = {
    "bargaining_coverage": "Collective-bargaining coverage",
    "union_density": "Trade-union density",
}


def series(frame: pd.DataFrame, series_id: str) -> pd.Series:
    """One series as values indexed by year, in year order."""
    if series_id not in set(frame["series_id"]):
        raise KeyError(f"no series '{series_id}'; have {sorted(set(frame['series_id']))}")
    rows = frame[frame["series_id"] == series_id]
    values = rows.set_index(rows["year"].astype("int64"))["value_pct"].astype("float64").sort_index()
    values.index.name = "year"
    return values


def change_pp(frame: pd.DataFrame, series_id: str, start: int, end: int) -> float:
    """Change of a series between two years it has, in percentage points."""
    values = series(frame, series_id)
    missing = [y for y in (start, end) if y not in values.index]
    if missing:
        raise KeyError(f"'{series_id}' has no value for {missing}")
    return float(values[end] - values[start])


def trend_pp_per_decade(frame: pd.DataFrame, series_id: str, start: int, end: int) -> float:
    """Least-squares slope of a series over the years ``start``..``end`` it has, per decade.

    Raises
    ------
    ValueError
        If fewer than two years of the series fall in the range.
    """
    values = series(frame, series_id)
    window = values[(values.index >= start) & (values.index <= end)]
    if len(window) < 2:
        raise ValueError(f"'{series_id}' has {len(window)} value(s) in {start}-{end}; a trend needs two")
    slope = np.polyfit(window.index.to_numpy(dtype="float64"), window.to_numpy(), 1)[0]
    return float(10.0 * slope)


def summary(frame: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """For each series: its first and last year in ``start``..``end``, values, change and trend.

    Returns
    -------
    DataFrame
        Indexed by ``series_id``: ``label``, ``first_year``, ``first_pct``,
        ``last_year``, ``last_pct``, ``change_pp``, ``trend_pp_per_decade``,
        ``n_years``.
    """
    rows = {}
    for series_id in SERIES_LABELS:
        if series_id not in set(frame["series_id"]):
            continue
        values = series(frame, series_id)
        window = values[(values.index >= start) & (values.index <= end)]
        if window.empty:
            raise ValueError(f"'{series_id}' has no value in {start}-{end}")
        first, last = int(window.index[0]), int(window.index[-1])
        rows[series_id] = {
            "label": SERIES_LABELS[series_id],
            "first_year": first,
            "first_pct": float(window.iloc[0]),
            "last_year": last,
            "last_pct": float(window.iloc[-1]),
            "change_pp": float(window.iloc[-1] - window.iloc[0]),
            "trend_pp_per_decade": trend_pp_per_decade(frame, series_id, start, end),
            "n_years": int(len(window)),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def largest_jump_year(frame: pd.DataFrame, series_id: str) -> int:
    """The year whose value differs most from the year before (consecutive years only).

    A jump of that size in a national series usually marks a break (a change of
    territory or method) rather than a change in behaviour.

    Raises
    ------
    ValueError
        If the series has no two consecutive years.
    """
    values = series(frame, series_id)
    years = values.index.to_numpy(dtype="int64")
    consecutive = np.diff(years) == 1
    if not consecutive.any():
        raise ValueError(f"'{series_id}' has no two consecutive years")
    jumps = np.abs(np.diff(values.to_numpy(dtype="float64")))
    jumps[~consecutive] = -1.0
    return int(years[1:][int(np.argmax(jumps))])


def first_annual_year(frame: pd.DataFrame, series_id: str) -> int:
    """The first year from which the series has a value every year (the start of its first run of consecutive years)."""
    years = series(frame, series_id).index.to_numpy(dtype="int64")
    steps = np.flatnonzero(np.diff(years) == 1)
    if steps.size == 0:
        raise ValueError(f"'{series_id}' has no two consecutive years")
    return int(years[steps[0]])
