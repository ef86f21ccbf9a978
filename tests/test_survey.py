"""Survey statistics on textbook and hand-checkable cases, and the contracts of the chapter's data."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from ailayoffs import claims, data, series, survey
from ailayoffs.figures import survey as survey_charts
from tests.conftest import SITE

Z95 = 1.959963984540054  # 97.5 % quantile of the standard normal distribution


def wilson_by_hand(x: float, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval from its closed formula (Wilson 1927), as a proportion."""
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


# --------------------------------------------------------------------------
# Confidence intervals
# --------------------------------------------------------------------------


def test_wilson_interval_matches_the_textbook_example():
    # 81 successes in 263 trials: 95 % Wilson interval about [0.2553, 0.3662].
    low, high = survey.proportion_ci(100 * 81 / 263, 263)
    assert low / 100 == pytest.approx(0.2553, abs=5e-5)
    assert high / 100 == pytest.approx(0.3662, abs=5e-5)


@pytest.mark.parametrize("x, n", [(81, 263), (1, 10), (9, 10), (500, 1000), (3, 400), (271, 1000)])
def test_wilson_interval_matches_the_closed_formula(x, n):
    low, high = survey.proportion_ci(100 * x / n, n)
    by_hand = wilson_by_hand(x, n)
    assert (low / 100, high / 100) == pytest.approx(by_hand, abs=1e-9)


@pytest.mark.parametrize("x, n", [(81, 263), (500, 1000), (271, 1000)])
def test_wald_interval_is_share_plus_minus_z_standard_errors(x, n):
    p = x / n
    half = Z95 * math.sqrt(p * (1 - p) / n)
    low, high = survey.proportion_ci(100 * p, n, method="wald")
    assert (low / 100, high / 100) == pytest.approx((p - half, p + half), abs=1e-9)


def test_wilson_stays_inside_zero_and_one_with_positive_width_at_the_edges():
    low, high = survey.proportion_ci(0.0, 20)
    assert low == pytest.approx(0.0, abs=1e-12) and 0 < high < 100
    low, high = survey.proportion_ci(100.0, 20)
    assert 0 < low < 100 and high == pytest.approx(100.0)
    # The Wald interval collapses to a point at p = 0: the reason to prefer Wilson.
    assert survey.proportion_ci(0.0, 20, method="wald") == pytest.approx((0.0, 0.0), abs=1e-12)


def test_interval_narrows_as_the_sample_grows_and_widens_with_the_level():
    widths = [high - low for low, high in (survey.proportion_ci(27.1, n) for n in (50, 200, 1000, 9000))]
    assert all(a > b for a, b in zip(widths, widths[1:], strict=False))

    def width(level):
        low, high = survey.proportion_ci(27.1, 500, level=level)
        return high - low

    assert width(0.99) > width(0.95) > width(0.90)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"share_pct": 101, "n_firms": 10}, "share_pct"),
        ({"share_pct": -1, "n_firms": 10}, "share_pct"),
        ({"share_pct": 20, "n_firms": 0}, "sample size"),
        ({"share_pct": 20, "n_firms": 10.5}, "sample size"),
        ({"share_pct": 20, "n_firms": float("nan")}, "sample size"),
        ({"share_pct": 20, "n_firms": 10, "method": "exact-ish"}, "method"),
        ({"share_pct": 20, "n_firms": 10, "level": 1.0}, "level"),
    ],
)
def test_bad_input_to_the_interval_is_an_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        survey.proportion_ci(**kwargs)


# --------------------------------------------------------------------------
# Sensitivity band
# --------------------------------------------------------------------------


def test_sensitivity_band_endpoints_are_the_intervals_at_the_ends_of_the_range():
    band = survey.sensitivity_band(37.3, 300, 9000)
    assert (band.low_pct, band.high_pct) == pytest.approx(survey.proportion_ci(37.3, 300))
    assert (band.narrow_low_pct, band.narrow_high_pct) == pytest.approx(survey.proportion_ci(37.3, 9000))
    assert band.low_pct < band.narrow_low_pct < 37.3 < band.narrow_high_pct < band.high_pct
    assert band.half_width_pp == pytest.approx(max(37.3 - band.low_pct, band.high_pct - 37.3))


