"""Training gaps: values from the data, the right band for the information published."""

from __future__ import annotations

import pytest

from ailayoffs import load, training


@pytest.fixture(scope="module")
def table():
    return load("de_training_participation")


def test_gaps_are_differences_of_the_published_rates(table):
    gaps = training.participation_gaps(table)
    rates = table.set_index("row_id")["participation_pct"]
    assert gaps.loc["routine_2019", "gap_pp"] == rates["iab19_low_routine"] - rates["iab19_high_routine"]
    assert gaps.loc["automation_2024", "gap_pp"] == rates["iab24_low_auto"] - rates["iab24_high_auto"]


def test_without_sample_sizes_the_band_is_rounding_and_labelled_so(table):
    gaps = training.participation_gaps(table)
    assert table["sample_size"].isna().all()
    assert (gaps["band"] == "rounding band (not a confidence interval)").all()
    assert (gaps["high_pp"] - gaps["low_pp"]).tolist() == pytest.approx([2.0] * len(gaps))


def test_with_sample_sizes_a_wald_interval_is_used(table):
    with_n = table.copy()
    with_n["sample_size"] = 400
    gaps = training.participation_gaps(with_n)
    low, high = training.gap_interval(41, 400, 27, 400)
    assert gaps.loc["routine_2019", ["low_pp", "high_pp"]].tolist() == pytest.approx([low, high])
    # by hand: .41*.59/400 + .27*.73/400 = .00060475 + .00049275 = .0010975; sqrt = .033129;
    # times 1.96 = .064932 -> 14 +/- 6.49 points
    assert (low, high) == pytest.approx((14 - 6.4932, 14 + 6.4932), abs=0.001)


def test_rounding_band():
    assert training.rounding_band_pp(41) == 0.5
    assert training.rounding_band_pp(4.3) == pytest.approx(0.05)


def test_interval_needs_sample_sizes():
    with pytest.raises(ValueError, match="sample sizes"):
        training.gap_interval(41, None, 27, 300)
    with pytest.raises(ValueError):
        training.gap_interval(141, 300, 27, 300)
