"""The basic-income calculator against a case computed by hand, and its inputs."""

from __future__ import annotations

import pytest

from ailayoffs import basic_income, load


def test_hand_computed_case():
    # 1,200 euros a month to all of 83.6 million people: 1200 * 12 * 83.6e6 = 1,203.84 bn euros a year.
    gross = basic_income.gross_cost_eur_bn(1200, 83.6, 1.0)
    assert gross == pytest.approx(1203.84)
    # Half of 1,345.4 bn of social benefits replaced: 1203.84 - 672.7 = 531.14 bn.
    net = basic_income.net_cost_eur_bn(gross, 1345.4, 0.5)
    assert net == pytest.approx(531.14)
    # A levy on GDP of 4,305.26 bn: 531.14 / 4305.26 = 12.337 %.
    assert basic_income.levy_rate_pct(net, 4305.26) == pytest.approx(12.3370, abs=1e-4)
    # On capital income with a labour share of 0.642: 531.14 / (0.358 * 4305.26) = 34.461 %.
    assert basic_income.levy_rate_pct(net, (1 - 0.642) * 4305.26) == pytest.approx(34.4609, abs=1e-4)


def test_cost_scales_with_amount_and_coverage():
    assert basic_income.gross_cost_eur_bn(600, 80, 0.5) == pytest.approx(
        basic_income.gross_cost_eur_bn(1200, 80, 1) / 4
    )
    assert basic_income.gross_cost_eur_bn(1000, 80, 0) == 0


@pytest.mark.parametrize("args", [(-1, 80, 1), (1000, 80, 1.5), (1000, float("nan"), 1)])
def test_bad_input_is_refused(args):
    with pytest.raises(ValueError):
        basic_income.gross_cost_eur_bn(*args)


def test_levy_needs_a_positive_base():
    with pytest.raises(ValueError):
        basic_income.levy_rate_pct(10, 0)


def test_calculator_frame_carries_the_sourced_inputs():
    inputs = load("de_basic_income_inputs")
    frame = basic_income.calculator_frame(inputs, 0.6)
    by_id = inputs.set_index("input_id")["value"]
    assert frame["population_mn"].iloc[0] == by_id["population_2024"]
    assert frame.set_index("item").loc["GDP", "value_eur_bn"] == by_id["gdp_2024"]
    assert frame.loc[frame["kind"] != "benchmark", "value_eur_bn"].isna().all()
    assert frame["capital_base_eur_bn"].iloc[0] == pytest.approx(0.4 * by_id["gdp_2024"])
    with pytest.raises(KeyError):
        basic_income.calculator_frame(inputs, 0.6, budget_id="federal_budget_2024")
    with pytest.raises(ValueError):
        basic_income.calculator_frame(inputs, 0.6, gdp_id="population_2024")
