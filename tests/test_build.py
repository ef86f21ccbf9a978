"""The build machinery on a tiny book: parallel pre-execution, loud failures, a self-healing cache.

Each test builds a two- or three-chapter book in a temporary folder with the
book's own ``_ext/data_cache.py`` and the flags of ``make book`` (read from the
Makefile), so what is tested is what ``make book`` and ``make test`` run.
The chapters are tiny (no package imports), so a build takes seconds.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from reproducible import compare_trees  # noqa: E402

pytestmark = pytest.mark.slow
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
JB_FLAGS = re.search(r"^JB_FLAGS\s*:?=\s*(.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1).split()
HEADER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def _chapter(title: str, code: str, prose: str = "") -> str:
    return f"{HEADER}# {title}\n\n```{{code-cell}} ipython3\n{code}\n```\n\n{prose}\n"


def _good(name: str) -> str:
    return _chapter(
        name.title(),
        f'from myst_nb import glue\nglue("{name}_value", 7, display=False)',
        f"The value is {{glue:text}}`{name}_value`, as {{cite}}`known2020` says.",
    )


def _failing(name: str) -> str:
    return _chapter(name.title(), f'raise ValueError("{name} is broken")')


def make_book(root: Path, chapters: dict[str, str]) -> Path:
    """Write a book with the given chapters (name -> MyST text) into ``root``."""
    (root / "chapters").mkdir(parents=True, exist_ok=True)
    for name, text in chapters.items():
        (root / "chapters" / f"{name}.md").write_text(text, encoding="utf-8")
    entries = "\n".join(f"  - file: chapters/{name}" for name in chapters)
    (root / "_toc.yml").write_text(f"format: jb-book\nroot: index\nchapters:\n{entries}\n", encoding="utf-8")
    (root / "index.md").write_text("# Tiny book\n\n```{bibliography}\n```\n", encoding="utf-8")
    (root / "refs.bib").write_text(
        "@misc{known2020, title = {Known}, author = {Known, A.}, year = {2020}}\n", encoding="utf-8"
    )
    (root / "_config.yml").write_text(
        textwrap.dedent(f"""\
        title: Tiny
        only_build_toc_files: true
        exclude_patterns: ["_build"]
        execute:
          execute_notebooks: cache
          cache: "_build/.jupyter_cache"
          timeout: 120
        bibtex_bibfiles: [refs.bib]
        sphinx:
          local_extensions:
            data_cache: {ROOT / "_ext"}
            stable_output: {ROOT / "_ext"}
          extra_extensions: [sphinx_exercise]  # writes exercise.css only when the build finishes
          config:
            nb_execution_raise_on_error: true
            bibtex_reference_style: author_year
        """),
        encoding="utf-8",
    )
    return root


def build(root: Path, jobs: str | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ}
    if jobs is not None:
        environment["AILAYOFFS_EXECUTE_JOBS"] = jobs
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", *JB_FLAGS, "."],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _log(result: subprocess.CompletedProcess) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


@pytest.fixture(scope="module")
def built_book(tmp_path_factory) -> Path:
    root = make_book(tmp_path_factory.mktemp("tiny") / "book", {"alpha": _good("alpha"), "beta": _good("beta")})
    result = build(root)
    assert result.returncode == 0, _log(result)[-3000:]
    (root / "first.log").write_text(_log(result), encoding="utf-8")
    shutil.copytree(root / "_build" / "html", root.parent / "clean-html")
    return root


def test_stale_chapters_run_in_parallel_and_myst_nb_finds_them_cached(built_book):
    log = (built_book / "first.log").read_text(encoding="utf-8")
    assert "data_cache: executing 2 notebook(s) with 2 worker(s)" in log or os.cpu_count() == 1
    assert "Executing notebook" not in log, "myst-nb executed a notebook the pre-execution should have cached"
    assert log.count("Using cached notebook") == 2
    page = (built_book / "_build" / "html" / "chapters" / "alpha.html").read_text(encoding="utf-8")
    assert re.search(r"The value is <span[^>]*>7</span>", page)


def test_a_rebuild_executes_nothing_and_gives_the_clean_build_s_pages(built_book):
    (built_book / "chapters" / "beta.md").touch()  # re-read and re-written, but its key is unchanged
    log = _log(build(built_book))
    assert "data_cache: executing" not in log and "Executing notebook" not in log
    assert "Using cached notebook" in log
    # the rewritten page links exercise.css with the same ?v= checksum as the clean build's page
    assert compare_trees(built_book.parent / "clean-html", built_book / "_build" / "html") == []
    assert re.search(
        r'_static/exercise\.css\?v=[0-9a-f]{8}"',
        (built_book / "_build" / "html" / "chapters" / "beta.html").read_text(encoding="utf-8"),
    )


def test_two_clean_builds_in_different_folders_are_byte_identical(built_book, tmp_path):
    other = tmp_path / "a" / "longer" / "path" / "book"
    shutil.copytree(built_book, other, ignore=shutil.ignore_patterns("_build", "*.log"))
    result = build(other)
    assert result.returncode == 0, _log(result)[-3000:]
    assert compare_trees(built_book.parent / "clean-html", other / "_build" / "html") == []


def test_every_failing_chapter_is_named_and_the_build_fails(tmp_path):
    root = make_book(tmp_path / "book", {"good": _good("good"), "bad1": _failing("bad1"), "bad2": _failing("bad2")})
    result = build(root)
    log = _log(result)
    assert result.returncode != 0
    assert "2 chapter(s) failed to execute: chapters/bad1, chapters/bad2" in log
    assert "bad1 is broken" in log and "bad2 is broken" in log
    assert (root / "_build" / "html" / "reports" / "chapters" / "bad1.err.log").exists()


def test_a_glue_key_no_cell_publishes_and_an_unknown_citation_fail_the_build(tmp_path):
    alpha = _good("alpha").replace("as {cite}", "and {glue:text}`nobody_publishes_this` as {cite}")
    beta = _good("beta").replace("{cite}`known2020`", "{cite}`nobody2099`")
    result = build(make_book(tmp_path / "book", {"alpha": alpha, "beta": beta}))
    log = _log(result)
    assert result.returncode != 0
    # --keep-going: both holes are reported, each with its page
    assert re.search(r"alpha\.md:\d+: WARNING: .*nobody_publishes_this", log), log[-3000:]
    assert re.search(r"beta\.md:\d+: WARNING: .*nobody2099", log), log[-3000:]


# --------------------------------------------------------------------------
# A damaged cache is reported, rebuilt, and the build goes on
# --------------------------------------------------------------------------


def _copy_built(built_book: Path, target: Path) -> Path:
    shutil.copytree(built_book, target, ignore=shutil.ignore_patterns("html"))
    return target


def test_a_corrupted_cache_database_is_reported_and_rebuilt(built_book, tmp_path):
    root = _copy_built(built_book, tmp_path / "book")
    database = root / "_build" / ".jupyter_cache" / "global.db"
    database.write_bytes(b"this is not an SQLite database" * 100)
    for chapter in (root / "chapters").glob("*.md"):
        chapter.touch()  # read again, as `make test`'s full build reads every page
    result = build(root)
    log = _log(result)
    assert result.returncode == 0, log[-3000:]
    assert "the execution cache is damaged" in log and "global.db" in log
    assert "data_cache: executing 2 notebook(s)" in log
    with sqlite3.connect(database) as connection:  # a working database again
        assert connection.execute("select count(*) from nbcache").fetchone()[0] == 2


def test_a_truncated_cached_notebook_is_reported_and_that_chapter_re_executed(built_book, tmp_path):
    root = _copy_built(built_book, tmp_path / "book")
    cached = sorted((root / "_build" / ".jupyter_cache" / "executed").glob("*/base.ipynb"))
    assert len(cached) == 2
    cached[0].write_text(cached[0].read_text(encoding="utf-8")[:200], encoding="utf-8")
    (root / "chapters" / "alpha.md").touch()
    (root / "chapters" / "beta.md").touch()
    result = build(root)
    log = _log(result)
    assert result.returncode == 0, log[-3000:]
    assert "is damaged" in log and str(cached[0].parent.name) in log
    assert "data_cache: executing 1 notebook(s)" in log


def test_stable_output_gives_every_asset_link_its_file_s_checksum(tmp_path):
    sys.path.insert(0, str(ROOT / "_ext"))
    from stable_output import stabilise_page

    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "late.css").write_bytes(b"p { color: red }\r\n")
    (tmp_path / "chapters").mkdir()
    page = tmp_path / "chapters" / "x.html"
    page.write_text(
        '<link href="../_static/late.css"><link href="../_static/late.css?v=00000000">'
        '<script src="../_static/theme.js?digest=abc"></script>'
        '<script src="../_static/gone.js?v=12345678">',
        encoding="utf-8",
    )
    assert stabilise_page(page, tmp_path.resolve(), {})
    crc = format(zlib.crc32(b"p { color: red }\n"), "08x")  # as Sphinx: carriage returns removed
    assert page.read_text(encoding="utf-8") == (
        f'<link href="../_static/late.css?v={crc}"><link href="../_static/late.css?v={crc}">'
        '<script src="../_static/theme.js?digest=abc"></script><script src="../_static/gone.js">'
    )
    assert not stabilise_page(page, tmp_path.resolve(), {}), "a page already right is rewritten"
