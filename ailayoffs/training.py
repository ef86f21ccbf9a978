"""Gaps in training participation between groups, with the uncertainty the sources allow.

A gap is the difference of two participation rates in percentage points,
``gap = p_a - p_b``. Where sample sizes are published, a normal-approximation
(Wald) interval for a difference of two independent proportions is

    gap +/- z sqrt(p_a (1 - p_a) / n_a + p_b (1 - p_b) / n_b)

(with rates as shares). Where they are not, the only honest band is the
rounding of the published whole-number rates: each is known to +/- 0.5 points,
so the gap to +/- 1 point. That band is *not* a confidence interval.
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["GAPS", "gap_interval", "participation_gaps", "rounding_band_pp"]

# (gap id, description, row with more training, row with less)
GAPS = [
    ("routine_2019", "low- minus high-routine jobs (2019)", "iab19_low_routine", "iab19_high_routine"),
    ("automation_2024", "low- minus high-automation-potential jobs (2024)", "iab24_low_auto", "iab24_high_auto"),
    (
        "qualification_high_routine",
        "high- minus low-qualified, high-routine jobs (2019)",
        "iab19_highq_high",
        "iab19_lowq_high",
    ),
    (
        "qualification_low_routine",
        "high- minus low-qualified, low-routine jobs (2019)",
        "iab19_highq_low",
        "iab19_lowq_low",
    ),
    (
        "routine_low_qualified",
        "low- minus high-routine jobs, low-qualified (2019)",
        "iab19_lowq_low",
        "iab19_lowq_high",
    ),
    (
        "routine_high_qualified",
        "low- minus high-routine jobs, high-qualified (2019)",
        "iab19_highq_low",
        "iab19_highq_high",
    ),
]


def rounding_band_pp(value_pct: float) -> float:
    """Half-width of the band implied by the digits a rate is published with (41 -> 0.5, 4.3 -> 0.05)."""
    text = repr(float(value_pct))
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return 0.5 * 10**-decimals


def gap_interval(p_a_pct: float, n_a: int, p_b_pct: float, n_b: int, z: float = 1.96) -> tuple[float, float]:
    """Wald interval (percentage points) for the difference of two independent proportions.

    Raises
    ------
    ValueError
        If a sample size is missing or not positive, or a rate is outside 0-100.
    """
    for n in (n_a, n_b):
        if n is None or (isinstance(n, float) and math.isnan(n)) or n <= 0:
            raise ValueError("a confidence interval needs both sample sizes; the source gives none")
    for p in (p_a_pct, p_b_pct):
        if not 0 <= p <= 100:
            raise ValueError(f"rate {p!r} is not a percentage")
    a, b = float(p_a_pct) / 100, float(p_b_pct) / 100
    half = z * math.sqrt(a * (1 - a) / n_a + b * (1 - b) / n_b)
    gap = float(p_a_pct) - float(p_b_pct)
    return gap - 100 * half, gap + 100 * half


def participation_gaps(table: pd.DataFrame) -> pd.DataFrame:
    """Each gap in :data:`GAPS` with its band: a Wald interval where both sample sizes exist, else rounding.

    Returns
    -------
    DataFrame
        Indexed by gap id: ``description``, ``more_pct``, ``less_pct``, ``gap_pp``,
        ``low_pp``, ``high_pp``, ``band`` (``"95 % confidence interval"`` or
        ``"rounding band (not a confidence interval)"``).
    """
    rows = table.set_index("row_id")
    out = []
    for gap_id, description, more, less in GAPS:
        a, b = rows.loc[more], rows.loc[less]
        gap = float(a["participation_pct"] - b["participation_pct"])
        if pd.notna(a["sample_size"]) and pd.notna(b["sample_size"]):
            low, high = gap_interval(
                a["participation_pct"], int(a["sample_size"]), b["participation_pct"], int(b["sample_size"])
            )
            band = "95 % confidence interval"
        else:
            half = rounding_band_pp(a["participation_pct"]) + rounding_band_pp(b["participation_pct"])
            low, high = gap - half, gap + half
            band = "rounding band (not a confidence interval)"
        out.append(
            {
                "gap_id": gap_id,
                "description": description,
                "more_pct": float(a["participation_pct"]),
                "less_pct": float(b["participation_pct"]),
                "gap_pp": gap,
                "low_pp": low,
                "high_pp": high,
                "band": band,
            }
        )
    return pd.DataFrame(out).set_index("gap_id")
