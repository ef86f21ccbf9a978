"""Problems and error types of the data layer.

A :class:`Problem` is one way in which a file breaks its contract, located by
file, line, key and column and named by the rule that failed. Errors raised to
callers carry those problems (:class:`DataValidationError`), name a broken
metadata file (:class:`MetadataError`) or an unknown dataset
(:class:`UnknownDatasetError`).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DataValidationError", "MetadataError", "Problem", "RecordError", "UnknownDatasetError"]


@dataclass(frozen=True)
class Problem:
    """One way in which a data file breaks its contract.

    Attributes
    ----------
    file : str
        Path relative to the project root, e.g. ``data/amazon/x.csv``.
    rule : str
        Name of the rule that failed (``sha256``, ``type``, ``minimum``,
        ``primary-key``, ``required``, ``missing-column``, ``periodic-series``,
        ``min-rows``, ``decimal-comma`` ...).
    detail : str
        What was found, in words.
    line : int or None
        Line in the file (the header of a CSV is line 1), where the problem has one.
    column : str or None
        Column name (or descriptor property), where the problem has one.
    key : str or None
        Primary-key values of the offending row, e.g. ``period=2020Q3``.
    """

    file: str
    rule: str
    detail: str
    line: int | None = None
    column: str | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.key:
            where.append(f"key {self.key}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: rule '{self.rule}' failed: {self.detail}"


class DataValidationError(ValueError):
    """Raised when a dataset does not match its descriptor."""

    def __init__(self, name: str, problems: list[Problem]):
        self.name = name
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"dataset '{name}' failed validation ({len(problems)} problem{'s' if len(problems) != 1 else ''}):\n{lines}"
        )


class MetadataError(DataValidationError):
    """A descriptor or ``datapackage.json`` cannot be read (syntax, duplicates)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.name = problem.file
        self.problems = [problem]
        ValueError.__init__(self, str(problem))


class UnknownDatasetError(KeyError):
    """No descriptor declares a dataset of this name.

    A :class:`KeyError`, as before the data layer was split; ``str()`` gives
    the plain message (not the quoted repr ``KeyError`` would give).
    """

    def __init__(self, message: str, name: str, known: list[str]):
        super().__init__(message)
        self.message = message
        self.name = name
        self.known = known

    def __str__(self) -> str:
        return self.message


class RecordError(ValueError):
    """``bump``/``release`` refused to record a version (nothing changed, invalid file ...)."""
