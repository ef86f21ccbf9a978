"""Two clean builds must give byte-identical sites: ``make reproducible``.

Copies the working tree twice into scratch folders at different paths (so an
absolute path leaking into a page is caught), builds each from nothing
(``jupyter-book build --all -n -W --keep-going``, empty ``_build``), and
compares the two ``_build/html`` trees file by file. Then touches every chapter
of the first copy, rebuilds it incrementally and compares again: an incremental
build that re-reads and re-writes every chapter (from the execution cache) must
not differ from a clean one (e.g. ``?v=`` checksums on asset links).

Exit status 0 when all trees are identical, 1 otherwise (the differing files
are listed with the first differing line).
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
IGNORE = shutil.ignore_patterns(
    ".venv", "_build", "node_modules", ".git", ".pytest_cache", "__pycache__", "*.egg-info", ".bench", ".ruff_cache"
)
FLAGS = ["-n", "-W", "--keep-going"]
# Known nondeterminism, masked for a second opinion: pandas Styler's random table ids (without set_uuid).
STYLER_ID = re.compile(rb"T_[0-9a-f]{5}(?=[\"_ ])")


def copy_tree(target: Path) -> Path:
    """A scratch copy of the working tree at ``target`` (no build, venv or git)."""
    shutil.copytree(ROOT, target, ignore=IGNORE)
    return target


def run_build(tree: Path, full: bool = False, env: dict | None = None) -> tuple[float, str]:
    """Build the book in ``tree``; return wall seconds and the log. Exit on failure."""
    command = [str(JUPYTER_BOOK), "build", *FLAGS, "."] + (["--all"] if full else [])
    environment = {**os.environ, "PYTHONPATH": str(tree), **(env or {})}  # the copy's package and data
    start = time.perf_counter()
    result = subprocess.run(command, cwd=tree, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    log = result.stdout + result.stderr
    if result.returncode != 0:
        sys.exit(f"build failed in {tree} (exit {result.returncode}):\n{log[-4000:]}")
    return seconds, log


def clean_build(tree: Path, env: dict | None = None) -> tuple[float, str]:
    """Remove ``_build`` (pages, doctrees, execution cache) and build everything."""
    shutil.rmtree(tree / "_build", ignore_errors=True)
    return run_build(tree, full=True, env=env)


def tree_files(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in sorted(root.rglob("*")) if p.is_file()}


def compare_trees(left: Path, right: Path, limit: int = 12, mask: re.Pattern | None = None) -> list[str]:
    """Differences between two built sites, one line each (empty when identical).

    With ``mask``, bytes matching it are replaced by ``MASKED`` in both files first.
    """
    a, b = tree_files(left), tree_files(right)
    problems = [f"only in the first build: {name}" for name in sorted(a.keys() - b.keys())]
    problems += [f"only in the second build: {name}" for name in sorted(b.keys() - a.keys())]
    for name in sorted(a.keys() & b.keys()):
        first, second = a[name].read_bytes(), b[name].read_bytes()
        if mask is not None:
            first, second = mask.sub(b"MASKED", first), mask.sub(b"MASKED", second)
        if first == second:
            continue
        detail = ""
        try:
            lines = difflib.unified_diff(first.decode().splitlines(), second.decode().splitlines(), n=0, lineterm="")
            changed = [line for line in lines if line[:1] in "+-" and line[:3] not in ("+++", "---")]
            detail = "; ".join(line[:160] for line in changed[:2])
        except UnicodeDecodeError:
            detail = f"binary, {len(first)} vs {len(second)} bytes"
        problems.append(f"differs: {name}: {detail}")
    if len(problems) > limit:
        problems = problems[:limit] + [f"... and {len(problems) - limit} more"]
    return problems


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ailayoffs-repro-") as scratch:
        first = copy_tree(Path(scratch) / "one" / "book")
        second = copy_tree(Path(scratch) / "two" / "a-longer-path" / "book")
        seconds_one, _ = clean_build(first)
        seconds_two, _ = clean_build(second)
        print(f"clean build 1: {seconds_one:.1f} s in {first}")
        print(f"clean build 2: {seconds_two:.1f} s in {second}")
        count = len(tree_files(first / "_build" / "html"))
        failures = 0
        clean = compare_trees(first / "_build" / "html", second / "_build" / "html")
        print(f"two clean builds: {'identical' if not clean else 'DIFFERENT'} ({count} files)")
        for line in clean:
            print(f"  {line}")
        if clean:
            masked = compare_trees(first / "_build" / "html", second / "_build" / "html", mask=STYLER_ID)
            print(
                "  with pandas Styler table ids masked: "
                + ("identical (the Styler ids are the only difference)" if not masked else "still different:")
            )
            for line in masked:
                print(f"    {line}")
        failures += bool(clean)

        reference = Path(scratch) / "clean-html"
        shutil.copytree(first / "_build" / "html", reference)
        for chapter in (first / "chapters").glob("*.md"):
            chapter.touch()  # every page read again and written again, outputs from the cache
        seconds, _ = run_build(first)
        incremental = compare_trees(reference, first / "_build" / "html")
        print(
            f"incremental rebuild ({seconds:.1f} s, every chapter touched) against the clean build: "
            f"{'identical' if not incremental else 'DIFFERENT'}"
        )
        for line in incremental:
            print(f"  {line}")
        failures += bool(incremental)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
