"""Chart for the social-bargain chapter: collective-bargaining coverage and union density in Germany."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import PALETTE, WIDTH, source_text, with_source
from ..data import DatasetInfo

__all__ = ["bargaining_chart"]


def bargaining_chart(
    frame: pd.DataFrame, *, datasets: Sequence[DatasetInfo], labels: dict[str, str], break_year: int
) -> alt.VConcatChart:
    """Both series over time; clicking a legend entry highlights one.

    Parameters
    ----------
    frame : DataFrame
        ``de_collective_bargaining_oecd`` as loaded (``series_id``, ``year``, ``value_pct``).
    datasets : sequence of DatasetInfo
        For the source line.
    labels : dict
        ``series_id`` to the label shown (``ailayoffs.bargaining.SERIES_LABELS``).
    break_year : int
        Year of the break in the series (unification), drawn as a dashed rule.
    """
    data = frame.assign(
        series=frame["series_id"].map(labels), date=pd.to_datetime(frame["year"].astype(str) + "-07-01")
    )
    order = [labels[s] for s in labels if s in set(frame["series_id"])]
    pick = alt.selection_point(fields=["series"], bind="legend")
    x = alt.X("date:T", title="Year", axis=alt.Axis(format="%Y", tickCount=8))
    lines = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=30, filled=True), strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y("value_pct:Q", title="Percent of employees", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("series:N", title=None, scale=alt.Scale(domain=order, range=PALETTE[: len(order)])),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("value_pct:Q", title="Percent", format=".1f"),
            ],
        )
        .add_params(pick)
    )
    marker = pd.DataFrame(
        {"date": [pd.Timestamp(f"{break_year}-01-01")], "label": [f"{break_year}: first year after unification"]}
    )
    rule = alt.Chart(marker).mark_rule(color="#555", strokeDash=[4, 3]).encode(x="date:T")
    note = (
        alt.Chart(marker)
        .mark_text(align="left", dx=4, baseline="top", fontSize=10, color="#555")
        .encode(x="date:T", y=alt.value(4), text="label:N")
    )
    first, last = int(frame["year"].min()), int(frame["year"].max())
    chart = alt.layer(rule, note, lines).properties(
        width=WIDTH,
        height=280,
        title=alt.Title(
            "How many employees the bargain reaches in Germany",
            subtitle=[
                "Coverage: employees covered by collective agreements, percent of those with the right to bargain.",
                "Density: union members, percent of employees. Click a legend entry to highlight a series.",
            ],
        ),
    )
    description = (
        f"Line chart of two OECD series for Germany, {first} to {last}: collective-bargaining coverage and "
        "trade-union density in percent, both falling since the early 1990s, with a dashed rule at "
        f"{break_year}."
    )
    return with_source(
        chart, source_text(datasets, "OECD.Stat (CBC; TUD, OECD/ICTWSS), copy of 2 Nov 2018"), description
    )
