# Two entry points for a fresh machine with Python 3.11:
#   make serve   set up .venv, build the seed site and serve it with livereload
#   make test    set up .venv (with dev tools) and run lint, types and tests
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: serve build test lint clean

$(BIN)/readinglist: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

serve: $(BIN)/readinglist
	$(BIN)/readinglist serve --port $(PORT)

build: $(BIN)/readinglist
	$(BIN)/readinglist build

lint: $(BIN)/readinglist
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy

test: lint
	scripts/install-test-tools
	$(BIN)/pytest

clean:
	rm -rf $(VENV) _site .pytest_cache .mypy_cache .ruff_cache
