"""Statistical reporting: p-values, intervals and test names, one way everywhere.

A referee reads a results section for its conventions before its numbers. The
helpers here print them so that no chapter can print them differently:

* a p-value is never "0.000": below the display precision it is "p < 0.001";
* a bootstrap p-value computed as ``(1 + k) / (B + 1)`` from ``B`` replications
  cannot be smaller than ``1 / (B + 1)``; at that floor it is reported as
  "p ≤ 1/(B+1)" with the bound's value, not as if exact;
* an interval states its level and its method ("95 % CI (Wilson): 1.2 to 3.4");
* a test is named for what it tests: a test of one restriction (a kink in a
  trend at a given date) is a *kink test*, not a "Chow test", which lets every
  coefficient differ on the two sides of the break.

All functions return plain strings that contain no markup, so they can be
glued with :func:`ailayoffs.book.publish` and reach the page escaped.
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = [
    "TESTS",
    "bootstrap_floor",
    "format_ci",
    "format_p",
    "format_p_cell",
    "format_p_columns",
    "format_bootstrap_p",
    "inference_verdict",
    "is_at_bootstrap_floor",
    "significance_word",
    "test_label",
]


def _check_p(pvalue: float) -> float:
    if isinstance(pvalue, (str, bytes, bool)):
        raise TypeError(f"a p-value must be a number, got {pvalue!r}")
    try:
        p = float(pvalue)
    except (TypeError, ValueError):
        raise TypeError(f"a p-value must be a number, got {pvalue!r}") from None
    if math.isnan(p):
        raise ValueError("p-value is NaN: the test did not produce a result")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"a p-value lies between 0 and 1, got {p}")
    return p


def _check_decimals(decimals: int) -> int:
    if not isinstance(decimals, int) or isinstance(decimals, bool) or decimals < 1:
        raise ValueError(f"decimals must be a positive integer, got {decimals!r}")
    return decimals


def format_p(pvalue: float, decimals: int = 3, prefix: bool = True) -> str:
    """Format a p-value for prose: ``"p = 0.042"``, ``"p < 0.001"``.

    Parameters
    ----------
    pvalue : float
        The p-value, in [0, 1].
    decimals : int
        Display precision. A value that would round to zero at this precision
        is reported as an upper bound, ``p < 10^-decimals``.
    prefix : bool
        Start with ``"p "`` (the default); without it the result is ``"0.042"``
        or ``"< 0.001"``, for table cells.

    Raises
    ------
    ValueError
        For NaN, values outside [0, 1] or a non-positive precision.
    """
    p = _check_p(pvalue)
    decimals = _check_decimals(decimals)
    bound = 10.0**-decimals
    if p < bound:
        text = f"< {bound:.{decimals}f}"
        return f"p {text}" if prefix else text
    if round(p, decimals) >= 1.0:
        # "p = 1.000" overstates: a p-value of exactly one needs a degenerate test.
        text = f"> {1.0 - bound:.{decimals}f}"
        return f"p {text}" if prefix else text
    shown = f"{p:.{decimals}f}"
    return f"p = {shown}" if prefix else shown


def format_p_cell(pvalue: float) -> str:
    """A p-value for a table cell: ``"0.042"``, ``"< 0.001"`` (a ``Styler.format`` formatter)."""
    return format_p(pvalue, prefix=False)


def format_p_columns(frame: pd.DataFrame, columns, decimals: int = 3) -> pd.DataFrame:
    """A copy of ``frame`` whose p-value ``columns`` are text as :func:`format_p` prints it.

    A table rounded with ``DataFrame.round(3)`` shows a tiny p-value as ``0.000``; this
    shows ``< 0.001``. Other columns are left as they are.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"no such p-value column(s): {', '.join(map(str, missing))}")
    out = frame.copy()
    for column in columns:
        out[column] = [format_p(p, decimals=decimals, prefix=False) for p in frame[column]]
    return out


