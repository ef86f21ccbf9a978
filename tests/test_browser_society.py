"""The Work and society chapters in headless Chromium: every chart draws, and the in-page models respond.

The Erlang C explorer (lean organisations) and the basic-income calculator (social security)
compute in the page; moving a slider must change the numbers they print.
"""

from __future__ import annotations

import pytest

from tests.browser import browser_available, chart_report, chromium, console_errors, external_requests, serve
from tests.conftest import SITE, require

pytestmark = pytest.mark.browser

PAGES = [
    "chapters/lean-organisations.html",
    "chapters/social-security.html",
    "chapters/inequality.html",
    "chapters/global-workforce.html",
    "chapters/training.html",
]

READ_TEXT = """
  var box = Array.from(document.querySelectorAll('.ailayoffs-chart'))
    .find(b => b.querySelector(arguments[0]));
  return Array.from(box.querySelectorAll('g.mark-text text')).map(t => t.textContent)
    .filter(t => t.indexOf(arguments[1]) >= 0);
"""
SET_INPUT = """
  var input = document.querySelector(arguments[0]);
  input.value = arguments[1];
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new Event('change', {bubbles: true}));
"""


@pytest.fixture(scope="module")
def browser(site):
    require(browser_available(), "Debian chromium and chromium-driver are not installed (make browser-deps)")
    with serve(site) as url, chromium(width=390, height=2400) as driver:
        yield driver, url


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_draws_on_a_phone(browser, page):
    driver, url = browser
    require((SITE / page).exists(), f"{page} not built")
    driver.get(f"{url}/{page}")
    charts = chart_report(driver)
    assert len(charts) == (SITE / page).read_text(encoding="utf-8").count('class="ailayoffs-chart"') > 0
    for chart in charts:
        assert chart["svg"] and chart["marks"] > 0, f"{page}: {chart['label']}"
    widths = driver.execute_script(
        "return Array.from(document.querySelectorAll('.ailayoffs-chart svg')).map(s => s.getBoundingClientRect().width)"
    )
    assert max(widths) <= 390, f"{page}: a chart is wider than a 390 px phone: {widths}"
    assert external_requests(driver, url) == []
    assert console_errors(driver) == []


def _move(driver, selector, value, marker):
    driver.execute_script(SET_INPUT, selector, value)
    return driver.execute_script(READ_TEXT, selector, marker)


def test_erlang_explorer_responds_to_staffing_and_load(browser):
    driver, url = browser
    driver.get(f"{url}/chapters/lean-organisations.html")
    chart_report(driver)
    marker = "% answered"
    before = driver.execute_script(READ_TEXT, "input[name=agents]", marker)
    assert len(before) == 1, before
    fewer = _move(driver, "input[name=agents]", "11", marker)
    assert len(fewer) == 1 and fewer != before
    driver.execute_script(SET_INPUT, "input[name=load]", "12")
    overloaded = driver.execute_script(READ_TEXT, "input[name=agents]", "Overloaded")
    assert len(overloaded) == 1, overloaded
    assert console_errors(driver) == []


def test_calculator_responds_to_amount_and_coverage(browser):
    driver, url = browser
    driver.get(f"{url}/chapters/social-security.html")
    chart_report(driver)
    before = driver.execute_script(READ_TEXT, "input[name=amount]", "Gross ")
    assert len(before) == 1, before
    halved = _move(driver, "input[name=amount]", "600", "Gross ")
    assert halved != before
    covered = _move(driver, "input[name=coverage]", "50", "Gross ")
    assert covered != halved
    levy_before = driver.execute_script(READ_TEXT, "input[name=amount]", "Levy needed")
    levy_after = _move(driver, "input[name=replaced]", "20", "Levy needed")
    assert levy_after != levy_before
    assert console_errors(driver) == []
