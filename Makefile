# The two promises of the README: `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# htmx, served by the installation itself (never a CDN): copied from the npm package pinned in
# package-lock.json into the Python package's static folder (gitignored).
HTMX := src/pourparler/server/web/static/vendor/htmx.min.js

.PHONY: run test lint typecheck unit fuzz clean

$(STAMP): pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	npm ci --ignore-scripts --no-audit --no-fund
	mkdir -p $(dir $(HTMX))
	cp node_modules/htmx.org/dist/htmx.min.js $(HTMX)
	touch $(STAMP)

# Upgrades the database, loads the demo if it is empty, prints the demo logins, and serves on
# http://127.0.0.1:8000 until stopped (Ctrl-C finishes the requests in flight first).
run: $(STAMP)
	$(BIN)/pourparler db upgrade
	$(BIN)/pourparler demo --if-empty
	$(BIN)/pourparler serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check src tests bench docs
	$(BIN)/ruff format --check src tests bench docs
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck unit

# Long randomised campaigns of the property tests: new examples every run (make test replays
# the same derandomised ones for everyone). FUZZ_RUNS rounds; failures are saved in .hypothesis/
# and replayed first next time. PostgreSQL too when POURPARLER_TEST_POSTGRES_URL is set.
FUZZ_RUNS ?= 10
FUZZ_TESTS ?= tests/unit/services/test_damaged_input.py tests/unit/engine/test_damaged_scenario.py \
	tests/unit/domain/test_lifecycles_stateful.py tests/integration/test_damaged_import.py \
	tests/integration/engine
fuzz: $(STAMP)
	for run in $$(seq $(FUZZ_RUNS)); do \
		HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q $(FUZZ_TESTS) || exit 1; \
	done

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
