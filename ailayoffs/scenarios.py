"""A task-based scenario model of employment, wages and the labour share under AI.

The model follows the accounting of Acemoglu and Restrepo (2019, "Automation and
New Tasks", *Journal of Economic Perspectives* 33(2)): production is a set of
tasks, each done by labour or by capital. Automation moves tasks from labour to
capital (the **displacement effect**), new tasks move work back to labour (the
**reinstatement effect**), and automated tasks are done more cheaply (the
**productivity effect**). With tasks aggregated with unit elasticity, labour's
share of value added equals the share of tasks labour performs.

Time ``t`` is years since the start year (2025). Parameters (all per year
where a rate):

``d``      displacement: share of labour's tasks automated each year (fraction)
``rho``    reinstatement ratio: new labour tasks per task displaced, at the start
``pi``     log cost saving on an automated task (log points)
``theta``  share of the labour-demand shift taken up by employment (0..1)
``g``      labour productivity growth without AI (fraction per year)
``s0``     labour share at the start (fraction)

Equations (closed forms of ``ds/dt = -d s + r (1 - s)``):

1. ``r = rho d s0 / (1 - s0)``  (new tasks per year, as a share of capital's tasks)
2. ``k = d + r``, ``s* = r / k``
3. ``s(t) = s* + (s0 - s*) exp(-k t)``
4. ``S(t) = s* t + (s0 - s*) (1 - exp(-k t)) / k``  (integral of ``s`` from 0 to t)
5. ``ln Y(t)/Y0 = g t + pi d S(t)``  (output: baseline growth plus cost savings)
6. ``delta(t) = ln s(t)/s0 + pi d S(t)``  (shift of labour demand against a no-AI path)
7. ``ln L(t)/L0 = theta delta(t)``  (employment)
8. ``ln w(t)/w0 = g t + (1 - theta) delta(t)``  (average real wage)

so that ``w L / Y = s`` holds at every date. With ``d = 0`` nothing changes but
baseline wage growth; with ``rho = 1`` the labour share stays at ``s0``.

The same equations are written as Vega expressions by :func:`vega_expressions`,
so the page can recompute them in the reader's browser; tests evaluate those
strings in Python against :func:`project`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "PARAMETERS",
    "Parameter",
    "START_YEAR",
    "END_YEAR",
    "evaluate_expression",
    "bmas_technology_net_mn",
    "labour_share_history",
    "labour_share_path",
    "model_arguments",
    "preset_paths",
    "parameter_table",
    "preset_table",
    "presets",
    "project",
    "reference_points",
    "scenario_spread",
    "vega_expressions",
    "year_grid",
]

START_YEAR = 2025
END_YEAR = 2040
_K_FLOOR = 1e-9  # keeps (1 - exp(-k t)) / k finite at k = 0, where it tends to t


@dataclass(frozen=True)
class Parameter:
    """One model parameter as the reader sees it: slider units, range and step."""

    name: str
    symbol: str
    label: str
    unit: str
    minimum: float
    maximum: float
    step: float
    scale: float  # model value = slider value * scale
    meaning: str


PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "displacement_pct",
        "d",
        "Displacement",
        "% of labour's tasks per year",
        0.0,
        4.0,
        0.01,
        0.01,
        "share of the tasks labour performs that are automated each year",
    ),
    Parameter(
        "reinstatement_ratio",
        "ρ",
        "Reinstatement",
        "new tasks per displaced task",
        0.0,
        2.0,
        0.01,
        1.0,
        "new labour tasks created per task displaced, at the start",
    ),
    Parameter(
        "cost_saving_log",
        "π",
        "Productivity effect",
        "log points per automated task",
        0.0,
        2.0,
        0.01,
        1.0,
        "log cost saving when capital instead of labour performs a task",
    ),
    Parameter(
        "employment_response",
        "θ",
        "Employment response",
        "share (0 to 1)",
        0.0,
        1.0,
        0.05,
        1.0,
        "share of the shift in labour demand taken up by employment; the rest moves wages",
    ),
    Parameter(
        "baseline_growth_pct",
        "g",
        "Baseline productivity growth",
        "% per year",
        0.0,
        3.0,
        0.01,
        0.01,
        "labour productivity growth without AI",
    ),
)
_BY_NAME = {p.name: p for p in PARAMETERS}


def _check(d: float, rho: float, pi: float, theta: float, g: float, s0: float) -> None:
    for name, value in (("d", d), ("rho", rho), ("pi", pi), ("theta", theta), ("g", g), ("s0", s0)):
        if not math.isfinite(value):
            raise ValueError(f"parameter {name} must be a finite number, got {value!r}")
    if not 0 < s0 < 1:
        raise ValueError(f"the starting labour share s0 must lie strictly between 0 and 1, got {s0}")
    if not 0 <= theta <= 1:
        raise ValueError(f"the employment response theta must lie in [0, 1], got {theta}")
    for name, value in (("d", d), ("rho", rho), ("pi", pi)):
        if value < 0:
            raise ValueError(f"parameter {name} must not be negative, got {value}")


def labour_share_path(t, d: float, rho: float, s0: float) -> tuple[np.ndarray, np.ndarray]:
    """Labour share ``s(t)`` and its integral ``S(t)`` (equations 1 to 4).

    Parameters
    ----------
    t : array-like
        Years since the start.
    d, rho, s0 : float
        Displacement (fraction of labour's tasks per year), reinstatement ratio, starting share.

    Returns
    -------
    (s, S) : tuple of numpy arrays
    """
    t = np.asarray(t, dtype=float)
    r = rho * d * s0 / (1 - s0)
    k = d + r
    if k == 0:
        return np.full_like(t, s0), s0 * t
    s_star = r / k
    decay = np.exp(-k * t)
    return s_star + (s0 - s_star) * decay, s_star * t + (s0 - s_star) * (1 - decay) / k


def project(d: float, rho: float, pi: float, theta: float, g: float, s0: float, years=None) -> pd.DataFrame:
    """Paths of output, employment, wages and the labour share (equations 1 to 8).

    Parameters
    ----------
    d : float
        Displacement, fraction of labour's tasks automated per year (0.02 = 2 %).
    rho : float
        Reinstatement ratio: new labour tasks per displaced task at the start.
    pi : float
        Log cost saving on an automated task.
    theta : float
        Share of the labour-demand shift taken up by employment, in [0, 1].
    g : float
        Baseline labour productivity growth, fraction per year.
    s0 : float
        Labour share at the start, in (0, 1).
    years : array-like of int, optional
        Calendar years; default :data:`START_YEAR` to :data:`END_YEAR`.

    Returns
    -------
    DataFrame
        ``year``, ``t``, ``labour_share_pct``, ``output_index``,
        ``employment_index``, ``wage_index`` (indices: start year = 100).
    """
    _check(d, rho, pi, theta, g, s0)
    years = np.arange(START_YEAR, END_YEAR + 1) if years is None else np.asarray(years)
    t = years - years[0]
    s, integral = labour_share_path(t, d, rho, s0)
    productivity = pi * d * integral
    shift = np.log(s / s0) + productivity
    return pd.DataFrame(
        {
            "year": years,
            "t": t,
            "labour_share_pct": 100 * s,
            "output_index": 100 * np.exp(g * t + productivity),
            "employment_index": 100 * np.exp(theta * shift),
            "wage_index": 100 * np.exp(g * t + (1 - theta) * shift),
        }
    )


# --------------------------------------------------------------------------
# The same model as Vega expressions, for the page
# --------------------------------------------------------------------------


def vega_expressions(s0: float) -> dict[str, str]:
    """Equations 1 to 8 as Vega expressions of the slider signals and ``datum.t``.

    Signals carry the slider units of :data:`PARAMETERS` (percent where the unit
    is a percentage), so each expression rescales them. The expressions use only
    ``+ - * /``, ``exp``, ``log`` and ``max``, which Vega and Python share; see
    :func:`evaluate_expression`.

    Returns
    -------
    dict
        Field name -> expression, in the order they must be computed.
    """
    if not 0 < s0 < 1:
        raise ValueError(f"s0 must lie strictly between 0 and 1, got {s0}")
    d = f"({_BY_NAME['displacement_pct'].name} * {_BY_NAME['displacement_pct'].scale})"
    g = f"({_BY_NAME['baseline_growth_pct'].name} * {_BY_NAME['baseline_growth_pct'].scale})"
    s0_text = repr(float(s0))
    r = f"(reinstatement_ratio * {d} * {s0_text} / (1 - {s0_text}))"
    k = f"max({d} + {r}, {_K_FLOOR!r})"
    s_star = f"({r} / {k})"
    share = f"({s_star} + ({s0_text} - {s_star}) * exp(-{k} * datum.t))"
    integral = f"({s_star} * datum.t + ({s0_text} - {s_star}) * (1 - exp(-{k} * datum.t)) / {k})"
    productivity = f"(cost_saving_log * {d} * {integral})"
    shift = f"(log({share} / {s0_text}) + {productivity})"
    return {
        "labour_share_pct": f"100 * {share}",
        "output_index": f"100 * exp({g} * datum.t + {productivity})",
        "employment_index": f"100 * exp(employment_response * {shift})",
        "wage_index": f"100 * exp({g} * datum.t + (1 - employment_response) * {shift})",
    }


class _Datum:
    def __init__(self, t: float):
        self.t = t


def evaluate_expression(expression: str, t: float, **signals: float) -> float:
    """Evaluate one of :func:`vega_expressions` in Python, for tests and checks.

    Only ``exp``, ``log``, ``max``, the signals given and ``datum.t`` are in scope.
    """
    scope = {"__builtins__": {}, "exp": math.exp, "log": math.log, "max": max, "datum": _Datum(float(t))}
    return float(eval(expression, scope, dict(signals)))  # noqa: S307 - our own expression text


# --------------------------------------------------------------------------
# Presets anchored on published projections
# --------------------------------------------------------------------------


def _value(projections: pd.DataFrame, projection_id: str) -> float:
    rows = projections.loc[projections["projection_id"] == projection_id, "value"]
    if rows.empty:
        raise KeyError(f"job_projections has no row '{projection_id}'")
    return float(rows.iloc[0])


def _horizon_years(projections: pd.DataFrame, projection_id: str) -> int:
    row = projections.loc[projections["projection_id"] == projection_id].iloc[0]
    if pd.isna(row["horizon_years"]):
        raise ValueError(f"job_projections row '{projection_id}' states no horizon in years")
    return int(row["horizon_years"])


def presets(
    projections: pd.DataFrame,
    forecasts: pd.DataFrame,
    s0: float,
    g_pct: float,
    employment_response: dict[str, float] | None = None,
) -> pd.DataFrame:
    """The article's three scenarios as parameter settings, in slider units.

    * **pessimistic**: displacement and reinstatement from the WEF's 2023
      employer survey (jobs eliminated per year as a share of the jobs covered;
      jobs created per job eliminated), productivity effect such that AI adds
      McKinsey's lower bound for generative AI to growth at the start;
    * **optimistic**: from the WEF's 2025 survey (jobs displaced per year as a
      share of the jobs implied by its churn rate; jobs created per job
      displaced), AI adding Goldman Sachs's uplift at the start;
    * **middle**: the midpoint of the two, the article's "somewhere in between".

    Each value is rounded to its slider's step, so that a preset is a position
    the reader can set.

    Jobs stand in for tasks, an assumption the chapter states. The employment
    response is not a published figure: ``employment_response`` (default one
    half in every preset: the demand shift splits evenly between jobs and
    wages) is the book's choice, reported as such.

    Parameters
    ----------
    projections : DataFrame
        ``job_projections`` as loaded.
    forecasts : DataFrame
        ``productivity_forecasts`` as loaded (rows ``mck_genai`` and ``gs_genai_us``).
    s0 : float
        Starting labour share (fraction).
    g_pct : float
        Baseline productivity growth, percent per year, the same in every preset.

    Returns
    -------
    DataFrame indexed by preset, one column per parameter name, plus
    ``ai_uplift_pp`` (the productivity uplift at the start the preset implies).
    """
    theta = {"pessimistic": 0.5, "optimistic": 0.5} if employment_response is None else employment_response
    fc = forecasts.set_index("forecast_id")
    jobs_2025 = (_value(projections, "wef2025_created") + _value(projections, "wef2025_displaced")) / (
        _value(projections, "wef2025_churn") / 100
    )
    settings = {
        "pessimistic": {
            "displacement_pct": 100
            * _value(projections, "wef2023_displaced")
            / _value(projections, "wef2023_jobs_covered")
            / _horizon_years(projections, "wef2023_displaced"),
            "reinstatement_ratio": _value(projections, "wef2023_created") / _value(projections, "wef2023_displaced"),
            "ai_uplift_pp": float(fc.loc["mck_genai", "low_pp"]),
            "employment_response": theta["pessimistic"],
        },
        "optimistic": {
            "displacement_pct": 100
            * _value(projections, "wef2025_displaced")
            / jobs_2025
            / _horizon_years(projections, "wef2025_displaced"),
            "reinstatement_ratio": _value(projections, "wef2025_created") / _value(projections, "wef2025_displaced"),
            "ai_uplift_pp": float(fc.loc["gs_genai_us", "high_pp"]),
            "employment_response": theta["optimistic"],
        },
    }
    for preset in settings.values():
        preset["cost_saving_log"] = (preset["ai_uplift_pp"] / 100) / (preset["displacement_pct"] / 100 * s0)
        preset["baseline_growth_pct"] = g_pct
    frame = pd.DataFrame(settings).T
    frame.loc["middle"] = frame.mean()
    if "middle" in theta:
        frame.loc["middle", "employment_response"] = theta["middle"]
    frame = frame.loc[["pessimistic", "middle", "optimistic"]]
    for p in PARAMETERS:  # a preset is a slider position: round to the slider's step
        frame[p.name] = (frame[p.name] / p.step).round() * p.step
        frame[p.name] = frame[p.name].round(6)
    for p in PARAMETERS:
        outside = frame[(frame[p.name] < p.minimum) | (frame[p.name] > p.maximum)]
        if not outside.empty:
            raise ValueError(
                f"preset(s) {list(outside.index)} put {p.name} outside its range [{p.minimum}, {p.maximum}]"
            )
    frame.index.name = "preset"
    return frame


def model_arguments(row: pd.Series, s0: float) -> dict[str, float]:
    """Slider values of one preset (a row of :func:`presets`) as :func:`project` arguments."""
    return {
        "d": row["displacement_pct"] * _BY_NAME["displacement_pct"].scale,
        "rho": row["reinstatement_ratio"],
        "pi": row["cost_saving_log"],
        "theta": row["employment_response"],
        "g": row["baseline_growth_pct"] * _BY_NAME["baseline_growth_pct"].scale,
        "s0": s0,
    }


def preset_paths(preset_frame: pd.DataFrame, s0: float) -> pd.DataFrame:
    """:func:`project` for every preset, stacked long with a ``preset`` column."""
    return pd.concat(
        [project(**model_arguments(row, s0)).assign(preset=name) for name, row in preset_frame.iterrows()],
        ignore_index=True,
    )


def parameter_table(preset_frame: pd.DataFrame) -> pd.DataFrame:
    """The parameters for reading: symbol, meaning, unit, range and each preset's value."""
    rows = []
    for p in PARAMETERS:
        row = {
            "Parameter": f"{p.label} ({p.symbol})",
            "Meaning": p.meaning,
            "Unit": p.unit,
            "Range": f"{p.minimum:g} to {p.maximum:g}",
        }
        for name in preset_frame.index:
            row[name.capitalize()] = f"{preset_frame.loc[name, p.name]:.2f}"
        rows.append(row)
    return pd.DataFrame(rows)


