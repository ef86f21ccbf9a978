"""One display precision per quantity, used in sentences, tables and tooltips.

A figure's decimals follow from its unit (``decimals_for``); a claim printed
with more digits than that keeps the article's digits. Every printed figure of
the book goes through :func:`figure`, so the same quantity cannot print as
17.5 % in one place and 17.47 % in another.
"""

from __future__ import annotations

import math

__all__ = ["DECIMALS", "about", "as_printed", "decimals_for", "figure", "ours", "unit_label"]

# Decimals a quantity is shown with, by unit. Counts of people, days, years and
# reports are whole; shares, rates, ratios and amounts in millions or billions
# carry one decimal.
DECIMALS = {
    "persons": 0,
    "persons per day": 0,
    "days": 0,
    "year": 0,
    "reports": 0,
    "changes": 0,
    "percent": 1,
    "percent of firms": 1,
    "percent of workforce": 1,
    "percent per year": 1,
    "percentage points": 1,
    "USD billion": 1,
    "million persons": 1,
    "million full-time jobs": 1,
    "times": 1,
    "years": 1,
    "rank": 0,
    "proceedings": 0,
    "quarters of eight": 0,
    "sites": 0,
    "percentage points per decade": 1,
    "ratio points": 2,
    "EUR billion": 1,
}

_UNIT_LABELS = {
    "percent": "%",
    "percent of firms": "% of firms",
    "percent of workforce": "% of the workforce",
    "percent per year": "% a year",
    "percentage points": "pp",
    "USD billion": "USD bn",
    "EUR billion": "EUR bn",
    "year": "",
}


def decimals_for(unit: str) -> int:
    """The display decimals of a quantity measured in ``unit``.

    Raises
    ------
    KeyError
        For a unit without a rule: add it to :data:`DECIMALS` rather than guess.
    """
    if unit not in DECIMALS:
        raise KeyError(f"no display precision for unit '{unit}'; add it to ailayoffs.formatting.DECIMALS")
    return DECIMALS[unit]


def unit_label(unit: str) -> str:
    """How a unit reads after a figure: ``percent`` -> ``%``."""
    return _UNIT_LABELS.get(unit, unit)  # a year prints as the year alone


def figure(value: float, unit: str, decimals: int | None = None) -> str:
    """``value`` with thousands separators, its unit's decimals and unit: ``13.3 %``, ``14,000 persons``.

    Parameters
    ----------
    value : float
        The figure, in ``unit``.
    unit : str
        A unit of :data:`DECIMALS`.
    decimals : int, optional
        Overrides the unit's rule (a claim printed with more digits).
    """
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"cannot print {value!r} as a figure")
    digits = decimals_for(unit) if decimals is None else decimals
    number = str(int(value)) if unit == "year" else f"{value:,.{digits}f}"
    label = unit_label(unit)
    return f"{number} {label}" if label else number


def as_printed(value: float, unit: str, qualifier: str, printed_decimals: int) -> str:
    """The article's figure with the digits it prints: ``about 4 %``, ``at least 14,000 persons``."""
    prefix = "" if qualifier == "exact" else f"{qualifier} "
    return prefix + figure(value, unit, printed_decimals)


def ours(value: float, unit: str, printed_decimals: int = 0) -> str:
    """Our figure at the quantity's precision, or at the article's digits if it prints more."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return figure(value, unit, max(decimals_for(unit), printed_decimals))


def about(value: float, significant: int = 3) -> float:
    """``value`` rounded to ``significant`` figures, for a modelled figure printed after "about".

    A model result such as 999,448 implied job cuts carries the precision of
    its assumptions, not six digits: ``about(999_448) == 999_000``.
    """
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"cannot round {value!r}")
    if value == 0:
        return 0.0
    digits = significant - 1 - math.floor(math.log10(abs(value)))
    return float(round(value, digits))
