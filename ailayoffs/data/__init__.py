"""The book's datasets: catalogue, rules, loading and versioning.

Every CSV under ``data/`` has a descriptor beside it
(``data/amazon/headcount_quarterly.csv`` ->
``data/amazon/headcount_quarterly.resource.json``): a Frictionless Data
Resource with title, sources, retrieval date, licence, version, ``hash``
(``sha256:<hex>``), a Table Schema with types, units, constraints and a
primary key, and the book's own rules as ``x-`` properties. ``data/datapackage.json``
is assembled from the descriptors, so standard tools read the whole package.

:func:`load` validates the file against its descriptor with ``frictionless``
and raises :class:`DataValidationError` naming the file, the line, the row's
key, the column and the rule for every problem; a chapter that loads bad data
therefore fails the book build instead of drawing a wrong chart.

Modules
-------
:mod:`~ailayoffs.data.catalogue`
    where the datasets are, their descriptors, :class:`DatasetInfo`
:mod:`~ailayoffs.data.errors`
    :class:`Problem` and the error types
:mod:`~ailayoffs.data.checks`
    the book's ``x-`` rules (``x-min-rows``, ``x-periodic``, ``x-period-date``,
    ``x-unit-by``, ``x-row-sums``, ``x-group-sums``, ``x-sum-identities``)
:mod:`~ailayoffs.data.validation`
    one validation pass over a file's bytes, errors mapped by type
:mod:`~ailayoffs.data.loader`
    :func:`load`, memoised on name, sha256 and descriptor
:mod:`~ailayoffs.data.package`
    ``datapackage.json`` assembled from the descriptors; ``migrate``
:mod:`~ailayoffs.data.release`
    ``bump`` and ``release``: record a version
:mod:`~ailayoffs.data.cli`
    ``python -m ailayoffs check|bump|release|assemble|migrate``
"""

from .catalogue import (
    CHANGELOG_FILE,
    DESCRIPTOR_SUFFIX,
    PACKAGE_FILE,
    DatasetInfo,
    changelog_versions,
    data_dir,
    descriptor_path,
    file_sha256,
    info,
    resource_descriptor,
    resource_names,
)
from .checks import (
    GroupSumError,
    MinRowsError,
    PeriodDateError,
    PeriodicSeriesError,
    RowSumError,
    SumIdentityError,
    UnitError,
)
from .cli import main
from .errors import DataValidationError, MetadataError, Problem, RecordError, UnknownDatasetError
from .loader import clear_cache, load
from .package import assemble, migrate, package_problems
from .release import record_version
from .validation import validate

__all__ = [
    "CHANGELOG_FILE",
    "DESCRIPTOR_SUFFIX",
    "PACKAGE_FILE",
    "DataValidationError",
    "DatasetInfo",
    "GroupSumError",
    "MetadataError",
    "MinRowsError",
    "PeriodDateError",
    "PeriodicSeriesError",
    "Problem",
    "RecordError",
    "RowSumError",
    "SumIdentityError",
    "UnitError",
    "UnknownDatasetError",
    "assemble",
    "changelog_versions",
    "clear_cache",
    "data_dir",
    "descriptor_path",
    "file_sha256",
    "info",
    "load",
    "main",
    "migrate",
    "package_problems",
    "record_version",
    "resource_descriptor",
    "resource_names",
    "validate",
]
