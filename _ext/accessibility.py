"""Accessibility fixes to the HTML that docutils and Sphinx write (checked by axe-core in the browser tests).

docutils' HTML5 writer wraps a bibliography in ``<div role="list">`` and gives
each entry ``role="doc-biblioentry"``, a DPUB-ARIA role that is deprecated and
not a list item: assistive technology (and axe-core's ``aria-required-children``
rule, impact *critical*) sees a list whose children are not items. Each entry
becomes a ``listitem``; the entry's ``citation`` class and id stay, so links and
styles are unchanged.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def listitem_citations(body: str) -> str:
    """``body`` with every ``role="doc-biblioentry"`` bibliography entry given ``role="listitem"``."""
    return body.replace(' role="doc-biblioentry">', ' role="listitem">')


def _page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "body" in context and "doc-biblioentry" in context["body"]:
        context["body"] = listitem_citations(context["body"])


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
