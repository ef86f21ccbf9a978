"""Check the article's numeric claims against figures computed from data.

A claim carries a qualifier ("about", "more than", "up to" ...). :func:`verdict`
decides whether a computed value is consistent with the claim as worded, and
:func:`check_claims` builds the table a chapter prints. A claim names the figure
that answers it in its ``answered_by`` column (a glue key); a chapter publishes
that figure (:func:`ailayoffs.book.publish`) and :func:`check_claims` reads it
from what was published, so no chapter lists its figures twice.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from markupsafe import Markup

__all__ = [
    "REGISTER_PAGE",
    "answered_by",
    "article_date",
    "card_links",
    "card_url",
    "check_claims",
    "claims_table",
    "figures_from_published",
    "in_sections",
    "round_half_up",
    "rounding_unit",
    "shown_decimals",
    "verdict",
]

CONSISTENT = "consistent"
INCONSISTENT = "not consistent"
UNCHECKED = "not checkable with sourced data"

#: The register page ("Checking the article") as seen from a chapter in ``chapters/``.
REGISTER_PAGE = "../checking-the-article.html"

#: Who wrote the German phrases quoted beside each claim.
ARTICLE_CREDIT = "Xpert.Digital"


def shown_decimals(value: float) -> int:
    """How many decimals a printed figure shows: 13 -> 0, 167.7 -> 1, 39.45 -> 2."""
    if not math.isfinite(float(value)):
        raise ValueError("a printed figure must be finite")
    text = repr(float(value))
    if "e" in text:
        raise ValueError(f"cannot tell the printed digits of {value!r}")
    return len(text.split(".")[1].rstrip("0"))


def round_half_up(value: float, decimals: int) -> float:
    """Round as a reader would (half away from zero), not to even: 39.45 -> 39.5 at one decimal."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def rounding_unit(value: float) -> float:
    """The precision a stated figure implies: 20 -> 10, 350000 -> 10000, 38 -> 1, 1.55 -> 0.01."""
    value = abs(float(value))
    if value == 0:
        return 1.0
    if value == int(value):
        unit = 1.0
        while value % (unit * 10) == 0:
            unit *= 10
        return unit
    decimals = len(f"{value:.10f}".rstrip("0").split(".")[1])
    return 10.0**-decimals


def verdict(claimed: float, computed: float, qualifier: str, rel_tol: float = 0.05) -> str:
    """Is ``computed`` consistent with a claim of ``qualifier`` ``claimed``?

    A stated figure carries its own precision. A figure printed without
    qualifier ("exact") is read as rounded to the digits shown: ours, rounded
    half up to as many decimals, must equal it, so 13.33 % is consistent with
    "13 %" but 64.2 % is not with "63 %" and 90 days is not 91. "about" reads
    trailing zeros as rounding too ("about 20 %" is rounded to the nearest
    ten, see :func:`rounding_unit`) and accepts half that unit or ``rel_tol``
    of the claim, whichever is wider.

    Parameters
    ----------
    claimed, computed : float
        The article's figure and ours, in the same unit.
    qualifier : {"exact", "about", "more than", "at least", "up to", "less than"}
        How the article words the figure.
    rel_tol : float
        Relative tolerance for "about".

    Returns
    -------
    str
        ``"consistent"`` or ``"not consistent"``.
    """
    if any(math.isnan(x) for x in (claimed, computed)):
        raise ValueError("verdict needs two numbers")
    half_unit = rounding_unit(claimed) / 2 * (1 + 1e-9)
    close = abs(computed - claimed) <= max(rel_tol * abs(claimed), half_unit)
    digits = shown_decimals(claimed)
    tests = {
        "exact": round_half_up(computed, digits) == round_half_up(claimed, digits),
        "about": close,
        "more than": computed > claimed,
        "at least": computed >= claimed or close,
        "up to": computed <= claimed or close,
        "less than": computed < claimed,
    }
    if qualifier not in tests:
        raise ValueError(f"unknown qualifier '{qualifier}'; expected one of {sorted(tests)}")
    return CONSISTENT if tests[qualifier] else INCONSISTENT


def _figure(value: float, unit: str, decimals: int) -> str:
    if unit == "year":
        return f"{int(value)}"
    return f"{value:,.{decimals}f}"


def _ours(value: float, unit: str) -> str:
    """Our figure for reading: whole numbers for persons, years and large values, else two decimals."""
    if pd.isna(value):
        return "–"
    whole = unit in ("persons", "year", "days") or abs(value) >= 1000
    return f"{_figure(value, unit, 0 if whole else 2)} {unit}"


