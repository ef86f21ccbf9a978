"""Exercises a class can use: every exercise states level, time, prerequisites and code; paper questions.

The convention (the lead's): the first paragraph inside every ``{exercise}`` is one line,
``**Level:** intro · **Time:** 15 min · **Prerequisites:** <text> · **Code:** no``, and every
chapter has at least one exercise with ``**Code:** no`` (answerable on paper).
"""

from __future__ import annotations

import re
import textwrap

import pytest
import yaml
from bs4 import BeautifulSoup

from ailayoffs import teaching
from tests.conftest import ROOT, require

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
CHAPTERS = [
    entry["file"] for part in TOC["parts"] for entry in part["chapters"] if entry["file"].startswith("chapters/")
]

# Written out again here, not imported, so that a fault in the package's parser cannot hide.
METADATA = re.compile(
    r"\*\*Level:\*\* (intro|intermediate|advanced) · \*\*Time:\*\* ([1-9][0-9]*) min · "
    r"\*\*Prerequisites:\*\* (\S.*\S|\S) · \*\*Code:\*\* (yes|no)"
)
EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}[^\n]*\n((?::[^\n]*\n)*)\n?(.*?)^\1$", re.S | re.M)
HTML_METADATA = re.compile(
    r"^Level: (intro|intermediate|advanced) · Time: [1-9][0-9]* min · Prerequisites: \S.* · Code: (yes|no)$"
)
METHOD_LABELS = {
    match for page in ROOT.glob("methods/*.md") for match in re.findall(r"^\(([\w-]+)\)=$", page.read_text(), re.M)
}
GLOSSARY_TERMS = set(
    re.findall(r"^(\S[^\n]*)\n  \S", (ROOT / "glossary.md").read_text(encoding="utf-8").split("```{glossary}")[1], re.M)
)


def source_exercises(doc: str) -> list[tuple[str, str]]:
    """(label, first paragraph) of each exercise in a chapter's source."""
    found = []
    for _, options, body in EXERCISE.findall((ROOT / f"{doc}.md").read_text(encoding="utf-8")):
        label = re.search(r"^:label: (\S+)$", options, re.M)
        assert label, f"{doc}: an exercise without a label"
        found.append((label.group(1), body.strip().split("\n\n")[0].strip()))
    return found


@pytest.mark.parametrize("doc", CHAPTERS, ids=lambda d: d.split("/")[-1])
def test_every_exercise_opens_with_its_metadata_line(doc):
    exercises = source_exercises(doc)
    assert exercises, f"{doc} has no exercise"
    wrong = [label for label, first in exercises if not METADATA.fullmatch(first)]
    assert not wrong, f"exercises whose first paragraph is not one metadata line: {wrong}"


@pytest.mark.parametrize("doc", CHAPTERS, ids=lambda d: d.split("/")[-1])
def test_every_chapter_has_a_paper_exercise(doc):
    codes = [METADATA.fullmatch(first).group(4) for _, first in source_exercises(doc) if METADATA.fullmatch(first)]
    assert "no" in codes, f"{doc} has no exercise marked **Code:** no"


@pytest.mark.parametrize("doc", CHAPTERS, ids=lambda d: d.split("/")[-1])
def test_prerequisite_links_point_at_methods_pages_and_glossary_terms(doc):
    for label, first in source_exercises(doc):
        match = METADATA.fullmatch(first)
        if match is None:
            continue
        prerequisites = match.group(3)
        for target in re.findall(r"\{ref\}`(?:[^`<]*<)?([\w-]+)>?`", prerequisites):
            if target.startswith("methods-"):
                assert target in METHOD_LABELS, f"{label}: no methods page labelled {target}"
        for term in re.findall(r"\{term\}`(?:[^`<]*<)?([^`>]+)>?`", prerequisites):
            assert term in GLOSSARY_TERMS, f"{label}: {term!r} is not a glossary term"


@pytest.mark.parametrize("doc", CHAPTERS, ids=lambda d: d.split("/")[-1])
def test_package_reads_the_same_exercises_as_the_source(doc):
    exercises = source_exercises(doc)
    if not all(METADATA.fullmatch(first) for _, first in exercises):
        pytest.fail(f"{doc}: exercises without a metadata line (see the test above)")
    parsed = teaching.chapter_exercises((ROOT / f"{doc}.md").read_text(encoding="utf-8"))
    assert [ex["label"] for ex in parsed] == [label for label, _ in exercises]
    for ex, (_, first) in zip(parsed, exercises, strict=True):
        level, minutes, _, code = METADATA.fullmatch(first).groups()
        assert (ex["level"], ex["minutes"], ex["code"]) == (level, int(minutes), code == "yes")


def test_prose_lint_lets_the_stated_time_pass_but_not_a_typed_figure():
    from tests.test_structure import prose_numbers

    line = "**Level:** intro · **Time:** 15 min · **Prerequisites:** the chapter · **Code:** no"
    assert prose_numbers(line) == []
    assert prose_numbers(line.replace("the chapter", "a cut of 14,000 jobs")) == [(1, "14,000")]


