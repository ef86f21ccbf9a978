"""The register joins claims, reviews and published figures, and refuses holes, naming the claim."""

import math

import pandas as pd
import pytest

from ailayoffs import register

SECTIONS = [
    {"n": 1, "de": "Erster Abschnitt", "en": "First", "doc": "chapters/first"},
    {"n": 2, "de": "Zweiter Abschnitt", "en": "Second", "doc": "chapters/second"},
]


def _claims(overrides=None):
    rows = [
        {
            "claim_id": "cut",
            "section_de": "Erster Abschnitt",
            "quantity": "roles cut",
            "value": 14000.0,
            "unit": "persons",
            "qualifier": "at least",
            "phrase_de": "mindestens 14000",
            "checkable": True,
            "answered_by": "roles",
        },
        {
            "claim_id": "fall",
            "section_de": "Zweiter Abschnitt",
            "quantity": "share fall",
            "value": 63.0,
            "unit": "percent",
            "qualifier": "exact",
            "phrase_de": "um 63 Prozent",
            "checkable": True,
            "answered_by": "chapters/first::fall_pct",
        },
        {
            "claim_id": "hr",
            "section_de": "Einleitung",
            "quantity": "HR share",
            "value": 15.0,
            "unit": "percent",
            "qualifier": "about",
            "phrase_de": "rund 15 Prozent",
            "checkable": False,
            "answered_by": "",
        },
    ]
    frame = pd.DataFrame(rows)
    for (claim_id, column), value in (overrides or {}).items():
        frame.loc[frame["claim_id"] == claim_id, column] = value
    return frame


def _reviews():
    return pd.DataFrame(
        [
            {
                "claim_id": "cut",
                "period": "2025",
                "datasets": "rounds",
                "source_tier": "company statement",
                "tolerance_pct": 5.0,
                "judged_rating": "",
                "reason": "r1",
                "after_article": "",
                "after_source_ref": "",
            },
            {
                "claim_id": "fall",
                "period": "2022",
                "datasets": "prices",
                "source_tier": "research publication",
                "tolerance_pct": 5.0,
                "judged_rating": "",
                "reason": "r2",
                "after_article": "",
                "after_source_ref": "",
            },
            {
                "claim_id": "hr",
                "period": "",
                "datasets": "",
                "source_tier": "none",
                "tolerance_pct": 5.0,
                "judged_rating": "",
                "reason": "r3",
                "after_article": "",
                "after_source_ref": "",
            },
        ]
    )


PUBLISHED = {"chapters/first": {"roles": 14000, "fall_pct": 64.2}, "chapters/second": {}}


def test_register_rates_each_claim_from_the_published_figures():
    frame = register.build_register(_claims(), _reviews(), PUBLISHED, SECTIONS, ["rounds", "prices"])
    by_id = frame.set_index("claim_id")
    assert list(frame["claim_id"]) == ["hr", "cut", "fall"]  # lead first, then by section
    assert by_id.loc["cut", "rating"] == "true"
    assert by_id.loc["fall", "ours"] == 64.2 and by_id.loc["fall", "rating"] == "mostly_true"
    assert by_id.loc["hr", "rating"] == "unproven" and math.isnan(by_id.loc["hr", "ours"])
    assert by_id.loc["hr", "section_n"] == 0 and by_id.loc["hr", "doc"] == "chapters/first"


def test_a_changed_figure_changes_the_rating():
    published = {"chapters/first": {"roles": 9000, "fall_pct": 64.2}}
    frame = register.build_register(_claims(), _reviews(), published, SECTIONS, ["rounds", "prices"])
    assert frame.set_index("claim_id").loc["cut", "rating"] != "true"


