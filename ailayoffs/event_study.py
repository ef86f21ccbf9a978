"""Event study of layoff announcements: market-model abnormal returns and their tests.

The standard recipe (MacKinlay 1997, "Event Studies in Economics and Finance"):

1. **Day 0** is the first trading day on which the market could react
   (:func:`event_day`): the announcement day itself if the news came before or
   during the session, the next trading day if it came after the close.
2. **Market model.** Over an estimation window before the event (by default
   trading days -250 to -11) the share's daily return is regressed on the
   market's: ``R_it = alpha + beta R_mt + e_it`` (:func:`market_model`).
3. **Abnormal return** on each day of the event window is the return minus
   the model's prediction, ``AR_t = R_t - (alpha + beta R_mt)``
   (:func:`abnormal_returns`).
4. **Cumulative abnormal return** over a window ``[a, b]`` is the sum of the
   ARs. Its standard error is ``sigma sqrt(L)``, with ``sigma`` the residual
   standard deviation of the estimation window and ``L = b - a + 1`` days
   (:func:`car`); ``t = CAR / se``.
5. **Across events** the mean CAR is tested with the cross-sectional t
   statistic ``mean / (sd / sqrt(N))`` and with the pooled statistic
   ``sum CAR / sqrt(sum se^2)``, which assumes independent events
   (:func:`across_events`).

Returns are simple daily returns in decimals inside the module; tables report
percent (``_pct``). Functions take frames from :func:`ailayoffs.data.load` and
never load data.

One rule for share-price claims (:func:`close_reaction_pct`): the book tests
every share-price figure an article prints against the close-to-close return
of day 0, the only price the data hold. A figure quoted during the session can
differ from it; the verdict then says so, but the figure is tested all the same.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "ESTIMATION",
    "WINDOWS",
    "abnormal_returns",
    "across_events",
    "car",
    "car_paths",
    "close_reaction_pct",
    "confounding",
    "daily_returns",
    "event_day",
    "event_labels",
    "event_table",
    "market_model",
    "window_label",
]

#: Estimation window in trading days relative to day 0.
ESTIMATION = (-250, -11)
#: Event windows reported by default.
WINDOWS = ((0, 0), (0, 1), (-1, 1))


def daily_returns(prices: pd.DataFrame) -> pd.DataFrame:
    """Simple daily returns (decimals), one column per ticker, indexed by trading date.

    Parameters
    ----------
    prices : DataFrame
        Long closes with ``date``, ``ticker`` and ``adj_close_usd``.

    A return is computed only between two consecutive closes of the same
    ticker; the first day of each ticker and days after its data end are NaN.
    """
    for column in ("date", "ticker", "adj_close_usd"):
        if column not in prices.columns:
            raise KeyError(f"daily_returns needs the column {column!r}")
    wide = prices.pivot(index="date", columns="ticker", values="adj_close_usd").sort_index()
    wide.index = pd.DatetimeIndex(wide.index)
    if (wide <= 0).any().any():
        raise ValueError("closes must be positive")
    return wide.pct_change(fill_method=None)


def event_day(trading_days: pd.DatetimeIndex, announce_date, timing: str) -> pd.Timestamp:
    """The first trading day on which the market could react to an announcement.

    ``timing`` is ``"after close"`` (day 0 = next trading day after the
    announcement date), or ``"before or during session"`` / ``"not stated"``
    (day 0 = the announcement date, or the next trading day if it was none).
    """
    day = pd.Timestamp(announce_date)
    days = pd.DatetimeIndex(trading_days).sort_values()
    if timing == "after close":
        later = days[days > day]
    elif timing in ("before or during session", "not stated"):
        later = days[days >= day]
    else:
        raise ValueError(f"unknown timing {timing!r}")
    if later.empty:
        raise KeyError(f"no trading day on or after {day.date()} in the data")
    return later[0]


def market_model(stock: pd.Series, market: pd.Series) -> dict:
    """OLS of the share's return on the market's: alpha, beta and the residual standard deviation.

    Parameters
    ----------
    stock, market : Series
        Daily returns (decimals) over the estimation window, aligned on date;
        days missing in either are dropped.

    Returns
    -------
    dict
        ``alpha``, ``beta``, ``sigma`` (residual standard deviation with
        ``n - 2`` degrees of freedom) and ``n`` (days used).

    Raises
    ------
    ValueError
        With fewer than 30 usable days, or a market return without variance.
    """
    both = pd.concat([stock, market], axis=1, keys=["r", "m"]).dropna()
    n = len(both)
    if n < 30:
        raise ValueError(f"estimation window has {n} usable days; at least 30 needed")
    m, r = both["m"].to_numpy(), both["r"].to_numpy()
    var_m = np.var(m, ddof=1)
    if var_m == 0:
        raise ValueError("market return has no variance in the estimation window")
    beta = np.cov(m, r, ddof=1)[0, 1] / var_m
    alpha = r.mean() - beta * m.mean()
    resid = r - alpha - beta * m
    sigma = float(np.sqrt((resid**2).sum() / (n - 2)))
    return {"alpha": float(alpha), "beta": float(beta), "sigma": sigma, "n": n}


def abnormal_returns(
    returns: pd.DataFrame,
    ticker: str,
    market: str,
    day0,
    estimation: tuple[int, int] = ESTIMATION,
    window: tuple[int, int] = (-5, 5),
    truncate: bool = False,
) -> pd.DataFrame:
    """Daily abnormal returns around day 0 under the market model.

    Parameters
    ----------
    returns : DataFrame
        :func:`daily_returns`.
    ticker, market : str
        Columns of ``returns``: the share and the market index.
    day0 : date-like
        A trading day in ``returns`` (see :func:`event_day`).
    estimation : (int, int)
        First and last estimation day relative to day 0; must end before the window starts.
    window : (int, int)
        First and last event day to report.
    truncate : bool
        If the data end before the window's last day, report the days there
        are (at least day 0) instead of raising.

    Returns
    -------
    DataFrame
        ``day``, ``date``, ``return_pct``, ``market_pct``, ``expected_pct``,
        ``ar_pct`` and ``car_pct`` (cumulated from the window's first day);
        ``attrs["model"]`` holds :func:`market_model`'s result.

    Raises
    ------
    KeyError
        If a column or day 0 is missing, or the data do not cover both windows.
    ValueError
        If the estimation window overlaps the event window.
    """
    for column in (ticker, market):
        if column not in returns.columns:
            raise KeyError(f"no returns for {column!r}")
    if estimation[1] >= window[0]:
        raise ValueError(f"estimation window {estimation} must end before the event window {window} starts")
    series = returns[[ticker, market]].dropna(how="all")
    day0 = pd.Timestamp(day0)
    if day0 not in series.index:
        raise KeyError(f"{ticker}: {day0.date()} is not a trading day in the data")
    at = series.index.get_loc(day0)
    last_day = int(series[ticker].notna().to_numpy().nonzero()[0].max()) - at
    if truncate and last_day < window[1]:
        if last_day < max(window[0], 0):
            raise KeyError(f"{ticker}: the data end before day 0 ({day0.date()})")
        window = (window[0], last_day)
    lo, hi = at + estimation[0], at + window[1]
    if lo < 1 or hi >= len(series) or pd.isna(series[ticker].iloc[at + window[1]]):
        raise KeyError(f"{ticker}: the data do not cover days {estimation[0]} to {window[1]} around {day0.date()}")
    est = series.iloc[at + estimation[0] : at + estimation[1] + 1]
    model = market_model(est[ticker], est[market])
    ev = series.iloc[at + window[0] : at + window[1] + 1]
    expected = model["alpha"] + model["beta"] * ev[market]
    ar = ev[ticker] - expected
    out = pd.DataFrame(
        {
            "day": np.arange(window[0], window[1] + 1),
            "date": ev.index,
            "return_pct": 100 * ev[ticker].to_numpy(),
            "market_pct": 100 * ev[market].to_numpy(),
            "expected_pct": 100 * expected.to_numpy(),
            "ar_pct": 100 * ar.to_numpy(),
        }
    )
    out["car_pct"] = out["ar_pct"].cumsum()
    out.attrs["model"] = model
    return out


def car(ar: pd.DataFrame, window: tuple[int, int]) -> dict:
    """Cumulative abnormal return over ``[a, b]`` with its standard error and test.

    Parameters
    ----------
    ar : DataFrame
        :func:`abnormal_returns` output (with ``attrs["model"]``).
    window : (int, int)
        Event days, inclusive, within the frame's days.

    Returns
    -------
    dict
        ``car_pct``, ``se_pct`` (``sigma sqrt(L)``), ``t`` and ``p`` (two-sided,
        Student t with the estimation window's ``n - 2`` degrees of freedom).
    """
    a, b = window
    if a > b:
        raise ValueError(f"window {window}: first day after last day")
    days = ar.set_index("day")["ar_pct"]
    if a not in days.index or b not in days.index:
        raise KeyError(
            f"window {window} is outside the abnormal returns computed (days {days.index.min()} to {days.index.max()})"
        )
    model = ar.attrs["model"]
    value = float(days.loc[a:b].sum())
    se = 100 * model["sigma"] * np.sqrt(b - a + 1)
    t = value / se
    p = float(2 * stats.t.sf(abs(t), df=model["n"] - 2))
    return {"car_pct": value, "se_pct": float(se), "t": float(t), "p": p}


def event_table(
    returns: pd.DataFrame,
    events: pd.DataFrame,
    market: str = "SPY",
    windows=WINDOWS,
    estimation: tuple[int, int] = ESTIMATION,
) -> pd.DataFrame:
    """CARs of every event over every window.

    Parameters
    ----------
    events : DataFrame
        ``layoff_event_study_events`` (``event_id``, ``company``, ``ticker``,
        ``announce_date``, ``timing``).

    Returns
    -------
    DataFrame
        One row per event and window: ``event_id``, ``company``, ``ticker``,
        ``day0``, ``window`` ("[0, +1]"), ``car_pct``, ``se_pct``, ``t``, ``p``,
        ``beta`` and ``n_estimation``. Where the data end inside a window
        (Amazon, October 2025), that window is shortened to the days there are
        and ``days`` says how many were summed. Events whose share has no
        data around day 0 raise ``KeyError``.
    """
    lo = min(w[0] for w in windows)
    hi = max(w[1] for w in windows)
    rows = []
    for event in events.itertuples(index=False):
        trading = returns[event.ticker].dropna().index
        day0 = event_day(trading, event.announce_date, event.timing)
        ar = abnormal_returns(returns, event.ticker, market, day0, estimation, (lo, hi), truncate=True)
        last = int(ar["day"].max())
        for window in windows:
            span = (window[0], min(window[1], last))
            rows.append(
                {
                    "event_id": event.event_id,
                    "company": event.company,
                    "ticker": event.ticker,
                    "day0": day0,
                    "window": window_label(window),
                    "days": span[1] - span[0] + 1,
                    **car(ar, span),
                    "beta": ar.attrs["model"]["beta"],
                    "n_estimation": ar.attrs["model"]["n"],
                }
            )
    return pd.DataFrame(rows)


def window_label(window: tuple[int, int]) -> str:
    """``(0, 1)`` -> ``"[0, +1]"``; ``(0, 0)`` -> ``"[0]"``."""
    a, b = window
    fmt = lambda d: f"{d:+d}" if d else "0"  # noqa: E731
    return f"[{fmt(a)}]" if a == b else f"[{fmt(a)}, {fmt(b)}]"


def across_events(table: pd.DataFrame, window: str) -> dict:
    """Mean CAR across events for one window, with two tests.

    Returns
    -------
    dict
        ``n``, ``mean_car_pct``, ``t_cross`` and ``p_cross`` (cross-sectional
        t test of the mean, ``N - 1`` degrees of freedom; NaN for fewer than
        two events), ``t_pooled`` and ``p_pooled`` (``sum CAR / sqrt(sum
        se^2)`` against the standard normal, assuming independent events),
        and ``positive`` (events with a positive CAR).
    """
    rows = table[table["window"] == window]
    if rows.empty:
        raise KeyError(f"no events for window {window!r}")
    cars = rows["car_pct"].to_numpy(dtype=float)
    n = len(cars)
    mean = float(cars.mean())
    if n > 1 and cars.std(ddof=1) > 0:
        t_cross = mean / (cars.std(ddof=1) / np.sqrt(n))
        p_cross = float(2 * stats.t.sf(abs(t_cross), df=n - 1))
    else:
        t_cross = p_cross = float("nan")
    t_pooled = float(cars.sum() / np.sqrt((rows["se_pct"].to_numpy(dtype=float) ** 2).sum()))
    return {
        "n": n,
        "mean_car_pct": mean,
        "t_cross": float(t_cross),
        "p_cross": p_cross,
        "t_pooled": t_pooled,
        "p_pooled": float(2 * stats.norm.sf(abs(t_pooled))),
        "positive": int((cars > 0).sum()),
    }


def confounding(
    events: pd.DataFrame, results: pd.DataFrame, trading_days: pd.DatetimeIndex, days: int = 5
) -> pd.DataFrame:
    """Flag events with a results release of the same company within ``days`` trading days of day 0.

    A release counts from the first trading day the market could react to it
    (the next day for one after the close). Only the results dates in
    ``results`` are known; an event with none nearby is "none among sourced
    dates", not proven clean.

    Returns
    -------
    DataFrame
        Indexed by ``event_id``: ``day0``, ``results_day`` (or NaT),
        ``offset`` (results day minus day 0 in trading days, or NaN),
        ``confounded`` (bool) and ``status`` (words for the table).
    """
    days_index = pd.DatetimeIndex(trading_days).sort_values()
    rows = {}
    for event in events.itertuples(index=False):
        day0 = event_day(days_index, event.announce_date, event.timing)
        at0 = days_index.get_loc(day0)
        best = None
        for release in results[results["ticker"] == event.ticker].itertuples(index=False):
            rday = event_day(
                days_index, release.release_date, release.timing if release.timing == "after close" else "not stated"
            )
            offset = days_index.get_loc(rday) - at0
            if abs(offset) <= days and (best is None or abs(offset) < abs(best[1])):
                best = (rday, offset, release.fiscal_period)
        if best:
            status = (
                f"confounded: {best[2]} results on day {best[1]:+d}"
                if best[1]
                else f"confounded: {best[2]} results on day 0"
            )
            rows[event.event_id] = {
                "day0": day0,
                "results_day": best[0],
                "offset": best[1],
                "confounded": True,
                "status": status,
            }
        else:
            rows[event.event_id] = {
                "day0": day0,
                "results_day": pd.NaT,
                "offset": np.nan,
                "confounded": False,
                "status": f"no sourced results date within {days} trading days",
            }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "event_id"
    return out


def close_reaction_pct(returns: pd.DataFrame, ticker: str, day0) -> float:
    """Close-to-close return of ``ticker`` on ``day0`` in percent: the book's one test for share-price claims."""
    value = returns[ticker].get(pd.Timestamp(day0))
    if value is None or pd.isna(value):
        raise KeyError(f"{ticker}: no close-to-close return on {pd.Timestamp(day0).date()}")
    return 100.0 * float(value)


def car_paths(
    returns: pd.DataFrame,
    events: pd.DataFrame,
    market: str = "SPY",
    window: tuple[int, int] = (-5, 5),
    estimation: tuple[int, int] = ESTIMATION,
) -> pd.DataFrame:
    """Cumulative abnormal return of every event, day by day over ``window``.

    Returns
    -------
    DataFrame
        ``event_id``, ``company``, ``day``, ``date``, ``ar_pct``, ``car_pct``
        (cumulated from the window's first day) and ``band_pct`` (1.96
        standard errors of that cumulative sum, ``1.96 sigma sqrt(k)`` after
        ``k`` days).
    """
    frames = []
    for event in events.itertuples(index=False):
        day0 = event_day(returns[event.ticker].dropna().index, event.announce_date, event.timing)
        ar = abnormal_returns(returns, event.ticker, market, day0, estimation, window, truncate=True)
        sigma = ar.attrs["model"]["sigma"]
        frames.append(
            ar.assign(
                event_id=event.event_id,
                company=event.company,
                band_pct=1.96 * 100 * sigma * np.sqrt(np.arange(1, len(ar) + 1)),
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return out[["event_id", "company", "day", "date", "ar_pct", "car_pct", "band_pct"]]


def event_labels(
    events: pd.DataFrame, table: pd.DataFrame, flags: pd.DataFrame, window: str = "[0, +1]"
) -> pd.DataFrame:
    """Menu label (``event``) and one line of text (``label``) per event.

    For :func:`ailayoffs.figures.layoffs.car_chart`.

    Parameters
    ----------
    events : DataFrame
        ``layoff_event_study_events``.
    table : DataFrame
        :func:`event_table`.
    flags : DataFrame
        :func:`confounding`, indexed by ``event_id``.
    """
    rows = table[table["window"] == window].set_index("event_id")
    out = []
    for event in events.itertuples(index=False):
        row = rows.loc[event.event_id]
        name = f"{event.company}, {pd.Timestamp(event.announce_date):%d %b %Y}"
        flag = "\nresults news in the window" if bool(flags.loc[event.event_id, "confounded"]) else ""
        out.append(
            {
                "event_id": event.event_id,
                "event": name,
                "label": f"CAR {window}: {row['car_pct']:+.1f} % (t = {row['t']:.1f}){flag}",
            }
        )
    return pd.DataFrame(out)
