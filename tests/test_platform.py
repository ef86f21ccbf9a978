"""The two-sided market: reproducible under a seed, tipping exactly where the hand calculation says."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ailayoffs import data
from ailayoffs import platform as pf
from ailayoffs.figures import platform as figs


def test_same_seed_same_path_other_seed_other_path():
    a = pf.simulate(2.5, seed=11, periods=30)
    b = pf.simulate(2.5, seed=11, periods=30)
    c = pf.simulate(2.5, seed=12, periods=30)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_threshold_by_hand():
    assert pf.tipping_threshold() == pytest.approx(2.0)
    assert pf.tipping_threshold(1.0, 4.0) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        pf.tipping_threshold(0.0)


def test_mean_field_tips_above_the_threshold_and_not_below():
    below = pf.mean_field(1.8, start_buyers=0.55, start_sellers=0.55, periods=400)
    above = pf.mean_field(2.2, start_buyers=0.55, start_sellers=0.55, periods=400)
    assert below["buyers_share_a"].iloc[-1] == pytest.approx(0.5, abs=0.01)
    assert above["buyers_share_a"].iloc[-1] > 0.7


def test_zero_cross_effect_has_logit_one_half_every_period():
    # with no network effect every reviser picks A with probability 1/2: the share tends to 1/2
    path = pf.mean_field(0.0, start_buyers=0.9, start_sellers=0.1, periods=200, revise=0.5)
    assert path["buyers_share_a"].iloc[1] == pytest.approx(0.5 * 0.9 + 0.5 * 0.5)
    assert path["sellers_share_a"].iloc[-1] == pytest.approx(0.5, abs=1e-9)


def test_strong_effects_tip_the_agent_simulation():
    end = pf.simulate(4.0, n_agents=400, start_buyers=0.6, start_sellers=0.6, periods=80, seed=0).iloc[-1]
    assert end["buyers_share_a"] > 0.9 and end["sellers_share_a"] > 0.9
    flat = pf.simulate(0.5, n_agents=400, start_buyers=0.6, start_sellers=0.6, periods=80, seed=0).iloc[-1]
    assert abs(flat["buyers_share_a"] - 0.5) < 0.1


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        pf.simulate(1.0, start_buyers=1.5)
    with pytest.raises(ValueError):
        pf.simulate(1.0, revise=0.0)
    with pytest.raises(ValueError):
        pf.simulate(1.0, n_agents=0)


def test_grid_is_long_and_reproducible():
    g1 = pf.grid([0.0, 3.0], starts=(0.5, 0.6), periods=10)
    g2 = pf.grid([0.0, 3.0], starts=(0.5, 0.6), periods=10)
    pd.testing.assert_frame_equal(g1, g2)
    assert len(g1) == 2 * 2 * 11
    assert (g1["leader_share"] >= 0.5).all()
    assert len(pf.final_shares(g1)) == 4


def test_growth_and_profit_on_a_hand_checked_frame():
    annual = pd.DataFrame(
        {
            "year": [2020, 2020, 2020, 2021],
            "metric": ["operating_income", "operating_cash_flow", "capex_purchases_ppe_net", "operating_income"],
            "value": [1000.0, 5000.0, 7000.0, 2000.0],
            "source_ref": ["a", "a", "b", "a"],
        }
    )
    frame = pf.growth_and_profit(annual, {"a": "Doc A", "b": "Doc B"})
    fcf = frame[frame["measure"] == "Free cash flow"]
    assert fcf["value_usd_bn"].tolist() == [-2.0] and fcf["source"].tolist() == ["Doc A; Doc B"]
    assert frame[frame["measure"] == "Operating income"]["value_usd_bn"].tolist() == [1.0, 2.0]


def test_third_party_share_from_the_books_data():
    lines = data.load("amazon_net_sales_by_line_annual")
    share = pf.line_share_pct(lines, "third-party seller services")
    year = int(share.index.max())
    rows = lines[lines["year"] == year]
    by_hand = (
        100
        * rows[rows["line"] == "third-party seller services"]["net_sales_usd_mn"].sum()
        / rows["net_sales_usd_mn"].sum()
    )
    assert share[year] == pytest.approx(by_hand)
    with pytest.raises(KeyError):
        pf.line_share_pct(lines, "no such line")


def test_tipping_chart_has_a_slider_over_the_grid_values():
    g = pf.grid([0.0, 0.5, 1.0], starts=(0.5,), periods=5)
    spec = figs.tipping_chart(g, threshold=2.0).to_dict()
    text = " ".join(json.dumps(spec).replace("\\n", " ").split())
    assert "cross_effect" in text and '"input": "range"' in text and '"step": 0.5' in text
    assert "no data used" in text and spec["description"]
