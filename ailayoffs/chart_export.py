"""Take a chart away: static renderings, its data, its spec and a citation, made when the book is built.

The book's charts reach a page as the snippet of :func:`ailayoffs.charts._offline_html`:
a ``<div class="ailayoffs-chart">`` and a script that draws the Vega-Lite spec it
carries. :func:`charts_in` finds those snippets in a built page and returns each
chart's spec; from the spec alone this module makes

* PNG, SVG and PDF renderings with ``vl-convert`` (no browser, no network),
  cached by a hash of the spec and the renderer so a rebuild renders nothing new,
  and with bytes that do not change between builds (the PDF is rewritten with
  its dictionaries in sorted order and no dates),
* a CSV of the rows the chart draws (its inline datasets, without the source line),
* a "cite this chart" line naming the dataset files and versions of the source line
  and the book's edition, and
* an HTML data table of those rows, the text alternative for screen readers.

The Sphinx side (``_ext/chart_downloads.py``) writes the files and the block under
each chart. Text from data reaches the page escaped (:func:`html.escape`).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FORMATS",
    "ChartOnPage",
    "Edition",
    "charts_in",
    "cite_text",
    "csv_text",
    "data_rows",
    "data_table_html",
    "edition",
    "render",
    "source_datasets",
    "spec_key",
    "stable_pdf",
]

FORMATS = ("png", "svg", "pdf")
PNG_SCALE = 2  # pixels per CSS pixel: sharp on a phone and in slides
TABLE_ROWS = 200  # rows of each dataset shown in the page's data table; the CSV has them all
TABLE_DECIMALS = 4  # floats in the page's data table are rounded to this; the CSV keeps every digit
_CACHE_FORMAT = "2"  # bump when the way renderings are made changes, so cached files are remade

_SNIPPET = re.compile(
    r'<div class="ailayoffs-chart" role="figure" aria-label="(?P<label>[^"]*)">\s*'
    r'<div id="(?P<id>chart-[0-9a-f]{12})" class="ailayoffs-chart-canvas"></div>\s*</div>\s*'
    r'<script type="text/javascript">(?P<script>.*?)</script>',
    re.S,
)
_DRAW_CALL = "draw(el.parentNode, el, "
_DATA_FILE = re.compile(r"(data/[\w/.-]+?\.csv) v(\d[\w.+-]*?)(?=[;,.]?(?:\s|$))")


@dataclass(frozen=True)
class ChartOnPage:
    """One chart snippet in a page: where it is, its container id, alt text and Vega-Lite spec."""

    start: int
    end: int
    div_id: str
    label: str
    spec: dict


def charts_in(page_html: str) -> list[ChartOnPage]:
    """Every chart snippet in ``page_html``, in page order.

    Raises
    ------
    ValueError
        If a snippet's script holds no spec that parses as JSON.
    """
    found = []
    decoder = json.JSONDecoder()
    for match in _SNIPPET.finditer(page_html):
        script = match.group("script")
        at = script.find(_DRAW_CALL)
        if at < 0:
            raise ValueError(f"chart {match.group('id')}: no draw call with a spec in its script")
        try:
            spec, _ = decoder.raw_decode(script, at + len(_DRAW_CALL))
        except json.JSONDecodeError as error:
            raise ValueError(f"chart {match.group('id')}: its spec is not JSON ({error})") from error
        label = html.unescape(match.group("label"))
        found.append(ChartOnPage(match.start(), match.end(), match.group("id"), label, spec))
    return found


# ---------------------------------------------------------------------------------------------
# What the chart draws


def _source_line_datasets(spec: dict) -> set[str]:
    """Names of datasets that hold only the source line under the chart (``with_source``'s footer)."""
    names = set()
    datasets = spec.get("datasets", {})
    for view in spec.get("vconcat", []):
        name = (view.get("data") or {}).get("name")
        rows = datasets.get(name)
        if rows and len(rows) == 1 and set(rows[0]) == {"text"} and str(rows[0]["text"]).startswith("Source:"):
            names.add(name)
    return names


def source_line(spec: dict) -> str:
    """The chart's source line (``Source: ... Data: data/x.csv v1.0.0.``) on one line, or ``""``."""
    datasets = spec.get("datasets", {})
    for name in sorted(_source_line_datasets(spec)):
        return " ".join(str(datasets[name][0]["text"]).split())
    return ""


def data_rows(spec: dict) -> dict[str, list[dict]]:
    """The rows the chart draws, by dataset name, in the spec's order; the source line is left out.

    Inline data of a view (``data: {"values": [...]}``) counts as a dataset named
    ``values-<n>`` in the order the views are met.
    """
    footer = _source_line_datasets(spec)
    rows = {name: list(values) for name, values in spec.get("datasets", {}).items() if name not in footer}
    inline: list[list] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                inline.append(data["values"])
            for key, value in node.items():
                if key not in ("datasets", "data"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    for number, values in enumerate(inline, start=1):
        rows[f"values-{number}"] = [value if isinstance(value, dict) else {"data": value} for value in values]
    return rows


def _columns(rows: list[dict]) -> list[str]:
    return list(dict.fromkeys(key for row in rows for key in row))


def _cell(value) -> str:
    """A value as CSV text; a string a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    text = str(value)
    if isinstance(value, str) and text[:1] in ("=", "+", "@", "\t", "\r", "-") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_text(spec: dict) -> str:
    """The rows the chart draws as CSV (one header row; a ``layer`` column when it draws several datasets)."""
    datasets = data_rows(spec)
    several = len(datasets) > 1
    all_rows = [(layer, row) for layer, rows in enumerate(datasets.values(), start=1) for row in rows]
    columns = _columns([row for _, row in all_rows])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((["layer"] if several else []) + columns)
    for layer, row in all_rows:
        writer.writerow(([layer] if several else []) + [_cell(row.get(column)) for column in columns])
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Citation


def source_datasets(spec: dict) -> list[tuple[str, str]]:
    """``(file, version)`` of every dataset the chart's source line names, in its order, without repeats."""
    return list(dict.fromkeys(_DATA_FILE.findall(source_line(spec))))


@dataclass(frozen=True)
class Edition:
    """The book as ``CITATION.cff`` describes it: who, what, which edition and when."""

    authors: str
    title: str
    version: str
    released: str


def edition(citation_file: Path) -> Edition:
    """The book's authors, title, version and release date from ``CITATION.cff``.

    Raises
    ------
    ValueError
        If the file lacks a title, version, release date or authors.
    """
    import yaml

    with open(citation_file, encoding="utf-8") as handle:
        meta = yaml.safe_load(handle) or {}
    names = [
        author.get("name") or " ".join(filter(None, (author.get("given-names"), author.get("family-names"))))
        for author in meta.get("authors") or []
    ]
    found = Edition(
        ", ".join(filter(None, names)),
        str(meta.get("title") or ""),
        str(meta.get("version") or ""),
        str(meta.get("date-released") or ""),
    )
    missing = [field for field, value in vars(found).items() if not value]
    if missing:
        raise ValueError(f"{citation_file}: needs {', '.join(missing)} to cite the book's edition")
    return found


def chart_title(spec: dict) -> str:
    """The first title in the spec (a chart's own title, not an axis's), as one line of text."""

    def find(node):
        if isinstance(node, dict):
            title = node.get("title")
            if title and any(key in node for key in ("mark", "layer", "vconcat", "hconcat", "concat", "facet")):
                if isinstance(title, dict):
                    title = title.get("text", "")
                return " ".join(title) if isinstance(title, list) else str(title)
            for key in ("vconcat", "hconcat", "layer", "concat", "spec"):
                found = find(node.get(key))
                if found:
                    return found
        elif isinstance(node, list):
            for item in node:
                found = find(item)
                if found:
                    return found
        return ""

    return " ".join(find(spec).split())


def cite_text(spec: dict, titles: dict[str, str], book: Edition) -> str:
    """The "cite this chart" line: authors, year, chart title, book, edition and date, datasets with versions.

    ``titles`` maps a dataset file (``data/x.csv``) to its title; a file it lacks is cited by path alone.
    """
    title = chart_title(spec) or "Chart"
    data = "; ".join(
        f"{titles[file]} ({file}, version {v})" if file in titles else f"{file}, version {v}"
        for file, v in source_datasets(spec)
    )
    line = (
        f"{book.authors} ({book.released[:4]}). “{title}”. "
        f"Chart in: {book.title}, edition {book.version} ({book.released})."
    )
    return f"{line} Data: {data}." if data else line


# ---------------------------------------------------------------------------------------------
# Data table for screen readers


def _display(value) -> str:
    """A value for the page's data table: floats rounded to TABLE_DECIMALS, dates without midnight."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        text = repr(value)
        if "e" in text or len(text.split(".")[-1]) > TABLE_DECIMALS:
            text = f"{value:.{TABLE_DECIMALS}f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    if isinstance(value, str):
        return re.sub(r"^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.000)?Z?$", r"\1", value)
    return _cell(value)


def data_table_html(spec: dict, label: str) -> str:
    """A ``<details>`` with one escaped table per drawn dataset (at most TABLE_ROWS rows shown each)."""
    datasets = data_rows(spec)
    total = sum(len(rows) for rows in datasets.values())
    parts = [
        '<details class="chart-data-table">',
        f"<summary>Data table of this chart ({total:,} rows)</summary>",
        f'<div class="chart-data-scroll" role="region" tabindex="0" aria-label="{html.escape("Data of: " + label)}">',
    ]
    for number, rows in enumerate(datasets.values(), start=1):
        columns = _columns(rows)
        shown = rows[:TABLE_ROWS]
        caption = f"Layer {number} of {len(datasets)}: " if len(datasets) > 1 else ""
        caption += f"{len(rows):,} rows" + (
            f", the first {len(shown):,} shown; the CSV has all" if shown != rows else ""
        )
        parts.append(f"<table><caption>{html.escape(caption)}</caption><thead><tr>")
        parts += [f'<th scope="col">{html.escape(str(column))}</th>' for column in columns]
        parts.append("</tr></thead><tbody>")
        for row in shown:
            cells = "".join(f"<td>{html.escape(_display(row.get(column)))}</td>" for column in columns)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table>")
    parts.append(
        f"<p>Numbers rounded to at most {TABLE_DECIMALS} decimals; the CSV download has every digit.</p>"
        "</div></details>"
    )
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Rendering


def _vl_version() -> str:
    import altair

    major, minor, *_ = altair.SCHEMA_VERSION.lstrip("v").split(".")
    return f"{major}.{minor}"


def spec_key(spec: dict) -> str:
    """A hash of the spec and of everything that shapes its renderings (renderer, Vega-Lite version, scale)."""
    import vl_convert

    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    salt = f"{_CACHE_FORMAT}|{vl_convert.__version__}|{_vl_version()}|{PNG_SCALE}|"
    return hashlib.sha256((salt + text).encode("utf-8")).hexdigest()


def stable_pdf(pdf: bytes) -> bytes:
    """``pdf`` rewritten so the same drawing gives the same bytes.

    vl-convert's PDF writer orders some dictionaries (the page's fonts) differently
    from run to run; written again with every dictionary's keys sorted, with
    objects numbered in reading order and no dates, the file is the same each time.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()

    def sort(obj) -> None:
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                return
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            items = sorted(obj.items())
            obj.clear()
            obj.update(items)
            for key, value in items:
                if key != "/Parent":
                    sort(value)
        elif isinstance(obj, ArrayObject):
            for value in obj:
                sort(value)

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for page in reader.pages:
        sort(page)
        writer.add_page(page)
    writer.add_metadata({"/Producer": "ailayoffs (vl-convert)"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def is_rendered(spec: dict, cache_dir: Path) -> bool:
    """Whether ``cache_dir`` already holds every rendering of ``spec``."""
    key = spec_key(spec)
    paths = [cache_dir / f"{key}.{fmt}" for fmt in FORMATS]
    return all(path.is_file() and path.stat().st_size for path in paths)


def render(spec: dict, cache_dir: Path) -> dict[str, bytes]:
    """PNG, SVG and PDF of ``spec``, from ``cache_dir`` if made before, else with vl-convert (and cached)."""
    key = spec_key(spec)
    cached = {fmt: cache_dir / f"{key}.{fmt}" for fmt in FORMATS}
    if all(path.is_file() and path.stat().st_size for path in cached.values()):
        return {fmt: path.read_bytes() for fmt, path in cached.items()}
    import vl_convert

    # Vega lays the chart out once; the PNG and PDF are drawn from that SVG (laying it out three
    # times cost two thirds of a cold build's rendering).
    svg = vl_convert.vegalite_to_svg(spec, vl_version=_vl_version())
    made = {
        "svg": svg.encode("utf-8"),
        "png": vl_convert.svg_to_png(svg, scale=PNG_SCALE),
        "pdf": stable_pdf(vl_convert.svg_to_pdf(svg)),
    }
    cache_dir.mkdir(parents=True, exist_ok=True)
    for fmt, content in made.items():
        partial = cached[fmt].with_suffix(f".{fmt}.part")
        partial.write_bytes(content)
        partial.replace(cached[fmt])  # atomic: a killed build leaves no half file in the cache
    return made


def spec_json(spec: dict) -> str:
    """The spec as the downloadable JSON file (sorted keys, indented, ending in a newline)."""
    return json.dumps(spec, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe, lower-case slug of ``text`` (ASCII letters, digits and hyphens)."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:limit].rstrip("-") or "chart"
