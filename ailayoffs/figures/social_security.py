"""Charts for the chapter on social security: the in-page basic-income calculator."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import PALETTE, source_text
from ..data import DatasetInfo
from ._fit import NARROW, narrow_with_source

__all__ = ["calculator_chart"]

GROSS = "12 * amount * coverage / 100 * datum.population_mn / 1000"
NET = f"({GROSS}) - replaced / 100 * datum.social_benefits_eur_bn"


def calculator_chart(
    frame: pd.DataFrame,
    *,
    datasets: Sequence[DatasetInfo],
    default_amount: float,
    amount_max: float = 2000,
    step: float = 50,
) -> alt.VConcatChart:
    """Basic-income cost against GDP, social benefits and the federal budget, computed in the page.

    Three sliders set the monthly amount, the share of the population covered and
    the share of existing social benefits the payment replaces; Vega expressions
    apply :mod:`ailayoffs.basic_income`'s formulas to the constants carried by
    ``frame`` (output of :func:`ailayoffs.basic_income.calculator_frame`).
    """
    amount = alt.param(
        name="amount",
        value=default_amount,
        bind=alt.binding_range(min=0, max=amount_max, step=step, name="Euros per person and month: "),
    )
    coverage = alt.param(
        name="coverage", value=100, bind=alt.binding_range(min=0, max=100, step=5, name="Population covered (%): ")
    )
    replaced = alt.param(
        name="replaced", value=0, bind=alt.binding_range(min=0, max=100, step=5, name="Social benefits replaced (%): ")
    )
    order = list(frame["item"])
    base = alt.Chart(frame).transform_calculate(
        value=f"datum.kind == 'gross' ? {GROSS} : datum.kind == 'net' ? {NET} : datum.value_eur_bn",
        share_gdp="100 * datum.value / datum.gdp_eur_bn",
    )
    bars = base.mark_bar().encode(
        y=alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelLimit=150)),
        x=alt.X("value:Q", title="Billion euros a year"),
        color=alt.Color(
            "kind:N",
            title=None,
            scale=alt.Scale(domain=["gross", "net", "benchmark"], range=[PALETTE[1], PALETTE[4], "#9a9a9a"]),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("item:N", title="Item"),
            alt.Tooltip("period:N", title="Period"),
            alt.Tooltip("value:Q", title="Billion euros", format=",.1f"),
            alt.Tooltip("share_gdp:Q", title="Share of GDP (%)", format=".1f"),
        ],
    )
    readout = base.transform_filter("datum.kind == 'gross'").transform_calculate(
        line1=f"'Gross ' + format({GROSS}, ',.0f') + ' bn € (' + format(100 * ({GROSS}) / datum.gdp_eur_bn, '.1f') + ' % of GDP)'",
        line2=f"'Net ' + format({NET}, ',.0f') + ' bn € (' + format(100 * ({NET}) / datum.gdp_eur_bn, '.1f') + ' % of GDP)'",
        line3=f"'Levy needed: ' + format(100 * ({NET}) / datum.gdp_eur_bn, '.1f') + ' % of value added'",
        line4=f"'or ' + format(100 * ({NET}) / datum.capital_base_eur_bn, '.1f') + ' % of capital income'",
    )
    lines = [
        readout.mark_text(align="left", baseline="top", fontSize=12, fontWeight="bold" if i < 2 else "normal").encode(
            x=alt.value(-150), y=alt.value(-66 + 15 * i), text=f"line{i + 1}:N"
        )
        for i in range(4)
    ]
    chart = (
        alt.layer(bars, *lines)
        .add_params(amount, coverage, replaced)
        .properties(
            width=NARROW - 150,
            height=34 * len(frame),
            title=alt.Title(
                "What a basic income would cost",
                subtitle=[
                    "Billion euros a year; orange bars follow",
                    "the sliders. Teaching model: static,",
                    "no behavioural response",
                ],
                offset=74,
            ),
        )
    )
    description = (
        "Interactive bar chart comparing the yearly gross and net cost of a basic income in Germany, "
        "computed in the page from three sliders (monthly amount, population covered, share of social "
        "benefits replaced), with GDP, the social budget and the federal budget; two lines of text give "
        "the cost as a share of GDP and the levy rate needed on all value added or on capital income."
    )
    return narrow_with_source(
        chart,
        source_text(
            datasets, "Destatis, BMAS Sozialbudget and federal budget as reported; Penn World Table (labour share)"
        ),
        description,
        width=NARROW - 150,
        left=150,
    )
