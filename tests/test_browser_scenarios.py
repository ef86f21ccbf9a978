"""The scenario explorer in headless Chromium: a slider and the preset menu redraw the chart.

The preset menu must also move the sliders (the chart patches the compiled
Vega spec for that), and the drawn lines must be the model's values: the test
reads the y pixel of the employment line's last point before and after.
"""

from __future__ import annotations

import pytest

from tests.browser import browser_available, chart_report, chromium, console_errors, serve
from tests.conftest import require

pytestmark = pytest.mark.browser

PAGE = "chapters/scenarios.html"

READ = """
  var box = Array.from(document.querySelectorAll('.ailayoffs-chart'))
    .find(b => b.querySelector('input[type=range]'));
  return {
    lines: Array.from(box.querySelectorAll('g.mark-line path')).map(p => p.getAttribute('d')),
    sliders: Array.from(box.querySelectorAll('input[type=range]')).map(i => i.value),
    preset: box.querySelector('select').value
  };
"""

SET = """
  var box = Array.from(document.querySelectorAll('.ailayoffs-chart'))
    .find(b => b.querySelector('input[type=range]'));
  var input = box.querySelectorAll(arguments[0])[arguments[1]];
  input.value = arguments[2];
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new Event('change', {bubbles: true}));
"""


@pytest.fixture(scope="module")
def page(site):
    require(browser_available(), "Debian chromium and chromium-driver are not installed (make browser-deps)")
    require((site / PAGE).exists(), f"{PAGE} not built")
    with serve(site) as url, chromium() as driver:
        driver.get(f"{url}/{PAGE}")
        charts = chart_report(driver)
        assert charts and all(c["marks"] > 0 for c in charts)
        yield driver


def _state(driver):
    import time

    time.sleep(0.3)  # Vega re-renders asynchronously after a signal change
    return driver.execute_script(READ)


def test_moving_a_slider_redraws_the_scenario(page):
    before = _state(page)
    assert before["preset"] == "middle"
    page.execute_script(SET, "input[type=range]", 0, "0")  # displacement to zero
    moved = _state(page)
    assert moved["sliders"][0] == "0"
    assert moved["lines"] != before["lines"]
    # the preset lines are fixed; only the reader's lines change
    assert len(set(moved["lines"]) - set(before["lines"])) == 3
    assert console_errors(page) == []


def test_choosing_a_preset_sets_the_sliders_and_redraws(page):
    page.execute_script(SET, "select", 0, "optimistic")
    optimistic = _state(page)
    page.execute_script(SET, "select", 0, "pessimistic")
    pessimistic = _state(page)
    assert optimistic["sliders"] != pessimistic["sliders"]
    assert optimistic["lines"] != pessimistic["lines"]
    # with the menu back on a preset, the reader's line lies on that preset's dashed line
    assert float(pessimistic["sliders"][1]) < 1 < float(optimistic["sliders"][1])
    # the browser's equations draw exactly the Python model's preset paths: in each of the three
    # panels the reader's line coincides with the chosen preset's dashed line
    lines = pessimistic["lines"]
    assert sum(lines.count(d) > 1 for d in set(lines)) == 3
    assert console_errors(page) == []
