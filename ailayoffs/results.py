"""Amazon's results against a year earlier, capital spending against cash flow, market reactions.

The computations behind the chapter on the economic logic of the cuts:

* growth of a quarter's net sales, operating income and net income on the
  same quarter a year earlier (:func:`yoy_long`, :func:`quarter_vs_year_earlier`);
* trailing-twelve-month (TTM) sums that refuse to bridge a missing quarter
  (:func:`ailayoffs.series.trailing_sums`) and capital expenditure as a share of operating cash flow
  and operating income, by year and by TTM (:func:`capex_cover`);
* close-to-close share-price returns on a day, over a calendar year and
  around an event (:func:`close_to_close_return_pct`,
  :func:`calendar_year_return_pct`, :func:`event_window`);
* the article's figures compared as printed, i.e. after rounding ours to the
  digits the article shows (:func:`check_as_printed`).

Functions take frames returned by :func:`ailayoffs.data.load` (or shaped from
them with :func:`ailayoffs.series.wide_quarterly`) and never load data.
Growth on a negative or zero base is undefined and returned as NaN, never as a
misleading percentage.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .series import growth_pct, share_pct, yoy_growth_pct

__all__ = [
    "CAPEX_COLUMNS",
    "MEASURES",
    "attach_sources",
    "calendar_year_return_pct",
    "capex_cover",
    "close_to_close_return_pct",
    "event_window",
    "event_windows",
    "lowest_since",
    "missing_quarters",
    "others_mean_return_pct",
    "period_return_pct",
    "quarter_figures",
    "quarter_runs",
    "quarter_table",
    "quarter_vs_year_earlier",
    "same_day_returns",
    "twelve_month_totals",
    "yoy_long",
]

#: The three income-statement measures the chapter compares, with their labels.
MEASURES = {"net_sales": "Net sales", "operating_income": "Operating income", "net_income": "Net income"}


# --------------------------------------------------------------------------
# Growth on a year earlier
# --------------------------------------------------------------------------


def yoy_long(wide: pd.DataFrame, metrics: list[str] | tuple[str, ...] = tuple(MEASURES)) -> pd.DataFrame:
    """Year-on-year growth of each metric in each quarter, in long form.

    Parameters
    ----------
    wide : DataFrame
        Output of :func:`ailayoffs.series.wide_quarterly`: a complete
        quarterly ``PeriodIndex`` (missing quarters are NaN rows), one column
        per metric, USD million.
    metrics : sequence of str
        Columns to compute.

    Returns
    -------
    DataFrame
        One row per quarter and metric with ``period`` (str), ``metric``,
        ``value`` and ``year_ago`` (USD million) and ``growth_pct``. Growth is
        computed with :func:`ailayoffs.series.yoy_growth_pct` and set to NaN
        where the year-ago value is zero or negative (undefined). Quarters
        whose own value is missing are dropped.
    """
    if not isinstance(wide.index, pd.PeriodIndex):
        raise TypeError("yoy_long needs a quarterly PeriodIndex (use series.wide_quarterly)")
    rows = []
    for metric in metrics:
        series = wide[metric].astype(float)
        year_ago = pd.Series(series.reindex(series.index - 4).to_numpy(), index=series.index)
        growth = yoy_growth_pct(series).where(year_ago > 0)
        rows.append(
            pd.DataFrame(
                {
                    "period": series.index.astype(str),
                    "metric": metric,
                    "value": series.to_numpy(),
                    "year_ago": year_ago.to_numpy(),
                    "growth_pct": growth.to_numpy(),
                }
            )
        )
    table = pd.concat(rows, ignore_index=True)
    return table[table["value"].notna()].reset_index(drop=True)


def attach_sources(table: pd.DataFrame, long: pd.DataFrame) -> pd.DataFrame:
    """Add each row's ``basis`` and ``source_ref`` from the long dataset (matched on period and metric)."""
    keys = long[["period", "metric", "basis", "source_ref"]].astype({"period": str})
    return table.merge(keys, on=["period", "metric"], how="left", validate="many_to_one")


