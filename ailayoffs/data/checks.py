"""The book's rules beyond the Table Schema standard, as frictionless checks.

A descriptor declares each rule as an ``x-`` property; :func:`checks_for`
turns those into checks that run inside frictionless' single validation pass.
Each rule reports its own error type, so problems are mapped by type, never by
message text.

``x-min-rows``
    ``N``: the file must hold at least N data rows (a header-only or truncated
    file fails naming the file). Without it, one row is required.
``x-periodic``
    ``{"field": "period", "frequency": "Q" | "Y", "by": [...], "known_gaps": {...}}``:
    rows must be in time order within each group and consecutive, except for
    periods listed (with a reason) under ``known_gaps``. With ``by`` set,
    ``known_gaps`` may map each group (its values joined by ``|``, e.g.
    ``"aws_net_sales"``) to its own ``{period: reason}``.
``x-period-date``
    ``{"period_field": "period", "date_field": "quarter_end", "frequency": "Q",
    "anchor": "end" | "start"}``: the date in each row is the first or last day
    of the row's period label.
``x-unit-by``
    ``{"unit_field": "unit", "by": "metric", "units": {metric: unit}}``: the
    unit recorded in each row must be the unit declared for its metric.
``x-row-sums``
    ``{"fields": [...], "total": 100, "tolerance": 0.15}``: in every row the
    fields add up to the total within the tolerance (answer shares of a survey
    question).
``x-group-sums``
    ``{"by": [...], "field": "share_pct", "maximum": 100}`` (or ``"total"``
    with ``"tolerance"``): per group, the field's values add up to at most (or
    to) the given number.
``x-row-conditions``
    ``[{"when": {field: value | ops}, "then": {field: ops}, "why": "..."}]``:
    in every row matching ``when`` (all fields; a plain value means equality)
    the ``then`` fields satisfy their operators: ``eq``, ``lt``, ``le``,
    ``gt``, ``ge`` (against a constant; an empty cell passes), ``lt_field``,
    ``gt_field`` (against another column of the row), ``prefix`` (text starts
    with) and ``empty`` (``true``: must be empty, ``false``: must be filled).
``x-source-refs``
    ``{"field": "corroborated_by", "separator": " ", "allow": ["none"]}``: each
    token of the field is the ``x-id`` of a source the descriptor declares (or
    an allowed word).
``x-sum-identities``
    ``{"period_field": "period", "metric_field": "metric", "value_field":
    "value", "tolerance": 2, "identities": [{"total": m, "parts": [...]}]}``:
    in every period holding the total and all its parts, the parts must add up
    to the total within the tolerance (segments against the company total).
"""

from __future__ import annotations

import operator
from collections import defaultdict

import frictionless
import pandas as pd

__all__ = [
    "RULES",
    "GroupSumCheck",
    "GroupSumError",
    "MinRowsCheck",
    "MinRowsError",
    "PeriodDateCheck",
    "PeriodDateError",
    "PeriodicSeriesCheck",
    "PeriodicSeriesError",
    "RowConditionCheck",
    "RowConditionError",
    "RowSumCheck",
    "RowSumError",
    "SourceRefCheck",
    "SourceRefError",
    "SumIdentityCheck",
    "SumIdentityError",
    "UnitByMetricCheck",
    "UnitError",
    "checks_for",
]


def _period(value: str, frequency: str) -> pd.Period:
    return pd.Period(str(value), freq="Y" if frequency == "Y" else "Q")


def _number(value) -> float | None:
    return None if value is None else float(value)


# --------------------------------------------------------------------------
# Error types (one per rule; ``type`` is the rule name a Problem reports)
# --------------------------------------------------------------------------


def _error(name: str, base: type, rule: str, title: str, description: str) -> type:
    """An error type of frictionless' kind for one rule (``type`` is the rule name a Problem reports)."""
    return type(name, (base,), {"type": rule, "title": title, "description": description, "__module__": __name__})


PeriodicSeriesError = _error(
    "PeriodicSeriesError", frictionless.errors.RowError, "periodic-series", "Periodic series",
    "Rows of a periodic series are out of order or leave an undeclared gap.",
)
PeriodDateError = _error(
    "PeriodDateError", frictionless.errors.RowError, "period-date", "Period date",
    "A row's date is not the start or end of its period label.",
)
UnitError = _error(
    "UnitError", frictionless.errors.RowError, "unit", "Unit",
    "The unit of a row is not the unit declared for its metric.",
)
RowSumError = _error(
    "RowSumError", frictionless.errors.RowError, "row-sum", "Row sum",
    "The fields of a row do not add up to their declared total.",
)
GroupSumError = _error(
    "GroupSumError", frictionless.errors.RowError, "group-sum", "Group sum",
    "The values of a group do not add up to their declared total or bound.",
)
SumIdentityError = _error(
    "SumIdentityError", frictionless.errors.RowError, "sum-identity", "Sum identity",
    "Parts do not add up to their total.",
)
RowConditionError = _error(
    "RowConditionError", frictionless.errors.RowError, "row-condition", "Row condition",
    "A row breaks a condition its descriptor declares for rows like it.",
)
SourceRefError = _error(
    "SourceRefError", frictionless.errors.RowError, "source-ref", "Source reference",
    "A row names a source the descriptor does not declare.",
)
MinRowsError = _error(
    "MinRowsError", frictionless.errors.TableError, "min-rows", "Minimum rows",
    "The file holds fewer data rows than its metadata requires.",
)


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------


