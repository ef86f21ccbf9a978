"""Charts for the chapter on the immediate dimensions of the job cuts.

Chart contract (see the README, "The package"): each function takes the frames it
draws, computed by the model module of the same topic, and the dataset information it
cites as the keyword ``datasets`` (a sequence of DatasetInfo); it reads no frame's
``attrs``, calls no model function and returns a titled chart above its source line,
with alt text.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import PALETTE, WIDTH, source_text, with_source
from ..data import DatasetInfo
from ._meta import source_titles

__all__ = ["cut_rounds_chart", "headcount_chart"]

BASIS_ORDER = ["annual report", "earnings release", "press report of release"]


def headcount_chart(
    quarterly: pd.DataFrame, rounds: pd.DataFrame, *, datasets: Sequence[DatasetInfo], surge: tuple[str, str]
) -> alt.VConcatChart:
    """Amazon's quarter-end headcount with the announced cut rounds marked.

    Parameters
    ----------
    quarterly : DataFrame
        ``amazon_headcount_quarterly`` as loaded.
    rounds : DataFrame
        ``amazon_job_cut_rounds`` as loaded; announced rounds are drawn as rules.
    datasets : sequence of DatasetInfo
        The datasets of both frames (source titles and the source line).
    surge : (str, str)
        First and last quarter of the pandemic hiring surge to shade, e.g.
        ``("2019Q4", "2022Q1")``, chosen in the chapter from the data.
    """
    points = quarterly.assign(
        source=source_titles(quarterly, datasets, "amazon_headcount_quarterly"),
        employees=quarterly["employees"].astype("int64"),
    )
    points = points[["period", "quarter_end", "employees", "basis", "source"]]

    by_period = quarterly.set_index("period")["quarter_end"]
    band = pd.DataFrame(
        {"start": [by_period[surge[0]]], "end": [by_period[surge[1]]], "label": ["pandemic hiring surge"]}
    )
    announced = rounds[rounds["kind"] == "announced"].assign(
        roles=lambda d: d["roles"].astype("int64"),
        label=lambda d: d["roles_qualifier"] + " " + d["roles"].map("{:,}".format) + " cut",
    )[["announce_date", "roles", "label", "roles_qualifier"]]

    x = alt.X("quarter_end:T", title="Quarter end", axis=alt.Axis(format="%Y", tickCount="year"))
    shade = alt.Chart(band).mark_rect(color="#f2e6d9", opacity=0.7).encode(x="start:T", x2="end:T")
    shade_label = (
        alt.Chart(band)
        .mark_text(align="left", dx=4, dy=8, baseline="top", fontSize=11, color="#8a5a2b")
        .encode(x="start:T", y=alt.value(0), text="label:N")
    )
    line = alt.Chart(points).mark_line(color="#9a9a9a", strokeWidth=1.5).encode(x=x, y="employees:Q")
    hover = alt.selection_point(fields=["period"], on="pointerover", nearest=True, empty=False)
    dots = (
        alt.Chart(points)
        .mark_point(size=70, filled=True, strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y(
                "employees:Q",
                title="Employees (million persons)",
                scale=alt.Scale(zero=True),
                axis=alt.Axis(labelExpr="format(datum.value / 1e6, '.1f')"),
            ),
            color=alt.Color("basis:N", title="Figure read in", scale=alt.Scale(domain=BASIS_ORDER, range=PALETTE[:3])),
            shape=alt.Shape(
                "basis:N",
                scale=alt.Scale(domain=BASIS_ORDER, range=["circle", "square", "triangle-up"]),
                title="Figure read in",
            ),
            size=alt.condition(hover, alt.value(160), alt.value(70)),
            tooltip=[
                alt.Tooltip("period:N", title="Quarter"),
                alt.Tooltip("employees:Q", title="Employees", format=","),
                alt.Tooltip("basis:N", title="Read in"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .add_params(hover)
    )
    rules = (
        alt.Chart(announced)
        .mark_rule(color=PALETTE[1], strokeDash=[4, 3])
        .encode(
            x="announce_date:T",
            tooltip=[
                alt.Tooltip("announce_date:T", title="Announced", format="%d %b %Y"),
                alt.Tooltip("roles:Q", title="Corporate roles cut", format=","),
                alt.Tooltip("roles_qualifier:N", title="Worded as"),
            ],
        )
    )
    rule_labels = (
        alt.Chart(announced)
        .mark_text(angle=270, align="left", dx=-4, dy=-5, fontSize=10, color=PALETTE[1])
        .encode(x="announce_date:T", y=alt.value(300), text="label:N")
    )
    chart = alt.layer(shade, shade_label, line, dots, rules, rule_labels).properties(
        width=WIDTH,
        height=320,
        title=alt.Title(
            "Amazon's workforce at the end of each quarter",
            subtitle=[
                "Full-time and part-time employees (million persons); dashed lines: announced corporate job-cut rounds",
                "Quarters without a sourced figure are left out; the line joins reported quarters",
            ],
        ),
    )
    first, last = points["period"].iloc[0], points["period"].iloc[-1]
    description = (
        f"Line chart of Amazon's total employees at quarter ends from {first} to {last}, rising steeply "
        f"during the shaded pandemic surge from {surge[0]} to {surge[1]} and flat afterwards, with dashed "
        "vertical lines at each announced corporate job-cut round."
    )
    source = source_text(datasets, "Amazon 10-K filings and quarterly earnings releases; press reports as listed")
    return with_source(chart, source, description)


def cut_rounds_chart(context: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """Each announced or reported cut round, in roles and in percent of all employees.

    Parameters
    ----------
    context : DataFrame
        Output of :func:`ailayoffs.workforce.cut_rounds_in_context`.
    datasets : sequence of DatasetInfo
        The datasets it was built from (rounds and headcount), for the source line.
    """
    frame = context.assign(
        roles=context["roles"].astype("int64"),
        round=context["announce_date"].dt.strftime("%b %Y") + " (" + context["kind"] + ")",
        share=context["share_of_total_pct"].round(2),
        label=context["roles_qualifier"] + " " + context["roles"].map("{:,}".format),
    )
    order = list(frame["round"])
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("round:N", sort=order, title=None),
            x=alt.X("roles:Q", title="Corporate roles cut (persons)", axis=alt.Axis(format=",d")),
            color=alt.Color(
                "kind:N",
                title="Figure",
                scale=alt.Scale(domain=["announced", "reported"], range=[PALETTE[1], "#bbbbbb"]),
            ),
            tooltip=[
                alt.Tooltip("announce_date:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("roles:Q", title="Roles", format=","),
                alt.Tooltip("roles_qualifier:N", title="Worded as"),
                alt.Tooltip("headcount_period:N", title="Last reported headcount"),
                alt.Tooltip("headcount:Q", title="Employees then", format=","),
                alt.Tooltip("share:Q", title="Share of all employees (%)", format=".2f"),
                alt.Tooltip("note:N", title="Note"),
            ],
        )
    )
    labels = bars.mark_text(align="left", dx=4, fontSize=11, color="#333").encode(
        text="label:N", color=alt.value("#333")
    )
    chart = alt.layer(bars, labels).properties(
        width=WIDTH - 120,
        height=34 * len(frame),
        title=alt.Title(
            "Amazon's corporate job-cut rounds since 2022",
            subtitle=[
                "Roles cut (persons); grey: press reports of plans, not announcements",
                "Hover for each round's share of Amazon's total headcount",
            ],
        ),
    )
    description = (
        "Horizontal bar chart of Amazon's corporate job-cut rounds from November 2022 to January 2026, "
        "comparing announced rounds with press reports; the largest bar is the reported plan of as many "
        "as 30,000 roles in October 2025."
    )
    source = source_text(datasets, "company memos as reported by the press; Reuters; layoffs.fyi")
    return with_source(chart, source, description)
