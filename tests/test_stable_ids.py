"""Output that two builds of the same sources reproduce: no random ids in the built pages.

pandas' Styler names each table ``T_<5 random hex digits>`` unless it is given an
id; every table the book shows goes through ``ailayoffs.tables`` (``tables.enable()``
or ``tables.table``), which derives the id from the table's data. A page with a random
id differs from one clean build to the next (``make reproducible`` compares two).
"""

from __future__ import annotations

import re

from tests.conftest import SITE

RANDOM_STYLER_ID = re.compile(r'<table id="T_([0-9a-f]{5})"')


def test_no_page_has_a_random_styler_table_id(site):
    offenders = []
    for page in sorted(p for p in site.rglob("*.html") if "_static" not in p.parts):
        for match in RANDOM_STYLER_ID.finditer(page.read_text(encoding="utf-8")):
            offenders.append(f"{page.relative_to(SITE)}: T_{match.group(1)}")
    assert offenders == [], "tables with pandas' random ids (show them through ailayoffs.tables): " + ", ".join(
        offenders
    )


def test_the_pattern_finds_a_random_id_and_passes_a_stable_one():
    assert RANDOM_STYLER_ID.search('<table id="T_b71be">')
    assert not RANDOM_STYLER_ID.search('<table id="T_t3f9a0c1d2e">')


def test_index_entries_are_read_back_from_a_frozen_search_index():
    """An incremental build keeps the glossary's terms of pages it does not rewrite (Sphinx 7 drops them)."""
    import sys

    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "_ext"))
    from stable_output import index_entries_from

    frozen = {
        "docnames": ["chapters/a", "glossary"],
        "indexentries": {
            "abfindung": [[1, "term-Abfindung", True]],
            "layoff": [[0, "x", False], [1, "term-Layoff", True]],
        },
    }
    assert index_entries_from(frozen) == {
        "chapters/a": [("layoff", "x", "")],
        "glossary": [("abfindung", "term-Abfindung", "main"), ("layoff", "term-Layoff", "main")],
    }
