# The one entry point: make run, make test, make quality, make bench.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(PY) -m pytest
# PostgreSQL used by the test suite and the benchmarks (pytest creates test_<name> itself).
PG_URL ?= postgres://postgres@127.0.0.1:5432/territoires
# pytest's arguments, ARGS="tests/geo -k recherche" for a part of the suite (in one process).
ARGS ?=
# Without ARGS, the suite runs in two parallel workers (pytest-xdist) on each engine, each worker
# with its own database and loopback servers: on PostgreSQL, 7 minutes instead of 30 in one
# process (2 December 2026).
PARALLEL := -n 2
# Debian's Chromium, for the browser tests (Playwright drives it; no browser is downloaded).
CHROMIUM := /usr/bin/chromium

.PHONY: install run test test-sqlite test-postgres quality bench serve-production worker scheduler

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

# Local sign-in for `make run`: the test suite's OpenID providers (tests/oidc/provider.mjs), one
# like ProConnect and one like FranceConnect, with demo users. LOCAL_OIDC=0 to use the providers
# configured in the environment instead (OIDC_PROCONNECT_*, OIDC_FRANCECONNECT_*).
LOCAL_OIDC ?= 1
# `make run` also starts a job worker with the scheduler (manage.py run_huey, on the SQLite file
# queue jobs.sqlite3, or on Redis with REDIS_URL), stopped with the web server.
# `make run` shows last year's results (a demo campaign, dense enough for the national maps)
# and opens this year's campaign to answer.
CAMPAIGN_YEAR ?= $(shell date +%Y)
DEMO_COUNT ?= 3000
LOCAL_OIDC_PROCONNECT_PORT ?= 9101
LOCAL_OIDC_FRANCECONNECT_PORT ?= 9102
LOCAL_OIDC_SECRET := local-development-only-secret-0123456789abcdef
LOCAL_OIDC_SITE := http://127.0.0.1:8000

# The local settings that `manage.py` reads (config/local_env.py), so that the commands of the
# README work as shown on this checkout: DEBUG on. Git-ignored; never written in production,
# where the environment sets SECRET_KEY and DEBUG stays off.
.env:
	printf '# Written by make run: local development only, never in production.\nDEBUG=1\n' > $@

run: export DEBUG ?= 1
run: install .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_referentiel
	$(PY) manage.py generate_demo_campaign --count $(DEMO_COUNT) --year $$(( $(CAMPAIGN_YEAR) - 1 )) --if-no-campaign
	$(PY) manage.py create_campaign $(CAMPAIGN_YEAR) --open --if-missing
	$(PY) manage.py create_demo_events
	$(PY) manage.py load_communs --demo
	$(PY) manage.py generate_demo_exchange
	$(PY) manage.py create_demo_debates
	$(PY) manage.py generate_demo_labels --year $(CAMPAIGN_YEAR)
ifeq ($(LOCAL_OIDC),1)
	@trap 'kill $$(jobs -p) 2>/dev/null' EXIT; \
	$(PY) manage.py run_huey & \
	for provider in proconnect:$(LOCAL_OIDC_PROCONNECT_PORT) franceconnect:$(LOCAL_OIDC_FRANCECONNECT_PORT); do \
		node tests/oidc/provider.mjs --profile $${provider%%:*} --port $${provider##*:} \
			--client-id territoires-local --client-secret $(LOCAL_OIDC_SECRET) \
			--redirect-uri $(LOCAL_OIDC_SITE)/compte/connexion/$${provider%%:*}/retour/ \
			--post-logout-redirect-uri $(LOCAL_OIDC_SITE)/compte/deconnexion/retour/ & \
	done; \
	export OIDC_PROCONNECT_ISSUER=http://127.0.0.1:$(LOCAL_OIDC_PROCONNECT_PORT) \
		OIDC_PROCONNECT_CLIENT_ID=territoires-local OIDC_PROCONNECT_CLIENT_SECRET=$(LOCAL_OIDC_SECRET) \
		OIDC_FRANCECONNECT_ISSUER=http://127.0.0.1:$(LOCAL_OIDC_FRANCECONNECT_PORT) \
		OIDC_FRANCECONNECT_CLIENT_ID=territoires-local OIDC_FRANCECONNECT_CLIENT_SECRET=$(LOCAL_OIDC_SECRET); \
	echo "Territoires numériques : $(LOCAL_OIDC_SITE) (connexion avec les fournisseurs d’identité locaux)"; \
	$(PY) manage.py runserver 127.0.0.1:8000
else
	@trap 'kill $$(jobs -p) 2>/dev/null' EXIT; \
	$(PY) manage.py run_huey & \
	echo "Territoires numériques : http://127.0.0.1:8000"; \
	$(PY) manage.py runserver 127.0.0.1:8000
endif

# The processes of a deployment, as in the Procfile (docs/deploiement.md), with the settings of
# the environment (DEBUG off: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL...).
BIND ?= 0.0.0.0:8000
WEB_CONCURRENCY ?= 3

serve-production: install
	$(VENV)/bin/gunicorn config.wsgi --bind $(BIND) --workers $(WEB_CONCURRENCY) --timeout 30

# Exactly one scheduler in the whole deployment: it runs the periodic jobs (and queued ones).
scheduler: install
	$(PY) manage.py run_huey

# Any number of workers, on any machine: queued jobs only.
worker: install
	$(PY) manage.py run_huey --no-periodic

test: install $(CHROMIUM) test-sqlite test-postgres

test-sqlite: install $(CHROMIUM)
	@echo "== Suite de tests sur SQLite"
	$(PYTEST) $(or $(ARGS),$(PARALLEL))

test-postgres: install $(CHROMIUM)
	@if $(PY) -c "import psycopg, sys; psycopg.connect('$(PG_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== Suite de tests sur PostgreSQL"; \
		DATABASE_URL=$(PG_URL) $(PYTEST) $(or $(ARGS),$(PARALLEL)); \
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
	$(PY) -m territoires.core.layering

bench: install
	PG_URL=$(PG_URL) $(PY) -m bench
