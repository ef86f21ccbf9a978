"""The tech layoff wave: tracker sums, the article's quarter comparison, pandemic over-hiring.

The computations behind the chapter on the layoff wave across the tech industry:

* sums of the layoffs.fyi event list by year or quarter (:func:`tracker_totals`) and by
  company (:func:`company_totals`), recomputed from the events, never copied from the
  tracker's own summaries; they are lower bounds, because many events carry no count;
* the article's "more than in four of the eight preceding quarters" as a count
  (:func:`quarters_below`);
* headcount growth from a base year to the peak and the correction after it
  (:func:`overhiring`, :func:`headcount_growth_pct`).

Functions take frames returned by :func:`ailayoffs.data.load` and never load data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "company_totals",
    "cuts_between",
    "employees_on",
    "growth_between_dates_pct",
    "headcount_growth_pct",
    "overhiring",
    "overhiring_labels",
    "overhiring_points",
    "quarters_below",
    "tracker_totals",
]

_EVENT_COLUMNS = ("company", "date", "total_laid_off")


def _need(frame: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"{what} needs the columns {missing}")


def tracker_totals(events: pd.DataFrame, freq: str = "Y") -> pd.DataFrame:
    """Layoff events and reported job cuts per year or quarter.

    Parameters
    ----------
    events : DataFrame
        ``layoffs_fyi_events``: one row per event with ``company``, ``date`` and
        ``total_laid_off`` (persons; missing where no count was reported).
    freq : {"Y", "Q"}
        Calendar years or calendar quarters.

    Returns
    -------
    DataFrame
        One row per period from the first to the last event (periods without
        events included, with zeros): ``period`` (str, "2023" or "2023Q1"),
        ``events``, ``companies`` (distinct names), ``events_with_count`` and
        ``laid_off_sum`` (persons, the sum of reported counts: a lower bound).
    """
    _need(events, _EVENT_COLUMNS, "tracker_totals")
    if freq not in ("Y", "Q"):
        raise ValueError(f"freq must be 'Y' or 'Q', not {freq!r}")
    if events.empty:
        raise ValueError("no events to sum")
    periods = pd.DatetimeIndex(events["date"]).to_period(freq)
    counts = pd.to_numeric(events["total_laid_off"], errors="raise")
    frame = pd.DataFrame(
        {"period": periods, "company": events["company"].to_numpy(), "count": counts.to_numpy(dtype=float)}
    )
    grouped = frame.groupby("period")
    table = pd.DataFrame(
        {
            "events": grouped.size(),
            "companies": grouped["company"].nunique(),
            "events_with_count": grouped["count"].count(),
            "laid_off_sum": grouped["count"].sum(min_count=0),
        }
    )
    full = pd.period_range(periods.min(), periods.max(), freq=freq)
    table = table.reindex(full, fill_value=0)
    table = table.astype({"events": "int64", "companies": "int64", "events_with_count": "int64"})
    table["laid_off_sum"] = table["laid_off_sum"].round().astype("int64")
    return table.rename_axis("period").reset_index().assign(period=lambda d: d["period"].astype(str))


def company_totals(events: pd.DataFrame, names: dict[str, str], start=None, end=None) -> pd.DataFrame:
    """Reported job cuts of named companies in the tracker between two dates.

    Parameters
    ----------
    events : DataFrame
        ``layoffs_fyi_events``.
    names : dict
        Label to use (e.g. ``"Alphabet (Google)"``) -> company name as the tracker
        writes it (``"Google"``). Matched exactly.
    start, end : date-like, optional
        Inclusive bounds on the event date.

    Returns
    -------
    DataFrame
        Indexed by label: ``events``, ``events_with_count``, ``laid_off_sum``
        (persons, lower bound), ``largest`` (the largest single count) and
        ``first``/``last`` event dates in the span.

    Raises
    ------
    KeyError
        If a name has no event at all in the tracker (a misspelt name would
        otherwise print as zero cuts).
    """
    _need(events, _EVENT_COLUMNS, "company_totals")
    dates = pd.to_datetime(events["date"])
    keep = pd.Series(True, index=events.index)
    if start is not None:
        keep &= dates >= pd.Timestamp(start)
    if end is not None:
        keep &= dates <= pd.Timestamp(end)
    rows = {}
    for label, name in names.items():
        everywhere = events["company"] == name
        if not everywhere.any():
            raise KeyError(f"no event of a company named {name!r} in the tracker")
        chosen = events[everywhere & keep]
        counts = pd.to_numeric(chosen["total_laid_off"]).astype(float)
        rows[label] = {
            "events": len(chosen),
            "events_with_count": int(counts.notna().sum()),
            "laid_off_sum": int(counts.sum()) if len(chosen) else 0,
            "largest": int(counts.max()) if counts.notna().any() else 0,
            "first": pd.to_datetime(chosen["date"]).min() if len(chosen) else pd.NaT,
            "last": pd.to_datetime(chosen["date"]).max() if len(chosen) else pd.NaT,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def quarters_below(quarterly: pd.DataFrame, quarter: str, n_before: int = 8, value: float | None = None) -> dict:
    """In how many of the ``n_before`` quarters before ``quarter`` were fewer jobs cut?

    Parameters
    ----------
    quarterly : DataFrame
        :func:`tracker_totals` with ``freq="Q"``.
    quarter : str
        The quarter compared, e.g. ``"2024Q1"``.
    n_before : int
        How many preceding quarters to compare with.
    value : float, optional
        The figure to compare (persons). By default the tracker's own sum for
        ``quarter``; pass the article's figure to test its statement on its own terms.

    Returns
    -------
    dict
        ``value`` compared, ``below`` (quarters with a smaller sum), ``compared``
        (``n_before``) and ``quarters`` (list of the quarters below).

    Raises
    ------
    KeyError
        If the table does not hold the quarter and all ``n_before`` before it.
    """
    by = quarterly.set_index("period")["laid_off_sum"]
    target = pd.Period(quarter, freq="Q")
    before = [str(target - k) for k in range(n_before, 0, -1)]
    missing = [q for q in before + [str(target)] if q not in by.index]
    if missing:
        raise KeyError(f"quarterly totals lack {missing}")
    compared = float(by[str(target)]) if value is None else float(value)
    below = [q for q in before if by[q] < compared]
    return {"value": compared, "below": len(below), "compared": n_before, "quarters": below}


def headcount_growth_pct(headcount: pd.DataFrame, company: str, start_year: int, end_year: int) -> float:
    """Growth of a company's fiscal-year-end headcount between two fiscal years, in percent.

    Raises
    ------
    KeyError
        If either fiscal year end is not in the data (not sourced): the growth
        is then unknown, not zero.
    """
    rows = headcount[(headcount["company"] == company) & (headcount["kind"] == "fiscal year end")]
    by_year = rows.set_index(pd.to_datetime(rows["date"]).dt.year)["employees"]
    for year in (start_year, end_year):
        if year not in by_year.index:
            raise KeyError(f"{company}: no sourced fiscal-year-end headcount for {year}")
    return 100.0 * (float(by_year[end_year]) / float(by_year[start_year]) - 1.0)


def overhiring(headcount: pd.DataFrame, base_year: int = 2019) -> pd.DataFrame:
    """Each company's headcount at a pre-pandemic base, at its peak and at the latest date.

    Parameters
    ----------
    headcount : DataFrame
        ``bigtech_headcount``: ``company``, ``date``, ``kind`` ("fiscal year
        end" or "quarter end"), ``employees``.
    base_year : int
        The base is the fiscal year end falling in this calendar year. Where it
        is not sourced the base columns are missing and the growth is NaN.

    Returns
    -------
    DataFrame
        One row per company (in order of first appearance): ``base_date``,
        ``base_employees``, ``peak_date``, ``peak_employees`` (largest sourced
        figure, any kind), ``latest_date``, ``latest_employees``,
        ``growth_to_peak_pct`` (base to peak), ``peak_to_latest_pct`` (change
        after the peak, negative for a cut) and ``points`` (sourced figures).
    """
    _need(headcount, ("company", "date", "kind", "employees"), "overhiring")
    rows = []
    for company, group in headcount.groupby("company", sort=False):
        group = group.assign(date=pd.to_datetime(group["date"])).sort_values("date")
        base = group[(group["kind"] == "fiscal year end") & (group["date"].dt.year == base_year)]
        peak = group.loc[group["employees"].idxmax()]
        latest = group.iloc[-1]
        base_n = float(base["employees"].iloc[0]) if len(base) else np.nan
        rows.append(
            {
                "company": company,
                "base_date": base["date"].iloc[0] if len(base) else pd.NaT,
                "base_employees": base_n,
                "peak_date": peak["date"],
                "peak_employees": float(peak["employees"]),
                "latest_date": latest["date"],
                "latest_employees": float(latest["employees"]),
                "growth_to_peak_pct": 100.0 * (float(peak["employees"]) / base_n - 1.0) if len(base) else np.nan,
                "peak_to_latest_pct": 100.0 * (float(latest["employees"]) / float(peak["employees"]) - 1.0),
                "points": len(group),
            }
        )
    return pd.DataFrame(rows).set_index("company")


def overhiring_points(headcount: pd.DataFrame, source_titles: dict[str, str] | None = None) -> pd.DataFrame:
    """Headcount rows with ``pct_of_peak`` (100 = the company's largest sourced figure) and a ``source`` title.

    ``source_titles`` maps ``source_ref`` to a readable title (e.g. from the
    dataset's ``sources``); unknown refs are shown as the ref itself.
    """
    _need(headcount, ("company", "date", "kind", "employees", "source_ref"), "overhiring_points")
    peak = headcount.groupby("company")["employees"].transform("max").astype(float)
    titles = source_titles or {}
    out = headcount.assign(
        date=pd.to_datetime(headcount["date"]),
        employees=headcount["employees"].astype("int64"),
        pct_of_peak=100.0 * headcount["employees"].astype(float) / peak,
        source=headcount["source_ref"].map(lambda ref: titles.get(ref, ref)),
    )
    return out[["company", "date", "kind", "employees", "pct_of_peak", "source"]].sort_values(
        ["company", "date"], kind="stable"
    )


def overhiring_labels(table: pd.DataFrame) -> pd.DataFrame:
    """Two lines of text per company of :func:`overhiring`: growth from the base to the peak, change since.

    A company without a sourced base says so instead of printing a growth rate.
    """
    rows = []
    for company, row in table.iterrows():
        since = f"then {row['peak_to_latest_pct']:+.0f} % to {row['latest_date']:%b %Y}"
        if pd.isna(row["growth_to_peak_pct"]):
            text = f"{company}: no sourced base-year figure;\npeak {row['peak_date']:%b %Y}, {since}"
        else:
            text = (
                f"{company}: {row['growth_to_peak_pct']:+.0f} % from {row['base_date']:%b %Y}\n"
                f"to the peak ({row['peak_date']:%b %Y}), {since}"
            )
        rows.append({"company": company, "label": text})
    return pd.DataFrame(rows)


def cuts_between(events: pd.DataFrame, start, end) -> int:
    """Reported job cuts of all events dated from ``start`` to ``end`` (inclusive), in persons: a lower bound."""
    _need(events, _EVENT_COLUMNS, "cuts_between")
    dates = pd.to_datetime(events["date"])
    chosen = events.loc[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end)), "total_laid_off"]
    return int(pd.to_numeric(chosen).sum())


def employees_on(headcount: pd.DataFrame, company: str, date) -> int:
    """A company's sourced headcount on a date (persons).

    Raises
    ------
    KeyError
        If no figure for that company and date is in the data.
    """
    rows = headcount[(headcount["company"] == company) & (pd.to_datetime(headcount["date"]) == pd.Timestamp(date))]
    if rows.empty:
        raise KeyError(f"{company}: no sourced headcount on {pd.Timestamp(date).date()}")
    return int(rows["employees"].iloc[0])


def growth_between_dates_pct(headcount: pd.DataFrame, company: str, start, end) -> float:
    """Growth of a company's headcount between two dates with sourced figures, in percent."""
    return 100.0 * (employees_on(headcount, company, end) / employees_on(headcount, company, start) - 1.0)
