"""Survey statistics: proportion intervals, sensitivity bands, implied jobs, exposure shares.

Business surveys such as the ifo survey publish *weighted shares of firms*;
this module puts uncertainty around such shares and turns them, under stated
assumptions, into numbers of jobs. Shares are in percent throughout
(``*_pct``), sample sizes in firms (``n_*``), employment in persons unless a
name says otherwise.

Functions take the frames returned by :func:`ailayoffs.data.load` (or plain
numbers) and never load data themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from . import series

__all__ = [
    "CI_METHODS",
    "DEFAULT_EMPLOYMENT_BASE",
    "SensitivityBand",
    "adoption_vs_expectation",
    "exposure_context",
    "breakdown_table",
    "implied_jobs",
    "implied_jobs_count",
    "net_expected_change_pct",
    "proportion_ci",
    "sensitivity_band",
    "share_intervals",
    "smallest_n_above",
    "with_wilson_intervals",
]

# Our method names and the names statsmodels uses for them.
CI_METHODS = {"wilson": "wilson", "wald": "normal"}

#: Which row of ``de_employment_by_sector`` stands for each ifo sector in the
#: implied-jobs model: the closest match in scope among the sourced figures
#: (see the row's ``scope_vs_ifo``). An assumption, stated in the chapter.
DEFAULT_EMPLOYMENT_BASE = {
    "total": "etr_total_2024",
    "manufacturing": "etr_industry_excl_construction_2023",
    "services": "svb_business_services_2021",
    "trade": "trade_2018",
    "wholesale": "wholesale_2018",
    "retail": "retail_2018",
    "construction": "etr_construction_2023",
}


# --------------------------------------------------------------------------
# Intervals for a share
# --------------------------------------------------------------------------


def _check_share(share_pct: float) -> None:
    if not 0.0 <= float(share_pct) <= 100.0:
        raise ValueError(f"share_pct must lie in [0, 100], got {share_pct}")


def _check_n(n_firms: float) -> None:
    if n_firms is None or pd.isna(n_firms) or float(n_firms) < 1 or float(n_firms) != int(n_firms):
        raise ValueError(f"the sample size must be a whole number of at least 1, got {n_firms}")


def proportion_ci(share_pct: float, n_firms: int, level: float = 0.95, method: str = "wilson") -> tuple[float, float]:
    """Confidence interval for a share observed in a simple random sample.

    Parameters
    ----------
    share_pct : float
        Observed share, in percent (0-100).
    n_firms : int
        Sample size (number of responding firms).
    level : float
        Confidence level, e.g. 0.95.
    method : {"wilson", "wald"}
        Wilson score interval, or the normal-approximation (Wald) interval
        ``p ± z·sqrt(p(1-p)/n)``, clipped to [0, 100] by statsmodels.

    Returns
    -------
    (float, float)
        Lower and upper bound, in percent.

    Notes
    -----
    Both assume simple random sampling. Weighted surveys have a design effect
    above one, so their true intervals are wider than these.
    """
    _check_share(share_pct)
    _check_n(n_firms)
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level}")
    if method not in CI_METHODS:
        raise ValueError(f"unknown method '{method}'; expected one of {sorted(CI_METHODS)}")
    n = int(n_firms)
    low, high = proportion_confint(float(share_pct) / 100.0 * n, n, alpha=1.0 - level, method=CI_METHODS[method])
    return 100.0 * float(low), 100.0 * float(high)


@dataclass(frozen=True)
class SensitivityBand:
    """Intervals for a share whose sample size is unknown but assumed in [n_low, n_high].

    ``low_pct``/``high_pct`` enclose the interval at every assumed sample size
    (the widest case, at ``n_low``); ``narrow_low_pct``/``narrow_high_pct`` are
    the interval at ``n_high`` (the narrowest case).
    """

    share_pct: float
    n_low: int
    n_high: int
    level: float
    low_pct: float
    high_pct: float
    narrow_low_pct: float
    narrow_high_pct: float

    @property
    def half_width_pp(self) -> float:
        """Largest distance from the share to an end of the band, in percentage points."""
        return max(self.share_pct - self.low_pct, self.high_pct - self.share_pct)


def sensitivity_band(
    share_pct: float, n_low: int, n_high: int, level: float = 0.95, method: str = "wilson", steps: int = 60
) -> SensitivityBand:
    """The range of confidence intervals over a range of plausible sample sizes.

    Parameters
    ----------
    share_pct : float
        Observed share, in percent.
    n_low, n_high : int
        Smallest and largest sample size considered plausible (assumptions, or
        bounds such as the size of the whole panel).
    level, method
        As for :func:`proportion_ci`.
    steps : int
        Number of sample sizes, spaced evenly on a log scale, at which the
        interval is computed; the band is their envelope.
    """
    _check_n(n_low)
    _check_n(n_high)
    if n_low > n_high:
        raise ValueError(f"n_low ({n_low}) is larger than n_high ({n_high})")
    sizes = np.unique(np.round(np.geomspace(n_low, n_high, num=max(2, steps))).astype(int))
    bounds = np.array([proportion_ci(share_pct, int(n), level, method) for n in sizes])
    narrow = proportion_ci(share_pct, int(n_high), level, method)
    return SensitivityBand(
        share_pct=float(share_pct),
        n_low=int(n_low),
        n_high=int(n_high),
        level=level,
        low_pct=float(bounds[:, 0].min()),
        high_pct=float(bounds[:, 1].max()),
        narrow_low_pct=narrow[0],
        narrow_high_pct=narrow[1],
    )


def share_intervals(
    shares: pd.DataFrame,
    share_col: str,
    n_range: tuple[int, int],
    n_col: str = "n_firms",
    level: float = 0.95,
    method: str = "wilson",
) -> pd.DataFrame:
    """Add an interval to each share: a confidence interval where n is known, else a sensitivity band.

    Parameters
    ----------
    shares : DataFrame
        One row per share, e.g. ``ifo_ai_job_expectations_2025`` as loaded.
    share_col : str
        Column holding the share in percent, e.g. ``"fewer_jobs_pct"``.
    n_range : (int, int)
        Sample sizes assumed plausible where ``n_col`` is empty.
    n_col : str
        Column with the published sample size (empty where not published).

    Returns
    -------
    DataFrame
        ``shares`` with ``share_pct``, ``low_pct``, ``high_pct`` (widest
        interval), ``narrow_low_pct``, ``narrow_high_pct``, ``interval_kind``
        (``"confidence interval"`` or ``"sensitivity band"``), ``n_low``,
        ``n_high`` and ``level_pct``.
    """
    rows = []
    for _, row in shares.iterrows():
        share = float(row[share_col])
        n = row.get(n_col)
        if n is not None and not pd.isna(n):
            low, high = proportion_ci(share, int(n), level, method)
            rows.append((low, high, low, high, "confidence interval", int(n), int(n)))
        else:
            band = sensitivity_band(share, n_range[0], n_range[1], level, method)
            rows.append(
                (
                    band.low_pct,
                    band.high_pct,
                    band.narrow_low_pct,
                    band.narrow_high_pct,
                    "sensitivity band",
                    band.n_low,
                    band.n_high,
                )
            )
    extra = pd.DataFrame(
        rows,
        index=shares.index,
        columns=["low_pct", "high_pct", "narrow_low_pct", "narrow_high_pct", "interval_kind", "n_low", "n_high"],
    )
    out = shares.assign(share_pct=shares[share_col].astype("float64")).join(extra)
    out["level_pct"] = 100.0 * level
    out.attrs = dict(shares.attrs)
    return out


def with_wilson_intervals(frame: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """``frame`` with ``low_pct`` and ``high_pct``: the Wilson interval where ``n_firms`` is published, else NaN.

    ``frame`` has ``share_pct`` (percent of firms) and ``n_firms`` (sample size, may be missing).
    """
    bounds = [
        proportion_ci(share, int(n), level) if pd.notna(n) else (float("nan"), float("nan"))
        for share, n in zip(frame["share_pct"], frame["n_firms"], strict=False)
    ]
    return frame.assign(low_pct=[b[0] for b in bounds], high_pct=[b[1] for b in bounds])


def smallest_n_above(
    share_pct: float, threshold_pct: float, level: float = 0.95, method: str = "wilson", n_max: int = 1_000_000
) -> int | None:
    """Smallest sample size at which the interval for ``share_pct`` lies wholly above ``threshold_pct``.

    Answers "how many firms would a survey need for this share to be
    significantly above the threshold?". Returns ``None`` if the share does not
    exceed the threshold or no ``n <= n_max`` suffices.
    """
    _check_share(share_pct)
    _check_share(threshold_pct)
    if share_pct <= threshold_pct or proportion_ci(share_pct, n_max, level, method)[0] <= threshold_pct:
        return None
    low, high = 1, n_max  # the lower bound rises with n: bisect for the first n above the threshold
    while low < high:
        mid = (low + high) // 2
        if proportion_ci(share_pct, mid, level, method)[0] > threshold_pct:
            high = mid
        else:
            low = mid + 1
    return low


def breakdown_table(expectations: pd.DataFrame):
    """The ifo breakdown as a table for reading: one row per sector, with who else reports it.

    Returns a pandas Styler. Sources are named by the part of their title
    before the first parenthesis or colon (the agency or outlet).
    """
    info = expectations.attrs["dataset"]
    short = {s["x-id"]: s["title"].split(":")[0].split(" (")[0] for s in info.sources}

    def others(value: str) -> str:
        return "none" if value == "none" else ", ".join(short[x] for x in value.split())

    table = pd.DataFrame(
        {
            "Sector": expectations["sector_en"] + " / " + expectations["sector_de"],
            "More jobs (%)": expectations["more_jobs_pct"].map("{:.1f}".format),
            "No change (%)": expectations["no_change_pct"].map("{:.1f}".format),
            "Fewer jobs (%)": expectations["fewer_jobs_pct"].map("{:.1f}".format),
            "Firms answering": expectations["n_firms"].map(lambda n: "not published" if pd.isna(n) else f"{int(n):,}"),
            "Table read in": expectations["source_ref"].map(short),
            "Also reported by": expectations["corroborated_by"].map(others),
        }
    )
    from . import tables

    return tables.table(table, hide_index=True)


# --------------------------------------------------------------------------
# Implied jobs
# --------------------------------------------------------------------------


def implied_jobs_count(
    employed_persons: float, share_cutting_pct: float, avg_cut_pct: float, size_factor: float = 1.0
) -> float:
    """Jobs implied by a share of firms expecting cuts and their average expected cut.

    ``employed_persons × min(1, share_cutting × size_factor) × avg_cut``.

    Parameters
    ----------
    employed_persons : float
        Employment in the sector, in persons.
    share_cutting_pct : float
        Share of firms expecting cuts, in percent.
    avg_cut_pct : float
        Average cut those firms expect, in percent of their workforce.
    size_factor : float
        Employment share of the firms expecting cuts relative to their share
        in the number of firms: 1 means they are of average size, 2 that they
        employ twice their share. The affected employment share is capped at
        100 %.
    """
    if employed_persons < 0:
        raise ValueError(f"employment cannot be negative, got {employed_persons}")
    _check_share(share_cutting_pct)
    if not 0.0 <= avg_cut_pct <= 100.0:
        raise ValueError(f"avg_cut_pct must lie in [0, 100], got {avg_cut_pct}")
    if size_factor < 0:
        raise ValueError(f"size_factor cannot be negative, got {size_factor}")
    affected = min(1.0, share_cutting_pct / 100.0 * size_factor)
    return float(employed_persons) * affected * avg_cut_pct / 100.0


def implied_jobs(
    expectations: pd.DataFrame,
    employment: pd.DataFrame,
    avg_cut_pct: float,
    size_factor: float = 1.0,
    base: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The implied-jobs model for each ifo sector, with its assumptions as columns.

    Parameters
    ----------
    expectations : DataFrame
        ``ifo_ai_job_expectations_2025`` as loaded.
    employment : DataFrame
        ``de_employment_by_sector`` as loaded.
    avg_cut_pct : float
        Average cut expected by firms that expect cuts (ifo publishes one
        figure for all sectors).
    size_factor : float
        See :func:`implied_jobs_count`.
    base : mapping, optional
        ifo ``sector_id`` → ``employment_id``; defaults to
        :data:`DEFAULT_EMPLOYMENT_BASE`.

    Returns
    -------
    DataFrame
        One row per sector in ``base``: ``sector_id``, ``sector_en``,
        ``level``, ``share_cutting_pct``, ``employment_id``,
        ``employment_concept``, ``employment_year``, ``scope_vs_ifo``,
        ``employed_persons``, ``avg_cut_pct``, ``size_factor``,
        ``affected_share_pct``, ``implied_jobs`` (persons) and
        ``implied_share_of_employment_pct``. Rows are not additive: sectors
        overlap (the total, trade and its sub-sectors) and their employment
        figures differ in concept and year.
    """
    base = dict(base or DEFAULT_EMPLOYMENT_BASE)
    sectors = expectations.set_index("sector_id")
    jobs = employment.set_index("employment_id")
    rows = []
    for sector_id, employment_id in base.items():
        if sector_id not in sectors.index:
            raise KeyError(f"no ifo sector '{sector_id}'; known: {', '.join(sectors.index)}")
        if employment_id not in jobs.index:
            raise KeyError(f"no employment figure '{employment_id}' for sector '{sector_id}'")
        sector, emp = sectors.loc[sector_id], jobs.loc[employment_id]
        persons = float(emp["employed_thousand"]) * 1000.0
        share = float(sector["fewer_jobs_pct"])
        count = implied_jobs_count(persons, share, avg_cut_pct, size_factor)
        rows.append(
            {
                "sector_id": sector_id,
                "sector_en": sector["sector_en"],
                "level": sector["level"],
                "share_cutting_pct": share,
                "employment_id": employment_id,
                "employment_concept": emp["concept"],
                "employment_year": int(emp["year"]),
                "scope_vs_ifo": emp["scope_vs_ifo"],
                "employed_persons": persons,
                "avg_cut_pct": float(avg_cut_pct),
                "size_factor": float(size_factor),
                "affected_share_pct": min(100.0, share * size_factor),
                "implied_jobs": count,
                "implied_share_of_employment_pct": 100.0 * count / persons if persons else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def net_expected_change_pct(responses: pd.DataFrame) -> float:
    """Expected change in employment implied by shares of firms and their average changes.

    ``sum(share_pct × avg_change_pct) / 100`` over the rows, in percent of
    employment, assuming the firms in each group are of average size. Rows
    with no expected change may have an empty ``avg_change_pct``; a row with a
    share but no average change (other than "no change") is an error, since
    the net figure would silently leave it out.
    """
    total = 0.0
    for _, row in responses.iterrows():
        change = row["avg_change_pct"]
        if pd.isna(change):
            if row["response"] != "no change":
                raise ValueError(
                    f"no average change published for '{row['response']}': the net change cannot be computed"
                )
            change = 0.0
        total += float(row["share_pct"]) * float(change) / 100.0
    return total


# --------------------------------------------------------------------------
# Adoption against expectation
# --------------------------------------------------------------------------


def adoption_vs_expectation(
    expectations: pd.DataFrame, adoption: pd.DataFrame, year: int, survey_id: str = "ifo_business_survey"
) -> pd.DataFrame:
    """AI adoption and the share of firms expecting cuts, side by side, where both exist.

    Parameters
    ----------
    expectations : DataFrame
        ``ifo_ai_job_expectations_2025`` as loaded.
    adoption : DataFrame
        ``de_ai_adoption`` as loaded; rows of ``survey_id`` and ``year`` whose
        ``group_id`` is an ifo ``sector_id`` are matched.

    Returns
    -------
    DataFrame
        ``sector_id``, ``sector_en``, ``fewer_jobs_pct``, ``adoption_pct``,
        ``adoption_qualifier``, for the sectors with an adoption figure;
        ``attrs["unmatched"]`` lists the sectors without one.
    """
    pick = adoption[
        (adoption["survey_id"] == survey_id)
        & (adoption["year"] == year)
        & (adoption["geo"] == "DE")
        & (adoption["group_type"] != "size")
    ]
    pick = pick.set_index("group_id")[["share_pct", "qualifier"]].rename(
        columns={"share_pct": "adoption_pct", "qualifier": "adoption_qualifier"}
    )
    both = expectations[["sector_id", "sector_en", "level", "fewer_jobs_pct"]].join(pick, on="sector_id")
    matched = both.dropna(subset=["adoption_pct"]).reset_index(drop=True)
    matched.attrs["unmatched"] = list(both.loc[both["adoption_pct"].isna(), "sector_id"])
    return matched


# --------------------------------------------------------------------------
# Exposure estimates in context
# --------------------------------------------------------------------------


def exposure_context(exposure: pd.DataFrame, world_employment: pd.DataFrame, year: int) -> pd.DataFrame:
    """Global exposure estimates as shares, with the 300 million figure set against world employment.

    Parameters
    ----------
    exposure : DataFrame
        ``ai_exposure_estimates`` as loaded.
    world_employment : DataFrame
        ``ilo_world_employment`` as loaded.
    year : int
        Year of world employment to divide by.

    Returns
    -------
    DataFrame
        ``label``, ``share_pct``, ``what`` (what the share is a share of),
        ``basis`` (``"derived"`` or the estimate's basis), ``qualifier`` and
        ``source_ref``; the first row is derived here.
    """
    world = world_employment.set_index("year")
    if year not in world.index:
        raise KeyError(f"no world employment for {year}; available: {', '.join(map(str, world.index))}")
    est = exposure.set_index("estimate_id")
    fte = est.loc["gs_fte_exposed_world"]
    employed = float(world.loc[year, "employed_million"])
    rows = [
        {
            "label": "Goldman Sachs: 300 million full-time equivalents",
            "share_pct": series.share_pct(float(fte["value"]), employed),
            "what": f"world employment {year} (ILO, {world.loc[year, 'kind']})",
            "basis": "derived",
            "qualifier": fte["qualifier"],
            "source_ref": fte["source_ref"],
        }
    ]
    for estimate_id, label, what in [
        ("gs_work_exposed_world", "Goldman Sachs: work exposed", "work, employment-weighted"),
        ("imf_employment_exposed_world", "IMF: employment exposed", "world employment"),
    ]:
        row = est.loc[estimate_id]
        rows.append(
            {
                "label": label,
                "share_pct": float(row["value"]),
                "what": what,
                "basis": row["basis"],
                "qualifier": row["qualifier"],
                "source_ref": row["source_ref"],
            }
        )
    return pd.DataFrame(rows)
