"""The teacher's guide: reading times, course plans and the student edition's contents.

Reading times are computed from the pages themselves, so they change when a
chapter does: the words of a page's prose (front matter, code cells, display
maths and directive options are left out; a glued value counts as one word)
divided by a reading speed. Course plans live in ``teaching/plans.yml``; the
functions here check them (every page exists, the activities add up to the
session's length) before the guide shows them.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import yaml

__all__ = [
    "TEACHER_PARTS",
    "load_plans",
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


_GATED_SOLUTION = re.compile(r"^```\{solution-start\}.*?^```\{solution-end\}\s*\n```[ \t]*\n?", re.S | re.M)
_SOLUTION = re.compile(r"^(`{3,})\{solution\}.*?^\1[ \t]*\n?", re.S | re.M)
_TEACHER_NOTE = re.compile(
    r"^(:{3,})\{admonition\}[^\n]*\n(?::[^\n]*\n)*?:class:[^\n]*\bteacher-note\b.*?^\1[ \t]*\n?", re.S | re.M
)


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
