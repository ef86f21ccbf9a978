"""Everything the built site loads comes from the site itself.

Vega, Vega-Lite and Vega-Embed are served from the build, not a CDN.

The kernels that execute the chapters inherit ``AILAYOFFS_BOOK_BUILD=1`` and so
render charts with :func:`ailayoffs.charts.enable`'s offline renderer, an HTML
snippet that calls ``vegaEmbed``. This extension writes the matching library
bundle (from the ``vl-convert-python`` package, versioned with the installed
Altair) to ``_static/vendor/vega-bundle.js`` and adds it only to pages that
hold a chart. The bundle is written outside the source ``_static`` folder so
Jupyter Book does not inject it into every page. vl-convert takes about 10 s to
generate it: it is generated in a child process while the chapters execute,
and kept in ``_build/vendor`` for later builds (keyed on the vl-convert and
Vega-Lite versions). The bundle is wrapped in a
function scope because its top-level ``const`` names (``_`` among them) would
otherwise collide with Sphinx's own globals.

Jupyter Book always loads sphinx-thebe, whose "live code" button points at
unpkg.com and a public Binder; this book has no live code, so its event
handlers are removed and no page carries its scripts or configuration.
MathJax is served locally by the ``sphinx-mathjax-offline`` extension, and
only to pages that hold mathematics (myst-nb marks every notebook page as
having equations, which would load 1.1 MB of MathJax on pages without any).

Weight: the theme's Font Awesome JavaScript (1.4 MB, it swaps ``<i>`` icons
for inline SVG) is dropped from every page; the theme's stylesheet already
carries Font Awesome's CSS and web fonts, so the icons still draw. The page's
``role="main"`` moves from the wrapper (which also holds the download and
full-screen buttons) to the article, so the search snippets Sphinx cuts from
``[role=main]`` start with the text, not the buttons' labels; the wrapper, a
``<main>`` element, becomes a ``<div>`` so that the page keeps one main landmark.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
BUNDLE = "vendor/vega-bundle.js"
CHART_MARKER = 'class="ailayoffs-chart"'


def _vegalite_minor() -> str:
    import altair

    major, minor, *_ = altair.SCHEMA_VERSION.lstrip("v").split(".")
    return f"{major}.{minor}"


def _bundle_cache(app: Sphinx) -> Path:
    """Where the generated bundle is kept between builds, keyed on both versions."""
    import vl_convert

    name = f"vega-bundle-vlconvert{vl_convert.__version__}-vl{_vegalite_minor()}.js"
    # Beside the execution cache, which both editions share (_build/), else beside the site.
    cache = getattr(app.config, "nb_execution_cache_path", "")
    return (Path(cache).resolve().parent if cache else Path(app.outdir).parent) / "vendor" / name


# Run in a child process: vl-convert holds the GIL for the whole generation, a thread would stall the build.
_GENERATE = """
import os, sys, pathlib, vl_convert
path = pathlib.Path(sys.argv[1])
bundle = "(function () {\\n" + vl_convert.javascript_bundle(vl_version=sys.argv[2]) + "\\n})();\\n"
path.parent.mkdir(parents=True, exist_ok=True)
partial = path.with_suffix(f".{os.getpid()}.tmp")
partial.write_text(bundle, encoding="utf-8")
partial.replace(path)  # whole or not at all: a build stopped half-way leaves no truncated bundle
"""


def _generator(path: Path):
    import subprocess
    import sys

    return subprocess.Popen(
        [sys.executable, "-c", _GENERATE, str(path), _vegalite_minor()],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _start_bundle(app: Sphinx) -> None:
    """``builder-inited``: generate the bundle (about 10 s of vl-convert) while the chapters execute.

    It is generated once per vl-convert and Vega-Lite version and kept in
    ``_build/vendor``; a build that finds it there does not generate it again.
    """
    if app.builder.format == "html" and not _bundle_cache(app).exists():
        app._ailayoffs_bundle = _generator(_bundle_cache(app))


def _write_bundle(app: Sphinx, exception: Exception | None) -> None:
    process = getattr(app, "_ailayoffs_bundle", None)
    if process is not None:
        output, _ = process.communicate()
        app._ailayoffs_bundle = None
    if exception is not None or app.builder.format != "html":
        return
    cached = _bundle_cache(app)
    if not cached.exists():  # the background run failed (or never ran): once more, in the open
        process = _generator(cached)
        output, _ = process.communicate()
        if process.returncode != 0 or not cached.exists():
            raise ExtensionError(f"offline_vega: vl-convert could not generate the Vega bundle:\n{output}")
    bundle = cached.read_text(encoding="utf-8")
    target = Path(app.outdir) / "_static" / BUNDLE
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != bundle:
        target.write_text(bundle, encoding="utf-8")
    LOGGER.info(f"offline_vega: wrote {BUNDLE} (Vega-Lite {_vegalite_minor()}, {len(bundle) // 1024} KB)")


def _add_bundle_to_chart_pages(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if CHART_MARKER in context.get("body", ""):
        # Sphinx adds a file registered during html-page-context to this page only.
        app.add_js_file(BUNDLE)


MATH_MARKERS = ('class="math', "<math")
_FONTAWESOME = re.compile(
    r'\s*<(?:script defer|link rel="preload" as="script" href)[^>]*?_static/scripts/fontawesome\.js[^>]*>(?:</script>)?'
)
_MAIN = '<main id="main-content" class="bd-main" role="main">'


def _mathjax_only_where_math(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if any(marker in context.get("body", "") for marker in MATH_MARKERS):
        return
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [
            js
            for js in scripts
            if "mathjax" not in str(getattr(js, "filename", js) or "").lower()
            and "window.MathJax" not in str(getattr(js, "attributes", {}).get("body", ""))
        ]


def lighten(html: str) -> str:
    """A built page without Font Awesome's JavaScript and with ``role="main"`` on the article."""
    html = _FONTAWESOME.sub("", html)
    if _MAIN in html and '<article class="bd-article">' in html:
        # The wrapper becomes a <div>: a <main> element is a main landmark even without the attribute,
        # and two nested main landmarks confuse screen readers (axe-core: landmark-no-duplicate-main).
        html = html.replace(_MAIN, '<div id="main-content" class="bd-main">', 1)
        if html.count("</main>") == 1:
            html = html.replace("</main>", "</div>", 1)
        html = html.replace('<article class="bd-article">', '<article class="bd-article" role="main">', 1)
    return html


