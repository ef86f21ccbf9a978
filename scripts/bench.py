"""Benchmark the book build: ``make bench``. Prints figures; asserts nothing.

Runs on a scratch copy of the working tree (so edits never touch your files),
with the flags of ``make book`` (``-n -W --keep-going``):

1. cold build with serial execution (``AILAYOFFS_EXECUTE_JOBS=0``: myst-nb
   executes the notebooks one after another): the build's wall time and the
   sum of the notebooks' own execution times (as myst-nb reports them);
2. cold build with parallel execution (the default, ``_ext/data_cache.py``):
   the build's wall time and the execution phase's wall time, each against
   the serial sum (the target is at most 0.8);
3. the two cold builds' sites compared byte for byte (reproducible output);
4. warm rebuild with nothing changed (and its site against the clean one),
   and a full rebuild with every notebook cached (Sphinx alone: the part of a
   cold build that is not execution);
5. warm rebuild after touching one chapter's code;
6. warm rebuild after editing one chart module: exactly the chapters that
   import it (directly or through other modules) should re-execute;
7. warm rebuild after changing one dataset (value edited, version recorded),
   once for a dataset chapters read and once for one no chapter reads;
8. the size of the largest built page.

For each rebuild it lists the notebooks executed and the ones expected.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reproducible import STYLER_ID, clean_build, compare_trees, copy_tree, run_build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def executed_chapters(log: str, tree: Path) -> list[str]:
    """Notebook pages (chapters, methods, teaching) executed in a build, from myst-nb's and data_cache's log lines."""
    serial = re.findall(r"(\S+\.md): Executing notebook", log)
    parallel = [f"{d}.md" for d in re.findall(r"data_cache: executed (\S+) in [\d.]+ seconds", log)]
    names = {Path(p).relative_to(tree).as_posix() if Path(p).is_absolute() else p for p in serial + parallel}
    return sorted(names)


def notebook_pages(tree: Path) -> list[Path]:
    """Every page of the book that is a notebook (executed at build time), not only the chapters."""
    skip = {"_build", "node_modules", "data"}
    pages = [
        p
        for p in sorted(tree.rglob("*.md"))
        if not any(part in skip or part.startswith(".") for part in p.relative_to(tree).parts)
    ]
    texts = {p: p.read_text(encoding="utf-8") for p in pages}
    return [p for p in pages if "file_format: mystnb" in texts[p] or "format_name: myst" in texts[p]]


def notebook_seconds(log: str) -> float:
    """Sum of the notebooks' own execution times in a build's log."""
    myst = re.findall(r"Executed notebook in ([\d.]+) seconds", log)
    ours = re.findall(r"data_cache: executed \S+ in ([\d.]+) seconds", log)
    return sum(float(s) for s in myst + ours)


def execution_wall(log: str) -> float | None:
    match = re.search(r"data_cache: executed \d+ notebook\(s\) in ([\d.]+) s wall time", log)
    return float(match.group(1)) if match else None


def record_dataset_change(tree: Path, name: str) -> None:
    """Add one unit to the last numeric cell of a dataset and record the version."""
    sys.path.insert(0, str(tree))
    from ailayoffs import data

    directory = tree / "data"
    resource = data.resource_descriptor(name, directory)
    numeric = [f["name"] for f in resource["schema"]["fields"] if f["type"] in ("integer", "number")]
    path = directory / resource["path"]
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index(numeric[-1])
    row = next(r for r in reversed(rows[1:]) if r[column].strip())
    value = float(row[column])
    row[column] = str(int(value) + 1) if value == int(value) else str(value + 1)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    subprocess.run(
        [sys.executable, "-m", "ailayoffs", "bump", name, "--level", "patch", "--note", "benchmark edit"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree), "AILAYOFFS_DATA_DIR": str(directory)},
        check=True,
        capture_output=True,
    )


def readers(tree: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Dataset name -> notebook pages that load it; package module -> notebook pages that import it."""
    sys.path.insert(0, str(tree))
    from ailayoffs.provenance import chapter_datasets, chapter_modules

    datasets: dict[str, list[str]] = {}
    modules: dict[str, list[str]] = {}
    for chapter in notebook_pages(tree):
        text, name = chapter.read_text(encoding="utf-8"), str(chapter.relative_to(tree))
        for dataset in chapter_datasets(text):
            datasets.setdefault(dataset, []).append(name)
        for module in chapter_modules(text):
            modules.setdefault(module, []).append(name)
    return datasets, modules


