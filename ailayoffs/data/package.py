"""``datapackage.json``, assembled from the descriptors beside the CSVs.

The descriptors (``<stem>.resource.json`` beside each CSV) are the source;
``data/datapackage.json`` is the standard's single-file view of them, for
``frictionless validate data/datapackage.json`` and any other Data Package
tool. Its package-level properties (name, title, licence ...) are edited in
the file itself; its ``resources`` are rewritten by :func:`assemble`, in the order of the
descriptors' paths; ``bump`` and ``release`` rewrite only the entry they
record (:func:`record_in_package`).

:func:`migrate` moves a resource written inline into ``datapackage.json`` (the
layout before descriptors) into a descriptor beside its CSV; it is idempotent.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .catalogue import (
    DESCRIPTOR_SUFFIX,
    PACKAGE_FILE,
    data_dir,
    forget,
    read_json,
    relative,
    resource_descriptor,
    resource_names,
    to_package_path,
)
from .errors import MetadataError, Problem

__all__ = [
    "assemble",
    "assembled",
    "default_min_rows",
    "dump",
    "migrate",
    "package_problems",
    "record_in_package",
    "write_descriptor",
]


def dump(value: dict) -> str:
    """The JSON text the book writes for metadata (2-space indent, UTF-8, final newline)."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _package(directory: Path) -> dict:
    return read_json(directory / PACKAGE_FILE, directory)


def _descriptor_file(directory: Path, package_path: str) -> Path:
    csv_path = directory / package_path
    return csv_path.with_name(csv_path.stem + DESCRIPTOR_SUFFIX)


def _normalised(resource: dict) -> dict:
    """An inline resource as assembly would write it (``sha256:`` hash)."""
    resource = dict(resource)
    if resource.get("hash") and not str(resource["hash"]).startswith(("sha256:", "md5:")):
        resource["hash"] = "sha256:" + resource["hash"]
    return resource


def _insert_after(resource: dict, after: str, key: str, value) -> dict:
    items = list(resource.items())
    at = next((i + 1 for i, (k, _) in enumerate(items) if k == after), len(items))
    return dict(items[:at] + [(key, value)] + items[at:])


def assembled(directory: Path | None = None) -> dict:
    """``datapackage.json`` as the descriptors say it should be.

    Raises
    ------
    MetadataError
        If ``datapackage.json`` lists a resource that no descriptor declares
        (run :func:`migrate`), or a metadata file cannot be parsed.
    """
    directory = directory or data_dir()
    package = _package(directory)
    names = resource_names(directory)
    orphans = [r.get("name") for r in package.get("resources", []) if r.get("name") not in names]
    if orphans:
        raise MetadataError(
            Problem(
                relative(directory / PACKAGE_FILE, directory),
                "migrate",
                f"resources {', '.join(map(str, orphans))} are written inline and have no "
                f"descriptor beside their CSV: run `python -m ailayoffs migrate`",
            )
        )
    return {
        **{k: v for k, v in package.items() if k != "resources"},
        "resources": [resource_descriptor(name, directory) for name in names],
    }


def assemble(directory: Path | None = None) -> bool:
    """Rewrite ``datapackage.json`` from the descriptors; return whether it changed."""
    directory = directory or data_dir()
    text = dump(assembled(directory))
    path = directory / PACKAGE_FILE
    if path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    forget()
    return True


def record_in_package(name: str, directory: Path | None = None) -> None:
    """Write dataset ``name``'s descriptor into ``datapackage.json``, leaving every other entry as recorded.

    ``bump`` and ``release`` record one dataset: an unrecorded metadata edit of
    another descriptor must stay visible (``check`` reports the package as not
    assembled) rather than be recorded under that dataset's old version.
    """
    directory = directory or data_dir()
    package = _package(directory)
    recorded = {r.get("name"): r for r in package.get("resources", [])}
    recorded[name] = resource_descriptor(name, directory)
    order = [n for n in resource_names(directory) if n in recorded]
    package["resources"] = [recorded[n] for n in order] + [r for n, r in recorded.items() if n not in order]
    (directory / PACKAGE_FILE).write_text(dump(package), encoding="utf-8")
    forget()


