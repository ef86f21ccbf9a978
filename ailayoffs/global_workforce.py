"""Amazon Germany against Amazon as a whole: shares, growth, and planned versus realised investment."""

from __future__ import annotations

import pandas as pd

__all__ = ["germany_in_context", "investment_table"]


def germany_in_context(facts: pd.DataFrame, annual: pd.DataFrame) -> pd.DataFrame:
    """Amazon's realised German headcount by year, with Amazon's total and Germany's share.

    Parameters
    ----------
    facts : DataFrame
        ``amazon_germany_facts`` as loaded.
    annual : DataFrame
        ``amazon_headcount_annual`` as loaded (year-end employees worldwide).

    Returns
    -------
    DataFrame
        ``year``, ``germany``, ``qualifier``, ``total``, ``share_pct``, ``growth_pct``
        (Germany on the previous row), ``total_growth_pct``.

    Raises
    ------
    ValueError
        If a German year has no worldwide figure to compare with.
    """
    rows = facts[
        (facts["unit"] == "persons")
        & (facts["kind"] == "realised")
        & facts["measure"].str.startswith("employees in Germany")
    ].copy()
    rows["year"] = rows["period"].astype(int)
    totals = annual.set_index("year")["employees"]
    missing = sorted(set(rows["year"]) - set(totals.index))
    if missing:
        raise ValueError(f"no worldwide headcount for {missing}")
    rows = rows.sort_values("year")
    out = pd.DataFrame(
        {
            "year": rows["year"].to_numpy(),
            "germany": rows["value"].astype(int).to_numpy(),
            "qualifier": rows["qualifier"].to_numpy(),
            "total": totals.loc[rows["year"]].astype(int).to_numpy(),
        }
    )
    out["share_pct"] = 100 * out["germany"] / out["total"]
    out["growth_pct"] = 100 * out["germany"].pct_change()
    out["total_growth_pct"] = 100 * out["total"].pct_change()
    return out


def investment_table(facts: pd.DataFrame) -> pd.DataFrame:
    """Investment figures in euros, each with its kind (planned or realised), period and report date."""
    rows = facts[facts["unit"] == "EUR billion"]
    return rows[["fact_id", "measure", "period", "value", "qualifier", "kind", "reported", "note"]].reset_index(
        drop=True
    )
