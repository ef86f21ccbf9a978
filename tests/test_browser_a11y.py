"""Accessibility: axe-core on every page of the built site, in headless Chromium.

axe-core comes from the npm registry, pinned in package.json / package-lock.json
and installed by ``make node_modules`` (``npm ci``; ``make test`` does it). It is
used by the test run only: the site never loads it. Each page is opened with the
network cut, at 1280 px and at 390 px, its charts are left to draw, axe is injected and run with the WCAG 2
A/AA and best-practice rules; any violation of impact *serious* or *critical*
fails the page, and every such violation is printed (rule, impact, help, the
first offending elements).
"""

from __future__ import annotations

import json

import pytest

from tests.browser import browser_available, chart_report, chromium, serve
from tests.conftest import ROOT, SITE, require

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
RUN_AXE = """
  var done = arguments[arguments.length - 1];
  axe.run(document, {resultTypes: ['violations'],
                     runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
    .then(function (results) {
      done(results.violations.map(function (v) {
        return {id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(function (n) { return {target: n.target.join(' '), html: n.html.slice(0, 200),
                                                          summary: (n.failureSummary || '').slice(0, 300)}; })};
      }));
    })
    .catch(function (error) { done({error: String(error)}); });
"""


def all_pages() -> list[str]:
    """Every HTML page of the built site (the theme's assets excluded)."""
    if not SITE.exists():
        return ["index.html"]
    return sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html") if "_static" not in p.parts)


def describe(page: str, violations: list[dict]) -> str:
    """One block per violation: rule, impact, help text and up to three offending elements."""
    lines = [f"{page}: {len(violations)} serious or critical accessibility violation(s)"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({len(violation['nodes'])} element(s))")
        for node in violation["nodes"][:3]:
            lines.append(f"      {node['target']}: {node['html']}")
            lines.append(f"        {node['summary']}".replace("\n", " / "))
    return "\n".join(lines)


@pytest.fixture(scope="module", params=[1280, 390], ids=lambda width: f"{width}px")
def axe_browser(site, request):
    """A browser at a desktop and at a phone's width: the narrow layout has its own menus and toggles."""
    require(browser_available(), "Debian chromium and chromium-driver are not installed (make browser-deps)")
    require(AXE.exists(), f"axe-core is not installed in {AXE.parent} (make node_modules: npm ci)")
    with serve(site) as url, chromium(width=request.param, height=1000) as driver:
        driver.set_script_timeout(120)
        yield driver, url, AXE.read_text(encoding="utf-8")


def test_axe_is_the_pinned_version():
    """The installed axe-core is the one package-lock.json pins (npm ci, not a stray copy)."""
    require(AXE.exists(), f"axe-core is not installed in {AXE.parent} (make node_modules: npm ci)")
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    installed = json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))
    assert installed["version"] == lock["packages"]["node_modules/axe-core"]["version"]


def test_every_page_is_walked(site):
    pages = all_pages()
    assert "index.html" in pages and any(p.startswith("chapters/") for p in pages)
    assert len(pages) == len([p for p in site.rglob("*.html") if "_static" not in p.parts])


@pytest.mark.parametrize("page", all_pages())
def test_page_has_no_serious_accessibility_violation(axe_browser, page):
    driver, url, axe_source = axe_browser
    driver.get(f"{url}/{page}")
    chart_report(driver)  # charts are drawn before axe looks at them
    driver.execute_script(axe_source)
    violations = driver.execute_async_script(RUN_AXE)
    assert not isinstance(violations, dict), f"{page}: axe failed to run: {violations}"
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    if serious:
        print(describe(page, serious))
    assert not serious, describe(page, serious)
