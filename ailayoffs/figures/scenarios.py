"""The scenario explorer: employment, wages and the labour share to 2040, recomputed in the browser."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
import vl_convert

from ..charts import PALETTE, source_text, with_source
from ..data import DatasetInfo
from ..scenarios import PARAMETERS

__all__ = ["scenario_explorer_chart"]

PANEL_WIDTH = 300
PANEL_HEIGHT = 150
PRESET_ORDER = ["pessimistic", "middle", "optimistic"]
PRESET_COLOURS = ["#D55E00", "#999999", "#009E73"]
YOURS = PALETTE[0]

PANELS = [
    ("employment_index", "Employment (index, 2025 = 100)", "Employment"),
    ("wage_index", "Average real wage (index, 2025 = 100)", "Average real wage"),
    ("labour_share_pct", "Labour share of GDP (%)", "Labour share"),
]


def _preset_expr(name: str, presets: pd.DataFrame) -> str:
    values = {p: float(presets.loc[p, name]) for p in PRESET_ORDER}
    return (
        f"preset == 'pessimistic' ? {values['pessimistic']!r} : "
        f"preset == 'optimistic' ? {values['optimistic']!r} : {values['middle']!r}"
    )


def scenario_explorer_chart(
    grid: pd.DataFrame,
    preset_paths: pd.DataFrame,
    presets: pd.DataFrame,
    expressions: Mapping[str, str],
    history: pd.DataFrame,
    references: pd.DataFrame,
    *,
    datasets: Sequence[DatasetInfo],
    publisher: str,
) -> alt.VConcatChart:
    """Three stacked panels whose bold line the reader moves with sliders and a preset menu.

    Parameters
    ----------
    grid : DataFrame
        ``year`` and ``t`` (years since the start), from :func:`ailayoffs.scenarios.year_grid`.
    preset_paths : DataFrame
        :func:`ailayoffs.scenarios.preset_paths`: the three presets, drawn thin.
    presets : DataFrame
        :func:`ailayoffs.scenarios.presets`: slider values of each preset; the
        menu sets the sliders to them.
    expressions : mapping
        :func:`ailayoffs.scenarios.vega_expressions`: the model the browser evaluates.
    history : DataFrame
        ``year`` and ``labour_share_pct``: the observed labour share, drawn grey.
    references : DataFrame
        :func:`ailayoffs.scenarios.reference_points`: published projections on the employment panel.
    datasets : sequence of DatasetInfo
        The datasets drawn, for the source line.
    publisher : str
        Who published the figures, for the source line.
    """
    missing = {m for m, _, _ in PANELS} - set(expressions)
    if missing:
        raise KeyError(f"expressions lack {sorted(missing)}")
    preset = alt.param(
        name="preset", value="middle", bind=alt.binding_select(options=PRESET_ORDER, name="Scenario preset: ")
    )
    sliders = [
        alt.param(
            name=p.name,
            value=float(presets.loc["middle", p.name]),
            expr=_preset_expr(p.name, presets),
            bind=alt.binding_range(
                min=p.minimum, max=p.maximum, step=p.step, name=f"{p.label} {p.symbol} ({p.unit}): "
            ),
        )
        for p in PARAMETERS
    ]
    first, last = int(grid["year"].min()), int(grid["year"].max())
    colour = alt.Color("preset:N", title="Preset", scale=alt.Scale(domain=PRESET_ORDER, range=PRESET_COLOURS))
    panels = []
    for metric, title, short in PANELS:
        start = int(history["year"].min()) if metric == "labour_share_pct" else first
        x = alt.X("year:Q", title=None, scale=alt.Scale(domain=[start, last]), axis=alt.Axis(format="d", tickCount=6))
        yours = (
            alt.Chart(grid)
            .transform_calculate(**{metric: expressions[metric]})
            .mark_line(color=YOURS, strokeWidth=3)
            .encode(
                x=x,
                y=alt.Y(f"{metric}:Q", title=title, scale=alt.Scale(zero=False)),
                tooltip=[
                    alt.Tooltip("year:Q", title="Year"),
                    alt.Tooltip(f"{metric}:Q", title=f"{short} (your scenario)", format=".1f"),
                ],
            )
        )
        fixed = (
            alt.Chart(preset_paths)
            .mark_line(strokeWidth=1.2, strokeDash=[4, 3])
            .encode(
                x=x,
                y=f"{metric}:Q",
                color=colour,
                tooltip=[
                    alt.Tooltip("preset:N", title="Preset"),
                    alt.Tooltip("year:Q", title="Year"),
                    alt.Tooltip(f"{metric}:Q", title=short, format=".1f"),
                ],
            )
        )
        layers = [fixed, yours]
        if metric == "labour_share_pct":
            layers.insert(
                0,
                alt.Chart(history)
                .mark_line(color="#555", strokeWidth=1.5)
                .encode(
                    x=x,
                    y="labour_share_pct:Q",
                    tooltip=[
                        alt.Tooltip("year:Q", title="Year"),
                        alt.Tooltip("labour_share_pct:Q", title="Observed labour share (%)", format=".1f"),
                    ],
                ),
            )
        if metric == "employment_index":
            layers.append(
                alt.Chart(references)
                .mark_point(shape="diamond", size=90, filled=True, color="#000")
                .encode(
                    x=x,
                    y="employment_index:Q",
                    tooltip=[
                        alt.Tooltip("label:N", title="Published projection"),
                        alt.Tooltip("year:Q", title="By"),
                        alt.Tooltip("change_pct:Q", title="Net change (%)", format="+.1f"),
                    ],
                )
            )
        panels.append(alt.layer(*layers).properties(width=PANEL_WIDTH, height=PANEL_HEIGHT, title=short))
    chart = (
        alt.vconcat(*panels, spacing=16)
        .add_params(preset, *sliders)
        .properties(
            title=alt.Title(
                f"Scenario explorer, Germany {first}-{last}",
                subtitle=[
                    "Bold blue: your scenario (move the sliders below);",
                    "dashed: the three presets; grey: observed labour share;",
                    "diamonds: published net job projections (world)",
                ],
            )
        )
    )
    description = (
        f"Three stacked line charts of employment, the average real wage and the labour share in Germany "
        f"from {first} to {last} under a task-based model of AI: a bold line the reader changes with "
        "sliders for displacement, reinstatement, the productivity effect, the employment response and "
        "baseline growth, a menu that sets the sliders to the pessimistic, middle or optimistic preset, "
        "dashed lines for the three presets, the observed labour share since 1992 and diamonds for "
        "published net job projections."
    )
    framed = with_source(chart, source_text(datasets, publisher), description)
    return framed.properties(usermeta={"embedOptions": {"patch": preset_patch(framed, presets)}})


def _vegalite_minor() -> str:
    return alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]


def preset_patch(chart: alt.TopLevelMixin, presets: pd.DataFrame) -> list[dict]:
    """JSON-Patch operations that make the preset menu move the sliders.

    Vega-Lite evaluates a bound parameter's ``expr`` only once, at start-up.
    vega-embed applies ``usermeta.embedOptions.patch`` to the compiled Vega
    spec, so we add to each slider's signal an ``on`` handler that resets it to
    the chosen preset's value whenever ``preset`` changes; the slider, bound to
    the signal, follows. The signal positions come from compiling the chart
    with the same Vega-Lite version the page's bundle carries.
    """
    signals = vl_convert.vegalite_to_vega(chart.to_dict(), vl_version=_vegalite_minor()).get("signals", [])
    position = {signal["name"]: i for i, signal in enumerate(signals)}
    missing = [p.name for p in PARAMETERS if p.name not in position] + (["preset"] if "preset" not in position else [])
    if missing:
        raise KeyError(f"compiled chart has no signal(s) {missing}")
    return [
        {
            "op": "add",
            "path": f"/signals/{position[p.name]}/on",
            "value": [{"events": {"signal": "preset"}, "update": _preset_expr(p.name, presets)}],
        }
        for p in PARAMETERS
    ]
