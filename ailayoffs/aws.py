"""AWS within Amazon: shares, peers, the regression frame and the article's figures.

The functions take frames from :func:`ailayoffs.data.load` (long results) or
:func:`ailayoffs.series.wide_quarterly` (one column per metric, quarterly
``PeriodIndex``) and return small frames or numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .margins import operating_margin_pct
from .series import trailing_sums, wide_annual, wide_quarterly, yoy_growth_pct

__all__ = [
    "PRIMARY_BASES",
    "aws_frame",
    "capex_intensity_by_year",
    "margin_points",
    "match_quarter",
    "peer_growth",
    "server_life_events",
    "trailing_sum",
]

# Bases counted as verified: read in Amazon's own documents, or arithmetic on them.
PRIMARY_BASES = ("filing", "earnings release", "derived from filings")


def trailing_sum(series: pd.Series, end: str, quarters: int = 4) -> float:
    """The sum of the ``quarters`` quarters ending with ``end``; an error naming any that is missing.

    ``series`` has a complete quarterly ``PeriodIndex`` (see
    :func:`ailayoffs.series.trailing_sums`, which this reads).
    """
    stop = pd.Period(end, freq="Q")
    total = trailing_sums(series, quarters).get(stop, np.nan)
    if np.isnan(total):
        window = series.reindex(pd.period_range(stop - quarters + 1, stop, freq="Q"))
        missing = ", ".join(str(p) for p in window.index[window.isna()])
        raise KeyError(f"cannot sum the {quarters} quarters to {end}: {missing} not sourced")
    return float(total)


def capex_intensity_by_year(
    annual: pd.DataFrame, quarterly: pd.DataFrame, metric: str = "capex_purchases_ppe_gross"
) -> pd.Series:
    """Capital expenditure in percent of net sales, per calendar year.

    Uses the annual figures where they exist and otherwise the sum of the four
    quarters of a year, when all four are sourced.

    Parameters
    ----------
    annual, quarterly : DataFrame
        ``amazon_annual_results`` and ``amazon_quarterly_results`` as loaded.
    """
    yearly = wide_annual(annual)
    intensity = (100.0 * yearly[metric] / yearly["net_sales"]).dropna()
    wide = wide_quarterly(quarterly, [metric, "net_sales"])
    for year in sorted(set(wide.index.year) - set(intensity.index)):
        rows = wide[wide.index.year == year]
        if len(rows) == 4 and rows.notna().all().all():
            intensity.loc[year] = 100.0 * rows[metric].sum() / rows["net_sales"].sum()
    intensity.index = intensity.index.astype(int)
    return intensity.sort_index()


def aws_frame(quarterly: pd.DataFrame, capex_intensity: pd.Series) -> pd.DataFrame:
    """AWS margin, growth and Amazon's capex intensity per quarter, with sourcing tiers.

    Returns
    -------
    DataFrame
        Indexed by quarter: ``aws_net_sales``, ``aws_operating_income``,
        ``margin_pct``, ``growth_pct`` (on the same quarter a year earlier),
        ``capex_intensity_pct`` (calendar year), ``primary``: True where the
        AWS sales and income of the quarter were read in Amazon's own documents
        or derived from them, and ``verified``: ``primary`` and the year-ago
        sales too (no press figure involved in the margin or its growth).
    """
    wide = wide_quarterly(quarterly, ["aws_net_sales", "aws_operating_income"])
    basis = quarterly.pivot(index="period", columns="metric", values="basis")
    basis.index = pd.PeriodIndex(basis.index, freq="Q")
    basis = basis.reindex(wide.index)
    primary = basis[["aws_net_sales", "aws_operating_income"]].isin(PRIMARY_BASES)
    frame = wide.copy()
    frame["margin_pct"] = operating_margin_pct(wide["aws_operating_income"], wide["aws_net_sales"])
    frame["growth_pct"] = yoy_growth_pct(wide["aws_net_sales"])
    frame["capex_intensity_pct"] = capex_intensity.reindex(wide.index.year).to_numpy()
    year_ago_primary = primary["aws_net_sales"].reindex(wide.index - 4).to_numpy(dtype=bool, na_value=False)
    frame["primary"] = primary.all(axis=1).to_numpy()
    frame["verified"] = frame["primary"].to_numpy() & year_ago_primary
    return frame


def margin_points(frame: pd.DataFrame) -> pd.DataFrame:
    """The quarters with a margin, labelled by where their figures were read (for the margin chart).

    Parameters
    ----------
    frame : DataFrame
        Output of :func:`aws_frame`.

    Returns
    -------
    DataFrame
        ``period`` (str), ``margin_pct`` and ``sourcing``: "Amazon's filings
        or releases" where ``primary``, else "press reports of releases".
    """
    plotted = frame.dropna(subset=["margin_pct"])
    sourcing = np.where(plotted["primary"], "Amazon's filings or releases", "press reports of releases")
    return plotted.assign(period=plotted.index.astype(str), sourcing=sourcing)[["period", "margin_pct", "sourcing"]]


def server_life_events(life: pd.DataFrame) -> pd.DataFrame:
    """Each change in the servers' useful life as ``quarter_start`` (Timestamp) and ``label`` ("4 → 5 years")."""
    events = life.assign(
        quarter_start=pd.PeriodIndex(life["effective_quarter"], freq="Q").start_time,
        label=life["life_from_years"].astype(str) + " → " + life["life_to_years"].astype(str) + " years",
    )
    return events[["quarter_start", "label"]]


