"""The register's claims by article section."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import PALETTE, source_text, with_source
from ..data import DatasetInfo
from ..evidence import STATUSES

__all__ = ["claims_by_section_chart"]


def claims_by_section_chart(
    frame: pd.DataFrame, *, datasets: Sequence[DatasetInfo], publisher: str
) -> alt.VConcatChart:
    """Stacked bars: claims per article section, checked with data, rated by judgement, or not checkable.

    Parameters
    ----------
    frame : DataFrame
        :func:`ailayoffs.evidence.claims_by_section` output.
    """
    order = list(dict.fromkeys(frame.sort_values("position")["section_de"]))
    chart = (
        alt.Chart(frame.assign(stack=frame["status"].map({s: i for i, s in enumerate(STATUSES)})))
        .mark_bar()
        .encode(
            y=alt.Y("section_de:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("claims:Q", title="Claims (count)", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "status:N",
                title=None,
                sort=list(STATUSES),
                scale=alt.Scale(domain=list(STATUSES), range=[PALETTE[0], PALETTE[5], "#bbbbbb"]),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            order=alt.Order("stack:Q"),
            tooltip=[
                alt.Tooltip("section_de:N", title="Section"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("claims:Q", title="Claims"),
            ],
        )
        .properties(
            width=300,
            height=24 * len(order),
            title=alt.Title(
                "The article's claims by section", subtitle=["Claims in the book's register, in the article's order"]
            ),
        )
    )
    total = int(frame["claims"].sum())
    description = (
        f"Horizontal stacked bar chart of the {total} claims of the article in the book's register, "
        f"one bar per section in the article's order ({len(order)} sections with claims), split into "
        "claims checked against sourced data, claims rated by judgement on sourced facts and claims "
        "that cannot be checked."
    )
    return with_source(chart, source_text(datasets, publisher), description)
