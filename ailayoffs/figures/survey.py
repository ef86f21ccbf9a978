"""Charts for the chapter on AI as a catalyst: survey shares, implied jobs, adoption and exposure.

Chart contract (see the README, "The package"): each function takes the frames it
draws, computed by the model module of the same topic, and the dataset information it
cites as the keyword ``datasets`` (a sequence of DatasetInfo) and returns a titled
chart above its source line, with alt text; it reads no frame's ``attrs`` and calls no
model function.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import PALETTE, WIDTH, source_text, with_source
from ..data import DatasetInfo
from ._meta import source_titles

__all__ = [
    "adoption_chart",
    "adoption_expectation_chart",
    "exposure_chart",
    "expectations_chart",
    "implied_jobs_chart",
    "occupations_chart",
]

#: The datasets whose rows the multi-dataset charts title (source ids are unique only within a dataset).
IFO, BITKOM, EXPOSURE = "ifo_ai_job_expectations_2025", "bitkom_ai_job_expectations_2025", "ai_exposure_estimates"
KIND_ORDER = ["sensitivity band (n not published)", "confidence interval (n published)"]
LEVEL_COLOURS = {"economy": "#1b3a5c", "sector": PALETTE[0], "sub-sector": PALETTE[5], "other survey": PALETTE[1]}


def _row_axis(order: list[str]) -> alt.Y:
    """A band axis without labels: row labels are drawn above each bar (see :func:`_row_labels`),
    so the plot starts at the chart's left edge and the source line lines up with it."""
    return alt.Y("label:N", sort=order, title=None, axis=None, scale=alt.Scale(paddingInner=0.5, paddingOuter=0.5))


def _row_labels(frame: pd.DataFrame, order: list[str], bar_height: int) -> alt.Chart:
    """Each row's label, left-aligned just above its bar."""
    return (
        alt.Chart(frame)
        .mark_text(align="left", baseline="bottom", dy=-(bar_height / 2 + 2), fontSize=11, color="#222")
        .encode(y=_row_axis(order), x=alt.value(0), text="label:N")
    )


def _label(row) -> str:
    return f"{row['sector_en']} (part of trade)" if row["level"] == "sub-sector" else row["sector_en"]


# --------------------------------------------------------------------------
# 1. Shares of firms expecting cuts, with intervals
# --------------------------------------------------------------------------


