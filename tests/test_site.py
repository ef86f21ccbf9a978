"""The built site: self-contained, glued figures present, charts described."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ailayoffs import data, series, workforce

pytestmark = pytest.mark.site

LOADING_ATTRIBUTES = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "track": ["src"],
    "link": ["href"],
    "input": ["src"],
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
        offenders += [
            f"{page.relative_to(site)}: inline script mentions {m.group()}"
            for script in scanner.inline_scripts
            for m in [CDN_HOSTS.search(script)]
            if m
        ]
        offenders += [
            f"{page.relative_to(site)}: style loads {url}"
            for style in scanner.styles
            for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", style)
        ]
    assert not offenders, "\n".join(offenders)


def test_stylesheets_load_no_remote_fonts_or_images(site):
    offenders = []
    for sheet in site.rglob("*.css"):
        for url in re.findall(
            r"(?:url\(|@import\s+)['\"]?((?:https?:)?//[^)'\"\s]+)", sheet.read_text(encoding="utf-8")
        ):
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


# --------------------------------------------------------------------------
# What a reader reads: one precision per figure, no raw pandas output

RAW_OUTPUT = [
    (re.compile(r"(?<![\w.,])\d+\.\d{5,}(?!\d)"), "an unrounded float"),
    (re.compile(r"\bNaN\b|(?<![\w-])nan(?![\w-])|<NA>"), "a missing value printed raw"),
    (re.compile(r"\bdtype: ?\w+|\bName: \w+, dtype\b|\bdtype\b"), "a pandas dtype line"),
    (re.compile(r"\bnp\.(float|int)\d+\b"), "a numpy repr"),
]


def _reader_text(page: Path) -> str:
    """The page's text as a reader sees it, without the source of code cells."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'<div class="cell_input.*?</div>\s*</div>', " ", html, flags=re.S)
    html = re.sub(r'<div class="highlight-ipython3 notranslate">.*?</pre></div>\s*</div>', " ", html, flags=re.S)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)).replace("\xa0", " "))


def raw_output(text: str) -> list[str]:
    """Raw float, NaN or dtype text in ``text``, with a little context."""
    found = []
    for pattern, what in RAW_OUTPUT:
        found += [f"{what}: ...{text[max(0, m.start() - 40) : m.end() + 20]}..." for m in pattern.finditer(text)]
    return found


def test_raw_output_detector_catches_pandas_reprs():
    assert raw_output("mean 1366.120218579235 a year")
    assert raw_output("x NaN y") and raw_output("Name: margin, dtype: float64")
    assert not raw_output("AWS earned 17.5 % of sales; 2,000 people; version 1.0.1; 0.05")


def test_no_page_prints_raw_floats_nan_or_dtypes(site):
    offenders = []
    for page in _pages(site):
        offenders += [f"{page.relative_to(site)}: {hit}" for hit in raw_output(_reader_text(page))]
    assert not offenders, "\n".join(offenders)


_NUMBER = re.compile(r"(?<![\w.,])-?\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\w,]|\.\d)")


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def two_precisions(glued: list[str], printed: list[str]) -> list[tuple[str, str]]:
    """Pairs (glued figure, other figure on the page) that are one number at two precisions.

    A glued figure with ``d >= 1`` decimals and another figure on the page
    with more decimals that rounds to it (17.5 and 17.47, 32.9 and 32.91), or
    that prints the same value with padded zeros (17.5 and 17.50), are the
    same quantity printed twice with different precision.
    """
    from ailayoffs.claims import round_half_up

    pairs = set()
    figures = {p for p in printed if _NUMBER.fullmatch(p) and _decimals(p) >= 2}
    for g in glued:
        if not _NUMBER.fullmatch(g) or _decimals(g) < 1:
            continue
        value = float(g.replace(",", ""))
        for other in figures:
            if (
                _decimals(other) > _decimals(g)
                and abs(value) >= 1
                and round_half_up(float(other.replace(",", "")), _decimals(g)) == value
                and other != g
            ):
                pairs.add((g, other))
    return sorted(pairs)


def test_two_precision_detector():
    assert two_precisions(["17.5"], ["17.47", "3"]) == [("17.5", "17.47")]
    assert two_precisions(["32.9"], ["32.91"]) == [("32.9", "32.91")]
    assert two_precisions(["17.5"], ["17.5", "18.47", "0.17"]) == []


def test_no_glued_figure_prints_with_two_precisions_on_one_page(site):
    offenders = []
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        glued = [
            unescape(re.sub(r"<[^>]+>", "", g)).strip()
            for g in re.findall(r'<span class="pasted-text">(.*?)</span>', html, flags=re.S)
        ]
        # Glued against glued: tables carry many figures of other quantities that would match by chance.
        offenders += [f"{page.relative_to(site)}: {g} and {o}" for g, o in two_precisions(glued, glued)]
    assert not offenders, "\n".join(offenders)