def match_quarter(
    wide: pd.DataFrame, sales_usd_bn: float, income_usd_bn: float, segment: str = "aws", decimals: int = 1
) -> list[str]:
    """Quarters whose segment sales and operating income round to the given figures."""
    sales = (wide[f"{segment}_net_sales"] / 1000).round(decimals)
    income = (wide[f"{segment}_operating_income"] / 1000).round(decimals)
    hits = wide.index[(np.isclose(sales, sales_usd_bn)) & (np.isclose(income, income_usd_bn))]
    return [str(p) for p in hits]


def peer_growth(peers: pd.DataFrame, aws_wide: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year revenue growth of AWS, Azure and Google Cloud by calendar quarter.

    Azure's growth is as Microsoft reports it (its revenue is not disclosed);
    AWS's and Google Cloud's are computed from revenue, where the quarter a
    year earlier is sourced.

    Returns
    -------
    DataFrame
        Long: ``provider``, ``period`` (calendar quarter label), ``growth_pct``.
    """
    frames = [
        pd.DataFrame(
            {
                "provider": "AWS",
                "period": aws_wide.index.astype(str),
                "growth_pct": yoy_growth_pct(aws_wide["aws_net_sales"]).to_numpy(),
            }
        )
    ]
    azure = peers[(peers["company"] == "Microsoft") & (peers["metric"] == "revenue_growth_yoy")]
    frames.append(
        pd.DataFrame(
            {
                "provider": "Microsoft Azure",
                "period": azure["calendar_period"].to_numpy(),
                "growth_pct": azure["value"].astype(float).to_numpy(),
            }
        )
    )
    google = peers[(peers["company"] == "Alphabet") & (peers["metric"] == "revenue")]
    revenue = pd.Series(
        google["value"].astype(float).to_numpy(), index=pd.PeriodIndex(google["calendar_period"], freq="Q")
    )
    revenue = revenue.reindex(pd.period_range(revenue.index.min(), revenue.index.max(), freq="Q"))
    frames.append(
        pd.DataFrame(
            {
                "provider": "Google Cloud",
                "period": revenue.index.astype(str),
                "growth_pct": yoy_growth_pct(revenue).to_numpy(),
            }
        )
    )
    return pd.concat(frames, ignore_index=True).dropna(subset=["growth_pct"])
