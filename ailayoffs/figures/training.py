"""Charts for the chapter on training: participation gaps with the band the sources allow."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import PALETTE, source_text
from ..data import DatasetInfo
from ._fit import NARROW, narrow_with_source

__all__ = ["gaps_chart"]


def gaps_chart(gaps: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """Each training gap (percentage points) as a dot with its band (output of
    :func:`ailayoffs.training.participation_gaps`, with ``gap_id`` as a column)."""
    order = list(gaps["description"])
    base = alt.Chart(gaps)
    y = alt.Y("description:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))
    band = base.mark_rule(strokeWidth=6, opacity=0.35, color=PALETTE[0]).encode(
        y=y,
        x=alt.X("low_pp:Q", title=["Gap in participation", "(percentage points)"], scale=alt.Scale(zero=True)),
        x2="high_pp:Q",
    )
    dots = base.mark_point(filled=True, size=70, color=PALETTE[0]).encode(
        y=y,
        x="gap_pp:Q",
        tooltip=[
            alt.Tooltip("description:N", title="Gap"),
            alt.Tooltip("more_pct:Q", title="Group trained more (%)"),
            alt.Tooltip("less_pct:Q", title="Group trained less (%)"),
            alt.Tooltip("gap_pp:Q", title="Gap (points)", format=".0f"),
            alt.Tooltip("low_pp:Q", title="Band from", format=".1f"),
            alt.Tooltip("high_pp:Q", title="Band to", format=".1f"),
            alt.Tooltip("band:N", title="Band"),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#999").encode(x="x:Q")
    chart = alt.layer(zero, band, dots).properties(
        width=NARROW - 200,
        height=34 * len(gaps),
        title=alt.Title(
            "Who trains less",
            subtitle=["Participation gap, percentage points;", "bars: " + "; ".join(sorted(gaps["band"].unique()))],
        ),
    )
    description = (
        "Dot chart of six gaps in training participation in Germany (IAB): every gap is positive, "
        "largest between high- and low-qualified employees in routine-intensive jobs; each dot carries "
        "a rounding band, because the studies do not publish sample sizes."
    )
    return narrow_with_source(
        chart,
        source_text(datasets, "IAB (NEPS data) as reported in the press"),
        description,
        width=NARROW - 200,
        left=200,
    )
