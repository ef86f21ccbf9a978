"""The teacher's guide: reading times, course plans and the student edition's contents.

Reading times are computed from the pages themselves, so they change when a
chapter does: the words of a page's prose (front matter, code cells, display
maths and directive options are left out; a glued value counts as one word)
divided by a reading speed. Course plans live in ``teaching/plans.yml``; the
functions here check them (every page exists, the activities add up to the
session's length) before the guide shows them.
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

import pandas as pd
import yaml

__all__ = [
    "EXERCISE_LEVELS",
    "TEACHER_PARTS",
    "chapter_exercises",
    "exercise_metadata",
    "exercises_table",
    "load_plans",
    "page_inputs",
    "page_inputs_digest",
    "page_title",
    "prose_words",
    "reading_minutes",
    "reading_table",
    "session_table",
    "strip_teacher_content",
    "student_toc",
    "unit_table",
]

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "teaching" / "plans.yml"
TEACHER_PARTS = ("For teachers",)
EXERCISE_LEVELS = ("intro", "intermediate", "advanced")

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_CODE = re.compile(r"^```\{code-cell\}.*?^```\s*$", re.S | re.M)
_MATH = re.compile(r"^\$\$.*?^\$\$\s*$", re.S | re.M)
_ROLE = re.compile(r"\{[\w:-]+\}`([^`]*)`")
_WORD = re.compile(r"[\w][\w'’.,–-]*")


def prose_words(text: str) -> int:
    """Number of words a reader reads in a MyST page's prose.

    Front matter, code cells, display maths, directive fences and their
    ``:option:`` lines are not counted; a role such as ``{glue:text}`name```
    or ``{cite}`key``` counts as one word.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    text = _FRONT_MATTER.sub("", text)
    text = _CODE.sub("", text)
    text = _MATH.sub("", text)
    text = _ROLE.sub(" x ", text)
    lines = [line for line in text.splitlines() if not line.lstrip().startswith((":", "```", "(")) or not line.strip()]
    return len(_WORD.findall("\n".join(lines)))


def reading_minutes(words: int, words_per_minute: float) -> int:
    """Minutes to read ``words`` at ``words_per_minute``, rounded up (at least one)."""
    if words < 0:
        raise ValueError(f"a word count cannot be negative, got {words}")
    if words_per_minute <= 0:
        raise ValueError(f"reading speed must be positive, got {words_per_minute}")
    return max(1, math.ceil(words / words_per_minute))


def page_title(text: str) -> str:
    """The page's first level-one heading."""
    match = re.search(r"^# (.+)$", text, re.M)
    if not match:
        raise ValueError("page has no level-one heading")
    return match.group(1).strip()


def load_plans(path: Path | None = None, root: Path | None = None) -> dict:
    """Read and check the course plans.

    Raises
    ------
    ValueError
        If a plan names a page that does not exist, a session's activities do
        not add up to its stated length, or a page is both core and optional.
    """
    path = Path(path) if path is not None else PLANS
    root = Path(root) if root is not None else ROOT
    plans = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("words_per_minute", "core", "optional", "session", "unit"):
        if key not in plans:
            raise ValueError(f"{path.name}: missing '{key}'")
    both = set(plans["core"]) & set(plans["optional"])
    if both:
        raise ValueError(f"{path.name}: pages both core and optional: {sorted(both)}")
    pages = [*plans["core"], *plans["optional"]]
    pages += [doc for step in plans["session"]["steps"] for doc in step.get("pages", [])]
    pages += [doc for week in plans["unit"]["weeks"] for doc in week.get("pages", [])]
    missing = sorted({doc for doc in pages if not (root / f"{doc}.md").exists()})
    if missing:
        raise ValueError(f"{path.name}: pages that do not exist: {missing}")
    total = sum(int(step["minutes"]) for step in plans["session"]["steps"])
    if total != int(plans["session"]["minutes"]):
        raise ValueError(
            f"{path.name}: session steps add up to {total} minutes, not the stated {plans['session']['minutes']}"
        )
    return plans


def reading_table(plans: dict, root: Path | None = None) -> pd.DataFrame:
    """Core and optional pages with their words and reading minutes."""
    root = Path(root) if root is not None else ROOT
    rows = []
    for status in ("core", "optional"):
        for doc in plans[status]:
            text = (root / f"{doc}.md").read_text(encoding="utf-8")
            words = prose_words(text)
            rows.append(
                {
                    "page": page_title(text),
                    "doc": doc,
                    "status": status,
                    "words": words,
                    "minutes": reading_minutes(words, plans["words_per_minute"]),
                }
            )
    return pd.DataFrame(rows)