def expectations_chart(
    ifo: pd.DataFrame, bitkom: pd.DataFrame | None = None, *, datasets: Sequence[DatasetInfo]
) -> alt.VConcatChart:
    """Share of firms expecting AI to cut jobs, by sector, sorted, with interval whiskers.

    Parameters
    ----------
    ifo : DataFrame
        ``ifo_ai_job_expectations_2025`` passed through
        :func:`ailayoffs.survey.share_intervals` (share column ``fewer_jobs_pct``).
    bitkom : DataFrame, optional
        The Bitkom row(s) of firms expecting fewer jobs, passed through
        ``share_intervals``, drawn below the ifo sectors for comparison.
    datasets : sequence of DatasetInfo
        The ifo dataset and, with ``bitkom``, the Bitkom dataset.
    """
    rows = ifo.assign(
        label=ifo.apply(_label, axis=1),
        group=ifo["level"],
        survey="ifo business survey 2025",
        source=source_titles(ifo, datasets, IFO),
    ).sort_values("share_pct", ascending=False)
    frames = [rows]
    if bitkom is not None and len(bitkom):
        frames.append(
            bitkom.assign(
                label="Bitkom 2025: firms with 20+ employees",
                group="other survey",
                survey="Bitkom survey 2025",
                source=source_titles(bitkom, datasets, BITKOM),
            )
        )
    keep = [
        "label",
        "group",
        "survey",
        "share_pct",
        "low_pct",
        "high_pct",
        "narrow_low_pct",
        "narrow_high_pct",
        "interval_kind",
        "n_low",
        "n_high",
        "source",
    ]
    frame = pd.concat([f[keep] for f in frames], ignore_index=True)
    frame["kind"] = frame["interval_kind"].map(
        {"sensitivity band": KIND_ORDER[0], "confidence interval": KIND_ORDER[1]}
    )
    frame["n_text"] = frame.apply(
        lambda r: f"{r.n_low:,}" if r.n_low == r.n_high else f"{r.n_low:,} to {r.n_high:,} (assumed)", axis=1
    )
    order = list(frame["label"])

    y = _row_axis(order)
    x_scale = alt.Scale(domain=[0, 50])
    tooltip = [
        alt.Tooltip("label:N", title="Group"),
        alt.Tooltip("survey:N", title="Survey"),
        alt.Tooltip("share_pct:Q", title="Firms expecting fewer jobs (%)", format=".1f"),
        alt.Tooltip("low_pct:Q", title="Interval from (%)", format=".1f"),
        alt.Tooltip("high_pct:Q", title="Interval to (%)", format=".1f"),
        alt.Tooltip("kind:N", title="Interval"),
        alt.Tooltip("n_text:N", title="Sample size (firms)"),
        alt.Tooltip("source:N", title="Source"),
    ]
    bars = (
        alt.Chart(frame)
        .mark_bar(height=16, opacity=0.85)
        .encode(
            y=y,
            x=alt.X(
                "share_pct:Q",
                title="Firms expecting AI to cut jobs (percent of firms)",
                scale=x_scale,
                axis=alt.Axis(tickCount=10),
            ),
            color=alt.Color(
                "group:N",
                title="Row",
                scale=alt.Scale(domain=list(LEVEL_COLOURS), range=list(LEVEL_COLOURS.values())),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            tooltip=tooltip,
        )
    )
    whisker = (
        alt.Chart(frame)
        .mark_rule(strokeWidth=1.5)
        .encode(
            y=y,
            x="low_pct:Q",
            x2="high_pct:Q",
            strokeDash=alt.StrokeDash(
                "kind:N",
                title="Whisker",
                scale=alt.Scale(domain=KIND_ORDER, range=[[4, 2], [1, 0]]),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
            ),
            color=alt.value("#222"),
            tooltip=tooltip,
        )
    )
    core = (
        alt.Chart(frame)
        .mark_rule(strokeWidth=5, color="#222", opacity=0.6)
        .encode(y=y, x="narrow_low_pct:Q", x2="narrow_high_pct:Q", tooltip=tooltip)
    )
    labels = (
        alt.Chart(frame)
        .mark_text(align="left", dx=5, fontSize=11, color="#222")
        .encode(y=y, x="high_pct:Q", text=alt.Text("share_pct:Q", format=".1f"))
    )
    n_low, n_high = int(rows["n_low"].iloc[0]), int(rows["n_high"].iloc[0])
    chart = alt.layer(bars, whisker, core, labels, _row_labels(frame, order, 16)).properties(
        width=WIDTH,
        height=40 * len(frame),
        title=alt.Title(
            "Firms expecting AI to cut jobs within five years, by sector",
            subtitle=[
                "Percent of firms. Dashed whisker: 95 % sensitivity band, not a confidence interval: ifo publishes",
                f"no sample size, so Wilson intervals for any n from {n_low:,} to {n_high:,} firms; thick part: n = {n_high:,}.",
                "Solid whisker: 95 % confidence interval for a survey that publishes its n.",
            ],
        ),
    )
    description = (
        f"Horizontal bar chart of the share of German firms expecting AI to cut jobs within five years, by sector, "
        f"sorted from {rows['label'].iloc[0]} ({rows['share_pct'].iloc[0]:.1f} %) to {rows['label'].iloc[-1]} "
        f"({rows['share_pct'].iloc[-1]:.1f} %), each with a dashed sensitivity band because ifo publishes no "
        "sample size, and a Bitkom survey with a 95 % confidence interval for comparison."
    )
    source = source_text(datasets, "ifo Institute (table via karriere-now.de; dts, AFP, dpa reports); Bitkom (via dpa)")
    return with_source(chart, source, description)


# --------------------------------------------------------------------------
# 2. Implied jobs, interactive
# --------------------------------------------------------------------------


def implied_jobs_chart(
    model: pd.DataFrame,
    cut_range: tuple[float, float] = (0.0, 20.0),
    factor_range: tuple[float, float] = (0.5, 2.0),
    *,
    datasets: Sequence[DatasetInfo],
) -> alt.VConcatChart:
    """Jobs implied by the ifo shares, recomputed in the browser as the sliders move.

    Parameters
    ----------
    model : DataFrame
        Output of :func:`ailayoffs.survey.implied_jobs`; its ``avg_cut_pct`` and
        ``size_factor`` are the sliders' starting values, so the chart first draws
        the model's numbers.
    cut_range, factor_range : (float, float)
        Slider ranges for the average cut (percent) and the size factor.
    datasets : sequence of DatasetInfo
        The datasets the model was computed from, for the source line.
    """
    avg_cut, factor = float(model["avg_cut_pct"].iloc[0]), float(model["size_factor"].iloc[0])
    frame = model.assign(
        label=model.apply(_label, axis=1),
        employment_text=model.apply(
            lambda r: (
                f"{r.employment_concept}, {r.employment_year} ({r.scope_vs_ifo} than the ifo sector)"
                if r.scope_vs_ifo in ("broader", "narrower")
                else f"{r.employment_concept}, {r.employment_year} ({r.scope_vs_ifo})"
            ),
            axis=1,
        ),
    )[["label", "level", "share_cutting_pct", "employed_persons", "employment_text"]]
    cut = alt.param(
        name="avg_cut_pct",
        value=avg_cut,
        bind=alt.binding_range(
            min=cut_range[0],
            max=cut_range[1],
            step=0.5,
            name="Average cut among firms expecting cuts (% of their staff) ",
        ),
    )
    size = alt.param(
        name="size_factor",
        value=factor,
        bind=alt.binding_range(
            min=factor_range[0],
            max=factor_range[1],
            step=0.05,
            name="Relative size of firms expecting cuts (1 = average) ",
        ),
    )
    base = alt.Chart(frame).transform_calculate(
        affected_pct="min(100, datum.share_cutting_pct * size_factor)",
        implied_jobs="datum.employed_persons * min(1, datum.share_cutting_pct / 100 * size_factor) * avg_cut_pct / 100",
        implied_thousand="datum.implied_jobs / 1000",
    )
    order = list(frame["label"])
    y = _row_axis(order)
    tooltip = [
        alt.Tooltip("label:N", title="Sector"),
        alt.Tooltip("share_cutting_pct:Q", title="Firms expecting cuts (%)", format=".1f"),
        alt.Tooltip("affected_pct:Q", title="Employment share of these firms (%)", format=".1f"),
        alt.Tooltip("employed_persons:Q", title="Employment (persons)", format=",.0f"),
        alt.Tooltip("employment_text:N", title="Employment figure"),
        alt.Tooltip("implied_jobs:Q", title="Implied jobs cut over five years", format=",.0f"),
    ]
    bars = base.mark_bar(height=18).encode(
        y=y,
        x=alt.X("implied_thousand:Q", title="Implied jobs cut over five years (thousand persons)"),
        color=alt.Color(
            "level:N",
            title="Row",
            scale=alt.Scale(
                domain=["economy", "sector", "sub-sector"], range=[LEVEL_COLOURS["economy"], PALETTE[0], PALETTE[5]]
            ),
        ),
        tooltip=tooltip,
    )
    text = base.mark_text(align="left", dx=4, fontSize=11, color="#222").encode(
        y=y, x="implied_thousand:Q", text=alt.Text("implied_thousand:Q", format=",.0f")
    )
    chart = (
        alt.layer(bars, text, _row_labels(frame, order, 18))
        .add_params(cut, size)
        .properties(
            width=WIDTH - 40,
            height=42 * len(frame),
            title=alt.Title(
                "What the ifo shares would mean in jobs, under stated assumptions",
                subtitle=[
                    "employment × share of firms expecting cuts × relative size × average cut; move the sliders",
                    "Rows overlap and use employment figures of different concepts and years: do not add them up",
                ],
            ),
        )
    )
    description = (
        "Interactive horizontal bar chart of the number of jobs implied by the ifo survey in each sector, computed "
        "as employment times the share of firms expecting AI-related cuts times the average cut those firms "
        f"expect; sliders set the average cut (starting at {avg_cut:g} %) and the relative size of the firms "
        f"expecting cuts (starting at {factor:g})."
    )
    source = source_text(datasets, "ifo Institute via karriere-now.de and dts; Destatis, Federal Employment Agency")
    return with_source(chart, source, description)


# --------------------------------------------------------------------------
# 3. Adoption
# --------------------------------------------------------------------------

SURVEY_LABELS = {
    "ifo_business_survey": "ifo business survey (all sizes, weighted)",
    "destatis_ict": "Destatis ICT survey (10+ employees)",
    "zew_innovation": "ZEW innovation survey",
    "bitkom": "Bitkom (20+ employees)",
    "eurostat_ict": "EU27, Eurostat ICT survey (10+ employees)",
}


def adoption_chart(adoption: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """AI use by firms over the years, one line per survey, and by firm size (Destatis).

    Points published after the article are hollow. Where a survey publishes
    its sample size, its 95 % Wilson interval is drawn.

    Parameters
    ----------
    adoption : DataFrame
        ``de_ai_adoption`` passed through :func:`ailayoffs.survey.with_wilson_intervals`
        (``low_pct``, ``high_pct``; NaN where no sample size is published).
    """
    overall = adoption[adoption["group_type"] == "all"].copy()
    overall["survey"] = overall["survey_id"].map(SURVEY_LABELS)
    overall["source"] = source_titles(overall, datasets)
    overall["when"] = overall["after_article"].map({True: "after the article", False: "before the article"})
    overall["n_text"] = overall["n_firms"].map(lambda n: f"{int(n):,}" if pd.notna(n) else "not published")
    overall = overall[
        ["year", "survey", "share_pct", "qualifier", "low_pct", "high_pct", "n_text", "when", "definition", "source"]
    ]
    surveys = [SURVEY_LABELS[s] for s in SURVEY_LABELS if SURVEY_LABELS[s] in set(overall["survey"])]
    survey_scale = alt.Scale(domain=surveys, range=PALETTE[: len(surveys)])
    survey_legend = alt.Legend(orient="bottom", direction="vertical", columns=2, labelLimit=320)
    colour = alt.Color("survey:N", title="Survey", scale=survey_scale, legend=survey_legend)
    first, last = int(overall["year"].min()), int(overall["year"].max())
    x = alt.X(
        "year:Q",
        title="Year",
        scale=alt.Scale(domain=[first - 0.4, last + 0.4]),
        axis=alt.Axis(format="d", values=list(range(first, last + 1)), grid=False),
    )
    tooltip = [
        alt.Tooltip("survey:N", title="Survey"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("share_pct:Q", title="Firms using AI (%)", format=".1f"),
        alt.Tooltip("qualifier:N", title="Worded as"),
        alt.Tooltip("n_text:N", title="Sample size (firms)"),
        alt.Tooltip("low_pct:Q", title="95 % CI from (%)", format=".1f"),
        alt.Tooltip("high_pct:Q", title="95 % CI to (%)", format=".1f"),
        alt.Tooltip("definition:N", title="Counted as using AI"),
        alt.Tooltip("when:N", title="Published"),
        alt.Tooltip("source:N", title="Source"),
    ]
    lines = alt.Chart(overall).mark_line(strokeWidth=1.5).encode(x=x, y="share_pct:Q", color=colour, detail="survey:N")
    points = (
        alt.Chart(overall)
        .mark_point(size=70, strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y("share_pct:Q", title="Firms using AI (percent of firms)", scale=alt.Scale(domain=[0, 60])),
            color=colour,
            fill=alt.condition(
                "datum.when == 'after the article'",
                alt.value("white"),
                alt.Fill("survey:N", title="Survey", scale=survey_scale, legend=survey_legend),
            ),
            tooltip=tooltip,
        )
    )
    ci = (
        alt.Chart(overall)
        .transform_filter("isValid(datum.low_pct)")
        .mark_rule(strokeWidth=1.5)
        .encode(x=x, y="low_pct:Q", y2="high_pct:Q", color=colour, tooltip=tooltip)
    )
    top = alt.layer(lines, ci, points).properties(
        width=WIDTH,
        height=260,
        title=alt.Title(
            "Firms in Germany using AI, by survey",
            subtitle=[
                "Percent of firms; the surveys count different firms and define use differently, so compare trends, not levels",
                "Hollow points: published after the article; vertical line: 95 % confidence interval where n is published",
            ],
        ),
    )

    sizes = adoption[(adoption["survey_id"] == "destatis_ict") & (adoption["group_type"] == "size")].copy()
    sizes["year_text"] = sizes["year"].astype(str)
    sizes["source"] = source_titles(sizes, datasets)
    size_order = ["Small (10-49 employees)", "Medium (50-249 employees)", "Large (250+ employees)"]
    sizes = sizes.rename(columns={"group_label": "label"})[["label", "year_text", "share_pct", "source"]]
    size_y = _row_axis(size_order)
    size_tip = [
        alt.Tooltip("label:N", title="Size class"),
        alt.Tooltip("year_text:N", title="Year"),
        alt.Tooltip("share_pct:Q", title="Enterprises using AI (%)", format=".0f"),
        alt.Tooltip("source:N", title="Source"),
    ]
    size_bars = (
        alt.Chart(sizes)
        .mark_bar()
        .encode(
            x=alt.X("share_pct:Q", title="Enterprises using AI (percent)", scale=alt.Scale(domain=[0, 60])),
            y=size_y,
            yOffset=alt.YOffset("year_text:N"),
            color=alt.Color("year_text:N", title="Destatis, year", scale=alt.Scale(range=["#9ecae1", PALETTE[0]])),
            tooltip=size_tip,
        )
    )
    size_text = (
        alt.Chart(sizes)
        .mark_text(align="left", dx=4, fontSize=10, color="#222")
        .encode(
            x="share_pct:Q", y=size_y, yOffset=alt.YOffset("year_text:N"), text=alt.Text("share_pct:Q", format=".0f")
        )
    )
    bottom = alt.layer(size_bars, size_text, _row_labels(sizes.drop_duplicates("label"), size_order, 26)).properties(
        width=WIDTH - 40,
        height=50 * len(size_order),
        title=alt.Title(
            "By firm size: Destatis ICT survey", subtitle="Percent of enterprises with 10 or more employees"
        ),
    )
    chart = alt.vconcat(top, bottom, spacing=24).resolve_scale(color="independent")
    description = (
        f"Line chart of the share of German firms using AI from {first} to {last}, one line per survey (ifo, "
        "Destatis, ZEW, Bitkom, and the EU27 for comparison), all rising, with the ifo survey highest; below, bar "
        "chart of Destatis figures by firm size for 2023 and 2024, showing large firms using AI far more often."
    )
    source = source_text(datasets, "Destatis, ifo Institute, ZEW, Bitkom, Eurostat, as reported by the press")
    return with_source(chart, source, description)


def adoption_expectation_chart(matched: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """Scatter of AI adoption against the share of firms expecting cuts, by ifo sector.

    Parameters
    ----------
    matched : DataFrame
        Output of :func:`ailayoffs.survey.adoption_vs_expectation`.
    datasets : sequence of DatasetInfo
        The datasets the frame was built from, for the source line.
    """
    shapes = {"exact": "circle", "about": "circle", "more than": "triangle-right", "just under": "triangle-left"}
    frame = matched.assign(
        label=matched.apply(_label, axis=1),
        adoption_text=matched.apply(
            lambda r: f"{'' if r.adoption_qualifier == 'exact' else r.adoption_qualifier + ' '}{r.adoption_pct:g} %",
            axis=1,
        ),
        worded=matched["adoption_qualifier"].map(
            lambda q: "a bound ('more than', 'just under')" if q in ("more than", "just under") else "a figure"
        ),
        shape=matched["adoption_qualifier"].map(shapes),
    )[["label", "level", "fewer_jobs_pct", "adoption_pct", "adoption_text", "worded", "shape"]]
    x = alt.X("adoption_pct:Q", title="Firms using AI, 2025 (percent of firms)", scale=alt.Scale(domain=[0, 60]))
    y = alt.Y(
        "fewer_jobs_pct:Q", title="Firms expecting AI to cut jobs (percent of firms)", scale=alt.Scale(domain=[0, 45])
    )
    tooltip = [
        alt.Tooltip("label:N", title="Sector"),
        alt.Tooltip("adoption_text:N", title="Using AI"),
        alt.Tooltip("fewer_jobs_pct:Q", title="Expecting fewer jobs (%)", format=".1f"),
    ]
    points = (
        alt.Chart(frame)
        .mark_point(size=140, filled=True)
        .encode(
            x=x,
            y=y,
            shape=alt.Shape("shape:N", scale=None),
            color=alt.Color(
                "worded:N",
                title="Adoption published as",
                legend=None,
                scale=alt.Scale(
                    domain=["a figure", "a bound ('more than', 'just under')"], range=[PALETTE[0], PALETTE[1]]
                ),
            ),
            tooltip=tooltip,
        )
    )
    labels = (
        alt.Chart(frame)
        .mark_text(align="left", dx=9, dy=-6, fontSize=11, color="#222")
        .encode(x=x, y=y, text="label:N")
    )
    chart = alt.layer(points, labels).properties(
        width=WIDTH - 120,
        height=300,
        title=alt.Title(
            "AI use and expected job cuts across sectors, ifo survey 2025",
            subtitle=[
                "Blue circles: AI use published as a figure;",
                "orange triangles: ifo published only a bound",
                "('more than 40 %', 'just under 34 %'): the point may lie",
                "further in the direction it points.",
                "No sample sizes: no intervals",
            ],
        ),
    )
    description = (
        "Scatter plot of the share of firms using AI against the share expecting AI to cut jobs, for the whole "
        f"economy and {len(frame) - 1} sectors of the 2025 ifo survey; construction is lowest on both, manufacturing "
        "highest on expected cuts, and two sectors are shown as bounds."
    )
    source = source_text(datasets, "ifo Institute, as reported by karriere-now.de and dts")
    return with_source(chart, source, description)


# --------------------------------------------------------------------------
# 4. Exposure
# --------------------------------------------------------------------------


def exposure_chart(
    context: pd.DataFrame, exposure: pd.DataFrame, *, datasets: Sequence[DatasetInfo]
) -> alt.VConcatChart:
    """Global exposure estimates as shares, and Goldman Sachs' split of US jobs.

    Parameters
    ----------
    context : DataFrame
        Output of :func:`ailayoffs.survey.exposure_context`.
    exposure : DataFrame
        ``ai_exposure_estimates`` as loaded.
    datasets : sequence of DatasetInfo
        ``ai_exposure_estimates`` and ``ilo_world_employment``.
    """
    ctx = context.assign(
        kind=context["basis"].map(lambda b: "computed here" if b == "derived" else "published"),
        source=source_titles(context, datasets, EXPOSURE),
        text=context.apply(lambda r: f"{'almost ' if r.qualifier == 'just under' else ''}{r.share_pct:.1f} %", axis=1),
    )
    tip = [
        alt.Tooltip("label:N", title="Estimate"),
        alt.Tooltip("share_pct:Q", title="Share (%)", format=".1f"),
        alt.Tooltip("what:N", title="Share of"),
        alt.Tooltip("kind:N", title="Figure"),
        alt.Tooltip("source:N", title="Source"),
    ]
    order = list(ctx["label"])
    y = _row_axis(order)
    bars = (
        alt.Chart(ctx)
        .mark_bar(height=18)
        .encode(
            y=y,
            x=alt.X("share_pct:Q", title="Percent", scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(tickCount=10)),
            color=alt.Color(
                "kind:N",
                title="Figure",
                scale=alt.Scale(domain=["computed here", "published"], range=[PALETTE[1], PALETTE[0]]),
            ),
            tooltip=tip,
        )
    )
    what = (
        alt.Chart(ctx)
        .mark_text(align="left", dx=4, fontSize=11, color="#222")
        .encode(y=y, x="share_pct:Q", text=alt.Text("text:N"))
    )
    top = alt.layer(bars, what, _row_labels(ctx, order, 18)).properties(
        width=WIDTH - 40,
        height=42 * len(ctx),
        title=alt.Title(
            "Three ways of saying how much work AI could touch, worldwide",
            subtitle=["Each bar is a share of something different: hover for what"],
        ),
    )

    split_ids = ["gs_us_jobs_substituted", "gs_us_jobs_complemented", "gs_us_jobs_unaffected"]
    names = {
        "gs_us_jobs_substituted": "could be substituted",
        "gs_us_jobs_complemented": "complemented",
        "gs_us_jobs_unaffected": "unaffected",
    }
    split = exposure[exposure["estimate_id"].isin(split_ids)].copy()
    split["part"] = split["estimate_id"].map(names)
    split["order"] = split["estimate_id"].map({k: i for i, k in enumerate(split_ids)})
    split["row"] = "US jobs (Goldman Sachs)"
    split["source"] = source_titles(split, datasets, EXPOSURE)
    split = split[["row", "part", "order", "value", "source"]]
    stack = (
        alt.Chart(split)
        .mark_bar(height=26)
        .encode(
            y=alt.Y("row:N", title=None, axis=None),
            x=alt.X(
                "value:Q",
                title="Percent of US jobs",
                stack="zero",
                scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(tickCount=10),
            ),
            color=alt.Color(
                "part:N",
                title="AI would",
                sort=[names[k] for k in split_ids],
                scale=alt.Scale(domain=[names[k] for k in split_ids], range=[PALETTE[1], PALETTE[2], "#bbbbbb"]),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("part:N", title="Jobs that AI would"),
                alt.Tooltip("value:Q", title="Percent of US jobs", format=".0f"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    stack_text = (
        alt.Chart(split)
        .mark_text(color="white", fontSize=11, fontWeight="bold")
        .encode(y="row:N", x=alt.X("mid:Q"), text=alt.Text("value:Q", format=".0f"))
        .transform_window(cum="sum(value)", sort=[alt.SortField("order")])
        .transform_calculate(mid="datum.cum - datum.value / 2")
    )
    bottom = alt.layer(stack, stack_text).properties(
        width=WIDTH - 40,
        height=34,
        title=alt.Title("Exposure is not loss", subtitle="Goldman Sachs' split of US jobs by how AI would affect them"),
    )
    chart = alt.vconcat(top, bottom, spacing=20).resolve_scale(color="independent")
    description = (
        "Bar chart comparing three global measures: Goldman Sachs' 300 million full-time equivalents as a share of "
        "world employment (computed here), Goldman Sachs' share of work exposed, and the IMF's share of employment "
        "exposed; below, a stacked bar of US jobs that AI could substitute, complement or leave unaffected."
    )
    source = source_text(
        datasets, "Goldman Sachs (Briggs and Kodnani 2023) and press reports of it; IMF via AFP; ILO via UC Davis"
    )
    return with_source(chart, source, description)


def occupations_chart(exposure: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """Share of tasks exposed to automation by AI, by occupation group (Goldman Sachs)."""
    occ = exposure[exposure["measure"] == "share_tasks_exposed"].copy()
    occ["label"] = occ["group"] + " (" + occ["geo"] + ")"
    occ["high"] = occ["value_high"].fillna(occ["value"])
    occ["text"] = occ.apply(lambda r: f"{r.value:g}–{r.high:g} %" if r.high != r.value else f"{r.value:g} %", axis=1)
    occ["source"] = source_titles(occ, datasets)
    occ = occ.sort_values("high", ascending=False)[["label", "geo", "value", "high", "text", "source"]]
    order = list(occ["label"])
    y = _row_axis(order)
    tip = [
        alt.Tooltip("label:N", title="Occupation group"),
        alt.Tooltip("text:N", title="Tasks exposed"),
        alt.Tooltip("source:N", title="Source"),
    ]
    colour = alt.Color(
        "geo:N",
        title="Region",
        scale=alt.Scale(domain=["US", "Europe"], range=[PALETTE[0], PALETTE[2]]),
        legend=alt.Legend(symbolOpacity=1),
    )
    bars = (
        alt.Chart(occ)
        .mark_bar(height=14)
        .encode(
            y=y,
            x=alt.X(
                "value:Q", title="Share of tasks exposed to automation by AI (percent)", scale=alt.Scale(domain=[0, 55])
            ),
            color=colour,
            tooltip=tip,
        )
    )
    ranges = (
        alt.Chart(occ)
        .transform_filter("datum.high > datum.value")
        .mark_bar(height=14, opacity=0.4)
        .encode(y=y, x="value:Q", x2="high:Q", color=colour, tooltip=tip)
    )
    text = (
        alt.Chart(occ).mark_text(align="left", dx=4, fontSize=11, color="#222").encode(y=y, x="high:Q", text="text:N")
    )
    chart = alt.layer(bars, ranges, text, _row_labels(occ, order, 14)).properties(
        width=WIDTH - 40,
        height=36 * len(occ),
        title=alt.Title(
            "Which occupations' tasks AI could automate (Goldman Sachs, 2023)",
            subtitle=[
                "Percent of tasks; Europe: a range (lighter part) for clerical support and professional occupations",
                "Occupation groups for which no source tied the figure to this report are left out",
            ],
        ),
    )
    description = (
        f"Horizontal bar chart of the share of tasks exposed to automation by AI in {len(occ)} occupation groups, from "
        f"{occ['label'].iloc[0]} at the top to {occ['label'].iloc[-1]} at the bottom."
    )
    source = source_text(
        datasets, "Goldman Sachs (Briggs and Kodnani 2023), as reported by CNBC, Mint and Bayerischer Rundfunk"
    )
    return with_source(chart, source, description)
