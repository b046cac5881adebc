# Runcast: `make run` serves the app, `make test` runs every check.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PYTHON ?= python3
RUN := $(UV) run --frozen

.PHONY: run test lint typecheck pytest schema bench install clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen
	@touch $@

install: .venv/.synced

run: install
	$(RUN) runcast serve

test: lint typecheck pytest

lint: install
	$(RUN) ruff check src tests
	$(RUN) ruff format --check src tests

typecheck: install
	$(RUN) mypy --strict src

pytest: install
	$(RUN) pytest

schema: install
	$(RUN) runcast export-schema --output schema.graphql

clean:
	rm -rf .venv .tools .runcast .pytest_cache .mypy_cache .ruff_cache .coverage
