"""The article's sectors (automotive, machinery, banking, insurance) on the book's survey data.

The article names four industries that will, it says, see what Amazon saw. The
book's surveys do not break all of them out: where a survey has no row for an
industry, :func:`article_sector_evidence` falls back to the broad sector that
contains it and says so in a ``*_basis`` column, and where not even that exists
the value is missing. Shares are in percent of firms (``*_pct``).

Functions take frames returned by :func:`ailayoffs.data.load` and never load data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["ARTICLE_SECTORS", "SectorMap", "article_sector_evidence", "evidence_table"]

OWN = "own sub-sector"
NONE = "no sourced figure"


@dataclass(frozen=True)
class SectorMap:
    """Where an article sector is found in the surveys.

    ``adoption_group`` is the ``group_id`` of its own row in ``de_ai_adoption``
    (None if the survey has none), ``parent`` the ``group_id`` of the broad
    sector containing it, which is also its ``sector_id`` in
    ``ifo_ai_job_expectations_2025``.
    """

    label: str
    adoption_group: str | None
    parent: str


#: The article's four industries and the survey rows that stand for them (an
#: assumption stated in the chapter: banks and insurers are services firms,
#: car makers and machine builders manufacturers).
ARTICLE_SECTORS: dict[str, SectorMap] = {
    "automotive": SectorMap("Automotive", "automotive", "manufacturing"),
    "machinery": SectorMap("Machinery", "machinery", "manufacturing"),
    "banking": SectorMap("Banking", None, "services"),
    "insurance": SectorMap("Insurance", None, "services"),
}


def _basis(level: str, label: str) -> str:
    return OWN if level == "own" else f"parent sector ({label})"


def _own_or_parent(table: pd.DataFrame, own: str | None, parent: str, label_column: str) -> tuple:
    """The row of ``own`` in ``table`` (indexed by id), else that of ``parent``, with its basis.

    Returns ``(row, basis)``; ``(None, NONE)`` where neither has a row. The basis of a
    parent's row names it by ``label_column``.
    """
    if own is not None and own in table.index:
        return table.loc[own], OWN
    if parent in table.index:
        row = table.loc[parent]
        return row, _basis("parent", row[label_column])
    return None, NONE


def article_sector_evidence(
    adoption: pd.DataFrame,
    expectations: pd.DataFrame,
    *,
    year: int,
    sectors: Mapping[str, SectorMap] = ARTICLE_SECTORS,
    survey_id: str = "ifo_business_survey",
) -> pd.DataFrame:
    """AI adoption and expected job effects for each article sector, from the closest survey row.

    Parameters
    ----------
    adoption : DataFrame
        ``de_ai_adoption`` as loaded.
    expectations : DataFrame
        ``ifo_ai_job_expectations_2025`` as loaded.
    year : int
        Survey year of the adoption shares (the expectations survey is that of 2025).
    sectors : mapping
        Article sector id to :class:`SectorMap`.
    survey_id : str
        Which adoption survey to read (the ifo survey asks both questions).

    Returns
    -------
    DataFrame
        One row per article sector: ``sector_id``, ``sector``, ``adoption_pct``,
        ``adoption_qualifier``, ``adoption_basis``, ``fewer_jobs_pct``,
        ``more_jobs_pct``, ``net_expected_pp`` (more minus fewer, percentage
        points) and ``expectation_basis``. A basis is ``"own sub-sector"``,
        ``"parent sector (<label>)"`` or ``"no sourced figure"`` (values NaN).

    Raises
    ------
    ValueError
        If the adoption survey has no row at all for ``year``.
    """
    survey = adoption[(adoption["survey_id"] == survey_id) & (adoption["year"] == year)]
    if survey.empty:
        raise ValueError(f"de_ai_adoption has no '{survey_id}' rows for {year}")
    by_group = survey.set_index("group_id")
    by_sector = expectations.set_index("sector_id")
    rows = []
    for sector_id, spec in sectors.items():
        row = {"sector_id": sector_id, "sector": spec.label}
        hit, basis = _own_or_parent(by_group, spec.adoption_group, spec.parent, "group_label")
        row["adoption_pct"] = float(hit["share_pct"]) if hit is not None else np.nan
        row["adoption_qualifier"] = hit["qualifier"] if hit is not None else ""
        row["adoption_basis"] = basis
        exp, basis = _own_or_parent(by_sector, sector_id, spec.parent, "sector_en")
        row["fewer_jobs_pct"] = float(exp["fewer_jobs_pct"]) if exp is not None else np.nan
        row["more_jobs_pct"] = float(exp["more_jobs_pct"]) if exp is not None else np.nan
        row["net_expected_pp"] = row["more_jobs_pct"] - row["fewer_jobs_pct"]
        row["expectation_basis"] = basis
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs["datasets"] = [adoption.attrs.get("dataset"), expectations.attrs.get("dataset")]
    return out


def evidence_table(frame: pd.DataFrame):
    """The output of :func:`article_sector_evidence` as a table for reading (a pandas Styler, text escaped)."""

    def pct(value: float, qualifier: str = "") -> str:
        if pd.isna(value):
            return "no sourced figure"
        prefix = "" if qualifier in ("", "exact") else f"{qualifier} "
        return f"{prefix}{value:.1f}"

    table = pd.DataFrame(
        {
            "Sector": frame["sector"],
            "Firms using AI (%)": [
                pct(v, q) for v, q in zip(frame["adoption_pct"], frame["adoption_qualifier"], strict=False)
            ],
            "Read from": frame["adoption_basis"],
            "Firms expecting fewer jobs (%)": frame["fewer_jobs_pct"].map(pct),
            "Firms expecting more jobs (%)": frame["more_jobs_pct"].map(pct),
            "Read from ": frame["expectation_basis"],
        }
    )
    return table.style.hide(axis="index").format(escape="html").set_uuid("sector-evidence")
