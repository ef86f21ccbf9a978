"""The German–English glossary: every {term} a page links has an entry, and the entries build."""

from __future__ import annotations

import re
import unicodedata

import pytest
import yaml

from tests.conftest import ROOT

TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")


def toc_pages() -> list:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]] + [entry["file"] for part in toc["parts"] for entry in part["chapters"]]
    return [ROOT / f"{doc}.md" for doc in docs if (ROOT / f"{doc}.md").exists()]


def glossary_terms(text: str) -> list[str]:
    """Terms defined in the ``{glossary}`` block: unindented, non-empty lines."""
    block = re.search(r"```\{glossary\}\n(.*?)\n```", text, re.S)
    assert block, "glossary.md has no {glossary} directive"
    return [line.strip() for line in block.group(1).splitlines() if line.strip() and not line.startswith(" ")]


def linked_terms(text: str) -> set[str]:
    """Terms a page links with {term}: the target of ``text <target>`` or the text itself."""
    found = set()
    for role in TERM_ROLE.findall(text):
        target = re.search(r"<([^>]+)>\s*$", role)
        found.add((target.group(1) if target else role).strip())
    return found


GLOSSARY = (ROOT / "glossary.md").read_text(encoding="utf-8")
TERMS = glossary_terms(GLOSSARY)


def test_glossary_terms_are_unique_and_defined():
    assert len(TERMS) == len({t.lower() for t in TERMS}), "a term is defined twice"
    block = re.search(r"```\{glossary\}\n(.*?)\n```", GLOSSARY, re.S).group(1)
    for term in TERMS:
        definition = re.search(rf"^{re.escape(term)}\n  (.+)$", block, re.M)
        assert definition and len(definition.group(1).split()) >= 5, f"{term} has no one-line definition"


def test_glossary_has_the_issues_terms():
    wanted = {
        "Stellenabbau",
        "Konjunkturumfrage",
        "Arbeitsproduktivität",
        "Lohnquote",
        "Tarifbindung",
        "Betriebsrat",
        "Weiterbildung",
        "Kurzarbeit",
        "Umsatz",
        "operatives Ergebnis",
        "Investitionen",
    }
    assert wanted <= set(TERMS)


def test_linked_terms_helper():
    assert linked_terms("a {term}`Umsatz` and {term}`sales <Umsatz>`") == {"Umsatz"}


@pytest.mark.parametrize("page", toc_pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_linked_term_has_an_entry(page):
    # Sphinx matches glossary terms case-insensitively
    defined = {t.lower() for t in TERMS}
    missing = sorted(t for t in linked_terms(page.read_text(encoding="utf-8")) if t.lower() not in defined)
    assert not missing, f"{page.name} links terms the glossary lacks: {missing}"


def test_some_page_links_the_glossary():
    assert any(linked_terms(p.read_text(encoding="utf-8")) for p in toc_pages() if p.name != "glossary.md")


def _anchor(term: str) -> str:
    # Sphinx's term ids: "term-" + the term with accents stripped and spaces as hyphens
    plain = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode()
    return "term-" + re.sub(r"\s+", "-", plain)


def test_built_glossary_has_an_anchor_for_every_term(site):
    html = (site / "glossary.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'<dt id="([^"]+)"', html))
    assert len(ids) == len(TERMS)
    for term in TERMS:
        assert _anchor(term) in ids, term


def test_built_pages_link_their_terms_to_the_glossary(site):
    html = (site / "teaching" / "discussion.html").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./glossary\.html#term-Stellenabbau"', html)


def test_chapters_link_the_issues_terms():
    chapters = sorted((ROOT / "chapters").glob("*.md"))
    linked = set().union(*(linked_terms(p.read_text(encoding="utf-8")) for p in chapters))
    for term in ("Stellenabbau", "Konjunkturumfrage", "Arbeitsproduktivität", "Lohnquote"):
        assert term in linked, f"no chapter links {term}"
    # most chapters link at least one German term; a chapter with none needs a reason in its prose
    without = [p.stem for p in chapters if not linked_terms(p.read_text(encoding="utf-8"))]
    assert len(without) <= len(chapters) // 4, f"chapters without a glossary link: {without}"