def _lighten_pages(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        if "_static" in page.relative_to(app.outdir).parts:
            continue
        text = page.read_text(encoding="utf-8")
        lighter = lighten(text)
        if lighter != text:
            page.write_text(lighter, encoding="utf-8")


def _drop_thebe(app: Sphinx, config) -> None:
    # Its stylesheet is registered in its setup(), its scripts and static folder by handlers.
    app.registry.css_files = [entry for entry in app.registry.css_files if "thebe" not in entry[0]]
    app.registry.js_files = [entry for entry in app.registry.js_files if "thebe" not in (entry[0] or "")]
    for event, listeners in app.events.listeners.items():
        app.events.listeners[event] = [
            listener
            for listener in listeners
            if not getattr(listener.handler, "__module__", "").startswith("sphinx_thebe")
        ]


def setup(app: Sphinx) -> dict:
    os.environ["AILAYOFFS_BOOK_BUILD"] = "1"  # inherited by the notebook kernels
    app.connect("config-inited", _drop_thebe)
    app.connect("builder-inited", _start_bundle)
    app.connect("html-page-context", _add_bundle_to_chart_pages)
    app.connect("html-page-context", _mathjax_only_where_math, priority=900)
    app.connect("build-finished", _write_bundle)
    app.connect("build-finished", _lighten_pages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
