"""One look for every chart, a source line under each, and an offline renderer.

In the book build (``AILAYOFFS_BOOK_BUILD=1``, set by ``_ext/offline_vega.py``)
charts render to an HTML snippet that calls ``vegaEmbed`` from the Vega bundle
the build vendors into ``_static/vendor/``; nothing loads from a CDN. In
JupyterLab the same charts use Altair's default renderer, which JupyterLab
draws with its own bundled Vega.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import textwrap
from collections.abc import Iterable

import altair as alt
import pandas as pd

from .data import DatasetInfo

__all__ = [
    "BOOK_BUILD_ENV",
    "PALETTE",
    "enable",
    "source_lines",
    "source_text",
    "with_source",
]

BOOK_BUILD_ENV = "AILAYOFFS_BOOK_BUILD"
RENDERER = "ailayoffs_offline"
THEME = "ailayoffs"
WIDTH = 620
_FOOTER_CHARS = 58  # characters per source line that fit a 340 px phone column at the footer's font size

# Colour-blind-safe (Okabe–Ito), in the order series are introduced.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

_EMBED_OPTIONS = {
    "mode": "vega-lite",  # stated here, so the spec needs no "$schema" URL
    "renderer": "svg",
    # The editor and source actions link to vega.github.io; an offline book keeps export only.
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}


def _theme() -> dict:
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 300},
            "range": {"category": PALETTE},
            "title": {"anchor": "start", "fontSize": 15, "subtitleFontSize": 12, "subtitleColor": "#444"},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            "legend": {
                "labelFontSize": 11,
                "titleFontSize": 12,
                "orient": "bottom",
                "direction": "horizontal",
                "labelLimit": 300,
                "titleLimit": 340,
                "columns": 2,
            },
        }
    }


def embed_json(value) -> str:
    """``value`` as JSON that is safe inside an HTML ``<script>`` element.

    ``json.dumps`` leaves ``<``, ``>`` and ``&`` as they are, so a string
    holding ``</script>`` (say, a note from a CSV used in a tooltip) would
    close the script and let the rest run as markup. Escaped as ``\\u003c``
    and friends, the JSON means the same and cannot leave the script.
    """
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def yearly_ticks(node):
    """Give every axis labelled with the year alone (``format="%Y"``) one tick a year.

    A quarterly axis formatted ``%Y`` otherwise prints each year up to four
    times (2022, 2022, 2023 ...). Returns ``node`` changed in place.
    """
    if isinstance(node, list):
        for item in node:
            yearly_ticks(item)
    elif isinstance(node, dict):
        axis = node.get("axis")
        if isinstance(axis, dict) and axis.get("format") == "%Y" and "tickCount" not in axis and "values" not in axis:
            axis["tickCount"] = {"interval": "year", "step": 1}
        for key, value in node.items():
            if key not in ("datasets", "data"):
                yearly_ticks(value)
    return node


# How a source was read ("markdown text copy" of a filing in a repository) is provenance for
# data/datapackage.json, not for a reader's tooltip.
_INTERNAL_NOTES = (" (markdown text copy)",)


def reader_strings(node):
    """Drop internal reading notes from every string of a chart's data. Returns ``node`` changed in place."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            node[i] = reader_strings(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            node[key] = reader_strings(value)
    elif isinstance(node, str):
        for note in _INTERNAL_NOTES:
            node = node.replace(note, "")
    return node


