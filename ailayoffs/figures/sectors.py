"""Chart for the lessons chapter: the article's sectors on adoption and expected job effects."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..charts import PALETTE, WIDTH, source_text, with_source
from ..data import DatasetInfo

__all__ = ["sector_evidence_chart"]

MEASURES = {"adoption_pct": "Firms using AI", "fewer_jobs_pct": "Firms expecting AI to cut jobs"}


def sector_evidence_chart(frame: pd.DataFrame, *, datasets: Sequence[DatasetInfo], year: int) -> alt.VConcatChart:
    """Dots per article sector: share of firms using AI and share expecting AI to cut jobs.

    A filled dot is the sector's own survey row, a hollow one the broad sector
    that contains it. A drop-down picks one sector; the others fade.

    Parameters
    ----------
    frame : DataFrame
        Output of :func:`ailayoffs.sectors.article_sector_evidence`.
    datasets : sequence of DatasetInfo
        The datasets the frame was computed from, for the source line.
    year : int
        Survey year of the adoption shares, for the title.
    """
    long = frame.melt(id_vars=["sector"], value_vars=list(MEASURES), var_name="measure_id", value_name="share_pct")
    basis = pd.concat([frame["adoption_basis"], frame["expectation_basis"]], ignore_index=True)
    long["basis"] = basis.to_numpy()
    long["measure"] = long["measure_id"].map(MEASURES)
    long = long.dropna(subset=["share_pct"])
    long["row"] = long["basis"].where(long["basis"] == "own sub-sector", "broad sector containing it")
    sectors = list(frame["sector"])

    pick = alt.selection_point(
        fields=["sector"],
        name="sector_pick",
        bind=alt.binding_select(options=[None, *sectors], labels=["All", *sectors], name="Sector: "),
    )
    y = alt.Y("sector:N", sort=sectors, title=None)
    tooltip = [
        alt.Tooltip("sector:N", title="Sector"),
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("share_pct:Q", title="Percent of firms", format=".1f"),
        alt.Tooltip("basis:N", title="Survey row used"),
    ]
    dots = (
        alt.Chart(long)
        .mark_point(size=140, strokeWidth=2)
        .encode(
            y=y,
            x=alt.X("share_pct:Q", title="Percent of firms", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "measure:N", title=None, scale=alt.Scale(domain=list(MEASURES.values()), range=PALETTE[:2])
            ),
            shape=alt.Shape(
                "measure:N", title=None, scale=alt.Scale(domain=list(MEASURES.values()), range=["circle", "diamond"])
            ),
            fill=alt.condition(
                "datum.row == 'own sub-sector'",
                alt.Color("measure:N", legend=None, scale=alt.Scale(domain=list(MEASURES.values()), range=PALETTE[:2])),
                alt.value("white"),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.2)),
            tooltip=tooltip,
        )
        .add_params(pick)
    )
    labels = (
        alt.Chart(long)
        .mark_text(dy=-12, fontSize=10, color="#222")
        .encode(
            y=y,
            x="share_pct:Q",
            text=alt.Text("share_pct:Q", format=".0f"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.2)),
        )
    )
    chart = alt.layer(dots, labels).properties(
        width=WIDTH,
        height=48 * len(sectors),
        title=alt.Title(
            "The article's sectors in the ifo survey",
            subtitle=[
                f"Circles: firms using AI ({year}); diamonds: firms expecting AI to cut jobs within five years.",
                "Filled: the sector's own survey row. Hollow: the broad sector containing it.",
            ],
        ),
    )
    own = long[long["row"] == "own sub-sector"]
    description = (
        "Dot chart of the article's sectors " + ", ".join(sectors) + ": the share of firms using AI and the share "
        "expecting AI to cut jobs, in percent of firms. " + f"{len(own)} of {len(long)} dots come from the "
        "sector's own survey row, the rest from the broad sector containing it."
    )
    return with_source(
        chart, source_text(datasets, "ifo Institute business survey (press reports of the releases)"), description
    )
