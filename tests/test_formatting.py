"""One display precision per quantity; the bibliography style's labels and order."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ailayoffs import formatting

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))


def test_figure_uses_the_units_precision_and_reads_plainly():
    assert formatting.figure(13.333, "percent") == "13.3 %"
    assert formatting.figure(14000, "persons") == "14,000 persons"
    assert formatting.figure(2025.0, "year") == "2025"
    assert formatting.figure(300.0, "USD billion") == "300.0 USD bn"


def test_claims_read_as_printed_and_ours():
    assert formatting.as_printed(13, "percent", "exact", 0) == "13 %"
    assert formatting.as_printed(4, "percent", "about", 0) == "about 4 %"
    assert formatting.ours(13.333, "percent", 0) == "13.3 %"
    assert formatting.ours(39.456, "percent", 2) == "39.46 %", "a claim printed with more digits keeps them"
    assert formatting.ours(float("nan"), "percent") == "–"


def test_unknown_units_and_non_finite_values_fail_loudly():
    with pytest.raises(KeyError, match="no display precision"):
        formatting.decimals_for("furlongs")
    with pytest.raises(ValueError):
        formatting.figure(float("inf"), "percent")


def test_about_keeps_three_significant_figures():
    assert formatting.about(999_448) == 999_000
    assert formatting.about(1366.12) == 1370
    assert formatting.about(-0.012345) == pytest.approx(-0.0123)
    assert formatting.about(0) == 0


class _Person:
    def __init__(self, last):
        self.prelast_names, self.last_names, self.first_names, self.middle_names, self.lineage_names = (
            [],
            [last],
            [],
            [],
            [],
        )


class _Entry:
    def __init__(self, title, year, authors=(), **fields):
        self.fields = {"title": title, "year": year, **fields}
        self.persons = {"author": [_Person(a) for a in authors]} if authors else {}
        self.type = "online"


def test_bibliography_labels_are_author_year_with_suffixes_and_anonymous_works_sort_by_title():
    from bib_style import LabelStyle, base_label, sort_key

    entries = [
        _Entry("Zeta", "2025", ["Wolfenstein"]),
        _Entry("{News} report on AWS", "2020", organization="X"),
        _Entry("B", "2024", ["Smith", "Jones"]),
        _Entry("C", "2024", ["Smith", "Jones"]),
        _Entry("Amazon layoffs", "2023", ["Lee", "Kim", "Park"]),
    ]
    assert base_label(entries[0]) == "Wolfenstein 2025"
    assert base_label(entries[1]) == "News report on AWS 2020"
    assert base_label(entries[4]) == "Lee et al. 2023"
    ordered = sorted(entries, key=sort_key)
    assert [base_label(e) for e in ordered] == [
        "Lee et al. 2023",
        "News report on AWS 2020",
        "Smith and Jones 2024",
        "Smith and Jones 2024",
        "Wolfenstein 2025",
    ]
    assert list(LabelStyle().format_labels(ordered))[2:4] == ["Smith and Jones 2024a", "Smith and Jones 2024b"]
