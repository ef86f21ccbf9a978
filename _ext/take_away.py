"""Take a chapter away: its notebook, its data and the package, from the built site.

Every chapter page (``chapters/*``) gets a download box under its title that links two files
written beside the page when the build finishes:

* ``<stem>.ipynb``: the chapter as this build executed it (outputs from the execution cache),
  every ``{glue:text}`` role replaced by the text the page shows (myst-nb's own
  ``format_plain_text`` on the same glue data and format spec), every glued chart an image
  (PNG, rendered by vl-convert, no network) attached to its markdown cell, above its caption
  (PNG because JupyterLab does not show SVG attachments); the hidden cache-key cell is left
  out. In the student edition the solutions and teacher notes are left out, as on the page.
* ``<stem>.zip``: a folder ``<stem>/`` with that notebook, the CSVs and descriptors the chapter
  loads (:func:`ailayoffs.provenance.chapter_datasets`, the datasets of its cache key), the
  ``ailayoffs`` package, ``requirements.txt``, ``requirements-lab.txt``, ``pyproject.toml``, the
  licences and a README with the one-line set-up. Entries are sorted and carry one fixed
  timestamp and mode, so that the same sources give the same bytes.

It also ships every dataset in the site at ``data/<path as in the repository>`` (CSV and
descriptor), links each figure caption's ``data/....csv`` literal to that copy, and turns the
Binder launch button on only when ``repository.url`` in ``_config.yml`` is set (one setting;
see :func:`launch_settings`).
"""

from __future__ import annotations

import base64
import copy
import html
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

LOGGER = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = "chapters/"
KEY_CELL = "# cache key from _ext/data_cache.py"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold: no build time in the file
SETUP = "pip install -r requirements.txt -r requirements-lab.txt && pip install -e ."
PROJECT_FILES = (
    "chapters/outline.yml",  # read by ailayoffs.evidence (the article's sections), not under data/
    "requirements.txt",
    "requirements-lab.txt",
    "pyproject.toml",
    "LICENSE",
    "LICENSE-CONTENT.md",
    "references.bib",
)
DATA_SUFFIXES = (".csv", ".resource.json")
CAPTION_FILE = re.compile(r"^data/[A-Za-z0-9_./-]+\.csv$")

GLUE_ROLE = re.compile(r"\{glue(?::(?P<kind>text|any|md)?)?\}`(?P<body>[^`]+)`")
GLUE_DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{glue(?::(?P<kind>figure|any|md)?)?\}[ \t]+(?P<key>\S+)[ \t]*\n"
    r"(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
SOLUTION_START = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution-start\}.*?^(?P=fence)[ \t]*$", re.M | re.S)
SOLUTION_END = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution-end\}.*?^(?P=fence)[ \t]*$", re.M | re.S)
CROSS_ROLE = re.compile(r"\{(?P<role>cite(?::[tp])?|numref|ref|term|doc)\}`(?P<body>[^`]+)`")
EXPLICIT_TITLE = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
DIRECTIVE_BLOCK = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>exercise|solution-start|solution-end|admonition|note|warning|tip|important)\}"
    r"[ \t]*(?P<arg>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.M | re.S,
)
LABEL_LINE = re.compile(r"^\([\w:-]+\)=[ \t]*\n", re.M)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$&])")
CHART_CALL = "draw(el.parentNode, el, "
SPEC_KEYS = ("mark", "layer", "vconcat", "hconcat", "concat", "facet", "repeat")
MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")
ARIA_LABEL = re.compile(r'aria-label="([^"]*)"')


# --------------------------------------------------------------------------
# Glued values and charts in the notebook's text
# --------------------------------------------------------------------------


