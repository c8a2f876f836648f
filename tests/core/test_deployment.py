"""The deployment shape: the health check, the request log line with its id, Sentry."""

import gc
import json
import logging
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from territoires.core.logs import JsonFormatter, RequestIdFilter, request_id_bound
from tests.production import PRODUCTION_ENVIRONMENT, run_manage

pytestmark = pytest.mark.django_db

# The job queue is checked once huey's Django app is installed (the queue's own branch).
QUEUE = "ok" if apps.is_installed("huey.contrib.djhuey") else "non configurée"

# A production request through Django's test client, in a subprocess with the production
# settings: prints the status, then the body.
HEALTH_REQUEST = (
    "from django.test import Client; "
    "r = Client().get('/sante/', HTTP_HOST='territoires-numeriques.example'); "
    "print(r.status_code); print(r.content.decode())"
)


def test_health_is_ok_when_everything_answers(client):
    response = client.get("/sante/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "statut": "ok",
        "composants": {
            "base_de_donnees": "ok",
            "cache": "ok",
            "file_de_taches": QUEUE,
        },
    }
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_health_is_never_rate_limited(client, settings):
    settings.RATE_LIMITS = {"sign-in": "1/300"}

    assert {client.get("/sante/").status_code for _ in range(5)} == {200}


def test_health_names_a_broken_cache_with_503(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://:mot-de-passe-du-cache@127.0.0.1:1/0",
        }
    }

    response = client.get("/sante/")

    assert response.status_code == 503
    body = response.json()
    assert body["statut"] == "en panne"
    assert body["composants"] == {
        "base_de_donnees": "ok",
        "cache": "injoignable",
        "file_de_taches": QUEUE,
    }
    assert "mot-de-passe-du-cache" not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


def test_health_names_an_unreachable_database_with_503_and_no_secret():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        HEALTH_REQUEST,
        **{
            **PRODUCTION_ENVIRONMENT,
            "DATABASE_URL": "postgres://plateforme:mot-de-passe-secret@127.0.0.1:1/territoires",
        },
    )

    assert result.returncode == 0, result.stderr
    status, body = result.stdout.split("\n", 1)
    assert status == "503"
    assert json.loads(body) == {
        "statut": "en panne",
        "composants": {
            "base_de_donnees": "injoignable",
            "cache": "ok",
            "file_de_taches": QUEUE,
        },
    }
    assert "mot-de-passe-secret" not in body
    assert "plateforme" not in body


def test_health_answers_over_plain_http_in_production():
    """Load balancers check each instance over HTTP: no redirect to HTTPS for /sante/."""
    result = run_manage("shell", "--no-imports", "-c", HEALTH_REQUEST, **PRODUCTION_ENVIRONMENT)

    # The in-memory SQLite database answers; only the redirect matters here.
    assert result.stdout.split("\n", 1)[0] == "200", result.stdout + result.stderr


def request_log_record(caplog, client, **headers):
    with caplog.at_level(logging.INFO, logger="territoires.requests"):
        response = client.get("/territoires/", **headers)
    [record] = [r for r in caplog.records if r.name == "territoires.requests"]
    return response, record


def test_one_json_log_line_per_request_with_its_id(caplog, client, imported):
    response, record = request_log_record(caplog, client, HTTP_X_REQUEST_ID="lb-7f3a.42")

    assert response["X-Request-ID"] == "lb-7f3a.42"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "lb-7f3a.42"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/territoires/", 200)
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
    assert entry["level"] == "INFO"
    assert entry["logger"] == "territoires.requests"
    assert entry["message"] == "GET /territoires/ 200"


@pytest.mark.parametrize(
    "header", ["", "a b", "x" * 200, "<script>", "id\r\nSet-Cookie: a=b", "-leading-dash"]
)
def test_an_unsafe_request_id_is_replaced(caplog, client, header):
    response, record = request_log_record(caplog, client, HTTP_X_REQUEST_ID=header)

    generated = response["X-Request-ID"]
    assert generated != header
    assert len(generated) == 32 and all(char in "0123456789abcdef" for char in generated)
    assert record.request_id == generated


def test_two_requests_get_two_ids(client):
    first, second = client.get("/sante/"), client.get("/sante/")

    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_records_outside_a_request_carry_the_bound_id():
    """What a job uses: the id of the request that enqueued it, bound while it runs."""
    record = logging.makeLogRecord({"msg": "courriel envoyé", "name": "territoires.jobs"})
    with request_id_bound("abc123"):
        RequestIdFilter().filter(record)
    outside = logging.makeLogRecord({"msg": "hors requête"})
    RequestIdFilter().filter(outside)

    assert json.loads(JsonFormatter().format(record))["request_id"] == "abc123"
    assert outside.request_id == "-"


def test_log_format_is_json_in_production_and_text_under_debug():
    show = "from django.conf import settings as s; print(s.LOG_FORMAT)"
    production = run_manage("shell", "--no-imports", "-c", show, **PRODUCTION_ENVIRONMENT)
    debug = run_manage("shell", "--no-imports", "-c", show, DEBUG="1")
    chosen = run_manage(
        "shell", "--no-imports", "-c", show, **PRODUCTION_ENVIRONMENT, LOG_FORMAT="text"
    )
    wrong = run_manage("check", **PRODUCTION_ENVIRONMENT, LOG_FORMAT="xml")

    assert (production.stdout, debug.stdout, chosen.stdout) == ("json\n", "text\n", "text\n")
    assert "LOG_FORMAT vaut « json » ou « text »" in wrong.stderr


def test_production_request_logs_are_json_lines_on_stderr():
    result = run_manage("shell", "--no-imports", "-c", HEALTH_REQUEST, **PRODUCTION_ENVIRONMENT)

    [line] = [line for line in result.stderr.splitlines() if "territoires.requests" in line]
    entry = json.loads(line)
    assert (entry["path"], entry["status"]) == ("/sante/", 200)
    assert len(entry["request_id"]) == 32


SENTRY_STATE = (
    "import sentry_sdk; c = sentry_sdk.get_client(); "
    "print(c.is_active(), c.options['send_default_pii'], c.options['dsn'])"
)


def test_sentry_is_initialised_only_with_a_dsn_and_sends_no_personal_data():
    dsn = "https://cle-publique@sentry.territoires.invalid/4"
    without = run_manage("shell", "--no-imports", "-c", SENTRY_STATE, **PRODUCTION_ENVIRONMENT)
    with_dsn = run_manage(
        "shell", "--no-imports", "-c", SENTRY_STATE, **PRODUCTION_ENVIRONMENT, SENTRY_DSN=dsn
    )

    assert without.returncode == 0, without.stderr
    assert without.stdout.split()[0] == "False"
    assert with_dsn.returncode == 0, with_dsn.stderr
    assert with_dsn.stdout.split() == ["True", "False", dsn]


def test_gunicorn_workers_freeze_the_loaded_site():
    # gunicorn reads the project's settings wherever the site is served from its folder
    shown = subprocess.run(
        [Path(sys.executable).parent / "gunicorn", "--print-config", "config.wsgi"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # (gunicorn's own hook is ``PostWorkerInit.post_worker_init``)...
    assert re.search(r"^post_worker_init\s+= <post_worker_init\(\)>$", shown, re.MULTILINE)
    # ...and each worker, once it has loaded the site, freezes it out of the full collections.
    hooks = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
