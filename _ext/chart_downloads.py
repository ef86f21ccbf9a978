"""Under every chart: PNG, SVG, PDF, CSV and Vega-Lite downloads, a citation and a data table.

As each page is written (``html-page-context``) this extension finds the chart
snippets in its body (:func:`ailayoffs.chart_export.charts_in`), renders each
spec with vl-convert (cached in ``_build/.chart_cache`` by a hash of the spec
and the renderer, so a rebuild renders nothing it has rendered before), writes
the five files to ``_charts/`` in the output and puts a block under the chart
(under its caption when it sits in a figure): the download links, a "cite this
chart" line (dataset titles, files and versions from the chart's source line and
the book's edition from ``CITATION.cff``) and a ``<details>`` data table, the
chart's alternative for screen readers.

Rendering starts early: as each page is read (``doctree-read``) its charts go to
one background process, which fills the cache while Sphinx goes on reading and
writing; writing a page waits only for its own charts.

The print edition (``chart_print_edition``, default from the environment variable
``AILAYOFFS_PRINT``; ``make pdf`` sets it) replaces each interactive chart with
its SVG from the same rendering, keeps the citation, drops links and table, and
adds ``print-edition.css`` (code inputs hidden, charts fit the page).
"""

from __future__ import annotations

import html
import multiprocessing
import os
import shutil
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ailayoffs import chart_export

LOGGER = logging.getLogger(__name__)
OUT_DIR = "_charts"
PRINT_CSS = "print-edition.css"
LABELS = {"png": "PNG", "svg": "SVG", "pdf": "PDF"}
_RENDERS: dict[str, Future] = {}  # spec key -> the background render filling the cache
_POOL: list[ProcessPoolExecutor] = []


@lru_cache(maxsize=1)
def _dataset_titles() -> dict[str, str]:
    from ailayoffs import data

    titles = {}
    for name in data.resource_names():
        info = data.info(name)
        titles[info.file] = info.title
    return titles


def _cache_dir(app: Sphinx) -> Path:
    # Beside the execution cache, so `make clean` forgets both and the student edition shares it.
    return Path(app.srcdir) / "_build" / ".chart_cache"


def _files(app: Sphinx, chart: chart_export.ChartOnPage) -> dict[str, str]:
    """Write the chart's five files to the output (unchanged files are left alone); return their names."""
    key = chart_export.spec_key(chart.spec)
    stem = f"{chart_export.slug(chart_export.chart_title(chart.spec) or chart.label)}-{key[:10]}"
    pending = _RENDERS.pop(key, None)
    if pending is not None:
        pending.result()  # re-raises a failed render; afterwards the files are in the cache
    contents: dict[str, bytes] = dict(chart_export.render(chart.spec, _cache_dir(app)))
    contents["csv"] = chart_export.csv_text(chart.spec).encode("utf-8")
    contents["vl.json"] = chart_export.spec_json(chart.spec).encode("utf-8")
    target = Path(app.outdir) / OUT_DIR
    target.mkdir(parents=True, exist_ok=True)
    names = {}
    for ext, content in contents.items():
        path = target / f"{stem}.{ext}"
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
        names[ext] = path.name
    return names


def _cite(app: Sphinx, chart: chart_export.ChartOnPage) -> str:
    book = chart_export.edition(Path(app.srcdir) / "CITATION.cff")
    text = chart_export.cite_text(chart.spec, _dataset_titles(), book)
    return f'<p class="chart-cite"><span class="chart-cite-label">Cite this chart:</span> {html.escape(text)}</p>'


def _block(app: Sphinx, chart: chart_export.ChartOnPage, names: dict[str, str], prefix: str) -> str:
    rows = sum(len(r) for r in chart_export.data_rows(chart.spec).values())
    links = [
        f'<a class="chart-download" href="{prefix}{OUT_DIR}/{names[fmt]}" download>{LABELS[fmt]}</a>'
        for fmt in chart_export.FORMATS
    ]
    links.append(
        f'<a class="chart-download" href="{prefix}{OUT_DIR}/{names["csv"]}" download>Data (CSV, {rows:,} rows)</a>'
    )
    links.append(
        f'<a class="chart-download" href="{prefix}{OUT_DIR}/{names["vl.json"]}" download>Vega-Lite spec (JSON)</a>'
    )
    return (
        f'<div class="chart-downloads" data-chart="{chart.div_id}">\n'
        f'<p class="chart-download-links"><span class="chart-download-label">Download this chart:</span> '
        + " ".join(links)
        + "</p>\n"
        + _cite(app, chart)
        + "\n"
        + chart_export.data_table_html(chart.spec, chart.label)
        + "\n</div>"
    )