class _BookCheck(frictionless.Check):
    """A check built from one ``x-`` property; ``column`` names what its problems point at."""

    column: str | None = None


class MinRowsCheck(_BookCheck):
    """The file must hold at least ``minimum`` data rows."""

    type = "min-rows"
    Errors = [MinRowsError]

    def __init__(self, minimum: int = 1):
        super().__init__()
        self.minimum = int(minimum)
        self._rows = 0

    def validate_row(self, row):
        self._rows += 1
        return iter(())

    def validate_end(self):
        if self._rows < self.minimum:
            yield MinRowsError(
                note=f"{self._rows} data row{'s' if self._rows != 1 else ''} found, at least "
                f"{self.minimum} required (x-min-rows): the file is empty, header-only or "
                "truncated"
            )


class PeriodicSeriesCheck(_BookCheck):
    """Rows of each group must run in time order with no undeclared gap."""

    type = "periodic-gap"
    Errors = [PeriodicSeriesError]

    def __init__(self, spec: dict):
        super().__init__()
        self.field = self.column = spec["field"]
        self.frequency = spec.get("frequency", "Q")
        self.by = list(spec.get("by", []))
        gaps = spec.get("known_gaps", {})
        nested = bool(gaps) and all(isinstance(v, dict) for v in gaps.values())
        self.known_gaps = {key: set(value) for key, value in gaps.items()} if nested else {None: set(gaps)}
        self._last: dict[tuple, pd.Period] = {}

    def validate_row(self, row):
        raw = row[self.field]
        if raw is None:
            return  # 'required' reports the empty cell
        try:
            period = _period(raw, self.frequency)
        except ValueError:
            return  # 'pattern' reports the malformed label
        group = tuple(row[field] for field in self.by)
        previous = self._last.get(group)
        self._last[group] = period
        if previous is None:
            return
        label = f" within {', '.join(f'{f}={v}' for f, v in zip(self.by, group, strict=False))}" if self.by else ""
        if period <= previous:
            yield PeriodicSeriesError.from_row(
                row,
                note=f"{self.field} {period} is not later than the previous row's {previous}{label}: "
                "rows must be unique and in time order",
            )
            return
        declared = self.known_gaps.get("|".join(str(v) for v in group), set()) | self.known_gaps.get(None, set())
        missing = list(pd.period_range(previous + 1, period - 1, freq=period.freq))
        unexpected = [str(p) for p in missing if f"{p}" not in declared]
        if unexpected:
            yield PeriodicSeriesError.from_row(
                row,
                note=f"gap in the {self.frequency}-series{label}: {', '.join(unexpected)} missing "
                f"between {previous} and {period} (declare it under x-periodic.known_gaps with a reason "
                "if the period cannot be sourced)",
            )


class PeriodDateCheck(_BookCheck):
    """A row's date must be the first or last day of its period label."""

    type = "period-date"
    Errors = [PeriodDateError]

    def __init__(self, spec: dict):
        super().__init__()
        self.period_field = spec.get("period_field", "period")
        self.date_field = self.column = spec["date_field"]
        self.frequency = spec.get("frequency", "Q")
        self.anchor = spec.get("anchor", "end")

    def validate_row(self, row):
        raw, date = row[self.period_field], row[self.date_field]
        if raw is None or date is None:
            return
        try:
            period = _period(raw, self.frequency)
        except ValueError:
            return
        expected = (period.end_time if self.anchor == "end" else period.start_time).date()
        if date != expected:
            yield PeriodDateError.from_row(
                row,
                note=f"{self.date_field} {date} is not the {self.anchor} of {self.period_field} {raw} "
                f"({expected}) (x-period-date)",
            )