def test_sensitivity_band_encloses_the_interval_at_every_sample_size_in_the_range():
    band = survey.sensitivity_band(12.3, 250, 4000)
    for n in (250, 251, 400, 999, 2500, 4000):
        low, high = survey.proportion_ci(12.3, n)
        assert band.low_pct <= low + 1e-12 and high <= band.high_pct + 1e-12


def test_sensitivity_band_of_a_single_sample_size_is_the_interval():
    band = survey.sensitivity_band(27.1, 500, 500)
    assert (band.low_pct, band.high_pct) == pytest.approx(survey.proportion_ci(27.1, 500))
    with pytest.raises(ValueError, match="n_low"):
        survey.sensitivity_band(27.1, 900, 500)


def test_share_intervals_use_a_confidence_interval_only_where_n_is_published():
    shares = pd.DataFrame({"group": ["a", "b"], "share": [20.0, 20.0], "n_firms": pd.array([604, None], dtype="Int64")})
    out = survey.share_intervals(shares, "share", n_range=(300, 9000)).set_index("group")
    assert list(out["interval_kind"]) == ["confidence interval", "sensitivity band"]
    assert (out.loc["a", "low_pct"], out.loc["a", "high_pct"]) == pytest.approx(survey.proportion_ci(20.0, 604))
    assert (out.loc["b", "low_pct"], out.loc["b", "high_pct"]) == pytest.approx(survey.proportion_ci(20.0, 300))
    assert (out.loc["b", "n_low"], out.loc["b", "n_high"]) == (300, 9000)


def test_smallest_sample_for_a_share_to_clear_a_threshold():
    n = survey.smallest_n_above(37.3, 100 / 3)
    assert survey.proportion_ci(37.3, n)[0] > 100 / 3 >= survey.proportion_ci(37.3, n - 1)[0]
    assert survey.smallest_n_above(30.0, 100 / 3) is None  # below the threshold: no sample size helps
    assert survey.smallest_n_above(33.4, 100 / 3, n_max=1000) is None


# --------------------------------------------------------------------------
# Implied jobs and net change
# --------------------------------------------------------------------------


def test_implied_jobs_arithmetic_on_a_hand_checkable_case():
    # 1,000,000 employed; 20 % of firms expect to cut 10 % of their staff: 20,000 jobs.
    assert survey.implied_jobs_count(1_000_000, 20.0, 10.0) == pytest.approx(20_000)
    # Firms expecting cuts twice as large as average: 40 % of employment affected.
    assert survey.implied_jobs_count(1_000_000, 20.0, 10.0, size_factor=2.0) == pytest.approx(40_000)
    # The affected share cannot exceed all employment.
    assert survey.implied_jobs_count(1_000_000, 20.0, 10.0, size_factor=10.0) == pytest.approx(100_000)
    assert survey.implied_jobs_count(1_000_000, 20.0, 0.0) == 0.0
    with pytest.raises(ValueError, match="avg_cut_pct"):
        survey.implied_jobs_count(1_000_000, 20.0, 120.0)
    with pytest.raises(ValueError, match="size_factor"):
        survey.implied_jobs_count(1_000_000, 20.0, 10.0, size_factor=-1)


@pytest.fixture()
def toy_survey():
    expectations = pd.DataFrame(
        {
            "sector_id": ["total", "manufacturing"],
            "sector_en": ["Total", "Manufacturing"],
            "level": ["economy", "sector"],
            "fewer_jobs_pct": [25.0, 40.0],
        }
    )
    employment = pd.DataFrame(
        {
            "employment_id": ["all_2024", "mfg_2023"],
            "employed_thousand": [40_000.0, 8_000.0],
            "concept": ["employed persons (national accounts)"] * 2,
            "year": [2024, 2023],
            "scope_vs_ifo": ["broader", "same"],
        }
    )
    return expectations, employment


