"""Chart of the fact-check register: the article's claims by section and rating."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import source_text, with_source
from ..data import DatasetInfo
from ..factcheck import RATINGS

__all__ = ["RATING_COLOURS", "ratings_by_section_chart"]

#: One colour per rating, from true (blue) through false (vermilion); off-scale ratings in greys and purple.
RATING_COLOURS = {
    "true": "#0072B2",
    "mostly_true": "#56B4E9",
    "partly_false": "#E69F00",
    "mostly_false": "#D55E00",
    "false": "#8B2500",
    "unproven": "#BBBBBB",
    "missing_context": "#CC79A7",
    "wrong_period": "#777777",
    "misread": "#000000",
}


def ratings_by_section_chart(counts: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """Stacked bars: claims per article section, coloured by rating.

    Parameters
    ----------
    counts : DataFrame
        :func:`ailayoffs.register.rating_counts`: ``section_n``, ``section_en``,
        ``rating``, ``rating_en``, ``claims``, ``rating_order``.
    datasets : sequence of DatasetInfo
        The claims and reviews datasets the register is built from.
    """
    labels = [r.label_en for r in RATINGS]
    sections = zip(counts["section_n"], counts["section_en"], strict=True)
    frame = counts.assign(section=[f"§{n} {title}" if n else "Lead" for n, title in sections])
    order = frame.drop_duplicates("section_n").sort_values("section_n")["section"].tolist()
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("section:N", sort=order, title=None, axis=alt.Axis(labelLimit=110)),
            x=alt.X("sum(claims):Q", title="Claims (count)", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "rating_en:N",
                title="Rating",
                sort=labels,
                scale=alt.Scale(domain=labels, range=[RATING_COLOURS[r.key] for r in RATINGS]),
                legend=alt.Legend(columns=1, titleLimit=150, labelLimit=110),
            ),
            order=alt.Order("rating_order:Q"),
            tooltip=[
                alt.Tooltip("section:N", title="Section"),
                alt.Tooltip("rating_en:N", title="Rating"),
                alt.Tooltip("claims:Q", title="Claims"),
            ],
        )
        .properties(
            width=150,
            height=alt.Step(16),
            title=alt.Title(
                "The article's claims by section and rating",
                subtitle=["Number of claims; rating on CORRECTIV's scale plus the book's own"],
            ),
        )
    )
    source = source_text(datasets, "Xpert.Digital article of 28 Oct 2025; the book's review")
    return with_source(
        bars,
        source,
        "Stacked horizontal bars, one per article section, giving the number of the article's claims in each rating.",
    )
