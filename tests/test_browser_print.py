"""Printing one page: Chromium with print media shows the text, charts and tables only, on the paper's width.

The print rules live in ``_static/ailayoffs.css`` (``@media print``): no sidebars,
navigation, buttons or code inputs; charts and tables no wider than the page.
"""

from __future__ import annotations

import base64

import pytest

from tests.browser import browser_available, chart_report, chromium, serve
from tests.conftest import SITE, require

pytestmark = pytest.mark.browser

# A printable A4 page at 96 px per inch, less Chromium's default margins, is about 720 px wide.
PAPER_WIDTH_PX = 720
HIDDEN_IN_PRINT = [
    ".bd-sidebar-primary",
    ".bd-sidebar-secondary",
    ".bd-header",
    ".bd-header-article",
    ".prev-next-area",
    ".cell_input",
    ".vega-actions-wrapper",
    "button",
]
PRINT_SCRIPT = """
  var vw = document.documentElement.clientWidth;
  function shown(el) { var r = el.getBoundingClientRect(); return getComputedStyle(el).display !== 'none'
                         && r.width > 0 && r.height > 0; }
  var visible = {};
  arguments[0].forEach(function (sel) {
    visible[sel] = Array.from(document.querySelectorAll(sel)).filter(shown).length;
  });
  var wide = Array.from(document.querySelectorAll('.bd-article svg, .bd-article table, .bd-article img'))
    .filter(shown).filter(function (el) { return el.getBoundingClientRect().right > vw + 1; })
    .map(function (el) { return el.tagName + ' ' + (el.getAttribute('aria-label') || el.className || '').toString().slice(0, 60)
                           + ' right=' + Math.round(el.getBoundingClientRect().right); });
  return {viewport: vw, scroll_width: document.documentElement.scrollWidth, visible: visible, wide: wide,
          charts: document.querySelectorAll('.ailayoffs-chart svg').length,
          text: document.querySelector('.bd-article').innerText.length};
"""


def _pages_with_charts_and_tables() -> list[str]:
    if not SITE.exists():
        return ["chapters/immediate-dimensions.html"]
    pages = []
    for page in sorted((SITE / "chapters").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        if 'class="ailayoffs-chart"' in html and ("<table" in html or "cell_input" in html):
            pages.append(str(page.relative_to(SITE)))
    return pages


@pytest.fixture(scope="module")
def printer(site):
    require(browser_available(), "Debian chromium and chromium-driver are not installed (make browser-deps)")
    with serve(site) as url, chromium(width=PAPER_WIDTH_PX, height=1000) as driver:
        yield driver, url


def test_there_are_pages_with_charts_and_tables_to_print(site):
    assert "chapters/immediate-dimensions.html" in _pages_with_charts_and_tables()


@pytest.mark.parametrize("page", _pages_with_charts_and_tables())
def test_a_printed_page_shows_content_only_within_the_paper(printer, page):
    driver, url = printer
    driver.get(f"{url}/{page}")
    chart_report(driver)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        report = driver.execute_script(PRINT_SCRIPT, HIDDEN_IN_PRINT)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    shown = {selector: count for selector, count in report["visible"].items() if count}
    assert not shown, f"{page}: printed with {shown}"
    assert report["charts"] > 0 and report["text"] > 500, f"{page}: the printed page lost its content: {report}"
    assert report["wide"] == [], f"{page}: wider than the paper ({report['viewport']} px): {report['wide']}"
    assert report["scroll_width"] <= report["viewport"] + 1, f"{page}: the printed page scrolls sideways"


def test_a_page_prints_to_pdf(printer):
    """Chromium's own print (as a reader's Ctrl+P) produces a PDF of the chapter."""
    driver, url = printer
    driver.get(f"{url}/chapters/immediate-dimensions.html")
    chart_report(driver)
    pdf = base64.b64decode(driver.print_page())
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 1
