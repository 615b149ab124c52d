# One task runner, the same few verbs everywhere. Needs only Python 3.11+, git and make.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
BIN := .venv/bin
PYTEST_ARGS ?=
# Both cores; the tests that share the demo's one seeding go to one worker (xdist_group).
PYTEST := $(BIN)/pytest -n 2 --dist loadgroup --durations=15
POSTGRES ?= postgres://postgres@127.0.0.1:5432
# The demo's tests (slow), what no database decides (one_backend) and the browser journeys
# run on SQLite only, but for the journeys marked both_backends (decisions 0104, 0112).
POSTGRES_MARKS := not slow and not one_backend and (not browser or both_backends)
# Python keeps the bytecode it compiles (decision 0135). A machine that sets
# PYTHONDONTWRITEBYTECODE compiles every module again in every process: about 4 s before a
# Django process can start, paid by each test worker, each command a test runs and each
# server process.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help install demo test test-postgres check audit fuzz fix browser clean load

help:
	@echo "make demo     set up, load demo data once, print logins, serve on"
	@echo "              http://127.0.0.1:8000 (PORT=8001 for another port)"
	@echo "make test     run the whole test suite (installs what it needs, Chromium included)"
	@echo "make test-postgres  the suite on PostgreSQL (127.0.0.1:5432, a throwaway database);"
	@echo "              the demo's tests and most browser journeys run with make test only"
	@echo "make check    lint, format check, layers (lint-imports), missing migrations, lock file"
	@echo "make audit    known vulnerabilities in the locked dependencies (decision 0112)"
	@echo "make fuzz     schemathesis over /api/v1 and /fhir/ at a small budget (SQLite)"
	@echo "make fix      format and auto-fix lint"
	@echo "make install  create .venv from uv.lock, exactly (the others do it first)"
	@echo "make browser  install Debian's Chromium for the browser tests if it is missing"
	@echo "make clean    remove .venv, .tools and data/ (the demo's database too)"
	@echo "make load     a large HSCP's daily mix under stepped load, on 127.0.0.1 (docs/load.md;"
	@echo "              LOAD_ARGS=--reuse keeps the database seeded last time); not in CI"

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Creates .venv/ in the checkout from uv.lock, exactly.
install: $(UV)
	$(UV) sync --frozen --quiet

demo: install
	$(BIN)/linkwork demo $(if $(PORT),--port $(PORT),)

browser:
	@scripts/ensure-chromium.sh

# Exit 5 (no tests collected) fails like any other, and says so.
NO_TESTS := { s=$$?; [ $$s -ne 5 ] || echo "pytest collected no tests: the suite is missing" >&2; exit $$s; }

test: install browser
	$(PYTEST) $(PYTEST_ARGS) || $(NO_TESTS)

# pytest-django makes one test database per worker next to the throwaway one.
test-postgres: install browser
	@db=linkwork_test_$$$$; \
	psql "$(POSTGRES)/postgres" -q -c "CREATE DATABASE $$db" || exit 1; \
	trap 'psql "$(POSTGRES)/postgres" -q -c "DROP DATABASE IF EXISTS $$db"' EXIT; \
	DATABASE_URL="$(POSTGRES)/$$db" $(PYTEST) -m "$(POSTGRES_MARKS)" $(PYTEST_ARGS) || $(NO_TESTS)

check: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	DEBUG=1 $(BIN)/linkwork makemigrations --check --dry-run
	$(UV) lock --check --quiet

audit: install
	UV=$(UV) scripts/audit-dependencies.sh

# A small budget for CI: 4 cases an operation, at most 30 s a schema, after seeding the demo
# (most of its time); scripts/api-fuzz.sh alone runs the long one.
FUZZ_EXAMPLES ?= 4
FUZZ_TIME ?= 30
fuzz: install
	MAX_EXAMPLES=$(FUZZ_EXAMPLES) MAX_TIME=$(FUZZ_TIME) scripts/api-fuzz.sh

fix: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Not part of test or CI: it seeds for minutes and loads both cores for about five.
load: install
	$(BIN)/python benchmarks/load.py $(LOAD_ARGS)

clean:
	rm -rf .venv .tools data
