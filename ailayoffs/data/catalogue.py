"""Where the datasets are and what their descriptors say.

Each dataset is a CSV with a descriptor beside it, ``<stem>.resource.json``
(a Frictionless Data Resource: title, description, sources, version, ``hash``
as ``sha256:<hex>``, Table Schema and the book's ``x-`` rules). Its ``path``
is the CSV's file name, relative to the descriptor, so a descriptor is valid on
its own (``frictionless validate data/amazon/headcount_quarterly.resource.json``).
``data/datapackage.json`` is assembled from the descriptors
(:mod:`ailayoffs.data.package`); the loader reads the descriptors.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import MetadataError, Problem, UnknownDatasetError

__all__ = [
    "CHANGELOG_FILE",
    "DESCRIPTOR_SUFFIX",
    "PACKAGE_FILE",
    "DatasetInfo",
    "changelog_versions",
    "data_dir",
    "descriptor_path",
    "file_sha256",
    "info",
    "read_json",
    "relative",
    "resource_descriptor",
    "resource_names",
    "resources",
]

PACKAGE_FILE = "datapackage.json"
CHANGELOG_FILE = "CHANGELOG.md"
DESCRIPTOR_SUFFIX = ".resource.json"
_DATA_DIR_ENV = "AILAYOFFS_DATA_DIR"
_CHAPTER_ENV = "AILAYOFFS_CHAPTER"


def data_dir() -> Path:
    """Return the folder holding the datasets and ``datapackage.json``.

    The environment variable ``AILAYOFFS_DATA_DIR`` overrides the default, the
    ``data/`` folder of the project; tests use it to feed altered copies.
    """
    override = os.environ.get(_DATA_DIR_ENV)
    if override:
        return Path(override).resolve()
    return Path(__file__).resolve().parents[2] / "data"


def relative(path: Path, directory: Path) -> str:
    """``path`` relative to the project root (the parent of the data folder)."""
    try:
        return str(path.relative_to(directory.parent))
    except ValueError:
        return str(path)


def read_json(path: Path, directory: Path) -> dict:
    """Parse a JSON metadata file; a syntax error names the file, line and column."""
    file = relative(path, directory)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        detail = f"not UTF-8 text ({error.reason} at byte {error.start})"
        raise MetadataError(Problem(file, "encoding", detail)) from None
    if text.startswith("\ufeff"):
        raise MetadataError(
            Problem(
                file, "byte-order-mark", "the file starts with a byte-order mark; save it as UTF-8 without BOM", line=1
            )
        )
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise MetadataError(
            Problem(file, "json-syntax", f"{error.msg} (column {error.colno})", line=error.lineno)
        ) from None
    if not isinstance(value, dict):
        raise MetadataError(Problem(file, "json-syntax", "the file must hold one JSON object"))
    return value


# --------------------------------------------------------------------------
# Descriptors
# --------------------------------------------------------------------------


def _descriptor_files(directory: Path) -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(directory):
        subfolders.sort()
        found += [Path(folder) / f for f in files if f.endswith(DESCRIPTOR_SUFFIX)]
    return sorted(found)


def to_package_path(descriptor_file: Path, csv_path: str, directory: Path) -> str:
    """The CSV path of a descriptor, made relative to the data folder."""
    folder = descriptor_file.parent.relative_to(directory)
    return (folder / csv_path).as_posix() if str(folder) != "." else csv_path


@lru_cache(maxsize=8)
def _index_cached(directory: str, stamp: tuple) -> dict[str, tuple[Path, dict]]:
    root = Path(directory)
    index: dict[str, tuple[Path, dict]] = {}
    for path, _, _ in stamp:
        descriptor = read_json(path, root)
        name = descriptor.get("name")
        if not isinstance(name, str) or not name:
            raise MetadataError(
                Problem(relative(path, root), "metadata", "the descriptor has no 'name'", column="name")
            )
        if name in index:
            raise MetadataError(
                Problem(
                    relative(path, root),
                    "unique-name",
                    f"dataset '{name}' is also declared in {relative(index[name][0], root)}",
                    column="name",
                )
            )
        expected = path.name[: -len(DESCRIPTOR_SUFFIX)] + ".csv"
        if descriptor.get("path") != expected:
            raise MetadataError(
                Problem(
                    relative(path, root),
                    "descriptor-path",
                    f"path is {descriptor.get('path')!r}; a descriptor describes the CSV beside it, {expected!r}",
                    column="path",
                )
            )
        resource = dict(descriptor)
        resource["path"] = to_package_path(path, descriptor["path"], root)
        index[name] = (path, resource)
    return index


def _index(directory: Path) -> dict[str, tuple[Path, dict]]:
    stats = [(p, p.stat()) for p in _descriptor_files(directory)]
    stamp = tuple((p, s.st_mtime_ns, s.st_size) for p, s in stats)
    return _index_cached(str(directory), stamp)


def forget() -> None:
    """Drop the parsed descriptors and changelog (after the package itself wrote them)."""
    _index_cached.cache_clear()
    _changelog_cached.cache_clear()
    _package_order_cached.cache_clear()


def resource_names(directory: Path | None = None) -> list[str]:
    """Names of all datasets declared by descriptors.

    In the order of ``datapackage.json`` (so assembling it reorders nothing),
    then datasets not yet assembled, by the path of their descriptor.
    """
    directory = directory or data_dir()
    names = list(_index(directory))
    order = {name: i for i, name in enumerate(_package_order(directory))}
    return sorted(names, key=lambda n: (order.get(n, len(order)), names.index(n)))


def resources(directory: Path | None = None) -> dict[str, dict]:
    """Every declared dataset's descriptor, by name, in the order of the descriptors' paths (one read of the index)."""
    directory = directory or data_dir()
    return {name: resource for name, (_, resource) in _index(directory).items()}


def _caller() -> str:
    chapter = os.environ.get(_CHAPTER_ENV) or os.environ.get("JPY_SESSION_NAME")
    return f" (called from {chapter})" if chapter else ""


def _unknown(name: str, directory: Path) -> UnknownDatasetError:
    known = resource_names(directory)
    close = difflib.get_close_matches(name, known, n=3)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    inline = _inline_names(directory)
    if name in inline:
        message = (
            f"dataset '{name}'{_caller()} is declared inline in {relative(directory / PACKAGE_FILE, directory)} "
            f"but has no descriptor beside its CSV: run `python -m ailayoffs migrate`"
        )
    else:
        message = (
            f"no dataset named '{name}'{_caller()}: no *{DESCRIPTOR_SUFFIX} under "
            f"{relative(directory, directory)}/ declares it.{hint} Known datasets: {', '.join(known)}"
        )
    return UnknownDatasetError(message, name, known)


def _package_order(directory: Path) -> list[str]:
    """Resource names in ``datapackage.json``'s order; empty if it cannot be read (``check`` says why)."""
    path = directory / PACKAGE_FILE
    try:
        stat = path.stat()
    except OSError:
        return []
    return list(_package_order_cached(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=8)
def _package_order_cached(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    try:
        package = json.loads(Path(path).read_text(encoding="utf-8"))
        return tuple(r.get("name") for r in package.get("resources", []) if isinstance(r, dict))
    except (OSError, ValueError, AttributeError):
        return ()


def _inline_names(directory: Path) -> set[str]:
    return set(_package_order(directory))


def entry(name: str, directory: Path) -> tuple[Path, dict]:
    """Descriptor file and (shared, not to be changed) descriptor of dataset ``name``."""
    found = _index(directory).get(name)
    if found is None:
        raise _unknown(name, directory)
    return found


def descriptor_path(name: str, directory: Path | None = None) -> Path:
    """The descriptor file of dataset ``name`` (``<csv stem>.resource.json`` beside the CSV)."""
    return entry(name, directory or data_dir())[0]


def resource_descriptor(name: str, directory: Path | None = None) -> dict:
    """Dataset ``name``'s descriptor as it appears in ``datapackage.json``.

    A deep copy (callers may change it freely); ``path`` is relative to the
    data folder, e.g. ``amazon/headcount_quarterly.csv``.

    Raises
    ------
    UnknownDatasetError
        If no descriptor declares ``name``; the message lists the known names.
    """
    return copy.deepcopy(entry(name, directory or data_dir())[1])


# --------------------------------------------------------------------------
# Provenance for captions
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetInfo:
    """Provenance of one dataset, for captions, source lines and the README."""

    name: str
    title: str
    path: str
    version: str
    retrieved: str
    sources: tuple[dict, ...]
    licence: str
    known_gaps: tuple[str, ...] = ()
    sha256: str = ""
    descriptor: str = ""

    @property
    def file(self) -> str:
        """Path of the CSV relative to the project root."""
        return f"data/{self.path}"

    @property
    def bibkeys(self) -> tuple[str, ...]:
        """Bibliography keys of the dataset's sources, in order, without repeats."""
        keys = [s["x-bibkey"] for s in self.sources if s.get("x-bibkey")]
        return tuple(dict.fromkeys(keys))


def info(name: str, directory: Path | None = None) -> DatasetInfo:
    """Return the provenance of dataset ``name`` from its descriptor."""
    directory = directory or data_dir()
    path, resource = entry(name, directory)
    return info_from(name, path, resource, directory)


def info_from(name: str, path: Path, resource: dict, directory: Path) -> DatasetInfo:
    """:class:`DatasetInfo` of a descriptor already at hand."""
    licences = resource.get("licenses") or []
    return DatasetInfo(
        name=name,
        title=resource.get("title", name),
        path=resource["path"],
        version=resource.get("version", ""),
        retrieved=resource.get("x-retrieved", ""),
        sources=tuple(copy.deepcopy(resource.get("sources", ()))),
        licence="; ".join(lic.get("title") or lic.get("name", "") for lic in licences),
        known_gaps=tuple(sorted(resource.get("x-periodic", {}).get("known_gaps", {}))),
        sha256=str(resource.get("hash", "")).removeprefix("sha256:"),
        descriptor=relative(path, directory),
    )


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------
# Changelog
# --------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _changelog_cached(path: str, mtime_ns: int, size: int) -> dict[str, frozenset[str]]:
    versions: dict[str, set[str]] = {}
    current = None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip().strip("`")
            versions.setdefault(current, set())
        elif line.startswith("### ") and current:
            match = re.match(r"###\s+(\d+\.\d+\.\d+)", line)
            if match:
                versions[current].add(match.group(1))
    return {k: frozenset(v) for k, v in versions.items()}


def changelog_versions(directory: Path | None = None) -> dict[str, set[str]]:
    """Versions recorded per dataset in ``data/CHANGELOG.md``.

    The changelog lists each dataset under a ``## name`` heading and each of its
    versions under a ``### x.y.z (YYYY-MM-DD)`` heading.
    """
    path = (directory or data_dir()) / CHANGELOG_FILE
    if not path.exists():
        return {}
    stat = path.stat()
    return {k: set(v) for k, v in _changelog_cached(str(path), stat.st_mtime_ns, stat.st_size).items()}
