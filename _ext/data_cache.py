"""The execution cache: a precise key, a self-check, and parallel execution.

jupyter-cache keys a notebook on its code cells only, so a revised CSV, an
edited chart module or an upgraded library would leave old outputs on the
page; and Jupyter Book 1 executes notebooks one after another. This extension

1. **keys** each chapter on what it reads: when Sphinx reads a chapter it
   inserts a hidden first code cell holding
   :func:`ailayoffs.provenance.chapter_fingerprint` (the datasets the chapter
   loads, the package modules it imports transitively, the installed library
   versions and the Python version) and records those files as the chapter's
   dependencies, so an incremental build re-reads it when one changes;
2. **checks the cache** before anything reads it: a database that SQLite
   cannot open or that fails its integrity check, or a cached notebook that is
   unreadable or no longer matches its hash, is reported, removed, and the
   affected chapters are executed again;
3. **executes the stale chapters in parallel**, overlapping Sphinx's reading
   (``env-before-read-docs``): every chapter about to be read is turned into
   the notebook myst-nb will see (same reader, same injected cell); those
   without a cache match are submitted, in reading order, to a process pool
   running the function myst-nb uses (``jupyter_cache``'s
   ``single_nb_execution``). Sphinx reads on meanwhile; reading a stale
   chapter (``source-read``) waits for that chapter alone and stores it in the
   cache, so myst-nb finds it cached. Every failing chapter is reported (name,
   cell, traceback) before the build stops.

``AILAYOFFS_EXECUTE_JOBS`` sets the number of worker processes (default: the
number of CPUs); ``0`` switches the pre-execution off, leaving myst-nb's own
serial execution (``make bench`` uses it to time the serial baseline).
"""

from __future__ import annotations

import concurrent.futures
import functools
import multiprocessing
import os
import re
import shutil
import sqlite3
import time
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from ailayoffs import teaching
from ailayoffs.provenance import (
    chapter_datasets,
    chapter_dependencies,
    chapter_fingerprint,
    chapter_modules,
    environment_description,
    package_data_files,
    package_files,
)

LOGGER = logging.getLogger(__name__)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
JOBS_ENV = "AILAYOFFS_EXECUTE_JOBS"
ENVIRONMENT_FILE = "environment.txt"  # beside the cache: the interpreter and library versions in the key


# --------------------------------------------------------------------------
# 1. The cache key cell
# --------------------------------------------------------------------------


def is_notebook_text(text: str) -> bool:
    """Whether a source file is a MyST text notebook (jupytext header)."""
    return "file_format: mystnb" in text or "format_name: myst" in text


def _inputs_state() -> tuple:
    """Name, size and modification time of every file a cache key can read (data, package, pages).

    Computing a key parses the chapter and hashes what it reads; a build asks for the same
    chapter's key several times (the stale check, the injection, the self-check). Keys are
    memoised on the chapter text, this state and the environment, so an edited input or an
    upgraded library still gives a new key.
    """
    from ailayoffs.data.catalogue import data_dir

    paths = [*sorted(data_dir().rglob("*")), *package_files(), *package_data_files(), *teaching.page_inputs()]
    return tuple((str(p), st.st_size, st.st_mtime_ns) for p in paths if p.is_file() for st in [p.stat()])


def with_cache_key(text: str) -> str:
    """The chapter text with the hidden cache-key cell after its front matter."""
    return _with_cache_key(text, _inputs_state(), environment_description())


@functools.lru_cache(maxsize=256)
def _with_cache_key(text: str, state: tuple, environment: str) -> str:
    names = chapter_datasets(text)
    modules = [m.removeprefix("ailayoffs.") for m in chapter_modules(text)]
    # A page that imports the teacher's guide module computes its tables from other pages.
    pages = f"# pages read: {teaching.page_inputs_digest()}\n" if "teaching" in modules else ""
    cell = (
        "\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
        f"# cache key from _ext/data_cache.py: {chapter_fingerprint(text)}\n"
        f"# datasets: {', '.join(names) or 'none'}\n"
        f"# modules: {', '.join(modules) or 'none'}\n{pages}```\n"
    )
    match = FRONT_MATTER.match(text)
    at = match.end() if match else 0
    return text[:at] + cell + text[at:]


def _environment_file(app: Sphinx) -> Path:
    return _cache_dir(app).parent / ENVIRONMENT_FILE


