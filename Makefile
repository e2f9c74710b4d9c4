# The book's two commands are `make book` and `make test`; each sets up .venv first.
# Other targets: notebooks (re-execute stale notebooks), validate, lint, bench, freeze, clean.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HTML_STAMP := _build/.html-built
NODE_STAMP := node_modules/.installed
BOOK_SOURCES := _config.yml _toc.yml CHANGELOG.md $(shell find book notebooks -type f -not -path '*/.ipynb_checkpoints/*' 2>/dev/null)
export PYTHONHASHSEED := 0
export PIP_DISABLE_PIP_VERSION_CHECK := 1

BASE_PATH ?= /

.PHONY: book test notebooks validate lint bench freeze clean setup site vendor

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

## book: set up, re-execute stale notebooks, build the HTML book strictly (warnings are errors).
book: $(STAMP)
	$(BIN)/python -m alliance notebooks
	@$(MAKE) --no-print-directory $(HTML_STAMP)
	@echo "The book is built: open _build/html/index.html (or serve _build/html over http)."

# Rebuilt only when a source changed; always from scratch (--all), so glued values pasted into
# other pages are refreshed too.
$(HTML_STAMP): $(BOOK_SOURCES) $(STAMP)
	$(BIN)/jupyter-book build . --all -W -n --keep-going --quiet
	touch $@

## notebooks: execute exactly the notebooks whose code, data or package changed.
notebooks: $(STAMP)
	$(BIN)/python -m alliance notebooks

# Browser-side test tools (axe-core), pinned in package.json and package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility check will be skipped (install Node.js and npm to run it)"; fi

## test: set up and run every test (unit, data, fixtures, nbval, freshness, strict build, HTML, browser).
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder

## site: every release tag and main (as dev) into site/<edition>/, with versions.json and a redirect.
site: $(STAMP)
	$(BIN)/python scripts/build_site.py --out site --base-path $(BASE_PATH)

validate: $(STAMP)
	$(BIN)/python -m alliance validate

lint: $(STAMP)
	$(BIN)/ruff check alliance bookkit tests scripts notebooks

## bench: time the build and test commands; writes benchmarks/results.md.
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

## freeze: re-pin requirements.txt from the current environment.
freeze: $(STAMP)
	(echo "# Full, pinned environment of the book (pip freeze --all). Update with: make freeze"; \
	 $(BIN)/python -m pip freeze --all --exclude-editable | grep -v -i '^alliance') > requirements.txt

## vendor: copy the pinned plotly.js bundle (package.json) into book/_static/vendor (then commit it).
vendor: $(NODE_STAMP)
	cp node_modules/plotly.js-basic-dist-min/plotly-basic.min.js book/_static/vendor/plotly-basic.min.js
	cp node_modules/plotly.js-basic-dist-min/LICENSE book/_static/vendor/plotly-LICENSE.txt

clean:
	rm -rf _build site test-artifacts
