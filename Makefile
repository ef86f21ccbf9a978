# Two commands on a fresh machine:
#   make book   set up .venv, execute the stale chapters, build both editions (teacher's and student's)
#   make test   the same set-up, a full strict build, then the whole test suite
#   make student  the student edition (no solutions, no teacher notes) in _build/student/_build/html
#   make pdf      the print edition: one PDF of the whole book in _build/pdf/book.pdf
PYTHON ?= python3
REQUIRED_PYTHON := 3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JB     := $(BIN)/jupyter-book
# Warnings are errors in every build: a glue key no cell publishes, an unknown citation,
# a broken reference fail `make book` as they fail `make test`. --keep-going reports all of them.
JB_FLAGS := -n -W --keep-going
# "Last updated" on every page is the date of the last commit, not of the build: two builds of one
# commit are byte-identical on any day (Sphinx reads SOURCE_DATE_EPOCH). Outside git, the build date.
GIT_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(GIT_EPOCH),)
export SOURCE_DATE_EPOCH ?= $(GIT_EPOCH)
endif

.PHONY: book test strict-build student pdf pdf-if-browser check bench reproducible lint lab browser-deps node_modules clean clean-cache distclean FORCE

# The stamp records the interpreter .venv was made with. It is remade (and .venv with it) when
# requirements.txt or pyproject.toml change, or when .venv's own python is missing, broken or
# not Python $(REQUIRED_PYTHON), or differs from the stamp's record.
VENV_PYTHON := $(shell $(BIN)/python -c 'import sys; print(sys.version.split()[0])' 2>/dev/null)
STAMP_PYTHON := $(shell sed -n 's/^python=//p' $(STAMP) 2>/dev/null)
VENV_OK := $(and $(filter $(REQUIRED_PYTHON).%,$(VENV_PYTHON)),$(filter $(VENV_PYTHON),$(STAMP_PYTHON)))

$(STAMP): requirements.txt pyproject.toml $(if $(VENV_OK),,FORCE)
	@version=$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null); \
	if [ -e $(VENV) ] && [ "$$version" != "$(REQUIRED_PYTHON)" ]; then \
	  what=$${version:+Python $$version}; what=$${what:-an interpreter that no longer runs}; \
	  echo "$(VENV) was made by $$what, not Python $(REQUIRED_PYTHON): removing it and making it again"; \
	  rm -rf $(VENV); \
	fi
	@if ! [ -x $(BIN)/python ]; then \
	  found=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || found=""; \
	  if [ "$$found" != "$(REQUIRED_PYTHON)" ]; then \
	    what=$${found:+Python $$found}; what=$${what:-not a working interpreter}; \
	    echo "error: this book needs Python $(REQUIRED_PYTHON) (see README); PYTHON=$(PYTHON) is $$what." >&2; \
	    echo "       Install Python $(REQUIRED_PYTHON) and run e.g. 'make PYTHON=python$(REQUIRED_PYTHON) book'." >&2; \
	    exit 1; \
	  fi; \
	  echo "$(PYTHON) -m venv $(VENV)"; $(PYTHON) -m venv $(VENV); \
	fi
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -c 'import sys; print(f"python={sys.version.split()[0]}\nexecutable={sys.executable}")' > $@

## book: execute the stale chapters (in parallel; cached, keyed on data, imported modules and
## libraries) and build both editions: the teacher's in _build/html, the student's (no solutions,
## no teacher notes) in _build/student/_build/html, from the same execution cache. Warnings fail
## it; a failed build forgets the read pages so that the next build reads every page again and
## cannot pass on stale ones.
book: $(STAMP)
	$(JB) build $(JB_FLAGS) . || { rm -rf _build/.doctrees; exit 1; }
	$(BIN)/python -m ailayoffs.teaching student-toc _toc.yml $(STUDENT)/_toc.yml
	AILAYOFFS_EDITION=student $(JB) build $(JB_FLAGS) --toc $(STUDENT)/_toc.yml --path-output $(STUDENT) . \
	  || { rm -rf $(STUDENT)/_build/.doctrees; exit 1; }
	@echo "Open _build/html/index.html (teacher's edition) or $(STUDENT)/_build/html/index.html (student's)"

