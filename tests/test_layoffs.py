"""Tracker sums, the quarter comparison and over-hiring, on hand-checkable frames and on the book's data."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ailayoffs import data
from ailayoffs import layoffs as lw
from ailayoffs.figures import layoffs as figs


@pytest.fixture()
def toy_events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "company": ["A", "B", "A", "C", "B"],
            "date": pd.to_datetime(["2022-01-10", "2022-02-01", "2022-07-01", "2023-01-05", "2023-02-01"]),
            "total_laid_off": pd.array([100, None, 50, 7, 3], dtype="Int64"),
        }
    )


def test_tracker_totals_on_a_hand_checked_list(toy_events):
    years = lw.tracker_totals(toy_events, "Y").set_index("period")
    assert years.loc["2022"].to_dict() == {"events": 3, "companies": 2, "events_with_count": 2, "laid_off_sum": 150}
    assert years.loc["2023", "laid_off_sum"] == 10
    quarters = lw.tracker_totals(toy_events, "Q").set_index("period")
    # quarters without events are listed with zeros, not dropped
    assert list(quarters.index) == ["2022Q1", "2022Q2", "2022Q3", "2022Q4", "2023Q1"]
    assert quarters.loc["2022Q2", "events"] == 0 and quarters.loc["2022Q1", "laid_off_sum"] == 100


def test_bad_frequency_and_missing_columns(toy_events):
    with pytest.raises(ValueError, match="freq"):
        lw.tracker_totals(toy_events, "M")
    with pytest.raises(KeyError, match="total_laid_off"):
        lw.tracker_totals(toy_events.drop(columns="total_laid_off"))


def test_company_totals_refuses_an_unknown_name(toy_events):
    table = lw.company_totals(toy_events, {"Firm A": "A"}, "2022-01-01", "2022-12-31")
    assert table.loc["Firm A", "laid_off_sum"] == 150 and table.loc["Firm A", "largest"] == 100
    with pytest.raises(KeyError, match="'Z'"):
        lw.company_totals(toy_events, {"Z": "Z"})


def test_quarters_below_counts_and_compares_the_given_figure():
    q = pd.DataFrame({"period": [f"2022Q{i}" for i in range(1, 5)] + ["2023Q1"], "laid_off_sum": [5, 20, 10, 30, 15]})
    own = lw.quarters_below(q, "2023Q1", n_before=4)
    assert own["below"] == 2 and own["quarters"] == ["2022Q1", "2022Q3"]
    assert lw.quarters_below(q, "2023Q1", n_before=4, value=25)["below"] == 3
    with pytest.raises(KeyError):
        lw.quarters_below(q, "2023Q1", n_before=8)


def test_overhiring_without_a_base_gives_no_growth():
    hc = pd.DataFrame(
        {
            "company": ["X", "X", "X", "Y", "Y"],
            "date": pd.to_datetime(["2019-12-31", "2021-12-31", "2023-12-31", "2021-12-31", "2022-12-31"]),
            "kind": ["fiscal year end"] * 5,
            "employees": [100, 160, 120, 50, 60],
            "source_ref": ["s"] * 5,
        }
    )
    table = lw.overhiring(hc, 2019)
    assert table.loc["X", "growth_to_peak_pct"] == pytest.approx(60.0)
    assert table.loc["X", "peak_to_latest_pct"] == pytest.approx(-25.0)
    assert pd.isna(table.loc["Y", "growth_to_peak_pct"])
    assert lw.headcount_growth_pct(hc, "X", 2019, 2021) == pytest.approx(60.0)
    with pytest.raises(KeyError, match="2019"):
        lw.headcount_growth_pct(hc, "Y", 2019, 2021)
    labels = lw.overhiring_labels(table).set_index("company")["label"]
    assert "+60 %" in labels["X"] and "no sourced base-year figure" in labels["Y"]
    points = lw.overhiring_points(hc)
    assert points.groupby("company")["pct_of_peak"].max().tolist() == [100.0, 100.0]


def test_tracker_sums_recomputed_from_the_event_list_match_the_published_totals():
    """The book's own sums reproduce the tracker's published figures for 2022 and 2024 (raw/README)."""
    events = data.load("layoffs_fyi_events")
    years = lw.tracker_totals(events, "Y").set_index("period")
    by_hand = events[events["date"].dt.year == 2023]["total_laid_off"].sum()
    assert years.loc["2023", "laid_off_sum"] == by_hand
    assert years.loc["2022", "laid_off_sum"] == 165269
    assert years.loc["2024", "companies"] == 551
    quarters = lw.tracker_totals(events, "Q")
    assert quarters["laid_off_sum"].sum() == events["total_laid_off"].sum()
    assert years["events"].sum() == len(events)


@pytest.mark.parametrize(
    "name",
    [
        "layoffs_fyi_events",
        "bigtech_headcount",
        "layoff_event_study_events",
        "tech_results_dates",
        "event_study_closes",
        "amazon_competition_cases",
    ],
)
def test_new_dataset_validates(name):
    assert data.validate(name) == []


def test_a_negative_count_in_the_event_list_is_refused(data_copy):
    path = data_copy / "tech" / "layoffs_fyi_events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",16000,", ",-16000,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = data.validate("layoffs_fyi_events")
    assert any(p.rule == "minimum" and p.column == "total_laid_off" and p.line == 2 for p in problems)


def test_headcount_has_no_recalled_values():
    hc = data.load("bigtech_headcount")
    meta = hc[hc["company"] == "Meta"]
    assert not (meta["date"].dt.year.isin([2019, 2020, 2024])).any()  # MEMORY values in the research file


def test_wave_chart_spec_draws_the_frame_it_is_given():
    q = pd.DataFrame(
        {"period": ["2024Q1", "2024Q2"], "events": [4, 2], "events_with_count": [2, 2], "laid_off_sum": [300, 100]}
    )
    info = data.info("layoffs_fyi_events")
    chart = figs.wave_chart(q, datasets=[info], article=pd.DataFrame({"period": ["2024Q1"], "value": [200]}))
    spec = chart.to_dict()
    values = " ".join(json.dumps(spec["datasets"]).replace("\\n", " ").split())
    assert '"laid_off_sum": 300' in values and '"value": 200' in values
    assert "layoffs_fyi_events.csv v" in values
    assert spec["description"]
    with pytest.raises(KeyError):
        figs.wave_chart(q.drop(columns="events"), datasets=[info], article=pd.DataFrame({"period": [], "value": []}))


def test_overhiring_chart_has_a_company_menu():
    pts = pd.DataFrame(
        {
            "company": ["A", "B"],
            "date": pd.to_datetime(["2020-01-01", "2020-01-01"]),
            "employees": [1, 2],
            "kind": ["fiscal year end"] * 2,
            "pct_of_peak": [100.0, 100.0],
            "source": ["s", "t"],
        }
    )
    spec = figs.overhiring_chart(
        pts,
        datasets=[data.info("bigtech_headcount")],
        labels=pd.DataFrame({"company": ["A", "B"], "label": ["a", "b"]}),
    ).to_dict()
    params = " ".join(json.dumps(spec).replace("\\n", " ").split())
    assert '"options": ["A", "B"]' in params and "headcount_company" in params
