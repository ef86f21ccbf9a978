"""Figures for the ethics chapter: was it a record, and who gains and who pays.

Works on the wide quarterly and annual results (:func:`ailayoffs.series.wide_quarterly`,
:func:`ailayoffs.series.wide_annual`), in million US dollars.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .series import trailing_sums

__all__ = ["RecordCheck", "last_reported_before", "per_person_usd_thousand", "record_check"]


@dataclass(frozen=True)
class RecordCheck:
    """Whether a quarter's figure, and its trailing-twelve-month sum, were the highest so far.

    Attributes
    ----------
    period : str
        The quarter checked.
    quarter_usd_mn, quarter_rank : float, int
        The quarter's figure and its rank among all sourced quarters up to it (1 = highest).
    best_quarter, best_quarter_usd_mn : str, float
        The highest quarter up to ``period`` and its figure.
    ttm_usd_mn, ttm_rank : float, int
        Trailing-twelve-month sum at ``period`` and its rank among all complete sums up to it.
    """

    period: str
    quarter_usd_mn: float
    quarter_rank: int
    best_quarter: str
    best_quarter_usd_mn: float
    ttm_usd_mn: float
    ttm_rank: int


def last_reported_before(wide: pd.DataFrame, metric: str, date: pd.Timestamp, report_lag_days: int) -> str:
    """The last quarter whose results were public by ``date``.

    Amazon reports a quarter some weeks after it ends; ``report_lag_days`` is the
    gap the caller establishes from the dated releases (a quarter counts as
    reported if it ended at least that many days before ``date``).
    """
    ends = wide.index.to_timestamp(how="end").normalize()
    known = wide.index[(ends + pd.Timedelta(days=report_lag_days) <= date) & wide[metric].notna()]
    if len(known) == 0:
        raise ValueError(f"no quarter of {metric} reported before {date:%Y-%m-%d}")
    return str(known[-1])


def record_check(wide: pd.DataFrame, metric: str, period: str) -> RecordCheck:
    """Rank ``period``'s figure and its trailing-twelve-month sum against every earlier quarter.

    Raises
    ------
    KeyError
        If ``period`` or ``metric`` is absent, or the quarter has no sourced value.
    """
    if metric not in wide:
        raise KeyError(f"no metric '{metric}' in the results")
    at = pd.Period(period, freq="Q")
    if at not in wide.index or pd.isna(wide.loc[at, metric]):
        raise KeyError(f"no sourced {metric} for {period}")
    upto = wide.loc[:at, metric]
    ttm = trailing_sums(upto)
    quarters, sums = upto.dropna(), ttm.dropna()
    if at not in sums.index:
        raise KeyError(f"the trailing twelve months to {period} are not all sourced")
    return RecordCheck(
        period=str(at),
        quarter_usd_mn=float(upto[at]),
        quarter_rank=int((quarters > upto[at]).sum()) + 1,
        best_quarter=str(quarters.idxmax()),
        best_quarter_usd_mn=float(quarters.max()),
        ttm_usd_mn=float(ttm[at]),
        ttm_rank=int((sums > ttm[at]).sum()) + 1,
    )


def per_person_usd_thousand(amount_usd_mn: float, persons: float) -> float:
    """An amount in million dollars per person, in thousand dollars."""
    if persons <= 0:
        raise ValueError("persons must be positive")
    return 1000.0 * amount_usd_mn / persons
