"""Descriptors beside the CSVs, the assembled datapackage.json, the standard's validator, the load cache."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ailayoffs import data
from tests.conftest import DATA, ROOT, resources

QUARTERLY = "amazon_headcount_quarterly"


def test_every_csv_has_its_descriptor_beside_it():
    csvs = sorted(p.relative_to(DATA) for p in DATA.rglob("*.csv"))
    described = sorted(Path(data.info(n).path) for n in data.resource_names())
    assert csvs == described
    for name in data.resource_names():
        meta = data.info(name)
        assert meta.descriptor == f"data/{Path(meta.path).with_suffix('.resource.json')}"
        assert json.loads((ROOT / meta.descriptor).read_text(encoding="utf-8"))["path"] == Path(meta.path).name


def test_datapackage_json_is_assembled_from_the_descriptors():
    assert data.package_problems() == [], "run `python -m ailayoffs assemble`"
    assert [r["name"] for r in resources()] == data.resource_names()
    for resource in resources():
        assert resource == data.resource_descriptor(resource["name"])


def test_a_descriptor_edited_without_assembling_is_reported(data_copy):
    path = data_copy / "amazon" / "headcount_quarterly.resource.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["title"] += " (revised)"
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    [problem] = data.package_problems()
    assert problem.rule == "assembled" and "python -m ailayoffs assemble" in problem.detail
    assert data.main(["check"]) == 1
    assert data.main(["assemble"]) == 0 and data.package_problems() == []


def test_reference_frictionless_cli_reports_every_resource_valid():
    cli = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(cli), "validate", "--json", "data/datapackage.json"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    report = json.loads(result.stdout)
    tasks = report["tasks"]
    assert len(tasks) == len(data.resource_names())
    assert [t["name"] for t in tasks if not t["valid"]] == [], [t["errors"][:2] for t in tasks if not t["valid"]]
    assert report["valid"] and result.returncode == 0


def test_frictionless_reports_a_stale_hash_in_the_assembled_package(data_copy):
    import frictionless

    csv = data_copy / "amazon" / "headcount_quarterly.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("1578000", "1578001"), encoding="utf-8")
    report = frictionless.Package(str(data_copy / "datapackage.json")).validate()
    invalid = [t for t in report.tasks if not t.valid]
    assert [t.name for t in invalid] == [QUARTERLY] and invalid[0].errors[0].type == "hash-count"


def test_each_descriptor_validates_on_its_own():
    import frictionless

    report = frictionless.Resource(str(DATA / "amazon" / "headcount_quarterly.resource.json")).validate()
    assert report.valid, report.flatten(["type", "note"])


def _inline_package(data_dir: Path) -> None:
    """Turn a copy back into the old layout: every resource inline, bare hashes, no descriptors."""
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        resource["hash"] = resource["hash"].removeprefix("sha256:")
    (data_dir / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    for path in data_dir.rglob("*.resource.json"):
        path.unlink()


def test_migrate_moves_inline_resources_beside_their_csvs_and_is_idempotent(data_copy):
    expected = {n: data.resource_descriptor(n) for n in data.resource_names()}
    _inline_package(data_copy)
    with pytest.raises(data.UnknownDatasetError, match="python -m ailayoffs migrate"):
        data.load(QUARTERLY)
    actions = data.migrate()
    assert sum("moved to" in a for a in actions) == len(expected)
    assert {n: data.resource_descriptor(n) for n in data.resource_names()} == expected
    assert data.package_problems() == []
    before = {p: p.read_bytes() for p in data_copy.rglob("*.json")}
    assert data.migrate() == []  # a second run changes nothing
    assert {p: p.read_bytes() for p in data_copy.rglob("*.json")} == before
    assert data.load(QUARTERLY)["employees"].iloc[-1] > 0


def test_migrate_takes_a_new_inline_resource_added_the_old_way(data_copy):
    shutil.copy(data_copy / "amazon" / "headcount_annual.csv", data_copy / "amazon" / "headcount_copy.csv")
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    new = dict(next(r for r in package["resources"] if r["name"] == "amazon_headcount_annual"))
    new = {k: v for k, v in new.items() if k != "x-min-rows"}
    new.update(name="amazon_headcount_copy", path="amazon/headcount_copy.csv", hash=new["hash"][7:])
    package["resources"].append(new)
    (data_copy / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    assert data.package_problems()[0].rule == "migrate"
    assert data.main(["migrate"]) == 0
    moved = json.loads((data_copy / "amazon" / "headcount_copy.resource.json").read_text(encoding="utf-8"))
    assert moved["path"] == "headcount_copy.csv" and moved["hash"].startswith("sha256:")
    assert moved["x-min-rows"] >= 1
    assert data.resource_names()[-1] == "amazon_headcount_copy"  # appended, nothing reordered
    problems = data.validate("amazon_headcount_copy")
    assert [p.rule for p in problems] == ["changelog"]  # not yet released: no changelog entry


def test_migrate_refuses_to_guess_when_an_entry_and_its_descriptor_differ(data_copy, capsys):
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["title"] = "Edited in datapackage.json"
    (data_copy / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    assert data.main(["migrate"]) == 1
    assert "title" in capsys.readouterr().err
    assert data.main(["migrate", "--prefer", "package"]) == 0
    assert data.info(package["resources"][0]["name"]).title == "Edited in datapackage.json"


def test_load_memoises_and_returns_a_copy(monkeypatch):
    data.clear_cache()
    first = data.load(QUARTERLY)
    calls = []
    import ailayoffs.data.loader as loader

    original = loader.check_content
    monkeypatch.setattr(loader, "check_content", lambda *a, **k: calls.append(a) or original(*a, **k))
    first.loc[0, "employees"] = -1
    second = data.load(QUARTERLY)
    assert calls == []  # served from the cache, not validated again
    assert second.loc[0, "employees"] > 0  # the caller's edit did not reach the cache
    assert second.attrs["dataset"].sha256 == data.file_sha256(DATA / "amazon" / "headcount_quarterly.csv")


def test_a_changed_file_is_validated_again_within_the_process(data_copy):
    data.load(QUARTERLY)
    csv = data_copy / "amazon" / "headcount_quarterly.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("1578000", "1578001"), encoding="utf-8")
    with pytest.raises(data.DataValidationError, match="rule 'sha256'"):
        data.load(QUARTERLY)


def test_loader_reads_each_file_once(monkeypatch):
    data.clear_cache()
    opened = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self.name) or real(self))
    import builtins

    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda f, *a, **k: opened.append(str(f)) or real_open(f, *a, **k))
    data.load(QUARTERLY)
    read = [Path(p).name for p in opened if str(p).endswith(".csv")]
    # the annual file is read for the x-agrees-with rule on year-end headcounts, once as well
    assert sorted(read) == ["headcount_annual.csv", "headcount_quarterly.csv"]