def test_implied_jobs_model_carries_its_assumptions(toy_survey):
    expectations, employment = toy_survey
    base = {"total": "all_2024", "manufacturing": "mfg_2023"}
    model = survey.implied_jobs(expectations, employment, avg_cut_pct=8.0, size_factor=1.0, base=base).set_index(
        "sector_id"
    )
    assert model.loc["total", "implied_jobs"] == pytest.approx(40_000_000 * 0.25 * 0.08)  # 800,000
    assert model.loc["manufacturing", "implied_jobs"] == pytest.approx(8_000_000 * 0.40 * 0.08)  # 256,000
    assert model.loc["total", "implied_share_of_employment_pct"] == pytest.approx(2.0)
    for column in (
        "avg_cut_pct",
        "size_factor",
        "employment_id",
        "employment_concept",
        "employment_year",
        "scope_vs_ifo",
    ):
        assert column in model.columns
    assert model.loc["manufacturing", "employment_year"] == 2023
    with pytest.raises(KeyError, match="no employment figure 'missing'"):
        survey.implied_jobs(expectations, employment, 8.0, base={"total": "missing"})
    with pytest.raises(KeyError, match="no ifo sector 'mining'"):
        survey.implied_jobs(expectations, employment, 8.0, base={"mining": "all_2024"})


def test_net_expected_change_on_a_hand_checkable_case():
    answers = pd.DataFrame(
        {
            "response": ["fewer jobs", "no change", "more jobs"],
            "share_pct": [20.0, 70.0, 10.0],
            "avg_change_pct": [-5.0, float("nan"), 10.0],
        }
    )
    assert survey.net_expected_change_pct(answers) == pytest.approx(-1.0 + 1.0)
    answers.loc[2, "avg_change_pct"] = float("nan")
    with pytest.raises(ValueError, match="more jobs"):
        survey.net_expected_change_pct(answers)


# --------------------------------------------------------------------------
# Adoption and exposure
# --------------------------------------------------------------------------


def test_adoption_is_joined_to_expectations_by_sector_and_gaps_are_listed(toy_survey):
    expectations, _ = toy_survey
    adoption = pd.DataFrame(
        {
            "survey_id": ["ifo_business_survey"] * 3,
            "year": [2025, 2025, 2024],
            "geo": ["DE"] * 3,
            "group_type": ["all", "size", "sector"],
            "group_id": ["total", "manufacturing", "manufacturing"],
            "share_pct": [40.9, 56.0, 30.0],
            "qualifier": ["exact"] * 3,
        }
    )
    matched = survey.adoption_vs_expectation(expectations, adoption, year=2025)
    assert list(matched["sector_id"]) == ["total"] and matched["adoption_pct"].iloc[0] == 40.9
    assert matched.attrs["unmatched"] == ["manufacturing"]  # a size class or another year is not a sector figure


def test_the_300_million_are_set_against_world_employment_of_the_report_year():
    exposure, world = data.load("ai_exposure_estimates"), data.load("ilo_world_employment")
    context = survey.exposure_context(exposure, world, year=2023)
    fte = exposure.set_index("estimate_id").loc["gs_fte_exposed_world", "value"]
    employed = world.set_index("year").loc[2023, "employed_million"]
    assert context.loc[0, "share_pct"] == pytest.approx(100 * fte / employed)
    assert context.loc[0, "basis"] == "derived" and set(context.loc[1:, "basis"]) != {"derived"}
    with pytest.raises(KeyError, match="no world employment for 1999"):
        survey.exposure_context(exposure, world, year=1999)
    assert math.isnan(series.share_pct(1, 0))  # a share of nothing is undefined; publish refuses NaN