class UnitByMetricCheck(_BookCheck):
    """The unit recorded in each row must be the unit declared for its metric."""

    type = "unit"
    Errors = [UnitError]

    def __init__(self, spec: dict):
        super().__init__()
        self.unit_field = self.column = spec.get("unit_field", "unit")
        self.by = spec["by"]
        self.units = spec["units"]

    def validate_row(self, row):
        metric, unit = row[self.by], row[self.unit_field]
        expected = self.units.get(metric)
        if expected is None:
            yield UnitError.from_row(row, note=f"{self.by} '{metric}' has no declared unit in x-unit-by")
        elif unit != expected:
            yield UnitError.from_row(
                row, note=f"unit '{unit}' given for {self.by} '{metric}', which is declared in '{expected}'"
            )


class RowSumCheck(_BookCheck):
    """The declared fields of each row add up to a total within a tolerance."""

    type = "row-sum"
    Errors = [RowSumError]

    def __init__(self, spec: dict):
        super().__init__()
        self.fields = list(spec["fields"])
        self.column = ", ".join(self.fields)
        self.total = float(spec.get("total", 100))
        self.tolerance = float(spec.get("tolerance", 0))

    def validate_row(self, row):
        values = [_number(row[f]) for f in self.fields]
        if any(v is None for v in values):
            return
        found = sum(values)
        if abs(found - self.total) > self.tolerance + 1e-9:
            yield RowSumError.from_row(
                row,
                note=f"{' + '.join(self.fields)} = {found:g}, not {self.total:g} "
                f"(tolerance {self.tolerance:g}, x-row-sums)",
            )


class GroupSumCheck(_BookCheck):
    """Per group, a field's values add up to at most ``maximum`` (or to ``total``)."""

    type = "group-sum"
    Errors = [GroupSumError]

    def __init__(self, spec: dict):
        super().__init__()
        self.by = list(spec.get("by", []))
        self.field = self.column = spec["field"]
        self.maximum = spec.get("maximum")
        self.total = spec.get("total")
        self.tolerance = float(spec.get("tolerance", 0))
        self._sums: dict[tuple, float] = defaultdict(float)
        self._last_row: dict[tuple, object] = {}

    def validate_row(self, row):
        value = _number(row[self.field])
        if value is not None:
            group = tuple(row[f] for f in self.by)
            self._sums[group] += value
            self._last_row[group] = row
        return iter(())

    def validate_end(self):
        for group, found in self._sums.items():
            label = ", ".join(f"{f}={v}" for f, v in zip(self.by, group, strict=False)) or "all rows"
            if self.maximum is not None and found > float(self.maximum) + self.tolerance + 1e-9:
                yield GroupSumError.from_row(
                    self._last_row[group],
                    note=(
                        f"{self.field} adds up to {found:g} within {label}, more than {float(self.maximum):g} "
                        "(x-group-sums)"
                    ),
                )
            if self.total is not None and abs(found - float(self.total)) > self.tolerance + 1e-9:
                yield GroupSumError.from_row(
                    self._last_row[group],
                    note=(
                        f"{self.field} adds up to {found:g} within {label}, not {float(self.total):g} "
                        f"(tolerance {self.tolerance:g}, x-group-sums)"
                    ),
                )


def _comparable(value):
    if value is None or isinstance(value, (bool, str)):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


_COMPARE = {
    "eq": operator.eq,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "prefix": lambda value, target: str(value).startswith(str(target)),
}


def _holds(value, ops, row) -> bool:
    """Whether ``value`` satisfies every operator in ``ops`` (a plain value means ``eq``)."""
    if not isinstance(ops, dict):
        ops = {"eq": ops}
    value = _comparable(value)
    for op, target in ops.items():
        if op == "empty":
            if (value is None) != bool(target):
                return False
            continue
        if op in ("lt_field", "gt_field"):
            target, op = _comparable(row[target]), op[:2]
            if target is None:
                continue
        if value is None:
            if op == "eq":
                return target is None
            continue
        if not _COMPARE[op](value, _comparable(target)):
            return False
    return True


_SYMBOLS = {"eq": "=", "lt": "<", "le": "<=", "gt": ">", "ge": ">=", "lt_field": "<", "gt_field": ">"}


def _shown(value) -> str:
    if value is None:
        return "empty"
    return repr(value) if isinstance(value, str) else str(_comparable(value)).removesuffix(".0")


def _describe(name: str, ops) -> str:
    """``{"lt": 0}`` on ``x`` -> ``x < 0``; a plain value -> ``x = 'value'``."""
    if not isinstance(ops, dict):
        ops = {"eq": ops}
    parts = []
    for op, target in ops.items():
        if op == "empty":
            parts.append(f"{name} {'empty' if target else 'filled'}")
        elif op == "prefix":
            parts.append(f"{name} starting with {target!r}")
        elif op.endswith("_field"):
            parts.append(f"{name} {_SYMBOLS[op]} {target}")
        else:
            parts.append(f"{name} {_SYMBOLS[op]} {_shown(target)}")
    return " and ".join(parts)


