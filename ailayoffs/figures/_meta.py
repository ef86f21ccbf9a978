"""What charts read from a dataset's metadata: source titles for tooltips, file names for tooltips.

Tooltips and source lines never carry a typed file name or source title; they
come from :class:`ailayoffs.data.DatasetInfo`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..data import DatasetInfo

__all__ = ["dataset_file", "source_titles"]


def source_titles(frame: pd.DataFrame, info: DatasetInfo, column: str = "source_ref") -> pd.Series:
    """The title of each row's source (``column`` holds the source's ``x-id``), from the dataset's metadata."""
    titles = {source["x-id"]: source["title"] for source in info.sources}
    return frame[column].map(titles)


def dataset_file(infos: Sequence[DatasetInfo], name: str) -> str:
    """The CSV path (``data/...``) of dataset ``name`` among ``infos``; KeyError if the chart was not given it."""
    for info in infos:
        if info.name == name:
            return info.file
    raise KeyError(f"the chart cites {name!r} but was not given its DatasetInfo")