def markdown_text(text: str) -> str:
    """``text`` safe inside Markdown: characters with a Markdown, HTML or maths meaning escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def glue_text(glue: dict, key: str, fmt_spec: str, where: str) -> str:
    """The text a ``{glue:text}`key:fmt_spec``` role puts on the page (myst-nb's own formatting)."""
    from myst_nb.core.variables import format_plain_text

    if key not in glue:
        raise ExtensionError(f"take_away: {where} glues {key!r}, which no cell of the chapter publishes")
    data = glue[key].get("data", {})
    if "text/plain" not in data:
        raise ExtensionError(f"take_away: {where}: glue {key!r} has no text/plain value")
    return format_plain_text(data["text/plain"], fmt_spec)


def _looks_like_spec(value: dict) -> bool:
    return "config" in value and any(k in value for k in SPEC_KEYS)


def chart_spec(chart_html: str, where: str) -> dict:
    """The Vega-Lite spec inside the HTML that ``ailayoffs.charts``' offline renderer writes."""
    decoder = json.JSONDecoder()
    at = chart_html.find(CHART_CALL)
    starts = [at + len(CHART_CALL)] if at >= 0 else []
    # Should the renderer's script change, the spec is the first JSON object that looks like one.
    starts += [m.start() for m in re.finditer(r"\{", chart_html)]
    for start in starts:
        try:
            spec, _ = decoder.raw_decode(chart_html, start)
        except ValueError:
            continue
        if isinstance(spec, dict) and ("vega-lite" in str(spec.get("$schema", "")) or _looks_like_spec(spec)):
            return spec
    raise ExtensionError(f"take_away: {where}: the chart's HTML holds no Vega-Lite spec")


def chart_alt(chart_html: str) -> str:
    """The chart's text description (the container's ``aria-label``)."""
    match = ARIA_LABEL.search(chart_html)
    return html.unescape(match.group(1)) if match else "Chart"


def _role(glue: dict, where: str):
    def substitute(match: re.Match) -> str:
        body = match.group("body")
        if match.group("kind") == "text":
            key, _, fmt_spec = body.rpartition(":") if ":" in body else (body, "", "s")
        else:
            key, fmt_spec = body, ""
        if "::" in key:
            raise ExtensionError(f"take_away: {where} glues {key!r} from another page; the notebook cannot show it")
        return markdown_text(glue_text(glue, key, fmt_spec or "s", where))

    return substitute


def _split_directive(body: str) -> tuple[dict, str]:
    options, lines = {}, body.split("\n")
    while lines and lines[0].startswith(":"):
        name, _, value = lines.pop(0)[1:].partition(":")
        options[name.strip()] = value.strip()
    return options, "\n".join(lines).strip()


def plain_references(text: str, references: dict) -> str:
    """MyST cross-references as the words a reader can follow outside the book.

    ``{numref}`` becomes the figure's number as the page shows it ("Fig. 15.1"), ``{ref}`` and
    ``{term}`` their title, ``{cite}`` the citation keys in brackets (``references.bib`` is in the
    zip), and ``(label)=`` target lines go. ``references`` maps a label to its words (a figure
    label to "Fig. N", a section label to its title).
    """

    def substitute(match: re.Match) -> str:
        role, body = match.group("role"), match.group("body")
        if role.startswith("cite"):
            return "[" + "; ".join(k.strip() for k in body.split(",")) + "]"
        explicit = EXPLICIT_TITLE.match(body)
        if explicit and role != "numref":
            return explicit.group("title")
        target = explicit.group("target") if explicit else body
        words = references.get(target.strip(), target.strip())
        if role == "numref" and explicit:
            return explicit.group("title").replace("%s", words.removeprefix("Fig. "))
        return words

    return LABEL_LINE.sub("", CROSS_ROLE.sub(substitute, text))


def plain_directives(text: str, exercises: dict, prefix: str = "") -> str:
    """The book's MyST directives as plain Markdown, which JupyterLab shows as text, not as code fences.

    An exercise becomes a numbered heading ("Exercise 16.2", numbered as the page numbers it: the
    chapter's number, then its order in the chapter), a solution's start a "Solution" heading and
    its end nothing; admonitions, notes and warnings become quoted blocks under their title.
    ``exercises`` counts the exercises seen so far and maps each label to its number (it carries
    the count from cell to cell).
    """

    def block(match: re.Match) -> str:
        name, arg = match.group("name"), match.group("arg").strip()
        options, body = _split_directive(match.group("body"))
        if name == "exercise":
            exercises["count"] = exercises.get("count", 0) + 1
            number = f"{prefix}{exercises['count']}"
            if options.get("label"):
                exercises[options["label"]] = number
            return f"#### Exercise {number}\n\n{body}"
        if name == "solution-start":
            number = exercises.get(arg)
            return f"#### Solution to exercise {number}" if number else "#### Solution"
        if name == "solution-end":
            return ""
        title = arg if name == "admonition" else name.capitalize()
        quoted = "\n".join(f"> {line}".rstrip() for line in body.split("\n"))
        return f"> **{title}**\n>\n{quoted}"

    return DIRECTIVE_BLOCK.sub(block, text)


def substitute_glue(text: str, glue: dict, render_png, where: str, references: dict | None = None) -> tuple[str, dict]:
    """Markdown ``text`` with glued values and charts in place of the glue roles and directives.

    Parameters
    ----------
    text : str
        A markdown cell's source.
    glue : dict
        The chapter's glue data (key -> output with ``data``), as myst-nb extracts it.
    render_png : callable
        Vega-Lite spec -> PNG bytes.
    where : str
        The chapter, for error messages.
    references : dict, optional
        Label -> words; a figure's ``:name:`` gives its number ("Fig. 15.1") to its caption.

    Returns
    -------
    (str, dict)
        The new text, and the cell's attachments (one PNG per glued chart).
    """
    attachments: dict[str, dict] = {}

    def directive(match: re.Match) -> str:
        key, kind = match.group("key"), match.group("kind")
        options, caption = _split_directive(match.group("body"))
        if key not in glue:
            raise ExtensionError(f"take_away: {where} shows glue {key!r}, which no cell of the chapter publishes")
        chart = glue[key].get("data", {}).get("text/html", "")
        if kind in ("figure", "any", None) and "ailayoffs-chart" in chart:
            name = f"{key}.png"
            attachments[name] = {"image/png": base64.b64encode(render_png(chart_spec(chart, where))).decode("ascii")}
            alt = options.get("alt") or chart_alt(chart)
            shown = f"![{markdown_text(alt)}](attachment:{name})"
        else:
            shown = markdown_text(glue_text(glue, key, "s", where))
        number = (references or {}).get(options.get("name", ""), "Figure")
        return f"{shown}\n\n**{number}.** {caption}" if caption else shown

    text = GLUE_DIRECTIVE.sub(directive, text)
    text = GLUE_ROLE.sub(_role(glue, where), text)
    if "{glue" in text:
        raise ExtensionError(f"take_away: {where}: a glue role or directive was left in the notebook's text")
    return text, attachments


# --------------------------------------------------------------------------
# The notebook
# --------------------------------------------------------------------------


def strip_solutions(cells: list) -> list:
    """Cells without solutions and teacher notes (the student edition), within and across cells."""
    from ailayoffs.teaching import strip_teacher_content

    kept, inside = [], False
    for cell in cells:
        if cell.cell_type != "markdown":
            if not inside:
                kept.append(cell)
            continue
        text = strip_teacher_content(cell.source)
        if inside:
            end = SOLUTION_END.search(text)
            if end is None:
                continue
            text, inside = text[end.end() :], False
        start = SOLUTION_START.search(text)
        if start is not None:
            text, inside = text[: start.start()], True
        if text.strip():
            cell.source = text.strip("\n")
            kept.append(cell)
    return kept


def takeaway_notebook(
    executed,
    render_png,
    where: str,
    student: bool = False,
    references: dict | None = None,
    exercise_prefix: str = "",
):
    """The notebook a reader takes away, made from the chapter as executed for the page.

    Parameters
    ----------
    executed : nbformat.NotebookNode
        The chapter's notebook with the cached outputs merged in (glue records included).
    render_png : callable
        Vega-Lite spec -> PNG bytes.
    where : str
        The chapter, for error messages.
    student : bool
        Leave out solutions and teacher notes.
    references : dict, optional
        Label -> words for cross-references (:func:`plain_references`).
    exercise_prefix : str, optional
        The chapter's number and a dot ("16."), so that exercises are numbered as on the page.

    Returns
    -------
    nbformat.NotebookNode
        A valid v4.5 notebook: no cache-key cell, no glue placeholders, charts as PNG attachments.
    """
    import nbformat
    from myst_nb.ext.glue import extract_glue_data

    notebook = copy.deepcopy(executed)
    glue = extract_glue_data(notebook, list(range(len(notebook.cells))), LOGGER)  # also drops the records
    cells = [c for c in notebook.cells if not (c.cell_type == "code" and c.source.startswith(KEY_CELL))]
    if student:
        cells = strip_solutions(cells)
    count, exercises = 0, {}
    for number, cell in enumerate(cells, start=1):
        cell.id = f"cell-{number}"
        cell.metadata.pop("execution", None)
        if cell.cell_type == "markdown":
            cell.source, attachments = substitute_glue(cell.source, glue, render_png, where, references)
            cell.source = plain_references(cell.source, references or {})
            cell.source = plain_directives(cell.source, exercises, exercise_prefix)
            if attachments:
                cell.attachments = attachments
        elif cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = count
                if "text/plain" in output.get("data", {}):  # a repr's memory address differs from run to run
                    output.data["text/plain"] = MEMORY_ADDRESS.sub(">", output.data["text/plain"])
                chart = output.get("data", {}).get("text/html", "")
                if "ailayoffs-chart" in chart:
                    png = base64.b64encode(render_png(chart_spec(chart, where))).decode("ascii")
                    output.data = {"image/png": png, "text/plain": chart_alt(chart)}
    notebook.cells = cells
    notebook.metadata = {k: v for k, v in notebook.metadata.items() if k in ("kernelspec", "language_info")}
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    nbformat.validate(notebook)
    return notebook


# --------------------------------------------------------------------------
# The zip
# --------------------------------------------------------------------------


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A zip of ``entries`` (name -> bytes): sorted, one fixed timestamp and mode, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def readme(stem: str, title: str, datasets: list[str], files: list[str], student: bool) -> str:
    """The README of a chapter's zip."""
    edition = "student edition (no solutions)" if student else "teacher's edition (solutions included)"
    data_lines = "\n".join(f"- `{f}`" for f in files) or "- none"
    names = ", ".join(f"`{n}`" for n in datasets) or "none"
    return f"""# {title}

One chapter of *Amazon, AI and the Future of Work*, {edition}, to run on your own machine.

## Set up and run (Python 3.11)

```bash
{SETUP}
jupyter lab {stem}.ipynb
```

(Use a fresh virtual environment: `python3.11 -m venv .venv && . .venv/bin/activate` first.)
`requirements.txt` pins the libraries the book was built with, `requirements-lab.txt` JupyterLab;
`pip install -e .` installs the `ailayoffs` package from this folder, which finds the data in `data/`.

## What is in this folder

- `{stem}.ipynb`: the chapter, executed, with its figures in the text; run it from the top.
- `ailayoffs/`: the package that loads, validates and models the data and draws the charts.
- `data/`: the datasets the chapter loads ({names}), each CSV with its descriptor
  (`*.resource.json`: source, retrieval date, units, version, licence, checksum):
{data_lines}
- `references.bib`: the sources; a citation in the text such as `[wolfenstein2025]` is its key.
- `chapters/outline.yml`: the article's sections, which the package reads for some chapters.
- `LICENSE` (code, MIT) and `LICENSE-CONTENT.md` (text, figures and data, CC BY 4.0).
"""


def chapter_entries(stem: str, title: str, notebook_bytes: bytes, text: str, student: bool) -> dict[str, bytes]:
    """The files of a chapter's zip (name inside the zip -> bytes)."""
    from ailayoffs import data, provenance

    datasets = provenance.chapter_datasets(text)
    data_files = sorted({p for name in datasets for p in provenance.dataset_files(name)})
    if datasets:  # the loader checks each dataset's version against the changelog
        data_files.append(data.data_dir() / data.CHANGELOG_FILE)
    package = provenance.package_files() + provenance.package_data_files()
    entries = {f"{stem}/{stem}.ipynb": notebook_bytes}
    for path in [*data_files, *package, *(ROOT / f for f in PROJECT_FILES)]:
        entries[f"{stem}/{path.relative_to(ROOT).as_posix()}"] = path.read_bytes()
    listed = [p.relative_to(ROOT).as_posix() for p in data_files]
    entries[f"{stem}/README.md"] = readme(stem, title, datasets, listed, student).encode("utf-8")
    return entries


# --------------------------------------------------------------------------
# Build events
# --------------------------------------------------------------------------


def _is_chapter(docname: str) -> bool:
    return docname.startswith(CHAPTERS)


def _student(app: Sphinx) -> bool:
    return getattr(app.config, "book_edition", "teacher") == "student"


def _write_if_changed(path: Path, content: bytes) -> None:
    if not path.exists() or path.read_bytes() != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _png_renderer(app: Sphinx):
    """Vega-Lite spec -> PNG: the very PNG the chart's download link offers (one render, one cache)."""
    from chart_downloads import _cache_dir as chart_cache

    from ailayoffs import chart_export

    return lambda spec: chart_export.render(spec, chart_cache(app))["png"]


def _executed_notebook(app: Sphinx, docname: str):
    """The chapter's notebook as myst-nb saw it, with the cached outputs merged in."""
    from data_cache import _as_myst_nb_sees_it, _cache_dir
    from jupyter_cache import get_cache

    seen = _as_myst_nb_sees_it(app.env, docname)
    if seen is None:
        raise ExtensionError(f"take_away: {docname} is not a notebook")
    try:
        _, notebook = get_cache(str(_cache_dir(app))).merge_match_into_notebook(seen[1])
    except KeyError:
        raise ExtensionError(f"take_away: {docname} has no executed notebook in the cache") from None
    return notebook


def _references(app: Sphinx) -> dict:
    """Label -> words: "Fig. N" for figures (numbered as on the pages), titles of sections."""
    std = app.env.get_domain("std")
    words = {label: title for label, (_, _, title) in std.labels.items() if title}
    for label, (target_doc, label_id) in std.anonlabels.items():
        number = app.env.toc_fignumbers.get(target_doc, {}).get("figure", {}).get(label_id)
        if number:
            words[label] = "Fig. " + ".".join(str(n) for n in number)
    return words


def _title(app: Sphinx, docname: str) -> str:
    title = app.env.titles.get(docname)
    return title.astext() if title is not None else docname


def _write_chapters(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    import nbformat

    render = _png_renderer(app)
    references = _references(app)
    outdir = Path(app.outdir)
    chapters = sorted(d for d in app.env.found_docs if _is_chapter(d) and d in app.env.titles)
    for docname in chapters:
        stem = Path(docname).name
        number = app.env.toc_secnumbers.get(docname, {}).get("")
        prefix = ".".join(str(n) for n in number) + "." if number else ""
        notebook = takeaway_notebook(
            _executed_notebook(app, docname), render, docname, _student(app), references, prefix
        )
        notebook_bytes = (nbformat.writes(notebook) + "\n").encode("utf-8")
        text = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
        entries = chapter_entries(stem, _title(app, docname), notebook_bytes, text, _student(app))
        target = outdir / docname
        _write_if_changed(target.with_suffix(".ipynb"), notebook_bytes)
        _write_if_changed(target.with_suffix(".zip"), zip_bytes(entries))
    LOGGER.info(f"take_away: notebook and zip written for {len(chapters)} chapter(s)")


def dataset_site_files() -> list[Path]:
    """Every CSV and descriptor under ``data/``, sorted."""
    from ailayoffs import data

    folder = data.data_dir()
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name.endswith(DATA_SUFFIXES))


def _write_datasets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from ailayoffs import data

    folder = data.data_dir()
    files = dataset_site_files()
    for path in files:
        target = Path(app.outdir) / "data" / path.relative_to(folder)
        if not target.exists() or target.read_bytes() != path.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    LOGGER.info(f"take_away: {len(files)} dataset file(s) written under data/")


def download_box(stem: str, n_datasets: int) -> str:
    """The HTML of a chapter's download box."""
    datasets = f"{n_datasets} dataset{'s' if n_datasets != 1 else ''}"
    return (
        '<div class="takeaway-box" role="note" aria-label="Take this chapter away">\n'
        "<p><strong>Take this chapter away.</strong> "
        f'<a class="takeaway-ipynb" href="{stem}.ipynb" download>Notebook ({stem}.ipynb)</a>: executed, '
        "with the figures in the text. "
        f'<a class="takeaway-zip" href="{stem}.zip" download>Chapter kit ({stem}.zip)</a>: the notebook, '
        f"the {datasets} it loads with their metadata, the <code>ailayoffs</code> package and a README. "
        f"Unzip it, run <code>{html.escape(SETUP)}</code>, then <code>jupyter lab</code>.</p>\n</div>\n"
    )


def _decorate(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the download box under a chapter's title; captions link their data files."""
    if app.builder.format != "html":
        return
    page = app.builder.get_target_uri(docname)
    for caption in list(doctree.findall(nodes.caption)):
        for literal in list(caption.findall(nodes.literal)):
            path = literal.astext()
            if CAPTION_FILE.match(path) and (ROOT / path).is_file():
                link = nodes.reference("", "", refuri=relative_uri(page, path), classes=["caption-data-link"])
                link += literal.deepcopy()
                literal.replace_self(link)
    if not _is_chapter(docname):
        return
    from ailayoffs import provenance

    text = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return
    box = nodes.raw("", download_box(Path(docname).name, len(provenance.chapter_datasets(text))), format="html")
    section.insert(1, box)


# --------------------------------------------------------------------------
# Launch buttons
# --------------------------------------------------------------------------


def launch_settings(theme_options: dict) -> dict:
    """The launch buttons to show, from the one repository URL (``repository.url``).

    With no URL, none (the buttons would point nowhere). With one, Binder as configured in
    ``launch_buttons``. Colab stays off: it opens only ``.ipynb`` files stored in a GitHub
    repository, and the chapters are stored as MyST Markdown (``.md``), so its button would open
    a file that is not a notebook; readers take the chapter's ``.ipynb`` from the page instead.
    """
    buttons = dict(theme_options.get("launch_buttons") or {})
    url = str(theme_options.get("repository_url") or "").strip()
    if not url:
        for key in ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url", "jupyterlite_url"):
            buttons[key] = ""
        buttons["thebe"] = False
    buttons["colab_url"] = ""
    return buttons


def _launch_buttons(app: Sphinx, config) -> None:
    options = dict(config.html_theme_options or {})
    options["launch_buttons"] = launch_settings(options)
    config.html_theme_options = options
    if not str(options.get("repository_url") or "").strip():
        LOGGER.info("take_away: no repository URL in _config.yml (repository.url): launch buttons off")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _launch_buttons)
    app.connect("doctree-resolved", _decorate)
    app.connect("build-finished", _write_datasets)
    app.connect("build-finished", _write_chapters)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
