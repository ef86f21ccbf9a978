"""Charts for the chapter on the productivity paradox.

Chart contract (see the README, "The package"): each function takes the frames it
draws, computed by the model module of the same topic, and the dataset information it
cites as the keyword ``datasets`` (a sequence of DatasetInfo); it reads no frame's
``attrs``, calls no model function and returns a titled chart above its source line,
with alt text.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from ..charts import PALETTE, WIDTH, source_text, with_source
from ..data import DatasetInfo
from ..productivity import COUNTRY_NAMES

__all__ = ["article_periods_chart", "break_explorer", "explanations_chart", "scenario_chart", "sources_chart"]


def break_explorer(
    levels: pd.DataFrame,
    *,
    datasets: Sequence[DatasetInfo],
    countries: Sequence[str],
    default_break: int,
    break_range: tuple[int, int],
) -> alt.VConcatChart:
    """Pick a country and a break year; trend lines and period means follow.

    The two segments are fitted separately (so the fitted lines may jump at the
    break) by Vega-Lite's regression transform in the reader's browser.

    Parameters
    ----------
    levels : DataFrame
        ``country``, ``year``, ``gdp_per_hour`` (one source).
    """
    frame = levels[levels["country"].isin(countries)].sort_values(["country", "year"]).copy()
    frame["log_level"] = np.log(frame["gdp_per_hour"])
    frame["growth_pct"] = frame.groupby("country")["gdp_per_hour"].pct_change() * 100
    frame["country_name"] = frame["country"].map(COUNTRY_NAMES)
    frame = frame[["country_name", "year", "log_level", "growth_pct", "gdp_per_hour"]]

    names = [COUNTRY_NAMES[c] for c in countries]
    pick = alt.param(name="country", value=names[0], bind=alt.binding_select(options=names, name="Country: "))
    breakyear = alt.param(
        name="break_year",
        value=default_break,
        bind=alt.binding_range(min=break_range[0], max=break_range[1], step=1, name="Break year: "),
    )
    segment = "datum.year < break_year ? 'before the break' : 'from the break'"
    colours = alt.Scale(domain=["before the break", "from the break"], range=[PALETTE[0], PALETTE[1]])
    base = alt.Chart(frame).transform_filter("datum.country_name == country").transform_calculate(segment=segment)

    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False, nice=False))
    y = alt.Y("log_level:Q", title="Log GDP per hour worked (log USD)", scale=alt.Scale(zero=False))
    points = base.mark_circle(size=30, color="#555").encode(
        x=x,
        y=y,
        tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("gdp_per_hour:Q", title="USD per hour", format=".2f")],
    )
    lines = (
        base.transform_regression("year", "log_level", groupby=["segment"])
        .mark_line(strokeWidth=3)
        .encode(x=x, y=y, color=alt.Color("segment:N", scale=colours, title="Period"))
    )
    # One text layer per segment, placed in pixels so it does not add a scale.
    slopes = [
        base.transform_calculate(segment=segment)
        .transform_filter(f"datum.segment == '{name}'")
        .transform_regression("year", "log_level", groupby=["segment"], params=True)
        .transform_calculate(label=f"'{name}: trend ' + format(datum.coef[1] * 100, '.2f') + ' % a year'")
        .mark_text(align="left", fontSize=12, fontWeight="bold", color=colour)
        .encode(x=alt.value(8), y=alt.value(offset), text="label:N")
        for name, colour, offset in [("before the break", PALETTE[0], 12), ("from the break", PALETTE[1], 30)]
    ]
    top = alt.layer(points, lines, *slopes).properties(width=WIDTH, height=260)

    bars = base.mark_bar().encode(
        x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=-90, labelOverlap=True)),
        y=alt.Y("growth_pct:Q", title="Growth on previous year (%)"),
        color=alt.Color("segment:N", scale=colours, legend=None),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("growth_pct:Q", title="Growth (%)", format=".2f")],
    )
    means = (
        base.transform_filter("isValid(datum.growth_pct)")
        .transform_aggregate(mean_growth="mean(growth_pct)", groupby=["segment"])
        .mark_rule(strokeDash=[6, 3], strokeWidth=2)
        .encode(
            y="mean_growth:Q",
            color=alt.Color("segment:N", scale=colours, legend=None),
            tooltip=[alt.Tooltip("segment:N"), alt.Tooltip("mean_growth:Q", title="Mean growth (%)", format=".2f")],
        )
    )
    bottom = alt.layer(bars, means).properties(width=WIDTH, height=160)

    chart = (
        alt.vconcat(top, bottom, spacing=12)
        .add_params(pick, breakyear)
        .properties(
            title=alt.Title(
                "Where is the break? Trend growth before and after a year you choose",
                subtitle=[
                    "Top: log GDP per hour worked with a separate linear trend per period (slope = growth, % a year).",
                    "Bottom: yearly growth (%) with the mean of each period (dashed).",
                ],
            )
        )
    )
    description = (
        "Interactive chart: choose a country and a break year; the upper panel shows log labour "
        "productivity with separate trend lines before and from the break and their growth rates, the "
        "lower panel yearly growth rates with the mean growth of each period."
    )
    return with_source(chart, source_text(datasets, "OECD, GDP per hour worked"), description)


def article_periods_chart(
    growth: pd.Series,
    *,
    datasets: Sequence[DatasetInfo],
    article: dict[str, float],
    ours: dict[str, dict[str, float]],
    boundary: int,
) -> alt.VConcatChart:
    """Germany's yearly growth with the article's period averages against compound rates.

    Parameters
    ----------
    growth : Series
        Yearly growth in percent, indexed by year (the article's window).
    article : dict
        Period label -> the article's figure.
    ours : dict
        Period label -> ``{"first": y0, "last": y1, "mean_inclusive": ..., "cagr": ...}``.
    boundary : int
        The year both of the article's periods count.
    """
    bars = pd.DataFrame(
        {
            "year": growth.index.astype(int),
            "growth_pct": growth.to_numpy(),
            "counted": np.where(growth.index == boundary, "counted in both periods", "counted once"),
        }
    )
    rows = []
    for label, span in ours.items():
        rows += [
            {
                "period": label,
                "measure": "mean of yearly rates (the article's method)",
                "value": span["mean_inclusive"],
                "start": span["first"] - 0.5,
                "end": span["last"] + 0.5,
            },
            {
                "period": label,
                "measure": "compound annual growth (CAGR)",
                "value": span["cagr"],
                "start": span["first"] - 0.5,
                "end": span["last"] + 0.5,
            },
        ]
    summary = pd.DataFrame(rows)
    measures = alt.Scale(
        domain=["mean of yearly rates (the article's method)", "compound annual growth (CAGR)"],
        range=[PALETTE[1], PALETTE[0]],
    )
    bar_chart = (
        alt.Chart(bars)
        .mark_bar(opacity=0.55, size=14)
        .encode(
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(nice=False)),
            y=alt.Y("growth_pct:Q", title="Labour productivity growth (% a year)"),
            color=alt.Color(
                "counted:N",
                title="Year",
                scale=alt.Scale(domain=["counted once", "counted in both periods"], range=["#b8c7d6", "#444444"]),
            ),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("growth_pct:Q", title="Growth (%)", format=".2f"),
                alt.Tooltip("counted:N", title="In the article's averages"),
            ],
        )
    )
    spans = (
        alt.Chart(summary)
        .mark_rule(strokeWidth=3)
        .encode(
            x="start:Q",
            x2="end:Q",
            y="value:Q",
            color=alt.Color("measure:N", scale=measures, title="Period growth"),
            tooltip=[
                alt.Tooltip("period:N"),
                alt.Tooltip("measure:N"),
                alt.Tooltip("value:Q", title="% a year", format=".2f"),
            ],
        )
    )
    labels = [
        alt.Chart(summary[summary["measure"] == measure])
        .mark_text(align="left", dx=3, dy=dy, fontSize=11, fontWeight="bold", color=colour)
        .encode(x="start:Q", y="value:Q", text=alt.Text("value:Q", format=".2f"))
        for measure, colour, dy in [(measures.domain[0], PALETTE[1], -8), (measures.domain[1], PALETTE[0], 11)]
    ]
    chart = (
        alt.layer(bar_chart, spans, *labels)
        .resolve_scale(color="independent")
        .properties(
            width=WIDTH,
            height=300,
            title=alt.Title(
                "Germany's productivity growth in the article's two periods",
                subtitle=[
                    "Bars: yearly growth of GDP per hour worked (%); lines: period growth by two methods",
                    f"The dark bar, {boundary}, enters both of the article's averages",
                ],
            ),
        )
    )
    description = (
        "Bar chart of Germany's yearly labour productivity growth with horizontal lines for the growth of "
        "each of the article's two periods, computed as the mean of yearly rates (the article's method) and "
        "as compound annual growth; the compound rates are lower, most of all in the second period."
    )
    return with_source(chart, source_text(datasets, "OECD, GDP per hour worked (2020 vintage)"), description)


def sources_chart(indexed: pd.DataFrame, *, datasets: Sequence[DatasetInfo], base_year: int) -> alt.VConcatChart:
    """Germany's GDP per hour in three sources, indexed to ``base_year`` = 100.

    ``indexed`` has ``source``, ``year``, ``index``.
    """
    selection = alt.selection_point(fields=["source"], bind="legend")
    chart = (
        alt.Chart(indexed)
        .mark_line(point=alt.OverlayMarkDef(size=18))
        .encode(
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d")),
            y=alt.Y("index:Q", title=f"GDP per hour worked, index ({base_year} = 100)", scale=alt.Scale(zero=False)),
            color=alt.Color("source:N", title="Source (click to highlight)"),
            opacity=alt.condition(selection, alt.value(1), alt.value(0.15)),
            tooltip=[alt.Tooltip("source:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("index:Q", format=".1f")],
        )
        .add_params(selection)
        .properties(
            width=WIDTH,
            height=280,
            title=alt.Title(
                "Three sources, three productivity paths for Germany",
                subtitle=[
                    f"GDP per hour worked, index {base_year} = 100; the sources differ in GDP vintage, PPPs and hours"
                ],
            ),
        )
    )
    description = (
        "Line chart of German GDP per hour worked, indexed to 100, in three sources: the OECD's 2020 "
        "release, the Penn World Table 10 and World Bank GDP over OECD hours (2025); the lines agree on the "
        "slowdown but drift apart in levels."
    )
    return with_source(
        chart,
        source_text(datasets, "OECD; Penn World Table 10.0x; The Economist (World Bank and OECD data)"),
        description,
    )


def scenario_chart(
    history: pd.DataFrame,
    paths: pd.DataFrame,
    *,
    datasets: Sequence[DatasetInfo],
    labels: dict[str, str],
    base_year: int,
) -> alt.VConcatChart:
    """Observed productivity and the level paths the forecasts imply, index ``base_year`` = 100.

    ``history`` has ``year``, ``index``; ``paths`` is the output of
    :func:`ailayoffs.productivity.scenario_paths`; ``labels`` maps scenario
    names to legend labels.
    """
    paths = paths.assign(label=paths["scenario"].map(labels))
    order = list(labels.values())
    observed = (
        alt.Chart(history)
        .mark_line(color="#222", strokeWidth=2.5)
        .encode(
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d")),
            y=alt.Y("index:Q", title=f"GDP per hour worked, index ({base_year} = 100)", scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("index:Q", title="Observed index", format=".1f")],
        )
    )
    highlight = alt.selection_point(fields=["label"], bind="legend")
    lines = (
        alt.Chart(paths)
        .mark_line(strokeDash=[5, 3])
        .encode(
            x="year:Q",
            y="level:Q",
            color=alt.Color(
                "label:N",
                title="Path (click to highlight)",
                sort=order,
                legend=alt.Legend(columns=2),
                scale=alt.Scale(domain=order, range=["#777777", *PALETTE[: len(order) - 1]]),
            ),
            opacity=alt.condition(highlight, alt.value(1), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("label:N", title="Path"),
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("level:Q", title="Index", format=".1f"),
                alt.Tooltip("growth_pct:Q", title="Growth (% a year)", format=".2f"),
            ],
        )
        .add_params(highlight)
    )
    chart = alt.layer(observed, lines).properties(
        width=WIDTH,
        height=320,
        title=alt.Title(
            "What the forecasts would mean for Germany's productivity level",
            subtitle=[
                f"Solid: observed; dashed: paths from {base_year} under each forecast (index {base_year} = 100)",
                "Uplifts are added to the recent trend; the US and world forecasts are applied to Germany for comparison only",
            ],
        ),
    )
    description = (
        "Line chart of German labour productivity since the early 1990s and dashed projected paths to 2040: "
        "the recent trend, and that trend raised by the Goldman Sachs and McKinsey uplifts or replaced by "
        "the IW projection; the upper McKinsey path rises far above all others."
    )
    return with_source(
        chart, source_text(datasets, "World Bank and OECD via The Economist; forecasts as cited"), description
    )


def explanations_chart(
    frontier: pd.DataFrame, eras: pd.DataFrame, *, datasets: Sequence[DatasetInfo]
) -> alt.VConcatChart:
    """Two figures on the explanations: gains at the frontier, and the lag of the IT boom.

    ``frontier`` has ``sector``, ``firms``, ``value``; ``eras`` has ``era``,
    ``growth_pct``, ``first_year``.
    """
    firms = alt.Scale(domain=["global frontier firms", "other firms"], range=[PALETTE[1], "#9a9a9a"])
    left = (
        alt.Chart(frontier)
        .mark_bar()
        .encode(
            x=alt.X("firms:N", title=None, axis=alt.Axis(labels=False, ticks=False)),
            y=alt.Y("value:Q", title="Labour productivity growth (% a year)"),
            color=alt.Color("firms:N", scale=firms, title="Firms"),
            column=alt.Column("sector:N", title=None, header=alt.Header(labelOrient="bottom")),
            tooltip=[
                alt.Tooltip("sector:N"),
                alt.Tooltip("firms:N"),
                alt.Tooltip("value:Q", title="% a year", format=".1f"),
            ],
        )
        .properties(
            width=110,
            height=220,
            title=alt.Title("Gains concentrate at the frontier", subtitle="OECD firm data, 2001–2013"),
        )
    )
    right = (
        alt.Chart(eras)
        .mark_bar(color=PALETTE[0])
        .encode(
            x=alt.X("era:N", title=None, sort=alt.SortField("first_year"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("growth_pct:Q", title="Output per hour growth (% a year)"),
            tooltip=[alt.Tooltip("era:N"), alt.Tooltip("growth_pct:Q", title="% a year", format=".2f")],
        )
        .properties(
            width=300,
            height=220,
            title=alt.Title(
                "The US IT boom arrived late", subtitle="Nonfarm business output per hour, growth of annual averages"
            ),
        )
    )
    chart = alt.hconcat(left, right, spacing=30).properties(
        title=alt.Title("Two explanations of the paradox in numbers")
    )
    description = (
        "Two bar charts: productivity growth of global frontier firms is several times that of other firms "
        "in manufacturing and services (2001 to 2013); US nonfarm productivity growth was slow from 1973, "
        "fast from 1995 to 2004, and slow again afterwards."
    )
    return with_source(
        chart, source_text(datasets, "OECD (Andrews, Criscuolo and Gal 2016) via Brookings; BLS via FRED"), description
    )
