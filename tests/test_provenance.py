"""The execution cache key follows exactly what a chapter reads.

What it reads: the datasets it loads, the package modules it imports
(transitively), the installed libraries and the Python version.
"""

from __future__ import annotations

import ast
import re
import shutil
from importlib import metadata

import pytest

from ailayoffs import data, provenance
from ailayoffs.provenance import (
    chapter_datasets,
    chapter_fingerprint,
    chapter_modules,
    code_cells,
    fingerprint,
    module_closure,
)
from tests.conftest import ROOT

CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))


def _cell(source: str, options: str = "") -> str:
    return f"```{{code-cell}} ipython3\n{options}{source}\n```\n"


def _chapter(*cells: str) -> str:
    return "---\njupytext:\n  text_representation:\n    format_name: myst\n---\n# T\n\n" + "\n".join(cells)


# --------------------------------------------------------------------------
# Datasets
# --------------------------------------------------------------------------


def test_chapter_datasets_are_read_from_load_calls():
    text = 'x = load("amazon_headcount_quarterly")\ny = load( \'article_claims\' )\nloader("nope")'
    assert chapter_datasets(text) == ["amazon_headcount_quarterly", "article_claims"]


def _revise_quarterly(data_dir):
    """Append a note to the last row of the quarterly headcount and record a version."""
    path = data_dir / data.info("amazon_headcount_quarterly", data_dir).path
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "revised\n", encoding="utf-8")
    data.record_version("amazon_headcount_quarterly", "test", level="patch")


def test_fingerprint_changes_with_a_dataset_the_chapter_reads(data_copy):
    before = fingerprint(["amazon_headcount_quarterly"])
    _revise_quarterly(data_copy)
    assert fingerprint(["amazon_headcount_quarterly"]) != before


def test_fingerprint_ignores_datasets_the_chapter_does_not_read(data_copy):
    before = fingerprint(["amazon_headcount_annual"])
    _revise_quarterly(data_copy)
    assert fingerprint(["amazon_headcount_annual"]) == before


def test_package_code_never_loads_data_itself():
    # Chapters must name every dataset they depend on in their own load() calls.
    for path in provenance.package_files():
        relative = path.relative_to(ROOT / "ailayoffs")
        if relative.parts[0] in ("data", "data.py"):
            continue
        calls = [
            node
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "load"
        ]
        assert not calls, f"{relative} calls load() on line {calls[0].lineno}"


def test_every_load_call_in_a_chapter_names_its_dataset_literally():
    for path in CHAPTERS:
        text = path.read_text(encoding="utf-8")
        calls = re.findall(r"(?<![\w.])load\(", text)
        assert len(calls) == len(re.findall(r"""(?<![\w.])load\(\s*["'][A-Za-z0-9_]+["']""", text)), path.name


# --------------------------------------------------------------------------
# Modules, on a small package with a known import graph
# --------------------------------------------------------------------------


@pytest.fixture()
def toy_package(tmp_path, monkeypatch):
    """A package ``ailayoffs`` in tmp_path: a -> .b -> .sub.c (relative); d stands alone."""
    root = tmp_path / "ailayoffs"
    (root / "sub").mkdir(parents=True)
    files = {
        "__init__.py": '"""Toy."""\n',
        "a.py": "from . import b\n",
        "b.py": "from .sub.c import helper\n",
        "sub/__init__.py": "",
        "sub/c.py": "def helper():\n    from ..e import late  # an import inside a function counts\n    return late\n",
        "d.py": "import ailayoffs.a\n",
        "e.py": "late = 1\n",
        "f.py": "x = 1\n",
    }
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(provenance, "PACKAGE_DIR", root)
    return root


def test_modules_are_followed_transitively_through_relative_imports(toy_package):
    text = _chapter(_cell("import pandas as pd\nfrom ailayoffs import a, load", ":tags: [remove-cell]\n\n"))
    assert chapter_modules(text) == [
        "ailayoffs",
        "ailayoffs.a",
        "ailayoffs.b",
        "ailayoffs.e",
        "ailayoffs.sub",
        "ailayoffs.sub.c",
    ]


def test_importing_a_submodule_runs_its_parent_packages(toy_package):
    assert module_closure(["ailayoffs.sub.c"]) == ["ailayoffs", "ailayoffs.e", "ailayoffs.sub", "ailayoffs.sub.c"]
    assert module_closure(["ailayoffs.load", "pandas"]) == []  # an attribute, another package


