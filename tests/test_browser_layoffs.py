"""The controls of the layoff-wave and platform chapters work in the static page, without a kernel.

Every chart of these pages is drawn by tests/test_browser.py (it checks every page with charts);
here the menus and the slider are moved and the chart must change.
"""

from __future__ import annotations

import pytest

from tests.browser import browser_available, chart_report, chromium, console_errors, serve
from tests.conftest import require

pytestmark = pytest.mark.browser

# The chart box whose bound control is named `name`, its drawn text and its line paths.
READ = """
  var name = arguments[0];
  var box = Array.from(document.querySelectorAll('.ailayoffs-chart')).find(
    b => Array.from(b.querySelectorAll('.vega-bind-name')).some(s => s.textContent.indexOf(name) === 0));
  if (!box) { return null; }
  return {
    text: Array.from(box.querySelectorAll('g.mark-text text')).map(t => t.textContent).join(' | '),
    paths: Array.from(box.querySelectorAll('g.mark-line path, g.mark-area path')).map(p => p.getAttribute('d') || '').join(' ')
  };
"""
SET = """
  var name = arguments[0], value = arguments[1];
  var box = Array.from(document.querySelectorAll('.ailayoffs-chart')).find(
    b => Array.from(b.querySelectorAll('.vega-bind-name')).some(s => s.textContent.indexOf(name) === 0));
  var bind = Array.from(box.querySelectorAll('.vega-bind')).find(
    d => d.querySelector('.vega-bind-name').textContent.indexOf(name) === 0);
  var input = bind.querySelector('select, input[type=range]');
  input.value = value;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new Event('change', {bubbles: true}));
  return input.value;
"""
OPTIONS = """
  var name = arguments[0];
  var bind = Array.from(document.querySelectorAll('.vega-bind')).find(
    d => d.querySelector('.vega-bind-name').textContent.indexOf(name) === 0);
  return Array.from(bind.querySelectorAll('option')).map(o => o.value);
"""


@pytest.fixture(scope="module")
def browser(site):
    require(browser_available(), "Debian chromium and chromium-driver are not installed (make browser-deps)")
    with serve(site) as url, chromium() as driver:
        yield driver, url


def _open(driver, url, page):
    driver.get(f"{url}/{page}")
    charts = chart_report(driver)
    assert charts and all(c["svg"] and c["marks"] > 0 for c in charts), charts


@pytest.mark.parametrize("control", ["Company: ", "Announcement: "])
def test_menus_of_the_layoff_wave_change_the_chart(browser, control):
    driver, url = browser
    _open(driver, url, "chapters/tech-layoff-wave.html")
    before = driver.execute_script(READ, control)
    assert before is not None, f"no chart with a control named {control!r}"
    options = driver.execute_script(OPTIONS, control)
    assert len(options) >= 2
    assert driver.execute_script(SET, control, options[-1]) == options[-1]
    after = driver.execute_script(READ, control)
    assert after["text"] != before["text"], "the printed label did not follow the menu"
    if control == "Announcement: ":
        assert after["paths"] != before["paths"], "the line did not follow the menu"
    assert console_errors(driver) == []


def test_slider_of_the_platform_model_tips_the_market(browser):
    driver, url = browser
    _open(driver, url, "chapters/platform-economy.html")
    control = "Cross-side effect: "
    driver.execute_script(SET, control, "1")
    low = driver.execute_script(READ, control)
    assert "no tipping" in low["text"]
    driver.execute_script(SET, control, "3.5")
    high = driver.execute_script(READ, control)
    assert "the market tips" in high["text"]
    assert high["paths"] != low["paths"], "the simulated paths did not follow the slider"
    assert console_errors(driver) == []
