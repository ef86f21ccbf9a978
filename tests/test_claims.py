"""Verdicts on the article's claims follow their qualifiers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ailayoffs import data
from ailayoffs.claims import CONSISTENT, INCONSISTENT, UNCHECKED, check_claims, round_half_up, shown_decimals, verdict


@pytest.mark.parametrize(
    "claimed, computed, qualifier, expected",
    [
        (4, 4.0, "about", CONSISTENT),
        (4, 4.45, "about", CONSISTENT),  # "about 4" is rounded to the unit
        (4, 4.6, "about", INCONSISTENT),
        (20, 17.4, "about", CONSISTENT),  # "about 20" is rounded to the ten
        (20, 14.0, "about", INCONSISTENT),
        (38, 38.06, "about", CONSISTENT),
        (38, 34.6, "about", INCONSISTENT),
        (13, 13.3, "exact", CONSISTENT),  # a stated 13 % may be 13.3 % rounded
        (13, 13.6, "exact", INCONSISTENT),
        (1.55, 1.5505, "exact", CONSISTENT),
        (1.55, 1.49, "exact", INCONSISTENT),
        (50, 62.7, "more than", CONSISTENT),
        (50, 50.0, "more than", INCONSISTENT),
        (2, 2.02, "more than", CONSISTENT),
        (30000, 30000, "up to", CONSISTENT),
        (30000, 31000, "up to", CONSISTENT),  # within the tolerance of a round figure
        (30000, 40000, "up to", INCONSISTENT),
        (14000, 13000, "at least", INCONSISTENT),
        (90, 90, "exact", CONSISTENT),
        (90, 91, "exact", INCONSISTENT),
        (10, 9, "less than", CONSISTENT),
    ],
)
def test_verdict(claimed, computed, qualifier, expected):
    assert verdict(claimed, computed, qualifier) == expected


@pytest.mark.parametrize("value, unit", [(20, 10), (350000, 10000), (38, 1), (1.55, 0.01), (0.5, 0.1), (1400, 100)])
def test_rounding_unit(value, unit):
    from ailayoffs.claims import rounding_unit

    assert rounding_unit(value) == pytest.approx(unit)


def test_unknown_qualifier_is_rejected():
    with pytest.raises(ValueError, match="qualifier"):
        verdict(1, 1, "roughly-ish")


def test_check_claims_marks_unchecked_claims():
    claims = data.load("article_claims")
    table = check_claims(claims, {"cut_share_of_corporate": 4.0, "hr_cut_share": 15.0})
    by_id = table.set_index("claim_id")["verdict"]
    assert by_id["cut_share_of_corporate"] == CONSISTENT
    assert by_id["hr_cut_share"] == UNCHECKED  # marked not checkable in the data
    assert by_id["process_changes"] == UNCHECKED  # no computed value
    # statements without a figure are the register's to rate; a chapter's table checks every figure
    assert len(table) == claims["value"].notna().sum()


# --------------------------------------------------------------------------
# Claims as printed
# --------------------------------------------------------------------------


@pytest.mark.parametrize("value, decimals", [(13.0, 0), (167.7, 1), (39.45, 2), (12000.0, 0), (0.5, 1)])
def test_shown_decimals(value, decimals):
    assert shown_decimals(value) == decimals


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (39.45, 1, 39.5),  # half up, where binary floats and round-half-even give 39.4 or 39.5 by accident
        (2.5, 0, 3.0),
        (3.5, 0, 4.0),
        (13.3298, 0, 13.0),
        (-2.5, 0, -3.0),
        (167.702, 1, 167.7),
    ],
)
def test_round_half_up(value, decimals, expected):
    assert round_half_up(value, decimals) == expected


def _claims(rows):
    return pd.DataFrame(
        rows, columns=["claim_id", "section_de", "quantity", "value", "unit", "qualifier", "phrase_de", "checkable"]
    )


def test_unqualified_figures_are_compared_as_printed():
    table = _claims(
        [
            ("growth", "S", "growth", 13.0, "percent", "exact", "13 Prozent", True),
            ("fall", "S", "fall", 63.0, "percent", "exact", "63 Prozent", True),
            ("third", "S", "growth", 33.3, "percent", "more than", "mehr als ein Drittel", True),
            ("margin", "S", "margin", 32.9, "percent", "exact", "32,9 Prozent", True),
            ("intraday", "S", "move", 1.2, "percent", "exact", "1,2 Prozent", False),
        ]
    )
    checked = check_claims(
        table, {"growth": 13.33, "fall": 64.22, "third": 33.31, "margin": 32.96, "intraday": 1.0}
    ).set_index("claim_id")
    assert checked.loc["growth", "verdict"] == CONSISTENT and checked.loc["growth", "compared"] == "13"
    assert checked.loc["fall", "verdict"] == INCONSISTENT and checked.loc["fall", "compared"] == "64"
    assert checked.loc["third", "verdict"] == CONSISTENT and checked.loc["third", "compared"] == "unrounded"
    assert checked.loc["margin", "verdict"] == INCONSISTENT  # 32.96 prints as 33.0
    assert checked.loc["intraday", "verdict"] == UNCHECKED and math.isnan(checked.loc["intraday", "computed"])
    assert checked.loc["growth", "computed"] == 13.33  # the table shows our unrounded figure
    with pytest.raises(KeyError):
        check_claims(table, {"unknown": 1.0})


def _answered(rows):
    frame = _claims([row[:-1] for row in rows])
    frame["answered_by"] = [row[-1] for row in rows]
    return frame


def test_check_claims_reads_each_figure_by_its_answered_by_key():
    table = _answered(
        [
            ("growth", "S", "growth", 13.0, "percent", "exact", "13 Prozent", True, "net_sales_growth_pct"),
            ("fall", "S", "fall", 63.0, "percent", "exact", "63 Prozent", True, "other::meta_fall_pct"),
            ("stmt", "S", "a statement", float("nan"), "statement", "exact", "Rekordgewinne", False, ""),
            ("hr", "S", "HR share", 15.0, "percent", "about", "15 Prozent", False, ""),
        ]
    )
    published = {"net_sales_growth_pct": 13.33, "meta_fall_pct": 64.22, "unrelated": 1.0}
    checked = check_claims(table, published=published).set_index("claim_id")
    assert checked.loc["growth", "computed"] == 13.33 and checked.loc["growth", "verdict"] == CONSISTENT
    assert checked.loc["fall", "computed"] == 64.22 and checked.loc["fall", "verdict"] == INCONSISTENT
    assert checked.loc["hr", "verdict"] == UNCHECKED
    assert "stmt" not in checked.index  # statements are rated in the register, not in a chapter's table
    assert checked.loc["growth", "phrase_de"] == "13 Prozent"
    # a changed published figure changes the verdict
    moved = check_claims(table, published={**published, "net_sales_growth_pct": 14.2}).set_index("claim_id")
    assert moved.loc["growth", "verdict"] == INCONSISTENT


def test_check_claims_reads_from_what_the_chapter_published(monkeypatch):
    from ailayoffs import book

    monkeypatch.setattr("myst_nb.glue", lambda *args, **kwargs: None)
    book.forget_published()
    table = _answered([("growth", "S", "growth", 13.0, "percent", "exact", "13 Prozent", True, "growth_pct")])
    with pytest.raises(KeyError, match="claim 'growth'.*'growth_pct'.*not been published"):
        check_claims(table)
    book.publish(growth_pct=13.33)
    try:
        assert check_claims(table).loc[0, "verdict"] == CONSISTENT
        assert book.published()["growth_pct"] == 13.33
    finally:
        book.forget_published()


def test_a_published_figure_that_is_not_a_number_names_the_claim():
    table = _answered([("growth", "S", "growth", 13.0, "percent", "exact", "13 Prozent", True, "growth_pct")])
    with pytest.raises(TypeError, match="claim 'growth'.*'growth_pct' is 'fast'"):
        check_claims(table, published={"growth_pct": "fast"})


def test_claims_table_links_each_claim_to_its_card_and_quotes_the_article():
    from ailayoffs import claims, tables

    table = _answered([("growth", "S", "growth <b>", 13.0, "percent", "exact", "13 <i>Prozent</i>", True, "g")])
    html = tables.styler_html(claims.claims_table(check_claims(table, published={"g": 13.33})))
    assert '<a class="claim-card-link" href="../checking-the-article.html#claim-growth">growth &lt;b&gt;</a>' in html
    assert "„13 &lt;i&gt;Prozent&lt;/i&gt;“" in html and "Xpert.Digital" in html
    links = claims.card_links(table)._repr_html_()
    assert 'href="../checking-the-article.html#claim-growth"' in links and "<i>" not in links
    with pytest.raises(ValueError, match="no claims"):
        claims.card_links(table.iloc[0:0])