# --------------------------------------------------------------------------
# The interactive chart computes what the package computes
# --------------------------------------------------------------------------


def _spec_items(spec, key):
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == key:
                yield v
            yield from _spec_items(v, key)
    elif isinstance(spec, list):
        for v in spec:
            yield from _spec_items(v, key)


def test_implied_jobs_chart_starts_at_the_model_and_uses_the_same_formula():
    ifo, employment = data.load("ifo_ai_job_expectations_2025"), data.load("de_employment_by_sector")
    model = survey.implied_jobs(ifo, employment, avg_cut_pct=8.0, size_factor=1.25)
    spec = survey_charts.implied_jobs_chart(
        model, datasets=[ifo.attrs["dataset"], employment.attrs["dataset"]]
    ).to_dict()
    params = {p["name"]: p for ps in _spec_items(spec, "params") for p in ps}
    assert params["avg_cut_pct"]["value"] == 8.0 and params["size_factor"]["value"] == 1.25
    assert params["avg_cut_pct"]["bind"]["input"] == "range"
    formula = next(t["calculate"] for ts in _spec_items(spec, "transform") for t in ts if t.get("as") == "implied_jobs")
    python = re.sub(r"\bdatum\.", "datum_", formula)
    for row in model.itertuples():
        value = eval(
            python,
            {"min": min},
            {
                "datum_employed_persons": row.employed_persons,  # noqa: S307 - our own spec
                "datum_share_cutting_pct": row.share_cutting_pct,
                "size_factor": 1.25,
                "avg_cut_pct": 8.0,
            },
        )
        assert value == pytest.approx(row.implied_jobs)


def test_expectations_chart_labels_bands_without_a_sample_size_as_such():
    ifo = data.load("ifo_ai_job_expectations_2025")
    intervals = survey.share_intervals(ifo, "fewer_jobs_pct", (300, 9000))
    spec = survey_charts.expectations_chart(intervals, datasets=[ifo.attrs["dataset"]]).to_dict()
    text = str(spec)
    assert "sensitivity band (n not published)" in text and "not a confidence interval" in text
    assert "data/ifo/ai_job_expectations_2025.csv v" in text  # the source line names file and version


# --------------------------------------------------------------------------
# Contracts of the chapter's data
# --------------------------------------------------------------------------


def test_ifo_answers_of_each_sector_add_up_to_a_hundred_percent():
    ifo = data.load("ifo_ai_job_expectations_2025")
    totals = ifo[["more_jobs_pct", "no_change_pct", "fewer_jobs_pct"]].sum(axis=1)
    assert ((totals - 100).abs() <= 0.15).all(), dict(zip(ifo["sector_id"], totals, strict=False))


def test_trade_lies_between_its_wholesale_and_retail_parts():
    ifo = data.load("ifo_ai_job_expectations_2025").set_index("sector_id")
    for column in ("more_jobs_pct", "no_change_pct", "fewer_jobs_pct"):
        parts = sorted(ifo.loc[["wholesale", "retail"], column])
        assert parts[0] <= ifo.loc["trade", column] <= parts[1], column
    assert set(ifo.loc[ifo["level"] == "sub-sector", "parent_id"]) == {"trade"}


def test_ifo_rows_name_only_declared_sources_and_say_what_is_unknown():
    ifo = data.load("ifo_ai_job_expectations_2025")
    declared = {s["x-id"] for s in ifo.attrs["dataset"].sources}
    for value in ifo["corroborated_by"]:
        assert value == "none" or set(value.split()) <= declared, value
    assert ifo["n_firms"].isna().all(), "a published sample size needs a source; update the chapter's intervals"
    assert set(ifo["survey_period_basis"]) <= {"stated", "inferred"}
    assert (ifo["publication_date"] == pd.Timestamp("2025-06-05")).all()


