"""Segment mix, profit carriers, business lines, and capital spending against headcount.

Amazon reports three segments (North America, International, AWS) with net
sales and operating income, and, since its FY2024 annual report, net sales by
line of business (online stores, third-party seller services, advertising ...).
It also reports what it spends on property and equipment (capital
expenditure, "capex") and how many people it employs. The functions here turn
the frames returned by :func:`ailayoffs.data.load` into shares, margins,
indices, growth rates and ratios; they never load data themselves.

Conventions
-----------
* Money is in USD million unless a name says otherwise (``_usd`` for US
  dollars, ``_usd_mn`` for millions); shares, margins and growth rates are in
  percent (``_pct``); indices are 100 in their base period.
* Segment keys are the metric prefixes of the results datasets: ``na``
  (North America), ``intl`` (International) and ``aws``.
* A share or margin is computed only where every figure it needs was sourced;
  a missing quarter stays missing and is never filled in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .margins import operating_margin_pct
from .results import MEASURES as RESULT_MEASURES
from .series import growth_pct, trailing_sums

__all__ = [
    "ADDITION_PARTS",
    "SEGMENT_MEASURES",
    "SEGMENTS",
    "SEGMENT_NAMES",
    "additions_shares_pct",
    "additions_table",
    "annual_from_quarters",
    "capex_headcount_annual",
    "capex_headcount_quarterly",
    "capex_per_employee_usd",
    "change_pct",
    "complete_periods",
    "effective_number",
    "herfindahl",
    "index_to_base",
    "line_shares_pct",
    "line_table",
    "profit_carriers",
    "segment_margins_pct",
    "loss_years",
    "best_year_phrase",
    "segment_shares_pct",
    "segment_table",
]

SEGMENTS = ("na", "intl", "aws")
SEGMENT_NAMES = {"na": "North America", "intl": "International", "aws": "AWS"}
#: The measures reported by segment, labelled as in running text (from :data:`ailayoffs.results.MEASURES`).
SEGMENT_MEASURES = {metric: RESULT_MEASURES[metric].lower() for metric in ("net_sales", "operating_income")}
ADDITION_PARTS = {**SEGMENT_NAMES, "corporate": "Corporate"}


# --------------------------------------------------------------------------
# Shaping
# --------------------------------------------------------------------------


def _check_measure(measure: str) -> None:
    if measure not in SEGMENT_MEASURES:
        raise ValueError(f"unknown measure '{measure}'; expected one of {sorted(SEGMENT_MEASURES)}")


def segment_table(wide: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The three segments and the company total of one measure, USD million.

    Parameters
    ----------
    wide : DataFrame
        One column per metric (``wide_annual`` or ``wide_quarterly``).
    measure : {"net_sales", "operating_income"}

    Returns
    -------
    DataFrame
        Columns ``na``, ``intl``, ``aws`` and ``total``, on the index of
        ``wide``; NaN where a figure was not sourced.
    """
    _check_measure(measure)
    columns = {segment: f"{segment}_{measure}" for segment in SEGMENTS} | {"total": measure}
    missing = [column for column in columns.values() if column not in wide.columns]
    if missing:
        raise KeyError(f"wide table lacks {missing}")
    return pd.DataFrame({key: wide[column].astype(float) for key, column in columns.items()}, index=wide.index)


def complete_periods(wide: pd.DataFrame, measure: str) -> pd.Index:
    """Periods in which every segment and the total of ``measure`` were sourced."""
    return segment_table(wide, measure).dropna().index


