"""Charts for the chapter on AWS as Amazon's strategic driver.

Chart contract (see the README, "The package"): each function takes the frames it
draws, computed by the model module of the same topic, and the dataset information it
cites as the keyword ``datasets`` (a sequence of DatasetInfo); it reads no frame's
``attrs``, calls no model function and returns a titled chart above its source line,
with alt text.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import PALETTE, WIDTH, source_text, with_source
from ..data import DatasetInfo
from ..margins import contiguous_blocks

__all__ = ["fit_chart", "margin_chart", "peers_chart", "residuals_chart", "shares_chart"]


def _quarter_dates(periods) -> pd.Series:
    return pd.PeriodIndex(periods, freq="Q").end_time.normalize()


def shares_chart(shares: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """AWS's share of Amazon's net sales and of its operating income, by year.

    ``shares`` has ``year``, ``sales_share_pct``, ``income_share_pct``.
    """
    long = shares.melt(
        id_vars="year", value_vars=["sales_share_pct", "income_share_pct"], var_name="measure", value_name="share_pct"
    )
    long["measure"] = long["measure"].map(
        {"sales_share_pct": "share of net sales", "income_share_pct": "share of operating income"}
    )
    pick = alt.selection_point(fields=["measure"], bind="legend")
    lines = (
        alt.Chart(long)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("share_pct:Q", title="AWS share of Amazon's total (%)"),
            color=alt.Color(
                "measure:N",
                title="Measure (click to highlight)",
                scale=alt.Scale(
                    domain=["share of net sales", "share of operating income"], range=[PALETTE[0], PALETTE[1]]
                ),
            ),
            opacity=alt.condition(pick, alt.value(1), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("year:O"),
                alt.Tooltip("measure:N"),
                alt.Tooltip("share_pct:Q", title="%", format=".1f"),
            ],
        )
        .add_params(pick)
    )
    hundred = alt.Chart(pd.DataFrame({"y": [100.0]})).mark_rule(strokeDash=[4, 3], color="#777").encode(y="y:Q")
    chart = alt.layer(hundred, lines).properties(
        width=WIDTH,
        height=300,
        title=alt.Title(
            "AWS: a small part of sales, most of the profit",
            subtitle=[
                "Share of Amazon's annual net sales and operating income (%);",
                "above 100 % the other segments together made a loss",
            ],
        ),
    )
    description = (
        "Line chart of AWS's share of Amazon's annual net sales, rising slowly to under a fifth, and of its "
        "operating income, mostly between half and all of it and above 100 percent in years when the retail "
        "segments lost money."
    )
    return with_source(chart, source_text(datasets, "Amazon Form 10-K filings and earnings releases"), description)


def peers_chart(growth: pd.DataFrame, *, datasets: Sequence[DatasetInfo], since: str) -> alt.VConcatChart:
    """Year-on-year revenue growth of AWS, Azure and Google Cloud by calendar quarter."""
    frame = growth[growth["period"] >= since].copy()
    frame["quarter_end"] = _quarter_dates(frame["period"])
    pick = alt.selection_point(fields=["provider"], bind="legend")
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter_end:T", title="Calendar quarter", axis=alt.Axis(format="%Y")),
            y=alt.Y("growth_pct:Q", title="Revenue growth on a year earlier (%)"),
            color=alt.Color(
                "provider:N",
                title="Provider (click to highlight)",
                scale=alt.Scale(domain=["AWS", "Microsoft Azure", "Google Cloud"], range=PALETTE[:3]),
            ),
            opacity=alt.condition(pick, alt.value(1), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("provider:N"),
                alt.Tooltip("period:N", title="Calendar quarter"),
                alt.Tooltip("growth_pct:Q", title="Growth (%)", format=".1f"),
            ],
        )
        .add_params(pick)
        .properties(
            width=WIDTH,
            height=300,
            title=alt.Title(
                "AWS grows more slowly than its rivals, from a larger base",
                subtitle=[
                    "Year-on-year revenue growth (%); Azure as Microsoft reports it (fiscal quarters mapped to",
                    "calendar quarters), AWS and Google Cloud computed from revenue",
                ],
            ),
        )
    )
    description = (
        "Line chart of quarterly year-on-year revenue growth of AWS, Microsoft Azure and Google Cloud; "
        "Azure and Google Cloud grow faster than AWS in every quarter shown."
    )
    return with_source(
        chart,
        source_text(datasets, "Amazon, Microsoft and Alphabet earnings releases; press reports as listed"),
        description,
    )


def margin_chart(frame: pd.DataFrame, events: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """AWS's operating margin by quarter, with the server useful-life changes marked.

    ``frame`` has ``period``, ``margin_pct``, ``sourcing``; ``events`` has
    ``quarter_start`` (date), ``label``.
    """
    data = frame.assign(quarter_end=_quarter_dates(frame["period"]))
    x = alt.X("quarter_end:T", title="Quarter", axis=alt.Axis(format="%Y"))
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=70)
        .encode(
            x=x,
            y=alt.Y("margin_pct:Q", title="AWS operating margin (% of AWS net sales)", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "sourcing:N",
                title="Figures read in",
                scale=alt.Scale(
                    domain=["Amazon's filings or releases", "press reports of releases"], range=[PALETTE[0], "#aaaaaa"]
                ),
            ),
            tooltip=[
                alt.Tooltip("period:N", title="Quarter"),
                alt.Tooltip("margin_pct:Q", title="Margin (%)", format=".1f"),
                alt.Tooltip("sourcing:N", title="Read in"),
            ],
        )
    )
    rules = (
        alt.Chart(events)
        .mark_rule(color=PALETTE[1], strokeDash=[4, 3])
        .encode(x="quarter_start:T", tooltip=[alt.Tooltip("label:N", title="Server useful life")])
    )
    labels = (
        alt.Chart(events)
        .mark_text(angle=270, align="right", dx=-4, dy=-4, fontSize=10, color=PALETTE[1])
        .encode(x="quarter_start:T", y=alt.value(0), text="label:N")
    )
    chart = alt.layer(points, rules, labels).properties(
        width=WIDTH,
        height=300,
        title=alt.Title(
            "AWS's operating margin and the changes in server life",
            subtitle=[
                "Operating income in % of AWS net sales; dashed lines: useful life of servers changed",
                "Quarters without a sourced figure are left out",
            ],
        ),
    )
    description = (
        "Scatter chart of AWS's quarterly operating margin from 2015, rising from about an eighth to "
        "between a quarter and two fifths, with dashed lines at the four changes in the useful life of "
        "Amazon's servers."
    )
    return with_source(
        chart, source_text(datasets, "Amazon filings and releases; Amazon Form 10-K on server lives"), description
    )


def fit_chart(
    fitted: pd.DataFrame, forecast: pd.DataFrame, *, datasets: Sequence[DatasetInfo], cutoff: str
) -> alt.VConcatChart:
    """Reported margins, the full-sample fit, and out-of-sample predictions with intervals.

    ``fitted`` has ``period``, ``actual``, ``fitted``; ``forecast`` has
    ``period``, ``actual``, ``predicted``, ``pi_low``, ``pi_high``,
    ``adjusted`` (prediction plus the 10-K's expected accounting effect).
    """
    # A line drawn across a gap would suggest data that do not exist: one line per run of quarters.
    fitted = fitted.assign(
        quarter_end=_quarter_dates(fitted["period"]), run=contiguous_blocks(pd.PeriodIndex(fitted["period"], freq="Q"))
    )
    forecast = forecast.assign(quarter_end=_quarter_dates(forecast["period"]))
    x = alt.X("quarter_end:T", title="Quarter", axis=alt.Axis(format="%Y"))
    y = alt.Y("actual:Q", title="AWS operating margin (%)", scale=alt.Scale(zero=False))
    band = (
        alt.Chart(forecast)
        .mark_area(opacity=0.25, color=PALETTE[1])
        .encode(x=x, y=alt.Y("pi_low:Q", title="AWS operating margin (%)"), y2="pi_high:Q")
    )
    predicted = (
        alt.Chart(forecast)
        .mark_line(color=PALETTE[1], strokeDash=[5, 3], point=True)
        .encode(
            x=x,
            y="predicted:Q",
            tooltip=[
                alt.Tooltip("period:N"),
                alt.Tooltip("predicted:Q", title="Predicted (%)", format=".1f"),
                alt.Tooltip("pi_low:Q", title="95 % interval from", format=".1f"),
                alt.Tooltip("pi_high:Q", title="to", format=".1f"),
                alt.Tooltip("actual:Q", title="Reported (%)", format=".1f"),
            ],
        )
    )
    adjusted = (
        alt.Chart(forecast)
        .mark_line(color=PALETTE[2], strokeDash=[2, 2])
        .encode(
            x=x,
            y="adjusted:Q",
            tooltip=[
                alt.Tooltip("period:N"),
                alt.Tooltip("adjusted:Q", title="Prediction + expected accounting effect (%)", format=".1f"),
            ],
        )
    )
    fit_line = (
        alt.Chart(fitted)
        .mark_line(color="#777")
        .encode(
            x=x,
            y="fitted:Q",
            detail="run:N",
            tooltip=[alt.Tooltip("period:N"), alt.Tooltip("fitted:Q", title="Fitted (%)", format=".1f")],
        )
    )
    actual = (
        alt.Chart(
            pd.concat(
                [fitted[["quarter_end", "period", "actual"]], forecast[["quarter_end", "period", "actual"]]]
            ).drop_duplicates("period")
        )
        .mark_point(filled=True, color="#222", size=55)
        .encode(
            x=x, y=y, tooltip=[alt.Tooltip("period:N"), alt.Tooltip("actual:Q", title="Reported (%)", format=".1f")]
        )
    )
    chart = alt.layer(band, fit_line, predicted, adjusted, actual).properties(
        width=WIDTH,
        height=320,
        title=alt.Title(
            "How well the regression predicts AWS's margin",
            subtitle=[
                f"Dots: reported; grey: fit on all verified quarters; orange: fit up to {cutoff}, predicted",
                "with 95 % intervals; green: that prediction plus the 10-K's expected server-life effect",
            ],
        ),
    )
    description = (
        "Chart of AWS's reported quarterly operating margins with the regression's in-sample fit and, after "
        "the cut-off, out-of-sample predictions with a shaded prediction interval and a second line adding "
        "the accounting effect Amazon announced in its annual report."
    )
    return with_source(chart, source_text(datasets, "Amazon filings and releases; own regression"), description)


def residuals_chart(residuals: pd.DataFrame, *, datasets: Sequence[DatasetInfo]) -> alt.VConcatChart:
    """Residuals of the regression by quarter (``period``, ``residual``)."""
    frame = residuals.assign(
        quarter_end=_quarter_dates(residuals["period"]),
        sign=residuals["residual"].map(lambda r: "above fit" if r >= 0 else "below fit"),
    )
    chart = (
        alt.Chart(frame)
        .mark_bar(size=8)
        .encode(
            x=alt.X("quarter_end:T", title="Quarter", axis=alt.Axis(format="%Y")),
            y=alt.Y("residual:Q", title="Residual (percentage points of margin)"),
            color=alt.Color(
                "sign:N",
                title="Reported margin",
                scale=alt.Scale(domain=["above fit", "below fit"], range=[PALETTE[0], PALETTE[1]]),
            ),
            tooltip=[alt.Tooltip("period:N"), alt.Tooltip("residual:Q", title="Residual (pp)", format=".2f")],
        )
        .properties(
            width=WIDTH,
            height=200,
            title=alt.Title(
                "Residuals of the margin regression",
                subtitle="Reported minus fitted margin, percentage points; runs of one sign hint at autocorrelation",
            ),
        )
    )
    description = (
        "Bar chart of the regression's residuals by quarter, positive and negative, with runs of the same sign."
    )
    return with_source(chart, source_text(datasets, "own regression on Amazon's reported figures"), description)
