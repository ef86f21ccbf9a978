"""Models and charts of the corporate-culture, lessons and social-bargain chapters, and their datasets."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest

from ailayoffs import bargaining, culture, data, sectors
from ailayoffs.figures import bargaining as bargaining_figures
from ailayoffs.figures import culture as culture_figures
from ailayoffs.figures import sectors as sector_figures

NEW = ["de_collective_bargaining_oecd", "amazon_culture_statements", "de_ai_skills_facts"]


# --------------------------------------------------------------------------
# The new datasets: valid, and their rules enforced by load()
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NEW)
def test_new_dataset_validates_and_loads(name):
    assert data.validate(name) == []
    frame = data.load(name)
    assert len(frame) > 0 and frame.attrs["dataset"].version == "1.0.0"


def _edit(data_copy, relpath: str, old: str, new: str) -> None:
    path = data_copy / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_share_above_100_is_rejected(data_copy):
    _edit(data_copy, "germany/collective_bargaining.csv", "union_density,2016,", "union_density,2016,1")
    with pytest.raises(data.DataValidationError, match="value_pct"):
        data.load("de_collective_bargaining_oecd")


def test_a_duplicate_year_is_rejected(data_copy):
    _edit(data_copy, "germany/collective_bargaining.csv", "bargaining_coverage,1965,", "bargaining_coverage,1960,")
    with pytest.raises(data.DataValidationError):
        data.load("de_collective_bargaining_oecd")


def test_a_statement_in_the_wrong_unit_is_rejected(data_copy):
    _edit(data_copy, "amazon/culture_statements.csv", "90,days", "90,weeks")
    with pytest.raises(data.DataValidationError, match="unit"):
        data.load("amazon_culture_statements")


def test_a_malformed_date_is_rejected(data_copy):
    _edit(data_copy, "amazon/culture_statements.csv", "2025-06-17,day", "17.06.2025,day")
    with pytest.raises(data.DataValidationError, match="date"):
        data.load("amazon_culture_statements")


def test_the_bargaining_rows_are_the_oecd_values_for_germany():
    frame = data.load("de_collective_bargaining_oecd")
    coverage = bargaining.series(frame, "bargaining_coverage")
    density = bargaining.series(frame, "union_density")
    assert density.index.min() == 1960 and density.index.max() == 2016 and len(density) == 57
    assert coverage[2016] == pytest.approx(56.0) and coverage[1960] == pytest.approx(85.0)
    assert density[1991] > density[1990]  # the unification break


# --------------------------------------------------------------------------
# sectors
# --------------------------------------------------------------------------


@pytest.fixture()
def adoption() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "survey_id": ["s"] * 4,
            "year": [2025] * 4,
            "group_id": ["total", "manufacturing", "services", "automotive"],
            "group_label": ["All", "Manufacturing", "Services", "Automotive"],
            "share_pct": [40.0, 45.0, 42.0, 70.0],
            "qualifier": ["exact", "more than", "more than", "exact"],
        }
    )


@pytest.fixture()
def expectations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sector_id": ["total", "manufacturing"],
            "sector_en": ["Total", "Manufacturing"],
            "fewer_jobs_pct": [27.0, 37.0],
            "more_jobs_pct": [5.0, 4.0],
        }
    )


def test_own_row_is_used_and_parent_is_the_fallback(adoption, expectations):
    mapping = {
        "auto": sectors.SectorMap("Auto", "automotive", "manufacturing"),
        "bank": sectors.SectorMap("Bank", None, "services"),
        "none": sectors.SectorMap("None", "missing", "nowhere"),
    }
    out = sectors.article_sector_evidence(adoption, expectations, year=2025, sectors=mapping, survey_id="s")
    out = out.set_index("sector_id")
    assert out.loc["auto", "adoption_pct"] == 70.0 and out.loc["auto", "adoption_basis"] == sectors.OWN
    assert out.loc["bank", "adoption_pct"] == 42.0 and out.loc["bank", "adoption_basis"] == "parent sector (Services)"
    assert out.loc["auto", "fewer_jobs_pct"] == 37.0 and out.loc["auto", "net_expected_pp"] == pytest.approx(-33.0)
    assert out.loc["bank", "expectation_basis"] == sectors.NONE and pd.isna(out.loc["bank", "fewer_jobs_pct"])
    assert out.loc["none", "adoption_basis"] == sectors.NONE and pd.isna(out.loc["none", "adoption_pct"])


def test_a_year_without_survey_rows_is_an_error(adoption, expectations):
    with pytest.raises(ValueError, match="2019"):
        sectors.article_sector_evidence(adoption, expectations, year=2019, survey_id="s")


def test_book_data_give_car_makers_their_own_adoption_row_and_no_own_expectation():
    out = sectors.article_sector_evidence(
        data.load("de_ai_adoption"), data.load("ifo_ai_job_expectations_2025"), year=2025
    ).set_index("sector_id")
    ifo = data.load("ifo_ai_job_expectations_2025").set_index("sector_id")
    assert out.loc["automotive", "adoption_basis"] == sectors.OWN
    assert out.loc["automotive", "fewer_jobs_pct"] == ifo.loc["manufacturing", "fewer_jobs_pct"]
    assert (out["expectation_basis"] != sectors.OWN).all()
    assert out.loc["banking", "adoption_basis"].startswith("parent sector")


# --------------------------------------------------------------------------
# culture
# --------------------------------------------------------------------------


@pytest.fixture()
def statements() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "statement_id": ["a", "b", "c"],
            "date": ["2024-01-01", "2024-03-01", "2024"],
            "date_precision": ["day", "day", "year"],
            "speaker": ["X (CEO)", "Y", "X (CEO)"],
            "document": ["memo", "message", "letter"],
            "topic": ["layers"] * 3,
            "quantity": ["q1", "q2", "q3"],
            "value": [15.0, float("nan"), 1000.0],
            "qualifier": ["at least", "exact", "almost"],
            "unit": ["percent", "none", "reports"],
        }
    )


def test_manager_reduction_closed_form():
    assert culture.manager_reduction_pct(0) == 0.0
    assert culture.manager_reduction_pct(100) == pytest.approx(50.0)  # ratio doubles: managers halve
    assert culture.manager_reduction_pct(25) == pytest.approx(20.0)
    with pytest.raises(ValueError):
        culture.manager_reduction_pct(-100)


def test_days_between_needs_day_precision(statements):
    assert culture.days_between(statements, "a", "b") == 60  # 2024 is a leap year
    with pytest.raises(ValueError, match="year only"):
        culture.days_between(statements, "a", "c")
    with pytest.raises(KeyError):
        culture.days_between(statements, "a", "zz")


def test_statement_dates_span_the_stated_precision(statements):
    out = culture.statement_dates(statements).set_index("statement_id")
    assert out.loc["c", "date_start"] == pd.Timestamp("2024-01-01")
    assert out.loc["c", "date_end"] == pd.Timestamp("2024-12-31")
    bad = statements.assign(date_precision=["month", "day", "year"])
    with pytest.raises(ValueError, match="a"):
        culture.statement_dates(bad)


def test_statement_value_refuses_a_statement_without_number(statements):
    assert culture.statement_value(statements, "c") == 1000.0
    with pytest.raises(ValueError, match="no number"):
        culture.statement_value(statements, "b")


def test_timeline_keeps_dated_statements_in_order(statements):
    out = culture.timeline(statements)
    assert list(out["statement_id"]) == ["a", "b"] and out["label"].iloc[0] == "X, memo"


def test_statements_table_escapes_text(statements):
    html = culture.statements_table(statements.assign(speaker=["<script>x</script>", "Y", "Z"])).to_html()
    assert "<script>x" not in html and "&lt;script&gt;" in html


def test_book_statements_put_the_memo_before_the_cut():
    s = data.load("amazon_culture_statements")
    assert culture.days_between(s, "ic_manager_ratio_goal", "ai_services_memo") > 0
    assert culture.days_between(s, "ai_services_memo", "internal_search_window") > 0


# --------------------------------------------------------------------------
# bargaining
# --------------------------------------------------------------------------


@pytest.fixture()
def toy_bargain() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "series_id": ["bargaining_coverage"] * 4 + ["union_density"] * 4,
            "year": pd.array([1990, 1995, 1996, 1997, 1990, 1991, 1992, 1993], dtype="Int64"),
            "value_pct": [80.0, 70.0, 69.0, 68.0, 30.0, 36.0, 35.0, 34.0],
        }
    )


def test_trend_and_change_on_hand_numbers(toy_bargain):
    assert bargaining.change_pp(toy_bargain, "bargaining_coverage", 1995, 1997) == pytest.approx(-2.0)
    assert bargaining.trend_pp_per_decade(toy_bargain, "union_density", 1991, 1993) == pytest.approx(-10.0)
    with pytest.raises(ValueError, match="needs two"):
        bargaining.trend_pp_per_decade(toy_bargain, "union_density", 1993, 1999)
    with pytest.raises(KeyError):
        bargaining.change_pp(toy_bargain, "union_density", 1989, 1993)
    with pytest.raises(KeyError):
        bargaining.series(toy_bargain, "works_councils")


def test_break_and_first_annual_year(toy_bargain):
    assert bargaining.largest_jump_year(toy_bargain, "union_density") == 1991
    assert bargaining.first_annual_year(toy_bargain, "bargaining_coverage") == 1995


def test_summary_rows(toy_bargain):
    out = bargaining.summary(toy_bargain, 1990, 1997)
    assert out.loc["bargaining_coverage", "change_pp"] == pytest.approx(-12.0)
    assert out.loc["bargaining_coverage", "n_years"] == 4
    assert out.loc["union_density", "last_year"] == 1993
    with pytest.raises(ValueError, match="no value"):
        bargaining.summary(toy_bargain, 2000, 2010)


# --------------------------------------------------------------------------
# Chart specs on small frames
# --------------------------------------------------------------------------


def _spec(chart: alt.TopLevelMixin) -> dict:
    return chart.to_dict()


def _datasets(spec: dict) -> list[list[dict]]:
    return list(spec.get("datasets", {}).values())


def _info(name: str) -> data.DatasetInfo:
    return data.info(name)


def test_sector_chart_draws_the_frame_it_is_given(adoption, expectations):
    mapping = {
        "auto": sectors.SectorMap("Auto", "automotive", "manufacturing"),
        "bank": sectors.SectorMap("Bank", None, "services"),
    }
    frame = sectors.article_sector_evidence(adoption, expectations, year=2025, sectors=mapping, survey_id="s")
    spec = _spec(sector_figures.sector_evidence_chart(frame, datasets=[_info("de_ai_adoption")], year=2025))
    rows = [r for d in _datasets(spec) for r in d if "share_pct" in r]
    assert sorted({(r["sector"], r["share_pct"]) for r in rows}) == [("Auto", 37.0), ("Auto", 70.0), ("Bank", 42.0)]
    text = json.dumps(spec)
    assert "data/germany/ai_adoption.csv" in text or "germany/ai_adoption.csv" in text
    assert spec["description"].startswith("Dot chart") and '"Sector: "' in text


def test_culture_chart_has_a_rule_per_dated_statement(statements):
    timeline = culture.timeline(statements)
    headcount = pd.DataFrame(
        {
            "period": ["2024Q1", "2024Q2"],
            "quarter_end": pd.to_datetime(["2024-03-31", "2024-06-30"]),
            "employees": [100, 110],
        }
    )
    spec = _spec(
        culture_figures.statements_chart(
            timeline,
            datasets=[_info("amazon_culture_statements")],
            headcount=headcount,
            goal_date=pd.Timestamp("2024-06-30"),
        )
    )
    event_rows = [r for d in _datasets(spec) for r in d if "what" in r]
    assert len(event_rows) == 2
    assert "amazon/culture_statements.csv v1.0.0" in json.dumps(spec)
    assert "2024Q1" in spec["description"]


def test_bargaining_chart_draws_both_series(toy_bargain):
    spec = _spec(
        bargaining_figures.bargaining_chart(
            toy_bargain,
            datasets=[_info("de_collective_bargaining_oecd")],
            labels=bargaining.SERIES_LABELS,
            break_year=1991,
        )
    )
    rows = [r for d in _datasets(spec) for r in d if "value_pct" in r]
    assert len(rows) == len(toy_bargain)
    assert {r["series"] for r in rows} == set(bargaining.SERIES_LABELS.values())
    assert "1990 to 1997" in spec["description"]
