"""Print the print edition's single HTML page to one PDF with Debian's headless Chromium (``make pdf``).

Usage: ``python scripts/print_pdf.py SINGLEHTML_INDEX OUTPUT_PDF``

Chromium writes the time of printing into the PDF's ``/CreationDate`` and
``/ModDate`` and names the tagged structure's elements after its DOM node ids
(``/ID (node00000315)``), which differ from run to run. The dates are set to the
book's release date from ``CITATION.cff`` and the ids are renumbered 1, 2, ... in
their own order (same lengths, so the cross-reference table stays valid, and the
``/IDTree`` stays sorted), so printing the same build twice gives the same bytes.
Nothing is loaded from the network: the page and everything it uses are local
files, and charts are static SVG images.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_S = 600
_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})([^)]*)\)")
_NODE_ID = re.compile(rb"\(node(\d{8})\)")


def browser() -> str:
    """The path of a Chromium executable; SystemExit with the way to install one if there is none."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("make pdf needs Chromium: run `sudo make browser-deps` (Debian's chromium package)")


def release_stamp() -> bytes:
    """The book's release date from CITATION.cff as a PDF date's 14 digits (midnight UTC)."""
    match = re.search(r"^date-released:\s*\"?(\d{4})-(\d{2})-(\d{2})", (ROOT / "CITATION.cff").read_text("utf-8"), re.M)
    if not match:
        raise SystemExit("CITATION.cff has no date-released: cannot date the PDF")
    return ("".join(match.groups()) + "000000").encode()


def fixed_dates(pdf: bytes, stamp: bytes) -> bytes:
    """``pdf`` with its creation and modification dates set to ``stamp`` (same byte length, offsets kept)."""
    return _DATE.sub(lambda m: b"/" + m.group(1) + b" (D:" + stamp + m.group(3) + b")", pdf)


def stable_node_ids(pdf: bytes) -> bytes:
    """``pdf`` with Chromium's structure element ids renumbered by rank (same order, same length)."""
    rank = {old: b"%08d" % number for number, old in enumerate(sorted(set(_NODE_ID.findall(pdf))), start=1)}
    return _NODE_ID.sub(lambda m: b"(node" + rank[m.group(1)] + b")", pdf)


def print_pdf(index: Path, output: Path) -> None:
    """Print ``index`` (an HTML file) to ``output`` with headless Chromium; SystemExit if it fails."""
    if not index.is_file():
        raise SystemExit(f"{index}: no such page; build the print edition first (make pdf does)")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".part.pdf")
    partial.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="ailayoffs-pdf-") as profile:
        command = [
            browser(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-extensions",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=60000",  # lets MathJax typeset before the page is printed
            f"--print-to-pdf={partial}",
            index.resolve().as_uri(),
        ]
        started = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
    if result.returncode != 0 or not partial.is_file() or partial.stat().st_size == 0:
        raise SystemExit(f"Chromium did not print {index} (exit {result.returncode}):\n{result.stderr[-2000:]}")
    output.write_bytes(stable_node_ids(fixed_dates(partial.read_bytes(), release_stamp())))
    partial.unlink()
    size_mb = output.stat().st_size / 1e6
    print(f"print_pdf: {output} ({size_mb:.1f} MB) printed in {time.monotonic() - started:.0f} s")


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit(__doc__.split("\n\n")[1])
    print_pdf(Path(argv[0]), Path(argv[1]))


if __name__ == "__main__":
    main(sys.argv[1:])
