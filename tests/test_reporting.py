"""Statistical reporting helpers: no "0.000", bootstrap floors as bounds, named tests."""

from __future__ import annotations

import re

import numpy as np
import pytest

from ailayoffs import reporting as rp
from tests.conftest import ROOT


@pytest.mark.parametrize("p", [0.0, 1e-12, 0.00049, 0.0004999])
def test_tiny_p_is_a_bound_never_zero(p):
    assert rp.format_p(p) == "p < 0.001"
    assert "0.000" not in rp.format_p(p)


def test_p_rounds_at_the_stated_precision():
    assert rp.format_p(0.0423) == "p = 0.042"
    assert rp.format_p(0.0423, decimals=2) == "p = 0.04"
    assert rp.format_p(0.004, decimals=2) == "p < 0.01"
    assert rp.format_p(0.0423, prefix=False) == "0.042"
    assert rp.format_p(0.0001, prefix=False) == "< 0.001"
    assert rp.format_p(0.9999) == "p > 0.999"


def test_no_formatted_p_prints_zero_at_any_precision():
    for decimals in (1, 2, 3, 4):
        for p in np.linspace(0, 1, 2001):
            text = rp.format_p(float(p), decimals=decimals)
            assert not re.search(r"= 0\.0+$", text), text
            assert not re.search(r"= 1\.0+$", text), text


@pytest.mark.parametrize("bad", [-0.1, 1.1, float("nan")])
def test_impossible_p_values_are_refused(bad):
    with pytest.raises(ValueError):
        rp.format_p(bad)


def test_non_numeric_p_is_refused():
    with pytest.raises(TypeError):
        rp.format_p("0.05")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        rp.format_p(0.5, decimals=0)


def test_bootstrap_floor_from_replications():
    # (1 + k) / (B + 1) with k = 0, as margins.sup_shift_test and productivity.sup_f_test compute it
    for n_boot in (99, 199, 499, 999):
        floor = rp.bootstrap_floor(n_boot)
        assert floor == pytest.approx(1 / (n_boot + 1))
        assert rp.is_at_bootstrap_floor((1 + 0) / (n_boot + 1), n_boot)
        assert not rp.is_at_bootstrap_floor((1 + 1) / (n_boot + 1), n_boot)


def test_bootstrap_p_at_floor_is_reported_as_upper_bound():
    text = rp.format_bootstrap_p(1 / 500, 499)
    assert text.startswith("p ≤ 0.002")
    assert "B = 499" in text
    text = rp.format_bootstrap_p(1 / 1000, 999)
    assert text.startswith("p ≤ 0.001") and "=" not in text.split("(")[0]
    # the printed bound is never below the true floor (rounded up, not to nearest)
    text = rp.format_bootstrap_p(1 / 200, 199, decimals=2)
    assert text.startswith("p ≤ 0.01")
    bound = float(re.search(r"≤ ([\d.]+)", rp.format_bootstrap_p(1 / 300, 299)).group(1))
    assert bound >= 1 / 300


def test_bootstrap_p_above_floor_is_a_value_with_its_b():
    assert rp.format_bootstrap_p(13 / 500, 499) == "p = 0.026 (bootstrap, B = 499)"


def test_bootstrap_p_below_floor_means_a_wrong_formula():
    with pytest.raises(ValueError, match="below the floor"):
        rp.format_bootstrap_p(0.0, 499)
    with pytest.raises(ValueError):
        rp.bootstrap_floor(0)


def test_bootstrap_floor_matches_the_books_sup_f_test():
    from ailayoffs import productivity as pr

    years = np.arange(1990, 2020)
    # a kink so sharp that no bootstrap replication under the no-break null comes near it
    y = np.where(years < 2005, 0.03 * (years - 1990), 0.03 * 15 + 0.0 * (years - 2005))
    y = y + 1e-4 * np.sin(years)
    result = pr.sup_f_test(years, y, n_boot=99, seed=0)
    assert rp.is_at_bootstrap_floor(result["pvalue"], 99)
    assert rp.format_bootstrap_p(result["pvalue"], 99).startswith("p ≤ 0.010")


