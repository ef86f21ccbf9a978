"""A dated timeline of AI, platform and competition rules, with the article's date marked."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import PALETTE, source_text, with_source
from ..data import DatasetInfo

__all__ = ["regulation_timeline_chart"]

RELATIVE = ["before", "same month", "after"]


def regulation_timeline_chart(
    frame: pd.DataFrame, article_date: pd.Timestamp, *, datasets: Sequence[DatasetInfo], publisher: str
) -> alt.VConcatChart:
    """One row per regime, one point per event; the article's date as a rule.

    Parameters
    ----------
    frame : DataFrame
        :func:`ailayoffs.regulation.dated` output (``when``, ``relative``, ``regime``, ``event``,
        ``date``, ``basis``, ``date_precision``).
    article_date : Timestamp
        Drawn as a vertical rule.
    """
    points = frame.assign(when=frame["when"].dt.strftime("%Y-%m-%d"))[
        ["when", "date", "regime", "event", "relative", "basis", "date_precision"]
    ]
    order = list(dict.fromkeys(frame.sort_values("when")["regime"]))
    y = alt.Y("regime:N", sort=order, title=None, axis=alt.Axis(labelLimit=170))
    dots = (
        alt.Chart(points)
        .mark_point(size=70, filled=True, opacity=0.85)
        .encode(
            x=alt.X("when:T", title="Date", axis=alt.Axis(format="%Y", tickCount="year")),
            y=y,
            color=alt.Color(
                "relative:N",
                title="Relative to the article",
                sort=RELATIVE,
                scale=alt.Scale(domain=RELATIVE, range=[PALETTE[0], PALETTE[4], PALETTE[1]]),
            ),
            shape=alt.Shape(
                "date_precision:N",
                title="Date precision",
                scale=alt.Scale(domain=["day", "month"], range=["circle", "square"]),
            ),
            tooltip=[
                alt.Tooltip("date:N", title="Date"),
                alt.Tooltip("regime:N", title="Regime"),
                alt.Tooltip("event:N", title="Event"),
                alt.Tooltip("basis:N", title="Read in"),
            ],
        )
    )
    rule_frame = pd.DataFrame({"when": [article_date.strftime("%Y-%m-%d")], "label": ["article"]})
    rule = alt.Chart(rule_frame).mark_rule(color="#000", strokeDash=[4, 3]).encode(x="when:T")
    label = (
        alt.Chart(rule_frame)
        .mark_text(align="left", dx=4, dy=-4, fontSize=11)
        .encode(x="when:T", y=alt.value(0), text="label:N")
    )
    chart = alt.layer(rule, label, dots).properties(
        width=420,
        height=28 * len(order),
        title=alt.Title(
            "AI, platform and competition rules affecting Amazon",
            subtitle=[
                "One point per dated event; dashed line: the article's date",
                "Squares: only the month is confirmed",
            ],
        ),
    )
    first, last = frame["when"].min().year, frame["when"].max().year
    description = (
        f"Timeline from {first} to {last} with one row per regime ({', '.join(order)}) and a point for "
        "each dated event, coloured by whether it came before or after the article's date, which is "
        "marked by a dashed vertical line."
    )
    return with_source(chart, source_text(datasets, publisher), description)
