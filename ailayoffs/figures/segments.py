"""Charts for the chapters on Amazon's double strategy and on its business model.

Every chart has a title, axis titles with units, tooltips giving the exact
value and where it comes from, a source line naming the data files and their
versions, and alt text (its ``description``). The frames are shaped here; the
arithmetic behind them is :mod:`ailayoffs.segments`, which the chapters also
use for the numbers they quote.

Chart contract (see the README, "The package"): each function takes the frames it
draws, computed by the model module of the same topic, and the dataset information it
cites (loaded frames' ``attrs["dataset"]`` or ``infos``) and returns a titled chart
above its source line, with alt text. Not yet kept here: the segment-mix, additions,
profit-carrier, business-line and index charts still derive their tables from the
loaded files with :mod:`ailayoffs.segments` instead of receiving them.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from .. import segments as sg
from ..charts import PALETTE, WIDTH, source_text, with_source
from ..data import DatasetInfo
from ..series import cagr_pct, wide_annual, yoy_growth_pct
from ._meta import dataset_file, source_titles

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


def _index_ratio(results: pd.DataFrame, headcount: pd.DataFrame, base: int) -> float:
    """Gross capex growth over headcount growth from ``base`` to the last year with both (for alt text)."""
    capex = wide_annual(results)["capex_purchases_ppe_gross"].dropna()
    people = headcount.set_index("year")["employees"].astype(float)
    last = int(min(capex.index.max(), people.index.max()))
    return float(sg.index_to_base(capex, base)[last] / sg.index_to_base(people, base)[last])


def _annual_long(results: pd.DataFrame, headcount: pd.DataFrame) -> pd.DataFrame:
    """Capex (both measures) and year-end headcount as one long frame for the index chart.

    The headcount rows are repeated for each capex measure, so that choosing a
    measure in the chart filters one complete set of series.
    """
    r_info, h_info = results.attrs["dataset"], headcount.attrs["dataset"]
    capex = results[results["metric"].isin(["capex_purchases_ppe_gross", "capex_purchases_ppe_net"])].assign(
        source=lambda d: source_titles(d, r_info)
    )
    capex = capex.assign(
        measure=capex["metric"].map(
            {"capex_purchases_ppe_gross": CAPEX_LABELS["gross"], "capex_purchases_ppe_net": CAPEX_LABELS["net"]}
        ),
        series="capital expenditure",
        value=capex["value"].astype(float),
        value_text=capex["value"].map(_usd_mn_text),
    )[["year", "measure", "series", "value", "value_text", "source", "basis"]]
    people = headcount.assign(
        source=source_titles(headcount, h_info),
        series="employees at year end",
        value=headcount["employees"].astype(float),
        value_text=headcount["employees"].map(_persons_text),
        basis="filing",
    )
    people = people[["year", "series", "value", "value_text", "source", "basis"]]
    repeated = pd.concat([people.assign(measure=label) for label in CAPEX_LABELS.values()])
    frame = pd.concat([capex, repeated], ignore_index=True)
    frame["year"] = frame["year"].astype(int)
    return frame


def indexed_capex_headcount_chart(
    results: pd.DataFrame,
    headcount: pd.DataFrame,
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
    results : DataFrame
        ``amazon_annual_results`` as loaded.
    headcount : DataFrame
        ``amazon_headcount_annual`` as loaded.
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
    frame = _annual_long(results, headcount)
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
    people = headcount.set_index("year")["employees"].astype(float)
    description = (
        f"Interactive line chart of Amazon's capital expenditure and its year-end headcount, {first} to {last}, "
        "both indexed to 100 in a base year the reader chooses, with a choice between gross capital "
        "expenditure and expenditure net of proceeds; headcount peaks in "
        f"{int(people.idxmax())}, and capital spending ends the series at "
        f"{_index_ratio(results, headcount, default_base):.1f} times the growth of headcount since "
        f"{default_base}."
    )
    source = source_text([results.attrs["dataset"], headcount.attrs["dataset"]], FILINGS)
    return with_source(chart, source, description)


def capex_per_employee_chart(
    annual: pd.DataFrame, quarterly: pd.DataFrame, infos: Sequence[DatasetInfo]
) -> alt.VConcatChart:
    """Capital expenditure per employee: calendar years (both measures) and trailing four quarters.

    Parameters
    ----------
    annual : DataFrame
        Output of :func:`ailayoffs.segments.capex_headcount_annual`.
    quarterly : DataFrame
        Output of :func:`ailayoffs.segments.capex_headcount_quarterly`.
    infos : sequence of DatasetInfo
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
                    "source": f"annual capex: {dataset_file(infos, 'amazon_annual_results')}; "
                    f"headcount at 31 December: {dataset_file(infos, 'amazon_headcount_annual')}",
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
                "source": f"quarterly capex summed: {dataset_file(infos, 'amazon_quarterly_results')}; "
                f"headcount at quarter end: {dataset_file(infos, 'amazon_headcount_quarterly')}",
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
    return with_source(chart, source_text(infos, FILINGS), description)


