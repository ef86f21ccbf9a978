"""Taking a chapter away: its notebook and zip, the datasets in the site, the launch buttons.

The built site (``make book``) is checked as a reader finds it: every chapter page links its
``.ipynb`` and its zip; the notebook shows the numbers the page shows, not glue placeholders; the
zip holds what the notebook loads and runs, unpacked in an empty folder, top to bottom; every
dataset is at ``data/<path>`` in the site and the figure captions link to it.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import json
import re
import struct
import zipfile
from html import unescape
from pathlib import Path

import nbformat
import pytest
import yaml

from ailayoffs import provenance
from tests.conftest import DATA, ROOT, SITE, require

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
CHAPTERS = [e["file"] for part in TOC["parts"] for e in part["chapters"] if e["file"].startswith("chapters/")]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
STUDENT_SITE = ROOT / "_build" / "student" / "_build" / "html"
PASTED = re.compile(r'<span class="pasted-text">(.*?)</span>', re.S)
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
STRAIGHT_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
# regulation: solutions with and without code, two datasets, a chart; synthesis: six datasets and the
# article's outline (chapters/outline.yml), which the package reads from outside data/
ACCEPTANCE_CHAPTERS = ["regulation", "synthesis"]


def _take_away():
    spec = importlib.util.spec_from_file_location("take_away", ROOT / "_ext" / "take_away.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _markdown(notebook) -> str:
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    return re.sub(r"\s+", " ", MARKDOWN_ESCAPE.sub(r"\1", text)).translate(STRAIGHT_QUOTES)


def _page_text(html: str) -> str:
    text = unescape(re.sub(r"<[^>]+>", "", html)).translate(STRAIGHT_QUOTES)  # Sphinx curls quotes
    return re.sub(r"\s+", " ", text)


def test_the_book_has_twenty_one_chapters_to_take_away():
    assert len(CHAPTERS) == 21 and "chapters/synthesis" in CHAPTERS


# --------------------------------------------------------------------------
# The pieces, on small inputs
# --------------------------------------------------------------------------

GLUE = {
    "n": {"data": {"text/plain": "1234.5678"}},
    "day": {"data": {"text/plain": "'28 October 2025'"}},
    "label": {"data": {"text/plain": "'a*b <c>'"}},
    "fig_x": {
        "data": {
            "text/html": '<div class="ailayoffs-chart" role="figure" aria-label="Bars &amp; a line.">'
            '<script>draw(el.parentNode, el, {"config": {}, "mark": "bar", "data": {"values": [{"a": "}"}]}}, {})'
            "</script></div>",
            "text/plain": "<chart>",
        }
    },
}


def test_glue_roles_get_myst_nb_s_formatting_and_markdown_escaping():
    take_away = _take_away()
    text, attachments = take_away.substitute_glue(
        "{glue:text}`n:,.1f` firms on {glue:text}`day`, {glue:text}`n:.0f` and {glue:text}`label`.", GLUE, None, "t"
    )
    assert text == "1,234.6 firms on 28 October 2025, 1235 and a\\*b \\<c\\>." and attachments == {}
    with pytest.raises(Exception, match="'missing'"):
        take_away.substitute_glue("{glue:text}`missing:.1f`", GLUE, None, "t")


def test_a_glued_chart_becomes_an_attached_image_above_its_caption():
    take_away = _take_away()
    rendered = []
    source = "Before.\n\n```{glue:figure} fig_x\n:name: fig-x\n\nBars of {glue:text}`n:.0f` firms.\n```\n\nAfter."
    text, attachments = take_away.substitute_glue(source, GLUE, lambda spec: rendered.append(spec) or b"png", "t")
    assert rendered == [{"config": {}, "mark": "bar", "data": {"values": [{"a": "}"}]}}]
    assert attachments == {"fig_x.png": {"image/png": base64.b64encode(b"png").decode("ascii")}}
    assert text == "Before.\n\n![Bars \\& a line.](attachment:fig_x.png)\n\n**Figure.** Bars of 1235 firms.\n\nAfter."
    # a renderer whose script changes still yields the spec
    changed = GLUE["fig_x"]["data"]["text/html"].replace("draw(el.parentNode, el, ", "vegaEmbed(el, ")
    assert take_away.chart_spec(changed, "t") == rendered[0]


def test_the_student_notebook_loses_solutions_within_and_across_cells():
    take_away = _take_away()
    cells = [
        nbformat.v4.new_markdown_cell("Exercise.\n\n```{solution-start} ex\n:class: dropdown\n```"),
        nbformat.v4.new_code_cell("answer = 42"),
        nbformat.v4.new_markdown_cell("Because.\n\n```{solution-end}\n```\n\nNext section."),
        nbformat.v4.new_code_cell("kept = 1"),
        nbformat.v4.new_markdown_cell("```{solution-start} ex2\n```\nText only.\n```{solution-end}\n```\nTail."),
    ]
    kept = take_away.strip_solutions(cells)
    assert [c.source for c in kept] == ["Exercise.", "Next section.", "kept = 1", "Tail."]


def test_directives_become_plain_markdown_numbered_as_on_the_page():
    take_away = _take_away()
    seen = {}
    exercise = take_away.plain_directives(
        "```{exercise}\n:label: ex-a\n\n**Level:** intro\n\nWhy?\n```", seen, "15."
    )
    assert exercise == "#### Exercise 15.1\n\n**Level:** intro\n\nWhy?"
    start = take_away.plain_directives("```{solution-start} ex-a\n:class: dropdown\n```", seen, "15.")
    assert start == "#### Solution to exercise 15.1"
    assert take_away.plain_directives("Because.\n\n```{solution-end}\n```\n", seen, "15.").strip() == "Because."
    box = take_away.plain_directives(":::{admonition} Learning objectives\n:class: tip\nYou can\n\n- a\n:::", seen)
    assert box == "> **Learning objectives**\n>\n> You can\n>\n> - a"
    assert take_away.plain_directives(":::{note}\n**Gap.** None.\n:::", seen) == "> **Note**\n>\n> **Gap.** None."
    assert take_away.plain_directives("```{exercise}\n:label: ex-b\nNext\n```", seen, "15.").startswith(
        "#### Exercise 15.2"
    )


def test_zips_are_sorted_and_carry_no_build_time():
    take_away = _take_away()
    first = take_away.zip_bytes({"b/x.txt": b"x", "a/y.txt": b"y"})
    assert first == take_away.zip_bytes({"a/y.txt": b"y", "b/x.txt": b"x"})
    infos = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert [i.filename for i in infos] == ["a/y.txt", "b/x.txt"]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


# --------------------------------------------------------------------------
# The built site
# --------------------------------------------------------------------------


@pytest.mark.site
@pytest.mark.parametrize("doc", CHAPTERS, ids=lambda d: d.split("/")[-1])
def test_chapter_page_links_its_notebook_and_zip(site, doc):
    stem = doc.split("/")[-1]
    page = (site / f"{doc}.html").read_text(encoding="utf-8")
    box = re.search(r'<div class="takeaway-box".*?</div>', page, re.S)
    assert box, "no download box on the page"
    assert f'href="{stem}.ipynb" download' in box.group(0) and f'href="{stem}.zip" download' in box.group(0)
    title = page.index('<h1><span class="section-number">')
    assert title < page.index("takeaway-box") < page.index("<h2", title), (
        "the box is not between title and first section"
    )
    assert (site / f"{doc}.ipynb").is_file() and (site / f"{doc}.zip").is_file()


@pytest.mark.site
@pytest.mark.parametrize("doc", CHAPTERS, ids=lambda d: d.split("/")[-1])
def test_notebook_shows_the_page_s_numbers_not_glue_placeholders(site, doc):
    notebook = nbformat.read(site / f"{doc}.ipynb", as_version=4)
    nbformat.validate(notebook)
    sources = "\n".join(c.source for c in notebook.cells)
    assert "{glue" not in sources
    fences = re.findall(r"^(?:`{3,}|:{3,})\{[\w:-]+\}", _markdown(notebook), re.M)
    assert not fences, f"MyST directives left as code fences: {sorted(set(fences))}"
    assert "# cache key from _ext/data_cache.py" not in sources
    assert any(c.cell_type == "code" and c.outputs for c in notebook.cells), "the notebook was not executed"
    assert not re.search(r" at 0x[0-9a-f]+>", nbformat.writes(notebook)), "a memory address: not reproducible"
    text = _markdown(notebook)
    page = (site / f"{doc}.html").read_text(encoding="utf-8")
    pasted = {_page_text(m) for m in PASTED.findall(page)}
    assert pasted, "the page shows no glued value"
    missing = sorted(v for v in pasted if v not in text)
    assert not missing, f"values on the page but not in the notebook's text: {missing[:10]}"
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert not re.search(r"\{(?:cite|numref|ref|term)(?::\w+)?\}`", markdown), "a MyST role left in the text"
    numbers = set(re.findall(r'<span class="caption-number">Fig\. ([\d.]+) </span>', page))
    assert numbers == set(re.findall(r"\*\*Fig\. ([\d.]+)\.\*\*", markdown)), "figure numbers differ from the page's"
    source = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    charts = re.findall(r"\{glue(?::figure)?\} (\w+)\n", source)
    attached = [name for c in notebook.cells for name in c.get("attachments", {})]
    assert sorted(attached) == sorted(f"{key}.png" for key in charts)
    for cell in notebook.cells:
        for name, bundle in cell.get("attachments", {}).items():
            png = base64.b64decode(bundle["image/png"])
            width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
            assert png[:8] == b"\x89PNG\r\n\x1a\n" and width >= 200 and height >= 100, name
            assert f"(attachment:{name})" in cell.source


@pytest.mark.site
@pytest.mark.parametrize("doc", CHAPTERS, ids=lambda d: d.split("/")[-1])
def test_zip_holds_the_notebook_its_data_the_package_and_the_set_up(site, doc):
    stem = doc.split("/")[-1]
    with zipfile.ZipFile(site / f"{doc}.zip") as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names), "entries are not sorted"
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        files = {n.removeprefix(f"{stem}/"): archive.read(n) for n in names}
    assert all(n.startswith(f"{stem}/") for n in names)
    assert files[f"{stem}.ipynb"] == (site / f"{doc}.ipynb").read_bytes()
    for name in ("requirements.txt", "requirements-lab.txt", "pyproject.toml", "LICENSE", "chapters/outline.yml"):
        assert files[name] == (ROOT / name).read_bytes(), name
    for path in provenance.package_files():
        assert files[path.relative_to(ROOT).as_posix()] == path.read_bytes()
    source = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    expected = {p for name in provenance.chapter_datasets(source) for p in provenance.dataset_files(name)}
    shipped = {n for n in files if n.startswith("data/") and n != "data/CHANGELOG.md"}
    assert shipped == {p.relative_to(ROOT).as_posix() for p in expected}
    for path in expected:
        assert files[path.relative_to(ROOT).as_posix()] == path.read_bytes()
    readme = files["README.md"].decode("utf-8")
    assert "pip install -r requirements.txt -r requirements-lab.txt && pip install -e ." in readme
    assert f"jupyter lab {stem}.ipynb" in readme


@pytest.mark.site
@pytest.mark.slow
@pytest.mark.parametrize("chapter", ACCEPTANCE_CHAPTERS)
def test_a_chapter_zip_runs_top_to_bottom_in_an_empty_folder(site, tmp_path, monkeypatch, chapter):
    """The acceptance test: unzip, run every cell (solutions included) with this venv's pinned packages."""
    import nbclient

    with zipfile.ZipFile(site / f"chapters/{chapter}.zip") as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / chapter
    # The unpacked folder stands for `pip install -e .`: its package, not the repository's, is imported.
    monkeypatch.setenv("PYTHONPATH", str(folder))
    monkeypatch.delenv("AILAYOFFS_DATA_DIR", raising=False)
    notebook = nbformat.read(folder / f"{chapter}.ipynb", as_version=4)
    solutions, last_text = 0, ""
    for cell in notebook.cells:  # a solution's code follows its "Solution" heading
        if cell.cell_type == "markdown":
            last_text = cell.source
        solutions += cell.cell_type == "code" and "#### Solution" in last_text
    notebook.cells.append(nbformat.v4.new_code_cell("import ailayoffs\nprint(ailayoffs.__file__)"))
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    where = notebook.cells[-1].outputs[0]["text"].strip()
    assert Path(where).resolve().is_relative_to(folder.resolve()), where
    assert solutions >= 1, "the chapter run has no solution code"


