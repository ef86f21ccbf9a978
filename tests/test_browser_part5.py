"""The Part 5 chapters' charts draw offline in Chromium, and the sector drop-down highlights a sector."""

from __future__ import annotations

import pytest

from tests.browser import browser_available, chart_report, chromium, console_errors, external_requests, serve
from tests.conftest import require

pytestmark = pytest.mark.browser

PAGES = ["chapters/corporate-culture.html", "chapters/lessons.html", "chapters/social-bargain.html"]


@pytest.fixture(scope="module")
def browser(site):
    require(browser_available(), "Debian chromium and chromium-driver are not installed (make browser-deps)")
    with serve(site) as url, chromium(width=390, height=1600) as driver:
        yield driver, url


@pytest.mark.parametrize("page", PAGES)
def test_part5_charts_draw_at_phone_width(browser, site, page):
    driver, url = browser
    require((site / page).exists(), f"{page} not built")
    driver.get(f"{url}/{page}")
    charts = chart_report(driver)
    assert len(charts) >= 1
    for chart in charts:
        assert chart["svg"] and chart["marks"] > 0, chart
        assert chart["label"]
    assert external_requests(driver, url) == []
    assert console_errors(driver) == []


def test_sector_dropdown_fades_the_other_sectors(browser, site):
    driver, url = browser
    driver.get(f"{url}/chapters/lessons.html")
    chart_report(driver)
    faded = """
      var box = Array.from(document.querySelectorAll('.ailayoffs-chart')).find(b => b.querySelector('select'));
      return Array.from(box.querySelectorAll('g.mark-symbol path'))
        .filter(p => parseFloat(p.getAttribute('opacity') || p.style.opacity || '1') < 0.5).length;
    """
    choose = """
      var box = Array.from(document.querySelectorAll('.ailayoffs-chart')).find(b => b.querySelector('select'));
      var select = box.querySelector('select');
      select.value = arguments[0];
      select.dispatchEvent(new Event('change', {bubbles: true}));
      select.dispatchEvent(new Event('input', {bubbles: true}));
    """
    before = driver.execute_script(faded)
    assert before == 0
    driver.execute_script(choose, "Banking")
    after = driver.execute_script(faded)
    assert after > 0, "picking a sector faded nothing"
    assert console_errors(driver) == []
