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
    _edit_descriptor(data_dir, relative, lambda r: r.update(hash="sha256:" + data.file_sha256(data_dir / relative)))


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
    index = next(
        i
        for i, row in enumerate(rows)
        if row[header.index("metric")] == "aws_net_sales" and row[header.index("period")] == "2024Q3"
    )
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
    _write(
        data_copy,
        [
            row
            for row in rows
            if not (row[header.index("metric")] == "net_income" and row[header.index("period")] == "2016Q1")
        ],
        RESULTS,
    )
    problems = _problems("amazon_quarterly_results")
    assert [p.rule for p in problems] == ["periodic-series"]
    assert problems[0].key == "metric=net_income, period=2016Q2" and "2016Q1 missing" in problems[0].detail


# --------------------------------------------------------------------------
# A file that cannot be read as the descriptor says: the real cause, alone and first
# --------------------------------------------------------------------------


def _write_bytes(data_dir: Path, content: bytes, relative: str = FILE) -> None:
    (data_dir / relative).write_bytes(content)
    _rehash(data_dir, relative)


def test_byte_order_mark(data_copy):
    _write_bytes(data_copy, b"\xef\xbb\xbf" + (data_copy / FILE).read_bytes())
    problem = _only(_problems(QUARTERLY), "byte-order-mark")
    assert problem.line == 1 and "without BOM" in problem.detail


def test_wrong_delimiter(data_copy):
    _write_bytes(data_copy, (data_copy / FILE).read_bytes().replace(b",", b";"))
    problem = _only(_problems(QUARTERLY), "delimiter")
    assert problem.line == 1 and "';'" in problem.detail


def test_empty_file(data_copy):
    _write_bytes(data_copy, b"")
    problem = _only(_problems(QUARTERLY), "empty-file")
    assert problem.file == f"data/{FILE}" and "period,quarter_end" in problem.detail


def test_header_only_file_fails_the_minimum_row_count(data_copy):
    _write_bytes(data_copy, (data_copy / FILE).read_bytes().split(b"\n")[0] + b"\n")
    problem = _only(_problems(QUARTERLY), "min-rows")
    assert problem.file == f"data/{FILE}" and "0 data rows" in problem.detail
    assert f"at least {data.resource_descriptor(QUARTERLY)['x-min-rows']}" in problem.detail


def test_every_dataset_declares_a_minimum_row_count_it_meets():
    for name in data.resource_names():
        minimum = data.resource_descriptor(name)["x-min-rows"]
        assert 1 <= minimum <= len(data.load(name)), name


def test_truncated_file_fails_the_minimum_row_count(data_copy):
    rows = _rows(data_copy)
    _write(data_copy, rows[:3])
    problem = _only(_problems(QUARTERLY), "min-rows")
    assert "2 data rows" in problem.detail


def test_decimal_comma_is_named_as_the_cause_and_hides_its_follow_on_errors(data_copy):
    relative = "ifo/ai_job_expectations_2025.csv"
    content = (data_copy / relative).read_bytes()
    _write_bytes(data_copy, content.replace(b",27.1,", b",27,1,", 1), relative)
    problems = _problems("ifo_ai_job_expectations_2025")
    assert [p.rule for p in problems] == ["decimal-comma"], [str(p) for p in problems]
    assert (problems[0].line, problems[0].column, problems[0].key) == (2, "fewer_jobs_pct", "sector_id=total")
    assert "'27,1'" in problems[0].detail and "27.1" in problems[0].detail


def test_quoted_decimal_comma_is_named_as_such(data_copy):
    line = _set(data_copy, "2024Q3", "employees", "1551,5")  # csv.writer quotes the cell
    problem = _only(_problems(QUARTERLY), "decimal-comma")
    assert (problem.line, problem.column) == (line, "employees")


def test_file_not_in_utf8(data_copy):
    relative = "ifo/ai_job_expectations_2025.csv"
    content = (data_copy / relative).read_bytes()
    assert "ü".encode() in content
    line = content[: content.index("ü".encode())].count(b"\n") + 1
    _write_bytes(data_copy, content.replace("ü".encode(), b"\xfc"), relative)
    problems = _problems("ifo_ai_job_expectations_2025")
    assert [p.rule for p in problems] == ["encoding"] and problems[0].line == line