def test_no_false_precision_after_about(site):
    """'about 999,448 jobs' claims a precision 'about' denies: more than three significant digits."""
    offenders = []
    for page in _pages(site):
        for number in re.findall(r"\b(?:about|around|roughly|some) (\d{1,3}(?:,\d{3})+)\b", _reader_text(page)):
            if len(number.replace(",", "").rstrip("0")) > 3:
                offenders.append(f"{page.relative_to(site)}: about {number}")
    assert not offenders, "\n".join(offenders)


# --------------------------------------------------------------------------
# Bibliography, datasets page, weight


def _bib_title(key: str) -> str:
    from pybtex.database import parse_file

    entry = parse_file(str(site_root() / "references.bib")).entries[key]
    return re.sub(r"[{}]", "", entry.fields["title"])


def site_root() -> Path:
    return Path(__file__).resolve().parent.parent


def test_bibliography_prints_titles_as_written(site):
    text = _text(site / "references.html")
    title = _bib_title("wolfenstein2025")
    assert title == "Amazons Schock-Entlassungen: Warum selbst in boomenden Konzernen kein Job mehr sicher ist"
    assert title in text
    assert "schock-entlassungen: warum" not in text


def test_bibliography_labels_are_author_year_and_anonymous_works_sort_by_title(site):
    from pybtex.database import parse_file

    html = (site / "references.html").read_text(encoding="utf-8")
    labels = [
        unescape(re.sub(r"<[^>]+>", "", lab)).strip()
        for lab in re.findall(
            r'<span class="label"><span class="fn-bracket">\[</span>(.*?)<span class="fn-bracket">', html, flags=re.S
        )
    ]
    bib = parse_file(str(site_root() / "references.bib"))
    assert len(labels) == len(bib.entries)
    assert not any(re.fullmatch(r"\d+", lab) for lab in labels), labels[:5]
    assert "Wolfenstein 2025" in labels
    assert all(re.search(r"(\d{4}|n\.d\.)[a-z]?$", lab) for lab in labels), [
        lab for lab in labels if not re.search(r"\d{4}[a-z]?$", lab)
    ]
    # The list is in alphabetical order of what the reader looks up: authors, or the title of a work without one.
    keys = [lab.lower().lstrip("'\"") for lab in labels]
    assert keys == sorted(keys, key=lambda k: re.sub(r"[^a-z0-9 ]", "", k)) or [k[:2] for k in keys] == sorted(
        k[:2] for k in keys
    ), "entries are not in alphabetical order"
    first_news = next(i for i, lab in enumerate(labels) if lab.startswith("News report"))
    assert labels[first_news - 1][0].upper() <= "N" and first_news > len(labels) // 3, "anonymous works sort first"


def test_datasets_page_has_one_compact_row_per_dataset_with_details(site):
    html = (site / "data-sources.html").read_text(encoding="utf-8")
    names = data.resource_names()
    table = re.search(r'<table class="[^"]*dataset-catalogue.*?</table>', html, flags=re.S)
    assert table, "no dataset catalogue table"
    rows = re.findall(r"<tr[^>]*>.*?</tr>", table.group(0).split("<tbody")[1], flags=re.S)
    assert len(rows) == len(names)
    for name in names:
        meta = data.info(name)
        anchor = "dataset-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        assert f'id="{anchor}"' in html, f"no detail block for {name}"
        assert f'href="#{anchor}"' in table.group(0), f"row of {name} does not link to its details"
        assert re.search(rf'href="_downloads/[0-9a-f]+/{re.escape(Path(meta.path).name)}"', table.group(0)), (
            f"no CSV link for {name}"
        )
    for row in rows:
        assert len(re.sub(r"<[^>]+>", "", row)) < 400, "a row of the overview is not compact"


def test_mathjax_and_font_awesome_load_only_where_needed(site):
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        has_math = 'class="math' in html
        assert ("mathjax" in html.lower().split("</head>")[0]) == has_math, (
            f"{page.relative_to(site)}: MathJax without math or math without MathJax"
        )
        assert "fontawesome.js" not in html, f"{page.relative_to(site)} loads Font Awesome's JavaScript"
    assert any('class="math' in p.read_text(encoding="utf-8") for p in _pages(site)), "no page has math to check"


def test_search_snippets_start_with_the_text_not_the_buttons(site):
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        if '<article class="bd-article"' not in html or page.name in ("search.html", "genindex.html"):
            continue
        main = re.search(r'<[^>]+role="main"[^>]*>', html).group(0)
        assert "bd-article" in main, f"{page.relative_to(site)}: role=main wraps the buttons too"


def test_a_glue_key_has_one_format_per_chapter():
    """The same glued figure with two format specs on one page prints it with two precisions."""
    offenders = []
    for chapter in sorted((site_root() / "chapters").glob("*.md")):
        specs: dict[str, set[str]] = {}
        for key, spec in re.findall(r"\{glue:text\}`([\w]+)(?::([^`]*))?`", chapter.read_text(encoding="utf-8")):
            specs.setdefault(key, set()).add(re.sub(r"[+,]", "", spec))
        offenders += [f"{chapter.name}: {key} as {sorted(s)}" for key, s in specs.items() if len(s) > 1]
    assert not offenders, "\n".join(offenders)
