"""Regulation timeline: dating, ordering against a reference day, lags, open proceedings, the chart."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ailayoffs import claims, load, regulation
from ailayoffs.figures import regulation as figures


def _events(rows):
    return pd.DataFrame(rows, columns=["event_id", "date", "date_precision", "regime", "event"])


def test_month_only_dates_are_uncertain_within_their_month():
    events = _events(
        [
            ("a", "2025-06", "month", "X", "a"),
            ("b", "2025-06-10", "day", "X", "b"),
            ("c", "2025-07-01", "day", "X", "c"),
        ]
    )
    frame = regulation.dated(events, pd.Timestamp("2025-06-15")).set_index("event_id")
    assert frame.loc["a", "relative"] == "same month"
    assert frame.loc["b", "relative"] == "before" and frame.loc["c", "relative"] == "after"
    assert frame.loc["a", "month_end"] == pd.Timestamp("2025-06-30")


def test_precision_that_contradicts_the_date_text_is_refused():
    with pytest.raises(ValueError, match="date_precision"):
        regulation.dated(_events([("a", "2025-06", "day", "X", "a")]), pd.Timestamp("2025-01-01"))


def test_lag_and_open_proceedings():
    events = _events([("open", "2022-11-14", "day", "X", "o"), ("close", "2026-02-05", "day", "X", "c")])
    assert regulation.regulatory_lag_years(events, "open", "close") == pytest.approx(
        (pd.Timestamp("2026-02-05") - pd.Timestamp("2022-11-14")).days / 365.25
    )
    assert regulation.open_on(events, "open", "close", pd.Timestamp("2025-10-28"))
    assert not regulation.open_on(events, "open", "close", pd.Timestamp("2026-03-01"))
    with pytest.raises(ValueError):
        regulation.open_on(events, "close", "open", pd.Timestamp("2025-10-28"))
    with pytest.raises(KeyError, match="nope"):
        regulation.event(events, "nope")


def test_on_the_articles_date_the_ai_act_was_in_force_and_its_high_risk_rules_were_not():
    events = load("regulation_events")
    date = claims.article_date(load("article_claims").attrs["dataset"])
    status = regulation.status_on(events, "EU AI Act", date).set_index("event_id")
    assert status.loc["aiact_20240801", "relative"] == "before"
    assert status.loc["aiact_20260802", "relative"] == "after"
    frame = regulation.dated(events, date)
    in_force = regulation.event(frame, "aiact_20240801")["when"]
    verdicts = claims.check_claims(
        claims.in_sections(load("article_claims"), "Der regulatorische und politische Kontext"),
        {"ai_act_in_force_years": regulation.years_between(in_force, date)},
    )
    assert verdicts.set_index("claim_id").loc["ai_act_in_force_years", "verdict"] == claims.INCONSISTENT


def test_timeline_chart_marks_the_article_and_every_regime():
    events = load("regulation_events")
    date = pd.Timestamp("2025-10-28")
    frame = regulation.dated(events, date)
    spec = figures.regulation_timeline_chart(frame, date, datasets=[events.attrs["dataset"]], publisher="p").to_dict()
    text = " ".join(json.dumps(spec).replace("\\n", " ").split())
    assert "2025-10-28" in text and "regulation_events.csv v" in text
    assert all(regime in spec["description"] for regime in events["regime"].unique())
