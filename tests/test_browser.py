"""Open the built pages in headless Debian Chromium with no network.

Every chart must draw marks into its SVG, no console error may be logged, and
no request may leave the local server. Under CI=true the test must run.
"""

from __future__ import annotations

import pytest

from tests.browser import browser_available, chart_report, chromium, console_errors, external_requests, serve
from tests.conftest import SITE, require

pytestmark = pytest.mark.browser


def _chart_pages() -> list[str]:
    pages = [
        p
        for p in SITE.rglob("*.html")
        if "_static" not in p.parts and 'class="ailayoffs-chart"' in p.read_text(encoding="utf-8")
    ]
    return sorted(str(p.relative_to(SITE)) for p in pages)


@pytest.fixture(scope="module")
def browser(site):
    require(browser_available(), "Debian chromium and chromium-driver are not installed (make browser-deps)")
    with serve(site) as url, chromium() as driver:
        yield driver, url


def test_there_are_chart_pages_to_check(site):
    assert "chapters/immediate-dimensions.html" in _chart_pages()


@pytest.mark.parametrize("page", ["index.html", "data-sources.html", "references.html", *_chart_pages()])
def test_page_renders_offline_without_errors(browser, page):
    driver, url = browser
    driver.get(f"{url}/{page}")
    charts = chart_report(driver)
    expected = (SITE / page).read_text(encoding="utf-8").count('class="ailayoffs-chart"')
    assert len(charts) == expected
    for chart in charts:
        assert chart["svg"], f"{page}: chart did not render: {chart['text']}"
        assert chart["marks"] > 0, f"{page}: chart drew no marks: {chart['label']}"
        assert chart["label"], f"{page}: chart has no alt text"
    assert external_requests(driver, url) == []
    assert console_errors(driver) == []


def test_break_explorer_responds_to_the_slider_and_the_country(browser):
    """Moving the break year or switching country re-fits the trends in the browser."""
    driver, url = browser
    page = "chapters/productivity-paradox.html"
    driver.get(f"{url}/{page}")
    chart_report(driver)
    read_labels = """
      var box = Array.from(document.querySelectorAll('.ailayoffs-chart'))
        .find(b => b.querySelector('input[type=range]'));
      return Array.from(box.querySelectorAll('g.mark-text text')).map(t => t.textContent)
        .filter(t => t.indexOf('the break: trend') >= 0);
    """
    set_input = """
      var box = Array.from(document.querySelectorAll('.ailayoffs-chart'))
        .find(b => b.querySelector('input[type=range]'));
      var input = box.querySelector(arguments[0]);
      input.value = arguments[1];
      input.dispatchEvent(new Event('input', {bubbles: true}));
      input.dispatchEvent(new Event('change', {bubbles: true}));
    """
    before = driver.execute_script(read_labels)
    assert len(before) == 2, before
    driver.execute_script(set_input, "input[type=range]", "1995")
    moved = driver.execute_script(read_labels)
    assert len(moved) == 2 and moved != before
    driver.execute_script(set_input, "select", "United States")
    switched = driver.execute_script(read_labels)
    assert len(switched) == 2 and switched != moved
    assert console_errors(driver) == []


# --------------------------------------------------------------------------
# Layout at a phone's and a laptop's width

WIDTHS = [390, 1280]


def _all_pages() -> list[str]:
    return sorted(
        str(p.relative_to(SITE))
        for p in SITE.rglob("*.html")
        if "_static" not in p.parts and p.name not in ("genindex.html", "search.html")
    )


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda w: f"{w}px")
def sized_browser(request, site):
    require(browser_available(), "Debian chromium and chromium-driver are not installed (make browser-deps)")
    with serve(site) as url, chromium(width=request.param, height=900) as driver:
        yield driver, url, request.param


