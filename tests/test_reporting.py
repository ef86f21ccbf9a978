"""Statistical reporting helpers: no "0.000", bootstrap floors as bounds, named tests."""

from __future__ import annotations

import re

import numpy as np
import pytest

from ailayoffs import reporting as rp


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
