"""Book structure: the table of contents, chapters' parts, and no typed numbers in prose."""

from __future__ import annotations

import ast
import re

import pytest
import yaml

from tests.conftest import ROOT

OUTLINE = yaml.safe_load((ROOT / "chapters" / "outline.yml").read_text(encoding="utf-8"))
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))


def _toc_files() -> set[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return {entry["file"] for part in toc["parts"] for entry in part["chapters"]}


CLOSING = {c["doc"] for c in OUTLINE.get("closing", [])}  # chapters that mirror no single section


def test_toc_lists_exactly_the_written_chapters():
    written = {
        s["doc"] for s in [*OUTLINE["sections"], *OUTLINE.get("closing", [])] if (ROOT / f"{s['doc']}.md").exists()
    }
    in_toc = {f for f in _toc_files() if f.startswith("chapters/")}
    assert in_toc == written
    assert {f"chapters/{p.stem}" for p in CHAPTERS} == written, "a chapter file not in the outline"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_names_its_german_section_and_has_objectives_and_exercises(path):
    text = path.read_text(encoding="utf-8")
    section = next((s for s in OUTLINE["sections"] if s["doc"] == f"chapters/{path.stem}"), None)
    if section is None:
        assert f"chapters/{path.stem}" in CLOSING, "a chapter file in neither the sections nor the closing list"
    else:
        assert section["de"].split(":")[0] in text.replace("\n", " "), "chapter does not name its German section"
    assert "Learning objectives" in text
    exercises = re.findall(r"```\{exercise\}\n:label: ([\w-]+)", text)
    assert len(exercises) >= 2
    for label in exercises:
        assert re.search(r"```\{solution(-start)?\} " + re.escape(label) + r"\n:class: dropdown", text), label
    assert "{cite}`wolfenstein2025`" in text


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chart_captions_name_data_file_and_cite_a_source(path):
    text = path.read_text(encoding="utf-8")
    for caption in re.findall(r"```\{glue:figure\} \w+\n(?::[^\n]*\n)*\n(.*?)```", text, flags=re.S):
        assert re.search(r"`data/[\w/.-]+\.csv`", caption), caption[:80]
        assert "{cite}" in caption, caption[:80]


# Numbers a sentence may contain without glue: years, quarter and wave labels.
ALLOWED_NUMBER = re.compile(
    r"^(?:(?:19|20)\d\d(?:Q[1-4])?|Q[1-4]|(?:19|20)\d\d[–-](?:19|20)?\d\d|\d+-[KQ])$"  # years, quarters, spans, 10-K
)
CODE_FENCE = re.compile(r"^```(\{code-cell\}|\w*$)")  # a code cell or a plain code block; not a directive


def prose_numbers(text: str) -> list[tuple[int, str]]:
    """Number tokens typed into prose (outside code, roles, directives' options and paths)."""
    found = []
    in_code = in_math = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == "$$":  # display maths is notation, not figures
            in_math = not in_math
            continue
        if in_math:
            continue
        if in_code:
            in_code = line.strip() != "```"
            continue
        if line.startswith("```"):
            in_code = bool(CODE_FENCE.match(line)) and line.strip() != "```"
            continue
        if line.startswith(":") or line.startswith("(") and line.endswith(")="):
            continue
        if number <= 12 and line.startswith(("jupytext", "  ", "kernelspec", "---")):
            continue
        stripped = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", line)  # roles: {glue:text}, {cite}, {numref} ...
        stripped = re.sub(r"`[^`]*`", " ", stripped)  # inline code, file names
        stripped = re.sub(r"\$[^$]+\$", " ", stripped)  # inline maths
        stripped = re.sub(r"\]\([^)]*\)", "]", stripped)  # link targets
        stripped = re.sub(r"\*\*Time:\*\* \d+ min", " ", stripped)  # an exercise's stated time, not a figure
        for token in re.findall(r"[\w.,–-]*\d[\w.,–-]*", stripped):
            token = token.strip(".,")
            if not ALLOWED_NUMBER.match(token):
                found.append((number, token))
    return found


def test_prose_lint_catches_a_typed_number():
    assert prose_numbers("Amazon cut 14,000 jobs in 2023.") == [(1, "14,000")]
    assert prose_numbers("Growth was 1.5 % in 1992–2010, slope $b + c_1$.") == [(1, "1.5")]
    assert prose_numbers("$$\nx_1 = 2\n$$\nNo figure here.") == []
    assert prose_numbers("In 2022–23 and Q3 2025 it cut {glue:text}`roles:,` jobs.") == []


@pytest.mark.parametrize("path", [*CHAPTERS, ROOT / "index.md"], ids=lambda p: p.stem)
def test_no_number_is_typed_into_prose(path):
    found = prose_numbers(path.read_text(encoding="utf-8"))
    assert not found, f"numbers typed into prose (glue them from data): {found}"


def _bibliography():
    from pybtex.database import parse_file

    return parse_file(str(ROOT / "references.bib")).entries


def test_author_year_labels_are_unique():
    # Two entries with the same author and year would print the same citation label.
    seen: dict[tuple[str, str], str] = {}
    for key, entry in _bibliography().items():
        people = entry.persons.get("author") or []
        who = " and ".join(str(p) for p in people) or entry.fields.get("organization", key)
        label = (who, entry.fields.get("year", ""))
        assert label not in seen, f"{key} and {seen[label]} share the citation label {label}"
        seen[label] = key


def test_no_document_is_in_the_bibliography_twice():
    # Releases repeat their titles every year and news pages share generic titles:
    # a document is its title, year and address.
    documents: dict[tuple[str, str, str], str] = {}
    for key, entry in _bibliography().items():
        document = (
            re.sub(r"\W+", " ", entry.fields.get("title", "")).strip().lower(),
            entry.fields.get("year", ""),
            entry.fields.get("url", ""),
        )
        assert document not in documents, f"{key} and {documents[document]} are the same document"
        documents[document] = key


def test_every_bibliography_entry_is_cited_by_a_dataset_or_a_page():
    import json

    cited = set()
    for resource in json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        cited |= {source.get("x-bibkey") for source in resource["sources"]}
    for page in [
        *CHAPTERS,
        ROOT / "index.md",
        ROOT / "data-sources.md",
        ROOT / "checking-the-article.md",
        *sorted(ROOT.glob("methods/*.md")),
        *sorted(ROOT.glob("teaching/*.md")),
        ROOT / "glossary.md",
    ]:
        for keys in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", page.read_text(encoding="utf-8")):
            cited |= {key.strip() for key in keys.split(",")}
    unused = sorted(set(_bibliography()) - cited)
    assert not unused, f"bibliography entries nothing cites: {unused}"


# --------------------------------------------------------------------------
# Thin chapters: code cells load, call package functions, publish and place charts
# --------------------------------------------------------------------------

SOLUTION = re.compile(r"^```\{solution-start\}.*?^```\{solution-end\}", re.S | re.M)
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.S | re.M)
FORBIDDEN = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.For, ast.AsyncFor, ast.While)


