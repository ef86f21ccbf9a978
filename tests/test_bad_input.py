"""Each way a data file can be wrong fails loading with one clear error.

Every case edits a scratch copy of data/ and then records the new file's
sha256 in the copy's metadata (as a careless bump would), so that the rule
under test, and not the checksum, is what fails. The last cases leave the
checksum stale on purpose.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ailayoffs import data
from ailayoffs.data import DataValidationError

QUARTERLY = "amazon_headcount_quarterly"
FILE = "amazon/headcount_quarterly.csv"


def _descriptor(data_dir: Path, relative: str) -> Path:
    """The descriptor beside a CSV: amazon/x.csv -> amazon/x.resource.json."""
    return (data_dir / relative).with_suffix(".resource.json")


def _edit_descriptor(data_dir: Path, relative: str, change) -> None:
    path = _descriptor(data_dir, relative)
    resource = json.loads(path.read_text(encoding="utf-8"))
    change(resource)
    path.write_text(json.dumps(resource, indent=2), encoding="utf-8")


def _rehash(data_dir: Path, relative: str) -> None:
    _edit_descriptor(data_dir, relative,
                     lambda r: r.update(hash="sha256:" + data.file_sha256(data_dir / relative)))


def _rows(data_dir: Path, relative: str = FILE) -> list[list[str]]:
    with open(data_dir / relative, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(data_dir: Path, rows: list[list[str]], relative: str = FILE, rehash: bool = True) -> None:
    with open(data_dir / relative, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    if rehash:
        _rehash(data_dir, relative)


def _set(data_dir: Path, key: str, column: str, value: str, relative: str = FILE, rehash: bool = True) -> int:
    """Set one cell, addressed by the row's first column and a column name; return its file line."""
    rows = _rows(data_dir, relative)
    index = next(i for i, row in enumerate(rows) if row[0] == key)
    rows[index][rows[0].index(column)] = value
    _write(data_dir, rows, relative, rehash)
    return index + 1


def _problems(name: str) -> list[data.Problem]:
    with pytest.raises(DataValidationError) as failure:
        data.load(name)
    message = str(failure.value)
    for problem in failure.value.problems:
        assert str(problem) in message
    return failure.value.problems


def _only(problems, rule: str) -> data.Problem:
    matching = [p for p in problems if p.rule == rule]
    assert matching, f"no '{rule}' problem in {[str(p) for p in problems]}"
    assert all(p.rule == rule for p in problems), [str(p) for p in problems]
    assert matching[0].file.endswith(FILE) or matching[0].file.endswith(".csv")
    return matching[0]


def test_missing_column(data_copy):
    rows = _rows(data_copy)
    drop = rows[0].index("basis")
    _write(data_copy, [[cell for i, cell in enumerate(row) if i != drop] for row in rows])
    problem = _only(_problems(QUARTERLY), "missing-column")
    assert problem.column == "basis" and problem.line == 1


def test_unknown_extra_column(data_copy):
    rows = _rows(data_copy)
    _write(data_copy, [rows[0] + ["comment"]] + [row + [""] for row in rows[1:]])
    problem = _only(_problems(QUARTERLY), "unknown-column")
    assert problem.column == "comment" and problem.line == 1


def test_wrong_type(data_copy):
    line = _set(data_copy, "2024Q3", "employees", "1.551m")
    problem = _only(_problems(QUARTERLY), "type")
    assert (problem.line, problem.column, problem.key) == (line, "employees", "period=2024Q3")
    assert "1.551m" in problem.detail and "integer" in problem.detail


def test_value_out_of_range(data_copy):
    line = _set(data_copy, "2024Q3", "employees", "1551")  # thousands typed as persons
    problem = _only(_problems(QUARTERLY), "minimum")
    assert (problem.line, problem.column, problem.key) == (line, "employees", "period=2024Q3")


def test_wrong_unit(data_copy):
    line = _set(data_copy, "2024Q3", "unit", "thousand persons")
    problem = _only(_problems(QUARTERLY), "enum")
    assert (problem.line, problem.column) == (line, "unit")


def test_unit_that_does_not_match_the_metric(data_copy):
    _set(data_copy, "severance_q3_2025", "unit", "USD million", relative="amazon/workforce_facts.csv")
    problems = _problems("amazon_workforce_facts")
    assert [p.rule for p in problems] == ["unit"]
    assert problems[0].column == "unit" and problems[0].key == "fact_id=severance_q3_2025"
    assert "estimated_severance_costs" in problems[0].detail and "USD billion" in problems[0].detail


def test_duplicate_period(data_copy):
    _set(data_copy, "2024Q3", "quarter_end", "2024-06-30")  # a copied row: its date matches its label (x-period-date)
    line = _set(data_copy, "2024Q3", "period", "2024Q2")
    problems = _problems(QUARTERLY)
    duplicate = next(p for p in problems if p.rule == "primary-key")
    assert duplicate.line == line and duplicate.key == "period=2024Q2" and f"line {line - 1}" in duplicate.detail
    assert {p.rule for p in problems} == {"primary-key", "periodic-series"}


def test_missing_value_in_required_field(data_copy):
    line = _set(data_copy, "2024Q3", "employees", "")
    problem = _only(_problems(QUARTERLY), "required")
    assert (problem.line, problem.column, problem.key) == (line, "employees", "period=2024Q3")