def preset_table(paths: pd.DataFrame, year: int = END_YEAR) -> pd.DataFrame:
    """Each preset's employment, wage and labour share in ``year``."""
    at = paths[paths["year"] == year].set_index("preset")
    if at.empty:
        raise KeyError(f"no projected values for {year}")
    return at[["employment_index", "wage_index", "labour_share_pct", "output_index"]]


def year_grid(start: int = START_YEAR, end: int = END_YEAR) -> pd.DataFrame:
    """Years and ``t`` for the page's own computation."""
    years = np.arange(start, end + 1)
    return pd.DataFrame({"year": years, "t": years - start})


def reference_points(projections: pd.DataFrame) -> pd.DataFrame:
    """Published net employment projections as a change in percent by their horizon year.

    * WEF 2025: net change over the jobs implied by its churn rate;
    * WEF 2023: net change over the jobs its dataset covers.

    Returns
    -------
    DataFrame with ``label``, ``geography``, ``year``, ``employment_index``
    (start = 100 at the projection's own start), ``change_pct``, ``source_ref``.
    """
    jobs_2025 = (_value(projections, "wef2025_created") + _value(projections, "wef2025_displaced")) / (
        _value(projections, "wef2025_churn") / 100
    )
    wef25 = 100 * _value(projections, "wef2025_net") / jobs_2025
    wef23 = 100 * _value(projections, "wef2023_net") / _value(projections, "wef2023_jobs_covered")
    ref = projections.set_index("projection_id")
    rows = [
        {
            "label": "WEF Future of Jobs 2025 (world, employer survey)",
            "geography": "world",
            "year": int(ref.loc["wef2025_net", "horizon_end"]),
            "change_pct": wef25,
            "source_ref": ref.loc["wef2025_net", "source_ref"],
        },
        {
            "label": "WEF Future of Jobs 2023 (world, employer survey)",
            "geography": "world",
            "year": int(ref.loc["wef2023_net", "horizon_end"]),
            "change_pct": wef23,
            "source_ref": ref.loc["wef2023_net", "source_ref"],
        },
    ]
    frame = pd.DataFrame(rows)
    frame["employment_index"] = 100 + frame["change_pct"]
    return frame


