"""The register page as built: every claim once, JSON-LD that matches the register, sorting and filtering
in Chromium without a kernel, and ratings that follow the data."""

from __future__ import annotations

import csv
import json
import re

import pytest
from bs4 import BeautifulSoup

from ailayoffs import factcheck, load
from tests.browser import browser_available, chromium, console_errors, serve
from tests.conftest import SITE, require

PAGE = SITE / "checking-the-article.html"


@pytest.fixture(scope="module")
def page():
    require(PAGE.exists(), "no built register page; run `make book` first")
    return BeautifulSoup(PAGE.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.site
def test_every_claim_appears_once_as_a_row_and_a_card(page):
    claims = load("article_claims")
    rows = page.select("table.register-table tbody tr")
    cards = page.select("section.claim-card")
    assert len(rows) == len(claims) == len(cards)
    assert sorted(card["id"] for card in cards) == sorted(f"claim-{c}" for c in claims["claim_id"])


@pytest.mark.site
def test_json_ld_reviews_every_claim_with_its_rating(page):
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    reviews = json.loads(scripts[0].string)
    assert len(reviews) == len(load("article_claims"))
    by_url = {r["url"].rsplit("#claim-", 1)[1]: r for r in reviews}
    assert len(by_url) == len(reviews), "a claim is reviewed twice"
    with open(SITE / "claims-register.csv", encoding="utf-8") as handle:
        register = {row["claim_id"]: row for row in csv.DictReader(handle)}
    assert set(by_url) == set(register)
    labels = {r.key: r for r in factcheck.RATINGS}
    for claim_id, review in by_url.items():
        assert review["@type"] == "ClaimReview" and review["itemReviewed"]["@type"] == "Claim"
        appearance = review["itemReviewed"]["appearance"]
        assert appearance["datePublished"] == "2025-10-28" and appearance["url"].startswith("https://")
        rating = labels[register[claim_id]["rating"]]
        assert review["reviewRating"]["alternateName"] == rating.label_en
        assert review["reviewRating"].get("ratingValue") == rating.value
        assert review["reviewRating"]["bestRating"] == 5 and review["reviewRating"]["worstRating"] == 1
        for key in ("claimReviewed", "reviewBody", "datePublished", "author"):
            assert review[key], (claim_id, key)


@pytest.mark.site
def test_page_text_from_data_is_escaped(page):
    raw = PAGE.read_text(encoding="utf-8")
    body = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body, "the JSON-LD holds a raw '<', which could close its script"
    assert not re.search(r"<(?!/?(?:a|p|h3|ul|li|code|span|strong|section|td|tr|th)\b)[a-z]+[^>]*onerror", raw)


@pytest.mark.browser
def test_sorting_and_filtering_work_in_the_page():
    require(PAGE.exists(), "no built register page; run `make book` first")
    require(browser_available(), "Debian chromium and chromium-driver are not installed (make browser-deps)")
    with serve(SITE) as url, chromium() as driver:
        driver.get(f"{url}/checking-the-article.html")
        visible = "return Array.from(document.querySelectorAll('.register-table tbody tr')).filter(r => !r.hidden)"
        total = len(driver.execute_script(visible))
        assert total == len(load("article_claims"))
        rating = driver.execute_script(
            "var s = document.querySelector('[data-filter=rating]'); s.value = s.options[1].value;"
            "s.dispatchEvent(new Event('input', {bubbles: true})); return s.value;"
        )
        kept = driver.execute_script(visible + ".map(r => r.dataset.rating)")
        assert 0 < len(kept) < total and set(kept) == {rating}
        assert driver.execute_script("return document.querySelector('.register-count').textContent") == (
            f"{len(kept)} of {total} claims"
        )
        driver.execute_script(
            "var s = document.querySelector('[data-filter=rating]'); s.value = '';"
            "s.dispatchEvent(new Event('input', {bubbles: true}));"
        )
        driver.execute_script("document.querySelector('button[data-sort=rating]').click()")
        order = driver.execute_script(visible + ".map(r => Number(r.dataset.ratingOrder))")
        assert order == sorted(order) and len(order) == total
        driver.execute_script("document.querySelector('button[data-sort=rating]').click()")
        order = driver.execute_script(visible + ".map(r => Number(r.dataset.ratingOrder))")
        assert order == sorted(order, reverse=True)
        assert console_errors(driver) == []


@pytest.mark.site
def test_changing_a_dataset_value_changes_the_rating():
    """The register built from the chapters' published figures: a revised figure revises its rating."""
    import yaml

    from ailayoffs import data, register

    folder = SITE.parent / "jupyter_execute"
    outline = yaml.safe_load((SITE.parent.parent / "chapters" / "outline.yml").read_text(encoding="utf-8"))
    published = {
        s["doc"]: register.parse_published(json.loads((folder / f"{s['doc']}.glue.json").read_text()))
        for s in outline["sections"]
        if (folder / f"{s['doc']}.glue.json").exists()
    }
    require(bool(published), "no executed chapters in _build/jupyter_execute; run `make book` first")
    claims, reviews = load("article_claims"), load("article_claim_reviews")
    before = register.build_register(claims, reviews, published, outline["sections"], data.resource_names())
    true_claim = before[(before["rating"] == "true") & before["ours"].notna()].iloc[0]
    revised = claims.copy()
    revised.loc[revised["claim_id"] == true_claim["claim_id"], "value"] = 10 * true_claim["ours"] + 1
    after = register.build_register(revised, reviews, published, outline["sections"], data.resource_names())
    assert after.set_index("claim_id").loc[true_claim["claim_id"], "rating"] == "false"
    # and a figure no chapter publishes stops the register, naming the claim
    broken = claims.assign(answered_by="").copy()
    broken.loc[broken["claim_id"] == true_claim["claim_id"], "answered_by"] = "no_such_figure"
    with pytest.raises(register.RegisterError, match=true_claim["claim_id"]):
        register.build_register(broken, reviews, published, outline["sections"], data.resource_names())


@pytest.mark.site
def test_every_chapter_links_to_the_cards_of_its_claims_and_every_link_resolves(page):
    with open(SITE / "claims-register.csv", encoding="utf-8", newline="") as handle:
        register = list(csv.DictReader(handle))
    cards = {card["id"] for card in page.select("section.claim-card")}
    missing, broken = [], []
    for doc in sorted({row["doc"] for row in register}):
        path = SITE / f"{doc}.html"
        require(path.exists(), f"no built page {path}")
        chapter = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        targets = set()
        for link in chapter.select('a[href*="checking-the-article.html#claim-"]'):
            target, _, anchor = link["href"].partition("#")
            assert (path.parent / target).resolve() == PAGE.resolve(), (doc, link["href"])
            targets.add(anchor)
            if anchor not in cards:
                broken.append((doc, anchor))
        own = [row["claim_id"] for row in register if row["doc"] == doc]
        missing += [(doc, claim_id) for claim_id in own if f"claim-{claim_id}" not in targets]
    assert not broken, f"links to cards that do not exist: {broken}"
    assert not missing, f"claims whose chapter does not link to their card: {missing}"


@pytest.mark.site
def test_chapter_tables_quote_the_article_beside_each_checked_claim():
    chapter = BeautifulSoup((SITE / "chapters" / "economic-logic.html").read_text(encoding="utf-8"), "html.parser")
    table = next(t for t in chapter.select("table") if t.select("a.claim-card-link"))
    header = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    assert any("Xpert.Digital" in h for h in header), header
    phrases = load("article_claims").set_index("claim_id")["phrase_de"]
    for link in table.select("a.claim-card-link"):
        claim_id = link["href"].rpartition("#claim-")[2]
        assert f"„{phrases[claim_id]}“" in link.find_parent("tr").get_text(), claim_id
