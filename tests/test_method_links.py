"""Every chapter links the methods pages of the methods its code uses, and the glossary terms it links exist."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.S | re.M)

# A method page and the package calls that apply its method. A chapter whose code cells make one
# of these calls uses the method and must link the page.
METHOD_CALLS: dict[str, tuple[str, ...]] = {
    "methods-growth-rates": (
        r"\bcagr_pct\(",
        r"\bannual_growth_pct\(",
        r"\bmean_growth_pct\(",
        r"\bera_growth\(",
        r"\bera_table\(",
        r"\bperiod_growth\(",
        r"\bfastest_cagr_pct\(",
        r"\bchange_between\(",
    ),
    "methods-proportion-intervals": (
        r"\bproportion_ci\(",
        r"\bshare_intervals\(",
        r"\bwith_wilson_intervals\(",
        r"\bgap_interval\(",
        r"\bparticipation_gaps\(",
    ),
    "methods-regression-hac": (
        r"\bfit_margin_regression\(",
        r"\bsmallsample\.",
        r"\bkink_inference\(",
        r"\bfit_broken_trend\(",
        r"\btrends_table\(",
    ),
    "methods-structural-breaks": (
        r"\bchow_test\(",
        r"\bkink_inference\(",
        r"\bsup_f_test\(",
        r"\bestimate_breaks\(",
        r"\bbootstrap_break_years\(",
        r"\bbreak_table\(",
        r"\bshift_test\(",
        r"\bsup_shift_test\(",
        r"\bbest_break\(",
        r"\bfitted_lines\(",
    ),
    "methods-concentration": (r"\bherfindahl\(", r"\beffective_number\("),
    "methods-event-studies": (r"\bevent_study\b", r"\bes\.(?:event_table|abnormal_returns|car|across_events)\("),
    "methods-task-model": (r"\bscenarios\.(?:project|presets|preset_paths)\(",),
    "methods-queueing": (r"\bqueueing\.",),
}


def code_of(text: str) -> str:
    return "\n".join(CELL.findall(text))


def methods_used(text: str) -> set[str]:
    code = code_of(text)
    return {label for label, calls in METHOD_CALLS.items() if any(re.search(call, code) for call in calls)}


def test_method_labels_exist():
    labels = set()
    for page in (ROOT / "methods").glob("*.md"):
        labels |= set(re.findall(r"^\((methods-[\w-]+)\)=$", page.read_text(encoding="utf-8"), re.M))
    assert set(METHOD_CALLS) <= labels, sorted(set(METHOD_CALLS) - labels)


def test_usage_is_detected_from_calls_not_prose():
    text = "The CAGR, cagr_pct(x), in prose.\n```{code-cell} ipython3\nqueueing.erlang_c(2, 1)\n```\n"
    assert methods_used(text) == {"methods-queueing"}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_links_the_methods_it_uses(path):
    text = path.read_text(encoding="utf-8")
    linked = set(re.findall(r"\{ref\}`(?:[^`<]*<)?(methods-[\w-]+)>?`", text))
    missing = methods_used(text) - linked
    assert not missing, f"{path.name} uses but does not link: {sorted(missing)}"


def test_chapters_link_only_known_methods_labels():
    # a chapter that computes nothing with a method need not link one; one that links a page it does
    # not use is allowed (a pointer), so only unknown labels fail
    known = set(METHOD_CALLS)
    for path in CHAPTERS:
        linked = set(re.findall(r"\{ref\}`(?:[^`<]*<)?(methods-[\w-]+)>?`", path.read_text(encoding="utf-8")))
        assert linked <= known | {"methods"}, f"{path.name}: unknown methods labels {sorted(linked - known)}"


def test_methods_pages_name_every_chapter_that_uses_them():
    users: dict[str, set[str]] = {}
    for path in CHAPTERS:
        for label in methods_used(path.read_text(encoding="utf-8")):
            users.setdefault(label, set()).add(path.stem)
    for label, chapters in users.items():
        text = (ROOT / "methods" / f"{label.removeprefix('methods-')}.md").read_text(encoding="utf-8")
        named = set(re.findall(r"\{ref\}`chapter-([\w-]+)`", text))
        assert chapters <= named, f"{label} does not name {sorted(chapters - named)}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_methods_line_closes_the_learning_objectives(path):
    text = path.read_text(encoding="utf-8")
    used = methods_used(text)
    if not used:
        return
    box = re.search(r"^:::\{admonition\} Learning objectives\n(.*?)^:::$", text, re.S | re.M)
    assert box, f"{path.name}: no learning-objectives box"
    line = re.search(r"^\*Methods used:\* (.*?)(?:\n\n|\Z)", box.group(1), re.M | re.S)
    assert line, f"{path.name}: the learning objectives do not end with a 'Methods used' line"
    assert set(re.findall(r"<(methods-[\w-]+)>", line.group(1))) == used
