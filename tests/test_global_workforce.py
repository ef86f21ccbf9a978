"""Amazon Germany in context: shares and growth from the data, planned and realised kept apart."""

from __future__ import annotations

import pytest

from ailayoffs import global_workforce, load


def test_germany_share_and_growth():
    facts, annual = load("amazon_germany_facts"), load("amazon_headcount_annual")
    table = global_workforce.germany_in_context(facts, annual).set_index("year")
    total_2024 = annual.set_index("year").loc[2024, "employees"]
    de = facts.set_index("fact_id")["value"]
    assert table.loc[2024, "share_pct"] == pytest.approx(100 * de["employees_2024"] / total_2024)
    assert table.loc[2024, "growth_pct"] == pytest.approx(100 * (de["employees_2024"] / de["employees_2023"] - 1))
    assert "employees_target_2024" not in set(table.index.astype(str))  # a target is not a headcount


def test_a_year_without_a_worldwide_figure_is_refused():
    facts, annual = load("amazon_germany_facts"), load("amazon_headcount_annual")
    with pytest.raises(ValueError, match="2023"):
        global_workforce.germany_in_context(facts, annual[annual["year"] != 2023])


def test_investment_table_keeps_plans_and_realised_spending_apart():
    table = global_workforce.investment_table(load("amazon_germany_facts"))
    assert set(table["kind"]) == {"planned", "realised"}
    realised_2024 = table[(table["kind"] == "realised") & (table["period"] == "2024")]
    assert list(realised_2024["fact_id"]) == ["invest_realised_2024", "invest_increase_2024"]
    assert not ((table["kind"] == "planned") & (table["period"] == "2024")).any()