def bootstrap_floor(n_boot: int) -> float:
    """Smallest p-value ``(1 + k) / (B + 1)`` that ``B`` replications can give: ``1 / (B + 1)``."""
    if not isinstance(n_boot, int) or isinstance(n_boot, bool) or n_boot < 1:
        raise ValueError(f"the number of bootstrap replications must be a positive integer, got {n_boot!r}")
    return 1.0 / (n_boot + 1)


def is_at_bootstrap_floor(pvalue: float, n_boot: int) -> bool:
    """Whether ``pvalue`` is the smallest value ``n_boot`` replications allow (no replication exceeded)."""
    p = _check_p(pvalue)
    floor = bootstrap_floor(n_boot)
    if p < floor * (1 - 1e-9):
        raise ValueError(
            f"p = {p} is below the floor 1/(B+1) = {floor:.6f} of B = {n_boot} replications; "
            "was it computed as (1 + k) / (B + 1)?"
        )
    return p <= floor * (1 + 1e-9)


def format_bootstrap_p(pvalue: float, n_boot: int, decimals: int = 3, kind: str = "bootstrap") -> str:
    """Format a bootstrap p-value, stating the bound when it sits at its floor.

    A p-value of ``(1 + k) / (B + 1)`` with no replication as extreme as the
    data (``k = 0``) says only that the true p-value is about ``1/(B+1)`` or
    less; it is printed as ``"p ≤ 0.002 (bootstrap floor 1/(B+1), B = 499)"``.
    Elsewhere the value is printed as :func:`format_p` would, followed by the
    number of replications. ``kind`` names the resampling ("bootstrap", or "simulated" for a
    p-value from draws of a simulated null distribution, which has the same floor).
    """
    floor_hit = is_at_bootstrap_floor(pvalue, n_boot)
    decimals = _check_decimals(decimals)
    if floor_hit:
        floor = bootstrap_floor(n_boot)
        # Round the bound up so that the printed bound is never smaller than the floor.
        shown = math.ceil(floor * 10**decimals) / 10**decimals
        return f"p ≤ {shown:.{decimals}f} ({kind} floor 1/(B+1), B = {n_boot:,})"
    return f"{format_p(pvalue, decimals)} ({kind}, B = {n_boot:,})"


def format_ci(
    low: float, high: float, level: float = 0.95, method: str | None = None, decimals: int = 2, unit: str = ""
) -> str:
    """Format a confidence interval: ``"95 % CI (Wilson): 1.20 to 3.40 %"``.

    Parameters
    ----------
    low, high : float
        The bounds, ``low <= high``.
    level : float
        Coverage as a fraction, 0 < level < 1.
    method : str, optional
        How the interval was computed ("Wilson", "HAC", "bootstrap percentile").
    decimals : int
        Display precision for both bounds (one precision per quantity).
    unit : str
        Appended after the upper bound, e.g. ``"%"`` or ``"pp"``.
    """
    low, high = float(low), float(high)
    if math.isnan(low) or math.isnan(high):
        raise ValueError("an interval bound is NaN")
    if low > high:
        raise ValueError(f"interval bounds are reversed: {low} > {high}")
    if not 0.0 < float(level) < 1.0:
        raise ValueError(f"level is a fraction between 0 and 1, got {level!r}")
    decimals = _check_decimals(decimals) if decimals else 0
    pct = 100 * float(level)
    level_text = f"{pct:.0f}" if abs(pct - round(pct)) < 1e-9 else f"{pct:g}"
    label = f"{level_text} % CI" + (f" ({method})" if method else "")
    tail = f" {unit}" if unit else ""
    return f"{label}: {low:.{decimals}f} to {high:.{decimals}f}{tail}"


