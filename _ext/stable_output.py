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

The search index, too: Sphinx 7 collects the index entries (the glossary's
terms) while it writes the pages, after it has saved the environment, and does
not read them back from the previous ``searchindex.js``; so an incremental
build that does not rewrite the glossary drops its terms from the search, and
the index differs from a clean build's. The index builder here reads them back
(and forgets those of removed pages), and writes them in page order.
"""

from __future__ import annotations

import io
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


def index_entries_from(frozen: dict) -> dict[str, list[tuple[str, str, str]]]:
    """The index entries of a frozen search index, per page, as Sphinx's IndexBuilder keeps them."""
    names = frozen["docnames"]
    entries: dict[str, list[tuple[str, str, str]]] = {}
    for entry, places in (frozen.get("indexentries") or {}).items():
        for index, entry_id, main in places:
            entries.setdefault(names[index], []).append((entry, entry_id, "main" if main else ""))
    return {docname: sorted(found) for docname, found in sorted(entries.items())}


def _patch_search_index() -> None:
    from sphinx.search import IndexBuilder

    if getattr(IndexBuilder, "_ailayoffs_stable", False):
        return
    load, prune, freeze = IndexBuilder.load, IndexBuilder.prune, IndexBuilder.freeze

    def load_with_entries(self, stream, format) -> None:
        text = stream.read()
        load(self, io.StringIO(text), format)  # raises ValueError on an old index, as before
        frozen = (self.formats[format] if isinstance(format, str) else format).loads(text)
        self._index_entries.clear()
        self._index_entries.update(index_entries_from(frozen))

    def prune_entries(self, docnames) -> None:
        prune(self, docnames)
        keep = set(docnames)
        for docname in [d for d in self._index_entries if d not in keep]:
            del self._index_entries[docname]

    def freeze_in_page_order(self):
        # Read-back entries are lower case (as the frozen index keeps them): order by that in every build.
        ordered = [
            (docname, sorted(found, key=lambda e: (e[0].lower(), e[1], e[2])))
            for docname, found in sorted(self._index_entries.items())
        ]
        self._index_entries.clear()
        self._index_entries.update(ordered)
        return freeze(self)

    IndexBuilder.load = load_with_entries
    IndexBuilder.prune = prune_entries
    IndexBuilder.freeze = freeze_in_page_order
    IndexBuilder._ailayoffs_stable = True


def setup(app: Sphinx) -> dict:
    _patch_search_index()
    app.connect("build-finished", _stabilise, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