def test_crlf_line_endings_are_named_not_taken_for_an_edit(data_copy):
    path = data_copy / FILE
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # as a checkout with autocrlf would
    problem = _only(_problems(QUARTERLY), "line-endings")
    assert "CRLF" in problem.detail


def test_gitattributes_keeps_data_bytes_as_committed():
    from tests.conftest import ROOT

    rules = (ROOT / ".gitattributes").read_text(encoding="utf-8").split("\n")
    assert "*.csv -text" in rules


# --------------------------------------------------------------------------
# Rules that once lived only in tests, now in the descriptors (tests feed them bad rows)
# --------------------------------------------------------------------------


def test_quarter_end_that_does_not_match_its_period_label(data_copy):
    line = _set(data_copy, "2024Q3", "quarter_end", "2024-06-30")
    problem = _only(_problems(QUARTERLY), "period-date")
    assert (problem.line, problem.column, problem.key) == (line, "quarter_end", "period=2024Q3")
    assert "2024-09-30" in problem.detail


IFO = "ifo/ai_job_expectations_2025.csv"


def test_ifo_answer_shares_that_do_not_add_up_to_100(data_copy):
    rows = _rows(data_copy, IFO)
    column = rows[0].index("fewer_jobs_pct")
    manufacturing = next(i for i, row in enumerate(rows) if row[0] == "manufacturing")
    rows[manufacturing][column] = str(float(rows[manufacturing][column]) * 2)  # '73.3 %' of manufacturing
    _write(data_copy, rows, IFO)
    problems = _problems("ifo_ai_job_expectations_2025")
    assert [p.rule for p in problems] == ["row-sum"]
    assert (problems[0].line, problems[0].key) == (manufacturing + 1, "sector_id=manufacturing")
    assert "fewer_jobs_pct" in problems[0].column and "not 100" in problems[0].detail


def test_ifo_row_naming_an_undeclared_source(data_copy):
    line = _set(data_copy, "total", "corroborated_by", "dts-2025 some-blog", relative=IFO)
    problems = _problems("ifo_ai_job_expectations_2025")
    assert [p.rule for p in problems] == ["source-ref"] and problems[0].line == line
    assert "'some-blog'" in problems[0].detail and problems[0].column == "corroborated_by"


BITKOM = "germany/bitkom_ai_job_expectations_2025.csv"


def test_bitkom_shares_of_a_population_above_100(data_copy):
    _set(data_copy, "all_more", "share_pct", "70", relative=BITKOM)
    problems = _problems("bitkom_ai_job_expectations_2025")
    assert [p.rule for p in problems] == ["group-sum"] and "more than 100" in problems[0].detail


def test_bitkom_average_change_with_the_wrong_sign(data_copy):
    line = _set(data_copy, "all_fewer", "avg_change_pct", "7", relative=BITKOM)
    problems = _problems("bitkom_ai_job_expectations_2025")
    assert [p.rule for p in problems] == ["row-condition"]
    assert (problems[0].line, problems[0].key) == (line, "item_id=all_fewer")
    assert "avg_change_pct" in problems[0].detail and "fewer jobs" in problems[0].detail


def test_exposure_range_whose_top_is_below_its_bottom(data_copy):
    relative = "global/ai_exposure.csv"
    rows = _rows(data_copy, relative)
    header = rows[0]
    index = next(i for i, row in enumerate(rows[1:], 1) if row[header.index("value_high")])
    rows[index][header.index("value_high")] = str(float(rows[index][header.index("value")]) - 1)
    _write(data_copy, rows, relative)
    problems = _problems("ai_exposure_estimates")
    assert [p.rule for p in problems] == ["row-condition"] and problems[0].line == index + 1