def _titles(docs: list[str], root: Path) -> str:
    return "; ".join(page_title((root / f"{doc}.md").read_text(encoding="utf-8")) for doc in docs)


def session_table(plans: dict, root: Path | None = None) -> pd.DataFrame:
    """The single session's steps, with start minute, length and the pages they use."""
    root = Path(root) if root is not None else ROOT
    steps = plans["session"]["steps"]
    starts = [0]
    for step in steps[:-1]:
        starts.append(starts[-1] + int(step["minutes"]))
    return pd.DataFrame(
        {
            "from minute": starts,
            "minutes": [int(step["minutes"]) for step in steps],
            "activity": [step["activity"] for step in steps],
            "pages": [_titles(step.get("pages", []), root) for step in steps],
        }
    )


def unit_table(plans: dict, root: Path | None = None) -> pd.DataFrame:
    """The unit's weeks: theme, pages, exercises and what students hand in."""
    root = Path(root) if root is not None else ROOT
    return pd.DataFrame(
        [
            {
                "week": number,
                "theme": week["theme"],
                "pages": _titles(week.get("pages", []), root),
                "exercises": ", ".join(week.get("exercises", [])),
                "hand in": week.get("deliverable", ""),
            }
            for number, week in enumerate(plans["unit"]["weeks"], start=1)
        ]
    )


# The lead's convention: the first paragraph of every exercise is this one line.
_METADATA = re.compile(
    r"\*\*Level:\*\* (?P<level>intro|intermediate|advanced) · \*\*Time:\*\* (?P<minutes>[1-9]\d*) min · "
    r"\*\*Prerequisites:\*\* (?P<prerequisites>\S(?:.*\S)?) · \*\*Code:\*\* (?P<code>yes|no)"
)
# An exercise directive with its body, up to the closing fence of the same characters and length.
_EXERCISE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{exercise\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.S | re.M)


def exercise_metadata(line: str) -> dict:
    """Parse an exercise's metadata line.

    The line reads ``**Level:** intro · **Time:** 15 min · **Prerequisites:**
    <text> · **Code:** no``: a level of :data:`EXERCISE_LEVELS`, a whole number
    of minutes, prerequisites (any non-empty text, links included) and whether
    the exercise needs code.

    Returns
    -------
    dict
        ``level`` (str), ``minutes`` (int), ``prerequisites`` (str) and ``code`` (bool).

    Raises
    ------
    ValueError
        If the line does not follow the convention.
    """
    if not isinstance(line, str):
        raise TypeError("the metadata line must be a string")
    match = _METADATA.fullmatch(line.strip())
    if match is None:
        raise ValueError(
            "not an exercise metadata line (expected '**Level:** intro|intermediate|advanced · **Time:** N min · "
            f"**Prerequisites:** ... · **Code:** yes|no'): {line.strip()[:120]!r}"
        )
    return {
        "level": match["level"],
        "minutes": int(match["minutes"]),
        "prerequisites": match["prerequisites"],
        "code": match["code"] == "yes",
    }


def _label_and_first_paragraph(body: str) -> tuple[str | None, str]:
    """An exercise body's ``:label:`` option and its first paragraph (options and blank lines skipped)."""
    lines = body.splitlines()
    label = None
    start = 0
    while start < len(lines) and lines[start].startswith(":"):
        option = re.match(r":label:\s*(\S+)", lines[start])
        label = option.group(1) if option else label
        start += 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    paragraph = []
    while start < len(lines) and lines[start].strip():
        paragraph.append(lines[start].strip())
        start += 1
    return label, "\n".join(paragraph)


def chapter_exercises(text: str) -> list[dict]:
    """The exercises of one MyST page, in page order, with their metadata.

    Returns
    -------
    list of dict
        Per exercise: ``label`` and the keys of :func:`exercise_metadata`.

    Raises
    ------
    ValueError
        If an exercise has no label, or its first paragraph is not a metadata
        line on its own (the message names the exercise).
    """
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    exercises = []
    for number, match in enumerate(_EXERCISE.finditer(text), start=1):
        label, first = _label_and_first_paragraph(match["body"])
        if label is None:
            raise ValueError(f"exercise number {number} on the page has no :label:")
        if "\n" in first and first.startswith("**Level:**"):
            raise ValueError(f"exercise {label}: the metadata line is wrapped; it must be one line")
        try:
            exercises.append({"label": label, **exercise_metadata(first)})
        except ValueError as error:
            raise ValueError(f"exercise {label}: {error}") from None
    return exercises


def _toc_chapters(root: Path) -> list[str]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    docs = [entry["file"] for part in toc.get("parts", []) for entry in part.get("chapters", [])]
    return [doc for doc in docs if doc.startswith("chapters/")]