@pytest.mark.site
def test_every_dataset_is_in_the_site_at_its_repository_path(site):
    files = sorted(p for p in DATA.rglob("*") if p.name.endswith((".csv", ".resource.json")))
    assert len(files) >= 2 * len(json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"])
    for path in files:
        shipped = site / "data" / path.relative_to(DATA)
        assert shipped.is_file() and shipped.read_bytes() == path.read_bytes(), path


@pytest.mark.site
@pytest.mark.parametrize("doc", CHAPTERS, ids=lambda d: d.split("/")[-1])
def test_figure_captions_link_the_data_files_they_name(site, doc):
    page = (site / f"{doc}.html").read_text(encoding="utf-8")
    for caption in re.findall(r"<figcaption>.*?</figcaption>", page, re.S):
        named = set(re.findall(r'<span class="pre">(data/[\w/.-]+\.csv)</span>', caption))
        linked = re.findall(
            r'<a class="caption-data-link[^"]*" href="([^"]+)"><code[^>]*><span class="pre">(data/[^<]+)</span>',
            caption,
        )
        assert named == {path for _, path in linked}, caption[:200]
        for href, path in linked:
            assert href == "../" + path and (site / doc).parent.joinpath(href).resolve() == (site / path).resolve()
            assert (site / path).is_file()


# --------------------------------------------------------------------------
# Launch buttons
# --------------------------------------------------------------------------


def test_launch_buttons_are_off_without_a_repository_and_binder_only_with_one():
    take_away = _take_away()
    configured = CONFIG["launch_buttons"]
    off = take_away.launch_settings({"launch_buttons": configured, "repository_url": ""})
    assert not any(off.get(k) for k in ("binderhub_url", "jupyterhub_url", "colab_url", "thebe"))
    on = take_away.launch_settings({"launch_buttons": configured, "repository_url": "https://github.com/owner/book"})
    assert on["binderhub_url"] == configured["binderhub_url"] == "https://mybinder.org"
    assert on["colab_url"] == "", "Colab cannot open the chapters' MyST sources"


def test_binder_builds_the_book_s_environment_and_opens_chapters_as_notebooks():
    binder = ROOT / ".binder"
    assert (binder / "requirements.txt").read_text(encoding="utf-8").split()[-1] == "../requirements.txt"
    python = re.search(r"^REQUIRED_PYTHON := (\S+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    assert (binder / "runtime.txt").read_text(encoding="utf-8").strip() == f"python-{python}"
    post_build = (binder / "postBuild").read_text(encoding="utf-8")
    assert "pip install --no-deps -e ." in post_build and (binder / "postBuild").stat().st_mode & 0o111
    viewers = json.loads((binder / "overrides.json").read_text(encoding="utf-8"))
    assert viewers["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["markdown"] == "Jupytext Notebook"
    assert re.search(r"^jupytext==", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M)
    assert CONFIG["launch_buttons"]["notebook_interface"] == "jupyterlab"  # the viewer setting is JupyterLab's


def _expected_binder(doc: str) -> str:
    repository = CONFIG.get("repository", {})
    org, name = re.match(r"https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?$", repository["url"]).groups()
    prefix = repository.get("path_to_book", "").strip("/")
    path = f"{prefix}/{doc}.md" if prefix else f"{doc}.md"
    interface = {"classic": "tree", "jupyterlab": "lab/tree"}[CONFIG["launch_buttons"]["notebook_interface"]]
    return f"https://mybinder.org/v2/gh/{org}/{name}/{repository.get('branch', 'main')}?urlpath={interface}/{path}"


@pytest.mark.site
@pytest.mark.parametrize("doc", CHAPTERS, ids=lambda d: d.split("/")[-1])
def test_built_launch_links_point_at_the_configured_repository(site, doc):
    page = (site / f"{doc}.html").read_text(encoding="utf-8")
    launches = set(re.findall(r'href="(https://(?:mybinder\.org|colab\.research\.google\.com)[^"]*)"', page))
    if not CONFIG.get("repository", {}).get("url"):
        assert not launches, "launch buttons shown although no repository URL is configured"
    else:
        assert launches == {unescape(_expected_binder(doc))}


@pytest.mark.slow
def test_a_tiny_book_gets_launch_links_to_its_repository_and_a_notebook_to_take_away(tmp_path):
    from tests.test_build import _good, _log, build, make_book

    root = make_book(tmp_path / "book", {"alpha": _good("alpha")})
    config = (root / "_config.yml").read_text(encoding="utf-8")
    config = config.replace("    stable_output:", f"    take_away: {ROOT / '_ext'}\n    stable_output:")
    config += (
        "repository:\n  url: https://github.com/example-owner/example-book\n  branch: trunk\n  path_to_book: book\n"
        "launch_buttons:\n  notebook_interface: jupyterlab\n  binderhub_url: https://mybinder.org\n"
        "  colab_url: https://colab.research.google.com\n"
    )
    (root / "_config.yml").write_text(config, encoding="utf-8")
    result = build(root)
    assert result.returncode == 0, _log(result)[-3000:]
    site = root / "_build" / "html"
    page = (site / "chapters" / "alpha.html").read_text(encoding="utf-8")
    binder = "https://mybinder.org/v2/gh/example-owner/example-book/trunk?urlpath=lab/tree/book/chapters/alpha.md"
    assert f'href="{binder}"' in page
    assert "colab.research.google.com" not in page
    notebook = nbformat.read(site / "chapters" / "alpha.ipynb", as_version=4)
    assert "The value is 7, as" in _markdown(notebook)
    first = (site / "chapters" / "alpha.zip").read_bytes()
    (root / "chapters" / "alpha.md").touch()
    assert build(root).returncode == 0
    assert (site / "chapters" / "alpha.zip").read_bytes() == first, "the zip changed between two builds"
    assert zipfile.ZipFile(io.BytesIO(first)).namelist()[0].startswith("alpha/")


# --------------------------------------------------------------------------
# The student edition
# --------------------------------------------------------------------------


def test_student_notebooks_have_no_solutions():
    require((STUDENT_SITE / "index.html").exists(), "no student edition in _build/student; run `make student`")
    for doc in CHAPTERS:
        teacher = nbformat.read(SITE / f"{doc}.ipynb", as_version=4)
        student = nbformat.read(STUDENT_SITE / f"{doc}.ipynb", as_version=4)
        text = "\n".join(c.source for c in student.cells)
        assert "#### Solution" not in text and "{solution" not in text and "teacher-note" not in text, doc
        assert "#### Solution" in "\n".join(c.source for c in teacher.cells), doc
        assert "#### Exercise" in text, doc
        assert len(student.cells) < len(teacher.cells), doc
