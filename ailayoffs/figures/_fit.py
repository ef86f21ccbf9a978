"""Fit a chart made by :func:`ailayoffs.charts.with_source` to a narrow width (a 390 px phone)."""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from ..charts import with_source

NARROW = 330  # px: fits a 390 px phone with the page margins
_CHARS_PER_PX = 115 / 620  # the footer's characters per line at the book's default width


def narrow_with_source(chart, source: str, description: str, width: int = NARROW) -> alt.VConcatChart:
    """:func:`~ailayoffs.charts.with_source`, with the source line rewrapped to ``width`` pixels."""
    stacked = with_source(chart, source, description)
    footer = stacked.vconcat[1]
    lines = textwrap.wrap(source, width=int(width * _CHARS_PER_PX))
    footer.data = pd.DataFrame({"text": ["\n".join(lines)]})
    footer.height = 13 * len(lines)
    footer.width = width
    return stacked