def bmas_technology_net_mn(projections: pd.DataFrame) -> float:
    """BMAS 2040 projection for Germany: jobs created minus jobs lost for reasons other than demography (million)."""
    return _value(projections, "bmas2021_created") - (
        _value(projections, "bmas2021_displaced") - _value(projections, "bmas2021_displaced_demographic")
    )


def labour_share_history(labour_share: pd.DataFrame, country: str) -> pd.DataFrame:
    """One country's observed labour share in percent (``year``, ``labour_share_pct``), from ``pwt_labour_share``.

    Years the Penn World Table fills by carrying a value forward (``imputed``) are not observations and are left out.
    """
    rows = labour_share[labour_share["country"] == country]
    if "imputed" in rows:
        rows = rows[~rows["imputed"].astype(bool)]
    if rows.empty:
        raise KeyError(f"pwt_labour_share has no rows for '{country}'")
    return pd.DataFrame(
        {"year": rows["year"].astype(int).to_numpy(), "labour_share_pct": 100 * rows["labour_share"].to_numpy()}
    )


def scenario_spread(paths: pd.DataFrame, metric: str, year: int = END_YEAR) -> float:
    """Optimistic minus pessimistic value of ``metric`` in ``year`` (index points or percentage points)."""
    at = preset_table(paths, year)
    return float(at.loc["optimistic", metric] - at.loc["pessimistic", metric])
