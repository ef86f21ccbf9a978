"""Rules that span two datasets: ``x-agrees-with``.

Some figures are recorded twice, in two files: a year's closing headcount is
also its fourth quarter's, four quarters of results add up to the year's 10-K,
and Amazon's net sales by business line add up to its net sales. A descriptor
declares each such agreement once; :func:`agreement_problems` enforces it
whichever of the two datasets is loaded, so an edit to either file that
breaks the other fails ``load()``, ``python -m ailayoffs check`` and ``bump``
with the files, line, key and column of the disagreement.

``x-agrees-with`` holds a list of rules::

    {"id": "year-end-headcount",
     "with": "amazon_headcount_quarterly",
     "this": {"key": ["year"], "value": "employees"},
     "other": {"derive": {"period": "quarter"}, "where": {"quarter": 4},
               "key": ["year"], "value": "employees"},
     "tolerance": 0, "min_matches": 5,
     "why": "a year's closing headcount is its fourth quarter's"}

Each side (``this`` is the declaring dataset, ``other`` the one named by
``with``) is reduced to one value per key:

``derive``
    ``{field: "quarter"}`` adds integer columns ``year`` and ``quarter`` from a
    quarter label such as ``2024Q3``; ``{field: "year"}`` adds ``year`` from a
    date or a label that starts with the year.
``where``
    ``{field: value | [values]}``: only rows whose field equals the value (or
    one of the values) take part.
``key``, ``value``
    The fields that identify a figure and hold it.
``sum_over``
    ``true``: the values of rows sharing a key are added up; with
    ``"complete": N`` only keys with exactly N rows count (a year of four
    quarters). Without it, a key must identify one row.

The two sides must agree within ``tolerance`` (in the value's unit) on every
key they share, and at least ``min_matches`` keys must be shared: a rule that
silently compares nothing (a renamed metric, a year stored as text) fails too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .catalogue import data_dir, entry, relative, resources
from .errors import Problem

__all__ = ["PROPERTY", "agreement_problems", "rules_involving"]

PROPERTY = "x-agrees-with"
RULE = "agrees-with"
_SIDE_KEYS = {"derive", "where", "key", "value", "sum_over", "complete"}
_RULE_KEYS = {"id", "with", "this", "other", "tolerance", "min_matches", "why"}


def rules_involving(name: str, directory: Path | None = None) -> list[tuple[str, dict]]:
    """Every ``x-agrees-with`` rule that names dataset ``name``, as ``(declaring dataset, rule)``.

    A rule declared by ``name`` itself and a rule another descriptor declares
    ``with`` it both count: the agreement holds whichever file is edited.
    """
    directory = directory or data_dir()
    found = []
    # load() asks this for every dataset it loads: read the descriptor index once, not once per dataset
    for declaring, resource in resources(directory).items():
        for rule in resource.get(PROPERTY, []):
            if declaring == name or rule.get("with") == name:
                found.append((declaring, rule))
    return found


def _file(name: str, directory: Path) -> str | None:
    try:
        _, resource = entry(name, directory)
    except KeyError:
        return None
    return relative(directory / resource["path"], directory)


def _spec_problems(declaring: str, rule: dict, file: str) -> list[Problem]:
    problems = []
    unknown = set(rule) - _RULE_KEYS
    for side in ("this", "other"):
        unknown |= {f"{side}.{k}" for k in set(rule.get(side, {})) - _SIDE_KEYS}
        if not rule.get(side, {}).get("key") or not rule.get(side, {}).get("value"):
            problems.append(Problem(file, RULE, f"rule {rule.get('id')!r}: '{side}' needs 'key' and 'value'",
                                    column=PROPERTY))
    if not rule.get("with") or not rule.get("id"):
        problems.append(Problem(file, RULE, f"a rule of {declaring} lacks 'id' or 'with'", column=PROPERTY))
    if unknown:
        problems.append(Problem(file, RULE, f"rule {rule.get('id')!r}: unknown properties {sorted(unknown)}",
                                column=PROPERTY))
    return problems


def _derived(frame: pd.DataFrame, derive: dict) -> pd.DataFrame:
    frame = frame.copy()
    for field, kind in derive.items():
        text = frame[field].astype("string")
        frame["year"] = pd.to_numeric(text.str[:4], errors="coerce").astype("Int64")
        if kind == "quarter":
            frame["quarter"] = pd.to_numeric(text.str.extract(r"Q([1-4])$")[0], errors="coerce").astype("Int64")
    return frame


def _selected(frame: pd.DataFrame, where: dict) -> pd.DataFrame:
    for field, wanted in where.items():
        values = wanted if isinstance(wanted, list) else [wanted]
        frame = frame[frame[field].isin(values)]
    return frame


def _side(frame: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """One value per key: columns ``key...``, ``value``, ``line`` (file line of the key's first row)."""
    frame = _derived(frame, spec.get("derive", {}))
    frame = _selected(frame, spec.get("where", {})).assign(line=lambda f: f.index + 2)
    keys, value = list(spec["key"]), spec["value"]
    grouped = frame.groupby(keys, dropna=True, sort=True)
    reduced = grouped.agg(value=(value, "sum"), rows=(value, "size"), line=("line", "min")).reset_index()
    if spec.get("sum_over"):
        if spec.get("complete"):
            reduced = reduced[reduced["rows"] == int(spec["complete"])]
    elif (reduced["rows"] > 1).any():
        duplicated = reduced.loc[reduced["rows"] > 1, keys].head(3).to_dict("records")
        raise ValueError(f"key {keys} identifies several rows (e.g. {duplicated}); declare 'sum_over'")
    return reduced.drop(columns="rows")


def _number(value) -> str:
    """A figure as the file writes it: 798000, not 7.98e+05."""
    value = float(value)
    return f"{value:.0f}" if value.is_integer() else f"{value:.10g}"


def _key_text(row, keys: list[str]) -> str:
    return ", ".join(f"{k}={row[k]}" for k in keys)


def _compare(declaring: str, rule: dict, frames: dict[str, pd.DataFrame], files: dict[str, str], loaded: str):
    this, other = rule["this"], rule["other"]
    try:
        left, right = _side(frames[declaring], this), _side(frames[rule["with"]], other)
    except (KeyError, ValueError) as error:
        message = error.args[0] if error.args else error
        yield Problem(files[declaring], RULE, f"rule {rule['id']!r} cannot be applied: {message}", column=PROPERTY)
        return
    renamed = right.rename(columns=dict(zip(other["key"], this["key"], strict=True)))
    for key in this["key"]:  # compare years as years, labels as labels
        renamed[key] = renamed[key].astype(left[key].dtype)
    pairs = left.merge(renamed, on=this["key"], suffixes=("_this", "_other"))
    tolerance = float(rule.get("tolerance", 0))
    why = f": {rule['why']}" if rule.get("why") else ""
    for _, pair in pairs.iterrows():
        gap = float(pair["value_this"]) - float(pair["value_other"])
        if abs(gap) > tolerance + 1e-9:
            here_this = loaded == declaring
            yield Problem(
                files[loaded],
                RULE,
                f"{this['value']} {_number(pair['value_this'])} in {files[declaring]} (line {pair['line_this']}) "
                f"differs from {other['value']} {_number(pair['value_other'])} in {files[rule['with']]} "
                f"(line {pair['line_other']}) by {_number(gap)}, more than the tolerance {_number(tolerance)} "
                f"(x-agrees-with {rule['id']!r}{why})",
                line=int(pair["line_this"] if here_this else pair["line_other"]),
                column=this["value"] if here_this else other["value"],
                key=_key_text(pair, this["key"]),
            )
    minimum = int(rule.get("min_matches", 1))
    if len(pairs) < minimum:
        yield Problem(
            files[loaded],
            RULE,
            f"only {len(pairs)} key(s) of {files[declaring]} and {files[rule['with']]} could be compared, "
            f"at least {minimum} required (x-agrees-with {rule['id']!r}): a key or a filter no longer matches",
            column=PROPERTY,
        )


def agreement_problems(
    name: str,
    frame: pd.DataFrame,
    frame_of: Callable[[str], pd.DataFrame],
    directory: Path | None = None,
) -> list[Problem]:
    """Problems of every ``x-agrees-with`` rule involving dataset ``name``.

    Parameters
    ----------
    name : str
        The dataset being loaded or recorded.
    frame : pandas.DataFrame
        Its typed frame, in file order (row ``i`` is file line ``i + 2``).
    frame_of : callable
        Returns the typed, validated frame of another dataset (without its own
        agreements, so that two datasets that agree do not load each other in
        a loop). A dataset that fails its own rules raises from here.
    """
    directory = directory or data_dir()
    problems: list[Problem] = []
    for declaring, rule in rules_involving(name, directory):
        files = {dataset: _file(dataset, directory) for dataset in {declaring, rule.get("with")} - {None}}
        spec = _spec_problems(declaring, rule, files[declaring])
        if rule.get("with") and files[rule["with"]] is None:
            spec.append(Problem(files[declaring], RULE, f"rule {rule.get('id')!r} names an unknown dataset "
                                f"{rule['with']!r}", column=PROPERTY))
        if spec:
            problems += spec
            continue
        frames = {name: frame}
        for dataset in {declaring, rule["with"]} - {name}:
            frames[dataset] = frame_of(dataset)
        problems += list(_compare(declaring, rule, frames, files, name))
    return problems