@pytest.mark.parametrize(
    ("claims", "published", "message"),
    [
        (_claims({("cut", "answered_by"): "nope"}), PUBLISHED, "claim 'cut'.*publishes no value named 'nope'"),
        (_claims({("fall", "answered_by"): "chapters/third::x"}), PUBLISHED, "claim 'fall'.*chapter 'chapters/third'"),
        (_claims({("cut", "answered_by"): ""}), PUBLISHED, "claim 'cut' is marked checkable but names no published"),
        (_claims({("cut", "section_de"): "Unbekannt"}), PUBLISHED, "claim 'cut': section 'Unbekannt'"),
        (_claims(), {"chapters/first": {"roles": "many", "fall_pct": 1.0}}, "claim 'cut': 'roles' is 'many'"),
    ],
)
def test_holes_fail_naming_the_claim(claims, published, message):
    with pytest.raises(register.RegisterError, match=message):
        register.build_register(claims, _reviews(), published, SECTIONS, ["rounds", "prices"])


def test_reviews_and_datasets_must_match():
    with pytest.raises(register.RegisterError, match=r"without a review.*\['hr'\]"):
        register.build_register(_claims(), _reviews().iloc[:2], PUBLISHED, SECTIONS, ["rounds", "prices"])
    extra = pd.concat([_reviews(), _reviews().iloc[[0]].assign(claim_id="ghost")])
    with pytest.raises(register.RegisterError, match=r"not in article_claims.*ghost"):
        register.build_register(_claims(), extra, PUBLISHED, SECTIONS, ["rounds", "prices"])
    with pytest.raises(register.RegisterError, match=r"claim 'cut': unknown dataset\(s\) \['rounds'\]"):
        register.build_register(_claims(), _reviews(), PUBLISHED, SECTIONS, ["prices"])


def test_parse_published_keeps_plain_values_only():
    glue = {
        "n": {"data": {"text/plain": "14000"}},
        "s": {"data": {"text/plain": "'28 October 2025'"}},
        "fig": {"data": {"text/html": "<div>", "text/plain": "<chart>"}},
    }
    assert register.parse_published(glue) == {"n": 14000, "s": "28 October 2025"}


def test_rating_counts_follow_the_scale_order():
    frame = register.build_register(_claims(), _reviews(), PUBLISHED, SECTIONS, ["rounds", "prices"])
    counts = register.rating_counts(frame)
    assert counts["claims"].sum() == len(frame)
    assert list(counts["section_n"]) == sorted(counts["section_n"])


def test_a_plain_answered_by_key_is_looked_up_in_any_chapter_that_publishes_it():
    published = {"chapters/first": {"fall_pct": 63.2}, "chapters/second": {"roles": 15000}}
    frame = register.build_register(_claims(), _reviews(), published, SECTIONS, ["rounds", "prices"])
    frame = frame.set_index("claim_id")
    assert frame.loc["cut", "ours"] == 15000 and frame.loc["cut", "answered_by"] == "roles"


def test_there_is_no_fallback_to_a_claim_id_key():
    # A figure published as claim_<id> no longer answers a claim: only its answered_by key does.
    claims = _claims({("cut", "answered_by"): ""})
    published = {"chapters/first": {"claim_cut": 14000, "fall_pct": 64.2}}
    with pytest.raises(register.RegisterError, match="claim 'cut' is marked checkable but names no published figure"):
        register.build_register(claims, _reviews(), published, SECTIONS, ["rounds", "prices"])


def test_a_direction_claim_that_fails_is_false_and_one_that_holds_is_true():
    rises = _claims({("cut", "value"): 0.0, ("cut", "qualifier"): "more than"})

    def by_id(roles):
        published = {"chapters/first": {"roles": roles, "fall_pct": 64.2}}
        frame = register.build_register(rises, _reviews(), published, SECTIONS, ["rounds", "prices"])
        return frame.set_index("claim_id").loc["cut"]

    assert by_id(0.3)["rating"] == "true"
    failed = by_id(-0.3)
    assert failed["rating"] == "false" and math.isinf(failed["deviation_pct"])


def test_the_register_keeps_the_printed_decimals_of_each_claim():
    frame = register.build_register(_claims(), _reviews(), PUBLISHED, SECTIONS, ["rounds", "prices"])
    frame = frame.set_index("claim_id")
    assert frame.loc["cut", "printed_decimals"] == 0
    assert frame.loc["hr", "printed_decimals"] == 0