def answered_by(claim) -> str:
    """The glue key that answers ``claim`` (a row of ``article_claims``), without a ``doc::`` prefix; '' if none."""
    key = getattr(claim, "answered_by", "")
    key = "" if key is None or (not isinstance(key, str) and pd.isna(key)) else str(key).strip()
    return key.rpartition("::")[2]


def figures_from_published(claims: pd.DataFrame, published: Mapping[str, object] | None = None) -> dict[str, float]:
    """Our figure for each checkable claim, read from the published values by the claim's ``answered_by`` key.

    Parameters
    ----------
    claims : pandas.DataFrame
        Rows of ``article_claims``.
    published : mapping, optional
        Published values by name; by default what this chapter has published
        so far (:func:`ailayoffs.book.published`).

    Raises
    ------
    KeyError
        For a claim whose ``answered_by`` key has not been published, naming the claim.
    TypeError
        For a claim whose published value is not a number.
    """
    if published is None:
        from .book import published as _published

        published = _published()
    figures = {}
    for claim in claims.itertuples(index=False):
        key = answered_by(claim)
        if not key or pd.isna(claim.value) or not bool(claim.checkable):
            continue
        if key not in published:
            raise KeyError(
                f"claim '{claim.claim_id}': its figure '{key}' (answered_by in article_claims) has not been "
                "published; publish it before checking the claims"
            )
        value = published[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"claim '{claim.claim_id}': published '{key}' is {value!r}, not a number")
        figures[claim.claim_id] = float(value)
    return figures


def check_claims(
    claims: pd.DataFrame,
    computed: dict[str, float] | None = None,
    rel_tol: float = 0.05,
    *,
    published: Mapping[str, object] | None = None,
) -> pd.DataFrame:
    """Table of the claims with our figure and a verdict.

    Parameters
    ----------
    claims : pandas.DataFrame
        Rows of the ``article_claims`` dataset to check.
    computed : dict, optional
        Our figure for each ``claim_id``, in the claim's unit. By default the
        figures are read from what the chapter published, by each claim's
        ``answered_by`` key (:func:`figures_from_published`; a key not
        published is an error naming the claim). Claims without a figure, or
        marked not checkable, get the verdict "not checkable with sourced
        data". An entry for a claim not among ``claims`` is an error.
    published : mapping, optional
        Published values to read from instead of this process's registry.

    Returns
    -------
    DataFrame
        ``claim_id``, ``article`` (the figure with the digits the article
        prints), ``quantity``, ``computed`` (ours, unrounded), ``compared``
        (what the verdict compared: ours rounded to the printed digits for
        unqualified figures, unrounded otherwise), ``unit``, ``verdict``,
        and for display ``claimed``, ``qualifier``, ``printed_decimals`` and
        ``phrase_de`` (the article's words). Claims without a figure
        (statements the register rates by judgement) are left out: a
        chapter's table checks numbers.
    """
    if computed is None:
        computed = figures_from_published(claims, published)
    unknown = set(computed) - set(claims["claim_id"])
    claims = claims[claims["value"].notna()]
    if unknown:
        raise KeyError(f"no claim(s) {sorted(unknown)} among the claims given")
    rows = []
    for claim in claims.itertuples(index=False):
        ours = computed.get(claim.claim_id)
        digits = shown_decimals(claim.value)
        if ours is None or not bool(claim.checkable):
            result, ours, compared = UNCHECKED, float("nan"), "–"
        else:
            result = verdict(float(claim.value), float(ours), claim.qualifier, rel_tol)
            compared = (
                _figure(round_half_up(float(ours), digits), claim.unit, digits)
                if claim.qualifier == "exact"
                else "unrounded"
            )
        qualifier = "" if claim.qualifier == "exact" else f"{claim.qualifier} "
        rows.append(
            {
                "claim_id": claim.claim_id,
                "article": f"{qualifier}{_figure(float(claim.value), claim.unit, digits)} {claim.unit}",
                "quantity": claim.quantity,
                "computed": float(ours),
                "compared": compared,
                "unit": claim.unit,
                "verdict": result,
                "claimed": float(claim.value),
                "qualifier": claim.qualifier,
                "printed_decimals": digits,
                "phrase_de": claim.phrase_de,
            }
        )
    return pd.DataFrame(rows)