def _print_image(chart: chart_export.ChartOnPage, names: dict[str, str], prefix: str) -> str:
    alt = html.escape(chart.label, quote=True)
    return (
        f'<div class="ailayoffs-chart-static" role="img" aria-label="{alt}">'
        f'<img src="{prefix}{OUT_DIR}/{names["svg"]}" alt="{alt}"></div>'
    )


def _after_figure(body: str, end: int) -> int:
    """Where the block goes: after the ``</figure>`` that holds the chart ending at ``end``, else at ``end``."""
    close = body.find("</figure>", end)
    opening = body.find("<figure", end)
    if close >= 0 and (opening < 0 or close < opening):
        return close + len("</figure>")
    return end


def with_downloads(app: Sphinx, body: str, prefix: str) -> str:
    """``body`` with every chart's block (or, in the print edition, the chart as its static SVG)."""
    printing = app.config.chart_print_edition
    charts = chart_export.charts_in(body)
    # Edit from the last chart back, so earlier positions stay valid.
    for chart in reversed(charts):
        names = _files(app, chart)
        if printing:
            insert_at = _after_figure(body, chart.end)
            cite = _cite(app, chart)
            body = body[:insert_at] + cite + body[insert_at:]
            body = body[: chart.start] + _print_image(chart, names, prefix) + body[chart.end :]
        else:
            insert_at = _after_figure(body, chart.end)
            body = body[:insert_at] + _block(app, chart, names, prefix) + body[insert_at:]
    return body


def _render_early(app: Sphinx, doctree: nodes.document) -> None:
    """Hand the charts of a page just read to the background renderer (unless cached already)."""
    if app.builder.format != "html":
        return
    for raw in doctree.findall(nodes.raw):
        text = raw.astext()
        if "ailayoffs-chart" not in text:
            continue
        for chart in chart_export.charts_in(text):
            key = chart_export.spec_key(chart.spec)
            if key in _RENDERS or chart_export.is_rendered(chart.spec, _cache_dir(app)):
                continue
            if not _POOL:  # spawn: a clean interpreter, not a fork of Sphinx with its threads and open files
                _POOL.append(ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")))
            _RENDERS[key] = _POOL[0].submit(chart_export.render, chart.spec, _cache_dir(app))


def _stop_renderer(app: Sphinx, exception) -> None:
    while _POOL:
        _POOL.pop().shutdown(wait=True, cancel_futures=True)
    _RENDERS.clear()


def _on_page(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    if app.builder.format != "html" or "ailayoffs-chart" not in context.get("body", ""):
        return
    # singlehtml writes the whole book as the root page; other builders write pages at their path.
    prefix = "" if app.builder.name == "singlehtml" else "../" * pagename.count("/")
    context["body"] = with_downloads(app, context["body"], prefix)


def _print_css(app: Sphinx, config) -> None:
    if config.chart_print_edition:
        app.add_css_file(PRINT_CSS)


def _copy_print_css(app: Sphinx, exception) -> None:
    if exception is None and app.config.chart_print_edition and app.builder.format == "html":
        target = Path(app.outdir) / "_static" / PRINT_CSS
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(__file__).with_name(PRINT_CSS), target)


def _singlehtml_handlers(app: Sphinx) -> None:
    """Give the singlehtml builder every HTML visitor extensions registered for ``html`` only.

    myst-nb draws hidden code cells (``HideCodeCellNode``) for the ``html`` builder alone,
    so the print edition's singlehtml build would stop at the first cell tagged ``hide-input``.
    """
    if app.builder.name != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for node, visitors in handlers.get("html", {}).items():
        single.setdefault(node, visitors)


def setup(app: Sphinx) -> dict:
    app.add_config_value("chart_print_edition", os.environ.get("AILAYOFFS_PRINT", "") == "1", "html")
    app.connect("config-inited", _print_css)
    app.connect("builder-inited", _singlehtml_handlers)
    # Before offline_assets looks for charts (priority 500): a print page, whose charts are images, needs no Vega.
    app.connect("html-page-context", _on_page, priority=400)
    app.connect("doctree-read", _render_early)
    app.connect("build-finished", _copy_print_css)
    app.connect("build-finished", _stop_renderer)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
