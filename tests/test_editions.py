"""Teacher's and student editions: same source, solutions and teacher notes only in one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ailayoffs import teaching
from tests.conftest import ROOT, SITE, require

STUDENT_SITE = ROOT / "_build" / "student" / "_build" / "html"
SOLUTION_SOURCE = re.compile(r"^```\{solution(?:-start)?\} ", re.M)
TEACHER_NOTE_SOURCE = re.compile(r"^:class: teacher-note\s*$", re.M)
SOLUTION_HTML = re.compile(r'<div class="solution[ "]')
TEACHER_NOTE_HTML = re.compile(r'<div class="teacher-note[ "]')
EXERCISE_HTML = re.compile(r'<div class="exercise[ "]')


def _docs(toc: dict) -> list[str]:
    return [toc["root"]] + [entry["file"] for part in toc["parts"] for entry in part["chapters"]]


TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
TEACHER_DOCS = _docs(TOC)
STUDENT_DOCS = _docs(teaching.student_toc(TOC))


def _count(pattern: re.Pattern, docs: list[str], folder) -> dict[str, int]:
    counts = {}
    for doc in docs:
        path = folder / (f"{doc}.md" if folder == ROOT else f"{doc}.html")
        counts[doc] = len(pattern.findall(path.read_text(encoding="utf-8")))
    return counts


@pytest.fixture(scope="module")
def student_site():
    require((STUDENT_SITE / "index.html").exists(), "no student edition in _build/student; run `make student`")
    return STUDENT_SITE


def test_sources_have_solutions_and_teacher_notes():
    assert sum(_count(SOLUTION_SOURCE, TEACHER_DOCS, ROOT).values()) > 0
    assert sum(_count(TEACHER_NOTE_SOURCE, STUDENT_DOCS, ROOT).values()) > 0, (
        "no teacher note on a page of the student edition: the removal would go untested"
    )


def test_teacher_edition_has_every_solution_and_note(site):
    assert _count(SOLUTION_HTML, TEACHER_DOCS, site) == _count(SOLUTION_SOURCE, TEACHER_DOCS, ROOT)
    assert _count(TEACHER_NOTE_HTML, TEACHER_DOCS, site) == _count(TEACHER_NOTE_SOURCE, TEACHER_DOCS, ROOT)


def test_student_edition_has_no_solution_and_no_note(student_site):
    assert sum(_count(SOLUTION_HTML, STUDENT_DOCS, student_site).values()) == 0
    assert sum(_count(TEACHER_NOTE_HTML, STUDENT_DOCS, student_site).values()) == 0
    for doc in STUDENT_DOCS:
        text = (student_site / f"{doc}.html").read_text(encoding="utf-8")
        assert "solution-content" not in text and "Solution to" not in text, doc


def test_student_edition_keeps_every_exercise(student_site):
    assert _count(EXERCISE_HTML, STUDENT_DOCS, student_site) == _count(EXERCISE_HTML, STUDENT_DOCS, SITE)


def test_student_edition_leaves_out_the_teachers_part(student_site):
    teacher_only = set(TEACHER_DOCS) - set(STUDENT_DOCS)
    assert teacher_only, "the teacher's part is missing from the table of contents"
    for doc in teacher_only:
        assert (SITE / f"{doc}.html").exists()
        assert not (student_site / f"{doc}.html").exists(), doc
    index = (student_site / "index.html").read_text(encoding="utf-8")
    assert "For teachers" not in index


def test_student_edition_keeps_the_solution_code_out(student_site):
    # A solution's code cell (ex-denominator) must not leak into the student page.
    source = (ROOT / "chapters" / "immediate-dimensions.md").read_text(encoding="utf-8")
    assert "rounds_ctx = workforce.cut_rounds_in_context" in source
    teacher = (SITE / "chapters" / "immediate-dimensions.html").read_text(encoding="utf-8")
    student = (student_site / "chapters" / "immediate-dimensions.html").read_text(encoding="utf-8")
    assert "rounds_ctx" in teacher
    assert "rounds_ctx" not in student


def test_student_downloads_carry_no_solution(student_site):
    sources = list((student_site / "_sources").rglob("*.md"))
    assert sources
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "{solution" not in text and "teacher-note" not in text, path.name


def test_make_book_builds_both_editions():
    """`make book` (dry run) builds the teacher's edition and then the student's, from one cache."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    plan = subprocess.run(
        ["make", "-n", "book"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    builds = [line for line in plan.splitlines() if "jupyter-book build" in line]
    assert len(builds) == 2, plan
    assert "AILAYOFFS_EDITION" not in builds[0] and "--path-output _build/student" not in builds[0]
    assert builds[1].startswith("AILAYOFFS_EDITION=student") and "--path-output _build/student" in builds[1]
