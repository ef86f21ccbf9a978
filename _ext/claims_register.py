"""``{claims-register}``: the fact-check register, built from the claims, the reviews and the chapters' figures.

A chapter publishes our figure for a claim under the name in the claim's
``answered_by`` column; myst-nb writes each chapter's published values to
``_build/jupyter_execute/<doc>.glue.json`` when Sphinx reads it. After every
chapter has been read, this extension joins those values with
``article_claims`` and ``article_claim_reviews``
(:func:`ailayoffs.register.build_register`) and renders, in place of the
directive:

* a summary, the chart of ratings by section and a download line (CSV and
  JSON-LD written beside the page);
* a table of every claim that sorts and filters in the browser (no kernel);
* one card per claim in the fact-checkers' form: claim, rating, the facts and
  their sources, and what happened after the article;
* the register as schema.org ``ClaimReview`` JSON-LD.

A claim whose figure, review or dataset is missing stops the build with an
error naming the claim. All text from data is escaped.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path

from article_outline import OUTLINE, load_outline
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

CSV_NAME = "claims-register.csv"
JSONLD_NAME = "claims-register.jsonld"
BOOK_AUTHOR = "Amazon, AI and the Future of Work (open book)"


class claims_register(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """Placeholder replaced once every chapter has been read."""


class ClaimsRegister(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from ailayoffs import data

        for name in ("article_claims", "article_claim_reviews"):
            self.env.note_dependency(str(data.data_dir() / data.info(name).path))
        self.env.note_dependency(str(Path(self.env.srcdir) / OUTLINE))
        self.env.claims_register_docs = getattr(self.env, "claims_register_docs", set()) | {self.env.docname}
        return [claims_register()]


class RatingScale(SphinxDirective):
    """The rating scale as a table, from :mod:`ailayoffs.factcheck`, so the page states the bands in force."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from ailayoffs.factcheck import BANDS, DEFAULT_TOLERANCE_PCT, RATINGS

        upper = {key: edge for edge, key in BANDS}

        def times(edge: float) -> str:
            return "the tolerance" if edge == 1 else f"{edge:g} times the tolerance"

        lines = ["| Rating | German | When |", "|---|---|---|"]
        previous = 0.0
        for r in RATINGS:
            if r.key == "true":
                when = "within the range the wording allows"
            elif r.key in upper:
                when = (
                    f"misses that range by more than {times(previous)} and at most {times(upper[r.key])}"
                    if previous
                    else f"misses that range by at most {times(upper[r.key])}"
                )
                previous = upper[r.key]
            elif r.key == "false":
                when = f"misses it by more than {times(previous)}"
            else:
                when = r.meaning[0].lower() + r.meaning[1:].rstrip(".")
            lines.append(f"| {r.label_en} | *{r.label_de}* | {when} |")
        lines += [
            "",
            f"Unless a claim's review states another, its tolerance is {DEFAULT_TOLERANCE_PCT:g} % of the "
            "claimed figure.",
        ]
        container = nodes.container(classes=["rating-scale"])
        self.state.nested_parse(StringList(lines, source="ailayoffs.factcheck"), self.content_offset, container)
        return [container]


def _esc(value) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value))


def _figure(value: float, unit: str, printed_decimals: int, qualifier: str | None = None) -> str:
    """The article's figure as printed (with ``qualifier``) or ours, through :mod:`ailayoffs.formatting`.

    Both use the claim's ``printed_decimals``, the digits the article prints, so
    that a quantity shows at one precision in the chapter's table and in the
    register (:func:`ailayoffs.formatting.ours`).
    """
    from ailayoffs import formatting

    if unit == "statement":
        return "a statement" if qualifier is not None else "–"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if qualifier is not None:
        return formatting.as_printed(value, unit, qualifier, int(printed_decimals))
    return formatting.ours(value, unit, int(printed_decimals))


