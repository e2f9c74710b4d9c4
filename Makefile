# The book's two commands are `make book` and `make test`; each sets up .venv first.
# Other targets: check (fast tests), notebooks (re-execute stale notebooks), site, release, it-mine
# (make a fork yours), lab (JupyterLab in scratch/), vendor, validate, lint, bench, freeze, clean.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HTML_STAMP := _build/.html-built
NODE_STAMP := node_modules/.installed
BOOK_SOURCES := _config.yml _toc.yml CHANGELOG.md CITATION.cff releases.toml $(shell find book notebooks bookkit -type f -not -path '*/.ipynb_checkpoints/*' -not -path '*/__pycache__/*' 2>/dev/null)
export PYTHONHASHSEED := 0
export PIP_DISABLE_PIP_VERSION_CHECK := 1

BASE_PATH ?= /

.PHONY: book test check notebooks validate lint bench freeze clean setup site release vendor it-mine lab

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

## book: set up, validate the data, re-execute stale notebooks, build the HTML book strictly
## (warnings are errors). Invalid data stop it with the validator's messages only.
# The sub-make is told the environment is set up (-o): a caller's own `-o $(STAMP)` (the tests
# reuse their venv) does not reach a sub-make, which would otherwise reinstall it from this copy.
book: $(STAMP)
	@$(BIN)/python -m alliance validate
	$(BIN)/python -m bookkit notebooks
	@$(MAKE) --no-print-directory -o $(STAMP) $(HTML_STAMP)
	@echo "The book is built: open _build/html/index.html (or serve _build/html over http)."

# Rebuilt only when a source changed; always from scratch (--all), so glued values pasted into
# other pages are refreshed too.
$(HTML_STAMP): $(BOOK_SOURCES) $(STAMP)
	$(BIN)/jupyter-book build . --all -W -n --keep-going --quiet
	touch $@

## notebooks: validate the data, then execute exactly the notebooks whose code, data or package changed.
notebooks: $(STAMP)
	@$(BIN)/python -m alliance validate
	$(BIN)/python -m bookkit notebooks

# Browser-side test tools (axe-core), pinned in package.json and package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility check will be skipped (install Node.js and npm to run it)"; fi

## test: set up and run every test (unit, data, fixtures, nbval, freshness, strict build, HTML, browser).
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder

## check: the fast tests (no notebook execution, no book build, no browser), about 20 s.
check: $(STAMP)
	$(BIN)/python -m pytest -p no:nbval -p no:xdist -o addopts="-p no:cacheprovider --strict-markers" \
	  -m "not slow" -q tests --ignore=tests/browser

## site: every release in releases.toml and main (as dev) into site/<edition>/, each release with
## a PDF and an offline .tar.gz, plus versions.json and a redirect; unchanged editions are cached.
site: $(STAMP)
	$(BIN)/python -m bookkit site --out site --base-path $(BASE_PATH)

## release: cut edition VERSION (make release VERSION=X.Y.Z): version, changelog, releases.toml.
release: $(STAMP)
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=X.Y.Z"; exit 2; }
	$(BIN)/python -m bookkit release $(VERSION)

## it-mine: give a fork its own title, author and repository (config, citation, footer, buttons):
##   make it-mine TITLE="Your title" AUTHOR="Your name" REPO=https://github.com/you/your-fork
it-mine: $(STAMP)
	$(BIN)/python -m bookkit it-mine --title "$$TITLE" --author "$$AUTHOR" --repo "$$REPO"

## lab: JupyterLab in scratch/ (your own notebooks: git ignores them, nothing collects them).
## Installs the optional `lab` extra into .venv the first time, keeping every pinned version.
lab: $(STAMP)
	@$(BIN)/python -c "import jupyterlab" 2>/dev/null || \
	  $(BIN)/python -m pip install --quiet --no-build-isolation -c requirements.txt -e '.[lab]'
	$(BIN)/jupyter lab --ServerApp.root_dir=scratch

validate: $(STAMP)
	$(BIN)/python -m alliance validate

lint: $(STAMP)
	$(BIN)/ruff check alliance bookkit tests scripts notebooks

## bench: time the build and test commands; writes benchmarks/results.md.
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

## freeze: re-pin requirements.txt from the current environment.
freeze: $(STAMP)
	@if $(BIN)/python -c "import jupyterlab" 2>/dev/null; then \
	  echo "make freeze: .venv holds JupyterLab (make lab), which the book does not pin;" \
	       "recreate it first: rm -rf $(VENV) && make setup" >&2; exit 1; fi
	(echo "# Full, pinned environment of the book (pip freeze --all). Update with: make freeze"; \
	 $(BIN)/python -m pip freeze --all --exclude-editable | grep -v -i '^alliance') > requirements.txt

## vendor: copy the pinned plotly.js bundle (package.json) into book/_static/vendor (then commit it).
vendor: $(NODE_STAMP)
	cp node_modules/plotly.js-basic-dist-min/plotly-basic.min.js book/_static/vendor/plotly-basic.min.js
	cp node_modules/plotly.js-basic-dist-min/LICENSE book/_static/vendor/plotly-LICENSE.txt

clean:
	rm -rf _build site test-artifacts