def test_metadata_line_is_parsed():
    line = "**Level:** advanced · **Time:** 40 min · **Prerequisites:** {ref}`methods-growth-rates` · **Code:** yes"
    assert teaching.exercise_metadata(line) == {
        "level": "advanced",
        "minutes": 40,
        "prerequisites": "{ref}`methods-growth-rates`",
        "code": True,
    }
    assert teaching.exercise_metadata(line.replace("yes", "no"))["code"] is False


@pytest.mark.parametrize(
    "line",
    [
        "**Level:** easy · **Time:** 15 min · **Prerequisites:** none · **Code:** no",  # unknown level
        "**Level:** intro · **Time:** 15–20 min · **Prerequisites:** none · **Code:** no",  # not one number
        "**Level:** intro · **Time:** 0 min · **Prerequisites:** none · **Code:** no",  # no time
        "**Level:** intro · **Time:** 15 min · **Prerequisites:**  · **Code:** no",  # no prerequisites
        "**Level:** intro · **Time:** 15 min · **Prerequisites:** none · **Code:** maybe",
        "**Level:** intro · **Time:** 15 min · **Code:** no",  # prerequisites left out
        "Level: intro · Time: 15 min · Prerequisites: none · Code: no",  # not bold
        "**Level:** intro · **Time:** 15 min · **Prerequisites:** none · **Code:** no. Then the question.",
    ],
)
def test_a_malformed_metadata_line_is_refused(line):
    with pytest.raises(ValueError, match="metadata line"):
        teaching.exercise_metadata(line)


PAGE = textwrap.dedent("""\
    # A chapter

    ```{exercise}
    :label: ex-one

    **Level:** intro · **Time:** 10 min · **Prerequisites:** {term}`Stellenabbau` · **Code:** no

    Compute it on paper.
    ```

    ````{exercise}
    :label: ex-two
    :nonumber:

    **Level:** intermediate · **Time:** 25 min · **Prerequisites:** the chapter · **Code:** yes

    ```python
    load("x")
    ```
    ````
    """)


def test_chapter_exercises_reads_labels_and_metadata_in_page_order():
    # the test's own reader finds the same two, the second in a four-backtick fence
    assert [m[1] for m in EXERCISE.findall(PAGE)] == [":label: ex-one\n", ":label: ex-two\n:nonumber:\n"]
    found = teaching.chapter_exercises(PAGE)
    assert [(ex["label"], ex["level"], ex["minutes"], ex["code"]) for ex in found] == [
        ("ex-one", "intro", 10, False),
        ("ex-two", "intermediate", 25, True),
    ]


def test_chapter_exercises_names_the_exercise_without_metadata():
    no_line = PAGE.replace(
        "**Level:** intro · **Time:** 10 min · **Prerequisites:** {term}`Stellenabbau` · **Code:** no\n\n", ""
    )
    with pytest.raises(ValueError, match="ex-one"):
        teaching.chapter_exercises(no_line)
    # the line must be the first paragraph, not somewhere in the exercise
    moved = PAGE.replace("Compute it on paper.", "").replace(":label: ex-one\n", ":label: ex-one\n\nQuestion first.")
    with pytest.raises(ValueError, match="ex-one"):
        teaching.chapter_exercises(moved)
    with pytest.raises(ValueError, match="no :label:"):
        teaching.chapter_exercises(PAGE.replace(":label: ex-one\n", ""))
    wrapped = PAGE.replace("· **Prerequisites:** {term}", "·\n**Prerequisites:** {term}")
    with pytest.raises(ValueError, match="ex-one: the metadata line is wrapped"):
        teaching.chapter_exercises(wrapped)


