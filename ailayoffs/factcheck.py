"""Grade the article's claims on a published fact-checking scale and publish them as ClaimReview.

:func:`ailayoffs.claims.verdict` answers a yes-or-no question: is our figure
consistent with the claim as worded? A reader needs more: "63 %" against
64.2 % is not the same failure as "63 %" against 20 %. :func:`grade` keeps the
arithmetic test as its basis and maps the distance from the nearest consistent
value onto the rating scale German fact-checkers publish (CORRECTIV's
*richtig*, *größtenteils richtig*, *teilweise falsch*, *größtenteils falsch*,
*falsch*), with English labels. Claims the data cannot test are *unbelegt*
(unproven). Three ratings are set by judgement, not arithmetic, and each needs
a written reason: *fehlender Kontext* (missing context), and the book's own
*falscher Zeitraum* (wrong period: the figure belongs to another period than
the one stated) and *fehlgedeutet* (misread: the right number with the wrong
meaning, e.g. an exposure share read as job losses, an upper bound read as a
forecast, a realised figure read as a plan).

The grading bands are explicit: with a claim's tolerance ``tol`` (per cent of
the claimed value, 5 by default), a claim missing the consistent range by at
most ``tol`` is *mostly true*, by at most 4 × ``tol`` *partly false*, by at most
10 × ``tol`` *mostly false*, beyond that *false*. A direction claim (claimed
value zero: "rises", "falls") is true when the direction holds and false when
it does not; it has no middle grades.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .claims import CONSISTENT, rounding_unit, verdict

__all__ = [
    "BANDS",
    "DEFAULT_TOLERANCE_PCT",
    "RATINGS",
    "Rating",
    "claim_review",
    "consistent_range",
    "deviation_pct",
    "grade",
    "rating",
]


@dataclass(frozen=True)
class Rating:
    """One rating of the scale.

    ``value`` is the rating's place on the five-step truth scale (5 = true,
    1 = false); ratings off that scale (unproven, missing context, wrong
    period, misread) have ``value`` None.
    """

    key: str
    label_en: str
    label_de: str
    value: int | None
    meaning: str
    judged: bool = False  # set by a reviewer's reason, not by arithmetic


RATINGS: tuple[Rating, ...] = (
    Rating("true", "True", "Richtig", 5, "The figure matches the data as worded."),
    Rating(
        "mostly_true",
        "Mostly true",
        "Größtenteils richtig",
        4,
        "The figure misses the data by no more than the claim's tolerance.",
    ),
    Rating(
        "partly_false",
        "Partly false",
        "Teilweise falsch",
        3,
        "The figure misses the data by more than the tolerance, up to four times it.",
    ),
    Rating(
        "mostly_false",
        "Mostly false",
        "Größtenteils falsch",
        2,
        "The figure misses the data by four to ten times the tolerance.",
    ),
    Rating("false", "False", "Falsch", 1, "The figure misses the data by more than ten times the tolerance."),
    Rating(
        "unproven", "Unproven", "Unbelegt", None, "No sourced data the book can reach confirms or refutes the claim."
    ),
    Rating(
        "missing_context",
        "Missing context",
        "Fehlender Kontext",
        None,
        "The figure is right but leaves out what changes its meaning.",
        judged=True,
    ),
    Rating(
        "wrong_period",
        "Wrong period",
        "Falscher Zeitraum",
        None,
        "The figure is right for another period than the one the article names.",
        judged=True,
    ),
    Rating(
        "misread",
        "Misread",
        "Fehlgedeutet",
        None,
        "The right number with the wrong meaning (an exposure read as job losses, an upper bound read "
        "as a forecast, a realised figure read as a plan).",
        judged=True,
    ),
)
_BY_KEY = {r.key: r for r in RATINGS}

#: Tolerance of a claim whose review states none, in per cent of the claimed value.
DEFAULT_TOLERANCE_PCT = 5.0

#: Upper edges of the arithmetic bands, in multiples of the claim's tolerance.
BANDS: tuple[tuple[float, str], ...] = ((1.0, "mostly_true"), (4.0, "partly_false"), (10.0, "mostly_false"))


def rating(key: str) -> Rating:
    """The rating called ``key`` (e.g. ``"mostly_true"``); a clear error for an unknown key."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown rating '{key}'; expected one of {sorted(_BY_KEY)}") from None


