# Two commands on a fresh machine:
#   make book   set up .venv, execute every chapter, build the HTML into _build/html
#   make test   the same set-up, a full strict build, then the whole test suite
#   make student  the student edition (no solutions, no teacher notes) in _build/student/_build/html
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JB     := $(BIN)/jupyter-book

.PHONY: book test strict-build check bench lab browser-deps clean clean-cache student

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## book: execute the chapters (cached; a changed dataset re-executes its readers) and build HTML
book: $(STAMP)
	$(JB) build --keep-going .
	@echo "Open _build/html/index.html"

## strict-build: rebuild every page from scratch (the execution cache is kept), warnings are
## errors, a failing cell fails the build; stale files from earlier builds cannot hide a fault
strict-build: $(STAMP)
	rm -rf _build/html _build/.doctrees
	$(JB) build --all -n -W --keep-going .

## student: the student edition (no solutions, no teacher notes, no "For teachers" part), strict,
## in _build/student/_build/html; it shares the execution cache with the teacher's edition
STUDENT := _build/student
student: $(STAMP)
	rm -rf $(STUDENT)/_build/html $(STUDENT)/_build/.doctrees
	$(BIN)/python -m ailayoffs.teaching student-toc _toc.yml $(STUDENT)/_toc.yml
	AILAYOFFS_EDITION=student $(JB) build --all -n -W --keep-going --toc $(STUDENT)/_toc.yml --path-output $(STUDENT) .

## test: strict full build of both editions, then data, model, site and browser tests
test: strict-build student
	$(BIN)/python -m pytest

## check: validate every dataset against data/datapackage.json
check: $(STAMP)
	$(BIN)/python -m ailayoffs check

## bench: cold and warm build timings, notebook execution time, page sizes (not part of test)
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

## lab: open the chapters in JupyterLab (jupytext opens the .md files as notebooks)
lab: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-lab.txt
	$(BIN)/jupyter lab chapters/

## browser-deps: Debian's Chromium and ChromeDriver for the browser tests (needs root)
browser-deps:
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver)

clean:
	rm -rf _build

## clean-cache: forget executed notebooks (the next build re-executes every chapter)
clean-cache:
	rm -rf _build/.jupyter_cache
