"""Growth, twelve-month sums, capex ratios, share-price returns and claims as printed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ailayoffs import data
from ailayoffs import results as res
from ailayoffs.figures.results import display_growth
from ailayoffs.series import growth_pct, share_pct, trailing_sums, wide_annual, wide_quarterly


def _quarters(values, start="2020Q1"):
    return pd.Series(values, index=pd.period_range(start, periods=len(values), freq="Q"), dtype="float64")


# --------------------------------------------------------------------------
# Growth on a year earlier
# --------------------------------------------------------------------------


def test_growth_pct_arithmetic_and_undefined_bases():
    assert growth_pct(110, 100) == pytest.approx(10.0)
    assert growth_pct(90, 100) == pytest.approx(-10.0)
    assert math.isnan(growth_pct(50, -10))  # a profit after a loss is not a growth rate
    assert math.isnan(growth_pct(50, 0))
    assert math.isnan(growth_pct(50, float("nan")))
    grown = growth_pct(pd.Series([120.0, 5.0, 3.0]), pd.Series([100.0, -5.0, 0.0]))
    assert grown.iloc[0] == pytest.approx(20.0) and grown.iloc[1:].isna().all()


def test_yoy_long_compares_with_the_same_quarter_a_year_earlier():
    wide = pd.DataFrame(
        {
            "net_sales": _quarters([100, 50, 80, 90, 110, 60, np.nan, 99, 121]),
            "net_income": _quarters([-10, 5, 4, 2, 8, 6, 3, np.nan, 9]),
        }
    )
    table = res.yoy_long(wide, ["net_sales", "net_income"]).set_index(["metric", "period"])
    assert table.loc[("net_sales", "2021Q1"), "growth_pct"] == pytest.approx(10.0)
    assert table.loc[("net_sales", "2021Q2"), "growth_pct"] == pytest.approx(20.0)
    assert table.loc[("net_sales", "2022Q1"), "growth_pct"] == pytest.approx(10.0)  # 121 on 110
    assert table.loc[("net_sales", "2022Q1"), "year_ago"] == 110
    assert ("net_sales", "2021Q3") not in table.index  # own value missing
    assert math.isnan(table.loc[("net_sales", "2020Q4"), "growth_pct"])  # no year-ago quarter
    assert math.isnan(table.loc[("net_income", "2021Q1"), "growth_pct"])  # year ago a loss
    assert table.loc[("net_income", "2021Q2"), "growth_pct"] == pytest.approx(20.0)


def test_yoy_long_needs_a_quarterly_index():
    with pytest.raises(TypeError):
        res.yoy_long(pd.DataFrame({"net_sales": [1.0, 2.0]}), ["net_sales"])


def test_quarter_vs_year_earlier_and_missing_quarters():
    wide = pd.DataFrame({"net_sales": _quarters([100, 50, 80, 90, 125, np.nan])})
    row = res.quarter_vs_year_earlier(wide, "2021Q1", ["net_sales"]).loc["net_sales"]
    assert (row["value"], row["year_ago"], row["change"]) == (125, 100, 25)
    assert row["growth_pct"] == pytest.approx(25.0)
    with pytest.raises(KeyError, match="2021Q2"):
        res.quarter_vs_year_earlier(wide, "2021Q2", ["net_sales"])


def test_lowest_since_finds_the_last_quarter_as_low():
    margin = _quarters([30.0, 38.0, 35.0, 32.0, 40.0, 33.0])
    assert res.lowest_since(margin, "2021Q2") == pd.Period("2020Q4", freq="Q")  # 32 <= 33
    assert res.lowest_since(margin, "2020Q1") is None
    assert res.lowest_since(margin, "2020Q4") == pd.Period("2020Q1", freq="Q")


def test_missing_quarters_written_as_runs():
    series = _quarters([1, np.nan, np.nan, np.nan, np.nan, np.nan, 2, np.nan, 3], start="2020Q4")
    missing = res.missing_quarters(series)
    assert [str(p) for p in missing] == ["2021Q1", "2021Q2", "2021Q3", "2021Q4", "2022Q1", "2022Q3"]
    assert res.quarter_runs(missing) == "2021Q1\u20132022Q1, 2022Q3"


# --------------------------------------------------------------------------
# Twelve-month sums and capital expenditure
# --------------------------------------------------------------------------


def test_ttm_sums_four_quarters_and_refuses_to_bridge_a_gap():
    ttm = trailing_sums(_quarters([1, 2, 3, 4, 5, np.nan, 7, 8, 9, 10, 11]))
    assert ttm.iloc[:3].isna().all()
    assert ttm.iloc[3] == 10 and ttm.iloc[4] == 14
    assert ttm.iloc[5:9].isna().all()  # every window that contains the missing quarter
    assert ttm.iloc[9] == 7 + 8 + 9 + 10 and ttm.iloc[10] == 8 + 9 + 10 + 11


def test_ttm_rejects_an_index_that_skips_quarters():
    skipping = pd.Series([1.0, 2.0, 3.0, 4.0], index=pd.PeriodIndex(["2020Q1", "2020Q2", "2020Q4", "2021Q1"], freq="Q"))
    with pytest.raises(ValueError, match="consecutive"):
        trailing_sums(skipping)
    with pytest.raises(TypeError):
        trailing_sums(pd.Series([1.0, 2.0, 3.0, 4.0]))


def test_ratio_pct_is_undefined_on_a_negative_or_zero_base():
    assert share_pct(50, 200) == pytest.approx(25.0)
    assert math.isnan(share_pct(50, -200)) and math.isnan(share_pct(50, 0))
    ratios = share_pct(pd.Series([30.0, 30.0]), pd.Series([60.0, -60.0]))
    assert ratios.iloc[0] == pytest.approx(50.0) and math.isnan(ratios.iloc[1])


def test_capex_cover_on_a_hand_checked_frame():
    frame = pd.DataFrame(
        {
            "capex_purchases_ppe_gross": [80.0, 120.0],
            "capex_purchases_ppe_net": [60.0, np.nan],
            "operating_cash_flow": [100.0, 100.0],
            "operating_income": [40.0, -5.0],
        },
        index=[2023, 2024],
    )
    cover = res.capex_cover(frame)
    assert cover.loc[2023, "gross_to_ocf_pct"] == pytest.approx(80.0)
    assert cover.loc[2023, "net_to_ocf_pct"] == pytest.approx(60.0)
    assert cover.loc[2023, "gross_to_oi_pct"] == pytest.approx(200.0)
    assert cover.loc[2023, "ocf_less_gross"] == pytest.approx(20.0)
    assert cover.loc[2023, "proceeds_share_pct"] == pytest.approx(25.0)
    assert cover.loc[2024, "gross_to_ocf_pct"] == pytest.approx(120.0)
    assert math.isnan(cover.loc[2024, "gross_to_oi_pct"]) and math.isnan(cover.loc[2024, "net_to_ocf_pct"])
    with pytest.raises(KeyError):
        res.capex_cover(frame.drop(columns="operating_income"))


def test_twelve_month_totals_continue_fiscal_years_with_later_quarters():
    annual = res.capex_cover(pd.DataFrame({c: [10.0, 20.0] for c in res.CAPEX_COLUMNS}, index=[2023, 2024]))
    quarters = pd.period_range("2024Q3", periods=4, freq="Q")
    ttm = res.capex_cover(pd.DataFrame({c: [18.0, 20.0, 22.0, np.nan] for c in res.CAPEX_COLUMNS}, index=quarters))
    totals = res.twelve_month_totals(annual, ttm)
    # 2024Q3-Q4 are inside the last fiscal year; 2025Q2 has no sourced sum and is left out.
    assert list(totals["label"]) == ["2023", "2024", "TTM 2025Q1"]
    assert list(totals["basis"]) == ["fiscal year"] * 2 + ["trailing twelve months"]
    assert totals["end"].iloc[1] == pd.Timestamp("2024-12-31") and totals["end"].iloc[2] == pd.Timestamp("2025-03-31")
    assert totals["capex_purchases_ppe_gross"].iloc[2] == 22.0


# --------------------------------------------------------------------------
# Share prices
# --------------------------------------------------------------------------


@pytest.fixture()
def prices() -> pd.DataFrame:
    days = pd.to_datetime(
        ["2021-12-30", "2021-12-31", "2022-01-03", "2022-06-30", "2022-12-29", "2022-12-30", "2023-01-03"]
    )
    return pd.concat(
        [
            pd.DataFrame(
                {"date": days, "ticker": "AAA", "adj_close_usd": [90.0, 100.0, 110.0, 80.0, 60.0, 50.0, 55.0]}
            ),
            pd.DataFrame({"date": days, "ticker": "BBB", "adj_close_usd": [10.0, 10.0, 9.0, 9.0, 9.0, 12.0, 12.0]}),
        ],
        ignore_index=True,
    )


def test_close_to_close_return_uses_the_previous_trading_day(prices):
    assert res.close_to_close_return_pct(prices, "AAA", "2022-01-03") == pytest.approx(10.0)  # over the weekend
    assert res.close_to_close_return_pct(prices, "AAA", "2022-06-30") == pytest.approx(-100 * 30 / 110)
    with pytest.raises(KeyError, match="not a trading day"):
        res.close_to_close_return_pct(prices, "AAA", "2022-01-01")
    with pytest.raises(KeyError, match="first day"):
        res.close_to_close_return_pct(prices, "AAA", "2021-12-30")
    with pytest.raises(KeyError):
        res.close_to_close_return_pct(prices, "ZZZ", "2022-01-03")


def test_calendar_year_and_period_returns(prices):
    assert res.calendar_year_return_pct(prices, "AAA", 2022) == pytest.approx(-50.0)  # 100 -> 50
    assert res.calendar_year_return_pct(prices, "BBB", 2022) == pytest.approx(20.0)
    with pytest.raises(KeyError):
        res.calendar_year_return_pct(prices, "AAA", 2021)  # no close in Dec 2020
    assert res.period_return_pct(prices, "AAA", "2022-01-01", "2022-12-31") == pytest.approx(-50.0)
    assert res.period_return_pct(prices, "AAA", "2022-01-03", "2023-06-30") == pytest.approx(-50.0)


def test_event_window_is_based_on_the_close_before_the_news(prices):
    window = res.event_window(prices, "AAA", "2022-06-30", before=2, after=5)
    assert list(window["day"]) == [-2, -1, 0, 1, 2, 3]  # the data end three days later
    assert window.loc[window["day"] == -1, "cum_return_pct"].item() == 0
    assert window.loc[window["day"] == 0, "cum_return_pct"].item() == pytest.approx(-100 * 30 / 110)
    assert window.loc[window["day"] == 2, "cum_return_pct"].item() == pytest.approx(-100 * 60 / 110)
    assert window.loc[window["day"] == -2, "cum_return_pct"].item() == pytest.approx(-100 * 10 / 110)


def test_same_day_returns_cover_every_ticker(prices):
    same_day = res.same_day_returns(prices, "2022-12-30")
    assert same_day["AAA"] == pytest.approx(100 * (50 / 60 - 1)) and same_day["BBB"] == pytest.approx(
        100 * (12 / 9 - 1)
    )


def test_display_growth_cuts_and_flags_only_values_beyond_the_cap():
    shown, off = display_growth(pd.Series([10.0, 250.0, -300.0, np.nan]), cap=200)
    assert list(shown.iloc[:3]) == [10.0, 200.0, -200.0] and list(off) == [False, True, True, False]
    with pytest.raises(ValueError):
        display_growth(pd.Series([1.0]), cap=0)


# --------------------------------------------------------------------------
# Properties of the real data
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quarterly() -> pd.DataFrame:
    return data.load("amazon_quarterly_results")


def _raw(long: pd.DataFrame, metric: str, period) -> float:
    row = long[(long["metric"] == metric) & (long["period"].astype(str) == str(period))]
    assert len(row) == 1
    return float(row["value"].iloc[0])


def test_article_quarter_growth_equals_the_ratio_of_the_raw_rows(quarterly):
    wide = wide_quarterly(quarterly)
    table = res.quarter_vs_year_earlier(wide, "2025Q2")
    for metric in res.MEASURES:
        now, before = _raw(quarterly, metric, "2025Q2"), _raw(quarterly, metric, "2024Q2")
        assert table.loc[metric, "growth_pct"] == pytest.approx(100 * (now / before - 1), abs=1e-12)
    yoy = res.yoy_long(wide).set_index(["metric", "period"])
    assert yoy.loc[("net_sales", "2025Q2"), "growth_pct"] == pytest.approx(table.loc["net_sales", "growth_pct"])


def test_yoy_growth_is_never_computed_on_a_loss(quarterly):
    yoy = res.yoy_long(wide_quarterly(quarterly))
    assert yoy["growth_pct"].notna().any()
    assert yoy.loc[yoy["year_ago"] <= 0, "growth_pct"].isna().all()
    assert (yoy["year_ago"] <= 0).any(), "the data hold losses (2014, 2022); the rule must have cases to apply to"


def test_quarterly_twelve_month_sums_match_the_annual_reports(quarterly):
    """Where four quarters of a year are sourced, they add up to the 10-K's year (within rounding)."""
    wide = wide_quarterly(quarterly)
    annual = wide_annual(data.load("amazon_annual_results"))
    compared = 0
    for metric in ["net_sales", "operating_income", "net_income", "operating_cash_flow", "capex_purchases_ppe_gross"]:
        ttm = trailing_sums(wide[metric])
        for period, value in ttm.dropna().items():
            if period.quarter == 4 and period.year in annual.index and not pd.isna(annual.loc[period.year, metric]):
                assert value == pytest.approx(annual.loc[period.year, metric], abs=4), (metric, period)
                compared += 1
    assert compared >= 10


def test_twelve_month_sums_stop_at_the_declared_gaps(quarterly):
    wide = wide_quarterly(quarterly)
    for metric in ["capex_purchases_ppe_gross", "operating_cash_flow", "net_sales"]:
        series = wide[metric]
        ttm = trailing_sums(series)
        for period in series.index[3:]:
            window = series.loc[period - 3 : period]
            assert pd.isna(ttm[period]) == bool(window.isna().any()), (metric, period)


def test_event_returns_on_the_real_prices_are_ratios_of_consecutive_closes():
    prices = data.load("daily_adjusted_closes")
    for ticker, day in [("GOOGL", "2023-01-20"), ("AMZN", "2025-10-28"), ("META", "2022-11-09")]:
        closes = prices[prices["ticker"] == ticker].set_index("date")["adj_close_usd"].sort_index()
        at = closes.index.get_loc(pd.Timestamp(day))
        expected = 100 * (closes.iloc[at] / closes.iloc[at - 1] - 1)
        assert res.close_to_close_return_pct(prices, ticker, day) == pytest.approx(expected)
    meta = prices[prices["ticker"] == "META"].set_index("date")["adj_close_usd"].sort_index()
    by_year = meta.groupby(meta.index.year).last()
    assert res.calendar_year_return_pct(prices, "META", 2022) == pytest.approx(
        100 * (by_year[2022] / by_year[2021] - 1)
    )


def test_layoff_announcements_fall_on_trading_days_and_name_their_sources():
    announcements = data.load("tech_layoff_announcements")
    prices = data.load("daily_adjusted_closes")
    sources = {s["x-id"] for s in announcements.attrs["dataset"].sources}
    for row in announcements.itertuples():
        traded = prices[(prices["ticker"] == row.ticker)]["date"]
        assert (traded == row.announce_date).any(), f"{row.company} {row.announce_date:%Y-%m-%d} is not a trading day"
        assert row.source_ref in sources
        if not pd.isna(row.press_move_source_ref):
            assert row.press_move_source_ref in sources
            assert not pd.isna(row.press_move_pct) and not pd.isna(row.press_move_timing)
    assert "MEMORY" not in " ".join(announcements["note"].dropna())


@pytest.mark.site
def test_chapter_sentences_carry_the_figures_computed_from_data(site, quarterly):
    from tests.test_site import _text

    text = _text(site / "chapters" / "economic-logic.html")
    table = res.quarter_vs_year_earlier(wide_quarterly(quarterly), "2025Q2")
    growth = table.loc["net_sales", "growth_pct"]
    assert f"{table.loc['net_sales', 'value'] / 1000:,.1f} billion dollars, {growth:.1f} % more than" in text
    prices = data.load("daily_adjusted_closes")
    google = res.close_to_close_return_pct(prices, "GOOGL", "2023-01-20")
    assert f"(GOOGL) closed {google:.1f} % higher" in text
    # one rule for share-price claims: each is tested against the close, none is left unchecked
    assert "not consistent" in text and "not checkable with sourced data" not in text