# Test names by what they test. ``restrictions`` is the number of restrictions
# the null imposes where that is fixed by the test's definition.
TESTS: dict[str, str] = {
    "chow": "Chow test (all coefficients may differ after the break)",
    "kink": "kink test (one restriction: a change in trend slope at a given date)",
    "shift": "shift test (level and trend may change at a given date)",
    "sup_f": "sup-F test (break at an unknown date, Andrews)",
    "cusum": "CUSUM test (stability of the residuals' cumulative sum)",
    "wald_hac": "Wald test with HAC (Newey–West) covariance",
    "f_ols": "F test with classical (OLS) covariance",
    "breusch_godfrey": "Breusch–Godfrey test (residual autocorrelation)",
    "breusch_pagan": "Breusch–Pagan test (heteroskedasticity)",
    "jarque_bera": "Jarque–Bera test (normality of residuals)",
}


def test_label(kind: str, restrictions: int | None = None) -> str:
    """The name a results section should give a test.

    Parameters
    ----------
    kind : str
        A key of :data:`TESTS`.
    restrictions : int, optional
        The number of restrictions actually tested. Given with ``"chow"`` and
        equal to one, the call fails: a one-restriction test of a break is a
        kink (or shift) test, and calling it a Chow test misleads the reader.
    """
    if kind not in TESTS:
        raise KeyError(f"unknown test {kind!r}; known: {', '.join(sorted(TESTS))}")
    if restrictions is not None:
        if not isinstance(restrictions, int) or restrictions < 1:
            raise ValueError(f"restrictions must be a positive integer, got {restrictions!r}")
        if kind == "chow" and restrictions == 1:
            raise ValueError("a test of one restriction is not a Chow test; use 'kink' or 'shift'")
        if kind == "kink" and restrictions != 1:
            raise ValueError("a kink test has exactly one restriction")
        if kind == "shift" and restrictions != 2:
            raise ValueError("a shift test (level and trend) has two restrictions")
    return TESTS[kind]


def significance_word(pvalue: float, alpha: float = 0.05) -> str:
    """``"significant at the 5 % level"`` or ``"not significant at the 5 % level"``."""
    p = _check_p(pvalue)
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha is a fraction between 0 and 1, got {alpha!r}")
    level = f"{100 * alpha:g} %"
    return f"significant at the {level} level" if p < alpha else f"not significant at the {level} level"


def inference_verdict(pvalues: dict[str, float], alpha: float = 0.05) -> str:
    """Say which of several inferences on one hypothesis reject it, and so what a conclusion rests on.

    A short sample gives different answers with classical (OLS), HAC, corrected HAC and
    fixed-b standard errors. A results section should report them together and say
    whether the verdict depends on the choice.

    Parameters
    ----------
    pvalues : dict
        Name of the inference (``"OLS"``, ``"HAC"``, ``"fixed-b"`` ...) to its p-value, in
        the order they should be named.
    alpha : float
        Significance level.

    Returns
    -------
    str
        For example ``"significant at the 5 % level by all of OLS, HAC and fixed-b: the
        conclusion does not rest on the choice"`` or ``"significant at the 5 % level by HAC
        only, not by OLS or fixed-b: a rejection would rest on HAC alone"``.
    """
    if not pvalues:
        raise ValueError("no p-values given")
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha is a fraction between 0 and 1, got {alpha!r}")
    checked = {str(name): _check_p(p) for name, p in pvalues.items()}
    level = f"{100 * alpha:g} %"
    rejecting = [name for name, p in checked.items() if p < alpha]
    keeping = [name for name, p in checked.items() if p >= alpha]
    if not keeping:
        return f"significant at the {level} level by {_all_of(rejecting)}: the conclusion does not rest on the choice"
    if not rejecting:
        return f"not significant at the {level} level by {_all_of(keeping)}: the conclusion does not rest on the choice"
    return (
        f"significant at the {level} level by {_join(rejecting)} only, not by {_join(keeping, 'or')}: "
        f"a rejection would rest on {_join(rejecting)} alone"
    )


def _join(names: list[str], word: str = "and") -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def _all_of(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return f"both {names[0]} and {names[1]}" if len(names) == 2 else f"all of {_join(names)}"
