"""Check a dataset against its descriptor in one pass over its bytes.

:func:`check_content` takes the file's bytes (read once by the caller),
catches what makes a CSV unreadable before anything else (empty file,
byte-order mark, encoding, wrong delimiter, missing or unknown columns), then
runs frictionless' validation with the book's checks and collects the typed
rows on the way, so that :mod:`ailayoffs.data.loader` builds its frame from
the very values frictionless checked. frictionless errors are mapped to
:class:`~ailayoffs.data.errors.Problem` by their ``type`` and their row, field
and cell attributes; the violated constraint is found with the field's own
``read_cell``, never by reading message text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import frictionless

from .catalogue import (
    CHANGELOG_FILE,
    DESCRIPTOR_SUFFIX,
    changelog_versions,
    data_dir,
    descriptor_path,
    relative,
    resource_descriptor,
)
from .checks import checks_for
from .errors import Problem

__all__ = ["Content", "check_content", "metadata_problems", "validate"]

_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
_HASH = re.compile(r"^sha256:[0-9a-f]{64}$")
_BOM = b"\xef\xbb\xbf"
_OTHER_DELIMITERS = (";", "\t", "|")
_DECIMAL_COMMA = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+),\d+$")

_RULE_NAMES = {
    "primary-key": "primary-key",
    "hash-count": "sha256",
    "extra-cell": "csv-shape",
    "missing-cell": "csv-shape",
    "blank-row": "csv-shape",
    "duplicate-label": "duplicate-column",
    "blank-label": "blank-column",
    "encoding-error": "encoding",
    "source-error": "csv-format",
    "format-error": "csv-format",
    "scheme-error": "csv-format",
    "unique-error": "unique",
}
_REQUIRED = ("title", "description", "version", "hash", "sources", "licenses", "x-retrieved", "x-min-rows", "schema")


@dataclass
class Content:
    """What one validation pass found: the problems and the typed rows."""

    problems: list[Problem]
    rows: list[list] = field(default_factory=list)


def metadata_problems(
    name: str, resource: dict, directory: Path, file: str, descriptor: str, check_changelog: bool = True
) -> list[Problem]:
    """Problems of the descriptor itself: required properties, version, hash, units, changelog."""
    problems = []
    for prop in _REQUIRED:
        if resource.get(prop) in (None, "", [], {}):
            problems.append(Problem(file, "metadata", f"{descriptor} lacks '{prop}'", column=prop))
    version = resource.get("version", "")
    if version and not _SEMVER.match(str(version)):
        problems.append(
            Problem(file, "metadata", f"version '{version}' is not semantic (MAJOR.MINOR.PATCH)", column="version")
        )
    digest = resource.get("hash")
    if digest and not _HASH.match(str(digest)):
        problems.append(
            Problem(
                file,
                "metadata",
                f"hash {str(digest)[:20]}... is not 'sha256:<64 hex digits>' "
                "(the Data Package standard reads a bare hash as MD5); record the file with "
                f"`python -m ailayoffs bump {name}`",
                column="hash",
            )
        )
    for source in resource.get("sources", []):
        if not (source.get("path") or source.get("x-repository")):
            problems.append(Problem(file, "metadata", f"source '{source.get('title')}' has no URL or repository path"))
    for column in resource.get("schema", {}).get("fields", []):
        if column.get("type") in ("number", "integer") and not column.get("unit"):
            problems.append(Problem(file, "metadata", "numeric column has no 'unit'", column=column["name"]))
    if check_changelog and version and version not in changelog_versions(directory).get(name, set()):
        problems.append(
            Problem(file, "changelog", f"version {version} of '{name}' has no entry in data/{CHANGELOG_FILE}")
        )
    return problems


def validate(name: str, directory: Path | None = None) -> list[Problem]:
    """Check dataset ``name`` against its descriptor; return the problems found.

    An empty list means the file matches its descriptor: metadata, sha256,
    schema and the book's ``x-`` rules (see :mod:`ailayoffs.data.checks`).
    """
    directory = directory or data_dir()
    resource = resource_descriptor(name, directory)
    path = directory / resource["path"]
    file = relative(path, directory)
    descriptor = relative(descriptor_path(name, directory), directory)
    if not path.exists():
        return [Problem(file, "file-exists", f"the file named in {descriptor} does not exist")]
    problems = metadata_problems(name, resource, directory, file, descriptor)
    return problems + check_content(resource, path.read_bytes(), file).problems


def _key(fields: list[str], primary: list[str], cells: list | None) -> str | None:
    if not cells:
        return None
    parts = [f"{n}={cells[fields.index(n)]}" for n in primary if n in fields and fields.index(n) < len(cells)]
    return ", ".join(parts) or None


def _primary(resource: dict) -> list[str]:
    primary = resource["schema"].get("primaryKey") or []
    return [primary] if isinstance(primary, str) else list(primary)


def _line_of(raw: bytes, offset: int) -> int:
    return raw[:offset].count(b"\n") + 1


def _readability(resource: dict, raw: bytes, file: str) -> list[Problem]:
    """The causes that make every later error a follow-on: reported alone, first."""
    expected = [f["name"] for f in resource["schema"]["fields"]]
    if not raw.strip():
        return [
            Problem(
                file,
                "empty-file",
                f"the file is empty ({len(raw)} bytes); it needs at least the header line {','.join(expected)}",
            )
        ]
    if raw.startswith(_BOM):
        return [
            Problem(
                file,
                "byte-order-mark",
                "the file starts with a UTF-8 byte-order mark (as Excel's "
                "'CSV UTF-8' writes it); save it as UTF-8 without BOM",
                line=1,
            )
        ]
    encoding = resource.get("encoding", "utf-8")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        return [
            Problem(
                file,
                "encoding",
                f"byte {raw[error.start]:#04x} is not valid {encoding} ({error.reason}); save the file as {encoding}",
                line=_line_of(raw, error.start),
            )
        ]
    header = next(csv.reader(io.StringIO(text)), [])
    header = [label.strip() for label in header]
    if len(header) == 1 and len(expected) > 1:
        for delimiter in _OTHER_DELIMITERS:
            if header[0].count(delimiter) and set(header[0].split(delimiter)) & set(expected):
                shown = {"\t": "a tab"}.get(delimiter, repr(delimiter))
                return [
                    Problem(
                        file,
                        "delimiter",
                        f"columns are separated by {shown} (as a German spreadsheet "
                        "exports CSV), but the descriptor declares commas: export with "
                        "',' as separator and '.' as decimal mark",
                        line=1,
                    )
                ]
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected]
    return [
        Problem(file, "missing-column", "column declared in the schema is absent", line=1, column=c) for c in missing
    ] + [Problem(file, "unknown-column", "column is not declared in the schema", line=1, column=c) for c in unknown]


def _decimal_comma(cells: list, fields: list[dict]) -> int | None:
    """Index of a numeric field whose value a decimal comma split into two cells, if any."""
    if len(cells) != len(fields) + 1:
        return None
    for index, spec in enumerate(fields):
        if spec.get("type") in ("number", "integer") and index + 1 < len(cells):
            whole, fraction = str(cells[index]).strip(), str(cells[index + 1]).strip()
            if re.fullmatch(r"-?\d+", whole) and re.fullmatch(r"\d+", fraction):
                return index
    return None


def check_content(resource: dict, raw: bytes, file: str, check_hash: bool = True) -> Content:
    """Validate a CSV's bytes against ``resource``; return problems and typed rows.

    Parameters
    ----------
    resource : dict
        The dataset's descriptor (as :func:`resource_descriptor` returns it).
    raw : bytes
        The file's content.
    file : str
        The file's name for messages, e.g. ``data/amazon/x.csv``.
    check_hash : bool
        Compare the bytes with the recorded ``hash`` (``bump`` turns this off
        to vet a changed file before recording it).
    """
    early = _readability(resource, raw, file)
    if early:
        return Content(early)
    fields = resource["schema"]["fields"]
    names = [f["name"] for f in fields]
    primary = _primary(resource)
    checks = checks_for(resource)
    columns = {type(c).Errors[0].type: c.column for c in reversed(checks)}
    options = {
        "name": resource["name"],
        "format": "csv",
        "encoding": resource.get("encoding", "utf-8"),
        "schema": frictionless.Schema.from_descriptor(resource["schema"]),
    }
    if resource.get("dialect"):
        options["dialect"] = frictionless.Dialect.from_descriptor(resource["dialect"])
    if check_hash and resource.get("hash"):
        options["hash"] = "sha256:" + str(resource["hash"]).removeprefix("sha256:")
    rows: list[list] = []
    first_line: dict[tuple, int] = {}

    def collect(row) -> None:
        rows.append(row.to_list())
        first_line.setdefault(tuple(row.get(n) for n in primary), row.row_number)

    report = frictionless.Resource(raw, **options).validate(
        checklist=frictionless.Checklist(checks=checks), on_row=collect, limit_errors=200
    )
    schema_fields = {f["name"]: f for f in fields}
    frictionless_fields = {f.name: f for f in options["schema"].fields}
    problems: list[Problem] = []
    causes: list[Problem] = []
    split_rows: set[int] = set()
    errors = [error for task in report.tasks for error in task.errors]
    for error in errors:  # decimal commas first: they cause the other errors of their row
        cells = getattr(error, "cells", None)
        line = getattr(error, "row_number", None)
        if error.type == "extra-cell" and line not in split_rows:
            index = _decimal_comma(cells, fields)
            if index is not None:
                split_rows.add(line)
                value = f"{cells[index]},{cells[index + 1]}"
                causes.append(
                    Problem(
                        file,
                        "decimal-comma",
                        f"value '{value}' is written with a decimal comma, "
                        f"which splits it into two cells; write {value.replace(',', '.')}",
                        line=line,
                        column=names[index],
                        key=_key(names, primary, cells),
                    )
                )
    for error in errors:
        line = getattr(error, "row_number", None)
        if line in split_rows:
            continue
        column = getattr(error, "field_name", None)
        cells = getattr(error, "cells", None)
        key = _key(names, primary, cells)
        cell = getattr(error, "cell", None)
        if (
            error.type == "type-error"
            and schema_fields.get(column, {}).get("type") in ("number", "integer")
            and _DECIMAL_COMMA.match(str(cell).strip())
        ):
            causes.append(
                Problem(
                    file,
                    "decimal-comma",
                    f"value {cell!r} is written with a decimal comma; write "
                    f"{str(cell).replace('.', '').replace(',', '.')}",
                    line=line,
                    column=column,
                    key=key,
                )
            )
            continue
        problems.append(
            _problem(
                error, resource, schema_fields, frictionless_fields, columns, first_line, file, line, column, key, raw
            )
        )
    return Content(causes + problems, rows)


def _problem(error, resource, schema_fields, frictionless_fields, columns, first_line, file, line, column, key, raw):
    etype = error.type
    cell = getattr(error, "cell", None)
    if etype == "constraint-error":
        _, notes = frictionless_fields[column].read_cell(cell)
        rule = next(iter(notes or {}), "constraint")
        limit = schema_fields.get(column, {}).get("constraints", {}).get(rule)
        detail = (
            "empty cell in a required column" if rule == "required" else f"value {cell!r} violates {rule}={limit!r}"
        )
        return Problem(file, rule, detail, line=line, column=column, key=key)
    if etype == "type-error":
        ftype = schema_fields.get(column, {}).get("type")
        return Problem(file, "type", f"value {cell!r} is not of type '{ftype}'", line=line, column=column, key=key)
    if etype == "primary-key":
        values = tuple(schema_field_value(frictionless_fields, n, error) for n in _primary(resource))
        earlier = first_line.get(values)
        where = f" (same key as line {earlier})" if earlier and earlier != line else ""
        return Problem(file, "primary-key", f"duplicate primary key{where}", line=line, key=key)
    if etype == "hash-count":
        recorded = str(resource.get("hash", "")).removeprefix("sha256:")
        if b"\r\n" in raw and hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest() == recorded:
            return Problem(
                file,
                "line-endings",
                "the file has Windows line endings (CRLF) where the recorded version has LF: a checkout "
                "or an editor converted them. Restore LF (`git checkout -- <file>` honours "
                ".gitattributes; or `dos2unix`); the data themselves are unchanged",
            )
        return Problem(
            file,
            "sha256",
            "file content differs from the sha256 recorded in its descriptor "
            f"({Path(resource['path']).stem}{DESCRIPTOR_SUFFIX}): the data changed without a version "
            f"bump. Record the change with `python -m ailayoffs bump {resource['name']} --note '...'` "
            "(new version, sha256 and CHANGELOG entry).",
        )
    if etype in columns:
        return Problem(file, etype, error.note, line=line, key=key, column=columns[etype])
    return Problem(file, _RULE_NAMES.get(etype, etype), error.note or error.message, line=line, column=column, key=key)


def schema_field_value(frictionless_fields: dict, name: str, error):
    """The typed value of primary-key field ``name`` in the row an error points at."""
    cells = getattr(error, "cells", None) or []
    index = list(frictionless_fields).index(name)
    if index >= len(cells):
        return None
    value, _ = frictionless_fields[name].read_cell(cells[index])
    return value
