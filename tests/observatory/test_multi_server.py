"""The deployment on several servers, on loopback: two gunicorn instances with the production
settings, two workers and one scheduler (``manage.py run_huey``), one PostgreSQL and one
Redis. A session opened on one instance works on the other; results changed are served fresh
by both; a job enqueued from one instance is done once; the periodic job is enqueued by the
scheduler only, and each run of it is done once; a worker killed in the middle of a job
loses nothing. On PostgreSQL only: SQLite is one file on one machine."""

import html
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests
from django.conf import settings
from django.db import connection
from django.test import Client

from territoires.accounts.enums import Role
from territoires.core.models import OutgoingEmail
from territoires.geo.models import Territory
from territoires.observatory.enums import AnswerStatus
from territoires.observatory.models import Answer
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.jobs import worker_start, worker_stop
from tests.production import PRODUCTION_ENVIRONMENT, environment, free_port, run_manage

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="plusieurs serveurs partagent une base PostgreSQL, pas un fichier SQLite",
    ),
]

GUNICORN = Path(sys.executable).parent / "gunicorn"
REDIS_URL = "redis://127.0.0.1:6379/12"
NATIONAL = "/observatoire/france/"
PERIODIC = "territoires.core.tasks.email_requeue_lost"


def database_url() -> str:
    """The test database, as the servers reach it."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, f"{what} : rien après {timeout} s"
        time.sleep(0.2)
    return value


def gunicorn_start(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=settings.BASE_DIR,
        env=environment(**env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"

    def answers():
        assert server.poll() is None, "gunicorn s’est arrêté"
        try:
            return requests.get(url + "/", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    wait_for(answers, 60, "gunicorn ne répond pas")
    return server, url


@pytest.fixture
def shared_redis():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def deployment(published, smtp_server, shared_redis, production_static_root, tmp_path):
    """Two web instances, two workers and a scheduler, sharing PostgreSQL and Redis."""
    env = {
        **PRODUCTION_ENVIRONMENT,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",
        "HUEY_IMMEDIATE": "0",
        "REDIS_URL": REDIS_URL,
        "HUEY_NAME": f"multi-{uuid.uuid4().hex[:8]}",
        "STATIC_ROOT": str(production_static_root),
        "SECURE_SSL_REDIRECT": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_TIMEOUT": "30",
        "EMAIL_LOST_AFTER_SECONDS": "1",
        "SITE_URL": "http://127.0.0.1",
        # The storage every machine shares, as a mounted volume would be.
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    options = {
        "worker-1": ("--workers", "1", "--no-periodic"),
        "worker-2": ("--workers", "1", "--no-periodic"),
        "scheduler": ("--workers", "1"),
        # The process a supervisor starts again after one was killed.
        "restarted": (),
    }
    logs = {name: tmp_path / f"{name}.log" for name in options}
    processes = {}
    try:
        web = [gunicorn_start(env) for _ in range(2)]
        for name in ("worker-1", "worker-2", "scheduler"):
            processes[name] = worker_start(env, logs[name], *options[name])

        def restart(name: str) -> None:
            """Kill ``name`` at once (SIGKILL), and start the same process again."""
            processes[name].kill()
            processes[name].wait()
            options["restarted"] = options[name]
            processes["restarted"] = worker_start(env, logs["restarted"], *options[name])

        yield {
            "env": env,
            "a": web[0][1],
            "b": web[1][1],
            "logs": logs,
            "processes": processes,
            "restart": restart,
        }
    finally:
        for process, _ in locals().get("web", []):
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for name, process in processes.items():
            worker_stop(process, logs[name])


def signed_in_cookies(settings, user) -> dict:
    """A session of ``user``, written in the shared database as an instance writes it (signed
    with the deployment's secret key)."""
    settings.SECRET_KEY = PRODUCTION_ENVIRONMENT["SECRET_KEY"]
    client = Client()
    client.force_login(user)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def invite(url: str, cookies: dict, organisation, email: str) -> requests.Response:
    """A référent invites ``email`` through the instance at ``url``, with its CSRF token."""
    page = requests.get(f"{url}/organisations/{organisation.pk}/", cookies=cookies, timeout=60)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    cookies = {**cookies, settings.CSRF_COOKIE_NAME: page.cookies[settings.CSRF_COOKIE_NAME]}
    return requests.post(
        f"{url}/organisations/{organisation.pk}/inviter/",
        data={"csrfmiddlewaretoken": token, "email": email, "role": Role.MEMBRE},
        cookies=cookies,
        timeout=60,
        allow_redirects=False,
    )


def national(url: str) -> str:
    return html.unescape(requests.get(url + NATIONAL, timeout=60).text)


def test_two_web_instances_two_workers_and_one_scheduler_share_everything(
    deployment, published, smtp_server, settings
):
    a, b = deployment["a"], deployment["b"]
    nevers = Territory.objects.get(kind="commune", code="58194")
    referent = UserFactory(email="ref@nevers.fr")
    organisation = OrganisationFactory(
        name="Ville de Nevers", territory=nevers, referents=[referent]
    )

    # A session opened on one instance works on the other.
    cookies = signed_in_cookies(settings, referent)
    for url in (a, b):
        page = requests.get(url + "/compte/", cookies=cookies, timeout=60, allow_redirects=False)
        assert page.status_code == 200, url
        assert "ref@nevers.fr" in page.text

    # Results changed are never served stale: both instances cached the figures, a
    # recomputation (an operator's command, a third process) moves them on for both.
    for url in (a, b):
        assert 'aria-label="Nièvre : médiane 100"' in national(url)
    for number in (0, 2, 3):
        Answer.objects.filter(
            assessment=published.assessments[number], status=AnswerStatus.ANSWERED
        ).update(value=0)
    result = run_manage("recompute_campaign", "2026", **deployment["env"])
    assert result.returncode == 0, result.stdout + result.stderr
    for url in (b, a):
        assert 'aria-label="Nièvre : médiane 0"' in national(url)
    # The open data files: a worker writes them again in the shared storage before anyone
    # asks (Village-0's index is now 0), and both instances send them from there.
    folder = settings.MEDIA_ROOT / f"observatoire/donnees-ouvertes/{published.campaign.pk}"

    def stored_scores():
        files = list(folder.glob("*/observatoire-2026-scores.csv"))
        content = files[0].read_bytes() if len(files) == 1 else b""
        village = [line for line in content.splitlines() if b",Village-0," in line]
        return village and b",1,Premiers pas," in village[0] and content

    scores = wait_for(stored_scores, 60, "le fichier des scores recalculé")
    for url in (a, b):
        download = requests.get(f"{url}/observatoire/donnees-ouvertes/2026/scores.csv", timeout=60)
        assert download.content == scores

    # A job enqueued from one instance is done once, by one of the workers.
    assert invite(a, cookies, organisation, "premier@nevers.fr").status_code == 302
    wait_for(lambda: smtp_server.received, 30, "le courriel de la première invitation")
    time.sleep(2)
    assert [received.to for received in smtp_server.received] == ["premier@nevers.fr"]

    # A worker killed in the middle of a job loses nothing: the e-mail waits in the database
    # and the scheduler's periodic sweep enqueues it again.
    logs = deployment["logs"]
    executing = "Executing territoires.core.tasks.email_deliver"
    before = {name: logs[name].read_text().count(executing) for name in deployment["processes"]}
    smtp_server.stall_recipients(60)
    assert invite(b, cookies, organisation, "second@nevers.fr").status_code == 302
    busy = wait_for(
        lambda: next(
            (name for name in before if logs[name].read_text().count(executing) > before[name]),
            None,
        ),
        30,
        "un worker qui prend le courriel",
    )
    time.sleep(1)  # in the SMTP conversation, waiting for the server
    deployment["restart"](busy)
    smtp_server.stall_recipients(0)
    second = OutgoingEmail.objects.get(to="second@nevers.fr")
    assert second.status == "pending"
    wait_for(lambda: len(smtp_server.received) == 2, 90, "le second courriel après le worker tué")
    time.sleep(2)
    assert [received.to for received in smtp_server.received] == [
        "premier@nevers.fr",
        "second@nevers.fr",
    ]
    second.refresh_from_db()
    assert second.status == "sent"

    # The periodic job is enqueued by the scheduler only, and each run is done once.
    processes = deployment["processes"]
    scheduler = "restarted" if busy == "scheduler" else "scheduler"
    processes[scheduler].terminate()
    processes[scheduler].wait(timeout=15)
    time.sleep(2)
    texts = {name: log.read_text() for name, log in logs.items() if log.exists()}
    enqueued = re.findall(
        rf"Enqueueing periodic task {PERIODIC}: ([0-9a-f-]+)",
        texts["scheduler"] + texts.get("restarted", "") * (busy == "scheduler"),
    )
    assert enqueued
    for name in ("worker-1", "worker-2"):
        assert "Enqueueing periodic task" not in texts[name]
    if busy != "scheduler":
        assert "Enqueueing periodic task" not in texts.get("restarted", "")
    done = re.findall(rf"{PERIODIC}: ([0-9a-f-]+) executed", "".join(texts.values()))
    assert done
    assert len(done) == len(set(done))
    assert set(done) <= set(enqueued)
