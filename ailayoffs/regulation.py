"""Dated regulation events: what applied on a given day, and how long rules took.

Works on the ``regulation_events`` dataset, whose dates are ``YYYY-MM-DD`` or,
where only the month is confirmed, ``YYYY-MM``. A month-only date is placed on
the first of the month and flagged, so that a comparison with a day near the
month's start is reported as uncertain rather than silently decided.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["dated", "event", "open_on", "regulatory_lag_years", "status_on", "years_between"]

DAYS_PER_YEAR = 365.25


def dated(events: pd.DataFrame, reference: pd.Timestamp) -> pd.DataFrame:
    """The events with a ``when`` timestamp and their position relative to ``reference``.

    Adds ``when`` (the date, month-only dates on the first of the month),
    ``month_end`` (last day the event can have happened on) and ``relative``
    (``"before"``, ``"after"`` or ``"same month"`` where a month-only date
    cannot be ordered against ``reference``).

    Raises
    ------
    ValueError
        If a date's precision does not match its text.
    """
    precision_ok = (events["date"].str.len() == 10) == (events["date_precision"] == "day")
    if not precision_ok.all():
        bad = events.loc[~precision_ok, "event_id"].tolist()
        raise ValueError(f"date text and date_precision disagree for {bad}")
    when = pd.to_datetime(events["date"].where(events["date_precision"] == "day", events["date"] + "-01"))
    month_end = when.where(events["date_precision"] == "day", when + pd.offsets.MonthEnd(0))
    relative = pd.Series("before", index=events.index)
    relative[when > reference] = "after"
    relative[(when <= reference) & (month_end >= reference) & (events["date_precision"] == "month")] = "same month"
    return events.assign(when=when, month_end=month_end, relative=relative)


def event(events: pd.DataFrame, event_id: str) -> pd.Series:
    """One event by id, or a KeyError naming it."""
    rows = events[events["event_id"] == event_id]
    if rows.empty:
        raise KeyError(f"regulation_events has no event '{event_id}'")
    return rows.iloc[0]


def years_between(start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Years from ``start`` to ``end`` (negative if ``end`` is earlier)."""
    return (pd.Timestamp(end) - pd.Timestamp(start)).days / DAYS_PER_YEAR


def regulatory_lag_years(events: pd.DataFrame, first_id: str, last_id: str) -> float:
    """Years from one event to another, e.g. a proposal to the date its rules apply."""
    frame = dated(events, pd.Timestamp("2000-01-01"))
    return years_between(event(frame, first_id)["when"], event(frame, last_id)["when"])


def status_on(events: pd.DataFrame, regime: str, reference: pd.Timestamp) -> pd.DataFrame:
    """A regime's events split into what had happened by ``reference`` and what was still to come."""
    frame = dated(events[events["regime"] == regime], reference)
    if frame.empty:
        raise KeyError(f"regulation_events has no regime '{regime}'")
    return frame.sort_values("when")[["event_id", "date", "event", "relative", "basis"]]


def open_on(events: pd.DataFrame, opened_id: str, closed_id: str, reference: pd.Timestamp) -> bool:
    """Whether a proceeding opened by event ``opened_id`` and closed by ``closed_id`` was open on ``reference``.

    A month-only opening date counts from the first of its month.
    """
    frame = dated(events, reference)
    opened, closed = event(frame, opened_id), event(frame, closed_id)
    if closed["when"] < opened["when"]:
        raise ValueError(f"'{closed_id}' is dated before '{opened_id}'")
    return bool(opened["when"] <= reference < closed["when"])
