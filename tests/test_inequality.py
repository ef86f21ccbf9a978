"""Labour-share trends, breaks and the wage-spread arithmetic."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ailayoffs import inequality, load


@pytest.fixture(scope="module")
def shares():
    return load("pwt_labour_share")


def _synthetic(slopes, years):
    values, level = [], 60.0
    for year in years:
        level += slopes[0] if year < years[len(years) // 2] else slopes[1]
        values.append(level)
    return pd.DataFrame({"year": years, "share_pct": values})


def test_trend_recovers_a_known_slope():
    years = np.arange(1990, 2020)
    series = pd.DataFrame({"year": years, "share_pct": 60 - 0.1 * (years - 1990) + 0.01 * np.sin(years)})
    result = inequality.trend(series)
    assert result["slope_pp_decade"] == pytest.approx(-1.0, abs=0.02)
    assert result["ci_low"] < result["slope_pp_decade"] < result["ci_high"]


def test_break_is_found_where_the_slope_changes():
    years = np.arange(1990, 2020)
    found = inequality.best_break(_synthetic((-0.3, 0.2), years))
    assert abs(found["break_year"] - 2005) <= 1
    assert found["slope_before"] < 0 < found["slope_after"]


def test_imputed_years_are_refused(shares):
    with pytest.raises(ValueError, match="imputed"):
        inequality.country_series(shares, "DEU", 1980, 2019)


def test_trends_from_the_data_match_endpoints(shares):
    table = inequality.trends_table(shares, ["DEU", "USA"], 1992, 2019)
    deu = shares[(shares.country == "DEU") & shares.year.isin([1992, 2019])]["labour_share"].to_numpy()
    assert table.loc["DEU", "change_pp"] == pytest.approx(100 * (deu[1] - deu[0]))
    assert set(table["direction"]) <= {"falling", "rising", "no clear trend"}


def test_fitted_lines_have_two_segments_per_country(shares):
    fitted = inequality.fitted_lines(shares, ["DEU", "FRA"], 1992, 2019)
    assert fitted.groupby("country")["segment"].nunique().eq(2).all()
    assert len(fitted) == 2 * 28


def test_spread_decomposition_reproduces_destatis():
    spread = load("de_earnings_distribution").set_index("series_id")["value"]
    predicted = inequality.ratio_after_growth(spread["d9d1_2022"], spread["p90_growth_2023"], spread["p10_growth_2023"])
    assert predicted == pytest.approx(spread["d9d1_2023"], abs=0.01)
    with pytest.raises(ValueError):
        inequality.ratio_after_growth(3.0, 1.0, -100)
