"""The closing synthesis: the article's claims by section, and the register's state.

:func:`claims_by_section` counts the claims of ``article_claims`` per German
section, in the article's order (from ``chapters/outline.yml``), split into
those the book checks against sourced data, those the register rates by
judgement on sourced facts (``judged_rating`` in ``article_claim_reviews``),
and those no stored source can settle.
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "CHECKED",
    "JUDGED",
    "NOT_CHECKABLE",
    "STATUSES",
    "claim_status",
    "claims_by_section",
    "load_outline",
    "section_order",
]

CHECKED = "checked against sourced data"
JUDGED = "rated by judgement on sourced facts"
NOT_CHECKABLE = "not checkable with sourced data"
#: The statuses in the order a chart stacks them.
STATUSES = (CHECKED, JUDGED, NOT_CHECKABLE)


def section_order(outline: dict) -> list[str]:
    """The article's German section titles in order, the lead ("Einleitung") first."""
    return ["Einleitung", *[s["de"] for s in sorted(outline["sections"], key=lambda s: s["n"])]]


def claim_status(claims: pd.DataFrame, reviews: pd.DataFrame) -> pd.Series:
    """Each claim's status (:data:`STATUSES`), aligned with ``claims``.

    Checked against sourced data where the claim is ``checkable``; else rated by
    judgement where its review gives a rating other than "unproven"; else not
    checkable with sourced data.
    """
    judged = claims["claim_id"].map(reviews.set_index("claim_id")["judged_rating"])
    by_judgement = judged.notna() & (judged != "unproven")
    return (
        pd.Series(NOT_CHECKABLE, index=claims.index)
        .mask(by_judgement, JUDGED)
        .mask(claims["checkable"].astype(bool), CHECKED)
        .rename("status")
    )


def claims_by_section(claims: pd.DataFrame, reviews: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Number of claims per section and status, in article order, zero rows dropped.

    Parameters
    ----------
    claims : DataFrame
        ``article_claims`` as loaded.
    reviews : DataFrame
        ``article_claim_reviews`` as loaded: a claim the arithmetic cannot
        check but whose review gives a rating other than "unproven" counts as
        rated by judgement.
    order : list of str
        Section titles in the article's order (:func:`section_order`).

    Returns
    -------
    DataFrame
        ``section_de``, ``position`` (1 = lead), ``status``, ``claims``.

    Raises
    ------
    KeyError
        If a claim names a section not in ``order``.
    """
    unknown = set(claims["section_de"]) - set(order)
    if unknown:
        raise KeyError(f"claims name section(s) not in the outline: {sorted(unknown)}")
    status = claim_status(claims, reviews)
    counts = claims.assign(status=status).groupby(["section_de", "status"]).size().rename("claims").reset_index()
    counts["position"] = counts["section_de"].map({s: i + 1 for i, s in enumerate(order)})
    return counts.sort_values(["position", "status"]).reset_index(drop=True)[
        ["section_de", "position", "status", "claims"]
    ]


def load_outline(path=None) -> dict:
    """``chapters/outline.yml``: the article's sections mapped to the book's parts and chapters."""
    from pathlib import Path

    import yaml

    path = Path(path) if path else Path(__file__).resolve().parent.parent / "chapters" / "outline.yml"
    outline = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(outline, dict) or "sections" not in outline:
        raise ValueError(f"{path} holds no 'sections' list")
    return outline
