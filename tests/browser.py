"""Drive Debian's headless Chromium over the built site, with the network cut off.

Shared by the browser tests and by anyone who wants a screenshot of a page
(``python -m tests.browser chapters/immediate-dimensions.html out.png``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import tempfile
import threading
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

# Marks Vega draws for the chart types the book uses; a chart that drew none is blank.
MARK_SELECTOR = ", ".join(
    f"g.mark-{kind} {element}"
    for kind, element in [
        ("symbol", "path"),
        ("line", "path"),
        ("rect", "path"),
        ("rule", "line"),
        ("area", "path"),
        ("text", "text"),
    ]
)


def browser_available() -> bool:
    """Whether Chromium and ChromeDriver are installed."""
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on a free loopback port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextlib.contextmanager
def chromium(width: int = 1280, height: int = 2000):
    """A headless Chromium that can reach loopback only; yields a Selenium driver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        # Every host name except loopback fails to resolve: the page gets no network.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    if width < 500:
        # A desktop window cannot be narrower than about 500 px: emulate a phone's screen instead.
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
        )
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def chart_report(driver, timeout: float = 20.0) -> list[dict]:
    """Wait for every chart on the page to draw; report each one's marks and labels."""
    from selenium.webdriver.support.ui import WebDriverWait

    script = f"""
      return Array.from(document.querySelectorAll('.ailayoffs-chart')).map(function (box) {{
        var svg = box.querySelector('svg');
        return {{
          label: box.getAttribute('aria-label'),
          svg: !!svg,
          svg_label: svg ? svg.getAttribute('aria-label') : null,
          marks: svg ? svg.querySelectorAll({MARK_SELECTOR!r}).length : 0,
          text: box.innerText.slice(0, 200)
        }};
      }});
    """

    def drawn(drv):
        report = drv.execute_script(script)
        # A tuple is truthy even when the page has no chart, which ends the wait.
        return (report,) if all(chart["svg"] and chart["marks"] > 0 for chart in report) else False

    try:
        return WebDriverWait(driver, timeout).until(drawn)[0]
    except Exception:
        return driver.execute_script(script)


def external_requests(driver, base_url: str) -> list[str]:
    """Resources the page requested from anywhere but the local server."""
    names = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return [name for name in names if not name.startswith(base_url) and not name.startswith("data:")]


def console_errors(driver) -> list[str]:
    """Console messages of level SEVERE since the last call."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


if __name__ == "__main__":  # pragma: no cover - a tool for looking at pages
    import sys

    page, out = sys.argv[1], sys.argv[2]
    site = Path(__file__).resolve().parent.parent / "_build" / "html"
    with serve(site) as url, chromium() as driver:
        driver.get(f"{url}/{page}")
        print(chart_report(driver))
        print("external:", external_requests(driver, url))
        print("errors:", console_errors(driver))
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1280, min(height, 12000))
        driver.save_screenshot(out)
        os.sync()


LAYOUT_SCRIPT = """
  var vw = document.documentElement.clientWidth;
  var side = document.querySelector('.bd-sidebar-secondary');
  var sideRect = side ? side.getBoundingClientRect() : null;
  var sideShown = !!(side && sideRect.width > 0 && getComputedStyle(side).display !== 'none'
                     && getComputedStyle(side).visibility !== 'hidden' && sideRect.left < vw);
  function right(el) { return el.getBoundingClientRect().right; }
  var charts = Array.from(document.querySelectorAll('.ailayoffs-chart')).map(function (box) {
    var svg = box.querySelector('svg');
    return {label: (box.getAttribute('aria-label') || '').slice(0, 60),
            box_right: right(box), svg_right: svg ? right(svg) : null,
            svg_width: svg ? svg.getBoundingClientRect().width : 0,
            scrolls: box.scrollWidth > box.clientWidth + 1};
  });
  var controls = Array.from(document.querySelectorAll('.ailayoffs-chart .vega-bind input, .ailayoffs-chart .vega-bind select'))
    .map(function (c) { var r = c.getBoundingClientRect();
      return {name: c.name || c.type, left: r.left, right: r.right, width: r.width}; });
  var tables = Array.from(document.querySelectorAll('.bd-article table')).map(function (t) {
    var box = t.parentElement; while (box && getComputedStyle(box).overflowX === 'visible' && box.tagName !== 'ARTICLE') box = box.parentElement;
    return {right: right(box || t), id: t.id || t.className};
  });
  return {viewport: vw, scroll_width: document.documentElement.scrollWidth,
          sidebar_left: sideShown ? sideRect.left : null, charts: charts, controls: controls, tables: tables};
"""


def layout_report(driver) -> dict:
    """Where the page's charts, controls and tables end, against the viewport and the right sidebar."""
    return driver.execute_script(LAYOUT_SCRIPT)


def vega_warnings(driver) -> list[str]:
    """Console warnings that Vega logged (it prefixes them with WARN)."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] in ("WARNING", "SEVERE") and "WARN" in entry["message"]
    ]


WEIGHT_SCRIPT = """
  var done = arguments[arguments.length - 1];
  function drawn() {
    return Array.from(document.querySelectorAll('.ailayoffs-chart')).every(function (box) {
      var svg = box.querySelector('svg'); return svg && svg.querySelectorAll('path, text, line').length > 0;
    });
  }
  (function poll() {
    if (document.readyState === 'complete' && drawn()) {
      var nav = performance.getEntriesByType('navigation')[0];
      var resources = performance.getEntriesByType('resource');
      done({ms: performance.now(), html: nav ? nav.decodedBodySize : 0,
            loads: resources.map(function (r) { return [r.name, r.decodedBodySize || r.encodedBodySize || 0]; }),
            charts: document.querySelectorAll('.ailayoffs-chart').length});
    } else { setTimeout(poll, 10); }
  })();
"""


def page_weight(driver, url: str, page: str, timeout: float = 60.0) -> dict:
    """Bytes a page loads (HTML and every resource, as decoded) and ms until all its charts are drawn."""
    driver.set_script_timeout(timeout)
    driver.get("about:blank")
    driver.get(f"{url}/{page}")
    result = driver.execute_async_script(WEIGHT_SCRIPT)
    result["bytes"] = result["html"] + sum(size for _, size in result["loads"])
    return result
