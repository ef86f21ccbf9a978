"""Same sources, same site: asset links carry the same ``?v=`` checksums in every build.

Sphinx appends ``?v=<crc32>`` to a page's link to a local script or stylesheet
when the file is already in the output folder as the page is written. Some
extensions write their asset only when the build finishes (sphinx-exercise's
``exercise.css``, the offline Vega bundle), so a clean build links them bare
and the next incremental build, which finds them, adds the checksum: two
builds of the same sources differ. When the build finishes (after every other
extension, ``priority=900``) this extension rewrites each page's links to
``_static`` files so that every one carries the checksum of the file as built,
computed as Sphinx computes it (CRC-32 of the bytes without carriage
returns). A page whose links are already right is not touched.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
ASSET_LINK = re.compile(
    r'(?P<attr>\b(?:src|href)=")(?P<path>(?:\.\./)*_static/[^"?#]+\.(?:js|css))'
    r'(?:\?v=[0-9a-f]{8})?"'
)


def _checksum(path: Path) -> str:
    content = path.read_bytes().translate(None, b"\r")
    return f"{zlib.crc32(content):08x}" if content else ""


def stabilise_page(page: Path, outdir: Path, checksums: dict[Path, str]) -> bool:
    """Give every local asset link in ``page`` its file's checksum; return whether the page changed."""
    text = page.read_text(encoding="utf-8")

    def link(match: re.Match) -> str:
        target = (page.parent / match.group("path")).resolve()
        if target not in checksums:
            checksums[target] = _checksum(target) if target.is_file() and target.is_relative_to(outdir) else ""
        suffix = f"?v={checksums[target]}" if checksums[target] else ""
        return f'{match.group("attr")}{match.group("path")}{suffix}"'

    fixed = ASSET_LINK.sub(link, text)
    if fixed != text:
        page.write_text(fixed, encoding="utf-8")
    return fixed != text


def _stabilise(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir).resolve()
    checksums: dict[Path, str] = {}
    changed = sum(stabilise_page(page, outdir, checksums) for page in sorted(outdir.rglob("*.html")))
    if changed:
        LOGGER.info(f"stable_output: asset checksums set in {changed} page(s)")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _stabilise, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
