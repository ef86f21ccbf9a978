"""Every dataset in data/ meets its contract, and the datasets agree with each other."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from ailayoffs import data
from tests.conftest import DATA, ROOT, resources

NAMES = [r["name"] for r in resources()]


@pytest.mark.parametrize("name", NAMES)
def test_dataset_validates(name):
    assert data.validate(name) == [], "\n".join(map(str, data.validate(name)))


@pytest.mark.parametrize("name", NAMES)
def test_loaded_frame_is_typed_as_its_schema(name):
    frame = data.load(name)
    resource = next(r for r in resources() if r["name"] == name)
    fields = resource["schema"]["fields"]
    assert list(frame.columns) == [f["name"] for f in fields]
    for field in fields:
        dtype = frame[field["name"]].dtype
        expected = {"integer": pd.Int64Dtype(), "number": "float64", "date": "datetime64[s]", "boolean": "boolean"}
        if field["type"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(dtype), field["name"]
        elif field["type"] in expected:
            assert dtype == expected[field["type"]], (field["name"], dtype)
    assert frame.attrs["dataset"].version == resource["version"]


@pytest.mark.parametrize("resource", resources(), ids=NAMES)
def test_metadata_records_provenance(resource):
    assert re.fullmatch(r"\d+\.\d+\.\d+", resource["version"])
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", resource["hash"])  # the standard reads a bare hash as MD5
    dt.date.fromisoformat(resource["x-retrieved"])
    assert resource["title"] and len(resource["description"]) > 40
    assert resource["licenses"]
    assert resource["schema"]["primaryKey"]
    for source in resource["sources"]:
        assert source["title"] and source["x-id"] and source["x-bibkey"]
        assert source.get("path", "").startswith("http") or source.get("x-repository")
        if "x-repository" in source:  # repository@commit:path, commit in full
            assert re.fullmatch(r"github\.com/[\w.-]+/[\w.-]+@[0-9a-f]{40}:.+", source["x-repository"])


def test_every_source_is_in_the_bibliography():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,]+),", bib, flags=re.M))
    cited = {s["x-bibkey"] for r in resources() for s in r["sources"]}
    assert cited <= keys, f"sources without a bibliography entry: {sorted(cited - keys)}"


def test_changelog_records_every_current_version():
    versions = data.changelog_versions()
    for resource in resources():
        assert resource["version"] in versions.get(resource["name"], set()), resource["name"]


def test_no_unverified_values_in_data():
    for path in DATA.rglob("*.csv"):
        assert "MEMORY" not in path.read_text(encoding="utf-8"), f"{path}: a value marked MEMORY"


def test_year_end_headcounts_agree_between_annual_and_quarterly_series():
    annual = data.load("amazon_headcount_annual").set_index("year")["employees"]
    quarterly = data.load("amazon_headcount_quarterly")
    q4 = quarterly[quarterly["period"].str.endswith("Q4")]
    compared = 0
    for row in q4.itertuples():
        year = int(row.period[:4])
        if year in annual.index:
            assert annual[year] == row.employees, row.period
            compared += 1
    assert compared >= 5


def test_quarter_end_dates_match_period_labels():
    quarterly = data.load("amazon_headcount_quarterly")
    expected = pd.PeriodIndex(quarterly["period"], freq="Q").end_time.normalize()
    assert (quarterly["quarter_end"].values == expected.values).all()