def test_interval_states_level_method_and_unit():
    assert rp.format_ci(1.2, 3.4, 0.95, "Wilson", unit="%") == "95 % CI (Wilson): 1.20 to 3.40 %"
    assert rp.format_ci(-0.5, 0.25, 0.9, decimals=1) == "90 % CI: -0.5 to 0.2"
    assert rp.format_ci(1, 2, 0.995).startswith("99.5 % CI")


@pytest.mark.parametrize("args", [(3.0, 1.0), (float("nan"), 1.0)])
def test_bad_intervals_are_refused(args):
    with pytest.raises(ValueError):
        rp.format_ci(*args)


def test_interval_level_must_be_a_fraction():
    with pytest.raises(ValueError):
        rp.format_ci(1, 2, level=95)


def test_one_restriction_is_not_a_chow_test():
    with pytest.raises(ValueError, match="not a Chow test"):
        rp.test_label("chow", restrictions=1)
    assert rp.test_label("kink", restrictions=1).startswith("kink test")
    assert rp.test_label("chow", restrictions=3).startswith("Chow test")
    with pytest.raises(ValueError):
        rp.test_label("kink", restrictions=2)
    with pytest.raises(KeyError):
        rp.test_label("t-test")


def test_significance_word():
    assert rp.significance_word(0.01) == "significant at the 5 % level"
    assert rp.significance_word(0.05) == "not significant at the 5 % level"
    assert rp.significance_word(0.05, alpha=0.1) == "significant at the 10 % level"


def test_verdict_says_when_the_conclusion_does_not_rest_on_the_choice():
    text = rp.inference_verdict({"OLS": 0.001, "HAC": 0.0001, "fixed-b": 0.01})
    assert text.startswith("significant at the 5 % level by all of OLS, HAC and fixed-b")
    assert "does not rest on the choice" in text
    text = rp.inference_verdict({"the classic F": 0.3, "HAC": 0.2})
    assert text.startswith("not significant at the 5 % level by both the classic F and HAC")


def test_verdict_names_what_a_rejection_rests_on():
    text = rp.inference_verdict({"OLS": 0.2, "HAC": 0.01, "corrected HAC": 0.08, "fixed-b": 0.11})
    assert text == (
        "significant at the 5 % level by HAC only, not by OLS, corrected HAC or fixed-b: "
        "a rejection would rest on HAC alone"
    )
    # at the boundary a p-value equal to alpha does not reject, as in significance_word
    assert "not by OLS" in rp.inference_verdict({"OLS": 0.05, "HAC": 0.049})


def test_verdict_refuses_bad_input():
    with pytest.raises(ValueError):
        rp.inference_verdict({})
    with pytest.raises(ValueError):
        rp.inference_verdict({"OLS": 1.5})
    with pytest.raises(ValueError):
        rp.inference_verdict({"OLS": 0.1}, alpha=5)


def test_p_columns_of_a_table_never_show_zero():
    import pandas as pd

    frame = pd.DataFrame({"coef": [1.23456, -2.0], "p": [1e-9, 0.0423]})
    shown = rp.format_p_columns(frame, ["p"])
    assert shown["p"].tolist() == ["< 0.001", "0.042"]
    assert shown["coef"].tolist() == frame["coef"].tolist()  # other columns untouched
    assert frame["p"].dtype.kind == "f"  # the input is not modified
    assert rp.format_p_cell(0.00001) == "< 0.001"
    with pytest.raises(KeyError, match="no such p-value column"):
        rp.format_p_columns(frame, ["pvalue"])


def test_simulated_p_value_names_its_kind():
    assert rp.format_bootstrap_p(1 / 4001, 4000, kind="simulated").startswith("p ≤ 0.001 (simulated floor")
    assert rp.format_bootstrap_p(41 / 4001, 4000, kind="simulated") == "p = 0.010 (simulated, B = 4,000)"


