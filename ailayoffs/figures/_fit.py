"""Fit a chart with its source line (:func:`ailayoffs.charts.with_source`) to a narrow width (a 390 px phone)."""

from __future__ import annotations

import altair as alt

from ..charts import with_source

NARROW = 280  # px of plot area: with axes and labels a chart fits a 390 px phone
_CHARS_PER_PX = 115 / 620  # the footer's characters per line at the book's default width


def narrow_with_source(chart, source: str, description: str, width: int = NARROW, left: int = 0) -> alt.VConcatChart:
    """:func:`~ailayoffs.charts.with_source`, with the source line rewrapped to ``width`` pixels.

    ``left`` is the room the chart's axis labels take left of its plot area (the
    stacked footer aligns with the plot area, not with the labels); the footer then
    starts under the labels and the whole chart stays ``width`` + ``left`` wide.
    """
    return with_source(chart, source, description, width=width, left=left, chars=int((width + left) * _CHARS_PER_PX))
