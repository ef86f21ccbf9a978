"""Charts for the chapter on the platform economy: the tipping simulation and growth before profit.

Each function draws the frame it is given (computed in the chapter with
:mod:`ailayoffs.platform` and the data) and never calls a model function.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from .. import charts
from ..data import DatasetInfo
from ._meta import need_columns
from .layoffs import NARROW, NARROW_CHARS

__all__ = ["profit_chart", "tipping_chart"]


def tipping_chart(
    paths: pd.DataFrame,
    *,
    datasets: Sequence[DatasetInfo] = (),
    threshold: float,
    model: str = "simulation with ailayoffs.platform.grid",
) -> alt.VConcatChart:
    """Buyers' share on platform A over time, for a cross-side effect chosen with a slider.

    Parameters
    ----------
    paths : DataFrame
        :func:`ailayoffs.platform.grid`: ``cross``, ``start_share_a``,
        ``period``, ``buyers_share_a``. The slider steps through the
        ``cross`` values present; the page filters the precomputed paths.
    datasets : sequence of DatasetInfo
        Datasets the simulation uses (none: it is a model).
    threshold : float
        The hand-derived tipping threshold, printed with the chosen value.
    """
    need_columns(paths, ("cross", "start_share_a", "period", "buyers_share_a"), "tipping_chart")
    values = sorted(paths["cross"].unique())
    step = round(values[1] - values[0], 6) if len(values) > 1 else 1
    slider = alt.param(
        name="cross_effect",
        value=float(values[len(values) // 2]),
        bind=alt.binding_range(min=float(values[0]), max=float(values[-1]), step=step, name="Cross-side effect: "),
    )
    data = paths.assign(start=paths["start_share_a"].map(lambda s: f"{100 * s:.0f} %"))
    base = alt.Chart(data).transform_filter(f"abs(datum.cross - cross_effect) < {step / 2}")
    lines = base.mark_line(strokeWidth=2).encode(
        x=alt.X("period:Q", title="Period"),
        y=alt.Y(
            "buyers_share_a:Q",
            title="Buyers on platform A (share)",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%"),
        ),
        color=alt.Color("start:N", title="Buyers and sellers on A at the start", legend=alt.Legend(columns=3)),
        tooltip=[
            alt.Tooltip("cross:Q", title="Cross-side effect"),
            alt.Tooltip("start:N", title="Start"),
            alt.Tooltip("period:Q", title="Period"),
            alt.Tooltip("buyers_share_a:Q", title="Buyers on A", format=".0%"),
        ],
    )
    half = alt.Chart(pd.DataFrame({"y": [0.5]})).mark_rule(color="#888", strokeDash=[4, 3]).encode(y="y:Q")
    text = (
        alt.Chart(pd.DataFrame({"t": [threshold]}))
        .mark_text(align="left", baseline="top", fontSize=12)
        .encode(x=alt.value(4), y=alt.value(4), text=alt.Text("label:N"))
        .transform_calculate(
            label=f"'effect ' + format(cross_effect, '.2f') + (cross_effect > {threshold} ? ' > ' : ' <= ') "
            f"+ format({threshold}, '.0f') + (cross_effect > {threshold} ? ': the market tips' : ': no tipping')"
        )
    )
    chart = (
        alt.layer(lines, half, text)
        .add_params(slider)
        .properties(
            width=NARROW,
            height=280,
            title=alt.Title(
                "Tipping in a two-sided market", subtitle=["Seeded agent simulation with two", "identical platforms"]
            ),
        )
    )
    files = "; ".join(f"{d.file} v{d.version}" for d in datasets)
    source = f"Source: {model} (the book's model, seeded){'; data: ' + files if files else '; no data used'}."
    return charts.with_source(
        chart,
        source,
        "Line chart of the share of buyers on platform A over 60 periods, for three starting "
        "shares; a slider sets the strength of the cross-side network effect, and above the "
        "threshold the paths move away from an even split.",
        width=NARROW,
        chars=NARROW_CHARS,
    )


def profit_chart(
    frame: pd.DataFrame,
    *,
    datasets: Sequence[DatasetInfo],
    publisher: str = "Amazon 10-K filings and earnings releases",
) -> alt.VConcatChart:
    """Amazon's operating income and free cash flow by year.

    Parameters
    ----------
    frame : DataFrame
        ``year``, ``measure`` (label), ``value_usd_bn`` and ``source``.
    """
    need_columns(frame, ("year", "measure", "value_usd_bn", "source"), "profit_chart")
    measures = list(dict.fromkeys(frame["measure"]))
    chart = (
        alt.Chart(frame)
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("year:O", title="Fiscal year"),
            y=alt.Y("value_usd_bn:Q", title="USD billion"),
            color=alt.Color("measure:N", title=None, sort=measures),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("value_usd_bn:Q", title="USD bn", format=".1f"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .properties(
            width=NARROW,
            height=260,
            title=alt.Title(
                "Amazon's profit and free cash flow",
                subtitle=["Free cash flow: operating cash flow minus", "net purchases of property and equipment"],
            ),
        )
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#888").encode(y="y:Q")
    source = charts.source_text(datasets, publisher)
    return charts.with_source(
        alt.layer(zero, chart),
        source,
        "Line chart of Amazon's operating income and free cash flow in billions of US dollars "
        "for each fiscal year in the data.",
        width=NARROW,
        chars=NARROW_CHARS,
    )