def test_adoption_row_after_the_article_not_marked(data_copy):
    relative = "germany/ai_adoption.csv"
    rows = _rows(data_copy, relative)
    header = rows[0]
    index = next(i for i, row in enumerate(rows[1:], 1) if int(row[header.index("year")]) <= 2024)
    rows[index][header.index("after_article")] = "true"
    _write(data_copy, rows, relative)
    problems = _problems("de_ai_adoption")
    assert [p.rule for p in problems] == ["row-condition"] and problems[0].line == index + 1


# --------------------------------------------------------------------------
# Broken metadata and unknown names
# --------------------------------------------------------------------------


def test_syntax_error_in_a_descriptor_names_file_and_line(data_copy):
    path = _descriptor(data_copy, FILE)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3].replace(":", "", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(data.MetadataError) as failure:
        data.load(QUARTERLY)
    assert failure.value.problem.file == "data/amazon/headcount_quarterly.resource.json"
    assert failure.value.problem.line == 4 and failure.value.problem.rule == "json-syntax"
    assert "headcount_quarterly.resource.json, line 4" in str(failure.value)


def test_syntax_error_in_datapackage_json_names_file_and_line(data_copy, capsys):
    path = data_copy / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"title":', '"title"', 1), encoding="utf-8")
    [problem] = data.package_problems()
    assert (problem.file, problem.rule, problem.line) == ("data/datapackage.json", "json-syntax", 3)
    assert data.main(["check"]) == 1
    assert "datapackage.json, line 3: rule 'json-syntax'" in capsys.readouterr().out
    assert data.main(["assemble"]) == 1


def test_unknown_dataset_lists_known_names_and_the_calling_chapter(data_copy, monkeypatch):
    monkeypatch.setenv("AILAYOFFS_CHAPTER", "chapters/immediate-dimensions.md")
    with pytest.raises(data.UnknownDatasetError) as failure:
        data.load("amazon_headcount_quartely")
    message = str(failure.value)
    assert "chapters/immediate-dimensions.md" in message and "'amazon_headcount_quarterly'" in message
    assert all(name in message for name in data.resource_names())
    assert isinstance(failure.value, KeyError)


# --------------------------------------------------------------------------
# bump and release refuse what they must not record
# --------------------------------------------------------------------------


def test_bump_refuses_a_file_that_breaks_its_rules(data_copy, capsys):
    _set(data_copy, "2024Q3", "employees", "1551", rehash=False)
    before = _descriptor(data_copy, FILE).read_bytes(), (data_copy / "CHANGELOG.md").read_bytes()
    assert data.main(["bump", QUARTERLY, "--note", "typo"]) == 1
    err = capsys.readouterr().err
    assert "not recorded" in err and "rule 'minimum'" in err and "Traceback" not in err
    assert (_descriptor(data_copy, FILE).read_bytes(), (data_copy / "CHANGELOG.md").read_bytes()) == before


def test_bump_refuses_when_nothing_changed(data_copy, capsys):
    assert data.main(["bump", QUARTERLY, "--note", "again"]) == 1
    assert "nothing to record" in capsys.readouterr().err
    assert data.main(["bump", QUARTERLY, "--level", "patch", "--note", "again"]) == 1
    assert "neither" in capsys.readouterr().err
    assert data.info(QUARTERLY).version == "1.0.0" or data.validate(QUARTERLY) == []


def test_bump_patch_records_a_metadata_only_change(data_copy):
    _edit_descriptor(data_copy, FILE, lambda r: r.update(description=r["description"] + " Reworded."))
    version = data.record_version(QUARTERLY, "description reworded", level="patch", day="2026-01-01")
    assert version.endswith(".1") and data.validate(QUARTERLY) == [] and data.package_problems() == []


def test_bump_of_an_unknown_dataset_is_one_line_and_exit_code_2(data_copy, capsys):
    assert data.main(["bump", "no_such_dataset", "--note", "x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no dataset named 'no_such_dataset'" in err and "Traceback" not in err


def test_bump_re_assembles_the_package(data_copy):
    _bump_last_value(data_copy)
    data.record_version(QUARTERLY, "revision", level="minor", day="2026-01-01")
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    entry = next(r for r in package["resources"] if r["name"] == QUARTERLY)
    assert entry["hash"] == "sha256:" + data.file_sha256(data_copy / FILE) and entry["version"] == "1.1.0"
    assert data.package_problems() == []


# --------------------------------------------------------------------------
# Rules that span two datasets (x-agrees-with): enforced whichever file is loaded
# --------------------------------------------------------------------------


def test_a_fourth_quarter_headcount_that_disagrees_with_the_annual_report(data_copy):
    line = _set(data_copy, "2019Q4", "employees", "798001")
    problem = _only(_problems(QUARTERLY), "agrees-with")
    assert (problem.file, problem.line, problem.key, problem.column) == (f"data/{FILE}", line, "year=2019", "employees")
    assert "798001" in problem.detail and "798000" in problem.detail
    assert "data/amazon/headcount_annual.csv" in problem.detail and "year-end-headcount-quarterly" in problem.detail
    annual = _only(_problems("amazon_headcount_annual"), "agrees-with")
    assert annual.file == "data/amazon/headcount_annual.csv" and annual.key == "year=2019"


def test_four_quarters_that_no_longer_add_up_to_the_10k_year(data_copy):
    relative = "amazon/quarterly_results.csv"
    rows = _rows(data_copy, relative)
    header = rows[0]
    index = next(
        i for i, row in enumerate(rows) if row[header.index("period")] == "2019Q2" and row[1] == "net_income"
    )
    rows[index][header.index("value")] = str(int(rows[index][header.index("value")]) + 100)
    _write(data_copy, rows, relative)
    problems = _problems("amazon_annual_results")
    assert {p.rule for p in problems} == {"agrees-with"}
    assert [p.key for p in problems] == ["year=2019, metric=net_income"]
    assert "by -100" in problems[0].detail and "four-quarters-make-the-year" in problems[0].detail


def test_business_lines_that_do_not_add_up_to_net_sales(data_copy):
    relative = "amazon/net_sales_by_line_annual.csv"
    rows = _rows(data_copy, relative)
    index = next(i for i, row in enumerate(rows) if row[0] == "2023" and row[1] == "online stores")
    rows[index][2] = str(int(rows[index][2]) + 50)
    _write(data_copy, rows, relative)
    problems = _problems("amazon_annual_results")
    assert [(p.rule, p.key) for p in problems] == [("agrees-with", "year=2023")]
    assert problems[0].file == "data/amazon/annual_results.csv"
    assert "lines-add-up-to-net-sales" in problems[0].detail


def test_a_rule_that_compares_nothing_fails(data_copy):
    """Renaming a metric must not make the agreement pass by comparing no rows."""
    _edit_descriptor(
        data_copy,
        "amazon/net_sales_by_line_annual.csv",
        lambda r: r["x-agrees-with"][1]["this"]["where"].update(line="Amazon Web Services"),
    )
    problems = _problems("amazon_net_sales_by_line_annual")
    assert len(problems) == 1 and "only 0 key(s)" in problems[0].detail


def test_bump_refuses_a_file_that_disagrees_with_another_dataset(data_copy):
    _set(data_copy, "2021Q4", "employees", "1608100", rehash=False)
    with pytest.raises(data.RecordError, match=r"year=2021.*agrees-with.*1608000.*1608100"):
        data.record_version(QUARTERLY, "careless edit", "minor", directory=data_copy)


def test_bump_records_only_its_own_dataset(data_copy):
    """An unrecorded metadata edit of another descriptor is not recorded under that dataset's old version."""
    _edit_descriptor(data_copy, "amazon/headcount_annual.csv", lambda r: r.update(description="edited, not bumped"))
    _set(data_copy, "2014Q3", "note", "a new note", relative="amazon/quarterly_results.csv", rehash=False)
    data.record_version("amazon_quarterly_results", "a note", "patch", directory=data_copy)
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    annual = next(r for r in package["resources"] if r["name"] == "amazon_headcount_annual")
    assert annual["description"] != "edited, not bumped"
    assert [p.rule for p in data.package_problems(data_copy)] == ["assembled"]