def exercises_table(root: Path | None = None, strict: bool = True) -> pd.DataFrame:
    """Every chapter's exercises with level, time and whether they need code, sorted by level.

    Chapters are read in the order of the table of contents; within a level,
    exercises keep that order.

    Parameters
    ----------
    root : Path, optional
        The book's folder (default: this repository).
    strict : bool
        If True (default), an exercise without a valid metadata line raises
        ValueError; if False, such a chapter's exercises are left out (the
        book's tests require every exercise to comply).

    Returns
    -------
    DataFrame
        ``level``, ``exercise`` (label), ``chapter`` (title), ``doc``,
        ``minutes`` (int) and ``code`` ("yes" or "no").
    """
    root = Path(root) if root is not None else ROOT
    rows = []
    for doc in _toc_chapters(root):
        text = (root / f"{doc}.md").read_text(encoding="utf-8")
        try:
            found = chapter_exercises(text)
        except ValueError as error:
            if strict:
                raise ValueError(f"{doc}: {error}") from None
            continue
        title = page_title(text)
        rows += [
            {
                "level": ex["level"],
                "exercise": ex["label"],
                "chapter": title,
                "doc": doc,
                "minutes": ex["minutes"],
                "code": "yes" if ex["code"] else "no",
            }
            for ex in found
        ]
    table = pd.DataFrame(rows, columns=["level", "exercise", "chapter", "doc", "minutes", "code"])
    table["minutes"] = table["minutes"].astype(int)
    order = table["level"].map({level: rank for rank, level in enumerate(EXERCISE_LEVELS)})
    return table.assign(_order=order).sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


_GATED_SOLUTION = re.compile(r"^```\{solution-start\}.*?^```\{solution-end\}\s*\n```[ \t]*\n?", re.S | re.M)
_SOLUTION = re.compile(r"^(`{3,})\{solution\}.*?^\1[ \t]*\n?", re.S | re.M)
_TEACHER_NOTE = re.compile(
    r"^(:{3,})\{admonition\}[^\n]*\n(?::[^\n]*\n)*?:class:[^\n]*\bteacher-note\b.*?^\1[ \t]*\n?", re.S | re.M
)


def page_inputs(root: Path | None = None) -> list[Path]:
    """The files a page of the guide reads when it executes: the plans, the TOC and every page it lists.

    The execution cache keys a page on its code, data and modules only; the
    guide's tables are computed from other pages (reading times, exercises),
    so the build adds these files to the guide's key (``_ext/data_cache.py``).
    """
    root = Path(root) if root is not None else ROOT
    toc_path = root / "_toc.yml"
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    docs = [toc["root"], *(entry["file"] for part in toc.get("parts", []) for entry in part.get("chapters", []))]
    pages = [root / f"{doc}.md" for doc in docs if (root / f"{doc}.md").exists()]
    plans = root / PLANS.relative_to(ROOT)
    return [p for p in [plans if plans.exists() else None, toc_path, *pages] if p is not None]


def page_inputs_digest(root: Path | None = None) -> str:
    """SHA-256 over the names and contents of :func:`page_inputs`, in order."""
    root = Path(root) if root is not None else ROOT
    digest = hashlib.sha256()
    for path in page_inputs(root):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def strip_teacher_content(text: str) -> str:
    """A page's MyST source without solutions and teacher notes (the student edition's download).

    Removes gated ``solution-start`` ... ``solution-end`` blocks (with the code
    cells inside them), plain ``{solution}`` blocks and ``{admonition}`` blocks
    of class ``teacher-note``.
    """
    text = _GATED_SOLUTION.sub("", text)
    text = _SOLUTION.sub("", text)
    return _TEACHER_NOTE.sub("", text)


def student_toc(toc: dict) -> dict:
    """The table of contents of the student edition: the teacher's parts left out."""
    if "parts" not in toc:
        raise ValueError("the table of contents has no parts")
    kept = [part for part in toc["parts"] if part.get("caption") not in TEACHER_PARTS]
    return {**toc, "parts": kept}


def main(argv: list[str] | None = None) -> int:
    """``python -m ailayoffs.teaching student-toc TOC OUT``: write the student edition's TOC."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3 or args[0] != "student-toc":
        print("usage: python -m ailayoffs.teaching student-toc _toc.yml OUT.yml", file=sys.stderr)
        return 2
    toc = yaml.safe_load(Path(args[1]).read_text(encoding="utf-8"))
    Path(args[2]).parent.mkdir(parents=True, exist_ok=True)
    Path(args[2]).write_text(yaml.safe_dump(student_toc(toc), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
