# Runcast: `make run` serves the app, `make test` runs every check.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PYTHON ?= python3
RUN := $(UV) run --frozen

.PHONY: run test lint typecheck pytest fuzz schema clients bench bench-quick install clean frontend frontend-test e2e screenshots dist

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

# Bytecode compiled ahead: where PYTHONDONTWRITEBYTECODE is set, every
# `runcast` process (the tests start hundreds) would compile its imports anew.
.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --compile-bytecode
	@touch $@

install: .venv/.synced
	@$(RUN) python -m compileall -q src tests bench scripts > /dev/null

# The web app: `npm ci` when node_modules is missing or older than the
# lockfile; `npm run build` when anything it is built from is newer than
# the last build.
NPM ?= npm
FRONTEND_INSTALLED := frontend/node_modules/.package-lock.json
FRONTEND_BUILT := frontend/dist/.built
FRONTEND_SOURCES := $(shell find frontend/src -type f 2>/dev/null) \
	frontend/index.html frontend/graphiql.html frontend/vite.config.ts \
	frontend/package.json frontend/package-lock.json

$(FRONTEND_INSTALLED): frontend/package-lock.json
	cd frontend && $(NPM) ci
	@touch $@

$(FRONTEND_BUILT): $(FRONTEND_INSTALLED) $(FRONTEND_SOURCES)
	cd frontend && $(NPM) run build
	@touch $@

frontend: $(FRONTEND_BUILT)

run: install frontend
	$(RUN) runcast serve

test: lint typecheck pytest frontend-test e2e bench-quick

lint: install
	$(RUN) ruff check src tests bench scripts
	$(RUN) ruff format --check src tests bench scripts

typecheck: install
	$(RUN) mypy --strict src

# The Node clients some API tests drive (graphql-http, Apollo) need
# node_modules; the installed-wheel test packs the built web app. Tests run
# in PYTEST_WORKERS processes, then those marked serial alone; coverage is
# of both, checked at the end.
PYTEST_WORKERS ?= 2
pytest: install $(FRONTEND_BUILT)
	$(RUN) pytest -n $(PYTEST_WORKERS) -m "not serial" --cov-report= --cov-fail-under=0
	$(RUN) pytest -m serial --cov-append

# Generated operations and requests (tests/fuzz) in rounds of new cases,
# each FUZZ_MULTIPLIER times the bounded run `make test` does, until
# FUZZ_SECONDS have passed (the round under way then finishes); prints the
# number of cases sent. Not part of `make test`.
FUZZ_SECONDS ?= 600
FUZZ_MULTIPLIER ?= 5
FUZZ_CASES_FILE := .runcast/fuzz-cases
fuzz: install
	@mkdir -p $(dir $(FUZZ_CASES_FILE)) && rm -f $(FUZZ_CASES_FILE)
	@end=$$(( $$(date +%s) + $(FUZZ_SECONDS) )); rounds=0; \
	while [ $$(date +%s) -lt $$end ]; do \
		FUZZ_PROFILE=fuzz FUZZ_MULTIPLIER=$(FUZZ_MULTIPLIER) \
		FUZZ_CASES_FILE=$(FUZZ_CASES_FILE) \
			$(RUN) pytest tests/fuzz -q --no-cov || exit 1; \
		rounds=$$((rounds + 1)); \
	done; \
	echo "make fuzz: $$(awk '{ n += $$1 } END { print n }' $(FUZZ_CASES_FILE)) cases in $$rounds rounds, no failure"

frontend-test: install $(FRONTEND_INSTALLED)
	cd frontend && $(NPM) run typecheck
	cd frontend && $(NPM) test
	node frontend/scripts/generate-types.cjs --check

# Playwright in Debian's Chromium against a real `runcast serve`.
e2e: install frontend
	cd frontend && $(NPM) exec -- playwright test

# The README's pictures of the web app, from the specs that take them; only
# this target writes docs/screenshots/.
screenshots: install frontend
	cd frontend && RUNCAST_E2E_SCREENSHOTS=1 $(NPM) exec -- playwright test e2e/live-run.spec.ts e2e/compare.spec.ts

# Each figure is a ratio against a reference measured, interleaved, in the
# same run; targets are reported in bench/results.md, never asserted.
bench: install
	$(RUN) python -m bench

# The same figures at small sizes, in about two minutes.
bench-quick: install
	$(RUN) python -m bench --quick

schema: install
	$(RUN) runcast export-schema --output schema.graphql

# runcast.client.generated from schema.graphql and
# src/runcast/client/operations (ariadne-codegen in a tool venv of its own).
clients: install
	UV=$(UV) $(RUN) python scripts/generate_client.py

# The wheel in dist/, carrying the built web app: `pip install dist/runcast-*.whl`
# (or `uvx --from dist/runcast-*.whl runcast serve`) needs no Node, no checkout.
dist: install frontend
	$(RUN) python scripts/build_wheel.py --uv $(UV)

clean:
	rm -rf .venv .tools .runcast .pytest_cache .mypy_cache .ruff_cache .coverage
	rm -rf dist src/runcast/web
	rm -rf frontend/dist frontend/test-results frontend/playwright-report