def chart_module(modules: dict[str, list[str]]) -> str:
    """A chart module of one topic: imported by the fewest chapters (at least one)."""
    charts = [m for m in modules if ".figures." in m or m.endswith("_charts")]
    candidates = charts or [m for m in modules if m.count(".") >= 1]
    return min(candidates, key=lambda m: (len(modules[m]), m))


class Rows(list):
    """The benchmark's rows, each printed as soon as it is measured (a long run shows its progress)."""

    def append(self, row: tuple[str, float, list[str], list[str] | None]) -> None:
        super().append(row)
        label, seconds, executed, expected = row
        print(f"  measured: {label}: {seconds:.1f} s, {len(executed)} notebook(s) executed", flush=True)


def main() -> None:
    rows: list[tuple[str, float, list[str], list[str] | None]] = Rows()
    with tempfile.TemporaryDirectory(prefix="ailayoffs-bench-") as scratch:
        tree = copy_tree(Path(scratch) / "book")
        chapters = sorted(str(p.relative_to(tree)) for p in notebook_pages(tree))

        def ran(log: str) -> list[str]:
            return executed_chapters(log, tree)

        serial, log = clean_build(tree, env={"AILAYOFFS_EXECUTE_JOBS": "0"})
        serial_sum = notebook_seconds(log)
        rows.append(("cold build, serial execution (myst-nb)", serial, ran(log), chapters))
        serial_html = Path(scratch) / "serial-html"
        shutil.copytree(tree / "_build" / "html", serial_html)

        cold, log = clean_build(tree)
        wall, parallel_sum = execution_wall(log), notebook_seconds(log)
        jobs = re.search(r"with (\d+) worker\(s\)", log)
        rows.append(
            (
                f"cold build, parallel execution ({jobs.group(1) if jobs else '?'} workers)",
                cold,
                ran(log),
                chapters,
            )
        )
        clean_html = Path(scratch) / "clean-html"
        shutil.copytree(tree / "_build" / "html", clean_html)
        same_clean = compare_trees(serial_html, clean_html)
        same_masked = compare_trees(serial_html, clean_html, mask=STYLER_ID)

        print(
            f"  cold parallel build {cold:.1f} s, execution phase {wall or 0:.1f} s wall; serial notebook sum "
            f"{serial_sum:.1f} s: ratio {cold / serial_sum:.2f} (execution phase {(wall or 0) / serial_sum:.2f})",
            flush=True,
        )

        warm, log = run_build(tree)
        rows.append(("warm rebuild, nothing changed", warm, ran(log), []))
        same_incremental = compare_trees(clean_html, tree / "_build" / "html")

        # Sphinx alone: every page read and written again, every notebook from the cache. This is the
        # part of a cold build that is not execution (the environment set-up, reading, writing, assets).
        sphinx_only, log = run_build(tree, full=True)
        label = "full rebuild (--all), every notebook cached: Sphinx only"
        rows.append((label, sphinx_only, ran(log), []))

        chapter = tree / "chapters" / "immediate-dimensions.md"
        text = chapter.read_text(encoding="utf-8")
        edited = text.replace("charts.enable()\n", "charts.enable()\n# benchmark edit\n", 1)
        chapter.write_text(edited, encoding="utf-8")
        seconds, log = run_build(tree)
        rows.append(
            (
                "warm rebuild, one chapter's code touched",
                seconds,
                ran(log),
                # the guide's reading times and exercise table read every page (teaching.page_inputs)
                ["chapters/immediate-dimensions.md", "teaching/guide.md"],
            )
        )

        datasets, modules = readers(tree)
        module = chart_module(modules)
        from ailayoffs.provenance import module_file  # the copy's package (readers() put it first on the path)

        path = module_file(module)
        assert path.is_relative_to(tree), f"{path} is not in the scratch copy"
        path.write_text(path.read_text(encoding="utf-8") + "\n# benchmark edit\n", encoding="utf-8")
        seconds, log = run_build(tree)
        rows.append((f"warm rebuild, chart module {module} edited", seconds, ran(log), modules[module]))

        # A series whose last value can move by one without breaking a rule; exactly its readers should re-execute.
        changed = "amazon_headcount_quarterly" if "amazon_headcount_quarterly" in datasets else sorted(datasets)[0]
        record_dataset_change(tree, changed)
        seconds, log = run_build(tree)
        rows.append((f"warm rebuild, dataset {changed} changed", seconds, ran(log), datasets[changed]))

        from ailayoffs import data  # the copy's package (readers() put it first on the path)

        names = data.resource_names(tree / "data")
        unread = [n for n in names if n not in datasets]
        if unread:
            record_dataset_change(tree, unread[0])
            seconds, log = run_build(tree)
            rows.append(
                (f"warm rebuild, dataset {unread[0]} changed (read by no chapter)", seconds, ran(log), [])
            )

        pages = [p for p in (tree / "_build" / "html").rglob("*.html") if "_static" not in p.parts]
        largest = max(pages, key=lambda p: p.stat().st_size)
        bundle = tree / "_build" / "html" / "_static" / "vendor" / "vega-bundle.js"
        # Read now: the scratch copy is removed when the block ends.
        sizes = (
            f"largest built page: {largest.name} {largest.stat().st_size / 1024:.0f} KB; vendored Vega bundle "
            f"{bundle.stat().st_size / 1024:.0f} KB (loaded once, cached by the browser)"
        )

    print(f"Benchmark of the book build ({len(chapters)} notebook pages; {os.cpu_count()} CPUs)")
    width = max(len(label) for label, *_ in rows) + 2
    print(f"{'case':<{width}}{'seconds':>9}  notebooks executed (expected)")
    for label, seconds, executed, expected in rows:
        short = ", ".join(Path(e).stem for e in executed) or "none"
        verdict = (
            ""
            if expected is None
            else (
                " ok"
                if sorted(executed) == sorted(expected)
                else f" MISMATCH, expected {', '.join(Path(e).stem for e in expected)}"
            )
        )
        print(f"{label:<{width}}{seconds:>9.1f}  {len(executed)} ({short}){verdict}")
    print(f"sum of the notebooks' serial execution times: {serial_sum:.1f} s")
    if wall is not None:
        print(
            f"parallel execution phase: {wall:.1f} s wall (notebook times in parallel sum to {parallel_sum:.1f} s); "
            f"ratio to the serial sum {wall / serial_sum:.2f}"
        )
    print(
        f"cold parallel build, whole build: {cold:.1f} s; ratio to the serial sum {cold / serial_sum:.2f} "
        f"(target <= 0.80); serial cold build {serial:.1f} s, speed-up {serial / cold:.2f}x"
    )
    if wall is not None:
        print(
            f"not execution: {cold - wall:.1f} s of the cold parallel build (a full Sphinx-only rebuild takes "
            f"{sphinx_only:.1f} s; reading overlaps execution, so the difference is what is left after it)"
        )
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.1f} (1 min), {load[2]:.1f} (15 min) on {os.cpu_count()} CPUs")
    print(f"serial and parallel clean builds: {'byte-identical _build/html' if not same_clean else 'DIFFERENT'}")
    for line in same_clean:
        print(f"  {line}")
    if same_clean:
        print("  with pandas Styler table ids masked: " + ("identical" if not same_masked else "still different"))
        for line in same_masked:
            print(f"    {line}")
    print(
        f"incremental no-change rebuild against the clean build: "
        f"{'byte-identical' if not same_incremental else 'DIFFERENT'}"
    )
    for line in same_incremental:
        print(f"  {line}")
    print(sizes)


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
    pages = sorted(
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if "_static" not in p.parts and p.name not in ("genindex.html", "search.html")
    )
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
    main()
    page_weights()