def segment_shares_pct(wide: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Each segment's share of the company total, percent, where all segments are sourced.

    The denominator is the reported total, so the shares add up to 100 within
    the rounding of the reported figures. Where segments lose money, operating
    income shares can be negative or exceed 100: AWS earning more than the
    whole company means the other segments together lost money.

    Returns
    -------
    DataFrame
        Columns ``na``, ``intl``, ``aws`` for the complete periods only.
    """
    table = segment_table(wide, measure).dropna()
    if (table["total"] == 0).any():
        raise ZeroDivisionError("a period with a total of zero has no shares")
    return table[list(SEGMENTS)].div(table["total"], axis=0) * 100.0


def segment_margins_pct(wide: pd.DataFrame) -> pd.DataFrame:
    """Operating income in percent of net sales, for each segment and the total.

    Returns
    -------
    DataFrame
        Columns ``na``, ``intl``, ``aws``, ``total``; NaN where income or sales
        of that segment was not sourced.
    """
    income = segment_table(wide, "operating_income")
    sales = segment_table(wide, "net_sales")
    return pd.DataFrame({key: operating_margin_pct(income[key], sales[key]) for key in income.columns})


def loss_years(margins_pct: pd.DataFrame, segment: str) -> list[int]:
    """The years in which ``segment`` made an operating loss (negative margin), as ints."""
    return [int(year) for year in margins_pct.index[margins_pct[segment] < 0]]


def best_year_phrase(margin_pct: pd.Series, year: int) -> str:
    """Whether ``year`` was the best year of a margin series, as a phrase for the text."""
    best = int(margin_pct.idxmax())
    if best == year:
        return "its best year in the series"
    return f"below its best of {margin_pct.max():.1f} % in {best}"


def profit_carriers(wide: pd.DataFrame) -> pd.DataFrame:
    """Which segment earns the operating profit, period by period.

    Only periods with every segment's operating income are returned.

    Returns
    -------
    DataFrame
        ``aws_share_of_operating_income_pct`` (AWS in percent of the company's
        operating income), ``retail_operating_income_usd_mn`` (North America
        plus International), ``retail_lost_money`` (that sum below zero),
        ``loss_segments`` (names of the segments with an operating loss,
        comma-separated, empty if none) and ``largest_segment`` (the segment
        with the highest operating income).
    """
    income = segment_table(wide, "operating_income").dropna()
    retail = income["na"] + income["intl"]
    names = pd.Series(SEGMENT_NAMES)
    losses = income[list(SEGMENTS)].lt(0)
    return pd.DataFrame(
        {
            "aws_share_of_operating_income_pct": 100.0 * income["aws"] / income["total"],
            "retail_operating_income_usd_mn": retail,
            "retail_lost_money": retail < 0,
            "loss_segments": losses.apply(lambda row: ", ".join(names[row[row].index]), axis=1),
            "largest_segment": income[list(SEGMENTS)].idxmax(axis=1).map(SEGMENT_NAMES),
        },
        index=income.index,
    )


def additions_table(wide: pd.DataFrame) -> pd.DataFrame:
    """Net additions to property and equipment by segment and in total, USD million.

    Parameters
    ----------
    wide : DataFrame
        ``wide_annual`` of ``amazon_ppe_additions_by_segment``.

    Returns
    -------
    DataFrame
        Columns ``na``, ``intl``, ``aws``, ``corporate`` and ``total``, for the
        years in which all of them were sourced.
    """
    columns = {part: f"{part}_ppe_net_additions" for part in ADDITION_PARTS} | {"total": "ppe_net_additions"}
    missing = [column for column in columns.values() if column not in wide.columns]
    if missing:
        raise KeyError(f"wide table lacks {missing}")
    return pd.DataFrame({key: wide[column].astype(float) for key, column in columns.items()}, index=wide.index).dropna()


def additions_shares_pct(wide: pd.DataFrame) -> pd.DataFrame:
    """Each segment's share of Amazon's net additions to property and equipment, percent.

    Returns
    -------
    DataFrame
        Columns ``na``, ``intl``, ``aws``, ``corporate``; they add up to 100
        within the rounding of the reported figures.
    """
    table = additions_table(wide)
    if (table["total"] == 0).any():
        raise ZeroDivisionError("a year without additions has no shares")
    return table[list(ADDITION_PARTS)].div(table["total"], axis=0) * 100.0


# --------------------------------------------------------------------------
# Indices, growth and ratios
# --------------------------------------------------------------------------


def index_to_base(series: pd.Series, base) -> pd.Series:
    """``series`` as an index equal to 100 in period ``base``.

    Raises
    ------
    KeyError
        If ``base`` is not in the index or its value was not sourced.
    ZeroDivisionError
        If the base value is zero.
    """
    if base not in series.index or pd.isna(series.loc[base]):
        raise KeyError(f"no value for the base period {base}")
    value = float(series.loc[base])
    if value == 0:
        raise ZeroDivisionError(f"the base period {base} has a value of zero")
    return 100.0 * series.astype(float) / value


def change_pct(series: pd.Series, start, end) -> float:
    """Change from period ``start`` to period ``end``, percent of the start value."""
    for period in (start, end):
        if period not in series.index or pd.isna(series.loc[period]):
            raise KeyError(f"no value for {period}")
    return growth_pct(float(series.loc[end]), float(series.loc[start]))


def capex_per_employee_usd(capex_usd_mn, employees):
    """Capital expenditure per employee, US dollars.

    Parameters
    ----------
    capex_usd_mn : float or Series
        Capital expenditure, USD million.
    employees : float or Series
        Number of employees (persons); aligned on the index if both are Series.
    """
    employees = employees.astype(float) if isinstance(employees, pd.Series) else float(employees)
    if np.any(np.asarray(employees) <= 0):
        raise ValueError("employees must be positive")
    return capex_usd_mn * 1e6 / employees


def annual_from_quarters(quarterly: pd.Series, year: int) -> float:
    """The sum of the four quarters of ``year``; KeyError if any quarter was not sourced."""
    periods = pd.period_range(f"{year}Q1", f"{year}Q4", freq="Q")
    values = quarterly.reindex(periods)
    missing = [str(p) for p, v in values.items() if pd.isna(v)]
    if missing:
        raise KeyError(f"quarters without a sourced value: {', '.join(missing)}")
    return float(values.sum())


def capex_headcount_annual(wide: pd.DataFrame, headcount: pd.DataFrame) -> pd.DataFrame:
    """Annual capital expenditure (both measures) beside year-end headcount.

    Parameters
    ----------
    wide : DataFrame
        ``wide_annual`` of ``amazon_annual_results``.
    headcount : DataFrame
        ``amazon_headcount_annual`` as loaded.

    Returns
    -------
    DataFrame
        Indexed by year (the union of both sources): ``capex_gross_usd_mn``,
        ``capex_net_usd_mn``, ``employees`` and the two ratios
        ``capex_gross_per_employee_usd`` and ``capex_net_per_employee_usd``
        (capex of the year per employee at its end; NaN where either is missing).
    """
    employees = headcount.set_index("year")["employees"].astype(float)
    employees.index = employees.index.astype(int)
    years = wide.index.union(employees.index)
    table = pd.DataFrame(index=pd.Index(years, name="year"))
    table["capex_gross_usd_mn"] = wide["capex_purchases_ppe_gross"].reindex(years)
    table["capex_net_usd_mn"] = wide["capex_purchases_ppe_net"].reindex(years)
    table["employees"] = employees.reindex(years)
    for measure in ("gross", "net"):
        table[f"capex_{measure}_per_employee_usd"] = capex_per_employee_usd(
            table[f"capex_{measure}_usd_mn"], table["employees"]
        )
    return table


def capex_headcount_quarterly(wide: pd.DataFrame, headcount: pd.DataFrame) -> pd.DataFrame:
    """Quarterly gross capital expenditure beside quarter-end headcount.

    Parameters
    ----------
    wide : DataFrame
        ``wide_quarterly`` of ``amazon_quarterly_results`` (complete quarterly index).
    headcount : DataFrame
        ``amazon_headcount_quarterly`` as loaded.

    Returns
    -------
    DataFrame
        Indexed by quarter over the span of ``wide``: ``capex_gross_usd_mn``,
        ``employees``, ``capex_ttm_usd_mn`` (the last four quarters, where all
        four were sourced) and ``capex_ttm_per_employee_usd``.
    """
    employees = headcount.set_index("period")["employees"].astype(float)
    employees.index = pd.PeriodIndex(employees.index, freq="Q")
    table = pd.DataFrame(index=wide.index)
    table["capex_gross_usd_mn"] = wide["capex_purchases_ppe_gross"]
    table["employees"] = employees.reindex(wide.index)
    table["capex_ttm_usd_mn"] = trailing_sums(table["capex_gross_usd_mn"])
    table["capex_ttm_per_employee_usd"] = capex_per_employee_usd(table["capex_ttm_usd_mn"], table["employees"])
    return table


# --------------------------------------------------------------------------
# Lines of business
# --------------------------------------------------------------------------


def line_table(by_line: pd.DataFrame, period: str = "year") -> pd.DataFrame:
    """Net sales by line, one column per line, USD million; ``period`` is ``"year"`` or ``"period"``."""
    table = by_line.pivot(index=period, columns="line", values="net_sales_usd_mn").astype(float)
    if period == "period":
        table.index = pd.PeriodIndex(table.index, freq="Q")
    return table


def line_shares_pct(by_line: pd.DataFrame, period: str = "year") -> pd.DataFrame:
    """Each line's share of the sum of all lines (which is total net sales), percent."""
    table = line_table(by_line, period)
    return table.div(table.sum(axis=1), axis=0) * 100.0


def herfindahl(shares_pct: pd.DataFrame | pd.Series):
    """Herfindahl index of concentration: the sum of squared shares (as fractions).

    It is 1 when one part holds everything and 1/n when n parts hold equal
    shares. For a DataFrame, one value per row.
    """
    fractions = shares_pct / 100.0
    if isinstance(fractions, pd.DataFrame):
        return (fractions**2).sum(axis=1)
    return float((fractions**2).sum())


def effective_number(shares_pct: pd.DataFrame | pd.Series):
    """The inverse Herfindahl index: how many equal-sized parts would be as concentrated."""
    return 1.0 / herfindahl(shares_pct)