def _published(app: Sphinx, docs: list[str]) -> dict[str, dict]:
    from ailayoffs.register import parse_published

    folder = Path(app.outdir).parent / "jupyter_execute"
    published = {}
    for doc in docs:
        path = folder / f"{doc}.glue.json"
        if path.exists():
            published[doc] = parse_published(json.loads(path.read_text(encoding="utf-8")))
    return published


def build(app: Sphinx):
    """The register frame for this build, or an ExtensionError naming the claim that cannot be shown."""
    from ailayoffs import data, register

    outline = load_outline(app.srcdir)
    sections = [s for s in outline["sections"] if s["doc"] in app.env.found_docs]
    try:
        frame = register.build_register(
            data.load("article_claims"),
            data.load("article_claim_reviews"),
            _published(app, [s["doc"] for s in sections]),
            outline["sections"],
            data.resource_names(),
        )
    except register.RegisterError as error:
        raise ExtensionError(f"claims register: {error}") from error
    written = {s["doc"] for s in sections}
    unwritten = frame[~frame["doc"].isin(written) & (frame["answered_by"] != "")]
    if not unwritten.empty:
        raise ExtensionError(
            f"claims register: claim(s) {sorted(unwritten['claim_id'])} are answered by chapters not in the book"
        )
    return frame


def _chart_html(frame) -> str:
    import altair as alt

    from ailayoffs import charts, data, register
    from ailayoffs.figures.register import ratings_by_section_chart

    charts.enable()
    chart = ratings_by_section_chart(
        register.rating_counts(frame), datasets=[data.info("article_claims"), data.info("article_claim_reviews")]
    )
    bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    alt.renderers.enable("default")
    return bundle["text/html"]


def _summary_html(frame) -> str:
    from ailayoffs.factcheck import RATINGS

    counts = frame["rating"].value_counts()
    parts = [f"{int(counts.get(r.key, 0))} {_esc(r.label_en.lower())}" for r in RATINGS if counts.get(r.key, 0)]
    return (
        f'<p class="register-summary">The register holds <strong>{len(frame)}</strong> claims from '
        f"{frame['section_n'].nunique()} parts of the article: {', '.join(parts)}.</p>"
    )


def _table_html(frame, chapter_uri) -> str:
    from ailayoffs.factcheck import RATINGS

    sections = frame.drop_duplicates("section_n")[["section_n", "section_en"]]
    section_options = "".join(
        f'<option value="{int(n)}">{"§" + str(int(n)) if n else "Lead"} {_esc(t)}</option>'
        for n, t in sections.itertuples(index=False)
    )
    rating_options = "".join(
        f'<option value="{_esc(r.key)}">{_esc(r.label_en)}</option>' for r in RATINGS if r.key in set(frame["rating"])
    )
    head = (
        '<tr><th scope="col"><button type="button" data-sort="section">§</button></th>'
        '<th scope="col"><button type="button" data-sort="claim">Claim</button></th>'
        '<th scope="col">The article says</th><th scope="col">The data say</th>'
        '<th scope="col"><button type="button" data-sort="rating">Rating</button></th>'
        '<th scope="col"><button type="button" data-sort="tier">Weakest source</button></th></tr>'
    )
    order = {r.key: i for i, r in enumerate(RATINGS)}
    rows = []
    for row in frame.itertuples(index=False):
        rows.append(
            f'<tr data-section="{row.section_n}" data-rating="{_esc(row.rating)}" '
            f'data-rating-order="{order[row.rating]}" data-claim="{_esc(row.quantity)}" data-tier="{_esc(row.source_tier)}">'
            f"<td>{'§' + str(row.section_n) if row.section_n else 'Lead'}</td>"
            f'<td><a href="#claim-{_esc(row.claim_id)}">{_esc(row.quantity)}</a> '
            f'<span lang="de" class="register-phrase">„{_esc(row.phrase_de)}“</span></td>'
            f"<td>{_esc(_figure(row.claimed, row.unit, row.printed_decimals, row.qualifier))}</td>"
            f"<td>{_esc(_figure(row.ours, row.unit, row.printed_decimals))}</td>"
            f'<td><span class="rating rating-{_esc(row.rating)}">{_esc(row.rating_en)}</span></td>'
            f"<td>{_esc(row.source_tier)}</td></tr>"
        )
    return f"""<form class="register-filters" role="search" onsubmit="return false">
<label>Section <select data-filter="section"><option value="">all</option>{section_options}</select></label>
<label>Rating <select data-filter="rating"><option value="">all</option>{rating_options}</select></label>
<label>Text <input type="search" data-filter="text" placeholder="e.g. AWS"></label>
<output class="register-count" aria-live="polite"></output>
</form>
<div class="register-table-wrap" tabindex="0"><table class="register-table">
<caption>Every claim of the article, with our figure, rating and weakest source; sort with the column
buttons, filter above.</caption><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></div>"""