def test_kink_inference_reports_four_inferences_on_one_restriction():
    from ailayoffs import productivity as pr

    rng = np.random.default_rng(3)
    years = np.arange(1992, 2019)
    trend = 0.02 * (years - 1992) - 0.01 * np.maximum(0, years - 2010)
    result = pr.kink_inference(years, trend + rng.normal(0, 0.004, len(years)), 2010, n_sim=499, seed=1)
    assert result["n"] == len(years) and result["maxlags"] >= 1
    assert result["slope_change_pct"] == pytest.approx(-1.0, abs=0.3)
    # the classical p-value is the one chow_test's F gives (F = t^2 for one restriction)
    same = pr.chow_test(years, trend + np.random.default_rng(3).normal(0, 0.004, len(years)), 2010)
    assert result["p_ols"] == pytest.approx(same["f_pvalue"], rel=1e-6)
    # corrected HAC is never more significant than plain HAC
    assert result["p_hac_df"] >= result["p_hac"]
    assert result["b"] == pytest.approx((result["maxlags"] + 1) / result["n"])
    # a kink this clear is rejected by every inference; the simulated p-value respects its floor
    assert max(result[k] for k in ("p_ols", "p_hac", "p_hac_df", "p_fixed_b")) < 0.05
    assert result["p_fixed_b"] >= rp.bootstrap_floor(result["n_sim"])


# What a referee would flag in a results section, as it reaches the reader: a p-value of zero or one
# printed to the display precision, and a shift or kink test dressed up as a Chow test.
BAD_REPORTING = {
    "p-value printed as zero": re.compile(r"\bp\s*(?:=|:)\s*0\.0+(?![\d])"),
    "p-value printed as one": re.compile(r"\bp\s*(?:=|:)\s*1\.0+(?![\d])"),
    "'Chow-type' label for a test that is not a Chow test": re.compile(r"Chow[- ]type", re.I),
}


def _page_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", " ")


def test_reporting_rules_catch_what_they_should():
    flagged = ["p = 0.000", "p=0.00", "p = <span>0.000</span>", "(p = 1.000)", "a Chow-type test"]
    for text in flagged:
        assert any(rule.search(_page_text(text)) for rule in BAD_REPORTING.values()), text
    for text in ["p < 0.001", "p = 0.0004", "p = 0.042", "p ≤ 0.002", "p = 0.0011", "a kink test"]:
        assert not any(rule.search(_page_text(text)) for rule in BAD_REPORTING.values()), text


def test_built_pages_report_p_values_and_tests_by_the_rules(site):
    problems = []
    for page in sorted(site.rglob("*.html")):
        text = _page_text(page.read_text(encoding="utf-8"))
        for name, rule in BAD_REPORTING.items():
            for match in rule.finditer(text):
                context = text[max(0, match.start() - 60) : match.end() + 20]
                problems.append(f"{page.relative_to(site)}: {name}: ...{context}...")
    assert not problems, "\n".join(problems[:20])


SOLUTION = re.compile(r"^```\{solution-start\}.*?^```\{solution-end\}\n```", re.S | re.M)
RAW_P_GLUE = re.compile(r"\{glue:text\}`(\w*?(?:^p_|_p_|_p\b|_p(?=:)|pvalue)\w*):[.\d]*f`")
RAW_P_TABLE = re.compile(r"[\"'](?:p|p-value|p_\w+)[\"']\s*:\s*[\"']\{:\.\d+f\}[\"']")


def test_rules_for_sources_catch_raw_p_values():
    assert RAW_P_GLUE.search("gives p = {glue:text}`shift_p_hac:.3f` with")
    assert RAW_P_GLUE.search("({glue:text}`bg_p:.3f`)")
    assert not RAW_P_GLUE.search("({glue:text}`shift_p_hac`)")  # a string from rp.format_p
    assert not RAW_P_GLUE.search("{glue:text}`pop_growth:.1f`")
    assert RAW_P_TABLE.search('.format({"t": "{:.2f}", "p": "{:.3f}"})')


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "chapters").glob("*.md")) + sorted((ROOT / "methods").glob("*.md")),
    ids=lambda p: p.stem,
)
def test_pages_print_p_values_through_the_reporting_helpers(path):
    # solutions belong to the exercises; their code is shown to students as it is
    text = SOLUTION.sub("", path.read_text(encoding="utf-8"))
    raw = RAW_P_GLUE.findall(text) + RAW_P_TABLE.findall(text)
    assert not raw, f"{path.name} formats p-values itself (use ailayoffs.reporting): {raw}"
