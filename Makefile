# make run   install, migrate, load a fresh demo and serve on http://127.0.0.1:5000
# make test  install and run the whole suite (SQLite, then PostgreSQL if TEST_DATABASE_URL is set)
# make bench page weight, Lighthouse, throughput against a bare handler (tests/bench/)
# make translations  re-extract translations/messages.pot, merge every catalog, compile
# make language code=xx  start a language (its catalog and glossary): translations/TRANSLATING.md

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
DEMO_DB := instance/demo.db

.PHONY: install catalogs run test test-sqlite test-postgres bench bench-weight lint migration translations language clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NPM_STAMP)

install: $(STAMP) catalogs

# Compiled catalogs (.mo) are built, not committed: only those that pass every check.
catalogs: $(STAMP)
	$(BIN)/python -m portal.catalogs compile

translations: $(STAMP)
	$(BIN)/python -m portal.catalogs update
	$(BIN)/python -m portal.catalogs compile

language: $(STAMP)
	@test -n "$(code)" || { echo 'usage: make language code=xx'; exit 2; }
	$(BIN)/python -m portal.catalogs init $(code)

run: install
	mkdir -p instance
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	DATABASE_URL=sqlite:///$(CURDIR)/$(DEMO_DB) $(BIN)/flask --app app portal demo
	DATABASE_URL=sqlite:///$(CURDIR)/$(DEMO_DB) PORTAL_DEV_SENDER=1 PORTAL_INSECURE_COOKIES=1 $(BIN)/flask --app app run --host 127.0.0.1 --port 5000

test: $(STAMP) $(NPM_STAMP)
	$(BIN)/ruff check portal tests app.py
	$(MAKE) test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) test-postgres; else echo "TEST_DATABASE_URL not set: PostgreSQL run skipped"; fi

test-sqlite: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadgroup

test-postgres: $(STAMP)
	PORTAL_TEST_DB="$$TEST_DATABASE_URL" $(BIN)/pytest -n 2 --dist loadgroup

bench: install $(NPM_STAMP)
	$(BIN)/python -m tests.bench

# The page-weight budgets alone (no Lighthouse): .ci/run runs it after the tests.
bench-weight: install $(NPM_STAMP)
	$(BIN)/python -m tests.bench --parts weight

lint: $(STAMP)
	$(BIN)/ruff check portal tests app.py

# After changing a model: make migration m="what changed"
migration: $(STAMP)
	$(BIN)/python -m portal.migrate_new "$(m)"

clean:
	rm -rf $(VENV) node_modules instance/*.db*
