"""Headcount arithmetic: changes, peaks, daily rates and the size of job cuts.

Functions take the frames returned by :func:`ailayoffs.data.load` and return
plain numbers or small frames; they never load data themselves, so a chapter's
``load(...)`` calls list every dataset it depends on.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = [
    "HeadcountChange",
    "change_between",
    "cut_rounds_in_context",
    "headcount_at",
    "peak",
    "wave_totals",
]


def _by_period(quarterly: pd.DataFrame) -> pd.DataFrame:
    return quarterly.set_index("period").sort_index()


def headcount_at(quarterly: pd.DataFrame, period: str) -> int:
    """Employees at the end of ``period`` (``"2020Q4"``); KeyError if not reported."""
    table = _by_period(quarterly)
    if period not in table.index:
        raise KeyError(f"no headcount reported for {period}; reported: {', '.join(table.index)}")
    return int(table.loc[period, "employees"])


@dataclass(frozen=True)
class HeadcountChange:
    """Change in headcount between two quarter ends."""

    start: str
    end: str
    start_employees: int
    end_employees: int
    days: int

    @property
    def change(self) -> int:
        """Net change in persons (positive: net hiring)."""
        return self.end_employees - self.start_employees

    @property
    def change_pct(self) -> float:
        """Net change in percent of the starting headcount."""
        return 100.0 * self.change / self.start_employees

    @property
    def factor(self) -> float:
        """End headcount as a multiple of the start."""
        return self.end_employees / self.start_employees

    @property
    def per_day(self) -> float:
        """Average net change per calendar day (a net rate: hires minus departures)."""
        return self.change / self.days


def change_between(quarterly: pd.DataFrame, start: str, end: str) -> HeadcountChange:
    """Net headcount change from the end of quarter ``start`` to the end of ``end``."""
    table = _by_period(quarterly)
    for period in (start, end):
        if period not in table.index:
            raise KeyError(f"no headcount reported for {period}")
    start_date, end_date = table.loc[start, "quarter_end"], table.loc[end, "quarter_end"]
    return HeadcountChange(
        start=start,
        end=end,
        start_employees=int(table.loc[start, "employees"]),
        end_employees=int(table.loc[end, "employees"]),
        days=int((end_date - start_date).days),
    )


def peak(quarterly: pd.DataFrame) -> tuple[str, int]:
    """Quarter and value of the highest reported headcount."""
    table = _by_period(quarterly)
    period = table["employees"].astype("int64").idxmax()
    return period, int(table.loc[period, "employees"])


def cut_rounds_in_context(rounds: pd.DataFrame, quarterly: pd.DataFrame) -> pd.DataFrame:
    """Each job-cut round beside the last headcount Amazon reported before it.

    Returns
    -------
    pandas.DataFrame
        ``rounds`` sorted by date with ``headcount_period``, ``headcount`` (the
        latest reported quarter end on or before the announcement) and
        ``share_of_total_pct`` (roles in percent of that total headcount).
    """
    ordered = rounds.sort_values("announce_date").copy()
    reported = quarterly[["period", "quarter_end", "employees"]].sort_values("quarter_end")
    merged = pd.merge_asof(ordered, reported, left_on="announce_date", right_on="quarter_end", direction="backward")
    merged = merged.rename(columns={"period": "headcount_period", "employees": "headcount"})
    merged["share_of_total_pct"] = 100.0 * merged["roles"].astype("float64") / merged["headcount"].astype("float64")
    return merged.drop(columns="quarter_end")


def wave_totals(rounds: pd.DataFrame) -> pd.DataFrame:
    """Roles announced per wave, counting only rows marked ``in_wave_total``.

    Returns a frame indexed by wave with ``roles``, ``rounds`` (number of
    announcements), ``first`` and ``last`` announcement dates.
    """
    counted = rounds[rounds["in_wave_total"].astype(bool)]
    return counted.groupby("wave").agg(
        roles=("roles", "sum"),
        rounds=("roles", "size"),
        first=("announce_date", "min"),
        last=("announce_date", "max"),
    )
