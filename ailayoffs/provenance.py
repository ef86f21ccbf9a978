"""What a chapter depends on: the datasets it loads and the package source.

Used by the book build (``_ext/data_cache.py``) to key the execution cache, and
by tests. A chapter's datasets are the literal names in its ``load("...")``
calls.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .data import data_dir
from .data import resource_descriptor as _resource

__all__ = ["LOAD_CALL", "chapter_datasets", "dependency_files", "fingerprint", "package_files"]

LOAD_CALL = re.compile(r"""\bload\(\s*["']([A-Za-z0-9_]+)["']""")
PACKAGE_DIR = Path(__file__).resolve().parent


def chapter_datasets(text: str) -> list[str]:
    """Sorted names of the datasets a chapter's text loads."""
    return sorted(set(LOAD_CALL.findall(text)))


def package_files() -> list[Path]:
    """The package's Python source files, sorted."""
    return sorted(PACKAGE_DIR.glob("*.py"))


def dependency_files(names: list[str], directory: Path | None = None) -> list[Path]:
    """Files whose change should re-execute a chapter loading ``names``."""
    directory = directory or data_dir()
    csvs = [directory / _resource(name, directory)["path"] for name in names]
    return [directory / "datapackage.json", *csvs, *package_files()]


def fingerprint(names: list[str], directory: Path | None = None) -> str:
    """sha256 over the package source and, per dataset, its metadata and file.

    Only the named datasets' entries in ``datapackage.json`` enter the hash, so
    a change to another dataset leaves this chapter's key as it was.
    """
    directory = directory or data_dir()
    digest = hashlib.sha256()
    for path in package_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for name in names:
        resource = _resource(name, directory)
        digest.update(json.dumps(resource, sort_keys=True).encode())
        digest.update((directory / resource["path"]).read_bytes())
    return digest.hexdigest()[:16]
