"""Every exercise solution runs on its own after the chapter's visible cells.

The rule, precisely. A chapter's code cells fall into four kinds:

* the **setup cell**, its first code cell: it may only import and make configuring calls such as
  ``charts.enable()``, so that it binds no data (its ``remove-cell`` tag hides boilerplate);
* **hidden cells**: any other cell tagged ``remove-cell`` or ``remove-input`` (the reader does
  not see its code);
* **solution cells**: the code cells inside a ``solution-start`` ... ``solution-end`` block;
* **visible cells**: the rest.

A visible cell may use only names bound by the setup cell or an earlier visible cell. A solution
cell may use only names bound by the setup cell, by a visible cell, by an earlier cell of the same
solution, by itself, or built in. Then a reader who runs the setup and the
visible cells (the downloaded notebook, or the page's code in order) can run any one solution,
in any order, without a hidden cell's variables or another solution's.

Two checks: the names, statically for every chapter (:mod:`symtable`); and, for every chapter
whose hidden cells the build runs but a reader does not see, an execution in a fresh kernel of
the setup cell, the visible cells and then the solutions (in the other chapters that sequence is
what the build itself executes, minus nothing).
"""

from __future__ import annotations

import ast
import builtins
import re
import symtable

import jupytext
import pytest

from tests.conftest import ROOT

CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
HIDDEN_TAGS = {"remove-cell", "remove-input"}
IPYTHON_NAMES = {"display", "get_ipython", "In", "Out", "_", "__", "___"}
START = re.compile(r"^(`{3,}|:{3,})\{solution-start\}", re.M)
END = re.compile(r"^(`{3,}|:{3,})\{solution-end\}", re.M)


def classify(path):
    """(kind, solution number or None, source) for each code cell of a chapter, in order."""
    notebook = jupytext.read(path)
    cells, inside, solution, seen_code = [], False, 0, False
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for fence in sorted([*START.finditer(cell.source), *END.finditer(cell.source)], key=lambda m: m.start()):
                inside = "solution-start" in fence.group(0)
                solution += inside
            continue
        if cell.cell_type != "code":
            continue
        tags = set(cell.metadata.get("tags", []))
        if not seen_code:
            kind = "setup"
        elif inside:
            kind = "solution"
        elif tags & HIDDEN_TAGS:
            kind = "hidden"
        else:
            kind = "visible"
        seen_code = True
        cells.append((kind, solution if inside else None, cell.source))
    return cells


_MAGIC = re.compile(r"^\s*(%|!(?!=))")  # IPython magics and shell escapes, not a continued `!=` comparison


def _python(source: str) -> str:
    return "\n".join("" if _MAGIC.match(line) else line for line in source.splitlines())


def bound_names(source: str) -> set[str]:
    """Names a cell binds at module level (assignment, import, def, class, for, with, walrus)."""
    table = symtable.symtable(_python(source), "<cell>", "exec")
    return {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}


def free_names(source: str) -> set[str]:
    """Module-level names a cell reads without binding them itself."""
    table = symtable.symtable(_python(source), "<cell>", "exec")
    own = bound_names(source)
    found = {s.get_name() for s in table.get_symbols() if s.is_referenced() and s.get_name() not in own}

    def walk(child):
        for symbol in child.get_symbols():
            if symbol.is_referenced() and symbol.is_global() and symbol.get_name() not in own:
                found.add(symbol.get_name())
        for grandchild in child.get_children():
            walk(grandchild)

    for child in table.get_children():
        walk(child)
    return found


def test_the_name_check_sees_what_it_must():
    assert free_names("y = x + 1") == {"x"}
    assert free_names("import math\nmath.sqrt(a)") == {"a"}
    assert free_names("[v for v in values]") == {"values"}
    assert free_names("def f(p):\n    return p + q\nf(1)") == {"q"}
    assert bound_names("from a import b as c\nfor i in r: pass\nwith o as w: pass") == {"c", "i", "w"}
    assert setup_state("import pandas as pd\nfrom ailayoffs import charts\ncharts.enable()") == []
    assert setup_state("import pandas as pd\nN = 3") == ["line 2: N = 3"]


def setup_state(source: str) -> list[str]:
    """Statements of the setup cell that bind data: anything but imports and configuring calls."""
    problems = []
    for node in ast.parse(_python(source)).body:
        call = isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)  # charts.enable(), set_option(...)
        if not isinstance(node, (ast.Import, ast.ImportFrom)) and not call:
            problems.append(f"line {node.lineno}: {ast.unparse(node)[:60]}")
    return problems


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_solution_uses_only_names_from_visible_cells(path):
    cells = classify(path)
    assert cells and cells[0][0] == "setup", "the chapter has no setup cell"
    assert not setup_state(cells[0][2]), f"the setup cell does more than import: {setup_state(cells[0][2])}"
    assert any(kind == "solution" for kind, _, _ in cells) or "{solution-start}" not in path.read_text(encoding="utf-8")
    known, problems = set(dir(builtins)) | IPYTHON_NAMES, []
    for kind, _, source in cells:
        if kind == "visible" and free_names(source) - known:  # a visible cell may not need a hidden one
            problems.append(f"visible cell uses {sorted(free_names(source) - known)}: {source.splitlines()[0][:70]!r}")
        if kind in ("setup", "visible"):
            known |= bound_names(source)
    earlier = {}
    for kind, number, source in cells:
        if kind != "solution":
            continue
        missing = free_names(source) - known - earlier.get(number, set())
        if missing:
            problems.append(f"solution {number} uses {sorted(missing)}: {source.splitlines()[0][:70]!r}")
        earlier[number] = earlier.get(number, set()) | bound_names(source)
    assert not problems, "\n".join(problems)


HIDDEN_STATE_CHAPTERS = [p for p in CHAPTERS if any(kind == "hidden" for kind, _, _ in classify(p))]


@pytest.mark.slow
@pytest.mark.parametrize("path", HIDDEN_STATE_CHAPTERS, ids=lambda p: p.stem)
def test_solutions_run_after_the_visible_cells_alone(path):
    import nbclient
    import nbformat

    cells = classify(path)
    visible = [source for kind, _, source in cells if kind in ("setup", "visible")]
    solutions = [source for kind, _, source in cells if kind == "solution"]
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in visible + solutions],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # a failing cell raises CellExecutionError, naming the cell and its traceback