def missing_quarters(series: pd.Series) -> list[pd.Period]:
    """Quarters between a series' first and last value that have no value."""
    present = series.dropna()
    if present.empty:
        return []
    inside = series.loc[present.index.min() : present.index.max()]
    return list(inside.index[inside.isna()])


def quarter_runs(periods) -> str:
    """Quarters written as runs: ``2021Q1–2022Q2, 2023Q1`` (consecutive quarters joined by a dash)."""
    ordered = sorted(pd.Period(p, freq="Q") for p in periods)
    runs: list[list[pd.Period]] = []
    for period in ordered:
        if runs and period == runs[-1][-1] + 1:
            runs[-1].append(period)
        else:
            runs.append([period])
    return ", ".join(f"{run[0]}" if len(run) == 1 else f"{run[0]}\u2013{run[-1]}" for run in runs)


def quarter_vs_year_earlier(
    wide: pd.DataFrame, quarter: str, metrics: list[str] | tuple[str, ...] = tuple(MEASURES)
) -> pd.DataFrame:
    """One quarter against the same quarter a year earlier.

    Returns
    -------
    DataFrame
        Indexed by metric: ``value`` and ``year_ago`` (USD million),
        ``change`` (USD million) and ``growth_pct``.

    Raises
    ------
    KeyError
        If the quarter or its year-ago quarter has no value for a metric.
    """
    period = pd.Period(quarter, freq="Q")
    rows = {}
    for metric in metrics:
        now, before = wide[metric].get(period), wide[metric].get(period - 4)
        if now is None or before is None or pd.isna(now) or pd.isna(before):
            raise KeyError(f"{metric}: no sourced value for {period} or {period - 4}")
        rows[metric] = {
            "value": float(now),
            "year_ago": float(before),
            "change": float(now - before),
            "growth_pct": growth_pct(float(now), float(before)),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def quarter_table(compared: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Several outputs of :func:`quarter_vs_year_earlier` as one table for reading, in USD billion.

    ``compared`` maps a quarter label to its table; the rows keep that order.
    """
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "Quarter": quarter,
                    "Measure": table.index.map(MEASURES),
                    "USD bn": table["value"] / 1000,
                    "A year earlier (USD bn)": table["year_ago"] / 1000,
                    "Change (USD bn)": table["change"] / 1000,
                    "Growth (%)": table["growth_pct"],
                }
            )
            for quarter, table in compared.items()
        ],
        ignore_index=True,
    )


def quarter_figures(prefix: str, quarter: str, table: pd.DataFrame) -> dict:
    """A quarter's figures keyed for glue: ``{prefix}_quarter`` and, per metric ``m``,
    ``{prefix}_{m}_bn``, ``{prefix}_{m}_growth`` and ``{prefix}_{m}_year_ago_bn`` (USD billion, percent).

    ``table`` is the output of :func:`quarter_vs_year_earlier` for ``quarter``.
    """
    figures = {f"{prefix}_quarter": quarter}
    figures.update({f"{prefix}_{m}_bn": table.loc[m, "value"] / 1000 for m in table.index})
    figures.update({f"{prefix}_{m}_growth": table.loc[m, "growth_pct"] for m in table.index})
    figures.update({f"{prefix}_{m}_year_ago_bn": table.loc[m, "year_ago"] / 1000 for m in table.index})
    return figures


def lowest_since(series: pd.Series, period: str):
    """The most recent earlier period whose value was as low as or lower than ``period``'s.

    Answers claims such as "the lowest margin since Q4 2023". Returns ``None``
    if no earlier period in the series was as low. Missing values are skipped.
    """
    values = series.dropna()
    key = pd.Period(period, freq=values.index.freq) if isinstance(values.index, pd.PeriodIndex) else period
    level = values.loc[key]
    earlier = values[(values.index < key) & (values <= level)]
    return None if earlier.empty else earlier.index[-1]


# --------------------------------------------------------------------------
# Trailing twelve months and capital expenditure
# --------------------------------------------------------------------------


CAPEX_COLUMNS = ["capex_purchases_ppe_gross", "capex_purchases_ppe_net", "operating_cash_flow", "operating_income"]


def capex_cover(table: pd.DataFrame) -> pd.DataFrame:
    """Capital expenditure against operating cash flow and operating income.

    Parameters
    ----------
    table : DataFrame
        One row per period (a year, or a quarter's trailing twelve months)
        with the columns ``capex_purchases_ppe_gross``,
        ``capex_purchases_ppe_net``, ``operating_cash_flow`` and
        ``operating_income`` in USD million (NaN where not sourced).

    Returns
    -------
    DataFrame
        The input columns plus

        ``gross_to_ocf_pct``, ``net_to_ocf_pct``
            purchases of property and equipment (gross, or net of proceeds
            from sales and incentives) in percent of operating cash flow;
        ``gross_to_oi_pct``
            gross purchases in percent of operating income;
        ``ocf_less_gross``
            operating cash flow minus gross purchases (USD million): the cash
            left after the build-out, before leases and acquisitions;
        ``proceeds_share_pct``
            proceeds (gross minus net) in percent of gross purchases, where
            both are sourced.
    """
    missing = [c for c in CAPEX_COLUMNS if c not in table.columns]
    if missing:
        raise KeyError(f"capex_cover needs the columns {missing}")
    out = table[CAPEX_COLUMNS].astype(float).copy()
    gross, net = out["capex_purchases_ppe_gross"], out["capex_purchases_ppe_net"]
    ocf, oi = out["operating_cash_flow"], out["operating_income"]
    out["gross_to_ocf_pct"] = share_pct(gross, ocf).to_numpy()
    out["net_to_ocf_pct"] = share_pct(net, ocf).to_numpy()
    out["gross_to_oi_pct"] = share_pct(gross, oi).to_numpy()
    out["ocf_less_gross"] = ocf - gross
    out["proceeds_share_pct"] = share_pct(gross - net, gross).to_numpy()
    return out


def twelve_month_totals(annual: pd.DataFrame, ttm: pd.DataFrame) -> pd.DataFrame:
    """Fiscal years, then trailing twelve months for the quarters after the last fiscal year.

    Both inputs are outputs of :func:`capex_cover` (or frames with the same
    columns): ``annual`` indexed by year, ``ttm`` by quarterly period. Amazon's
    fiscal year is the calendar year, so the TTM sum at a fourth quarter is
    that year's total; quarters up to the last fiscal year in ``annual`` are
    therefore left out, and later ones extend the series at quarterly steps.

    Returns
    -------
    DataFrame
        ``label`` ("2024", "TTM 2025Q1" ...), ``end`` (the period's last day),
        ``basis`` ("fiscal year" or "trailing twelve months") and the columns
        of the inputs.
    """
    years = annual.copy()
    years.insert(0, "label", [str(y) for y in years.index])
    years.insert(1, "end", [pd.Timestamp(f"{y}-12-31") for y in years.index])
    years.insert(2, "basis", "fiscal year")
    last_year = int(annual.index.max())
    later = ttm[[p.year > last_year for p in ttm.index]].copy()
    later = later.dropna(how="all", subset=[c for c in later.columns if c in CAPEX_COLUMNS])
    later.insert(0, "label", [f"TTM {p}" for p in later.index])
    later.insert(1, "end", [p.end_time.normalize() for p in later.index])
    later.insert(2, "basis", "trailing twelve months")
    return pd.concat([years.reset_index(drop=True), later.reset_index(drop=True)], ignore_index=True)


# --------------------------------------------------------------------------
# Share prices
# --------------------------------------------------------------------------


def _closes(prices: pd.DataFrame, ticker: str) -> pd.Series:
    frame = prices[prices["ticker"] == ticker]
    if frame.empty:
        raise KeyError(f"no prices for ticker {ticker}")
    series = frame.set_index("date")["adj_close_usd"].astype(float).sort_index()
    series.index = pd.DatetimeIndex(series.index)
    return series


def _trading_day(closes: pd.Series, ticker: str, date) -> int:
    """Position of ``date`` among the closes; it must be a trading day with a close before it."""
    day = pd.Timestamp(date)
    if day not in closes.index:
        raise KeyError(f"{ticker}: no close on {day.date()} (not a trading day in the data)")
    at = closes.index.get_loc(day)
    if at == 0:
        raise KeyError(f"{ticker}: {day.date()} is the first day in the data; no previous close")
    return at


def close_to_close_return_pct(prices: pd.DataFrame, ticker: str, date) -> float:
    """Return from the previous trading day's close to the close on ``date``, in percent.

    Parameters
    ----------
    prices : DataFrame
        ``daily_adjusted_closes``: ``date``, ``ticker``, ``adj_close_usd``.
    date : str or Timestamp
        A trading day in the data.

    Raises
    ------
    KeyError
        If ``date`` is not a trading day in the data, or is the first one.
    """
    closes = _closes(prices, ticker)
    at = _trading_day(closes, ticker, date)
    return 100.0 * (closes.iloc[at] / closes.iloc[at - 1] - 1.0)


def period_return_pct(prices: pd.DataFrame, ticker: str, start, end) -> float:
    """Return from the last close on or before ``start`` to the last close on or before ``end``, in percent."""
    closes = _closes(prices, ticker)
    first, last = closes[: pd.Timestamp(start)], closes[: pd.Timestamp(end)]
    if first.empty or last.empty:
        raise KeyError(f"{ticker}: no close on or before {start if first.empty else end}")
    return 100.0 * (last.iloc[-1] / first.iloc[-1] - 1.0)


def calendar_year_return_pct(prices: pd.DataFrame, ticker: str, year: int) -> float:
    """Return over a calendar year: last close of ``year - 1`` to last close of ``year``, in percent.

    Raises
    ------
    KeyError
        If the data hold no close in December of the previous year, so that
        the year's starting price is unknown.
    """
    closes = _closes(prices, ticker)
    before = closes[closes.index.year == year - 1]
    during = closes[closes.index.year == year]
    if before.empty or before.index[-1].month != 12 or during.empty:
        raise KeyError(f"{ticker}: the data do not cover the end of {year - 1} and the year {year}")
    return 100.0 * (during.iloc[-1] / before.iloc[-1] - 1.0)


def same_day_returns(prices: pd.DataFrame, date) -> pd.Series:
    """Close-to-close return of every ticker in the data on ``date``, in percent, indexed by ticker."""
    tickers = sorted(prices["ticker"].unique())
    return pd.Series({t: close_to_close_return_pct(prices, t, date) for t in tickers}, name="return_pct")


def others_mean_return_pct(prices: pd.DataFrame, date, ticker: str) -> float:
    """Mean close-to-close return of the other tickers on ``date``, percent (the market's day without ``ticker``)."""
    return float(same_day_returns(prices, date).drop(ticker).mean())


def event_window(prices: pd.DataFrame, ticker: str, date, before: int = 5, after: int = 5) -> pd.DataFrame:
    """Cumulative close-to-close return around an announcement day.

    Day 0 is ``date``; the base is the close of day -1 (the last close before
    the news), so day -1 shows 0 %. Trading days are counted in the data, so
    weekends and holidays are skipped; where the data end (or begin) the
    window is shorter.

    Returns
    -------
    DataFrame
        ``day`` (trading-day offset), ``date``, ``close`` (adjusted, USD) and
        ``cum_return_pct``.
    """
    closes = _closes(prices, ticker)
    at = _trading_day(closes, ticker, date)
    lo, hi = max(0, at - before), min(len(closes) - 1, at + after)
    window = closes.iloc[lo : hi + 1]
    base = closes.iloc[at - 1]
    return pd.DataFrame(
        {
            "day": np.arange(lo, hi + 1) - at,
            "date": window.index,
            "close": window.to_numpy(),
            "cum_return_pct": 100.0 * (window.to_numpy() / base - 1.0),
        }
    )


def event_windows(prices: pd.DataFrame, events: pd.DataFrame, days: int) -> pd.DataFrame:
    """:func:`event_window` of ``days`` trading days either side of each event, stacked.

    ``events`` has ``event`` (label), ``ticker`` and ``date``; the result
    carries the label in ``event``.
    """
    return pd.concat(
        [
            event_window(prices, row.ticker, row.date, before=days, after=days).assign(event=row.event)
            for row in events.itertuples()
        ]
    )
