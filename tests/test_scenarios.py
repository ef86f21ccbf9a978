"""The scenario model: limits, closed forms, the browser's copy of the equations, presets and the chart."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest
import vl_convert

from ailayoffs import data, load, scenarios
from ailayoffs.data import DataValidationError
from ailayoffs.figures import scenarios as figures

S0 = 0.64
T = np.arange(0, 16)


def _project(**kw):
    args = {"d": 0.02, "rho": 0.8, "pi": 0.5, "theta": 0.5, "g": 0.01, "s0": S0}
    args.update(kw)
    return scenarios.project(**args)


def test_zero_displacement_leaves_employment_and_labour_share_unchanged():
    path = _project(d=0.0, rho=1.7, pi=1.3, theta=0.9)
    assert np.allclose(path["employment_index"], 100)
    assert np.allclose(path["labour_share_pct"], 100 * S0)
    assert np.allclose(path["wage_index"], 100 * np.exp(0.01 * path["t"]))


def test_balanced_reinstatement_keeps_the_share_and_grows_jobs_by_the_productivity_effect():
    d, pi, theta = 0.03, 0.7, 0.4
    path = _project(d=d, rho=1.0, pi=pi, theta=theta)
    assert np.allclose(path["labour_share_pct"], 100 * S0)
    assert np.allclose(path["employment_index"], 100 * np.exp(theta * pi * d * S0 * path["t"]))


def test_share_solves_its_differential_equation_and_converges_to_the_steady_state():
    d, rho = 0.03, 0.5
    s, integral = scenarios.labour_share_path(np.linspace(0, 400, 40001), d, rho, S0)
    r = rho * d * S0 / (1 - S0)
    dt = 0.01
    slope = np.gradient(s, dt)
    assert np.allclose(slope[1:-1], (-d * s + r * (1 - s))[1:-1], atol=1e-8)
    assert s[-1] == pytest.approx(rho * S0 / (rho * S0 + 1 - S0), rel=1e-6)
    assert integral[-1] == pytest.approx(np.trapezoid(s, dx=dt), rel=1e-6)


def test_accounting_identity_wage_bill_over_output_is_the_labour_share():
    path = _project(d=0.035, rho=0.3, pi=1.2, theta=0.7)
    ratio = path["wage_index"] * path["employment_index"] / path["output_index"] / 100
    assert np.allclose(ratio * S0, path["labour_share_pct"] / 100)


def test_no_reinstatement_shrinks_the_share_exponentially():
    path = _project(d=0.02, rho=0.0)
    assert np.allclose(path["labour_share_pct"], 100 * S0 * np.exp(-0.02 * path["t"]))


@pytest.mark.parametrize("kw", [{"s0": 1.0}, {"s0": 0.0}, {"theta": 1.2}, {"d": -0.01}, {"pi": float("nan")}])
def test_bad_parameters_are_refused(kw):
    with pytest.raises(ValueError):
        _project(**kw)


@pytest.mark.parametrize(
    "sliders",
    [
        {
            "displacement_pct": 2.0,
            "reinstatement_ratio": 0.8,
            "cost_saving_log": 0.5,
            "employment_response": 0.5,
            "baseline_growth_pct": 1.0,
        },
        {
            "displacement_pct": 0.0,
            "reinstatement_ratio": 1.9,
            "cost_saving_log": 1.5,
            "employment_response": 1.0,
            "baseline_growth_pct": 0.0,
        },
        {
            "displacement_pct": 4.0,
            "reinstatement_ratio": 0.0,
            "cost_saving_log": 0.0,
            "employment_response": 0.0,
            "baseline_growth_pct": 3.0,
        },
        {
            "displacement_pct": 1.3,
            "reinstatement_ratio": 1.0,
            "cost_saving_log": 2.0,
            "employment_response": 0.25,
            "baseline_growth_pct": 0.4,
        },
    ],
)
def test_the_browser_expressions_compute_the_same_model(sliders):
    expressions = scenarios.vega_expressions(S0)
    expected = scenarios.project(**scenarios.model_arguments(pd.Series(sliders), S0))
    for field, expression in expressions.items():
        ours = [scenarios.evaluate_expression(expression, t, **sliders) for t in expected["t"]]
        assert np.allclose(ours, expected[field], rtol=1e-7), field


@pytest.fixture(scope="module")
def inputs():
    share = load("pwt_labour_share")
    s0 = float(share[(share["country"] == "DEU")].iloc[-1]["labour_share"])
    return load("job_projections"), load("productivity_forecasts"), s0


def test_presets_are_derived_from_the_published_figures(inputs):
    projections, forecasts, s0 = inputs
    presets = scenarios.presets(projections, forecasts, s0, 0.9)
    v = projections.set_index("projection_id")["value"]
    assert presets.loc["pessimistic", "displacement_pct"] == pytest.approx(
        100 * v["wef2023_displaced"] / v["wef2023_jobs_covered"] / 5, abs=0.005
    )
    assert presets.loc["optimistic", "reinstatement_ratio"] == pytest.approx(
        v["wef2025_created"] / v["wef2025_displaced"], abs=0.005
    )
    uplift = presets.loc["optimistic", "cost_saving_log"] * presets.loc["optimistic", "displacement_pct"] / 100 * s0
    assert uplift * 100 == pytest.approx(forecasts.set_index("forecast_id").loc["gs_genai_us", "high_pp"], rel=0.02)
    for p in scenarios.PARAMETERS:  # presets are slider positions
        assert np.allclose(presets[p.name] / p.step, (presets[p.name] / p.step).round())
    outcomes = scenarios.preset_table(scenarios.preset_paths(presets, s0))
    assert outcomes.loc["pessimistic", "labour_share_pct"] < 100 * s0 < outcomes.loc["optimistic", "labour_share_pct"]
    assert (
        outcomes.loc["pessimistic", "employment_index"]
        < outcomes.loc["middle", "employment_index"]
        < outcomes.loc["optimistic", "employment_index"]
    )


def test_a_preset_outside_a_slider_range_is_refused(inputs):
    projections, forecasts, s0 = inputs
    with pytest.raises(ValueError, match="employment_response"):
        scenarios.presets(projections, forecasts, s0, 0.9, employment_response={"pessimistic": 1.5, "optimistic": 0.5})
    with pytest.raises(ValueError, match="baseline_growth_pct"):
        scenarios.presets(projections, forecasts, s0, 7.0)


def test_reference_points_are_net_changes_over_the_jobs_covered(inputs):
    projections, _, _ = inputs
    refs = scenarios.reference_points(projections).set_index("year")
    v = projections.set_index("projection_id")["value"]
    assert refs.loc[2027, "change_pct"] == pytest.approx(100 * v["wef2023_net"] / v["wef2023_jobs_covered"])
    base = (v["wef2025_created"] + v["wef2025_displaced"]) / (v["wef2025_churn"] / 100)
    assert refs.loc[2030, "change_pct"] == pytest.approx(100 * v["wef2025_net"] / base)
    assert scenarios.bmas_technology_net_mn(projections) == pytest.approx(
        v["bmas2021_created"] - v["bmas2021_displaced"] + v["bmas2021_displaced_demographic"]
    )


def test_new_datasets_validate_and_match_their_contracts():
    projections = load("job_projections")
    assert set(projections["unit"]) <= {"million jobs", "percent of current formal jobs"}
    net = projections.set_index("projection_id")["value"]
    assert net["wef2025_created"] - net["wef2025_displaced"] == pytest.approx(net["wef2025_net"])
    assert net["wef2023_created"] - net["wef2023_displaced"] == pytest.approx(net["wef2023_net"])
    share = load("pwt_labour_share")
    assert (
        share["labour_share"].between(0.3, 0.9).all()
        and share["year"].min() == 1970
        and not share.loc[share["year"] >= 1992, "imputed"].any()
    )
    events = load("regulation_events")
    assert events["event_id"].is_unique
    sources = {s["x-id"] for s in events.attrs["dataset"].sources}
    assert set(events["source_ref"]) <= sources


def test_a_unit_that_does_not_match_the_quantity_fails_loading(data_copy):
    relative = "scenarios/job_projections.csv"
    with open(data_copy / relative, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("unit")] = "percent of current formal jobs"
    with open(data_copy / relative, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["path"] == relative:
            resource["hash"] = data.file_sha256(data_copy / relative)
    (data_copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(DataValidationError) as failure:
        load("job_projections")
    assert any(p.rule == "unit" and p.line == 2 for p in failure.value.problems)


@pytest.fixture(scope="module")
def chart(inputs):
    projections, forecasts, s0 = inputs
    share = load("pwt_labour_share")
    presets = scenarios.presets(projections, forecasts, s0, 0.9)
    return figures.scenario_explorer_chart(
        scenarios.year_grid(),
        scenarios.preset_paths(presets, s0),
        presets,
        scenarios.vega_expressions(s0),
        scenarios.labour_share_history(share, "DEU"),
        scenarios.reference_points(projections),
        datasets=[share.attrs["dataset"], projections.attrs["dataset"]],
        publisher="test publisher",
    ), presets


def test_chart_binds_every_parameter_and_the_preset_menu(chart):
    spec, presets = chart[0].to_dict(), chart[1]
    params = {p["name"]: p for p in spec["params"]}
    assert params["preset"]["bind"]["input"] == "select"
    for p in scenarios.PARAMETERS:
        bind = params[p.name]["bind"]
        assert (bind["input"], bind["min"], bind["max"]) == ("range", p.minimum, p.maximum)
        assert params[p.name]["value"] == pytest.approx(presets.loc["middle", p.name])
    assert "labour_share_pwt.csv v" in " ".join(
        json.dumps(spec).replace("\\n", " ").split()
    ) and "test publisher" in json.dumps(spec)
    assert spec["description"].startswith("Three stacked line charts")


def test_the_preset_patch_targets_the_slider_signals_of_the_compiled_chart(chart):
    spec, presets = chart[0].to_dict(), chart[1]
    patch = spec["usermeta"]["embedOptions"]["patch"]
    compiled = vl_convert.vegalite_to_vega(spec, vl_version=figures._vegalite_minor())
    names = {op["path"]: compiled["signals"][int(op["path"].split("/")[2])]["name"] for op in patch}
    assert sorted(names.values()) == sorted(p.name for p in scenarios.PARAMETERS)
    for op in patch:
        name = names[op["path"]]
        update = op["value"][0]["update"]
        assert op["value"][0]["events"] == {"signal": "preset"}
        assert repr(float(presets.loc["optimistic", name])) in update


def test_chart_refuses_incomplete_expressions(inputs):
    projections, forecasts, s0 = inputs
    presets = scenarios.presets(projections, forecasts, s0, 0.9)
    expressions = scenarios.vega_expressions(s0)
    expressions.pop("wage_index")
    with pytest.raises(KeyError, match="wage_index"):
        figures.scenario_explorer_chart(
            scenarios.year_grid(),
            scenarios.preset_paths(presets, s0),
            presets,
            expressions,
            pd.DataFrame({"year": [2000], "labour_share_pct": [60.0]}),
            scenarios.reference_points(projections),
            datasets=[],
            publisher="x",
        )
