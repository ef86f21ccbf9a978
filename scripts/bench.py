"""Benchmark the book build: ``make bench``. Prints figures; asserts nothing.

Runs on a scratch copy of the working tree (so edits never touch your files):

1. cold build: empty ``_build``, every chapter executed;
2. the notebooks' own execution seconds (as myst-nb reports them);
3. warm rebuild with nothing changed;
4. warm rebuild after touching one chapter's code;
5. warm rebuild after changing one dataset (value edited, version recorded),
   once for a dataset a chapter reads and once for one no chapter reads;
6. the size of the largest built page.

For each rebuild it counts the notebooks executed; the target is exactly the
chapters that read what changed.
"""

from __future__ import annotations

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
IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", ".pytest_cache", "__pycache__", "*.egg-info", ".bench")


def build(tree: Path, full: bool = False) -> tuple[float, list[str], float]:
    """Build the book in ``tree``; return seconds, executed documents, execution seconds."""
    command = [str(JUPYTER_BOOK), "build", "--keep-going", "."] + (["--all"] if full else [])
    env = {**os.environ, "PYTHONPATH": str(tree)}  # the copy's package and data, not the original's
    start = time.perf_counter()
    result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed in {tree}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    log = result.stdout + result.stderr
    executed = [str(Path(p).relative_to(tree)) for p in re.findall(r"(\S+\.md): Executing notebook", log)]
    exec_seconds = sum(float(s) for s in re.findall(r"Executed notebook in ([\d.]+) seconds", log))
    return seconds, executed, exec_seconds


def record_dataset_change(tree: Path, name: str) -> None:
    """Add one unit to the last numeric cell of a dataset and record the version."""
    import csv
    import json

    package = json.loads((tree / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == name)
    numeric = [f["name"] for f in resource["schema"]["fields"] if f["type"] in ("integer", "number")]
    path = tree / "data" / resource["path"]
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index(numeric[-1])
    row = next(r for r in reversed(rows[1:]) if r[column].strip())
    value = float(row[column])
    row[column] = str(int(value) + 1) if value == int(value) else str(value + 1)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    subprocess.run([sys.executable, "-m", "ailayoffs", "bump", name, "--level", "patch", "--note", "benchmark edit"],
                   cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, check=True, capture_output=True)


def datasets_read(tree: Path) -> dict[str, list[str]]:
    """Dataset name -> chapters whose text loads it."""
    sys.path.insert(0, str(tree))
    from ailayoffs.provenance import chapter_datasets

    readers: dict[str, list[str]] = {}
    for chapter in sorted((tree / "chapters").glob("*.md")):
        for name in chapter_datasets(chapter.read_text(encoding="utf-8")):
            readers.setdefault(name, []).append(str(chapter.relative_to(tree)))
    return readers


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ailayoffs-bench-") as scratch:
        tree = Path(scratch) / "book"
        shutil.copytree(ROOT, tree, ignore=IGNORE)
        chapters = sorted(str(p.relative_to(tree)) for p in (tree / "chapters").glob("*.md"))
        rows = []

        cold, executed, exec_seconds = build(tree, full=True)
        rows.append(("cold build (empty _build)", cold, executed))

        warm, executed, _ = build(tree)
        rows.append(("warm rebuild, nothing changed", warm, executed))

        chapter = tree / "chapters" / "immediate-dimensions.md"
        text = chapter.read_text(encoding="utf-8")
        chapter.write_text(text.replace("charts.enable()\n", "charts.enable()\n# benchmark edit\n", 1), encoding="utf-8")
        touched, executed, _ = build(tree)
        rows.append(("warm rebuild, one chapter's code touched", touched, executed))

        readers = datasets_read(tree)
        # A series whose last value can move by one without breaking a rule; exactly its readers should re-execute.
        changed_name = "amazon_headcount_quarterly" if "amazon_headcount_quarterly" in readers else sorted(readers)[0]
        record_dataset_change(tree, changed_name)
        changed, executed, _ = build(tree)
        rows.append((f"warm rebuild, {changed_name} changed (read by {', '.join(readers[changed_name])})",
                     changed, executed))

        import json
        names = [r["name"] for r in json.loads((tree / "data" / "datapackage.json").read_text())["resources"]]
        unread_names = [n for n in names if n not in readers]
        if unread_names:
            record_dataset_change(tree, unread_names[0])
            unread, executed, _ = build(tree)
            rows.append((f"warm rebuild, {unread_names[0]} changed (read by no chapter)", unread, executed))

        pages = [p for p in (tree / "_build" / "html").rglob("*.html") if "_static" not in p.parts]
        largest = max(pages, key=lambda p: p.stat().st_size)
        bundle = tree / "_build" / "html" / "_static" / "vendor" / "vega-bundle.js"

        print(f"Benchmark of the book build ({len(chapters)} chapter notebook(s): {', '.join(chapters)})")
        width = max(len(label) for label, *_ in rows) + 2
        print(f"{'case':<{width}}{'seconds':>9}  notebooks executed")
        for label, seconds, executed in rows:
            names = ", ".join(sorted(set(executed))) or "none"
            print(f"{label:<{width}}{seconds:>9.1f}  {len(executed)} ({names})")
        print(f"{'sum of the notebooks own execution time (cold)':<{width}}{exec_seconds:>9.1f}")
        print(f"largest built page: {largest.relative_to(tree / '_build' / 'html')} "
              f"{largest.stat().st_size / 1024:.0f} KB; vendored Vega bundle {bundle.stat().st_size / 1024:.0f} KB "
              "(loaded once, cached by the browser)")


if __name__ == "__main__":
    main()


def page_weights(site: Path | None = None) -> list[tuple[str, int, float, int]]:
    """Each built page's total bytes (HTML plus everything it loads) and its time to all charts drawn.

    Opens every page of ``_build/html`` (``make book`` first) in headless
    Chromium with the network cut; prints one row per page, heaviest first.
    Returns (page, bytes, milliseconds, charts) rows.
    """
    sys.path.insert(0, str(ROOT))
    from tests.browser import browser_available, chromium, page_weight, serve

    site = site or ROOT / "_build" / "html"
    if not (site / "index.html").exists() or not browser_available():
        print("page weight: skipped (needs a built site in _build/html and Debian chromium + chromium-driver)")
        return []
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                   if "_static" not in p.parts and p.name not in ("genindex.html", "search.html"))
    rows = []
    with serve(site) as url, chromium(width=1280, height=900) as driver:
        for page in pages:
            weight = page_weight(driver, url, page)
            rows.append((page, weight["bytes"], weight["ms"], weight["charts"]))
    rows.sort(key=lambda row: -row[1])
    print("\nPage weight (cold cache, uncompressed) and time to all charts drawn, Chromium at 1280 px")
    width = max(len(page) for page, *_ in rows) + 2
    print(f"{'page':<{width}}{'KB':>8}{'charts':>8}{'ms to drawn':>13}")
    for page, size, ms, count in rows:
        print(f"{page:<{width}}{size / 1024:>8.0f}{count:>8}{ms:>13.0f}")
    return rows


if __name__ == "__main__":
    page_weights()