def chapter_code_offences(text: str) -> list[str]:
    """Function or class definitions and loops in a chapter's code cells, outside exercise solutions."""
    offences = []
    for number, cell in enumerate(CODE_CELL.findall(SOLUTION.sub("", text)), start=1):
        source = "\n".join(line for line in cell.splitlines() if not line.startswith((":", "%")))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, FORBIDDEN):
                offences.append(f"cell {number}, line {node.lineno}: {type(node).__name__}")
    return offences


@pytest.mark.parametrize(
    "snippet",
    [
        "def share(a, b):\n    return a / b\n",
        "for q in quarters:\n    publish(q=q)\n",
        "while n:\n    n -= 1\n",
        "key = max(fits, key=lambda k: fits[k].bic)\n",
    ],
)
def test_structure_check_catches_a_definition_or_a_loop(snippet):
    chapter = f"# A chapter\n\n```{{code-cell}} ipython3\n:tags: [hide-input]\n\n{snippet}```\n"
    assert chapter_code_offences(chapter)
    solution = "```{solution-start} ex\n:class: dropdown\n```\n\n" + chapter + "\n```{solution-end}\n```\n"
    assert not chapter_code_offences(solution), "code in an exercise solution is the student's"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_code_defines_no_function_and_runs_no_loop(path):
    assert chapter_code_offences(path.read_text(encoding="utf-8")) == [], "move the computation into ailayoffs/"
