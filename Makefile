# The one entry point: make run, make test, make quality, make bench.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(PY) -m pytest
# PostgreSQL used by the test suite and the benchmarks (pytest creates test_<name> itself).
PG_URL ?= postgres://postgres@127.0.0.1:5432/territoires
ARGS ?=
# Debian's Chromium, for the browser tests (Playwright drives it; no browser is downloaded).
CHROMIUM := /usr/bin/chromium

.PHONY: install run test test-sqlite test-postgres quality bench

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver

run: export DEBUG ?= 1
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_referentiel
	@echo "Territoires numériques : http://127.0.0.1:8000"
	$(PY) manage.py runserver 127.0.0.1:8000

test: install $(CHROMIUM) test-sqlite test-postgres

test-sqlite: install $(CHROMIUM)
	@echo "== Suite de tests sur SQLite"
	$(PYTEST) $(ARGS)

test-postgres: install $(CHROMIUM)
	@if $(PY) -c "import psycopg, sys; psycopg.connect('$(PG_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== Suite de tests sur PostgreSQL"; \
		DATABASE_URL=$(PG_URL) $(PYTEST) $(ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL est injoignable ($(PG_URL)) : la CI exige la suite sur PostgreSQL." >&2; exit 1; \
	else \
		echo "PostgreSQL est injoignable ($(PG_URL)) : suite lancée sur SQLite seulement."; \
	fi

quality: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint territoires --lint
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

bench: install
	PG_URL=$(PG_URL) $(PY) -m bench