def _write_environment(app: Sphinx) -> None:
    """Write the environment part of the key to a file the chapters depend on.

    Rewritten only when it changes, so its modification time tells Sphinx
    when the interpreter or a library changed.
    """
    path = _environment_file(app)
    text = environment_description()
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _inject(app: Sphinx, docname: str, source: list[str]) -> None:
    text = source[0]
    if not is_notebook_text(text):
        return
    for path in chapter_dependencies(text):
        app.env.note_dependency(str(path))
    if "ailayoffs.teaching" in chapter_modules(text):
        for path in teaching.page_inputs():
            app.env.note_dependency(str(path))
    app.env.note_dependency(str(_environment_file(app)))
    source[0] = with_cache_key(text)


# --------------------------------------------------------------------------
# 2. Cache self-check
# --------------------------------------------------------------------------


def _cache_dir(app: Sphinx) -> Path:
    """The jupyter-cache folder, resolved as myst-nb resolves it (relative to the working directory)."""
    configured = app.config.nb_execution_cache_path
    if not configured:
        return (Path(app.outdir).parent / ".jupyter_cache").resolve()
    return Path(configured).resolve()


def _tell(message: str) -> None:
    # Not a Sphinx warning: a repaired cache must not fail a -W build; the build goes on.
    LOGGER.info(message, color="red")


def cache_damage(path: Path) -> tuple[str | None, list[int]]:
    """Find damage in the jupyter-cache folder ``path``.

    Returns
    -------
    (str or None, list of int)
        A reason when the database itself is damaged (the whole cache must go),
        else None; and the records whose cached notebook is missing, unreadable
        or does not match its hash.
    """
    import nbformat
    from jupyter_cache import get_cache

    database = path / "global.db"
    if not database.exists():
        return (f"{database} is missing" if (path / "executed").exists() else None), []
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchone()
        if not result or result[0] != "ok":
            return f"{database} fails SQLite's integrity check ({result[0] if result else 'no answer'})", []
        cache = get_cache(str(path))
        records = cache.list_cache_records()
        cache.list_project_records()
    except Exception as error:  # any failure to open or query is damage
        return f"{database} cannot be read ({type(error).__name__}: {error})", []
    damaged = []
    for record in records:
        notebook = path / "executed" / record.hashkey / "base.ipynb"
        try:
            cached = nbformat.reads(notebook.read_text(encoding="utf-8"), nbformat.NO_CONVERT)
            if cache.create_hashed_notebook(cached)[1] != record.hashkey:
                raise ValueError("its code cells no longer match the hash it is filed under")
        except Exception as error:
            _tell(
                f"data_cache: cached notebook {notebook} for {record.uri} is damaged "
                f"({type(error).__name__}: {error}); it is removed and the chapter executed again"
            )
            damaged.append(record.pk)
    return None, damaged


def repair_cache(path: Path) -> bool:
    """Remove damage from the cache at ``path``; return whether anything was removed."""
    reason, damaged = cache_damage(path)
    if reason is None and damaged:
        from jupyter_cache import get_cache
        from jupyter_cache.cache.db import NbCacheRecord

        try:
            cache = get_cache(str(path))
            for pk in damaged:
                record = NbCacheRecord.record_from_pk(pk, cache.db)
                shutil.rmtree(path / "executed" / record.hashkey, ignore_errors=True)
            NbCacheRecord.remove_records(damaged, cache.db)
        except Exception as error:
            reason = f"damaged records could not be removed ({type(error).__name__}: {error})"
    if reason is not None:
        _tell(
            f"data_cache: the execution cache is damaged: {reason}. It is removed ({path}) "
            "and every chapter will be executed again."
        )
        shutil.rmtree(path, ignore_errors=True)
    return reason is not None or bool(damaged)


def _check_cache(app: Sphinx) -> None:
    if app.config.nb_execution_mode == "cache":
        repair_cache(_cache_dir(app))
    _write_environment(app)


# --------------------------------------------------------------------------
# 3. Parallel execution of stale chapters
# --------------------------------------------------------------------------


def _jobs() -> int:
    value = os.environ.get(JOBS_ENV, "").strip()
    if not value:
        return os.cpu_count() or 1
    try:
        return max(0, int(value))
    except ValueError as error:
        raise ExtensionError(f"{JOBS_ENV}={value!r} is not a number of worker processes") from error


