"""A transparent basic-income calculator and a levy teaching model.

Gross cost of paying ``m`` euros a month to a share ``c`` of a population of
``P`` million people, in billion euros a year::

    gross = 12 m c P / 1000

If the basic income replaces a share ``r`` of existing social benefits ``S``
(billion euros a year), the net cost is ``net = gross - r S``. The teaching
model asks what rate a levy would need to raise ``net``: on all value added
(GDP ``Y``), ``t_va = net / Y``; on capital income only, with labour share
``s_L``, ``t_k = net / ((1 - s_L) Y)``. It is static: no behavioural response,
no change in the base, no administration; real proposals differ on every point.
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["calculator_frame", "gross_cost_eur_bn", "levy_rate_pct", "net_cost_eur_bn"]


def _share(value: float, name: str) -> float:
    value = float(value)
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise ValueError(f"{name} must be a share between 0 and 1, got {value!r}")
    return value


def _positive(value: float, name: str) -> float:
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return value


def gross_cost_eur_bn(amount_eur_month: float, population_mn: float, coverage_share: float = 1.0) -> float:
    """Gross yearly cost in billion euros: ``12 x amount x coverage x population``.

    Parameters
    ----------
    amount_eur_month : float
        Payment per person and month, euros.
    population_mn : float
        Population, million persons.
    coverage_share : float
        Share of the population paid, between 0 and 1.
    """
    amount = _positive(amount_eur_month, "amount_eur_month")
    population = _positive(population_mn, "population_mn")
    return 12 * amount * _share(coverage_share, "coverage_share") * population / 1000


def net_cost_eur_bn(gross_eur_bn: float, social_benefits_eur_bn: float, replaced_share: float) -> float:
    """Net cost once a share of existing social benefits is replaced: ``gross - r S``."""
    return _positive(gross_eur_bn, "gross_eur_bn") - _share(replaced_share, "replaced_share") * _positive(
        social_benefits_eur_bn, "social_benefits_eur_bn"
    )


def levy_rate_pct(revenue_eur_bn: float, base_eur_bn: float) -> float:
    """Rate (percent of the base) a static levy needs to raise ``revenue_eur_bn``."""
    base = _positive(base_eur_bn, "base_eur_bn")
    if base == 0:
        raise ValueError("base_eur_bn must be positive")
    return 100 * float(revenue_eur_bn) / base


def calculator_frame(
    inputs: pd.DataFrame,
    labour_share: float,
    *,
    population_id: str = "population_2024",
    gdp_id: str = "gdp_2024",
    benefits_id: str = "social_benefits_2024",
    budget_id: str = "federal_budget_2025",
) -> pd.DataFrame:
    """The inputs the in-page calculator needs, one row per benchmark bar.

    Parameters
    ----------
    inputs : DataFrame
        ``de_basic_income_inputs`` as loaded.
    labour_share : float
        Labour share of GDP (0-1) for the capital-income base of the teaching model.
    *_id : str
        ``input_id`` of the population, GDP, social-benefit and budget rows to use.

    Returns
    -------
    DataFrame
        Columns ``item``, ``kind`` (``gross`` and ``net``: rows whose value the page
        computes from its controls, left empty here; ``benchmark``), ``value_eur_bn``, ``period``,
        ``population_mn``, ``gdp_eur_bn``,
        ``social_benefits_eur_bn``, ``capital_base_eur_bn``: the benchmarks (GDP, social
        benefits, federal budget) with every constant the page's formulas use repeated on
        each row, so the chart needs no other input.
    """
    by_id = inputs.set_index("input_id")
    missing = [i for i in (population_id, gdp_id, benefits_id, budget_id) if i not in by_id.index]
    if missing:
        raise KeyError(f"inputs lack rows {missing}")
    units = {
        population_id: "million persons",
        gdp_id: "EUR billion",
        benefits_id: "EUR billion",
        budget_id: "EUR billion",
    }
    for key, unit in units.items():
        if by_id.loc[key, "unit"] != unit:
            raise ValueError(f"input '{key}' is in '{by_id.loc[key, 'unit']}', expected '{unit}'")
    share = _share(labour_share, "labour_share")
    gdp = float(by_id.loc[gdp_id, "value"])
    rows = [("GDP", gdp_id), ("Social benefits (Sozialbudget)", benefits_id), ("Federal budget", budget_id)]
    return pd.DataFrame(
        {
            "item": ["Basic income, gross cost", "Basic income, net cost"] + [label for label, _ in rows],
            "kind": ["gross", "net"] + ["benchmark"] * len(rows),
            "value_eur_bn": [float("nan")] * 2 + [float(by_id.loc[key, "value"]) for _, key in rows],
            "period": ["chosen in the page"] * 2 + [str(by_id.loc[key, "period"]) for _, key in rows],
            "population_mn": float(by_id.loc[population_id, "value"]),
            "gdp_eur_bn": gdp,
            "social_benefits_eur_bn": float(by_id.loc[benefits_id, "value"]),
            "capital_base_eur_bn": (1 - share) * gdp,
        }
    )
