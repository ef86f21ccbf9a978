"""The fact-check register: every claim of the article with its rating, facts and sources.

The register joins three things:

* ``article_claims``: what the article says (section, figure, unit, qualifier,
  a short German phrase locating it) and ``answered_by``, the name under which
  a chapter publishes our figure for the claim (``key``, looked up in the
  chapter mirroring the claim's section, or ``doc::key`` for another chapter);
* ``article_claim_reviews``: the reviewer's part (period, datasets answering
  the claim, the weakest source tier, the tolerance, a judged rating where
  arithmetic cannot decide, a reason, what happened after the article);
* the figures the chapters published when the book was built.

:func:`build_register` refuses a claim whose published figure, review or
dataset is missing, naming the claim, so the register cannot silently show a
hole. Ratings come from :func:`ailayoffs.factcheck.grade`.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping, Sequence

import pandas as pd

from . import factcheck
from .claims import shown_decimals

__all__ = ["LEAD_SECTION", "TIERS", "RegisterError", "build_register", "parse_published", "rating_counts"]

#: The article's untitled lead is checked with its first section.
LEAD_SECTION = "Einleitung"

#: Source tiers from strongest to weakest; a claim records the weakest link of our figure.
TIERS = (
    "filing",
    "market data",
    "statistical office",
    "research publication",
    "company statement",
    "press quoting a source",
    "secondary of secondary",
    "none",
)


class RegisterError(ValueError):
    """A claim the register cannot show: its figure, review or dataset is missing."""


def parse_published(glue: Mapping[str, Mapping]) -> dict[str, object]:
    """Plain values from one chapter's glue data (myst-nb's ``.glue.json``).

    Only plain values (numbers, strings: their ``text/plain`` is a Python
    literal) are returned; charts and other displays are left out.
    """
    values = {}
    for key, output in glue.items():
        text = output.get("data", {}).get("text/plain")
        if text is None:
            continue
        try:
            values[key] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            continue
    return values


def _text(value) -> str:
    """A text cell as a string: missing (None, NaN, pandas NA) is empty."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()


def _section_docs(sections: Sequence[Mapping]) -> dict[str, Mapping]:
    by_de = {s["de"]: s for s in sections}
    first = min(sections, key=lambda s: s["n"])
    by_de[LEAD_SECTION] = {**first, "n": 0, "en": "Lead", "de": LEAD_SECTION}
    return by_de


