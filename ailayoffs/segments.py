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
from .series import cagr_pct, growth_pct, trailing_sums, wide_annual, yoy_growth_pct

__all__ = [
    "ADDITION_PARTS",
    "CAPEX_METRICS",
    "SEGMENT_MEASURES",
    "SEGMENTS",
    "SEGMENT_NAMES",
    "additions_long",
    "additions_shares_pct",
    "additions_table",
    "annual_from_quarters",
    "aws_share_rows",
    "business_line_growth",
    "capex_headcount_annual",
    "capex_headcount_long",
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
    "segment_margin_rows",
    "segment_margins_pct",
    "segment_mix_long",
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


# --------------------------------------------------------------------------
# Frames for the charts (long form, one row a mark; each row keeps the
# ``source_ref`` and ``basis`` of the figures it shows, for the tooltips)
# --------------------------------------------------------------------------

CAPEX_METRICS = {"gross": "capex_purchases_ppe_gross", "net": "capex_purchases_ppe_net"}


def capex_headcount_long(results: pd.DataFrame, headcount: pd.DataFrame) -> pd.DataFrame:
    """Capex (both measures) and year-end headcount as one long frame, for the index chart.

    Parameters
    ----------
    results, headcount : DataFrame
        ``amazon_annual_results`` and ``amazon_headcount_annual`` as loaded.

    Returns
    -------
    DataFrame
        ``year``, ``measure`` (``"gross"`` or ``"net"``), ``series``, ``value``
        (USD million or persons), ``source_ref``, ``basis``. The headcount rows
        are repeated for each capex measure, so that choosing a measure in the
        chart filters one complete set of series.
    """
    capex = results[results["metric"].isin(CAPEX_METRICS.values())]
    capex = capex.assign(
        measure=capex["metric"].map({metric: key for key, metric in CAPEX_METRICS.items()}),
        series="capital expenditure",
        value=capex["value"].astype(float),
    )[["year", "measure", "series", "value", "source_ref", "basis"]]
    people = headcount.assign(
        series="employees at year end", value=headcount["employees"].astype(float), basis="filing"
    )
    people = people[["year", "series", "value", "source_ref", "basis"]]
    repeated = pd.concat([people.assign(measure=key) for key in CAPEX_METRICS])
    frame = pd.concat([capex, repeated], ignore_index=True)
    frame["year"] = frame["year"].astype(int)
    return frame


def additions_long(additions: pd.DataFrame) -> pd.DataFrame:
    """Net additions to property and equipment by segment and year, with each segment's share.

    Parameters
    ----------
    additions : DataFrame
        ``amazon_ppe_additions_by_segment`` as loaded.

    Returns
    -------
    DataFrame
        ``year``, ``segment`` (name), ``usd_bn``, ``value_usd_mn``, ``share_pct``
        (of Amazon's additions) and ``source_ref``, for the years in which every
        part was sourced.
    """
    wide = wide_annual(additions)
    table, shares = additions_table(wide), additions_shares_pct(wide)
    cited = _cited(additions, "year")
    rows = [
        {
            "year": int(year),
            "segment": name,
            "usd_bn": table.loc[year, key] / 1000,
            "value_usd_mn": table.loc[year, key],
            "share_pct": shares.loc[year, key],
            "source_ref": cited[(str(int(year)), f"{key}_ppe_net_additions")][0],
        }
        for year in table.index
        for key, name in ADDITION_PARTS.items()
    ]
    return pd.DataFrame(rows)


def segment_mix_long(results: pd.DataFrame) -> pd.DataFrame:
    """Net sales and operating income by segment and year, with shares and Amazon's total.

    Parameters
    ----------
    results : DataFrame
        ``amazon_annual_results`` as loaded.

    Returns
    -------
    DataFrame
        ``year``, ``measure`` (label of :data:`SEGMENT_MEASURES`), ``segment``
        (name), ``usd_bn``, ``value_usd_mn``, ``share_pct``, ``total_usd_mn``,
        ``source_ref`` and ``basis``, for the years with every segment sourced.
    """
    wide = wide_annual(results)
    cited = _cited(results, "year")
    rows = []
    for measure, label in SEGMENT_MEASURES.items():
        table = segment_table(wide, measure).dropna()
        shares = segment_shares_pct(wide, measure)
        for year in table.index:
            for key, name in SEGMENT_NAMES.items():
                rows.append(
                    {
                        "year": int(year),
                        "measure": label,
                        "segment": name,
                        "usd_bn": table.loc[year, key] / 1000,
                        "value_usd_mn": table.loc[year, key],
                        "share_pct": shares.loc[year, key],
                        "total_usd_mn": table.loc[year, "total"],
                        "source_ref": cited[(str(int(year)), f"{key}_{measure}")][0],
                        "basis": cited[(str(int(year)), f"{key}_{measure}")][1],
                    }
                )
    return pd.DataFrame(rows)


def _cited(frame: pd.DataFrame, period_field: str) -> dict:
    """(period, metric) -> (source_ref, basis) of a long results frame."""
    keys = zip(frame[period_field].astype(str), frame["metric"], strict=False)
    return dict(zip(keys, zip(frame["source_ref"], frame["basis"], strict=False), strict=False))


def _metric(key: str, measure: str) -> str:
    return measure if key == "total" else f"{key}_{measure}"


def segment_margin_rows(annual_results: pd.DataFrame) -> pd.DataFrame:
    """Operating margin of each segment and of Amazon by year, with the income and sales behind it.

    Parameters
    ----------
    annual_results : DataFrame
        ``amazon_annual_results`` as loaded.

    Returns
    -------
    DataFrame
        ``year``, ``segment`` (name, or ``"Amazon total"``), ``margin_pct``,
        ``income_usd_mn``, ``sales_usd_mn`` and ``cited``: the ``(source_ref,
        basis)`` pairs of the sales and income figures.
    """
    names = SEGMENT_NAMES | {"total": "Amazon total"}
    wide = wide_annual(annual_results)
    rows = segment_margins_pct(wide).rename(columns=names)
    rows = rows.reset_index().melt(id_vars="year", var_name="segment", value_name="margin_pct").dropna()
    incomes = segment_table(wide, "operating_income").rename(columns=names)
    sales = segment_table(wide, "net_sales").rename(columns=names)
    pairs = list(zip(rows["year"], rows["segment"], strict=False))
    rows["income_usd_mn"] = [incomes.loc[y, s] for y, s in pairs]
    rows["sales_usd_mn"] = [sales.loc[y, s] for y, s in pairs]
    cited = _cited(annual_results, "year")
    keys = {name: key for key, name in names.items()}
    rows["cited"] = [
        tuple(cited[(str(year), _metric(keys[segment], m))] for m in SEGMENT_MEASURES) for year, segment in pairs
    ]
    return rows


def aws_share_rows(
    annual_results: pd.DataFrame, quarterly_results: pd.DataFrame, quarterly_wide: pd.DataFrame
) -> pd.DataFrame:
    """AWS's share of Amazon's net sales and operating income, by calendar year and by quarter.

    Parameters
    ----------
    annual_results, quarterly_results : DataFrame
        ``amazon_annual_results`` and ``amazon_quarterly_results`` as loaded.
    quarterly_wide : DataFrame
        ``wide_quarterly`` of the quarterly results.

    Returns
    -------
    DataFrame
        ``date`` (mid-year or mid-quarter), ``period``, ``frequency``, ``series``,
        ``share_pct``, ``aws_usd_mn``, ``total_usd_mn`` and ``cited``: the
        ``(source_ref, basis)`` pairs of AWS's and Amazon's figures.
    """
    cited = {"calendar year": _cited(annual_results, "year"), "quarter": _cited(quarterly_results, "period")}
    rows = []
    for frequency, wide in (("calendar year", wide_annual(annual_results)), ("quarter", quarterly_wide)):
        for measure, label in SEGMENT_MEASURES.items():
            shares = segment_shares_pct(wide, measure)["aws"]
            table = segment_table(wide, measure).loc[shares.index]
            for period, share in shares.items():
                date = (
                    pd.Timestamp(f"{int(period)}-07-01")
                    if frequency == "calendar year"
                    else period.start_time + (period.end_time - period.start_time) / 2
                )
                rows.append(
                    {
                        "date": date.normalize(),
                        "period": str(period),
                        "frequency": frequency,
                        "series": f"AWS share of {label}",
                        "share_pct": share,
                        "aws_usd_mn": table.loc[period, "aws"],
                        "total_usd_mn": table.loc[period, "total"],
                        "cited": tuple(cited[frequency][(str(period), m)] for m in (f"aws_{measure}", measure)),
                    }
                )
    return pd.DataFrame(rows)


def business_line_growth(
    annual_lines: pd.DataFrame, quarterly_lines: pd.DataFrame, start: int, end: int, quarter: str
) -> pd.DataFrame:
    """Growth of net sales by line: compound annual growth and the latest quarter on a year earlier.

    Parameters
    ----------
    annual_lines, quarterly_lines : DataFrame
        ``amazon_net_sales_by_line_annual`` and ``..._quarterly`` as loaded.
    start, end : int
        Years of the compound growth rate.
    quarter : str
        Quarter whose growth on the same quarter a year earlier is compared.

    Returns
    -------
    DataFrame
        Two rows a line (compound rate first): ``line``, ``measure`` (label),
        ``frequency`` (``"annual"`` or ``"quarterly"``), ``growth_pct``,
        ``from_period``, ``from_usd_mn``, ``to_period``, ``to_usd_mn``,
        ``share_pct`` (share of net sales in the later period), ``share_of``.
    """
    annual = line_table(annual_lines, "year")
    cagr = cagr_pct(annual, start, end)
    shares = line_shares_pct(annual_lines, "year")
    q_table = line_table(quarterly_lines, "period")
    q = pd.Period(quarter, freq="Q")
    yoy = q_table.apply(yoy_growth_pct)
    q_shares = line_shares_pct(quarterly_lines, "period")
    rows = []
    for line in annual.columns:
        rows.append(
            {
                "line": line,
                "measure": f"{start}–{end}, compound % a year",
                "frequency": "annual",
                "growth_pct": cagr[line],
                "from_period": str(start),
                "from_usd_mn": annual.loc[start, line],
                "to_period": str(end),
                "to_usd_mn": annual.loc[end, line],
                "share_pct": shares.loc[end, line],
                "share_of": str(end),
            }
        )
        rows.append(
            {
                "line": line,
                "measure": f"{quarter} on {q - 4}, %",
                "frequency": "quarterly",
                "growth_pct": yoy.loc[q, line],
                "from_period": str(q - 4),
                "from_usd_mn": q_table.loc[q - 4, line],
                "to_period": str(q),
                "to_usd_mn": q_table.loc[q, line],
                "share_pct": q_shares.loc[q, line],
                "share_of": str(q),
            }
        )
    return pd.DataFrame(rows)