class RowConditionCheck(_BookCheck):
    """Rows that match a condition satisfy the declared requirements."""

    type = "row-condition"
    Errors = [RowConditionError]

    def __init__(self, rules: list[dict]):
        super().__init__()
        self.rules = rules if isinstance(rules, list) else [rules]
        self.column = ", ".join(dict.fromkeys(f for r in self.rules for f in r["then"]))

    def validate_row(self, row):
        for rule in self.rules:
            when = rule.get("when", {})
            if not all(_holds(row[f], ops, row) for f, ops in when.items()):
                continue
            broken = [f for f, ops in rule["then"].items() if not _holds(row[f], ops, row)]
            if broken:
                condition = " and ".join(_describe(f, ops) for f, ops in when.items()) or "every row"
                found = ", ".join(f"{f} = {_shown(row[f])}" for f in broken)
                required = ", ".join(_describe(f, rule["then"][f]) for f in broken)
                why = f": {rule['why']}" if rule.get("why") else ""
                yield RowConditionError.from_row(
                    row, note=(f"where {condition}, {required} is required; found {found} (x-row-conditions{why})")
                )


class SourceRefCheck(_BookCheck):
    """Each token of a field is a declared source ``x-id`` (or an allowed word)."""

    type = "source-ref"
    Errors = [SourceRefError]

    def __init__(self, spec: dict, sources: list[dict]):
        super().__init__()
        self.field = self.column = spec["field"]
        self.separator = spec.get("separator", " ")
        self.allowed = {s.get("x-id") for s in sources} | set(spec.get("allow", []))

    def validate_row(self, row):
        value = row[self.field]
        if value is None:
            return
        unknown = [t for t in str(value).split(self.separator) if t and t not in self.allowed]
        if unknown:
            yield SourceRefError.from_row(
                row,
                note=(
                    f"{self.field} names {', '.join(repr(t) for t in unknown)}, which is not the x-id of a source "
                    f"declared in the descriptor (x-source-refs)"
                ),
            )


class SumIdentityCheck(_BookCheck):
    """In each period, declared parts (segments) must add up to their total."""

    type = "sum-identity"
    Errors = [SumIdentityError]

    def __init__(self, spec: dict):
        super().__init__()
        self.period_field = spec.get("period_field", "period")
        self.metric_field = spec.get("metric_field", "metric")
        self.value_field = self.column = spec.get("value_field", "value")
        self.tolerance = float(spec.get("tolerance", 0))
        self.identities = spec["identities"]
        self._rows: dict[tuple[str, str], object] = {}

    def validate_row(self, row):
        value = row[self.value_field]
        if value is not None and row[self.period_field] is not None:
            self._rows[(str(row[self.period_field]), row[self.metric_field])] = row
        return iter(())

    def validate_end(self):
        periods = sorted({period for period, _ in self._rows})
        for period in periods:
            for identity in self.identities:
                keys = [(period, identity["total"])] + [(period, part) for part in identity["parts"]]
                if not all(key in self._rows for key in keys):
                    continue
                total = float(self._rows[keys[0]][self.value_field])
                parts = sum(float(self._rows[key][self.value_field]) for key in keys[1:])
                if abs(total - parts) > self.tolerance:
                    yield SumIdentityError.from_row(
                        self._rows[keys[0]],
                        note=f"sum identity: {identity['total']} {total:g} differs from "
                        f"{' + '.join(identity['parts'])} = {parts:g} by {total - parts:g} "
                        f"(tolerance {self.tolerance:g})",
                    )


#: Descriptor property -> check class, in the order the checks run.
RULES: dict[str, type[_BookCheck]] = {
    "x-periodic": PeriodicSeriesCheck,
    "x-period-date": PeriodDateCheck,
    "x-unit-by": UnitByMetricCheck,
    "x-row-sums": RowSumCheck,
    "x-group-sums": GroupSumCheck,
    "x-row-conditions": RowConditionCheck,
    "x-source-refs": SourceRefCheck,
    "x-sum-identities": SumIdentityCheck,
}


def checks_for(resource: dict) -> list[_BookCheck]:
    """The checks a descriptor declares (always with the minimum row count)."""
    checks: list[_BookCheck] = [MinRowsCheck(resource.get("x-min-rows", 1))]
    for prop, check in RULES.items():
        specs = resource.get(prop)
        if specs is None:
            continue
        # x-row-sums and x-group-sums may hold one rule or a list of them
        if prop == "x-source-refs":
            checks.append(SourceRefCheck(specs, resource.get("sources", [])))
            continue
        for spec in specs if isinstance(specs, list) and prop in ("x-row-sums", "x-group-sums") else [specs]:
            checks.append(check(spec))
    return checks