def _published_value(claim_id: str, key: str, section: Mapping, published: Mapping[str, Mapping[str, object]]) -> float:
    doc, _, name = key.rpartition("::")
    if not doc:
        # A plain name is looked up in the chapter of the claim's section, then in any chapter that has it.
        holders = [d for d, values in published.items() if name in values]
        doc = section["doc"] if section["doc"] in holders or not holders else holders[0]
    if doc not in published:
        raise RegisterError(
            f"claim '{claim_id}': answered_by '{key}' names chapter '{doc}', "
            f"which published no figures (known: {sorted(published)})"
        )
    if name not in published[doc]:
        raise RegisterError(
            f"claim '{claim_id}': answered_by '{key}': chapter '{doc}' publishes no value named '{name}'"
        )
    value = published[doc][name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RegisterError(f"claim '{claim_id}': '{key}' is {value!r}, not a number")
    return float(value)


def build_register(
    claims: pd.DataFrame,
    reviews: pd.DataFrame,
    published: Mapping[str, Mapping[str, object]],
    sections: Sequence[Mapping],
    datasets: Sequence[str],
) -> pd.DataFrame:
    """One row per claim with our figure, its rating and the reviewer's facts.

    Parameters
    ----------
    claims : DataFrame
        ``article_claims`` as loaded.
    reviews : DataFrame
        ``article_claim_reviews`` as loaded (one row per claim).
    published : mapping
        Chapter document (e.g. ``"chapters/economic-logic"``) to its published
        values (:func:`parse_published`).
    sections : sequence of mappings
        The article's sections from ``chapters/outline.yml`` (``n``, ``de``,
        ``en``, ``doc``).
    datasets : sequence of str
        Names of the book's datasets; a review naming another is an error.

    Raises
    ------
    RegisterError
        Naming the claim, when a claim has no review (or a review no claim),
        names a figure no chapter publishes, a dataset the book does not have,
        or a section the outline does not know.
    """
    reviews = reviews.set_index("claim_id")
    missing = sorted(set(claims["claim_id"]) - set(reviews.index))
    if missing:
        raise RegisterError(f"claim(s) without a review in article_claim_reviews: {missing}")
    orphans = sorted(set(reviews.index) - set(claims["claim_id"]))
    if orphans:
        raise RegisterError(f"review(s) of claims not in article_claims: {orphans}")
    by_de = _section_docs(sections)
    known = set(datasets)
    rows = []
    for claim in claims.itertuples(index=False):
        review = reviews.loc[claim.claim_id]
        section = by_de.get(claim.section_de)
        if section is None:
            raise RegisterError(f"claim '{claim.claim_id}': section '{claim.section_de}' is not in the outline")
        names = [n.strip() for n in _text(review["datasets"]).split(";") if n.strip()]
        unknown = sorted(set(names) - known)
        if unknown:
            raise RegisterError(f"claim '{claim.claim_id}': unknown dataset(s) {unknown}")
        answered_by = _text(getattr(claim, "answered_by", ""))
        judged = _text(review["judged_rating"]) or None
        if bool(claim.checkable) and not answered_by and not judged:
            raise RegisterError(
                f"claim '{claim.claim_id}' is marked checkable but names no published figure "
                "(answered_by) and no judged rating"
            )
        if answered_by and not names:
            raise RegisterError(
                f"claim '{claim.claim_id}': answered by '{answered_by}' but its review names no dataset"
            )
        ours = _published_value(claim.claim_id, answered_by, section, published) if answered_by else math.nan
        claimed = float(claim.value) if pd.notna(claim.value) else math.nan
        tolerance = (
            float(review["tolerance_pct"]) if pd.notna(review["tolerance_pct"]) else factcheck.DEFAULT_TOLERANCE_PCT
        )
        rated = factcheck.grade(
            None if math.isnan(claimed) else claimed,
            None if math.isnan(ours) else ours,
            claim.qualifier,
            tolerance_pct=tolerance,
            judged=judged,
        )
        deviation = (
            factcheck.deviation_pct(claimed, ours, claim.qualifier)
            if not (math.isnan(ours) or math.isnan(claimed))
            else math.nan
        )
        rows.append(
            {
                "claim_id": claim.claim_id,
                "section_n": int(section["n"]),
                "section_en": section["en"],
                "section_de": claim.section_de,
                "doc": section["doc"],
                "phrase_de": claim.phrase_de,
                "quantity": claim.quantity,
                "claimed": claimed,
                "printed_decimals": shown_decimals(claimed) if not math.isnan(claimed) else 0,
                "unit": claim.unit,
                "qualifier": claim.qualifier,
                "period": _text(review["period"]),
                "answered_by": answered_by,
                "ours": ours,
                "deviation_pct": deviation,
                "rating": rated.key,
                "rating_en": rated.label_en,
                "rating_de": rated.label_de,
                "rating_value": rated.value,
                "tolerance_pct": tolerance,
                "source_tier": review["source_tier"],
                "datasets": "; ".join(names),
                "reason": _text(review["reason"]),
                "after_article": _text(review["after_article"]),
            }
        )
    frame = pd.DataFrame(rows)
    return frame.sort_values(["section_n", "claim_id"], kind="stable").reset_index(drop=True)


def rating_counts(register: pd.DataFrame) -> pd.DataFrame:
    """Claims per section and rating, in the scale's order (for the chart of verdicts by section)."""
    order = {r.key: i for i, r in enumerate(factcheck.RATINGS)}
    counts = (
        register.groupby(["section_n", "section_en", "rating", "rating_en"], as_index=False)
        .size()
        .rename(columns={"size": "claims"})
    )
    counts["rating_order"] = counts["rating"].map(order)
    return counts.sort_values(["section_n", "rating_order"]).reset_index(drop=True)
