"""The built site: self-contained, glued figures present, charts described."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ailayoffs import data, workforce, series

pytestmark = pytest.mark.site

LOADING_ATTRIBUTES = {
    "script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "source": ["src", "srcset"],
    "video": ["src", "poster"], "audio": ["src"], "embed": ["src"], "object": ["data"], "track": ["src"],
    "link": ["href"], "input": ["src"],
}
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
CDN_HOSTS = re.compile(r"unpkg\.com|jsdelivr|cdnjs|googleapis|gstatic|binder|thebe", re.I)


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__()
        self.loads: list[tuple[str, str]] = []
        self.inline_scripts: list[str] = []
        self.styles: list[str] = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in LOADING_ATTRIBUTES.get(tag, []):
            if attributes.get(name):
                self.loads.append((tag, attributes[name]))
        if "style" in attributes and attributes["style"]:
            self.styles.append(attributes["style"])
        self._in = tag if tag in ("script", "style") else None

    def handle_data(self, text):
        if self._in == "script":
            self.inline_scripts.append(text)
        elif self._in == "style":
            self.styles.append(text)

    def handle_endtag(self, tag):
        self._in = None


def _pages(site: Path) -> list[Path]:
    # _static holds the theme's Jinja macro fragments, not pages.
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def _scan(page: Path) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(page.read_text(encoding="utf-8"))
    return scanner


def _text(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    # Sphinx turns straight quotes into typographic ones; compare on straight quotes.
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def test_no_page_loads_anything_from_outside_the_site(site):
    offenders = []
    for page in _pages(site):
        scanner = _scan(page)
        offenders += [f"{page.relative_to(site)}: <{tag}> {url}" for tag, url in scanner.loads if EXTERNAL.match(url)]
        offenders += [f"{page.relative_to(site)}: inline script mentions {m.group()}"
                      for script in scanner.inline_scripts for m in [CDN_HOSTS.search(script)] if m]
        offenders += [f"{page.relative_to(site)}: style loads {url}" for style in scanner.styles
                      for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", style)]
    assert not offenders, "\n".join(offenders)


def test_stylesheets_load_no_remote_fonts_or_images(site):
    offenders = []
    for sheet in site.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)['\"]?((?:https?:)?//[^)'\"\s]+)", sheet.read_text(encoding="utf-8")):
            offenders.append(f"{sheet.relative_to(site)}: {url}")
    assert not offenders, "\n".join(offenders)


def test_every_local_resource_a_page_loads_exists(site):
    missing = []
    for page in _pages(site):
        for tag, url in _scan(page).loads:
            if EXTERNAL.match(url) or url.startswith(("data:", "#", "mailto:")):
                continue
            target = (page.parent / url.split("?")[0].split("#")[0]).resolve()
            if not target.exists():
                missing.append(f"{page.relative_to(site)}: <{tag}> {url}")
    assert not missing, "\n".join(missing)


def test_chart_pages_load_the_vendored_vega_bundle_and_others_do_not(site):
    bundle = site / "_static" / "vendor" / "vega-bundle.js"
    assert bundle.stat().st_size > 500_000
    assert "window.vegaEmbed" in bundle.read_text(encoding="utf-8")
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        has_chart = 'class="ailayoffs-chart"' in html
        loads_bundle = "vendor/vega-bundle.js" in html
        assert has_chart == loads_bundle, page.relative_to(site)


def test_math_if_any_is_rendered_by_the_local_mathjax(site):
    for page in _pages(site):
        scripts = [url for tag, url in _scan(page).loads if tag == "script" and "mathjax" in url.lower()]
        for url in scripts:
            assert not EXTERNAL.match(url) and (page.parent / url.split("?")[0]).resolve().exists(), url


def test_no_page_shows_an_unresolved_glue_or_a_numpy_repr(site):
    for page in _pages(site):
        text = _text(page)
        for bad in ("np.float64", "np.int64", "{glue", "nan %", "Traceback"):
            assert bad not in text, f"{page.relative_to(site)}: '{bad}'"


def test_charts_have_alt_text_titles_and_captions_naming_their_data(site):
    charts = 0
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        for label in re.findall(r'class="ailayoffs-chart" role="figure" aria-label="([^"]*)"', html):
            charts += 1
            assert len(label) > 40, f"{page.relative_to(site)}: short alt text {label!r}"
        for figure in re.findall(r"<figure\b.*?</figure>", html, flags=re.S):
            if "ailayoffs-chart" not in figure:
                continue
            caption = re.sub(r"<[^>]+>", " ", re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1))
            assert re.search(r"data/[\w/.-]+\.csv", caption), f"caption names no data file: {caption[:120]}"
            assert 'class="reference internal"' in figure.split("<figcaption>")[1], "caption cites no source"
    assert charts >= 2


def test_first_chapter_sentences_carry_the_numbers_computed_from_data(site):
    text = _text(site / "chapters" / "immediate-dimensions.html")
    quarterly = data.load("amazon_headcount_quarterly")
    facts = data.load("amazon_workforce_facts").set_index("fact_id")
    rounds = data.load("amazon_job_cut_rounds")
    roles = int(rounds[(rounds["kind"] == "announced") & (rounds["wave"] == "2025-26")]["roles"].iloc[0])
    corporate = facts.loc["corporate_workforce_2025", "value"]
    latest = int(quarterly["employees"].iloc[-1])
    growth = workforce.change_between(quarterly, "2019Q4", "2020Q4").change_pct
    assert f"it would cut about {roles:,} corporate roles" in text
    assert f"against the corporate workforce it is {series.share_pct(roles, corporate):.1f} %" in text
    assert f"the count stood at {latest:,}" in text
    assert f"{growth:.0f} % more" in text


def test_landing_page_maps_all_twenty_sections(site):
    import yaml

    outline = yaml.safe_load((site.parent.parent / "chapters" / "outline.yml").read_text(encoding="utf-8"))
    text = _text(site / "index.html")
    assert len(outline["sections"]) == 20
    for section in outline["sections"]:
        assert section["de"] in text and section["en"] in text
    written = [s for s in outline["sections"] if (site.parent.parent / f"{s['doc']}.md").exists()]
    html = (site / "index.html").read_text(encoding="utf-8")
    statuses = re.findall(r"<td[^>]*>\s*(?:<p>)?(ready|to come)(?:</p>)?\s*</td>", html)
    assert statuses.count("ready") == len(written) and statuses.count("to come") == 20 - len(written)