def _execute(notebook_json: str, cwd: str, timeout: int | None, allow_errors: bool) -> dict:
    """Execute one notebook (in a worker process); return it and how it went."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = nbformat.reads(notebook_json, nbformat.NO_CONVERT)
    try:
        result = single_nb_execution(notebook, cwd=cwd, timeout=timeout, allow_errors=allow_errors, meta_override=True)
    except Exception as error:  # a dead kernel, a missing kernel: not a cell error, still this chapter's failure
        import traceback

        return {"notebook": None, "seconds": 0.0, "error": type(error).__name__, "traceback": traceback.format_exc()}
    return {
        "notebook": nbformat.writes(result.nb, nbformat.NO_CONVERT),
        "seconds": result.time,
        "error": type(result.err).__name__ if result.err is not None else None,
        "traceback": result.exc_string,
    }


def _as_myst_nb_sees_it(env, docname: str):
    """(path, notebook, config, read format) for a chapter, exactly as myst-nb builds them; None if not a notebook."""
    from myst_nb.core.nb_to_tokens import nb_node_to_dict
    from myst_nb.core.read import create_nb_reader

    path = Path(env.doc2path(docname))
    text = path.read_text(encoding=env.config.source_encoding)
    if not is_notebook_text(text):
        return None
    text = with_cache_key(text)
    nb_config = env.mystnb_config
    reader = create_nb_reader(str(path), env.myst_config, nb_config, text)
    if reader is None:
        return None
    notebook = reader.read(text)
    kernel = notebook.metadata.get("kernelspec", {}).get("name")
    if kernel is not None and nb_config.kernel_rgx_aliases:
        for pattern, alias in nb_config.kernel_rgx_aliases.items():
            if re.fullmatch(pattern, kernel):
                notebook.metadata["kernelspec"]["name"] = alias
                break
    if nb_config.metadata_key in notebook.metadata:
        overrides = nb_node_to_dict(notebook.metadata[nb_config.metadata_key])
        overrides.pop("output_folder", None)
        nb_config = nb_config.copy(**overrides)
    return path, notebook, nb_config, reader.read_fmt


def _excluded(path: Path, nb_config) -> bool:
    from pathlib import PurePosixPath

    return any(PurePosixPath(path.as_posix()).match(p) for p in nb_config.execution_excludepatterns or ())


def stale_notebooks(app: Sphinx, env, docnames: list[str]) -> list[tuple]:
    """The chapters among ``docnames`` whose notebook has no match in the cache."""
    from jupyter_cache import get_cache

    cache = get_cache(str(_cache_dir(app)))
    stale = []
    for docname in docnames:
        seen = _as_myst_nb_sees_it(env, docname)
        if seen is None:
            continue
        path, notebook, nb_config, read_fmt = seen
        if nb_config.execution_mode != "cache" or _excluded(path, nb_config):
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            stale.append((docname, path, notebook, nb_config, read_fmt))
    return stale


def _report_failure(app: Sphinx, docname: str, outcome: dict) -> Path:
    report = Path(app.outdir) / "reports" / f"{docname}.err.log"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(outcome["traceback"] or "", encoding="utf-8")
    return report


class _Execution:
    """The stale chapters executing in a pool of worker processes while Sphinx reads.

    Sphinx reads the pages one after another, in the order of ``docnames``; the
    chapters are submitted in that order, and reading a stale chapter
    (``source-read``) waits only for that chapter: it is stored in the cache and
    read while the workers go on with the next ones. The build's reading and the
    execution overlap, and the worker left alone with the last notebook shares
    the machine with Sphinx instead of idling it.
    """

    def __init__(self, app: Sphinx, stale: list[tuple], workers: int):
        import nbformat

        self.app = app
        self.stale = {docname: (path, read_fmt) for docname, path, _, _, read_fmt in stale}
        self.workers = workers
        self.failed: list[str] = []
        self.outcomes: dict[str, dict] = {}
        self.finished_at: dict[str, float] = {}
        self.start = time.perf_counter()
        arguments = {
            docname: (
                nbformat.writes(notebook, nbformat.NO_CONVERT),
                str(path.parent),
                nb_config.execution_timeout,
                nb_config.execution_allow_errors,
            )
            for docname, path, notebook, nb_config, _ in stale
        }
        self.pool = None
        self.futures: dict[str, concurrent.futures.Future] = {}
        if workers == 1:
            for docname, args in arguments.items():
                self.outcomes[docname] = _execute(*args)
                self.finished_at[docname] = time.perf_counter()
            return
        context = multiprocessing.get_context("spawn")  # the kernels are children; no forked Sphinx state
        self.pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context)
        for docname, args in arguments.items():
            future = self.pool.submit(_execute, *args)
            future.add_done_callback(lambda _, name=docname: self.finished_at.setdefault(name, time.perf_counter()))
            self.futures[docname] = future

    def pending(self, docname: str) -> bool:
        return docname in self.stale

    def collect(self, docname: str) -> None:
        """Wait for ``docname``, store it in the cache (or report its failure); stop the build on a failure."""
        self._store(docname)
        if self.failed:
            for other in list(self.stale):  # every failing chapter is reported before the build stops
                self._store(other)
        if not self.stale:
            self.close()
        if self.failed and self.app.env.mystnb_config.execution_raise_on_error:
            raise ExtensionError(
                f"{len(self.failed)} chapter(s) failed to execute: {', '.join(sorted(self.failed))} "
                "(each traceback is printed above and saved under reports/)"
            )

    def _store(self, docname: str) -> None:
        import nbformat
        from jupyter_cache import get_cache
        from jupyter_cache.base import CacheBundleIn
        from jupyter_cache.cache.db import NbProjectRecord

        if docname not in self.stale:
            return
        path, read_fmt = self.stale.pop(docname)
        if docname not in self.outcomes:
            try:
                self.outcomes[docname] = self.futures[docname].result()
            except Exception as error:  # a worker process that died
                self.outcomes[docname] = {
                    "notebook": None,
                    "seconds": 0.0,
                    "error": type(error).__name__,
                    "traceback": f"the worker executing {docname} failed: {error!r}",
                }
        outcome = self.outcomes[docname]
        if outcome["error"] is not None:
            report = _report_failure(self.app, docname, outcome)
            self.failed.append(docname)
            LOGGER.error(
                f"data_cache: executing {docname} failed ({outcome['error']}); traceback in {report}:\n"
                f"{outcome['traceback']}",
                location=docname,
            )
            return
        cache = get_cache(str(_cache_dir(self.app)))
        record = cache.add_nb_to_project(str(path), read_data=read_fmt)
        NbProjectRecord.remove_tracebacks([record.pk], cache.db)
        executed = nbformat.reads(outcome["notebook"], nbformat.NO_CONVERT)
        cache.cache_notebook_bundle(
            CacheBundleIn(executed, record.uri, data={"execution_seconds": outcome["seconds"]}),
            check_validity=False,
            overwrite=True,
        )
        LOGGER.info(f"data_cache: executed {docname} in {outcome['seconds']:.2f} seconds")

    def close(self) -> None:
        """Shut the pool down and log the execution phase's wall time (first submission to last finish)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        if self.finished_at:
            wall = max(self.finished_at.values()) - self.start
            total = sum(o["seconds"] for o in self.outcomes.values())
            LOGGER.info(
                f"data_cache: executed {len(self.outcomes)} notebook(s) in {wall:.2f} s wall time "
                f"(sum of notebook times {total:.2f} s, {self.workers} worker(s))"
            )
            self.finished_at = {}


