"""Charts for the chapter on the economic logic behind the cuts.

Chart contract (see the README, "The package"): each function takes the frames it
draws, computed by the model module of the same topic, and the dataset information it
cites as the keyword ``datasets`` (a sequence of DatasetInfo); it reads no frame's
``attrs``, calls no model function and returns a titled chart above its source line,
with alt text.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from ..charts import PALETTE, WIDTH, source_text, with_source
from ..data import DatasetInfo
from ..results import MEASURES
from ._meta import source_titles

__all__ = ["capex_chart", "display_growth", "event_window_chart", "yoy_growth_chart"]

PHASES = ["before the article", "the article's quarter", "reported after the article"]


def display_growth(growth: pd.Series, cap: float) -> tuple[pd.Series, pd.Series]:
    """Growth values cut at ``±cap`` for drawing, and which of them were cut.

    Growth of a profit on a small year-ago profit can run into thousands of
    percent; drawn to scale, such a bar flattens every other bar. The chart
    draws it at the edge and labels it with its true value.
    """
    if cap <= 0:
        raise ValueError("cap must be positive")
    clipped = growth.clip(lower=-cap, upper=cap)
    return clipped, growth.abs() > cap


def yoy_growth_chart(
    yoy: pd.DataFrame, *, datasets: Sequence[DatasetInfo], article_quarter: str, cap: float = 200.0
) -> alt.VConcatChart:
    """Year-on-year growth of net sales, operating income or net income, one measure at a time.

    Parameters
    ----------
    yoy : DataFrame
        Output of :func:`ailayoffs.results.yoy_long` for the measures in
        :data:`ailayoffs.results.MEASURES`, joined with ``basis`` and
        ``source_ref`` of each quarter's row in ``amazon_quarterly_results``.
    datasets : sequence of DatasetInfo
        ``amazon_quarterly_results``' provenance (source titles for tooltips).
    article_quarter : str
        The latest quarter the article cites; later quarters are marked as
        reported after it.
    cap : float
        Bars beyond ±cap percent are drawn at the edge and labelled.
    """
    frame = yoy.dropna(subset=["growth_pct"]).copy()
    periods = pd.PeriodIndex(frame["period"], freq="Q")
    article = pd.Period(article_quarter, freq="Q")
    frame["quarter_start"] = periods.start_time
    frame["measure"] = frame["metric"].map(MEASURES)
    frame["phase"] = np.select([periods < article, periods == article], PHASES[:2], PHASES[2])
    frame["shown"], off = display_growth(frame["growth_pct"], cap)
    frame["off_scale"] = np.where(off, frame["growth_pct"].map(lambda g: f"{g:,.0f} %"), "")
    frame["value_bn"] = frame["value"] / 1000
    frame["year_ago_bn"] = frame["year_ago"] / 1000
    frame["source"] = source_titles(frame, datasets)
    frame = frame[
        [
            "period",
            "quarter_start",
            "measure",
            "phase",
            "growth_pct",
            "shown",
            "off_scale",
            "value_bn",
            "year_ago_bn",
            "basis",
            "source",
        ]
    ]

    names = list(MEASURES.values())
    pick = alt.param(name="measure_pick", value=names[0], bind=alt.binding_select(options=names, name="Measure: "))
    base = alt.Chart(frame).transform_filter("datum.measure == measure_pick")
    x = alt.X(
        "yearquarter(quarter_start):T", title="Quarter", axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0)
    )
    bars = base.mark_bar().encode(
        x=x,
        y=alt.Y("shown:Q", title="Growth on the same quarter a year earlier (%)"),
        color=alt.Color(
            "phase:N",
            title=None,
            scale=alt.Scale(domain=PHASES, range=["#9db4c9", PALETTE[1], PALETTE[0]]),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("period:N", title="Quarter"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("value_bn:Q", title="This quarter (USD bn)", format=",.1f"),
            alt.Tooltip("year_ago_bn:Q", title="A year earlier (USD bn)", format=",.1f"),
            alt.Tooltip("growth_pct:Q", title="Growth (%)", format=",.1f"),
            alt.Tooltip("basis:N", title="Figure read in"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#555").encode(y="y:Q")
    # Off-scale values are written vertically inside the cut bars, so neighbouring labels cannot collide.
    # Each label layer draws every bar's row (empty text where a bar is not cut): a layer filtered
    # down to no rows would make Vega warn of an infinite extent.
    labels = [
        base.mark_text(
            angle=270, align=align, baseline="middle", dx=dx, fontSize=10, fontWeight="bold", color="white"
        ).encode(
            x=alt.X("yearquarter(quarter_start):T", bandPosition=0.5),
            y="shown:Q",
            text=alt.condition(f"datum.off_scale != '' && datum.shown {sign} 0", "off_scale:N", alt.value("")),
        )
        for sign, align, dx in [(">", "right", -4), ("<", "left", 4)]
    ]
    chart = (
        alt.layer(bars, zero, *labels)
        .add_params(pick)
        .properties(
            width=WIDTH,
            height=300,
            title=alt.Title(
                "Amazon's growth on a year earlier, quarter by quarter",
                subtitle=[
                    f"Orange: the article's quarter ({article_quarter}); dark blue: quarters reported after the article",
                    "Choose the measure below the chart; hover over a bar for the figures and their source",
                    "No bar: the quarter or its year-ago quarter is not sourced, or the year-ago figure was a loss",
                    f"Bars beyond ±{cap:.0f} % are cut at the edge; their value is written in the bar",
                ],
            ),
        )
    )
    description = (
        f"Interactive bar chart of Amazon's quarterly growth on the same quarter a year earlier, "
        f"{frame['period'].iloc[0] if len(frame) else ''} to {frame['period'].max()}, for net sales, operating "
        f"income or net income as chosen; the quarter the article cites, {article_quarter}, is highlighted and "
        "later quarters are coloured as reported after the article."
    )
    return with_source(chart, source_text(datasets, "Amazon 10-K filings and quarterly earnings releases"), description)


CAPEX_SERIES = {
    "operating_cash_flow": "Operating cash flow",
    "capex_purchases_ppe_gross": "Purchases of property and equipment (gross)",
    "capex_purchases_ppe_net": "Purchases net of proceeds and incentives",
    "operating_income": "Operating income",
}
RATIO_SERIES = {
    "gross_to_ocf_pct": "Gross purchases in % of operating cash flow",
    "net_to_ocf_pct": "Net purchases in % of operating cash flow",
}


def capex_chart(totals: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """Twelve-month capital expenditure against operating cash flow and operating income.

    Parameters
    ----------
    totals : DataFrame
        Output of :func:`ailayoffs.results.twelve_month_totals`.
    datasets : sequence of DatasetInfo
        The annual and quarterly results datasets.
    """
    keep = ["label", "end", "basis"]
    levels = totals[keep + list(CAPEX_SERIES)].melt(id_vars=keep, var_name="series", value_name="usd_m").dropna()
    levels["series"] = levels["series"].map(CAPEX_SERIES)
    levels["usd_bn"] = levels["usd_m"] / 1000
    ratios = totals[keep + list(RATIO_SERIES)].melt(id_vars=keep, var_name="series", value_name="pct").dropna()
    ratios["series"] = ratios["series"].map(RATIO_SERIES)

    years = range(totals["end"].min().year, totals["end"].max().year + 1)
    # Ticks at 31 December, so a fiscal year's point sits on its own year's label.
    x = alt.X(
        "end:T",
        title="End of the twelve months (ticks at 31 December)",
        axis=alt.Axis(format="%Y", values=[alt.DateTime(year=y, month=12, date=31) for y in years]),
    )
    highlight = alt.selection_point(fields=["series"], bind="legend")
    level_colours = alt.Scale(domain=list(CAPEX_SERIES.values()), range=[PALETTE[0], PALETTE[1], "#e8a97e", PALETTE[2]])
    top = (
        alt.Chart(levels)
        .mark_line(point=alt.OverlayMarkDef(size=40, filled=True))
        .encode(
            x=x,
            y=alt.Y("usd_bn:Q", title="USD billion (twelve-month total)"),
            color=alt.Color("series:N", title="Click to highlight", scale=level_colours, legend=alt.Legend(columns=2)),
            strokeDash=alt.condition(
                "datum.series == 'Purchases net of proceeds and incentives'", alt.value([5, 3]), alt.value([1, 0])
            ),
            opacity=alt.condition(highlight, alt.value(1), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("label:N", title="Twelve months"),
                alt.Tooltip("basis:N", title="Basis"),
                alt.Tooltip("series:N", title="Measure"),
                alt.Tooltip("usd_bn:Q", title="USD bn", format=",.1f"),
            ],
        )
        .add_params(highlight)
        .properties(width=WIDTH, height=250)
    )

    ratio_colours = alt.Scale(domain=list(RATIO_SERIES.values()), range=[PALETTE[1], "#e8a97e"])
    full = alt.Chart(pd.DataFrame({"pct": [100.0], "text": ["capex = operating cash flow"]}))
    hundred = full.mark_rule(color="#555", strokeDash=[2, 2]).encode(y="pct:Q")
    hundred_label = full.mark_text(align="left", baseline="bottom", dx=4, dy=-2, fontSize=10, color="#555").encode(
        x=alt.value(0), y="pct:Q", text="text:N"
    )
    ratio_lines = (
        alt.Chart(ratios)
        .mark_line(point=alt.OverlayMarkDef(size=40, filled=True))
        .encode(
            x=x,
            y=alt.Y("pct:Q", title="% of operating cash flow", scale=alt.Scale(zero=True)),
            color=alt.Color("series:N", title=None, scale=ratio_colours, legend=alt.Legend(columns=1)),
            strokeDash=alt.condition(
                "datum.series == 'Net purchases in % of operating cash flow'", alt.value([5, 3]), alt.value([1, 0])
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Twelve months"),
                alt.Tooltip("basis:N", title="Basis"),
                alt.Tooltip("series:N", title="Ratio"),
                alt.Tooltip("pct:Q", title="%", format=".1f"),
            ],
        )
    )
    bottom = alt.layer(hundred, ratio_lines, hundred_label).properties(width=WIDTH, height=170)

    chart = (
        alt.vconcat(top, bottom, spacing=14)
        .resolve_scale(x="shared", color="independent", strokeDash="independent")
        .properties(
            title=alt.Title(
                "Amazon's capital spending against the cash its operations bring in",
                subtitle=[
                    "Twelve-month totals: fiscal years, then trailing twelve months at each later quarter",
                    "Top: USD billion; bottom: purchases of property and equipment in % of operating cash flow",
                ],
            )
        )
    )
    first, last = totals["label"].iloc[0], totals["label"].iloc[-1]
    description = (
        f"Two-panel line chart from {first} to {last}: above, Amazon's operating cash flow, purchases of "
        "property and equipment (gross and net of proceeds) and operating income in USD billion; below, "
        "purchases as a percentage of operating cash flow with a reference line at 100 percent."
    )
    return with_source(chart, source_text(datasets, "Amazon 10-K filings and quarterly earnings releases"), description)


def event_window_chart(windows: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """Cumulative close-to-close returns around layoff announcements.

    Parameters
    ----------
    windows : DataFrame
        Outputs of :func:`ailayoffs.results.event_window` stacked, with an
        ``event`` column naming each announcement.
    datasets : sequence of DatasetInfo
        ``daily_adjusted_closes``' provenance.
    """
    frame = windows.assign(date_text=windows["date"].dt.strftime("%a %d %b %Y"))
    highlight = alt.selection_point(fields=["event"], bind="legend")
    events = list(dict.fromkeys(frame["event"]))
    lines = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=45, filled=True))
        .encode(
            x=alt.X(
                "day:Q",
                title="Trading days from the announcement (0 = announcement day)",
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            y=alt.Y("cum_return_pct:Q", title="Change since the last close before the news (%)"),
            color=alt.Color(
                "event:N",
                title="Click to highlight:",
                sort=events,
                scale=alt.Scale(domain=events, range=PALETTE[: len(events)]),
                legend=alt.Legend(
                    orient="top-left", direction="vertical", fillColor="white", padding=6, titleFontSize=11
                ),
            ),
            opacity=alt.condition(highlight, alt.value(1), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("event:N", title="Announcement"),
                alt.Tooltip("date_text:N", title="Date"),
                alt.Tooltip("day:Q", title="Trading day"),
                alt.Tooltip("close:Q", title="Adjusted close (USD)", format=",.2f"),
                alt.Tooltip("cum_return_pct:Q", title="Change since day -1 (%)", format="+.2f"),
            ],
        )
        .add_params(highlight)
    )
    rules = alt.Chart(pd.DataFrame({"day": [0], "y": [0]}))
    day0 = rules.mark_rule(color="#555", strokeDash=[2, 2]).encode(x="day:Q")
    zero = rules.mark_rule(color="#999").encode(y="y:Q")
    chart = alt.layer(zero, day0, lines).properties(
        width=WIDTH,
        height=300,
        title=alt.Title(
            "Share prices around layoff announcements, close to close",
            subtitle=[
                "Adjusted daily closes relative to the last close before the announcement (%)",
                "Other news in the same days moves the lines too; daily closes show nothing of the moves within a day",
            ],
        ),
    )
    description = (
        f"Line chart of cumulative close-to-close share-price changes, in percent, from {-frame['day'].min()} "
        f"trading days before to {frame['day'].max()} after each layoff announcement ({', '.join(events)}), "
        "all set to zero at the close before the announcement."
    )
    return with_source(chart, source_text(datasets, "Yahoo Finance adjusted closes (yfinance)"), description)
