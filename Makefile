# cdnet — make install | make demo | make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium

.PHONY: install install-test system-packages lint typecheck test test-sqlite test-postgres demo serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	$(BIN)/pip install --quiet -r requirements-test.lock
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Debian packages the tests need: a real browser for the end-to-end tests, Java for Spark.
system-packages:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "chromium is missing: run 'sudo apt-get install chromium'"; exit 1; fi; \
	fi
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Java 17 for the Apache Spark tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
	  else echo "java is missing (Spark needs Java 17): run 'sudo apt-get install openjdk-17-jre-headless'"; exit 1; fi; \
	fi

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install-test
	$(BIN)/mypy src

test-sqlite: install-test system-packages
	env -u DATABASE_URL CDNET_TEST_DB=sqlite $(BIN)/pytest -p no:cacheprovider

test-postgres: install-test system-packages
	@$(BIN)/python scripts/check_postgres.py "$(PG_URL)"; rc=$$?; \
	if [ $$rc -eq 0 ]; then \
	  DATABASE_URL="$(PG_URL)" CDNET_TEST_DB=postgres $(BIN)/pytest -p no:cacheprovider -m "not spark"; \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL is unreachable at $(PG_URL): under CI=true that is an error"; exit 1; \
	else echo "SKIPPED the PostgreSQL run: $(PG_URL) is unreachable (set PG_URL=...)"; fi

test: lint typecheck test-sqlite test-postgres

demo: install
	$(BIN)/cdnet demo --port $(PORT)

serve: install
	$(BIN)/cdnet serve --port $(PORT)

clean:
	rm -rf $(VENV) cdnet-data .mypy_cache .ruff_cache
