# The two commands of the README. Each sets up what it needs on a fresh machine.
#   make run    install the app in .venv, set up var/ on first run, serve on http://127.0.0.1:8050
#   make test   install the app with its test extras, lint, and run the whole test suite
#   make lock   refresh requirements*.txt (exact versions with hashes) after a change of
#               dependencies in pyproject.toml; `make lock UPGRADE=--upgrade` takes the newest

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint bench clean lock

run: $(VENV)/.run-installed
	$(BIN)/ntp-dashboard init
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

# Installs are the locked versions (requirements*.txt, checked by hash); the app itself on top.
$(VENV)/.run-installed: requirements.txt pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test-installed: requirements-test.txt pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.run-installed

# pip-compile keeps the versions already locked unless UPGRADE=--upgrade; a few minutes.
# `make run` has every extra but the tests' (boundaries, PostgreSQL, Redis): one command still
# builds the boundaries on the first run; `pip install ntp-dashboard` alone serves built ones.
RUN_EXTRAS = --extra boundaries --extra postgres --extra redis
COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-find-links --no-emit-index-url $(UPGRADE)

lock: | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet "pip-tools>=7.4"
	$(COMPILE) $(RUN_EXTRAS) --output-file requirements.txt pyproject.toml
	$(COMPILE) --all-extras --output-file requirements-test.txt pyproject.toml

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