## strict-build: rebuild every page from scratch (the execution cache is kept), warnings are
## errors, a failing cell fails the build; stale files from earlier builds cannot hide a fault
strict-build: $(STAMP)
	rm -rf _build/html _build/.doctrees
	$(JB) build --all $(JB_FLAGS) .

## student: the student edition (no solutions, no teacher notes, no "For teachers" part), strict,
## in _build/student/_build/html; it shares the execution cache with the teacher's edition
STUDENT := _build/student
student: $(STAMP)
	rm -rf $(STUDENT)/_build/html $(STUDENT)/_build/.doctrees
	$(BIN)/python -m ailayoffs.teaching student-toc _toc.yml $(STUDENT)/_toc.yml
	AILAYOFFS_EDITION=student $(JB) build --all -n -W --keep-going --toc $(STUDENT)/_toc.yml --path-output $(STUDENT) .

## pdf: the print edition, one PDF of the whole book (teacher's edition): a strict singlehtml build in
## which every chart is its static SVG (the same vl-convert rendering as the downloads) and code inputs
## are hidden, printed by headless Chromium to $(PDF). It shares the execution and chart caches.
PRINT := _build/print
PDF   := _build/pdf/book.pdf
pdf: $(STAMP)
	rm -rf $(PRINT)/_build/singlehtml $(PRINT)/_build/.doctrees
	AILAYOFFS_PRINT=1 $(JB) build --all -n -W --keep-going --builder singlehtml --path-output $(PRINT) .
	$(BIN)/python scripts/print_pdf.py $(PRINT)/_build/singlehtml/index.html $(PDF)

# In `make test` the PDF needs Chromium like the browser tests: without it (locally) the PDF tests
# skip; CI installs Chromium first (.ci/run), and there they must run.
pdf-if-browser:
	@if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then $(MAKE) pdf; \
	else echo "no Chromium: the PDF is not built and its tests skip (sudo make browser-deps)"; fi

## test: strict full build of both editions and the PDF, then data, model, site, PDF and browser tests
## (the accessibility walk needs axe-core from npm: node_modules is installed first)
test: lint strict-build student pdf-if-browser node_modules
	$(BIN)/python -m pytest

## node_modules: the test run's JavaScript tools (axe-core), exactly as package-lock.json pins them
AXE := node_modules/axe-core/axe.min.js
node_modules: $(AXE)
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## check: validate every dataset against data/datapackage.json
check: $(STAMP)
	$(BIN)/python -m ailayoffs check

## lint: ruff over the package, tests, extensions and scripts (configured in pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check ailayoffs tests _ext scripts

## bench: cold serial and parallel builds, rebuild cases, page sizes (not part of test)
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

## reproducible: two clean builds in scratch copies must give byte-identical _build/html trees
reproducible: $(STAMP)
	$(BIN)/python scripts/reproducible.py

## lab: open the chapters in JupyterLab (jupytext opens the .md files as notebooks)
lab: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-lab.txt
	$(BIN)/jupyter lab chapters/

## browser-deps: Debian's Chromium, ChromeDriver and npm for the browser tests (needs root)
browser-deps:
	command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v npm >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver npm)

## clean: remove the build (pages, doctrees and the execution cache); .venv stays
clean:
	rm -rf _build

## clean-cache: forget executed notebooks (the next build re-executes every chapter)
clean-cache:
	rm -rf _build/.jupyter_cache

## distclean: everything that is not source: the build, .venv, benchmark scratch, egg-info
distclean: clean
	rm -rf $(VENV) node_modules .bench .pytest_cache *.egg-info

FORCE:
