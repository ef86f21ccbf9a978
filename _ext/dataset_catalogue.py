"""``{dataset-catalogue}``: every dataset in data/datapackage.json, a compact row each, then its details.

Read from the metadata at build time (the page depends on datapackage.json),
so a new version shows on the next build without executing anything. The
overview has one short row per dataset (name, what it holds, version, date
read, the CSV to download); each name links to a detail block below with its
sources, licence, known gaps and schema.

Metadata text is data, and data is untrusted: every piece of it is escaped
for Markdown (:func:`md_text`) before the page is parsed, so markup, roles or
HTML in a title or description print as text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from ailayoffs.data import info, resource_names

PACKAGE_FILE = "datapackage.json"
_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_BIBKEY = re.compile(r"^[\w:.-]+$")
_SAFE_PATH = re.compile(r"^[\w./-]+\.csv$")
_URL = re.compile(r"^https?://[^\s<>\"'`()\[\]{}|\\^]+$")


def md_text(text) -> str:
    """``text`` as literal Markdown: every ASCII punctuation mark backslash-escaped, on one line."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def first_sentence(text: str, limit: int = 140) -> str:
    """The first sentence of ``text``, cut at a word boundary after ``limit`` characters."""
    text = " ".join(str(text).split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + " …"
    return sentence


def label(name: str) -> str:
    return "dataset-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _descriptors(data_dir: Path) -> dict[str, dict]:
    try:
        with open(data_dir / PACKAGE_FILE, encoding="utf-8") as handle:
            package = json.load(handle)
    except (OSError, ValueError):
        return {}
    return {r.get("name"): r for r in package.get("resources", []) if isinstance(r, dict)}


def _download(path: str) -> str:
    if not _SAFE_PATH.match(path):
        return md_text(path)
    return f"{{download}}`{Path(path).name} <data/{path}>`"


def _cite(key) -> str:
    return f"{{cite:p}}`{key}`" if isinstance(key, str) and _BIBKEY.match(key) else ""


def overview_lines(names: list[str], descriptors: dict[str, dict]) -> list[str]:
    lines = ["| Dataset | What it holds | Version | Read on | CSV |", "|---|---|---|---|---|"]
    for name in names:
        meta = info(name)
        what = first_sentence(descriptors.get(name, {}).get("description", "") or meta.title)
        lines.append(
            f"| {{ref}}`{md_text(meta.title)} <{label(name)}>` | {md_text(what)} | "
            f"{md_text(meta.version)} | {md_text(meta.retrieved)} | {_download(meta.path)} |"
        )
    return lines


def detail_lines(name: str, descriptor: dict) -> list[str]:
    meta = info(name)
    lines = [
        f"({label(name)})=",
        "",
        f"```{{rubric}} {md_text(meta.title)}",
        "```",
        "",
        ":::{container} dataset-detail",
        "",
    ]
    if descriptor.get("description"):
        lines += [md_text(descriptor["description"]), ""]
    gaps = ", ".join(meta.known_gaps) if meta.known_gaps else "none declared"
    for term, value in [
        ("Name", f"`{name}`" if re.match(r"^\w+$", name) else md_text(name)),
        ("File", f"{_download(meta.path)} (`data/{meta.path}`)" if _SAFE_PATH.match(meta.path) else md_text(meta.path)),
        ("Version", md_text(meta.version)),
        ("Read on", md_text(meta.retrieved)),
        ("Licence", md_text(meta.licence)),
        ("Known gaps", md_text(gaps)),
    ]:
        lines += [term, f": {value}", ""]
    lines += ["**Sources**", ""]
    for source in meta.sources:
        url = source.get("path", "")
        link = f" <{url}>" if isinstance(url, str) and _URL.match(url) else ""
        repo = f" Repository copy: {md_text(source['x-repository'])}." if source.get("x-repository") else ""
        lines.append(f"- {md_text(source.get('title', ''))}{link}.{repo} {_cite(source.get('x-bibkey'))}")
    fields = descriptor.get("schema", {}).get("fields", [])
    if fields:
        lines += ["", "**Columns**", "", "| Column | Type | Meaning | Rules |", "|---|---|---|---|"]
        for field in fields:
            meaning = " – ".join(str(field[k]) for k in ("title", "description") if field.get(k))
            if field.get("x-unit") or field.get("unit"):
                meaning += f" (unit: {field.get('x-unit') or field.get('unit')})"
            rules = "; ".join(f"{k} {v}" for k, v in (field.get("constraints") or {}).items())
            lines.append(
                f"| `{field['name']}` | {md_text(field.get('type', ''))} | {md_text(meaning)} | {md_text(rules)} |"
                if re.match(r"^\w+$", str(field.get("name", "")))
                else f"| {md_text(field.get('name', ''))} | {md_text(field.get('type', ''))} | "
                f"{md_text(meaning)} | {md_text(rules)} |"
            )
    lines += ["", ":::", ""]
    return lines


class DatasetCatalogue(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        data_dir = Path(self.env.srcdir) / "data"
        try:  # the loader's data folder (AILAYOFFS_DATA_DIR) when it names one
            from ailayoffs.data import data_dir as loader_dir

            data_dir = Path(loader_dir())
        except ImportError:
            pass
        self.env.note_dependency(str(data_dir / PACKAGE_FILE))
        names = list(resource_names())
        descriptors = _descriptors(data_dir)
        lines = overview_lines(names, descriptors) + ["", "```{rubric} Each dataset in detail", "```", ""]
        for name in names:
            lines += detail_lines(name, descriptors.get(name, {}))
        container = nodes.container(classes=["dataset-catalogue-page"])
        self.state.nested_parse(StringList(lines, source=PACKAGE_FILE), self.content_offset, container)
        for table in container.findall(nodes.table):
            table["classes"].append("dataset-catalogue")
            break
        return [container]


def setup(app) -> dict:
    app.add_directive("dataset-catalogue", DatasetCatalogue)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
