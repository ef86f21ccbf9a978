"""Methods, teaching and glossary pages follow the book's rules: glued numbers, no model code."""

from __future__ import annotations

import ast
import re

import pytest

from tests.conftest import ROOT
from tests.test_structure import prose_numbers

METHODS = sorted((ROOT / "methods").glob("*.md"))
TEACHING = sorted((ROOT / "teaching").glob("*.md"))
PAGES = [*METHODS, *TEACHING, ROOT / "glossary.md"]
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.S | re.M)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_no_number_is_typed_into_prose(path):
    found = prose_numbers(path.read_text(encoding="utf-8"))
    assert not found, f"numbers typed into prose (glue them): {found}"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_code_cells_hold_no_definitions_or_loops(path):
    for cell in CELL.findall(path.read_text(encoding="utf-8")):
        source = "\n".join(line for line in cell.splitlines() if not line.startswith((":", "%")))
        for node in ast.walk(ast.parse(source)):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.While)), (
                f"{path.name}: {type(node).__name__}"
            )


@pytest.mark.parametrize("path", METHODS, ids=lambda p: p.stem)
def test_method_page_has_equation_intuition_assumptions_pitfall(path):
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^\$\$$", text, re.M), "no displayed equation"
    for part in ("*Intuition.*", "*Assumptions.*", ":::{admonition} Pitfall"):
        assert part in text, part
    assert "{cite}`" in text
    assert re.search(r"\{ref\}`chapter-", text), "does not name the chapter that uses it"


@pytest.mark.parametrize("path", METHODS, ids=lambda p: p.stem)
def test_worked_example_is_computed_and_glued(path):
    text = path.read_text(encoding="utf-8")
    assert "## Worked example" in text
    assert 'load("' in text and "publish(" in text
    published = set(re.findall(r"^\s+(\w+)=", text, re.M)) | set(re.findall(r"[(,]\s*(\w+)=", text))
    glued = set(re.findall(r"\{glue:text\}`(\w+)", text))
    assert glued, "no glued figure in the prose"
    assert glued <= published, f"glued but never published: {sorted(glued - published)}"


def test_reports_use_the_reporting_helpers():
    text = (ROOT / "methods" / "structural-breaks.md").read_text(encoding="utf-8")
    assert "rp.format_bootstrap_p(" in text and "rp.test_label(" in text
    text = (ROOT / "methods" / "regression-hac.md").read_text(encoding="utf-8")
    assert "smallsample.hac_comparison(" in text and "rp.format_p(" in text


def test_built_methods_pages_show_values_not_placeholders(site):
    for path in METHODS:
        html = (site / "methods" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert "MathJax" in html or "math" in html
        assert "0.000" not in re.sub(r"<pre.*?</pre>|<table.*?</table>", "", html, flags=re.S), path.stem