def test_editing_a_module_changes_the_key_of_its_importers_only(toy_package, monkeypatch):
    reads_a = _chapter(_cell("from ailayoffs import a"))
    reads_f = _chapter(_cell("import ailayoffs.f as f"))
    before = chapter_fingerprint(reads_a), chapter_fingerprint(reads_f)
    (toy_package / "sub" / "c.py").write_text("def helper():\n    return 2\n", encoding="utf-8")
    after = chapter_fingerprint(reads_a), chapter_fingerprint(reads_f)
    assert after[0] != before[0], "a chapter importing a (-> b -> sub.c) must be re-executed"
    assert after[1] == before[1], "a chapter importing only f must keep its key"


def test_an_unparsable_cell_makes_the_chapter_depend_on_every_module(toy_package):
    text = _chapter(_cell("from ailayoffs import a\nprint('unclosed'"))
    assert chapter_modules(text) == provenance._all_modules()


def test_magics_do_not_hide_imports(toy_package):
    assert "ailayoffs.f" in chapter_modules(_chapter(_cell("%%time\nfrom ailayoffs import f")))


def test_code_cells_drop_options_and_keep_code():
    text = _chapter(
        _cell("x = 1", ":tags: [remove-cell]\n\n"),
        "Prose with ```{code-cell}``` inline.\n",
        "````{code-cell} ipython3\n---\ntags: [hide-input]\n---\ny = 2\n````\n",
    )
    assert [c.strip() for c in code_cells(text)] == ["x = 1", "y = 2"]


# --------------------------------------------------------------------------
# Modules, on the book's own package and chapters
# --------------------------------------------------------------------------


def test_every_chapter_depends_on_some_modules_not_the_whole_package():
    everything = set(provenance._all_modules())
    for path in CHAPTERS:
        modules = set(chapter_modules(path.read_text(encoding="utf-8")))
        assert "ailayoffs" in modules and modules < everything, path.name


@pytest.fixture()
def package_copy(tmp_path, monkeypatch):
    target = tmp_path / "ailayoffs"
    shutil.copytree(ROOT / "ailayoffs", target, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(provenance, "PACKAGE_DIR", target)
    return target


def _chart_modules() -> list[str]:
    modules = provenance._all_modules()
    return [m for m in modules if ".figures." in m or m.endswith("_charts")]


def test_editing_a_chart_module_re_keys_exactly_the_chapters_that_import_it(package_copy):
    texts = {p.stem: p.read_text(encoding="utf-8") for p in CHAPTERS}
    charts = _chart_modules()
    assert charts, "no chart modules found"
    for module in charts:
        before = {name: chapter_fingerprint(text) for name, text in texts.items()}
        path = provenance.module_file(module)
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        changed = {name for name, text in texts.items() if chapter_fingerprint(text) != before[name]}
        importers = {name for name, text in texts.items() if module in chapter_modules(text)}
        assert changed == importers, module
        assert len(changed) < len(texts), f"editing {module} would re-execute every chapter"


def test_the_package_has_no_imports_the_key_cannot_see():
    for path in provenance.package_files():
        text = path.read_text(encoding="utf-8")
        assert "import_module(" not in text and "__import__(" not in text, path.name


# --------------------------------------------------------------------------
# Interpreter and libraries
# --------------------------------------------------------------------------


def test_environment_names_the_python_version_and_every_pinned_library():
    description = provenance.environment_description()
    assert description.startswith("python 3.")
    for pinned in ("pandas", "altair", "statsmodels", "vl-convert-python", "frictionless", "numpy", "scipy"):
        assert re.search(rf"^{re.escape(pinned)} {re.escape(metadata.version(pinned))}$", description, re.M), pinned


def test_upgrading_a_library_changes_every_key(monkeypatch):
    text = CHAPTERS[0].read_text(encoding="utf-8")
    before = chapter_fingerprint(text)
    real = metadata.version
    monkeypatch.setattr(provenance.metadata, "version", lambda name: "99.0" if name.lower() == "pandas" else real(name))
    provenance.environment_description.cache_clear()
    try:
        assert chapter_fingerprint(text) != before
    finally:
        monkeypatch.undo()
        provenance.environment_description.cache_clear()
    assert chapter_fingerprint(text) == before


def test_another_python_version_changes_every_key(monkeypatch):
    text = CHAPTERS[0].read_text(encoding="utf-8")
    before = chapter_fingerprint(text)
    monkeypatch.setattr(provenance.sys, "version", "3.12.1 (main) [GCC]")
    provenance.environment_description.cache_clear()
    try:
        assert chapter_fingerprint(text) != before
    finally:
        monkeypatch.undo()
        provenance.environment_description.cache_clear()