def package_problems(directory: Path | None = None) -> list[Problem]:
    """Problems of ``datapackage.json``: unreadable, or not what the descriptors assemble to."""
    directory = directory or data_dir()
    file = relative(directory / PACKAGE_FILE, directory)
    try:
        expected = dump(assembled(directory))
    except MetadataError as error:
        return [error.problem]
    if (directory / PACKAGE_FILE).read_text(encoding="utf-8") != expected:
        return [
            Problem(
                file,
                "assembled",
                "datapackage.json is not what the descriptors beside the CSVs "
                "assemble to: run `python -m ailayoffs assemble` (or `migrate`, if you "
                "edited datapackage.json by hand)",
            )
        ]
    return []


def default_min_rows(csv_path: Path) -> int:
    """A minimum row count for a dataset that declares none: nine tenths of its rows now, at least 1."""
    if not csv_path.exists():
        return 1
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    return max(1, (len(rows) - 1) * 9 // 10)


def write_descriptor(path: Path, resource: dict, directory: Path) -> None:
    """Write ``resource`` (package form: path relative to the data folder) as the descriptor ``path``."""
    descriptor = dict(resource)
    descriptor["path"] = Path(resource["path"]).name
    path.write_text(dump(descriptor), encoding="utf-8")
    forget()


def migrate(directory: Path | None = None, prefer: str | None = None) -> list[str]:
    """Move every inline resource of ``datapackage.json`` into a descriptor beside its CSV, then assemble.

    Idempotent: a resource whose descriptor already says the same is left
    alone. A resource whose descriptor exists but says something else is a
    conflict: nothing is written unless ``prefer`` is ``"package"`` (the inline
    entry wins) or ``"descriptor"`` (the descriptor wins).

    Returns
    -------
    list of str
        One line per action taken, for the command line.

    Raises
    ------
    MetadataError
        On a conflict without ``prefer`` (the message lists the resources and
        the properties that differ).
    """
    directory = directory or data_dir()
    package = _package(directory)
    plan: list[tuple[Path, dict]] = []
    actions, conflicts = [], []
    for inline in package.get("resources", []):
        resource = _normalised(inline)
        target = _descriptor_file(directory, resource["path"])
        if target.exists():
            current = read_json(target, directory)
            current["path"] = to_package_path(target, current.get("path", ""), directory)
            if current == resource:
                continue
            differing = sorted(k for k in set(current) | set(resource) if current.get(k) != resource.get(k))
            if prefer == "package":
                plan.append((target, resource))
                actions.append(
                    f"{resource['name']}: descriptor replaced by the entry in {PACKAGE_FILE} ({', '.join(differing)})"
                )
            elif prefer == "descriptor":
                actions.append(
                    f"{resource['name']}: kept {relative(target, directory)} "
                    f"(ignored {PACKAGE_FILE}'s {', '.join(differing)})"
                )
            else:
                conflicts.append(f"{resource['name']} ({relative(target, directory)}: {', '.join(differing)})")
            continue
        if not (directory / resource["path"]).exists():
            actions.append(f"{resource['name']}: dropped (neither its CSV nor a descriptor exists)")
            continue
        if "x-min-rows" not in resource:
            resource = _insert_after(
                resource, "x-retrieved", "x-min-rows", default_min_rows(directory / resource["path"])
            )
        plan.append((target, resource))
        actions.append(f"{resource['name']}: moved to {relative(target, directory)}")
    if conflicts:
        raise MetadataError(
            Problem(
                relative(directory / PACKAGE_FILE, directory),
                "migrate",
                "these entries differ from their descriptors: "
                + "; ".join(conflicts)
                + ". Re-run with --prefer package (keep the entry in datapackage.json) or "
                "--prefer descriptor (keep the descriptor)",
            )
        )
    for target, resource in plan:
        write_descriptor(target, resource, directory)
    # resources dropped above must not stop assembly
    kept = {r.get("name") for r in package.get("resources", [])} & set(resource_names(directory))
    package["resources"] = [r for r in package.get("resources", []) if r.get("name") in kept]
    (directory / PACKAGE_FILE).write_text(dump(package), encoding="utf-8")
    forget()
    if assemble(directory):
        actions.append(f"{PACKAGE_FILE} re-assembled from the descriptors")
    return actions
