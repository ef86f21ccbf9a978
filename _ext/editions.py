"""Two editions from one source: a teacher's edition and a student edition.

The teacher's edition (the default) is the book as written: exercises with
their solutions and notes for teachers. The student edition drops every
solution (``solution`` and gated ``solution-start``/``solution-end`` blocks,
with the code inside them) and every admonition of class ``teacher-note``
from the built pages, and from the page sources offered for download
(``_sources``). Nothing is hidden by CSS: the removed content is not in
the HTML at all.

The edition is chosen by the ``book_edition`` config value, which defaults to
the environment variable ``AILAYOFFS_EDITION`` (``teacher`` or ``student``);
``make student`` sets it.

Teacher notes are written as

    :::{admonition} Note for teachers
    :class: teacher-note
    ...
    :::
"""

from __future__ import annotations

import os

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

EDITIONS = ("teacher", "student")
TEACHER_CLASS = "teacher-note"


def _edition(app) -> str:
    edition = app.config.book_edition
    if edition not in EDITIONS:
        raise ValueError(f"book_edition must be one of {EDITIONS}, got {edition!r}")
    return edition


class RemoveTeacherContent(SphinxPostTransform):
    """In the student edition, remove solutions and teacher notes from the page."""

    default_priority = 2  # before sphinx-exercise resolves solution titles

    def run(self, **kwargs) -> None:
        if _edition(self.app) != "student":
            return
        from sphinx_exercise.nodes import solution_node, solution_start_node

        doomed = [
            node
            for node in self.document.findall(nodes.Element)
            if isinstance(node, (solution_node, solution_start_node)) or TEACHER_CLASS in node.get("classes", [])
        ]
        for node in doomed:
            if node.parent is not None:
                node.parent.remove(node)


def _strip_downloadable_sources(app, exception) -> None:
    """The student edition's ``_sources`` (the page download) lose solutions and notes too."""
    if exception is not None or _edition(app) != "student" or app.builder.format != "html":
        return
    from pathlib import Path

    from ailayoffs.teaching import strip_teacher_content

    for path in Path(app.outdir, "_sources").rglob("*"):
        if path.suffix in (".md", ".txt", ".ipynb") and path.is_file():
            text = path.read_text(encoding="utf-8")
            stripped = strip_teacher_content(text)
            if stripped != text:
                path.write_text(stripped, encoding="utf-8")


def _add_edition_to_context(app, pagename, templatename, context, doctree) -> None:
    context["book_edition"] = _edition(app)


def setup(app):
    app.add_config_value("book_edition", os.environ.get("AILAYOFFS_EDITION", "teacher"), "html")
    app.add_post_transform(RemoveTeacherContent)
    app.connect("html-page-context", _add_edition_to_context)
    app.connect("build-finished", _strip_downloadable_sources)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