def quarterly_capex_headcount_chart(
    quarterly: pd.DataFrame,
    results: pd.DataFrame,
    headcount: pd.DataFrame,
    facts: pd.DataFrame,
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
    fact_source = source_titles(pd.DataFrame([fact]), facts.attrs["dataset"]).iloc[0]
    r_info, h_info = results.attrs["dataset"], headcount.attrs["dataset"]
    capex_rows = results[results["metric"] == "capex_purchases_ppe_gross"]
    capex_sources = pd.Series(
        (source_titles(capex_rows, r_info) + " [" + capex_rows["basis"] + "]").to_numpy(),
        index=capex_rows["period"].to_numpy(),
    )
    headcount_sources = pd.Series(
        (source_titles(headcount, h_info) + " [" + headcount["basis"] + "]").to_numpy(),
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
    infos = [r_info, h_info, facts.attrs["dataset"]]
    return with_source(chart, source_text(infos, FILINGS), description)


def additions_by_segment_chart(additions: pd.DataFrame) -> alt.VConcatChart:
    """Net additions to property and equipment by segment, stacked by year, with AWS's share.

    Parameters
    ----------
    additions : DataFrame
        ``amazon_ppe_additions_by_segment`` as loaded.
    """
    info = additions.attrs["dataset"]
    wide = wide_annual(additions)
    table = sg.additions_table(wide)
    shares = sg.additions_shares_pct(wide)
    titles = dict(
        zip(
            zip(additions["year"].astype(int), additions["metric"], strict=False),
            source_titles(additions, info),
            strict=False,
        )
    )
    rows = [
        {
            "year": int(year),
            "segment": name,
            "usd_bn": table.loc[year, key] / 1000,
            "value_usd_mn": table.loc[year, key],
            "share_pct": shares.loc[year, key],
            "source": titles[(int(year), f"{key}_ppe_net_additions")],
        }
        for year in table.index
        for key, name in sg.ADDITION_PARTS.items()
    ]
    frame = pd.DataFrame(rows)
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
    top_year = int(shares["aws"].idxmax())
    low_year = int(shares["aws"].idxmin())
    description = (
        f"Stacked bar chart of Amazon's net additions to property and equipment by segment, {first} to {last}, "
        f"in USD billion, with AWS's share of each year's additions; the share is lowest in {low_year} "
        f"and highest in {top_year}."
    )
    return with_source(chart, source_text([info], "Amazon annual reports (Form 10-K), segment note"), description)


# --------------------------------------------------------------------------
# Chapter: the business model
# --------------------------------------------------------------------------


def segment_mix_chart(results: pd.DataFrame, default_measure: str = "net_sales") -> alt.VConcatChart:
    """Net sales or operating income by segment, stacked by year; the reader switches the measure.

    Parameters
    ----------
    results : DataFrame
        ``amazon_annual_results`` as loaded.
    default_measure : {"net_sales", "operating_income"}
    """
    info = results.attrs["dataset"]
    wide = wide_annual(results)
    titles = source_titles(results, info)
    source = dict(zip(zip(results["year"].astype(int), results["metric"], strict=False), titles, strict=False))
    basis = dict(zip(zip(results["year"].astype(int), results["metric"], strict=False), results["basis"], strict=False))
    rows = []
    for measure, label in sg.SEGMENT_MEASURES.items():
        table = sg.segment_table(wide, measure).dropna()
        shares = sg.segment_shares_pct(wide, measure)
        for year in table.index:
            for key, name in sg.SEGMENT_NAMES.items():
                rows.append(
                    {
                        "year": int(year),
                        "measure": label,
                        "segment": name,
                        "usd_bn": table.loc[year, key] / 1000,
                        "value_usd_mn": table.loc[year, key],
                        "share_pct": shares.loc[year, key],
                        "total_usd_mn": table.loc[year, "total"],
                        "source": source[(int(year), f"{key}_{measure}")],
                        "basis": basis[(int(year), f"{key}_{measure}")],
                    }
                )
    frame = pd.DataFrame(rows)
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
    income = sg.segment_table(wide, "operating_income").dropna()
    aws_majority = int((100 * income["aws"] / income["total"] > 50).sum())
    intl_losses = int((income["intl"] < 0).sum())
    description = (
        f"Interactive stacked bar chart of Amazon's North America, International and AWS segments, {first} "
        f"to {last}, showing either net sales or operating income in USD billion with the company total "
        f"marked; North America has the largest sales, AWS earns more than half of the operating income in "
        f"{aws_majority} of {len(income)} years, and International loses money in {intl_losses} of them."
    )
    return with_source(chart, source_text([info], FILINGS), description)


def profit_carriers_chart(
    annual_results: pd.DataFrame, quarterly_results: pd.DataFrame, quarterly_wide: pd.DataFrame
) -> alt.VConcatChart:
    """Segment operating margins (top) and AWS's share of sales and of operating income (bottom).

    Parameters
    ----------
    annual_results, quarterly_results : DataFrame
        ``amazon_annual_results`` and ``amazon_quarterly_results`` as loaded.
    quarterly_wide : DataFrame
        ``wide_quarterly`` of the quarterly results.
    """
    annual_wide = wide_annual(annual_results)
    margins = sg.segment_margins_pct(annual_wide).rename(columns=sg.SEGMENT_NAMES | {"total": "Amazon total"})
    margin_rows = margins.reset_index().melt(id_vars="year", var_name="segment", value_name="margin_pct").dropna()
    incomes = sg.segment_table(annual_wide, "operating_income").rename(
        columns=sg.SEGMENT_NAMES | {"total": "Amazon total"}
    )
    sales = sg.segment_table(annual_wide, "net_sales").rename(columns=sg.SEGMENT_NAMES | {"total": "Amazon total"})
    margin_rows["income_usd_mn"] = [
        incomes.loc[y, s] for y, s in zip(margin_rows["year"], margin_rows["segment"], strict=False)
    ]
    margin_rows["sales_usd_mn"] = [
        sales.loc[y, s] for y, s in zip(margin_rows["year"], margin_rows["segment"], strict=False)
    ]

    def titled(frame: pd.DataFrame, period_field: str) -> dict:
        titles = source_titles(frame, frame.attrs["dataset"]) + " [" + frame["basis"] + "]"
        return dict(zip(zip(frame[period_field].astype(str), frame["metric"], strict=False), titles, strict=False))

    sources = {"calendar year": titled(annual_results, "year"), "quarter": titled(quarterly_results, "period")}
    keys = {name: key for key, name in sg.SEGMENT_NAMES.items()} | {"Amazon total": "total"}

    def metric(key: str, measure: str) -> str:
        return measure if key == "total" else f"{key}_{measure}"

    margin_rows["source"] = [
        "; ".join(
            dict.fromkeys(sources["calendar year"][(str(year), metric(keys[segment], m))] for m in sg.SEGMENT_MEASURES)
        )
        for year, segment in zip(margin_rows["year"], margin_rows["segment"], strict=False)
    ]
    share_rows = []
    for frequency, wide in (("calendar year", annual_wide), ("quarter", quarterly_wide)):
        for measure, label in sg.SEGMENT_MEASURES.items():
            shares = sg.segment_shares_pct(wide, measure)["aws"]
            table = sg.segment_table(wide, measure).loc[shares.index]
            for period, share in shares.items():
                date = (
                    pd.Timestamp(f"{int(period)}-07-01")
                    if frequency == "calendar year"
                    else period.start_time + (period.end_time - period.start_time) / 2
                )
                source = "; ".join(
                    dict.fromkeys(sources[frequency][(str(period), metric)] for metric in (f"aws_{measure}", measure))
                )
                share_rows.append(
                    {
                        "date": date.normalize(),
                        "period": str(period),
                        "frequency": frequency,
                        "series": f"AWS share of {label}",
                        "share_pct": share,
                        "aws_usd_mn": table.loc[period, "aws"],
                        "total_usd_mn": table.loc[period, "total"],
                        "source": source,
                    }
                )
    shares = pd.DataFrame(share_rows)

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
    infos = [annual_results.attrs["dataset"], quarterly_results.attrs["dataset"]]
    return with_source(chart, source_text(infos, FILINGS), description)


def business_lines_chart(
    annual_lines: pd.DataFrame, quarterly_lines: pd.DataFrame, start: int, end: int, quarter: str
) -> alt.VConcatChart:
    """Growth of net sales by line of business: compound annual growth and the latest quarter on a year earlier.

    Parameters
    ----------
    annual_lines, quarterly_lines : DataFrame
        ``amazon_net_sales_by_line_annual`` and ``..._quarterly`` as loaded.
    start, end : int
        Years of the compound growth rate.
    quarter : str
        Quarter whose growth on the same quarter a year earlier is shown.
    """
    cagr = cagr_pct(sg.line_table(annual_lines, "year"), start, end)
    annual = sg.line_table(annual_lines, "year")
    shares = sg.line_shares_pct(annual_lines, "year")
    q_table = sg.line_table(quarterly_lines, "period")
    q = pd.Period(quarter, freq="Q")
    yoy = q_table.apply(yoy_growth_pct)
    q_shares = sg.line_shares_pct(quarterly_lines, "period")
    rows = []
    for line in annual.columns:
        rows.append(
            {
                "line": line,
                "measure": f"{start}–{end}, compound % a year",
                "growth_pct": cagr[line],
                "from_text": f"{start}: " + _usd_mn_text(annual.loc[start, line]),
                "to_text": f"{end}: " + _usd_mn_text(annual.loc[end, line]),
                "share_pct": shares.loc[end, line],
                "share_of": str(end),
                "source": f"{annual_lines.attrs['dataset'].file} (Form 10-K for 2024)",
            }
        )
        rows.append(
            {
                "line": line,
                "measure": f"{quarter} on {q - 4}, %",
                "growth_pct": yoy.loc[q, line],
                "from_text": f"{q - 4}: " + _usd_mn_text(q_table.loc[q - 4, line]),
                "to_text": f"{q}: " + _usd_mn_text(q_table.loc[q, line]),
                "share_pct": q_shares.loc[q, line],
                "share_of": str(q),
                "source": f"{quarterly_lines.attrs['dataset'].file} (Q3 2025 earnings release)",
            }
        )
    frame = pd.DataFrame(rows)
    order = list(cagr.sort_values(ascending=False).index)
    measures = [f"{start}–{end}, compound % a year", f"{quarter} on {q - 4}, %"]
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
    infos = [annual_lines.attrs["dataset"], quarterly_lines.attrs["dataset"]]
    return with_source(chart, source_text(infos, "Amazon Form 10-K for 2024 and Q3 2025 earnings release"), description)