def _cards_html(frame, chapter_uri, infos) -> str:
    cards = []
    for row in frame.itertuples(index=False):
        sources = []
        for name in [n for n in row.datasets.split("; ") if n]:
            info = infos[name]
            titles = "; ".join(_esc(s.get("title", "")) for s in info.sources)
            sources.append(f"<li><code>{_esc(info.file)}</code> v{_esc(info.version)}: {titles}</li>")
        deviation = (
            ""
            if math.isnan(row.deviation_pct)
            else " The direction the article states does not hold."
            if math.isinf(row.deviation_pct)
            else f" It misses the range the article's wording allows by {row.deviation_pct:.1f} % of the claimed "
            f"figure (tolerance {row.tolerance_pct:g} %)."
            if row.deviation_pct > 0
            else " It lies within the range the article's wording allows."
        )
        after = f"<p><strong>After the article:</strong> {_esc(row.after_article)}</p>" if row.after_article else ""
        cards.append(f"""<section class="claim-card" id="claim-{_esc(row.claim_id)}">
<h3>{_esc(row.quantity)}</h3>
<p><strong>Claim</strong> ({"§" + str(row.section_n) if row.section_n else "lead"}, <a href="{_esc(chapter_uri(row.doc))}">{_esc(row.section_en)}</a>):
{_esc(_figure(row.claimed, row.unit, row.printed_decimals, row.qualifier))}, <span lang="de">„{_esc(row.phrase_de)}“</span> (Xpert.Digital){(", period: " + _esc(row.period)) if row.period else ""}.</p>
<p><strong>Rating:</strong> <span class="rating rating-{_esc(row.rating)}">{_esc(row.rating_en)}</span> (<span lang="de">{_esc(row.rating_de)}</span>)</p>
<p><strong>Facts:</strong> {("ours is " + _esc(_figure(row.ours, row.unit, row.printed_decimals)) + ".") if row.unit != "statement" else ""}{_esc(deviation)} {_esc(row.reason)}
Weakest source: {_esc(row.source_tier)}.</p>
{"<ul>" + "".join(sources) + "</ul>" if sources else "<p>No dataset of the book answers this claim.</p>"}
{after}</section>""")
    return "\n".join(cards)


def _jsonld(frame, page_url, article) -> list[dict]:
    from ailayoffs import factcheck

    reviews = []
    for row in frame.itertuples(index=False):
        reviews.append(
            factcheck.claim_review(
                claim_text=f"{row.quantity}: {_figure(row.claimed, row.unit, row.printed_decimals, row.qualifier)}",
                rating_=factcheck.rating(row.rating),
                explanation=row.reason,
                url=f"{page_url}#claim-{row.claim_id}",
                date_published=article["reviewed"],
                author=BOOK_AUTHOR,
                article=article,
            )
        )
    return reviews