@pytest.mark.parametrize("page", _all_pages())
def test_page_fits_the_screen(sized_browser, page):
    """No sideways scroll; every chart, control and table ends inside the viewport and left of the sidebar."""
    from tests.browser import layout_report, vega_warnings

    driver, url, width = sized_browser
    driver.get_log("browser")  # forget the previous page's messages
    driver.get(f"{url}/{page}")
    chart_report(driver)
    driver.execute_script("return new Promise(r => setTimeout(r, 400))")  # a resize redraw, if any
    report = layout_report(driver)
    assert report["scroll_width"] <= report["viewport"], (
        f"{page} at {width}px scrolls sideways: {report['scroll_width']}px"
    )
    limit = min(report["viewport"], report["sidebar_left"] or report["viewport"])
    for chart in report["charts"]:
        assert chart["svg_right"] is not None, f"{page}: chart not drawn: {chart['label']}"
        assert chart["svg_right"] <= limit + 1, (
            f"{page} at {width}px: chart runs {chart['svg_right'] - limit:.0f}px past the column: {chart['label']}"
        )
        assert not chart["scrolls"], f"{page} at {width}px: chart wider than its box: {chart['label']}"
    for control in report["controls"]:
        assert control["width"] > 0 and control["left"] >= 0 and control["right"] <= limit + 1, (
            f"{page}: control off screen: {control}"
        )
    for table in report["tables"]:
        assert table["right"] <= limit + 1, f"{page} at {width}px: table {table['id']} runs past the column"
    assert vega_warnings(driver) == []


def _click(driver, selector: str) -> None:
    button = next(b for b in driver.find_elements("css selector", selector) if b.is_displayed())
    button.click()
    driver.execute_script("return new Promise(r => setTimeout(r, 300))")


def test_phone_menu_and_contents_buttons_open_their_panels(site):
    require(browser_available(), "Debian chromium and chromium-driver are not installed (make browser-deps)")
    with serve(site) as url, chromium(width=390, height=844) as driver:
        driver.get(f"{url}/chapters/aws-strategic-driver.html")
        _click(driver, ".primary-toggle")
        assert driver.execute_script(
            "var d = document.getElementById('pst-primary-sidebar-modal'); return !!(d && d.open)"
        ), "☰ opened no menu"
        links = driver.execute_script(
            "return Array.from(document.querySelectorAll('#pst-primary-sidebar-modal a')).filter(a => a.getBoundingClientRect().width > 0).length"
        )
        assert links >= 5, "the menu shows no chapter links"
        driver.execute_script("document.getElementById('pst-primary-sidebar-modal').close()")
        _click(driver, ".secondary-toggle")
        assert driver.execute_script(
            "var d = document.getElementById('pst-secondary-sidebar-modal'); return !!(d && d.open)"
        ), "contents button opened nothing"
        entries = driver.execute_script(
            "return Array.from(document.querySelectorAll('#pst-secondary-sidebar-modal a')).filter(a => a.getBoundingClientRect().width > 0).length"
        )
        assert entries >= 3, "the contents panel lists no sections"


def test_desktop_sidebar_toggle_hides_and_shows_the_sidebar(site):
    require(browser_available(), "Debian chromium and chromium-driver are not installed (make browser-deps)")
    visible = """var s = document.getElementById('pst-primary-sidebar'), st = getComputedStyle(s);
                 return st.visibility !== 'hidden' && st.display !== 'none' && parseFloat(st.opacity) > 0.5
                        && s.getBoundingClientRect().right > 50"""
    with serve(site) as url, chromium(width=1280, height=900) as driver:
        driver.get(f"{url}/chapters/aws-strategic-driver.html")
        assert driver.execute_script(visible)
        _click(driver, ".primary-toggle")
        driver.execute_script("return new Promise(r => setTimeout(r, 600))")  # the theme's transition
        assert not driver.execute_script(visible), "the sidebar toggle did not hide the sidebar"
        _click(driver, ".primary-toggle")
        driver.execute_script("return new Promise(r => setTimeout(r, 600))")
        assert driver.execute_script(visible), "the sidebar toggle did not bring the sidebar back"
