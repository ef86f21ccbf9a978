"""Charts for the chapter on the global workforce: Amazon's investment in Germany, planned and realised."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import PALETTE, source_text
from ..data import DatasetInfo
from ._fit import NARROW, narrow_with_source

__all__ = ["investment_chart"]


def investment_chart(table: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """Investment figures for Germany, planned (announcements) and realised, with when each was reported.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`ailayoffs.global_workforce.investment_table`.
    """
    frame = table.assign(label=table["measure"] + " (" + table["period"] + ")")
    order = list(frame["label"])
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=190)),
            x=alt.X("value:Q", title="Billion euros"),
            color=alt.Color(
                "kind:N",
                title="Figure",
                scale=alt.Scale(domain=["planned", "realised"], range=[PALETTE[5], PALETTE[0]]),
            ),
            tooltip=[
                alt.Tooltip("measure:N", title="What"),
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("value:Q", title="Billion euros", format=",.1f"),
                alt.Tooltip("qualifier:N", title="Worded as"),
                alt.Tooltip("kind:N", title="Figure"),
                alt.Tooltip("reported:N", title="Reported"),
                alt.Tooltip("note:N", title="Note"),
            ],
        )
    )
    chart = bars.properties(
        width=NARROW - 190,
        height=30 * len(frame),
        title=alt.Title(
            "Amazon's investment in Germany",
            subtitle=["Billion euros; light blue: announced plans,", "dark blue: spending reported afterwards"],
        ),
    )
    description = (
        "Horizontal bar chart of Amazon's investment figures for Germany, separating announced plans "
        "(an additional ten billion euros to 2026 and the sovereign cloud) from realised spending "
        "(about fourteen billion euros in 2024 and about ninety billion since 2010)."
    )
    return narrow_with_source(
        chart, source_text(datasets, "dpa reports of Amazon's statements"), description, width=NARROW - 190, left=190
    )
