# The two commands of the README. Each sets up what it needs on a fresh machine.
#   make run    install the app in .venv, set up var/ on first run, serve on http://127.0.0.1:8050
#   make test   install the app with its test extras, lint, and run the whole test suite

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint bench clean

run: $(VENV)/.run-installed
	$(BIN)/ntp-dashboard serve

test: $(VENV)/.test-installed chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(VENV)/.test-installed
	$(BIN)/python bench/run.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.run-installed

# Browser tests drive Debian's chromium (never a downloaded browser build).
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else \
			echo "note: $(CHROMIUM) is missing (apt-get install chromium); browser tests will skip"; \
		fi; \
	fi

clean:
	rm -rf var .pytest_cache .ruff_cache
