"""Charts for the chapter on lean organisations: Klarna's headcount and the Erlang C staffing explorer."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import PALETTE, source_text
from ..data import DatasetInfo
from ._fit import NARROW, narrow_with_source

__all__ = ["klarna_headcount_chart", "shock_chart", "staffing_explorer_chart"]

QUALIFIERS = ["exact", "about", "estimate"]


def klarna_headcount_chart(
    series: pd.DataFrame, events: pd.DataFrame, *, datasets: Sequence[DatasetInfo], article_date: pd.Timestamp
) -> alt.VConcatChart:
    """Klarna's headcount as stated or estimated, with the dated events of its AI strategy.

    Parameters
    ----------
    series : DataFrame
        Output of :func:`ailayoffs.klarna.headcount`.
    events : DataFrame
        Output of :func:`ailayoffs.klarna.events`.
    datasets : sequence of DatasetInfo
        Datasets drawn, for the source line.
    article_date : Timestamp
        Publication date of the article, marked on the time axis.
    """
    points = series[["date", "as_of", "employees", "qualifier", "statement"]]
    marks = events[["date", "as_of", "metric", "statement"]].assign(label=events["metric"].str.replace("_", " "))
    x = alt.X("date:T", title="Date", axis=alt.Axis(format="%Y", tickCount="year"))
    line = alt.Chart(points).mark_line(color="#9a9a9a").encode(x=x, y="employees:Q")
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=80)
        .encode(
            x=x,
            y=alt.Y("employees:Q", title="Employees (persons)", scale=alt.Scale(zero=True), axis=alt.Axis(format=",d")),
            color=alt.Color("qualifier:N", title="Figure", scale=alt.Scale(domain=QUALIFIERS, range=PALETTE[:3])),
            shape=alt.Shape(
                "qualifier:N",
                title="Figure",
                scale=alt.Scale(domain=QUALIFIERS, range=["circle", "square", "triangle-up"]),
            ),
            tooltip=[
                alt.Tooltip("as_of:N", title="As of"),
                alt.Tooltip("employees:Q", title="Employees", format=","),
                alt.Tooltip("qualifier:N", title="Figure"),
                alt.Tooltip("statement:N", title="Source says"),
            ],
        )
    )
    rules = (
        alt.Chart(marks)
        .mark_rule(color=PALETTE[1], strokeDash=[4, 3])
        .encode(
            x="date:T",
            tooltip=[
                alt.Tooltip("as_of:N", title="When"),
                alt.Tooltip("label:N", title="Event"),
                alt.Tooltip("statement:N", title="Source says"),
            ],
        )
    )
    labels = (
        alt.Chart(marks)
        .mark_text(angle=270, align="left", dx=-4, dy=-4, fontSize=10, color=PALETTE[1])
        .encode(x="date:T", y=alt.value(290), text="label:N")
    )
    article = (
        alt.Chart(pd.DataFrame({"date": [article_date], "label": ["article"]}))
        .mark_rule(color="#000", strokeWidth=1)
        .encode(x="date:T", tooltip=[alt.Tooltip("date:T", title="Article published")])
    )
    chart = alt.layer(line, dots, rules, labels, article).properties(
        width=NARROW,
        height=320,
        title=alt.Title(
            "Klarna's headcount and its AI strategy",
            subtitle=[
                "Employees (persons): company figures",
                "or press estimates; dashed: dated events;",
                "solid black: the article",
            ],
        ),
    )
    first, last = points.iloc[0], points.iloc[-1]
    description = (
        f"Line chart of Klarna's employees from about {first['employees']:,} in {first['as_of']} to "
        f"{last['employees']:,} in {last['as_of']}, falling throughout, with dashed lines at the hiring "
        "freeze, the launch of the AI assistant and the 2025 return to human agents; the fall continues "
        "after the reversal."
    )
    return narrow_with_source(
        chart, source_text(datasets, "Klarna statements as quoted by the press; press estimates"), description
    )


def staffing_explorer_chart(
    grid: pd.DataFrame,
    *,
    load_range: tuple[float, float, float],
    agents_range: tuple[int, int],
    default_load: float,
    default_agents: int,
    target_wait: float,
    source: str,
) -> alt.VConcatChart:
    """Interactive Erlang C explorer: service level against staffing at a chosen load.

    The chart draws the precomputed ``grid`` (:func:`ailayoffs.queueing.staffing_grid`);
    two sliders pick the load and the staffing, and the page filters the grid
    and prints the selected row without a kernel.

    Parameters
    ----------
    grid : DataFrame
        Erlang C measures for every tabulated (load, agents) pair.
    load_range : (min, max, step)
        Slider range of the load in erlangs; must match the grid's loads.
    agents_range : (min, max)
        Slider range of the staffing.
    default_load, default_agents : float, int
        Starting positions of the sliders.
    target_wait : float
        Target answer time (multiples of the handle time) used in the grid, for the labels.
    source : str
        Source line (the model and its reference; the grid holds no data).
    """
    load = alt.param(
        name="load",
        value=default_load,
        bind=alt.binding_range(
            min=load_range[0], max=load_range[1], step=load_range[2], name="Offered load (erlangs): "
        ),
    )
    agents = alt.param(
        name="agents",
        value=default_agents,
        bind=alt.binding_range(min=agents_range[0], max=agents_range[1], step=1, name="Agents on duty: "),
    )
    base = alt.Chart(grid).transform_filter("abs(datum.load_erlangs - load) < 1e-6")
    x = alt.X("agents:Q", title="Agents on duty", scale=alt.Scale(domain=list(agents_range)))
    curve = base.mark_line(color=PALETTE[0], point=True).encode(
        x=x,
        y=alt.Y("service_level_pct:Q", title="Calls answered within target (%)", scale=alt.Scale(domain=[0, 100])),
        tooltip=[
            alt.Tooltip("agents:Q", title="Agents"),
            alt.Tooltip("load_erlangs:Q", title="Load (erlangs)"),
            alt.Tooltip("service_level_pct:Q", title="Answered within target (%)", format=".1f"),
            alt.Tooltip("p_wait_pct:Q", title="Calls that wait (%)", format=".1f"),
            alt.Tooltip("mean_wait_handle_times:Q", title="Mean wait (handle times)", format=".2f"),
            alt.Tooltip("occupancy_pct:Q", title="Occupancy (%)", format=".1f"),
        ],
    )
    wait = base.mark_line(color=PALETTE[1], strokeDash=[5, 3]).encode(x=x, y="p_wait_pct:Q")
    staff_rule = (
        alt.Chart(pd.DataFrame({"dummy": [0]}))
        .mark_rule(color="#000")
        .encode(
            x=alt.X("agents_value:Q"),
        )
        .transform_calculate(agents_value="agents")
    )
    chosen = base.transform_filter("datum.agents == agents")
    readout = chosen.transform_calculate(
        line1=(
            "datum.stable ? format(datum.service_level_pct, '.1f') + ' % answered within target' : "
            "'Overloaded: load at or above staffing'"
        ),
        line2=(
            "datum.stable ? format(datum.p_wait_pct, '.1f') + ' % wait; mean wait ' + "
            "format(datum.mean_wait_handle_times, '.2f') + ' handle times' : 'the queue grows without limit'"
        ),
        line3="'occupancy ' + format(datum.occupancy_pct, '.0f') + ' %'",
    )
    lines = [
        readout.mark_text(align="left", baseline="top", fontSize=12, fontWeight="bold" if i == 0 else "normal").encode(
            x=alt.value(0), y=alt.value(-48 + 15 * i), text=f"line{i + 1}:N"
        )
        for i in range(3)
    ]
    chart = (
        alt.layer(curve, wait, staff_rule, *lines)
        .add_params(load, agents)
        .properties(
            width=NARROW,
            height=300,
            title=alt.Title(
                "Erlang C: staffing a service desk",
                subtitle=[
                    f"Solid: answered within {target_wait:g} handle times;",
                    "dashed: share that waits;",
                    "black line: the chosen staffing",
                ],
                offset=56,
            ),
        )
    )
    description = (
        "Interactive line chart of the Erlang C model: the share of calls answered within the target "
        "rises steeply with the number of agents once staffing exceeds the offered load; sliders set "
        "the load and the staffing, and a line of text reports the service level, the share of calls "
        "that wait, the mean wait and the occupancy for the chosen pair."
    )
    return narrow_with_source(chart, source, description)


def shock_chart(table: pd.DataFrame, *, agents: int, source: str) -> alt.VConcatChart:
    """Mean wait of a fixed team as demand rises (output of :func:`ailayoffs.queueing.demand_shock`)."""
    frame = table.assign(
        wait=table["mean_wait_handle_times"].where(table["mean_wait_handle_times"] != float("inf")),
        status=table["mean_wait_handle_times"].map(lambda w: "overloaded" if w == float("inf") else "stable"),
    )
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("shock_pct:O", title=["Demand above the level", "the team was sized for (%)"]),
            y=alt.Y("service_level_pct:Q", title="Calls answered within target (%)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "status:N",
                title="Queue",
                scale=alt.Scale(domain=["stable", "overloaded"], range=[PALETTE[0], PALETTE[1]]),
            ),
            tooltip=[
                alt.Tooltip("shock_pct:Q", title="Demand shock (%)"),
                alt.Tooltip("load_erlangs:Q", title="Load (erlangs)", format=".1f"),
                alt.Tooltip("occupancy_pct:Q", title="Occupancy (%)", format=".1f"),
                alt.Tooltip("service_level_pct:Q", title="Answered within target (%)", format=".1f"),
                alt.Tooltip("wait:Q", title="Mean wait (handle times)", format=".2f"),
            ],
        )
    )
    chart = bars.properties(
        width=NARROW,
        height=260,
        title=alt.Title(
            f"The same {agents} agents under rising demand",
            subtitle=["Share of calls answered within the target;", "orange: load at or above staffing"],
        ),
    )
    description = (
        f"Bar chart of the share of calls a team of {agents} agents answers within the target as demand "
        "rises above the level it was sized for; the share falls faster with each step and reaches zero "
        "once the load equals the staffing."
    )
    return narrow_with_source(chart, source, description)
