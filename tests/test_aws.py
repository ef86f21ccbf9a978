"""AWS shares, sums, capex intensity and sourcing tiers, on hand cases and on the data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ailayoffs import aws, data, series


def _long(rows):
    return pd.DataFrame(rows, columns=["period", "metric", "value", "basis"])


def test_trailing_sum_refuses_to_sum_across_a_missing_quarter():
    series = pd.Series([1.0, 2.0, np.nan, 4.0, 5.0], index=pd.period_range("2024Q1", periods=5, freq="Q"))
    assert aws.trailing_sum(series, "2025Q1", quarters=2) == 9.0
    with pytest.raises(KeyError, match="2024Q3 not sourced"):
        aws.trailing_sum(series, "2025Q1")


def test_capex_intensity_falls_back_to_four_sourced_quarters():
    annual = pd.DataFrame(
        {"year": [2024, 2024], "metric": ["capex_purchases_ppe_gross", "net_sales"], "value": [10.0, 100.0]}
    )
    quarters = [f"2025Q{q}" for q in range(1, 5)]
    quarterly = _long(
        [(p, "capex_purchases_ppe_gross", 5.0, "filing") for p in quarters]
        + [(p, "net_sales", 50.0, "filing") for p in quarters]
    )
    intensity = aws.capex_intensity_by_year(annual, quarterly)
    assert intensity.to_dict() == {2024: pytest.approx(10.0), 2025: pytest.approx(10.0)}
    three = quarterly[quarterly["period"] != "2025Q4"]
    assert 2025 not in aws.capex_intensity_by_year(annual, three).index


def test_press_figures_are_not_verified_and_neither_is_growth_on_them():
    rows = []
    for q, basis in [
        ("2023Q1", "press report of release"),
        ("2024Q1", "filing"),
        ("2024Q2", "filing"),
        ("2023Q2", "filing"),
    ]:
        rows += [(q, "aws_net_sales", 100.0, basis), (q, "aws_operating_income", 30.0, basis)]
    frame = aws.aws_frame(_long(rows), pd.Series({2023: 5.0, 2024: 6.0}))
    assert not frame.loc[pd.Period("2024Q1", freq="Q"), "verified"]  # year-ago sales from the press
    assert frame.loc[pd.Period("2024Q2", freq="Q"), "verified"]
    assert not frame.loc[pd.Period("2023Q1", freq="Q"), "verified"]


def test_the_articles_third_quarter_figures_belong_to_2024q3():
    wide = series.wide_quarterly(data.load("amazon_quarterly_results"))
    assert aws.match_quarter(wide, 27.5, 10.4) == ["2024Q3"]


def test_peer_growth_maps_azure_fiscal_quarters_to_calendar_quarters():
    peers = data.load("cloud_peers_quarterly")
    wide = series.wide_quarterly(data.load("amazon_quarterly_results"))
    growth = aws.peer_growth(peers, wide).set_index(["provider", "period"])["growth_pct"]
    fy25q4 = peers[(peers["fiscal_label"] == "FY25Q4") & (peers["metric"] == "revenue_growth_yoy")]
    assert fy25q4["calendar_period"].iloc[0] == "2025Q2"
    assert growth[("Microsoft Azure", "2025Q2")] == pytest.approx(float(fy25q4["value"].iloc[0]))
    aws_q2 = (
        wide.loc[pd.Period("2025Q2", freq="Q"), "aws_net_sales"]
        / wide.loc[pd.Period("2024Q2", freq="Q"), "aws_net_sales"]
    )
    assert growth[("AWS", "2025Q2")] == pytest.approx(100 * (aws_q2 - 1))


def test_regression_sample_uses_only_verified_quarters_of_the_data():
    quarterly = data.load("amazon_quarterly_results")
    frame = aws.aws_frame(quarterly, aws.capex_intensity_by_year(data.load("amazon_annual_results"), quarterly))
    verified = frame[frame["verified"]]
    basis = quarterly.set_index(["metric", "period"])["basis"]
    for period in verified.index.astype(str):
        assert basis[("aws_net_sales", period)] in aws.PRIMARY_BASES
        assert basis[("aws_operating_income", period)] in aws.PRIMARY_BASES