def consistent_range(claimed: float, qualifier: str, rel_tol: float = 0.05) -> tuple[float, float]:
    """The closed range of values :func:`~ailayoffs.claims.verdict` accepts for a claim.

    Open bounds ("more than", "less than") are returned as the bound itself;
    the distance from them is what :func:`deviation_pct` measures.
    """
    half_unit = rounding_unit(claimed) / 2
    close = max(rel_tol * abs(claimed), half_unit)
    ranges = {
        "exact": (claimed - half_unit, claimed + half_unit),
        "about": (claimed - close, claimed + close),
        "more than": (claimed, math.inf),
        "at least": (claimed - close, math.inf),
        "up to": (-math.inf, claimed + close),
        "less than": (-math.inf, claimed),
    }
    if qualifier not in ranges:
        raise ValueError(f"unknown qualifier '{qualifier}'; expected one of {sorted(ranges)}")
    return ranges[qualifier]


def deviation_pct(claimed: float, computed: float, qualifier: str, rel_tol: float = 0.05) -> float:
    """How far ``computed`` lies outside the claim's consistent range, in per cent of the claimed value.

    Zero when the claim is consistent; otherwise measured from our unrounded
    figure, so rounding never shrinks a miss.

    A claimed value of zero is a *direction* claim ("rises" is "more than 0",
    "falls" is "less than 0", "planned" is "in force for 0 years"): it has no
    scale to miss by a share of, and a direction that fails is wrong, not
    nearly right, so the deviation of a failed direction claim is infinite
    (:func:`grade` rates it false).
    """
    if verdict(claimed, computed, qualifier, rel_tol) == CONSISTENT:
        return 0.0
    if claimed == 0:
        return math.inf
    low, high = consistent_range(claimed, qualifier, rel_tol)
    gap = low - computed if computed < low else computed - high
    scale = abs(claimed) if claimed else rounding_unit(claimed)
    return 100 * max(gap, 0.0) / scale


def grade(
    claimed: float | None,
    computed: float | None,
    qualifier: str,
    *,
    tolerance_pct: float = DEFAULT_TOLERANCE_PCT,
    judged: str | None = None,
    rel_tol: float = 0.05,
) -> Rating:
    """Rate a claim on the scale.

    Parameters
    ----------
    claimed, computed : float or None
        The article's figure and ours in the same unit; a missing ``computed``
        (no sourced data) rates the claim unproven.
    qualifier : str
        How the article words the figure (see :func:`ailayoffs.claims.verdict`).
    tolerance_pct : float
        The claim's tolerance, in per cent of the claimed value, that sets the
        bands (:data:`BANDS`).
    judged : str, optional
        A judged rating key (``"missing_context"``, ``"wrong_period"``,
        ``"misread"``) or an explicit scale rating set by a reviewer; it takes
        precedence over the arithmetic.
    """
    if judged:
        return rating(judged)
    if computed is None or claimed is None or any(math.isnan(float(x)) for x in (claimed, computed)):
        return rating("unproven")
    if tolerance_pct <= 0:
        raise ValueError("tolerance_pct must be positive")
    if verdict(float(claimed), float(computed), qualifier, rel_tol) == CONSISTENT:
        return rating("true")
    # Inconsistent as printed but inside the rounding a round figure implies ("165,000" for 165,269)
    # has deviation zero: mostly true, the first step below true.
    deviation = deviation_pct(float(claimed), float(computed), qualifier, rel_tol)
    for upper, key in BANDS:
        if deviation <= upper * tolerance_pct:
            return rating(key)
    return rating("false")


def claim_review(
    *,
    claim_text: str,
    rating_: Rating,
    explanation: str,
    url: str,
    date_published: str,
    author: str,
    article: dict,
    language: str = "de",
) -> dict:
    """A schema.org ``ClaimReview`` for one claim, ready for JSON-LD.

    Parameters
    ----------
    claim_text : str
        The claim in our words (``claimReviewed``).
    rating_ : Rating
        Its rating; off-scale ratings carry no ``ratingValue``.
    explanation : str
        One line: why (``reviewBody``).
    url : str
        Address of the claim's card in the book.
    date_published : str
        ISO date of the review.
    author : str
        The reviewing organisation (the book).
    article : dict
        ``{"headline", "url", "author", "datePublished", "publisher"}`` of the
        article in which the claim appeared.
    """
    review_rating = {
        "@type": "Rating",
        "alternateName": rating_.label_en,
        "bestRating": 5,
        "worstRating": 1,
    }
    if rating_.value is not None:
        review_rating["ratingValue"] = rating_.value
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "datePublished": date_published,
        "author": {"@type": "Organization", "name": author},
        "claimReviewed": claim_text,
        "reviewBody": explanation,
        "reviewRating": review_rating,
        "itemReviewed": {
            "@type": "Claim",
            "inLanguage": language,
            "appearance": {
                "@type": "NewsArticle",
                "headline": article["headline"],
                "url": article["url"],
                "datePublished": article["datePublished"],
                "author": {"@type": "Person", "name": article["author"]},
                "publisher": {"@type": "Organization", "name": article["publisher"]},
            },
        },
    }
