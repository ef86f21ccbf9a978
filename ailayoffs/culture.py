"""Amazon's stated goals for layers and bureaucracy, dated, and what the workforce data can say about them.

Amazon publishes no count of managers, so the goal for the ratio of individual
contributors (employees who manage no one) to managers cannot be checked with
its filings. This module dates the statements, measures the time between them,
and works out what a ratio goal implies under stated assumptions.

Functions take frames returned by :func:`ailayoffs.data.load` and never load data.
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "days_between",
    "headcount_series",
    "manager_reduction_pct",
    "statement_dates",
    "statement_value",
    "statements_table",
    "timeline",
]

_LENGTH = {"day": 10, "month": 7, "year": 4}


def statement_dates(statements: pd.DataFrame) -> pd.DataFrame:
    """Add ``date_start`` and ``date_end``: the first and last day of each statement's date.

    Parameters
    ----------
    statements : DataFrame
        ``amazon_culture_statements`` as loaded (``date`` a string of the
        precision named in ``date_precision``).

    Raises
    ------
    ValueError
        If a date's length does not match its stated precision.
    """
    bad = [
        sid
        for sid, d, p in zip(statements["statement_id"], statements["date"], statements["date_precision"], strict=False)
        if len(str(d)) != _LENGTH.get(p, -1)
    ]
    if bad:
        raise ValueError(f"date does not match date_precision for: {bad}")
    freq = statements["date_precision"].map({"day": "D", "month": "M", "year": "Y"})
    periods = [pd.Period(d, f) for d, f in zip(statements["date"], freq, strict=False)]
    out = statements.assign(
        date_start=[p.start_time.normalize() for p in periods], date_end=[p.end_time.normalize() for p in periods]
    )
    out.attrs = dict(statements.attrs)
    return out


def _row(statements: pd.DataFrame, statement_id: str) -> pd.Series:
    hit = statements[statements["statement_id"] == statement_id]
    if hit.empty:
        raise KeyError(f"no statement '{statement_id}'")
    return hit.iloc[0]


def statement_value(statements: pd.DataFrame, statement_id: str) -> float:
    """The number a statement carries, in its own unit; error if it carries none."""
    value = _row(statements, statement_id)["value"]
    if pd.isna(value):
        raise ValueError(f"statement '{statement_id}' carries no number")
    return float(value)


def days_between(statements: pd.DataFrame, first_id: str, second_id: str) -> int:
    """Calendar days from statement ``first_id`` to statement ``second_id``.

    Raises
    ------
    ValueError
        If either statement is dated less precisely than to the day.
    """
    first, second = _row(statements, first_id), _row(statements, second_id)
    for row in (first, second):
        if row["date_precision"] != "day":
            raise ValueError(f"statement '{row['statement_id']}' is dated to the {row['date_precision']} only")
    return int((pd.Timestamp(second["date"]) - pd.Timestamp(first["date"])).days)


def manager_reduction_pct(ratio_increase_pct: float) -> float:
    """Fall in the number of managers that a rise in the contributor-to-manager ratio implies.

    With the number of individual contributors held fixed, a ratio ``R``
    rising to ``R·(1 + r)`` means the managers fall to ``1 / (1 + r)`` of
    their number: by ``100·(1 − 1/(1 + r))`` percent. (With the managers held
    fixed instead, the contributors would have to grow by ``r``.)

    Parameters
    ----------
    ratio_increase_pct : float
        Rise in the ratio, in percent (``15`` for "15 %"); must exceed -100.

    Returns
    -------
    float
        Reduction in managers, in percent of their starting number.
    """
    r = float(ratio_increase_pct) / 100.0
    if not r > -1.0:
        raise ValueError(f"a ratio cannot fall by 100 % or more, got {ratio_increase_pct}")
    return 100.0 * (1.0 - 1.0 / (1.0 + r))


def timeline(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements dated to the day, in date order, with a short label for a chart.

    Returns
    -------
    DataFrame
        ``statement_id``, ``date`` (Timestamp), ``speaker``, ``document``,
        ``topic``, ``quantity``, ``label`` (``"<speaker's name>, <document>"``).
    """
    day = statements[statements["date_precision"] == "day"].copy()
    day["date"] = pd.to_datetime(day["date"])
    day["label"] = day["speaker"].str.replace(r"\s*\(.*\)$", "", regex=True) + ", " + day["document"]
    out = day.sort_values(["date", "statement_id"])[
        ["statement_id", "date", "speaker", "document", "topic", "quantity", "label"]
    ].reset_index(drop=True)
    out.attrs = dict(statements.attrs)
    return out


def headcount_series(quarterly: pd.DataFrame, start_period: str) -> pd.DataFrame:
    """Amazon's quarter-end headcount from ``start_period`` on, with each quarter's last day.

    Parameters
    ----------
    quarterly : DataFrame
        ``amazon_headcount_quarterly`` as loaded (``period`` like ``"2024Q3"``).
    start_period : str
        First quarter to keep.
    """
    start = pd.Period(start_period, "Q")
    periods = quarterly["period"].map(lambda p: pd.Period(p, "Q"))
    kept = quarterly[periods >= start].copy()
    if kept.empty:
        raise ValueError(f"no headcount from {start_period} on")
    kept["quarter_end"] = [pd.Period(p, "Q").end_time.normalize() for p in kept["period"]]
    out = kept[["period", "quarter_end", "employees"]].reset_index(drop=True)
    out.attrs = dict(quarterly.attrs)
    return out


def statements_table(statements: pd.DataFrame):
    """The statements as a table for reading (a pandas Styler, text from the data escaped)."""

    def number(value: float, qualifier: str, unit: str) -> str:
        if pd.isna(value):
            return "–"
        prefix = "" if qualifier == "exact" else f"{qualifier} "
        return f"{prefix}{value:,.0f} {unit}"

    table = pd.DataFrame(
        {
            "Date": statements["date"],
            "Who": statements["speaker"],
            "Where": statements["document"],
            "What": statements["quantity"],
            "Figure": [
                number(v, q, u)
                for v, q, u in zip(statements["value"], statements["qualifier"], statements["unit"], strict=False)
            ],
        }
    )
    return table.style.hide(axis="index").format(escape="html").set_uuid("culture-statements")