def _book(tmp_path, pages: dict[str, str]):
    (tmp_path / "chapters").mkdir()
    for name, text in pages.items():
        (tmp_path / "chapters" / f"{name}.md").write_text(text, encoding="utf-8")
    toc = {"root": "index", "parts": [{"caption": "P", "chapters": [{"file": f"chapters/{n}"} for n in pages]}]}
    (tmp_path / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    return tmp_path


def test_exercises_table_sorts_by_level_and_refuses_a_chapter_without_metadata(tmp_path):
    later = PAGE.replace("# A chapter", "# B chapter").replace("ex-one", "ex-b1").replace("ex-two", "ex-b2")
    later = later.replace("**Level:** intermediate", "**Level:** advanced")
    later = later.replace("**Level:** intro", "**Level:** intermediate")
    root = _book(tmp_path, {"b": later, "a": PAGE})
    table = teaching.exercises_table(root)
    assert list(table["exercise"]) == ["ex-one", "ex-b1", "ex-two", "ex-b2"]
    assert list(table["level"]) == ["intro", "intermediate", "intermediate", "advanced"]
    assert list(table["chapter"]) == ["A chapter", "B chapter", "A chapter", "B chapter"]
    assert list(table["code"]) == ["no", "no", "yes", "yes"] and table["minutes"].sum() == 70
    (root / "chapters" / "a.md").write_text(PAGE.replace("**Code:** no", "**Code:** perhaps"), encoding="utf-8")
    with pytest.raises(ValueError, match="chapters/a: exercise ex-one"):
        teaching.exercises_table(root)
    assert list(teaching.exercises_table(root, strict=False)["exercise"]) == ["ex-b1", "ex-b2"]


def test_the_books_exercise_table_lists_every_exercise():
    table = teaching.exercises_table()
    labels = [label for doc in CHAPTERS for label, _ in source_exercises(doc)]
    assert sorted(table["exercise"]) == sorted(labels)
    assert table["exercise"].is_unique
    ranks = table["level"].map(teaching.EXERCISE_LEVELS.index)
    assert ranks.is_monotonic_increasing
    assert set(table.loc[table["code"] == "no", "doc"]) == set(CHAPTERS)


def _metadata_paragraphs(html: str) -> dict[str, str]:
    """Exercise id -> text of the first paragraph of its content, in a built page."""
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for div in soup.select("div.exercise"):
        content = div.find(id="exercise-content") or div
        first = content.find("p")
        found[div.get("id")] = " ".join(first.get_text().split()) if first else ""
        strong = [s.get_text() for s in first.find_all("strong")] if first else []
        if strong != ["Level:", "Time:", "Prerequisites:", "Code:"]:
            found[div.get("id")] = f"(not bold: {strong}) " + found[div.get("id")]
    return found


@pytest.mark.parametrize("doc", CHAPTERS, ids=lambda d: d.split("/")[-1])
def test_teacher_edition_shows_the_metadata_line_inside_each_exercise(site, doc):
    shown = _metadata_paragraphs((site / f"{doc}.html").read_text(encoding="utf-8"))
    assert sorted(shown) == sorted(label for label, _ in source_exercises(doc))
    wrong = {label: text[:100] for label, text in shown.items() if not HTML_METADATA.match(text)}
    assert not wrong, f"exercises whose first paragraph is not the metadata line: {wrong}"


@pytest.mark.parametrize("doc", CHAPTERS, ids=lambda d: d.split("/")[-1])
def test_student_edition_shows_the_metadata_line_too(doc):
    student = ROOT / "_build" / "student" / "_build" / "html"
    require((student / "index.html").exists(), "no student edition in _build/student; run `make student`")
    shown = _metadata_paragraphs((student / f"{doc}.html").read_text(encoding="utf-8"))
    assert sorted(shown) == sorted(label for label, _ in source_exercises(doc))
    assert all(HTML_METADATA.match(text) for text in shown.values()), doc


def test_metadata_check_of_the_built_page_catches_a_missing_line():
    page = (
        '<div class="exercise admonition" id="ex-a"><p class="admonition-title">Exercise 1</p>'
        '<section id="exercise-content"><p>Just a question.</p></section></div>'
    )
    assert not HTML_METADATA.match(_metadata_paragraphs(page)["ex-a"])
    good = page.replace(
        "Just a question.",
        "<strong>Level:</strong> intro · <strong>Time:</strong> 5 min · <strong>Prerequisites:</strong> none"
        " · <strong>Code:</strong> no",
    )
    assert HTML_METADATA.match(_metadata_paragraphs(good)["ex-a"])


def test_guide_lists_every_exercise_by_level(site):
    guide = BeautifulSoup((site / "teaching" / "guide.html").read_text(encoding="utf-8"), "html.parser")
    section = guide.find(id="exercises-by-level")
    assert section is not None, "the guide has no section 'Exercises by level'"
    cells = {td.get_text(strip=True) for td in section.find_all("td")}
    labels = {label for doc in CHAPTERS for label, _ in source_exercises(doc)}
    assert labels <= cells, sorted(labels - cells)


def test_guide_cache_key_follows_the_pages_it_reads(tmp_path):
    root = _book(tmp_path, {"a": PAGE})
    assert root / "chapters" / "a.md" in teaching.page_inputs(root)
    before = teaching.page_inputs_digest(root)
    (root / "chapters" / "a.md").write_text(PAGE.replace("10 min", "12 min"), encoding="utf-8")
    assert teaching.page_inputs_digest(root) != before
    import sys

    sys.path.insert(0, str(ROOT / "_ext"))
    import data_cache

    guide = (ROOT / "teaching" / "guide.md").read_text(encoding="utf-8")
    assert f"# pages read: {teaching.page_inputs_digest()}" in data_cache.with_cache_key(guide)
    chapter = (ROOT / "chapters" / "immediate-dimensions.md").read_text(encoding="utf-8")
    assert "# pages read:" not in data_cache.with_cache_key(chapter)