def test_unexpected_gap_in_a_quarterly_series(data_copy):
    _write(data_copy, [row for row in _rows(data_copy) if row[0] != "2024Q1"])
    problem = _only(_problems(QUARTERLY), "periodic-series")
    assert problem.column == "period" and problem.key == "period=2024Q2"
    assert "2024Q1 missing" in problem.detail


def test_declared_gap_is_accepted_but_an_undeclared_one_is_not(data_copy):
    # 2023Q1 is declared missing in the metadata; 2023Q2 is not.
    assert "2023Q1" in data.info(QUARTERLY).known_gaps
    _write(data_copy, [row for row in _rows(data_copy) if row[0] != "2023Q2"])
    problem = _only(_problems(QUARTERLY), "periodic-series")
    assert "2023Q2 missing" in problem.detail and "2023Q1" not in problem.detail.split("missing")[0]


def test_rows_out_of_order(data_copy):
    rows = _rows(data_copy)
    rows[-1], rows[-2] = rows[-2], rows[-1]
    _write(data_copy, rows)
    problems = _problems(QUARTERLY)
    assert any(p.rule == "periodic-series" and "time order" in p.detail for p in problems)


def test_malformed_csv_row(data_copy):
    rows = _rows(data_copy)
    index = next(i for i, row in enumerate(rows) if row[0] == "2024Q3")
    rows[index].append("a stray cell")
    _write(data_copy, rows)
    problem = _only(_problems(QUARTERLY), "csv-shape")
    assert problem.line == index + 1


def test_source_not_declared_in_metadata(data_copy):
    line = _set(data_copy, "2024Q3", "source_ref", "a-blog")
    problem = _only(_problems(QUARTERLY), "enum")
    assert (problem.line, problem.column) == (line, "source_ref")


def _bump_last_value(data_dir: Path) -> int:
    """Add one employee to the latest quarter without recording a version; return the new value."""
    rows = _rows(data_dir)
    column = rows[0].index("employees")
    new = int(rows[-1][column]) + 1
    rows[-1][column] = str(new)
    _write(data_dir, rows, rehash=False)
    return new


def test_data_changed_without_a_version_bump(data_copy):
    _bump_last_value(data_copy)
    problem = _only(_problems(QUARTERLY), "sha256")
    assert problem.file == "data/amazon/headcount_quarterly.csv"
    assert "without a version bump" in problem.detail and f"bump {QUARTERLY}" in problem.detail


def test_version_bump_without_changelog_entry(data_copy):
    _edit_descriptor(data_copy, FILE, lambda r: r.update(version="9.9.9"))
    problem = _only(_problems(QUARTERLY), "changelog")
    assert "9.9.9" in problem.detail


def test_recording_a_version_makes_a_changed_file_valid_again(data_copy):
    old_version = data.info(QUARTERLY).version
    new_value = _bump_last_value(data_copy)
    assert [p.rule for p in data.validate(QUARTERLY)] == ["sha256"]
    version = data.record_version(QUARTERLY, "Test revision", level="minor", day="2026-01-01")
    major, minor, _ = map(int, old_version.split("."))
    assert version == f"{major}.{minor + 1}.0"
    assert data.validate(QUARTERLY) == []
    assert f"### {version} (2026-01-01)" in (data_copy / "CHANGELOG.md").read_text(encoding="utf-8")
    assert int(data.load(QUARTERLY)["employees"].iloc[-1]) == new_value


def test_cli_check_exits_nonzero_and_names_the_rule(data_copy, capsys):
    _bump_last_value(data_copy)
    assert data.main(["check"]) == 1
    out = capsys.readouterr().out
    assert f"FAIL {QUARTERLY}" in out and "rule 'sha256'" in out and "headcount_quarterly.csv" in out


RESULTS = "amazon/quarterly_results.csv"


def test_segments_that_do_not_add_up_to_the_total_fail_the_sum_identity(data_copy):
    rows = _rows(data_copy, RESULTS)
    header = rows[0]
    index = next(i for i, row in enumerate(rows)
                 if row[header.index("metric")] == "aws_net_sales" and row[header.index("period")] == "2024Q3")
    rows[index][header.index("value")] = str(float(rows[index][header.index("value")]) + 100)
    _write(data_copy, rows, RESULTS)
    problems = _problems("amazon_quarterly_results")
    assert [p.rule for p in problems] == ["sum-identity"]
    assert problems[0].key == "metric=net_sales, period=2024Q3" and problems[0].column == "value"
    assert "aws_net_sales" in problems[0].detail and "by -100" in problems[0].detail


def test_a_gap_declared_for_one_metric_does_not_excuse_another(data_copy):
    # aws_net_sales has 2016Q1 declared missing; net_income has no declared gaps.
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    gaps = next(r for r in package["resources"] if r["name"] == "amazon_quarterly_results")["x-periodic"]["known_gaps"]
    assert "2016Q1" in gaps["aws_net_sales"] and "net_income" not in gaps
    rows = _rows(data_copy, RESULTS)
    header = rows[0]
    _write(data_copy, [row for row in rows if not (row[header.index("metric")] == "net_income"
                                                   and row[header.index("period")] == "2016Q1")], RESULTS)
    problems = _problems("amazon_quarterly_results")
    assert [p.rule for p in problems] == ["periodic-series"]
    assert problems[0].key == "metric=net_income, period=2016Q2" and "2016Q1 missing" in problems[0].detail
