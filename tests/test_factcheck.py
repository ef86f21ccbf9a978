"""The graded verdict scale: every rating is reachable, bands follow the stated tolerance."""

import math

import pytest

from ailayoffs import factcheck
from ailayoffs.claims import CONSISTENT, verdict


def test_consistent_claims_are_true():
    # 13.33 % printed as "13 %" is consistent: rated true, deviation zero.
    assert factcheck.grade(13, 13.33, "exact").key == "true"
    assert factcheck.deviation_pct(13, 13.33, "exact") == 0


def test_meta_share_fall_is_mostly_true_not_false():
    # "63 %" against 64.2 %: inconsistent under the rounding rule, but it misses the
    # range [62.5, 63.5] by 0.7 points, 1.1 % of the claim: inside a 5 % tolerance.
    assert verdict(63, 64.2, "exact") != CONSISTENT
    assert factcheck.deviation_pct(63, 64.2, "exact") == pytest.approx(100 * 0.7 / 63)
    assert factcheck.grade(63, 64.2, "exact").key == "mostly_true"


@pytest.mark.parametrize(
    ("computed", "key"),
    [
        (105.0, "true"),  # "about 101" accepts 5 %: [95.95, 106.05]
        (110.0, "mostly_true"),  # 3.95 outside: 3.9 % of 101
        (125.0, "partly_false"),  # 18.8 % outside
        (145.0, "mostly_false"),  # 38.6 % outside
        (170.0, "false"),  # 63.3 % outside
        (40.0, "false"),  # 55.4 % below
    ],
)
def test_bands_scale_with_tolerance(computed, key):
    assert factcheck.consistent_range(101, "about") == pytest.approx((95.95, 106.05))
    assert factcheck.grade(101, computed, "about", tolerance_pct=5).key == key


def test_tolerance_is_per_claim():
    # The same miss is mostly true at a 10 % tolerance and partly false at 2 %.
    assert factcheck.grade(101, 114, "about", tolerance_pct=10).key == "mostly_true"
    assert factcheck.grade(101, 114, "about", tolerance_pct=2).key == "partly_false"


def test_open_qualifiers_measure_distance_from_the_bound():
    assert factcheck.grade(50, 51, "more than").key == "true"
    assert factcheck.deviation_pct(50, 49, "more than") == pytest.approx(2.0)
    assert factcheck.grade(50, 49, "more than").key == "mostly_true"
    assert factcheck.grade(30000, 14000, "up to").key == "true"
    # "at least 14,000" accepts 13,300 and more; 10,000 misses by 3,300, 23.6 % of the claim.
    assert factcheck.grade(14000, 10000, "at least").key == "mostly_false"


def test_missing_data_is_unproven_and_judged_ratings_take_precedence():
    assert factcheck.grade(14000, None, "exact").key == "unproven"
    assert factcheck.grade(14000, math.nan, "exact").key == "unproven"
    for key in ("missing_context", "wrong_period", "misread"):
        rated = factcheck.grade(14000, 14000, "exact", judged=key)
        assert rated.key == key and rated.judged and rated.value is None


def test_every_rating_is_reachable():
    reached = {factcheck.grade(101, c, "about").key for c in (101, 110, 125, 145, 170)}
    reached |= {factcheck.grade(101, None, "about").key}
    reached |= {factcheck.grade(1, 1, "exact", judged=k).key for k in ("missing_context", "wrong_period", "misread")}
    assert reached == {r.key for r in factcheck.RATINGS}


def test_bad_input_is_refused():
    with pytest.raises(KeyError, match="unknown rating"):
        factcheck.rating("pants on fire")
    with pytest.raises(ValueError, match="qualifier"):
        factcheck.grade(1, 2, "roughly")
    with pytest.raises(ValueError, match="tolerance"):
        factcheck.grade(1, 2, "exact", tolerance_pct=0)


def test_claim_review_shape():
    article = {
        "headline": "H",
        "url": "https://example.org/a",
        "author": "A",
        "datePublished": "2025-10-28",
        "publisher": "P",
    }
    review = factcheck.claim_review(
        claim_text="c",
        rating_=factcheck.rating("mostly_true"),
        explanation="e",
        url="checking.html#c",
        date_published="2026-12-01",
        author="Book",
        article=article,
    )
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "bestRating": 5,
        "worstRating": 1,
        "ratingValue": 4,
    }
    assert review["itemReviewed"]["appearance"]["url"] == "https://example.org/a"
    unproven = factcheck.claim_review(
        claim_text="c",
        rating_=factcheck.rating("unproven"),
        explanation="e",
        url="u",
        date_published="d",
        author="B",
        article=article,
    )
    assert "ratingValue" not in unproven["reviewRating"]


def test_a_round_figure_off_as_printed_but_within_its_rounding_is_mostly_true():
    # "165,000" against 165,269: not the printed digits, but inside the thousand the figure is rounded to.
    assert verdict(165000, 165269, "exact") != CONSISTENT
    assert factcheck.deviation_pct(165000, 165269, "exact") == 0
    assert factcheck.grade(165000, 165269, "exact").key == "mostly_true"


@pytest.mark.parametrize(
    ("qualifier", "held", "failed"),
    [("more than", 0.3, -0.3), ("less than", -1.5, 1.5), ("exact", 0.2, 1.2)],
)
def test_direction_claims_are_true_when_they_hold_and_false_when_they_fail(qualifier, held, failed):
    # "rises" (more than 0), "falls" (less than 0), "planned" (in force for 0 years): no middle grades.
    assert factcheck.grade(0.0, held, qualifier).key == "true"
    assert factcheck.grade(0.0, failed, qualifier).key == "false"
    assert math.isinf(factcheck.deviation_pct(0.0, failed, qualifier))
    assert factcheck.deviation_pct(0.0, held, qualifier) == 0.0
