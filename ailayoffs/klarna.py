"""Klarna's AI-era downsizing, from the dated facts in ``klarna_facts``."""

from __future__ import annotations

import pandas as pd

__all__ = ["as_of_date", "events", "headcount", "headcount_change", "metric"]


def as_of_date(label: str) -> pd.Timestamp:
    """A dated label as a timestamp: ``2022`` -> 31 Dec 2022, ``2024-02`` -> 15 Feb 2024, days as given.

    A year stands for its end (headcounts are year-end figures), a month for its middle.
    """
    label = str(label)
    parts = label.split("-")
    if len(parts) == 1:
        return pd.Timestamp(f"{label}-12-31")
    if len(parts) == 2:
        return pd.Timestamp(f"{label}-15")
    return pd.Timestamp(label)


def headcount(facts: pd.DataFrame) -> pd.DataFrame:
    """The headcount rows in time order with a ``date`` column.

    Raises
    ------
    ValueError
        If a headcount row has no value or is not counted in persons.
    """
    rows = facts[facts["kind"] == "headcount"].copy()
    if rows["value"].isna().any() or (rows["unit"] != "persons").any():
        bad = ", ".join(rows.loc[rows["value"].isna() | (rows["unit"] != "persons"), "fact_id"])
        raise ValueError(f"headcount rows need a value in persons: {bad}")
    rows["date"] = rows["as_of"].map(as_of_date)
    rows["employees"] = rows["value"].astype("int64")
    return rows.sort_values("date").reset_index(drop=True)


def events(facts: pd.DataFrame) -> pd.DataFrame:
    """The dated events (freeze, launch, reversal ...) with a ``date`` column, in time order."""
    rows = facts[facts["kind"] == "event"].copy()
    rows["date"] = rows["as_of"].map(as_of_date)
    return rows.sort_values("date").reset_index(drop=True)


def metric(facts: pd.DataFrame, fact_id: str) -> float:
    """The value of one fact, by its id; a clear error if it has none."""
    row = facts.loc[facts["fact_id"] == fact_id]
    if row.empty:
        raise KeyError(f"no Klarna fact '{fact_id}'")
    value = row["value"].iloc[0]
    if pd.isna(value):
        raise ValueError(f"Klarna fact '{fact_id}' has no value")
    return float(value)


def headcount_change(series: pd.DataFrame, start_id: str, end_id: str) -> dict:
    """Change between two headcount rows: persons, percent, and the months between them."""
    by_id = series.set_index("fact_id")
    start, end = by_id.loc[start_id], by_id.loc[end_id]
    change = int(end["employees"] - start["employees"])
    months = (end["date"].year - start["date"].year) * 12 + end["date"].month - start["date"].month
    return {
        "start": int(start["employees"]),
        "end": int(end["employees"]),
        "change": change,
        "change_pct": float(100 * change / start["employees"]),
        "months": int(months),
    }
