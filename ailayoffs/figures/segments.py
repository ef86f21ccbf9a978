"""Charts for the chapters on Amazon's double strategy and on its business model.

Every chart has a title, axis titles with units, tooltips giving the exact
value and where it comes from, a source line naming the data files and their
versions, and alt text (its ``description``). The frames are shaped here; the
arithmetic behind them is :mod:`ailayoffs.segments`, which the chapters also
use for the numbers they quote.

Chart contract (see the README, "The package"): each function takes the frames it
draws, computed by the model module of the same topic (the ``*_long`` and ``*_rows``
functions of :mod:`ailayoffs.segments`), and the dataset information it cites as the
keyword ``datasets`` (a sequence of DatasetInfo) and returns a titled chart above its
source line, with alt text; it reads no frame's ``attrs`` and calls no model function.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from .. import segments as sg
from ..charts import PALETTE, WIDTH, source_text, with_source
from ..data import DatasetInfo
from ._meta import cited_sources, dataset_file, source_titles

__all__ = [
    "additions_by_segment_chart",
    "business_lines_chart",
    "capex_per_employee_chart",
    "indexed_capex_headcount_chart",
    "profit_carriers_chart",
    "quarterly_capex_headcount_chart",
    "segment_mix_chart",
]

FILINGS = "Amazon annual reports (Form 10-K), quarterly reports (10-Q) and earnings releases"
SEGMENT_COLOURS = alt.Scale(domain=list(sg.SEGMENT_NAMES.values()), range=[PALETTE[0], PALETTE[4], PALETTE[1]])
CAPEX_LABELS = {"gross": "gross purchases", "net": "net of proceeds and incentives"}


def _usd_mn_text(value: float) -> str:
    return f"USD {value:,.0f} million"


def _persons_text(value: float) -> str:
    return f"{value:,.0f} persons"


# --------------------------------------------------------------------------
# Chapter: the double strategy
# --------------------------------------------------------------------------


PER_EMPLOYEE_KINDS = {
    "gross": "calendar year, gross",
    "net": "calendar year, net of proceeds",
    "ttm": "last four quarters, gross",
}


def _index_ratio(frame: pd.DataFrame, base: int) -> float:
    """Gross capex growth over headcount growth from ``base`` to the last year with both (for alt text)."""
    gross = frame[frame["measure"] == "gross"]
    capex = gross[gross["series"] == "capital expenditure"].set_index("year")["value"].dropna()
    people = gross[gross["series"] == "employees at year end"].set_index("year")["value"]
    last = int(min(capex.index.max(), people.index.max()))
    return float((100.0 * capex / capex.loc[base])[last] / (100.0 * people / people.loc[base])[last])


def indexed_capex_headcount_chart(
    long: pd.DataFrame,
    *,
    datasets: Sequence[DatasetInfo],
    base_years: Sequence[int],
    default_base: int,
    default_measure: str = "gross",
) -> alt.VConcatChart:
    """Capital expenditure and year-end headcount, both indexed to a base year the reader picks.

    The index (100 in the base year) is computed in the browser from the
    chosen capex measure and base year, exactly as
    :func:`ailayoffs.segments.index_to_base` computes it in the chapter.

    Parameters
    ----------
    long : DataFrame
        Output of :func:`ailayoffs.segments.capex_headcount_long`.
    datasets : sequence of DatasetInfo
        ``amazon_annual_results`` and ``amazon_headcount_annual`` (source titles and line).
    base_years : sequence of int
        Years offered as base (years in which both capex measures and the
        headcount were sourced).
    default_base : int
        Base year shown first.
    default_measure : {"gross", "net"}
        Capex measure shown first.
    """
    if default_base not in base_years:
        raise ValueError(f"default base {default_base} is not among the offered base years")
    frame = long.assign(
        measure=long["measure"].map(CAPEX_LABELS),
        value_text=[
            _usd_mn_text(v) if series == "capital expenditure" else _persons_text(v)
            for v, series in zip(long["value"], long["series"], strict=False)
        ],
        source=pd.concat(
            [
                source_titles(long[long["series"] == "capital expenditure"], datasets, "amazon_annual_results"),
                source_titles(long[long["series"] != "capital expenditure"], datasets, "amazon_headcount_annual"),
            ]
        ),
    ).drop(columns="source_ref")
    measure = alt.param(
        name="capex_measure",
        value=CAPEX_LABELS[default_measure],
        bind=alt.binding_select(options=list(CAPEX_LABELS.values()), name="Capital expenditure: "),
    )
    base_year = alt.param(
        name="base_year",
        value=int(default_base),
        bind=alt.binding_select(options=[int(y) for y in base_years], name="Base year: "),
    )
    base = (
        alt.Chart(frame)
        .transform_filter("datum.measure == capex_measure")
        .transform_calculate(at_base="datum.year == base_year ? datum.value : null")
        .transform_joinaggregate(base_level="max(at_base)", groupby=["series"])
        .transform_filter("isValid(datum.base_level)")
        .transform_calculate(index="100 * datum.value / datum.base_level")
    )
    colours = alt.Scale(domain=["capital expenditure", "employees at year end"], range=[PALETTE[1], PALETTE[0]])
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False, padding=36))
    y = alt.Y("index:Q", title="Index (base year = 100)")
    lines = base.mark_line(strokeWidth=2.5).encode(x=x, y=y, color=alt.Color("series:N", scale=colours, title="Series"))
    points = base.mark_point(filled=True, size=60).encode(
        x=x,
        y=y,
        color=alt.Color("series:N", scale=colours, title="Series"),
        tooltip=[
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("series:N", title="Series"),
            alt.Tooltip("value_text:N", title="Value"),
            alt.Tooltip("index:Q", title="Index (base year = 100)", format=".1f"),
            alt.Tooltip("measure:N", title="Capex measure"),
            alt.Tooltip("basis:N", title="Read in"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    ends = (
        base.transform_joinaggregate(last_year="max(year)", groupby=["series"])
        .transform_filter("datum.year == datum.last_year")
        .transform_calculate(label="format(datum.index, '.0f')")
        .mark_text(align="left", dx=7, fontSize=12, fontWeight="bold")
        .encode(x=x, y=y, text="label:N", color=alt.Color("series:N", scale=colours, title="Series"))
        .properties(name="end_labels")
    )
    rule = alt.Chart(pd.DataFrame({"level": [100]})).mark_rule(color="#888", strokeDash=[4, 3]).encode(y="level:Q")
    chart = (
        alt.layer(rule, lines, points, ends)
        .add_params(measure, base_year)
        .properties(
            width=WIDTH,
            height=320,
            title=alt.Title(
                "Capital spending against headcount, indexed to a base year",
                subtitle=[
                    "Capital expenditure (calendar year) and employees at year end; each = 100 in the base year",
                    "Choose the capex measure and the base year below the chart; hover a point for the exact figure",
                ],
            ),
        )
    )
    first, last = int(frame["year"].min()), int(frame["year"].max())
    people = long[long["series"] == "employees at year end"].drop_duplicates("year").set_index("year")["value"]
    description = (
        f"Interactive line chart of Amazon's capital expenditure and its year-end headcount, {first} to {last}, "
        "both indexed to 100 in a base year the reader chooses, with a choice between gross capital "
        "expenditure and expenditure net of proceeds; headcount peaks in "
        f"{int(people.idxmax())}, and capital spending ends the series at "
        f"{_index_ratio(long, default_base):.1f} times the growth of headcount since "
        f"{default_base}."
    )
    return with_source(chart, source_text(datasets, FILINGS), description)


def capex_per_employee_chart(
    annual: pd.DataFrame, quarterly: pd.DataFrame, *, datasets: Sequence[DatasetInfo]
) -> alt.VConcatChart:
    """Capital expenditure per employee: calendar years (both measures) and trailing four quarters.

    Parameters
    ----------
    annual : DataFrame
        Output of :func:`ailayoffs.segments.capex_headcount_annual`.
    quarterly : DataFrame
        Output of :func:`ailayoffs.segments.capex_headcount_quarterly`.
    datasets : sequence of DatasetInfo
        The datasets the frames were built from, for the source line.
    """
    rows = []
    for measure in ("gross", "net"):
        part = annual.dropna(subset=[f"capex_{measure}_per_employee_usd"])
        for year, row in part.iterrows():
            rows.append(
                {
                    "date": pd.Timestamp(f"{int(year)}-12-31"),
                    "period": str(int(year)),
                    "kind": PER_EMPLOYEE_KINDS[measure],
                    "capex_text": _usd_mn_text(row[f"capex_{measure}_usd_mn"]),
                    "employees_text": _persons_text(row["employees"]),
                    "per_employee_usd_th": row[f"capex_{measure}_per_employee_usd"] / 1000,
                    "source": f"annual capex: {dataset_file(datasets, 'amazon_annual_results')}; "
                    f"headcount at 31 December: {dataset_file(datasets, 'amazon_headcount_annual')}",
                }
            )
    ttm = quarterly.dropna(subset=["capex_ttm_per_employee_usd"])
    for period, row in ttm.iterrows():
        rows.append(
            {
                "date": period.end_time.normalize(),
                "period": str(period),
                "kind": PER_EMPLOYEE_KINDS["ttm"],
                "capex_text": _usd_mn_text(row["capex_ttm_usd_mn"]) + f" ({period - 3} to {period})",
                "employees_text": _persons_text(row["employees"]),
                "per_employee_usd_th": row["capex_ttm_per_employee_usd"] / 1000,
                "source": f"quarterly capex summed: {dataset_file(datasets, 'amazon_quarterly_results')}; "
                f"headcount at quarter end: {dataset_file(datasets, 'amazon_headcount_quarterly')}",
            }
        )
    frame = pd.DataFrame(rows)
    kinds = list(PER_EMPLOYEE_KINDS.values())
    colours = alt.Scale(domain=kinds, range=[PALETTE[1], PALETTE[5], PALETTE[3]])
    highlight = alt.selection_point(fields=["kind"], bind="legend")
    years = range(int(frame["date"].dt.year.min()), int(frame["date"].dt.year.max()) + 1)
    x = alt.X(
        "date:T",
        title="End of period (ticks at 31 December of each year)",
        axis=alt.Axis(format="%Y", values=[alt.DateTime(year=y, month=12, date=31) for y in years]),
    )
    y = alt.Y(
        "per_employee_usd_th:Q", title="Capital expenditure per employee (thousand USD)", scale=alt.Scale(zero=True)
    )
    colour = alt.Color("kind:N", scale=colours, title="Capital expenditure over", legend=alt.Legend(columns=1))
    opacity = alt.condition(highlight, alt.value(1), alt.value(0.15))
    lines = alt.Chart(frame).mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, opacity=opacity)
    points = (
        alt.Chart(frame)
        .mark_point(filled=True, size=55)
        .encode(
            x=x,
            y=y,
            color=colour,
            opacity=opacity,
            shape=alt.Shape(
                "kind:N",
                scale=alt.Scale(domain=kinds, range=["circle", "square", "diamond"]),
                title="Capital expenditure over",
                legend=alt.Legend(columns=1),
            ),
            tooltip=[
                alt.Tooltip("period:N", title="Period ending"),
                alt.Tooltip("kind:N", title="Capex over"),
                alt.Tooltip("capex_text:N", title="Capital expenditure"),
                alt.Tooltip("employees_text:N", title="Employees at period end"),
                alt.Tooltip("per_employee_usd_th:Q", title="Per employee (thousand USD)", format=",.1f"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .add_params(highlight)
    )
    chart = alt.layer(lines, points).properties(
        width=WIDTH,
        height=300,
        title=alt.Title(
            "Capital expenditure per employee",
            subtitle=[
                "Capex of the period divided by employees at its end (thousand USD per person)",
                "Quarter-end points sum the last four quarters where all four were sourced;"
                " click a legend entry to highlight it",
            ],
        ),
    )
    low = frame[frame["kind"] != PER_EMPLOYEE_KINDS["ttm"]].nsmallest(1, "per_employee_usd_th").iloc[0]
    high = frame.nlargest(1, "per_employee_usd_th").iloc[0]
    description = (
        "Line chart of Amazon's capital expenditure per employee in thousand US dollars, by calendar year "
        "for gross and net capex and for the last four quarters at quarter ends; the annual ratio is "
        f"lowest in {low['period']} and the series peaks in the period ending {high['period']}."
    )
    return with_source(chart, source_text(datasets, FILINGS), description)


def quarterly_capex_headcount_chart(
    quarterly: pd.DataFrame,
    results: pd.DataFrame,
    headcount: pd.DataFrame,
    facts: pd.DataFrame,
    *,
    datasets: Sequence[DatasetInfo],
    severance_fact: str,
    first: str,
) -> alt.VConcatChart:
    """Quarterly gross capex (with the severance charge beside it) above quarter-end headcount.

    Parameters
    ----------
    quarterly : DataFrame
        Output of :func:`ailayoffs.segments.capex_headcount_quarterly`.
    results, headcount, facts : DataFrame
        ``amazon_quarterly_results``, ``amazon_headcount_quarterly`` and
        ``amazon_workforce_facts`` as loaded (for the sources of each figure).
    datasets : sequence of DatasetInfo
        The three datasets (source titles and the source line).
    severance_fact : str
        ``fact_id`` of the severance charge (USD billion), drawn beside the
        capex of the quarter in which it was booked (its ``as_of`` date).
    first : str
        First quarter to show, e.g. ``"2023Q1"``; every quarter from there to
        the last with a figure is on the axis, so unsourced quarters show as gaps.
    """
    fact = facts.set_index("fact_id").loc[severance_fact]
    if fact["unit"] != "USD billion":
        raise ValueError(f"{severance_fact} is in {fact['unit']}, not USD billion")
    severance_usd_bn = float(fact["value"])
    severance_period = str(pd.Period(fact["as_of"], freq="Q"))
    fact_source = source_titles(pd.DataFrame([fact]), datasets, "amazon_workforce_facts").iloc[0]
    capex_rows = results[results["metric"] == "capex_purchases_ppe_gross"]
    capex_sources = pd.Series(
        (source_titles(capex_rows, datasets, "amazon_quarterly_results") + " [" + capex_rows["basis"] + "]").to_numpy(),
        index=capex_rows["period"].to_numpy(),
    )
    headcount_sources = pd.Series(
        (source_titles(headcount, datasets, "amazon_headcount_quarterly") + " [" + headcount["basis"] + "]").to_numpy(),
        index=headcount["period"].to_numpy(),
    )
    table = quarterly.loc[pd.Period(first, freq="Q") :].dropna(how="all", subset=["capex_gross_usd_mn", "employees"])
    quarters = [str(p) for p in pd.period_range(pd.Period(first, freq="Q"), table.index.max(), freq="Q")]
    capex = table.dropna(subset=["capex_gross_usd_mn"])
    bars = pd.DataFrame(
        {
            "quarter": [str(p) for p in capex.index],
            "item": "capital expenditure (gross)",
            "usd_bn": capex["capex_gross_usd_mn"].to_numpy() / 1000,
            "value_text": capex["capex_gross_usd_mn"].map(_usd_mn_text).to_numpy(),
            "source": [capex_sources.get(str(p), "") for p in capex.index],
        }
    )
    bars = pd.concat(
        [
            bars,
            pd.DataFrame(
                {
                    "quarter": [severance_period],
                    "item": ["estimated severance costs"],
                    "usd_bn": [severance_usd_bn],
                    "value_text": [f"{fact['qualifier']} USD {severance_usd_bn:.1f} billion"],
                    "source": [fact_source],
                }
            ),
        ],
        ignore_index=True,
    )
    people = table.dropna(subset=["employees"])
    line = pd.DataFrame(
        {
            "quarter": [str(p) for p in people.index],
            "employees_mn": people["employees"].to_numpy() / 1e6,
            "value_text": people["employees"].map(_persons_text).to_numpy(),
            "source": [headcount_sources.get(str(p), "") for p in people.index],
        }
    )
    x = alt.X("quarter:O", title="Quarter", scale=alt.Scale(domain=quarters), axis=alt.Axis(labelAngle=0))
    items = alt.Scale(
        domain=["capital expenditure (gross)", "estimated severance costs"], range=[PALETTE[1], "#333333"]
    )
    top = (
        alt.Chart(bars)
        .mark_bar()
        .encode(
            x=x,
            xOffset=alt.XOffset("item:N", scale=alt.Scale(domain=items.domain)),
            y=alt.Y("usd_bn:Q", title="USD billion in the quarter"),
            color=alt.Color("item:N", scale=items, title=None),
            tooltip=[
                alt.Tooltip("quarter:N", title="Quarter"),
                alt.Tooltip("item:N", title="Item"),
                alt.Tooltip("value_text:N", title="Amount"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    # Written upwards from the top of the severance bar, in the half of the band the capex bar leaves free.
    severance_label = (
        alt.Chart(bars[bars["item"] == "estimated severance costs"])
        .mark_text(angle=270, align="left", baseline="middle", dx=4, fontSize=11, color="#333")
        .encode(
            x=x,
            xOffset=alt.XOffset("item:N", scale=alt.Scale(domain=items.domain)),
            y=alt.Y("usd_bn:Q"),
            text=alt.value(f"severance: USD {severance_usd_bn:.1f} bn"),
        )
    )
    top = alt.layer(top, severance_label).properties(width=WIDTH, height=220)
    bottom = (
        alt.Chart(line)
        .mark_line(point=alt.OverlayMarkDef(size=60, filled=True), color=PALETTE[0])
        .encode(
            x=x,
            y=alt.Y("employees_mn:Q", title="Employees (million persons)", scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("quarter:N", title="Quarter"),
                alt.Tooltip("value_text:N", title="Employees at quarter end"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .properties(width=WIDTH, height=150)
    )
    chart = alt.vconcat(top, bottom, spacing=14).properties(
        title=alt.Title(
            "Quarter by quarter: capital spending up, headcount flat",
            subtitle=[
                "Top: gross purchases of property and equipment, with the severance charge of "
                f"{severance_period} beside that quarter's capex (USD billion)",
                "Bottom: employees at quarter end; a quarter without a bar or point was not sourced",
            ],
        )
    )
    description = (
        f"Two-panel chart from {quarters[0]} to {quarters[-1]}: bars of Amazon's quarterly gross capital "
        f"expenditure, from USD {bars['usd_bn'].iloc[0]:.1f} billion to {capex['capex_gross_usd_mn'].iloc[-1] / 1000:.1f} "
        f"billion, with the severance charge of {severance_period} (USD {severance_usd_bn:.1f} billion) beside "
        f"that quarter's bar, above a line of quarter-end headcount between {people['employees'].min():,.0f} and "
        f"{people['employees'].max():,.0f} employees."
    )
    return with_source(chart, source_text(datasets, FILINGS), description)


def additions_by_segment_chart(additions: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """Net additions to property and equipment by segment, stacked by year, with AWS's share.

    Parameters
    ----------
    additions : DataFrame
        Output of :func:`ailayoffs.segments.additions_long`.
    datasets : sequence of DatasetInfo
        ``amazon_ppe_additions_by_segment`` (source titles and the source line).
    """
    frame = additions.assign(source=source_titles(additions, datasets)).drop(columns="source_ref")
    parts = list(sg.ADDITION_PARTS.values())
    colours = alt.Scale(domain=parts, range=[PALETTE[0], PALETTE[4], PALETTE[1], "#999999"])
    pick = alt.selection_point(fields=["segment"], bind="legend")
    x = alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0))
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("usd_bn:Q", title="Net additions to property and equipment (USD billion)"),
            color=alt.Color("segment:N", scale=colours, title="Segment"),
            order=alt.Order("segment_order:Q"),
            opacity=alt.condition(pick, alt.value(1), alt.value(0.25)),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("segment:N", title="Segment"),
                alt.Tooltip("value_usd_mn:Q", title="USD million", format=",.0f"),
                alt.Tooltip("share_pct:Q", title="Share of Amazon's additions (%)", format=".1f"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .transform_calculate(segment_order=f"indexof({parts!r}, datum.segment)")
        .add_params(pick)
    )
    aws = frame[frame["segment"] == "AWS"].assign(label=lambda d: d["share_pct"].map("{:.0f} %".format))
    labels = (
        alt.Chart(aws)
        .mark_text(dy=-6, fontSize=10, color=PALETTE[1], fontWeight="bold")
        .encode(x=x, y=alt.value(0), text="label:N")
    )
    chart = alt.layer(bars, labels).properties(
        width=WIDTH,
        height=300,
        title=alt.Title(
            "Where the new capital goes: additions to property and equipment by segment",
            subtitle=[
                "USD billion per year; figures along the top: AWS's share of the year's additions",
                "Technology infrastructure is allocated to the segments by usage, most of it to AWS",
                "Click a legend entry to highlight a segment",
            ],
        ),
    )
    first, last = int(frame["year"].min()), int(frame["year"].max())
    aws_share = frame[frame["segment"] == sg.SEGMENT_NAMES["aws"]].set_index("year")["share_pct"]
    top_year = int(aws_share.idxmax())
    low_year = int(aws_share.idxmin())
    description = (
        f"Stacked bar chart of Amazon's net additions to property and equipment by segment, {first} to {last}, "
        f"in USD billion, with AWS's share of each year's additions; the share is lowest in {low_year} "
        f"and highest in {top_year}."
    )
    return with_source(chart, source_text(datasets, "Amazon annual reports (Form 10-K), segment note"), description)


# --------------------------------------------------------------------------
# Chapter: the business model
# --------------------------------------------------------------------------


def segment_mix_chart(
    mix: pd.DataFrame, *, datasets: Sequence[DatasetInfo], default_measure: str = "net_sales"
) -> alt.VConcatChart:
    """Net sales or operating income by segment, stacked by year; the reader switches the measure.

    Parameters
    ----------
    mix : DataFrame
        Output of :func:`ailayoffs.segments.segment_mix_long`.
    datasets : sequence of DatasetInfo
        ``amazon_annual_results`` (source titles and the source line).
    default_measure : {"net_sales", "operating_income"}
    """
    frame = mix.assign(source=source_titles(mix, datasets)).drop(columns="source_ref")
    totals = frame.drop_duplicates(["year", "measure"])[["year", "measure", "total_usd_mn", "source"]].assign(
        usd_bn=lambda d: d["total_usd_mn"] / 1000, item="Amazon total"
    )
    pick = alt.param(
        name="measure",
        value=sg.SEGMENT_MEASURES[default_measure],
        bind=alt.binding_select(options=list(sg.SEGMENT_MEASURES.values()), name="Show: "),
    )
    x = alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0))
    y = alt.Y("usd_bn:Q", title="USD billion (calendar year)", stack="zero")
    bars = (
        alt.Chart(frame)
        .transform_filter("datum.measure == measure")
        .mark_bar()
        .encode(
            x=x,
            y=y,
            color=alt.Color("segment:N", scale=SEGMENT_COLOURS, title="Segment"),
            order=alt.Order("segment_order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("segment:N", title="Segment"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("value_usd_mn:Q", title="USD million", format=",.0f"),
                alt.Tooltip("share_pct:Q", title="Share of Amazon's total (%)", format=".1f"),
                alt.Tooltip("basis:N", title="Read in"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .transform_calculate(segment_order="indexof(['North America', 'International', 'AWS'], datum.segment)")
    )
    total = (
        alt.Chart(totals)
        .transform_filter("datum.measure == measure")
        .mark_point(shape="diamond", size=90, filled=True, color="#111")
        .encode(
            x=x,
            y=alt.Y("usd_bn:Q"),
            shape=alt.Shape("item:N", title=None, scale=alt.Scale(range=["diamond"])),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("item:N", title="Item"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("total_usd_mn:Q", title="USD million", format=",.0f"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"level": [0]})).mark_rule(color="#666").encode(y="level:Q")
    chart = (
        alt.layer(bars, zero, total)
        .add_params(pick)
        .resolve_scale(shape="independent")
        .properties(
            width=WIDTH,
            height=320,
            title=alt.Title(
                "Amazon's segments: net sales or operating income by year",
                subtitle=[
                    "Stacked by segment (USD billion); losses stack below zero; diamond: Amazon's total",
                    "Switch between net sales and operating income below; hover for exact figures and shares",
                ],
            ),
        )
    )
    first, last = int(frame["year"].min()), int(frame["year"].max())
    income = frame[frame["measure"] == sg.SEGMENT_MEASURES["operating_income"]]
    income = income.pivot(index="year", columns="segment", values="value_usd_mn").join(
        income.drop_duplicates("year").set_index("year")["total_usd_mn"]
    )
    aws_majority = int((100 * income[sg.SEGMENT_NAMES["aws"]] / income["total_usd_mn"] > 50).sum())
    intl_losses = int((income[sg.SEGMENT_NAMES["intl"]] < 0).sum())
    description = (
        f"Interactive stacked bar chart of Amazon's North America, International and AWS segments, {first} "
        f"to {last}, showing either net sales or operating income in USD billion with the company total "
        f"marked; North America has the largest sales, AWS earns more than half of the operating income in "
        f"{aws_majority} of {len(income)} years, and International loses money in {intl_losses} of them."
    )
    return with_source(chart, source_text(datasets, FILINGS), description)


def profit_carriers_chart(
    margins: pd.DataFrame, shares: pd.DataFrame, *, datasets: Sequence[DatasetInfo]
) -> alt.VConcatChart:
    """Segment operating margins (top) and AWS's share of sales and of operating income (bottom).

    Parameters
    ----------
    margins : DataFrame
        Output of :func:`ailayoffs.segments.segment_margin_rows`.
    shares : DataFrame
        Output of :func:`ailayoffs.segments.aws_share_rows`.
    datasets : sequence of DatasetInfo
        ``amazon_annual_results`` and ``amazon_quarterly_results`` (source titles and line).
    """
    annual = "amazon_annual_results"
    margin_rows = margins.assign(source=cited_sources(margins, datasets, annual)).drop(columns="cited")
    by_year = shares["frequency"] == "calendar year"
    shares = shares.assign(
        source=pd.concat(
            [
                cited_sources(shares[by_year], datasets, annual),
                cited_sources(shares[~by_year], datasets, "amazon_quarterly_results"),
            ]
        )
    ).drop(columns="cited")

    colours = alt.Scale(
        domain=list(sg.SEGMENT_NAMES.values()) + ["Amazon total"], range=[PALETTE[0], PALETTE[4], PALETTE[1], "#111111"]
    )
    pick = alt.selection_point(fields=["segment"], bind="legend")
    top_x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False))
    top = (
        alt.Chart(margin_rows)
        .mark_line(point=alt.OverlayMarkDef(size=40, filled=True), strokeWidth=2)
        .encode(
            x=top_x,
            y=alt.Y("margin_pct:Q", title="Operating margin (% of segment net sales)"),
            color=alt.Color("segment:N", scale=colours, title="Segment"),
            opacity=alt.condition(pick, alt.value(1), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("segment:N", title="Segment"),
                alt.Tooltip("margin_pct:Q", title="Operating margin (%)", format=".1f"),
                alt.Tooltip("income_usd_mn:Q", title="Operating income (USD million)", format=",.0f"),
                alt.Tooltip("sales_usd_mn:Q", title="Net sales (USD million)", format=",.0f"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .add_params(pick)
        .properties(width=WIDTH, height=220)
    )
    zero = alt.Chart(pd.DataFrame({"level": [0]})).mark_rule(color="#666").encode(y="level:Q")

    series = alt.Scale(
        domain=["AWS share of net sales", "AWS share of operating income"], range=[PALETTE[5], PALETTE[1]]
    )
    bottom_x = alt.X(
        "date:T",
        title="Year (annual points mid-year; quarters at mid-quarter)",
        axis=alt.Axis(format="%Y", tickCount="year"),
    )
    bottom_y = alt.Y("share_pct:Q", title="AWS share of Amazon's total (%)")
    annual_line = (
        alt.Chart(shares[shares["frequency"] == "calendar year"])
        .mark_line(strokeWidth=2)
        .encode(x=bottom_x, y=bottom_y, color=alt.Color("series:N", scale=series, title="Series"))
    )
    dots = (
        alt.Chart(shares)
        .mark_point(filled=True, size=55, opacity=0.9)
        .encode(
            x=bottom_x,
            y=bottom_y,
            color=alt.Color("series:N", scale=series, title="Series"),
            shape=alt.Shape(
                "frequency:N",
                scale=alt.Scale(domain=["calendar year", "quarter"], range=["circle", "triangle-up"]),
                title="Period",
            ),
            tooltip=[
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("share_pct:Q", title="Share (%)", format=".1f"),
                alt.Tooltip("aws_usd_mn:Q", title="AWS (USD million)", format=",.0f"),
                alt.Tooltip("total_usd_mn:Q", title="Amazon total (USD million)", format=",.0f"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    guides = (
        alt.Chart(pd.DataFrame({"level": [50, 100]})).mark_rule(color="#888", strokeDash=[4, 3]).encode(y="level:Q")
    )
    bottom = alt.layer(guides, annual_line, dots).properties(width=WIDTH, height=230)
    chart = (
        alt.vconcat(alt.layer(zero, top), bottom, spacing=16)
        .resolve_scale(color="independent")
        .properties(
            title=alt.Title(
                "Which segment carries the profit?",
                subtitle=[
                    "Top: operating income in % of each segment's net sales, by calendar year "
                    "(click a legend entry to highlight a segment)",
                    "Bottom: AWS's share of Amazon's net sales and operating income, by year (line) and quarter;",
                    "above the dashed line at 100 the other segments together lost money",
                ],
            )
        )
    )
    income_share = shares[shares["series"] == "AWS share of operating income"]
    sales_share = shares[shares["series"] == "AWS share of net sales"]
    description = (
        "Two-panel chart: operating margins of Amazon's North America, International and AWS segments by "
        "year, with AWS far above the retail segments; and AWS's share of Amazon's net sales (at most "
        f"{sales_share['share_pct'].max():.0f} %) against its share of operating income (between "
        f"{income_share['share_pct'].min():.0f} % and {income_share['share_pct'].max():.0f} %, above 100 % when "
        "the retail segments lost money), by year and by quarter."
    )
    return with_source(chart, source_text(datasets, FILINGS), description)


#: Where each frequency of the business-line figures was read, for the tooltips.
LINE_DATASETS = {
    "annual": ("amazon_net_sales_by_line_annual", "Form 10-K for 2024"),
    "quarterly": ("amazon_net_sales_by_line_quarterly", "Q3 2025 earnings release"),
}


def business_lines_chart(
    growth: pd.DataFrame, *, datasets: Sequence[DatasetInfo], start: int, end: int, quarter: str
) -> alt.VConcatChart:
    """Growth of net sales by line of business: compound annual growth and the latest quarter on a year earlier.

    Parameters
    ----------
    growth : DataFrame
        Output of :func:`ailayoffs.segments.business_line_growth` for ``start``, ``end`` and ``quarter``.
    datasets : sequence of DatasetInfo
        ``amazon_net_sales_by_line_annual`` and ``..._quarterly``.
    start, end : int
        Years of the compound growth rate.
    quarter : str
        Quarter whose growth on the same quarter a year earlier is shown.
    """
    cited = {frequency: f"{dataset_file(datasets, name)} ({note})" for frequency, (name, note) in LINE_DATASETS.items()}
    frame = growth.assign(
        from_text=growth["from_period"] + ": " + growth["from_usd_mn"].map(_usd_mn_text),
        to_text=growth["to_period"] + ": " + growth["to_usd_mn"].map(_usd_mn_text),
        source=growth["frequency"].map(cited),
    )[["line", "measure", "growth_pct", "from_text", "to_text", "share_pct", "share_of", "source"]]
    measures = list(dict.fromkeys(frame["measure"]))
    cagr = frame[frame["measure"] == measures[0]].set_index("line")["growth_pct"]
    order = list(cagr.sort_values(ascending=False).index)
    colours = alt.Scale(domain=measures, range=[PALETTE[0], PALETTE[1]])
    pick = alt.selection_point(fields=["measure"], bind="legend")
    # Row labels sit above each row (no axis labels), so the plot and the source line share a left edge.
    y = alt.Y("line:N", sort=order, title=None, axis=None, scale=alt.Scale(padding=0.8))
    row_labels = (
        alt.Chart(pd.DataFrame({"line": order}))
        .mark_text(align="left", baseline="bottom", dy=-9, fontSize=11, color="#222")
        .encode(y=y, x=alt.value(0), text="line:N")
    )
    rules = alt.Chart(frame).mark_rule(color="#ccc").encode(y=y, x="min(growth_pct):Q", x2="max(growth_pct):Q")
    dots = (
        alt.Chart(frame)
        .mark_point(filled=True, size=130)
        .encode(
            y=y,
            x=alt.X("growth_pct:Q", title="Growth of net sales (%)"),
            color=alt.Color("measure:N", scale=colours, title="Growth"),
            shape=alt.Shape("measure:N", scale=alt.Scale(domain=measures, range=["circle", "diamond"]), title="Growth"),
            opacity=alt.condition(pick, alt.value(1), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("line:N", title="Line of business"),
                alt.Tooltip("measure:N", title="Growth"),
                alt.Tooltip("growth_pct:Q", title="Growth (%)", format=".1f"),
                alt.Tooltip("from_text:N", title="From"),
                alt.Tooltip("to_text:N", title="To"),
                alt.Tooltip("share_pct:Q", title="Share of net sales in the later period (%)", format=".1f"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .add_params(pick)
    )
    chart = alt.layer(rules, dots, row_labels).properties(
        width=WIDTH,
        height=44 * len(order),
        title=alt.Title(
            "Which lines of business grow fastest?",
            subtitle=[
                f"Net sales growth by line: compound rate {start}–{end} and {quarter} on a year earlier",
                "Sorted by the compound rate; hover for the sales figures and each line's share;"
                " click a legend entry to highlight",
            ],
        ),
    )
    description = (
        f"Dot plot of the growth of Amazon's net sales by line of business: compound annual growth from "
        f"{start} to {end} and growth in {quarter} on a year earlier; {order[0]} grows fastest "
        f"({cagr[order[0]]:.1f} % a year), {order[-1]} slowest ({cagr[order[-1]]:.1f} %)."
    )
    return with_source(
        chart, source_text(datasets, "Amazon Form 10-K for 2024 and Q3 2025 earnings release"), description
    )
