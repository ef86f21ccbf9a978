"""Charts for the chapter on the tech layoff wave: the tracker by quarter, over-hiring, event-study CARs.

Each function draws the frame it is given (computed in the chapter with
:mod:`ailayoffs.layoffs` and :mod:`ailayoffs.event_study`) and never calls a
model function.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from .. import charts
from ..data import DatasetInfo
from ._meta import need_columns

__all__ = ["NARROW", "NARROW_CHARS", "car_chart", "overhiring_chart", "wave_chart"]

#: Width of the plots in pixels, so that a chart with its legend fits a 390 px phone.
NARROW = 320
#: Characters per source line under a chart ``NARROW`` pixels wide.
NARROW_CHARS = max(30, charts._FOOTER_CHARS * NARROW // charts.WIDTH)


def wave_chart(
    quarterly: pd.DataFrame,
    *,
    datasets: Sequence[DatasetInfo],
    article: pd.DataFrame,
    publisher: str = "layoffs.fyi tracker (Roger Lee); the article",
) -> alt.VConcatChart:
    """Reported tech job cuts per quarter (tracker sums) with the article's quarterly figure marked.

    Parameters
    ----------
    quarterly : DataFrame
        :func:`ailayoffs.layoffs.tracker_totals` with ``freq="Q"``: ``period``,
        ``events``, ``events_with_count``, ``laid_off_sum``.
    article : DataFrame
        ``period`` and ``value`` (persons): figures the article gives for a quarter.
    """
    need_columns(quarterly, ("period", "events", "events_with_count", "laid_off_sum"), "wave_chart")
    need_columns(article, ("period", "value"), "wave_chart (article)")
    bars_data = quarterly.assign(
        share_counted_pct=100 * quarterly["events_with_count"] / quarterly["events"].where(quarterly["events"] > 0)
    )
    x = alt.X(
        "period:N",
        title="Calendar quarter",
        sort=list(quarterly["period"]),
        axis=alt.Axis(labelAngle=-90, labelExpr="slice(datum.value, 2)"),
    )
    bars = (
        alt.Chart(bars_data)
        .mark_bar(color=charts.PALETTE[0])
        .encode(
            x=x,
            y=alt.Y("laid_off_sum:Q", title="Job cuts reported (persons)", axis=alt.Axis(format="~s")),
            tooltip=[
                alt.Tooltip("period:N", title="Quarter"),
                alt.Tooltip("laid_off_sum:Q", title="Job cuts in tracker", format=","),
                alt.Tooltip("events:Q", title="Events"),
                alt.Tooltip("events_with_count:Q", title="Events with a count"),
                alt.Tooltip("share_counted_pct:Q", title="Events with a count (%)", format=".0f"),
            ],
        )
    )
    marks = (
        alt.Chart(article.assign(label="the article"))
        .mark_point(shape="diamond", size=140, filled=True, color=charts.PALETTE[1])
        .encode(
            x=x,
            y="value:Q",
            tooltip=[
                alt.Tooltip("period:N", title="Quarter"),
                alt.Tooltip("value:Q", title="The article's figure", format=","),
                alt.Tooltip("label:N", title="Source"),
            ],
        )
    )
    chart = alt.layer(bars, marks).properties(
        width=NARROW,
        height=280,
        title=alt.Title(
            "Tech job cuts by quarter",
            subtitle=["Sum of the counts reported per event", "(a lower bound); diamond: the article"],
        ),
    )
    source = charts.source_text(datasets, publisher)
    return charts.with_source(
        chart,
        source,
        "Bar chart of job cuts recorded by the layoffs.fyi tracker in each quarter from 2020 to "
        "2026, with the article's figure for a quarter shown as a diamond.",
        width=NARROW,
        chars=NARROW_CHARS,
    )


def overhiring_chart(
    points: pd.DataFrame,
    *,
    datasets: Sequence[DatasetInfo],
    labels: pd.DataFrame,
    publisher: str = "company filings and releases, press reports quoting them",
) -> alt.VConcatChart:
    """Each company's headcount as a percentage of its sourced peak, with a company selector.

    Parameters
    ----------
    points : DataFrame
        ``company``, ``date``, ``employees``, ``kind``, ``pct_of_peak`` and
        ``source`` (title of the source, shown in the tooltip).
    labels : DataFrame
        ``company`` and ``label``: one line of text per company, shown for the
        selected company (e.g. its growth to the peak).
    """
    need_columns(points, ("company", "date", "employees", "kind", "pct_of_peak", "source"), "overhiring_chart")
    need_columns(labels, ("company", "label"), "overhiring_chart (labels)")
    companies = list(dict.fromkeys(points["company"]))
    pick = alt.param(
        name="headcount_company", value=companies[0], bind=alt.binding_select(options=companies, name="Company: ")
    )
    base = alt.Chart(points).encode(
        x=alt.X("date:T", title="Date (fiscal year end or quarter end)", axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("pct_of_peak:Q", title="Employees (% of the sourced peak)", scale=alt.Scale(zero=False)),
        color=alt.Color("company:N", title="Company", sort=companies, legend=alt.Legend(columns=2)),
        opacity=alt.condition("datum.company == headcount_company", alt.value(1.0), alt.value(0.2)),
    )
    lines = base.mark_line(strokeWidth=2)
    dots = base.mark_point(filled=True, size=60).encode(
        shape=alt.Shape("kind:N", title="Figure at", legend=alt.Legend(columns=1)),
        tooltip=[
            alt.Tooltip("company:N", title="Company"),
            alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
            alt.Tooltip("employees:Q", title="Employees", format=","),
            alt.Tooltip("pct_of_peak:Q", title="% of peak", format=".0f"),
            alt.Tooltip("kind:N", title="Figure at"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    text = (
        alt.Chart(labels)
        .transform_filter("datum.company == headcount_company")
        .mark_text(align="left", baseline="top", fontSize=11, color="#222", lineBreak="\n")
        .encode(x=alt.value(4), y=alt.value(4), text="label:N")
    )
    chart = (
        alt.layer(lines, dots, text)
        .add_params(pick)
        .properties(
            width=NARROW,
            height=300,
            title=alt.Title(
                "Big-tech headcount against its peak",
                subtitle=["Sourced figures only; gaps where no", "filing or release could be read"],
            ),
        )
    )
    source = charts.source_text(datasets, publisher)
    return charts.with_source(
        chart,
        source,
        "Line chart of the headcount of Amazon, Microsoft, Alphabet and Meta as a percentage of "
        "each company's highest sourced figure, from 2018 to 2024; a menu highlights one company "
        "and prints its growth to the peak and the change since.",
        width=NARROW,
        chars=NARROW_CHARS,
    )


def car_chart(
    paths: pd.DataFrame,
    *,
    datasets: Sequence[DatasetInfo],
    labels: pd.DataFrame,
    publisher: str = "Yahoo Finance adjusted closes; announcements as reported",
) -> alt.VConcatChart:
    """Cumulative abnormal return around one layoff announcement, chosen in a menu.

    Parameters
    ----------
    paths : DataFrame
        :func:`ailayoffs.event_study.car_paths` plus ``event`` (a label per
        event, used in the menu).
    labels : DataFrame
        ``event`` and ``label``: text shown for the chosen event (e.g. its CAR
        over [0, +1] and whether results fell in the window).
    """
    need_columns(paths, ("event", "day", "date", "ar_pct", "car_pct", "band_pct"), "car_chart")
    need_columns(labels, ("event", "label"), "car_chart (labels)")
    events = list(dict.fromkeys(paths["event"]))
    pick = alt.param(name="car_event", value=events[0], bind=alt.binding_select(options=events, name="Announcement: "))
    data = paths.assign(lo=paths["car_pct"] - paths["band_pct"], hi=paths["car_pct"] + paths["band_pct"])
    base = alt.Chart(data).transform_filter("datum.event == car_event")
    x = alt.X("day:Q", title="Trading days from day 0", axis=alt.Axis(tickMinStep=1))
    band = base.mark_area(opacity=0.2, color=charts.PALETTE[0]).encode(x=x, y="lo:Q", y2="hi:Q")
    line = base.mark_line(point=True, color=charts.PALETTE[0]).encode(
        x=x,
        y=alt.Y("car_pct:Q", title="Cumulative abnormal return (%)"),
        tooltip=[
            alt.Tooltip("event:N", title="Announcement"),
            alt.Tooltip("day:Q", title="Day"),
            alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
            alt.Tooltip("ar_pct:Q", title="Abnormal return (%)", format=".2f"),
            alt.Tooltip("car_pct:Q", title="Cumulative (%)", format=".2f"),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#888").encode(y="y:Q")
    day0 = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=charts.PALETTE[1], strokeDash=[4, 3]).encode(x="x:Q")
    text = (
        alt.Chart(labels)
        .transform_filter("datum.event == car_event")
        .mark_text(align="left", baseline="top", fontSize=11, color="#222", lineBreak="\n")
        .encode(x=alt.value(4), y=alt.value(4), text="label:N")
    )
    chart = (
        alt.layer(band, line, zero, day0, text)
        .add_params(pick)
        .properties(
            width=NARROW,
            height=280,
            title=alt.Title(
                "Abnormal returns around layoffs",
                subtitle=["Market model against the S&P 500 ETF;", "band: 95 % interval of the cumulative sum"],
            ),
        )
    )
    source = charts.source_text(datasets, publisher)
    return charts.with_source(
        chart,
        source,
        "Line chart of the cumulative abnormal share-price return from five trading days before "
        "to five after a layoff announcement, with a 95 % band; a menu picks the announcement.",
        width=NARROW,
        chars=NARROW_CHARS,
    )
