"""Charts for the chapter on inequality: labour-share trends with breaks, and real wages."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import PALETTE, source_text
from ..data import DatasetInfo
from ._fit import NARROW, narrow_with_source

__all__ = ["labour_share_chart", "real_wage_chart"]


def labour_share_chart(
    fitted: pd.DataFrame, *, datasets: Sequence[DatasetInfo], names: dict[str, str], default_country: str
) -> alt.VConcatChart:
    """Labour share of one country (chosen in a menu) with its single and broken trends.

    Parameters
    ----------
    fitted : DataFrame
        Output of :func:`ailayoffs.inequality.fitted_lines`.
    datasets : sequence of DatasetInfo
        Datasets drawn, for the source line.
    names : dict
        Country code to the name shown in the menu.
    default_country : str
        Country shown first.
    """
    frame = fitted.assign(name=fitted["country"].map(names))
    options = [names[c] for c in fitted["country"].unique()]
    pick = alt.param(
        name="country_name", value=names[default_country], bind=alt.binding_select(options=options, name="Country: ")
    )
    base = alt.Chart(frame).transform_filter("datum.name == country_name")
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"))
    y = alt.Y("share_pct:Q", title="Labour share (% of GDP)", scale=alt.Scale(zero=False))
    points = base.mark_point(filled=True, size=30, color="#555").encode(
        x=x,
        y=y,
        tooltip=[
            alt.Tooltip("name:N", title="Country"),
            alt.Tooltip("year:Q", title="Year"),
            alt.Tooltip("share_pct:Q", title="Labour share (%)", format=".1f"),
        ],
    )
    single = base.mark_line(color=PALETTE[0], strokeDash=[5, 3]).encode(x=x, y="trend_pct:Q")
    broken = base.mark_line(color=PALETTE[1], strokeWidth=2.5).encode(x=x, y="broken_pct:Q", detail="segment:N")
    label = (
        base.transform_filter("datum.year == datum.break_year")
        .mark_text(align="left", dx=4, dy=-10, fontSize=11, color=PALETTE[1])
        .encode(x=x, y="broken_pct:Q", text=alt.Text("break_year:Q", format="d"))
    )
    chart = (
        alt.layer(points, single, broken, label)
        .add_params(pick)
        .properties(
            width=NARROW,
            height=280,
            title=alt.Title(
                "Labour share of GDP with fitted trends",
                subtitle=[
                    "Dots: Penn World Table; dashed: one linear trend;",
                    "orange: two trends split at the best break year",
                ],
            ),
        )
    )
    description = (
        "Scatter of one country's labour share by year, chosen in a menu, with a dashed single linear "
        "trend and two orange trend segments split at the best-fitting break year, which is labelled."
    )
    return narrow_with_source(
        chart, source_text(datasets, "Penn World Table 10.0x (Feenstra, Inklaar and Timmer)"), description
    )


def real_wage_chart(frame: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """Destatis real-wage index with the change of survey marked (``de_real_wage_index`` as loaded)."""
    data = frame[["year", "real_wage_index", "change_pct", "method"]]
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"))
    line = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("real_wage_index:Q", title="Real wage index (2025 = 100)", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "method:N",
                title="Survey",
                scale=alt.Scale(range=PALETTE[:2]),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            tooltip=[
                alt.Tooltip("year:Q", title="Year"),
                alt.Tooltip("real_wage_index:Q", title="Index", format=".1f"),
                alt.Tooltip("change_pct:Q", title="Change on previous year (%)", format=".1f"),
                alt.Tooltip("method:N", title="Survey"),
            ],
        )
    )
    chart = line.properties(
        width=NARROW,
        height=240,
        title=alt.Title(
            "Real wages in Germany",
            subtitle=["Average gross earnings deflated by consumer prices", "Colour: survey (changed in 2022)"],
        ),
    )
    first, last = int(data["year"].min()), int(data["year"].max())
    description = (
        f"Line chart of the Destatis real wage index from {first} to {last}: a slow rise to 2019, a fall "
        "to 2022 and a recovery by 2025 to about the 2019 level; the survey changed in 2022."
    )
    return narrow_with_source(chart, source_text(datasets, "Statistisches Bundesamt, GENESIS 62361-0020"), description)