def summary(checked: pd.DataFrame) -> dict[str, int]:
    """Counts of a chapter's verdicts, keyed as chapters glue them.

    ``claims_checked`` (claims sourced data can test), ``claims_consistent``,
    ``claims_inconsistent`` and ``claims_unchecked``, from the output of
    :func:`check_claims`.
    """
    verdicts = checked["verdict"]
    return {
        "claims_checked": int((verdicts != UNCHECKED).sum()),
        "claims_consistent": int((verdicts == CONSISTENT).sum()),
        "claims_inconsistent": int((verdicts == INCONSISTENT).sum()),
        "claims_unchecked": int((verdicts == UNCHECKED).sum()),
    }


_RULES = {
    "exact": "ours, rounded to the printed digits, equals it",
    "about": "ours lies within rounding of it (or 5 %)",
    "more than": "ours is above it",
    "less than": "ours is below it",
    "at least": "ours is at or above it, or close",
    "up to": "ours is at or below it, or close",
}


def card_url(claim_id: str, register_page: str = REGISTER_PAGE) -> str:
    """Address of a claim's card on the register page, relative to a chapter."""
    return f"{register_page}#claim-{claim_id}"


def _card_link(claim_id: str, text: str, register_page: str) -> Markup:
    return Markup('<a class="claim-card-link" href="{}">{}</a>').format(card_url(claim_id, register_page), text)


def claims_table(checked: pd.DataFrame, register_page: str = REGISTER_PAGE):
    """The output of :func:`check_claims` as an escaped table for reading, one row per claim.

    Figures read plainly: "as printed" with the article's digits, "ours" at the
    quantity's display precision (:mod:`ailayoffs.formatting`), and the rule
    the verdict applied in words. Each claim links to its card on the register
    page, and the article's own short phrase stands beside it, attributed.
    """
    from . import formatting, tables

    printed, mine, rules, links, words = [], [], [], [], []
    for row in checked.itertuples(index=False):
        printed.append(formatting.as_printed(row.claimed, row.unit, row.qualifier, row.printed_decimals))
        mine.append(formatting.ours(float(row.computed), row.unit, row.printed_decimals))
        rules.append("–" if row.verdict == UNCHECKED else _RULES[row.qualifier])
        links.append(_card_link(row.claim_id, row.quantity, register_page))
        words.append(f"„{row.phrase_de}“")
    table = pd.DataFrame(
        {
            "Claim (card in the register)": links,
            f"The article's words ({ARTICLE_CREDIT})": words,
            "As printed": printed,
            "Ours": mine,
            "Consistent if": rules,
            "Verdict": checked["verdict"].to_numpy(),
        }
    )
    return tables.table(table, hide_index=True)


class _Html:
    """HTML for a notebook output (``_repr_html_``), built escaped."""

    def __init__(self, markup: Markup):
        self.markup = markup

    def _repr_html_(self) -> str:
        return str(self.markup)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.markup)} characters of HTML)"


def card_links(claims: pd.DataFrame, register_page: str = REGISTER_PAGE) -> _Html:
    """A list linking every claim of ``claims`` (figures and statements) to its card on the register page.

    Each item shows the claim and the article's short German phrase,
    attributed; all text from the data is escaped.
    """
    if claims.empty:
        raise ValueError("no claims to link; select the section's claims with in_sections")
    items = Markup("").join(
        Markup('<li>{} <span lang="de">„{}“</span></li>').format(
            _card_link(c.claim_id, c.quantity, register_page), c.phrase_de
        )
        for c in claims.itertuples(index=False)
    )
    return _Html(
        Markup(
            '<div class="claim-card-links"><p>The fact-check register rates each claim of this section; '
            'its cards give the facts and sources (phrases quoted from the article, {}):</p><ul>{}</ul></div>'
        ).format(ARTICLE_CREDIT, items)
    )


def in_sections(claims: pd.DataFrame, *sections: str) -> pd.DataFrame:
    """The claims made in the given German sections of the article (``section_de``)."""
    unknown = set(sections) - set(claims["section_de"])
    if unknown:
        raise KeyError(f"no claims recorded for section(s) {sorted(unknown)}")
    return claims[claims["section_de"].isin(sections)]


def article_date(info) -> pd.Timestamp:
    """Publication date of the article, from the ``x-published`` field of its source in ``article_claims``.

    Parameters
    ----------
    info : DatasetInfo
        ``load("article_claims").attrs["dataset"]``.
    """
    for source in info.sources:
        if source.get("x-bibkey") == "wolfenstein2025" and source.get("x-published"):
            return pd.Timestamp(source["x-published"])
    raise KeyError("the article's source in article_claims records no 'x-published' date")