def _offline_html(spec: dict, **_metadata) -> dict:
    """Altair renderer: an HTML snippet drawing ``spec`` with the vendored Vega.

    On the book's pages ``window.ailayoffsDraw`` (``_static/ailayoffs.js``) fits
    the chart to the width of its column and redraws it when that changes.
    """
    spec = reader_strings(yearly_ticks({key: value for key, value in spec.items() if key != "$schema"}))
    spec_json = embed_json(spec)
    # A stable id keeps cached outputs identical between runs.
    div_id = "chart-" + hashlib.sha256(spec_json.encode()).hexdigest()[:12]
    alt_text = html.escape(spec.get("description") or _title_text(spec) or "Chart", quote=True)
    embed = embed_json(_EMBED_OPTIONS)
    snippet = f"""<div class="ailayoffs-chart" role="figure" aria-label="{alt_text}">
<div id="{div_id}" class="ailayoffs-chart-canvas"></div>
</div>
<script type="text/javascript">
(function () {{
  var el = document.getElementById("{div_id}");
  if (typeof vegaEmbed !== "function") {{
    el.textContent = "This chart needs the Vega library bundled with the book " +
      "(_static/vendor/vega-bundle.js), which did not load.";
    console.error("ailayoffs: vegaEmbed is not defined; chart {div_id} not drawn");
    return;
  }}
  // The book's _static/ailayoffs.js fits the chart to its column; elsewhere (JupyterLab) draw as is.
  var draw = window.ailayoffsDraw ||
    function (box, target, spec, options) {{ return vegaEmbed(target, spec, options); }};
  draw(el.parentNode, el, {spec_json}, {embed}).catch(function (err) {{
    el.textContent = "The chart could not be drawn: " + err;
    console.error(err);
  }});
}})();
</script>"""
    return {"text/html": snippet, "text/plain": f"<{_title_text(spec) or 'chart'}: {alt_text}>"}


def _title_text(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(title)
    return str(title or "")


def enable() -> None:
    """Register the book's theme, pick the renderer for where we run, and make tables safe.

    Tables (:func:`ailayoffs.tables.enable`): every Styler, DataFrame and Series
    a chapter shows has its text escaped, a stable id and a scrolling box.
    """
    from . import tables

    tables.enable()
    alt.theme.register(THEME, enable=True)(_theme)
    alt.renderers.register(RENDERER, _offline_html)
    alt.renderers.enable(RENDERER if os.environ.get(BOOK_BUILD_ENV) else "default")


def source_text(datasets: Iterable[DatasetInfo], publisher: str) -> str:
    """The source line printed under a chart.

    Parameters
    ----------
    datasets : iterable of DatasetInfo
        Datasets the chart draws on (``df.attrs["dataset"]`` of loaded frames).
    publisher : str
        Who published the underlying figures, in words, e.g. ``"Amazon 10-K filings"``.
    """
    files = "; ".join(f"{d.file} v{d.version}" for d in datasets)
    return f"Source: {publisher}. Data: {files}."


def source_lines(source: str, chars: int = _FOOTER_CHARS) -> list[str]:
    """The source line wrapped to ``chars`` characters; a file name or address is never split inside a word."""
    return textwrap.wrap(source, width=chars, break_long_words=False, break_on_hyphens=False)


def with_source(
    chart: alt.TopLevelMixin,
    source: str,
    description: str,
    *,
    width: int = WIDTH,
    left: int = 0,
    chars: int = _FOOTER_CHARS,
) -> alt.VConcatChart:
    """Stack a source line under ``chart`` and attach its alt text.

    ``description`` becomes the chart's ``description``, which Vega writes to the
    SVG's ``aria-label`` and our renderer to the container's, for screen readers.

    Parameters
    ----------
    width : int
        Width of the footer in pixels: the chart's plot width.
    left : int
        Room (pixels) the chart's axis labels take left of its plot area; the footer,
        which aligns with the plot area, starts that far left, under the labels.
    chars : int
        Characters per source line (see :func:`source_lines`).
    """
    lines = source_lines(source, chars)
    footer = (
        alt.Chart(pd.DataFrame({"text": ["\n".join(lines)]}))
        .mark_text(align="left", baseline="top", fontSize=10, color="#555", font=FONT, lineBreak="\n")
        .encode(text="text:N", x=alt.value(-left), y=alt.value(0))
        .properties(height=13 * len(lines), width=width)
    )
    return alt.vconcat(chart, footer, spacing=6, description=description).configure_view(stroke=None)
