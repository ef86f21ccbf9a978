"""What a chapter's executed outputs depend on, for the execution cache key.

A chapter's outputs change when one of four things changes:

* a dataset it loads: the literal names in its ``load("...")`` calls (the
  package never loads data itself, which a test enforces), each dataset's
  metadata and file;
* a package module it imports, directly or through other package modules
  (followed statically through the ``import`` statements of its code cells and
  of each ``ailayoffs`` module they reach, with :mod:`ast`), plus the package's
  non-Python files;
* the installed version of a library (every distribution pinned in
  ``requirements.txt``, at the version actually installed);
* the Python version.

:func:`chapter_fingerprint` hashes all four into a short key; the book build
(``_ext/data_cache.py``) writes it into a hidden first cell so that
jupyter-cache, which keys on code cells only, re-executes exactly the chapters
whose inputs changed. :func:`chapter_dependencies` lists the same inputs as
files, so an incremental Sphinx build re-reads such a chapter.

Imports that :mod:`ast` cannot see (``importlib.import_module`` with a computed
name) are not followed; the package has none, and a test keeps it so.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import data

__all__ = [
    "LOAD_CALL",
    "PACKAGE",
    "chapter_datasets",
    "chapter_dependencies",
    "chapter_fingerprint",
    "chapter_modules",
    "code_cells",
    "dataset_files",
    "environment_description",
    "environment_fingerprint",
    "fingerprint",
    "imported_modules",
    "module_closure",
    "module_file",
    "package_data_files",
    "package_files",
]

LOAD_CALL = re.compile(r"""\bload\(\s*["']([A-Za-z0-9_]+)["']""")
PACKAGE = "ailayoffs"
PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
REQUIREMENTS = ROOT / "requirements.txt"
CODE_CELL = re.compile(
    r"^(?P<fence>`{3,}|~{3,})\{code-cell\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL
)
OPTIONS_BLOCK = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
MAGIC_LINE = re.compile(r"^\s*[%!].*$", re.MULTILINE)
PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*==", re.MULTILINE)


# --------------------------------------------------------------------------
# Datasets
# --------------------------------------------------------------------------


def chapter_datasets(text: str) -> list[str]:
    """Sorted names of the datasets a chapter's text loads.

    Parameters
    ----------
    text : str
        The chapter's MyST source.

    Returns
    -------
    list of str
        The distinct literal names in ``load("name")`` calls, sorted.
    """
    return sorted(set(LOAD_CALL.findall(text)))


def dataset_files(name: str, directory: Path | None = None) -> list[Path]:
    """The files that describe and hold dataset ``name``.

    The data file itself plus any metadata file beside it that shares its stem
    (``x.csv`` -> ``x.resource.json``, ``x.schema.yaml`` ...), sorted.
    """
    directory = directory or data.data_dir()
    csv = directory / data.info(name, directory).path
    beside = [p for p in csv.parent.glob(f"{csv.stem}.*") if p.is_file() and p != csv]
    return [csv, *sorted(beside)]


def _dataset_metadata(name: str, directory: Path) -> str:
    """The dataset's entry in the package descriptor, as canonical JSON."""
    descriptor = getattr(data, "package_descriptor", None)
    if descriptor is not None:
        for resource in descriptor(directory).get("resources", []):
            if isinstance(resource, dict) and resource.get("name") == name:
                return json.dumps(resource, sort_keys=True, default=str)
    return json.dumps(data.info(name, directory).__dict__, sort_keys=True, default=str)


# --------------------------------------------------------------------------
# Package modules a chapter imports
# --------------------------------------------------------------------------


def code_cells(text: str) -> list[str]:
    """Source of each ``{code-cell}`` in a MyST notebook, options removed."""
    cells = []
    for match in CODE_CELL.finditer(text):
        body = OPTIONS_BLOCK.sub("", match.group("body"), count=1)
        lines = body.split("\n")
        while lines and lines[0].startswith(":"):
            lines.pop(0)
        cells.append("\n".join(lines))
    return cells


def module_file(name: str) -> Path | None:
    """The source file of package module ``name`` (``ailayoffs.x.y``), or None.

    None for a name outside the package or one that is not a module (an
    attribute such as ``ailayoffs.load``).
    """
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if len(parts) > 1 and base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def _parse(source: str, label: str) -> ast.Module | None:
    try:
        return ast.parse(source, filename=label)
    except SyntaxError:
        pass
    try:  # IPython magics and shell escapes are not Python
        return ast.parse(MAGIC_LINE.sub("", source), filename=label)
    except SyntaxError:
        return None


def imported_modules(tree: ast.Module, module: str | None = None, is_package: bool = False) -> set[str]:
    """Names an ``import`` statement in ``tree`` may bind, resolved to absolute names.

    Parameters
    ----------
    tree : ast.Module
        Parsed source.
    module : str, optional
        Dotted name of the module the source belongs to, for relative imports.
    is_package : bool
        Whether that module is a package's ``__init__``.

    Returns
    -------
    set of str
        For ``from a.b import c`` both ``a.b`` and ``a.b.c`` (the latter may be a
        submodule or an attribute: :func:`module_file` tells them apart).
    """
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if module is None:
                    continue
                parts = module.split(".") if is_package else module.split(".")[:-1]
                parts = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
                base = ".".join([*parts, node.module] if node.module else parts)
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return {name for name in found if name.split(".")[0] == PACKAGE}


@lru_cache(maxsize=256)
def _module_imports(path: Path, mtime_ns: int, name: str) -> frozenset[str]:
    tree = _parse(path.read_text(encoding="utf-8"), str(path))
    if tree is None:
        raise SyntaxError(f"cannot parse {path} to follow its imports")
    return frozenset(imported_modules(tree, name, is_package=path.name == "__init__.py"))


def module_closure(names: set[str] | list[str]) -> list[str]:
    """Package modules that importing ``names`` executes, transitively, sorted.

    Importing ``a.b.c`` runs ``a/__init__``, ``a/b/__init__`` and ``a/b/c``;
    each of those modules' own package imports are followed in turn.
    """
    seen: set[str] = set()
    todo = [n for n in names if n.split(".")[0] == PACKAGE]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = module_file(name)
        if path is None:
            continue
        seen.add(name)
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(_module_imports(path, path.stat().st_mtime_ns, name))
    return sorted(seen)


def chapter_modules(text: str) -> list[str]:
    """Package modules a chapter's code cells import, directly or indirectly.

    A cell that cannot be parsed as Python makes the chapter depend on every
    package module (the safe choice).
    """
    names: set[str] = set()
    for number, cell in enumerate(code_cells(text), start=1):
        tree = _parse(cell, f"<code cell {number}>")
        if tree is None:
            return sorted(_all_modules())
        names |= imported_modules(tree)
    return module_closure(names)


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE_DIR).with_suffix("")
    parts = [PACKAGE, *relative.parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_files() -> list[Path]:
    """Every Python source file of the package, sorted."""
    return sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def _all_modules() -> list[str]:
    return sorted(_module_name(p) for p in package_files())


def package_data_files() -> list[Path]:
    """Non-Python files inside the package (themes, templates), sorted."""
    return sorted(
        p
        for p in PACKAGE_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".py", ".pyc")
    )


# --------------------------------------------------------------------------
# Interpreter and libraries
# --------------------------------------------------------------------------


def _pinned_names() -> list[str]:
    if REQUIREMENTS.is_file():
        return sorted(set(PIN.findall(REQUIREMENTS.read_text(encoding="utf-8"))), key=str.lower)
    return sorted({d.metadata["Name"] for d in metadata.distributions() if d.metadata["Name"]}, key=str.lower)


@lru_cache(maxsize=1)
def environment_description() -> str:
    """The interpreter and the installed version of every pinned library, one per line.

    The pinned names come from ``requirements.txt`` (every installed
    distribution when the file is absent); the versions are the installed ones,
    so an upgrade in the virtual environment changes the description even when
    the file did not change. Extra tools installed beside the pins (JupyterLab
    by ``make lab``) do not enter it.
    """
    lines = [f"python {sys.version.split()[0]} ({sys.implementation.name})"]
    for name in _pinned_names():
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "not installed"
        lines.append(f"{name.lower()} {version}")
    return "\n".join(lines) + "\n"


def environment_fingerprint() -> str:
    """Short sha256 of :func:`environment_description`."""
    return hashlib.sha256(environment_description().encode()).hexdigest()[:16]


# --------------------------------------------------------------------------
# Fingerprints
# --------------------------------------------------------------------------


def fingerprint(names: list[str], modules: list[str] | None = None, directory: Path | None = None) -> str:
    """sha256 over the environment, package modules and, per dataset, its metadata and files.

    Parameters
    ----------
    names : list of str
        Datasets the chapter loads; only their metadata and files enter the
        hash, so a change to another dataset leaves the key as it was.
    modules : list of str, optional
        Package modules the chapter imports (see :func:`chapter_modules`);
        every package module when None.
    directory : Path, optional
        The data folder (default :func:`ailayoffs.data.data_dir`).

    Returns
    -------
    str
        16 hex digits.
    """
    directory = directory or data.data_dir()
    modules = _all_modules() if modules is None else modules
    digest = hashlib.sha256()
    digest.update(environment_description().encode())
    for path in [module_file(m) for m in sorted(modules)] + package_data_files():
        if path is not None:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    for name in sorted(names):
        digest.update(name.encode())
        digest.update(_dataset_metadata(name, directory).encode())
        for path in dataset_files(name, directory):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def chapter_fingerprint(text: str, directory: Path | None = None) -> str:
    """The cache key of a chapter: :func:`fingerprint` of what its text loads and imports."""
    return fingerprint(chapter_datasets(text), chapter_modules(text), directory)


def chapter_dependencies(text: str, directory: Path | None = None) -> list[Path]:
    """Files whose change should make an incremental build re-read the chapter.

    The package descriptor, each loaded dataset's files, the imported modules'
    sources and the package's data files (the environment is tracked by the
    build extension, which writes it to a file).
    """
    directory = directory or data.data_dir()
    files = [directory / "datapackage.json"] if (directory / "datapackage.json").exists() else []
    for name in chapter_datasets(text):
        files += dataset_files(name, directory)
    files += [p for p in (module_file(m) for m in chapter_modules(text)) if p is not None]
    files += package_data_files()
    return list(dict.fromkeys(files))
