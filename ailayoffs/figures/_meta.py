"""What charts read from a dataset's metadata, and the check of the frame a chart is given.

Tooltips and source lines never carry a typed file name or source title; they
come from the :class:`ailayoffs.data.DatasetInfo` objects a chart is given as
``datasets=``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from ..data import DatasetInfo

__all__ = ["cited_sources", "dataset_file", "dataset_info", "need_columns", "source_titles"]


def need_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """KeyError naming the columns of ``columns`` that ``frame`` lacks (``what`` names the chart)."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"{what} needs the columns {missing}")


def dataset_info(datasets: Sequence[DatasetInfo], name: str | None = None) -> DatasetInfo:
    """The DatasetInfo of dataset ``name`` among ``datasets``, or the only one if ``name`` is None.

    Source ids (``x-id``) are unique within a dataset, not across datasets, so a
    chart citing several datasets names the one a frame's rows come from.
    """
    if name is None:
        if len(datasets) != 1:
            raise ValueError(f"{len(datasets)} datasets given: name the one the rows come from")
        return datasets[0]
    for info in datasets:
        if info.name == name:
            return info
    raise KeyError(f"the chart cites {name!r} but was not given its DatasetInfo")


def _titles(info: DatasetInfo) -> dict[str, str]:
    return {source["x-id"]: source["title"] for source in info.sources}


def source_titles(
    frame: pd.DataFrame, datasets: Sequence[DatasetInfo], name: str | None = None, column: str = "source_ref"
) -> pd.Series:
    """The title of each row's source (``column`` holds the source's ``x-id``), from the metadata of dataset ``name``.

    ``name`` may be left out when ``datasets`` holds one dataset (see :func:`dataset_info`).
    """
    return frame[column].map(_titles(dataset_info(datasets, name)))


def cited_sources(
    frame: pd.DataFrame, datasets: Sequence[DatasetInfo], name: str | None = None, column: str = "cited"
) -> pd.Series:
    """Each row's sources as ``title [basis]``, joined by ``; `` without repeats.

    ``column`` holds, per row, the ``(source_ref, basis)`` pairs of the figures the row
    shows, all from dataset ``name`` (see :func:`dataset_info`).
    """
    titles = _titles(dataset_info(datasets, name))
    return frame[column].map(lambda pairs: "; ".join(dict.fromkeys(f"{titles[ref]} [{basis}]" for ref, basis in pairs)))


def dataset_file(datasets: Sequence[DatasetInfo], name: str) -> str:
    """The CSV path (``data/...``) of dataset ``name`` among ``datasets``; KeyError if the chart was not given it."""
    return dataset_info(datasets, name).file