def _article(infos) -> dict:
    source = next(s for s in infos["article_claims"].sources if s.get("x-bibkey") == "wolfenstein2025")
    return {
        "headline": source["title"],
        "url": source["path"],
        "author": "Konrad Wolfenstein",
        "datePublished": source["x-published"],
        "publisher": "Xpert.Digital",
        "reviewed": infos["article_claim_reviews"].retrieved,
    }


def _render(app: Sphinx, doctree, docname: str) -> None:
    placeholders = list(doctree.findall(claims_register))
    if not placeholders:
        return
    from ailayoffs import data

    frame = build(app)
    infos = {name: data.info(name) for name in data.resource_names()}
    article = _article(infos)
    page = app.builder.get_target_uri(docname)

    def chapter_uri(doc: str) -> str:
        return app.builder.get_relative_uri(docname, doc)

    reviews = _jsonld(frame, page, article)
    jsonld = json.dumps(reviews, ensure_ascii=False, indent=1).replace("<", "\\u003c")
    outdir = Path(app.outdir) / Path(page).parent
    outdir.mkdir(parents=True, exist_ok=True)
    frame.to_csv(outdir / CSV_NAME, index=False, lineterminator="\n")
    (outdir / JSONLD_NAME).write_text(json.dumps(reviews, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    body = "\n".join(
        [
            _summary_html(frame),
            f'<p class="register-downloads">Take the register away: <a href="{CSV_NAME}" download>CSV</a> · '
            f'<a href="{JSONLD_NAME}" download>ClaimReview JSON-LD</a>.</p>',
            _chart_html(frame),
            _table_html(frame, chapter_uri),
            '<h2 id="claim-cards">The claims one by one</h2>',
            _cards_html(frame, chapter_uri, infos),
            f'<script type="application/ld+json">{jsonld}</script>',
            f"<script>{_REGISTER_JS}</script>",
        ]
    )
    for node in placeholders:
        node.replace_self(nodes.raw("", body, format="html"))


def _always_rewrite(app: Sphinx, env, added, changed, removed) -> list[str]:
    # The register shows every chapter's figures: when any chapter is re-read, so is the register.
    docs = getattr(env, "claims_register_docs", set())
    return sorted(docs) if (added or changed or removed) else []


_REGISTER_JS = r"""
(function () {
  var form = document.querySelector(".register-filters");
  var table = document.querySelector(".register-table");
  if (!form || !table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var count = form.querySelector(".register-count");
  function apply() {
    var section = form.querySelector('[data-filter="section"]').value;
    var rating = form.querySelector('[data-filter="rating"]').value;
    var text = form.querySelector('[data-filter="text"]').value.toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!section || row.dataset.section === section) && (!rating || row.dataset.rating === rating) &&
               (!text || row.textContent.toLowerCase().indexOf(text) !== -1);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " claims";
  }
  var keys = {section: function (r) { return Number(r.dataset.section); },
              rating: function (r) { return Number(r.dataset.ratingOrder); },
              claim: function (r) { return r.dataset.claim.toLowerCase(); },
              tier: function (r) { return r.dataset.tier; }};
  var direction = {};
  table.querySelectorAll("button[data-sort]").forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.dataset.sort;
      direction[key] = -(direction[key] || -1);
      rows.sort(function (a, b) {
        var x = keys[key](a), y = keys[key](b);
        return (x < y ? -1 : x > y ? 1 : 0) * direction[key];
      });
      rows.forEach(function (row) { body.appendChild(row); });
      table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
      button.parentNode.setAttribute("aria-sort", direction[key] > 0 ? "ascending" : "descending");
    });
  });
  form.addEventListener("input", apply);
  apply();
})();
"""


def setup(app: Sphinx) -> dict:
    app.add_node(claims_register)
    app.add_directive("claims-register", ClaimsRegister)
    app.add_directive("rating-scale", RatingScale)
    app.connect("doctree-resolved", _render)
    app.connect("env-get-outdated", _always_rewrite)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
