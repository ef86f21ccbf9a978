"""Teacher's guide: reading times from the pages, checked course plans, the student TOC."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from ailayoffs import teaching
from tests.conftest import ROOT

PAGE = textwrap.dedent("""\
    ---
    jupytext:
      formats: md:myst
    ---

    (label)=
    # A title here

    One two three {glue:text}`value:.1f` four.

    ```{code-cell} ipython3
    :tags: [hide-input]
    many words in code that are not read
    ```

    $$
    a + b = c
    $$

    :::{admonition} Five
    :class: tip
    six seven
    :::
    """)


def test_prose_words_leaves_out_code_maths_and_options():
    # "A title here" (3) + "One two three <glue> four" (5) + "six seven" (2); the admonition
    # title sits on the fence line and is not counted
    assert teaching.prose_words(PAGE) == 10


def test_prose_words_grows_with_the_text():
    assert teaching.prose_words(PAGE + "\nEight more words are here, in a sentence.\n") == 18


def test_reading_minutes_round_up():
    assert teaching.reading_minutes(181, 180) == 2
    assert teaching.reading_minutes(0, 180) == 1
    with pytest.raises(ValueError):
        teaching.reading_minutes(10, 0)
    with pytest.raises(ValueError):
        teaching.reading_minutes(-1, 200)


def test_page_title():
    assert teaching.page_title(PAGE) == "A title here"
    with pytest.raises(ValueError):
        teaching.page_title("no heading")


def test_the_books_plans_load_and_their_tables_follow_the_pages():
    plans = teaching.load_plans()
    session = teaching.session_table(plans)
    assert session["minutes"].sum() == plans["session"]["minutes"]
    assert session["from minute"].iloc[-1] + session["minutes"].iloc[-1] == plans["session"]["minutes"]
    reading = teaching.reading_table(plans)
    assert set(reading["doc"]) == set(plans["core"]) | set(plans["optional"])
    first = reading.iloc[0]
    text = (ROOT / f"{first['doc']}.md").read_text(encoding="utf-8")
    assert first["words"] == teaching.prose_words(text)
    assert first["minutes"] == teaching.reading_minutes(first["words"], plans["words_per_minute"])
    assert len(teaching.unit_table(plans)) == len(plans["unit"]["weeks"])


def test_unit_exercises_exist_in_the_chapters():
    plans = teaching.load_plans()
    labels = set()
    for page in ROOT.glob("chapters/*.md"):
        labels |= {
            line.split(":label:")[1].strip()
            for line in page.read_text(encoding="utf-8").splitlines()
            if line.startswith(":label: ex-")
        }
    named = {ex for week in plans["unit"]["weeks"] for ex in week.get("exercises", [])}
    assert named <= labels, sorted(named - labels)


def _write_plans(tmp_path, **changes):
    plans = yaml.safe_load(teaching.PLANS.read_text(encoding="utf-8"))
    plans.update(changes)
    path = tmp_path / "plans.yml"
    path.write_text(yaml.safe_dump(plans), encoding="utf-8")
    return path, plans


def test_plan_with_a_missing_page_is_refused(tmp_path):
    path, plans = _write_plans(tmp_path, core=[*yaml.safe_load(teaching.PLANS.read_text())["core"], "chapters/nope"])
    with pytest.raises(ValueError, match="chapters/nope"):
        teaching.load_plans(path)


def test_plan_whose_steps_do_not_add_up_is_refused(tmp_path):
    session = yaml.safe_load(teaching.PLANS.read_text())["session"]
    session["minutes"] = session["minutes"] + 5
    path, _ = _write_plans(tmp_path, session=session)
    with pytest.raises(ValueError, match="add up"):
        teaching.load_plans(path)


def test_page_both_core_and_optional_is_refused(tmp_path):
    plans = yaml.safe_load(teaching.PLANS.read_text())
    path, _ = _write_plans(tmp_path, optional=[*plans["optional"], plans["core"][0]])
    with pytest.raises(ValueError, match="both core and optional"):
        teaching.load_plans(path)


def test_student_toc_drops_only_the_teachers_part(tmp_path):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    student = teaching.student_toc(toc)
    captions = [part.get("caption") for part in student["parts"]]
    assert "For teachers" not in captions
    assert len(student["parts"]) == len(toc["parts"]) - sum(p.get("caption") == "For teachers" for p in toc["parts"])
    out = tmp_path / "toc.yml"
    assert teaching.main(["student-toc", str(ROOT / "_toc.yml"), str(out)]) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == student
    with pytest.raises(ValueError):
        teaching.student_toc({"chapters": []})


def test_strip_teacher_content_removes_solutions_and_notes_only():
    text = textwrap.dedent("""\
        Intro.

        ```{exercise}
        :label: ex-a

        Do it.
        ```

        ```{solution-start} ex-a
        :class: dropdown
        ```

        ```{code-cell} ipython3
        secret = 1
        ```

        The answer.

        ```{solution-end}
        ```

        ```{solution} ex-a
        :class: dropdown

        Plain answer.
        ```

        :::{admonition} Note for teachers
        :class: teacher-note
        Whisper.
        :::

        :::{admonition} Pitfall
        :class: warning
        Keep me.
        :::
        """)
    stripped = teaching.strip_teacher_content(text)
    for gone in ("secret", "The answer", "Plain answer", "Whisper", "solution"):
        assert gone not in stripped, gone
    for kept in ("Intro.", "Do it.", "Keep me.", "{exercise}"):
        assert kept in stripped, kept


def test_strip_teacher_content_on_a_real_chapter():
    source = (ROOT / "chapters" / "immediate-dimensions.md").read_text(encoding="utf-8")
    stripped = teaching.strip_teacher_content(source)
    assert "{solution" not in stripped
    assert stripped.count("```{exercise}") == source.count("```{exercise}")
    assert "## Exercises" in stripped
