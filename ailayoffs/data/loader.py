"""``load``: a dataset as a typed, validated DataFrame, read once and memoised.

The file is read once; its bytes are validated by frictionless (with the
book's rules) and the frame is built from the typed values frictionless
produced during that pass. Within a process the result is memoised on the
dataset's name, the file's sha256 and its descriptor; every call returns a
copy, so a caller cannot change what the next caller gets.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from pathlib import Path

import pandas as pd

from .agreement import agreement_problems
from .catalogue import data_dir, entry, info_from, relative
from .errors import DataValidationError, Problem
from .validation import check_content, metadata_problems

__all__ = ["agreements", "clear_cache", "load"]

_CACHE: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_CACHE_SIZE = 64


def clear_cache() -> None:
    """Forget every memoised frame."""
    _CACHE.clear()


def _column(values: list, spec: dict) -> pd.Series:
    kind = spec["type"]
    if kind == "integer":
        return pd.Series(pd.array(values, dtype="Int64"))
    if kind == "number":
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if kind == "boolean":
        return pd.Series(pd.array(values, dtype="boolean"))
    if kind in ("date", "datetime"):
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object))).astype("datetime64[us]")
    if kind == "string":
        return pd.Series(pd.array(values, dtype="string"))
    return pd.Series(values, dtype=object)


def frame_from_rows(resource: dict, rows: list[list]) -> pd.DataFrame:
    """A frame with one column per schema field, typed as the schema declares.

    Integers become nullable ``Int64``, numbers ``float64``, booleans
    ``boolean``, strings ``string`` and dates ``datetime64``; empty cells are
    missing values.
    """
    fields = resource["schema"]["fields"]
    columns = {
        spec["name"]: _column([row[i] if i < len(row) else None for row in rows], spec) for i, spec in enumerate(fields)
    }
    return pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))


def load(name: str, directory: Path | None = None) -> pd.DataFrame:
    """Return dataset ``name`` as a typed DataFrame, or raise.

    Parameters
    ----------
    name : str
        Dataset name (the ``name`` of its descriptor), e.g. ``"amazon_headcount_quarterly"``.
    directory : Path, optional
        The data folder; defaults to :func:`~ailayoffs.data.catalogue.data_dir`.

    Returns
    -------
    pandas.DataFrame
        One column per schema field, typed from the schema (integers as
        nullable ``Int64``, numbers as ``float64``, dates as ``datetime64``),
        in file order. ``df.attrs["dataset"]`` holds the
        :class:`~ailayoffs.data.catalogue.DatasetInfo`. A fresh copy on every call.

    Raises
    ------
    UnknownDatasetError
        If no descriptor declares ``name`` (the message lists the known names).
    DataValidationError
        If the file breaks any rule of its descriptor, or disagrees with a
        dataset it must agree with (``x-agrees-with``, see
        :mod:`ailayoffs.data.agreement`); the message names the file, line,
        key, column and rule of every problem.
    """
    directory = directory or data_dir()
    descriptor_file, resource, frame = _validated(name, directory)
    problems = agreements(name, directory, frame)
    if problems:
        raise DataValidationError(name, problems)
    result = frame.copy(deep=True)
    result.attrs = {"dataset": info_from(name, descriptor_file, resource, directory)}
    return result


def agreements(name: str, directory: Path | None = None, frame: pd.DataFrame | None = None) -> list[Problem]:
    """Problems of the ``x-agrees-with`` rules involving ``name`` (its own rules are checked by ``load``).

    ``frame`` replaces the dataset's validated frame, for a file about to be
    recorded (``bump``) whose hash is not yet in its descriptor.
    """
    directory = directory or data_dir()
    if frame is None:
        frame = _validated(name, directory)[2]
    return agreement_problems(name, frame, lambda other: _validated(other, directory)[2], directory)


def _validated(name: str, directory: Path) -> tuple[Path, dict, pd.DataFrame]:
    """The dataset's descriptor file, descriptor and memoised frame, checked on its own (not yet against others)."""
    descriptor_file, resource = entry(name, directory)
    path = directory / resource["path"]
    file = relative(path, directory)
    descriptor = relative(descriptor_file, directory)
    if not path.exists():
        missing = Problem(file, "file-exists", f"the file named in {descriptor} does not exist")
        raise DataValidationError(name, [missing])
    raw = path.read_bytes()
    problems = metadata_problems(name, resource, directory, file, descriptor)
    key = (str(directory), name, hashlib.sha256(raw).hexdigest(), json.dumps(resource, sort_keys=True))
    frame = _CACHE.get(key)
    if frame is None:
        content = check_content(resource, raw, file)
        if problems or content.problems:
            raise DataValidationError(name, problems + content.problems)
        frame = frame_from_rows(resource, content.rows)
        _CACHE[key] = frame
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    elif problems:
        raise DataValidationError(name, problems)
    _CACHE.move_to_end(key)
    return descriptor_file, resource, frame
