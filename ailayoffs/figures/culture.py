"""Chart for the corporate-culture chapter: Amazon's dated statements against its headcount."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import PALETTE, WIDTH, source_text, with_source
from ..data import DatasetInfo

__all__ = ["statements_chart"]


def statements_chart(
    frame: pd.DataFrame, *, datasets: Sequence[DatasetInfo], headcount: pd.DataFrame, goal_date: pd.Timestamp
) -> alt.VConcatChart:
    """Amazon's quarter-end headcount with its dated statements as vertical rules.

    Parameters
    ----------
    frame : DataFrame
        Output of :func:`ailayoffs.culture.timeline` (``date``, ``label``, ``quantity``).
    datasets : sequence of DatasetInfo
        Datasets behind both frames, for the source line.
    headcount : DataFrame
        Output of :func:`ailayoffs.culture.headcount_series` (``quarter_end``, ``employees``).
    goal_date : Timestamp
        The deadline of the layers goal, drawn as a dashed rule.
    """
    events = frame.groupby("date", as_index=False).agg(
        label=("label", "first"), what=("quantity", lambda q: "; ".join(q))
    )
    goal = pd.DataFrame({"date": [goal_date], "label": ["deadline of the layers goal"]})
    # One time scale for the headcount and the statements, wide enough for both.
    start = min(headcount["quarter_end"].min(), events["date"].min(), goal_date) - pd.Timedelta(days=30)
    end = max(headcount["quarter_end"].max(), events["date"].max(), goal_date) + pd.Timedelta(days=30)
    domain = [start.strftime("%Y-%m-%d"), end.strftime("%Y-%m-%d")]
    x = alt.X("date:T", title="Date", scale=alt.Scale(domain=domain), axis=alt.Axis(format="%b %Y", tickCount=6))
    line = (
        alt.Chart(headcount)
        .mark_line(color="#9a9a9a", strokeWidth=1.5, point=alt.OverlayMarkDef(size=50, filled=True, color=PALETTE[0]))
        .encode(
            x=alt.X(
                "quarter_end:T",
                title="Date",
                scale=alt.Scale(domain=domain),
                axis=alt.Axis(format="%b %Y", tickCount=6),
            ),
            y=alt.Y(
                "employees:Q",
                title="Employees (million persons)",
                scale=alt.Scale(zero=False),
                axis=alt.Axis(labelExpr="format(datum.value / 1e6, '.2f')"),
            ),
            tooltip=[
                alt.Tooltip("period:N", title="Quarter"),
                alt.Tooltip("employees:Q", title="Employees", format=","),
            ],
        )
    )
    rules = (
        alt.Chart(events)
        .mark_rule(color=PALETTE[1], strokeWidth=2)
        .encode(
            x=x,
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("label:N", title="Statement"),
                alt.Tooltip("what:N", title="What it said"),
            ],
        )
    )
    goal_rule = (
        alt.Chart(goal)
        .mark_rule(color="#555", strokeDash=[4, 3])
        .encode(x=x, tooltip=[alt.Tooltip("label:N", title="Marks")])
    )
    chart = alt.layer(line, rules, goal_rule).properties(
        width=WIDTH,
        height=260,
        title=alt.Title(
            "Amazon's statements on layers and AI, and its headcount",
            subtitle=[
                "Orange rules: dated memos and messages; dashed: end of Q1 2025, the deadline of the",
                "goal for the ratio of individual contributors to managers. Dots: employees at quarter end.",
            ],
        ),
    )
    description = (
        f"Line chart of Amazon's quarter-end headcount from {headcount['period'].iloc[0]} to "
        f"{headcount['period'].iloc[-1]}, with {len(events)} vertical rules at the dates of Amazon's memos and "
        "messages on management layers, AI and the October 2025 cut, and a dashed rule at the end of Q1 2025."
    )
    return with_source(
        chart, source_text(datasets, "Amazon memos as reported in the press; Amazon filings and releases"), description
    )
