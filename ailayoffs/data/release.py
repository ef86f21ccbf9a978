"""Record a new version of a dataset: ``bump`` (a revision) and ``release`` (the first).

Recording writes the file's ``sha256:`` hash, size, version and retrieval
date into the dataset's descriptor, adds an entry to ``data/CHANGELOG.md`` and
rewrites its entry in ``datapackage.json``. It refuses a file that breaks any rule of
its descriptor or disagrees with a dataset it must agree with
(``x-agrees-with``), and a bump when nothing changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from .catalogue import (
    CHANGELOG_FILE,
    PACKAGE_FILE,
    data_dir,
    descriptor_path,
    forget,
    read_json,
    relative,
    resource_descriptor,
)
from .errors import DataValidationError, RecordError
from .loader import agreements, frame_from_rows
from .package import record_in_package, write_descriptor
from .validation import check_content, metadata_problems

__all__ = ["next_version", "record_version"]

_VOLATILE = ("version", "hash", "bytes", "x-retrieved")


def next_version(version: str, level: str) -> str:
    """The version after ``version`` at ``level`` (``major``, ``minor`` or ``patch``)."""
    major, minor, patch = (int(p) for p in version.split("."))
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def _add_changelog_entry(directory: Path, name: str, version: str, day: str, note: str) -> None:
    path = directory / CHANGELOG_FILE
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else ["# Data changelog", ""]
    entry = [f"### {version} ({day})", "", f"- {note}", ""]
    heading = f"## {name}"
    if heading in lines:
        at = lines.index(heading) + 1
        while at < len(lines) and not lines[at].strip():
            at += 1
        lines[at:at] = entry  # newest first
    else:
        lines += ["", heading, ""] + entry
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    forget()


def _recorded_entry(name: str, directory: Path) -> dict | None:
    """The dataset's entry in datapackage.json: its state when last recorded or assembled."""
    try:
        package = read_json(directory / PACKAGE_FILE, directory)
    except Exception:  # noqa: BLE001 - an unreadable package only disables the metadata comparison
        return None
    return next((r for r in package.get("resources", []) if r.get("name") == name), None)


def record_version(
    name: str, note: str, level: str | None = "minor", day: str | None = None, directory: Path | None = None
) -> str:
    """Record the current file of dataset ``name`` as a new version.

    Updates ``version``, ``hash`` (``sha256:<hex>``), ``bytes`` and
    ``x-retrieved`` in the dataset's descriptor, adds a CHANGELOG entry and
    rewrites its entry in ``datapackage.json``. With ``level=None`` the declared
    version is kept (first release of a new dataset, which must not yet have a
    hash).

    Returns
    -------
    str
        The version now recorded.

    Raises
    ------
    UnknownDatasetError
        If no descriptor declares ``name``.
    RecordError
        If the file breaks a rule of its descriptor, if nothing changed since
        the recorded version, or if a released dataset is released again.
    """
    directory = directory or data_dir()
    day = day or dt.date.today().isoformat()
    resource = resource_descriptor(name, directory)
    target = descriptor_path(name, directory)
    path = directory / resource["path"]
    file = relative(path, directory)
    if not path.exists():
        raise RecordError(f"{file}: the file named in {relative(target, directory)} does not exist")
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    problems = [
        p
        for p in metadata_problems(name, resource, directory, file, relative(target, directory), check_changelog=False)
        if p.column != "hash"
    ]
    content = check_content(resource, raw, file, check_hash=False)
    problems += content.problems
    if not problems:
        try:
            problems = agreements(name, directory, frame_from_rows(resource, content.rows))
        except DataValidationError as error:
            problems = error.problems
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise RecordError(
            f"not recorded: {file} breaks its descriptor ({len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''}); fix the file first:\n{listed}"
        )
    recorded = str(resource.get("hash", "")).removeprefix("sha256:")
    if level is None:
        if recorded:
            raise RecordError(f"'{name}' already has a released version {resource['version']}; use bump")
        version = resource.get("version") or "1.0.0"
    else:
        if recorded == digest:
            entry = _recorded_entry(name, directory)
            unchanged_metadata = (
                entry is not None
                and all(entry.get(k) == v for k, v in resource.items() if k not in _VOLATILE + ("path",))
                and set(entry) - set(_VOLATILE) == set(resource) - set(_VOLATILE)
            )
            if level != "patch":
                raise RecordError(
                    f"nothing to record: {file} is unchanged since version {resource['version']} "
                    "(a change of notes or metadata only is a patch: --level patch)"
                )
            if unchanged_metadata:
                raise RecordError(
                    f"nothing to record: neither {file} nor {relative(target, directory)} changed "
                    f"since version {resource['version']}"
                )
        version = next_version(resource["version"], level)
    descriptor = read_json(target, directory)
    descriptor["version"] = version
    descriptor["hash"] = f"sha256:{digest}"
    descriptor["bytes"] = len(raw)
    if level is not None:
        descriptor["x-retrieved"] = day
    descriptor["path"] = resource["path"]
    write_descriptor(target, descriptor, directory)
    _add_changelog_entry(directory, name, version, day, note)
    record_in_package(name, directory)
    return version