def _execute_stale(app: Sphinx, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: start executing every stale chapter about to be read, in parallel."""
    jobs = _jobs()
    if jobs == 0 or app.config.nb_execution_mode != "cache":
        return
    stale = stale_notebooks(app, env, docnames)
    if not stale:
        return
    workers = min(jobs, len(stale))
    LOGGER.info(
        f"data_cache: executing {len(stale)} notebook(s) with {workers} worker(s): "
        + ", ".join(docname for docname, *_ in stale)
    )
    app._ailayoffs_execution = _Execution(app, stale, workers)


def _collect(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: a stale chapter is read only once its execution is in the cache."""
    execution = getattr(app, "_ailayoffs_execution", None)
    if execution is not None and execution.pending(docname):
        execution.collect(docname)


def _finish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: chapters that were never read (a build stopped early) are still stored or reported."""
    execution = getattr(app, "_ailayoffs_execution", None)
    if execution is not None:
        for docname in list(execution.stale):
            execution._store(docname)
        execution.close()
        app._ailayoffs_execution = None


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _check_cache)
    app.connect("source-read", _collect, priority=400)  # before _inject: wait for the chapter first
    app.connect("source-read", _inject)
    app.connect("env-before-read-docs", _execute_stale)
    app.connect("build-finished", _finish)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