def test_bitkom_shares_and_signs_are_consistent():
    bitkom = data.load("bitkom_ai_job_expectations_2025")
    for _, group in bitkom.groupby("population"):
        assert group["share_pct"].sum() <= 100
    assert (bitkom.loc[bitkom["response"] == "fewer jobs", "avg_change_pct"] < 0).all()
    assert (bitkom.loc[bitkom["response"] == "more jobs", "avg_change_pct"] > 0).all()
    assert bitkom.loc[bitkom["response"] == "no change", "avg_change_pct"].isna().all()


def test_employment_parts_do_not_exceed_their_totals():
    employment = data.load("de_employment_by_sector")
    for (concept, year), group in employment.groupby(["concept", "year"]):
        totals = group.loc[group["sector_en"] == "Total economy", "employed_thousand"]
        if totals.empty:
            continue
        parts = group[group["sector_en"] != "Total economy"]["employed_thousand"]
        assert (parts <= totals.iloc[0]).all(), (concept, year)
        if concept == "employees subject to social insurance (BA)":
            assert parts.sum() <= totals.iloc[0], (concept, year)  # the broad sectors partition the total
    # Each ifo sector the implied-jobs model uses has a figure.
    assert set(survey.DEFAULT_EMPLOYMENT_BASE.values()) <= set(employment["employment_id"])


def test_adoption_rows_after_the_article_are_marked():
    adoption = data.load("de_ai_adoption")
    assert adoption.loc[adoption["year"] >= 2026, "after_article"].all()
    assert not adoption.loc[adoption["year"] <= 2024, "after_article"].any()
    published_n = adoption.dropna(subset=["n_firms"])
    assert (published_n["survey_id"] == "bitkom").all()


def test_exposure_ranges_and_shares_are_well_formed():
    exposure = data.load("ai_exposure_estimates").set_index("estimate_id")
    ranges = exposure.dropna(subset=["value_high"])
    assert (ranges["value_high"] > ranges["value"]).all()
    shares = exposure[exposure["unit"].str.startswith("percent")]
    assert (shares[["value", "value_high"]].max(axis=1) <= 100).all()
    split = exposure.loc[["gs_us_jobs_substituted", "gs_us_jobs_complemented", "gs_us_jobs_unaffected"], "value"]
    assert split.sum() == pytest.approx(100)


def test_the_sections_claims_and_the_article_date():
    article = data.load("article_claims")
    section = claims.in_sections(article, "Die Rolle künstlicher Intelligenz als Katalysator")
    assert {"ifo_share_firms_cutting", "ifo_avg_cut", "gs_fte_jobs_exposed"} <= set(section["claim_id"])
    assert claims.article_date(article.attrs["dataset"]) == pd.Timestamp("2025-10-28")
    with pytest.raises(KeyError, match="no claims recorded"):
        claims.in_sections(article, "Ein erfundener Abschnitt")


# --------------------------------------------------------------------------
# The built chapter
# --------------------------------------------------------------------------


def test_chapter_sentences_carry_the_numbers_computed_from_data(site):
    from tests.test_site import _text

    text = _text(SITE / "chapters" / "ai-catalyst.html")
    ifo = data.load("ifo_ai_job_expectations_2025").set_index("sector_id")
    facts = data.load("ifo_ai_survey_facts").set_index("fact_id")
    assert f"Across the economy, {ifo.loc['total', 'fewer_jobs_pct']:.1f} % of firms expect AI to cut jobs" in text
    assert f"Manufacturing stands out at {ifo.loc['manufacturing', 'fewer_jobs_pct']:.1f} %" in text
    implied = survey.implied_jobs(
        data.load("ifo_ai_job_expectations_2025"),
        data.load("de_employment_by_sector"),
        avg_cut_pct=float(facts.loc["avg_cut_2025", "value"]),
    ).set_index("sector_id")
    from ailayoffs.formatting import about

    assert f"imply about {about(implied.loc['total', 'implied_jobs']):,.0f} jobs cut" in text
    assert "sensitivity band" in text and "not published" in text
