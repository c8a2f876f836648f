"""The bourse's daily job done by a real worker (``manage.py run_huey``, in its own process)
from a real queue, on the test's PostgreSQL database: the provider receives the reminder
through the tests' SMTP server. On PostgreSQL only: a worker cannot reach SQLite's test
database, which lives in the test's memory."""

import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from huey.storage import SqliteStorage

from territoires.exchange.models import Agreement
from territoires.exchange.tasks import exchange_requests_remind
from tests.exchange.factories import AgreementFactory
from tests.jobs import real_queue, worker_start, worker_stop
from tests.observatory.test_multi_server import database_url
from tests.production import PRODUCTION_ENVIRONMENT

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="un worker ne joint pas la base de test SQLite, en mémoire",
    ),
]


def test_a_worker_sends_the_reminder_of_a_request_without_answer(
    monkeypatch, tmp_path, smtp_server, world
):
    agreement = AgreementFactory(offer=world["offer"], requester=world["requester"])
    Agreement.objects.filter(pk=agreement.pk).update(created_at=timezone.now() - timedelta(days=4))
    name = f"bourse-{uuid.uuid4().hex[:8]}"
    queue = tmp_path / "jobs.sqlite3"
    storage = SqliteStorage(name, filename=str(queue))
    real_queue(monkeypatch, storage)
    env = {
        **PRODUCTION_ENVIRONMENT,
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",
        "HUEY_NAME": name,
        "HUEY_FILE": str(queue),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "SITE_URL": "http://127.0.0.1",
    }

    exchange_requests_remind()  # as the scheduler enqueues it
    assert storage.queue_size() == 1
    worker = worker_start(env, tmp_path / "worker.log", "--workers", "1", "--no-periodic")
    try:
        deadline = time.monotonic() + 90
        while not smtp_server.received and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        log = worker_stop(worker, tmp_path / "worker.log")

    [reminder] = smtp_server.received
    assert reminder.to == "dpo@amognes.fr", log
    assert reminder.subject == "Rappel : une demande attend votre réponse (« DPO mutualisé »)"
    assert f"http://127.0.0.1/bourse/accords/{agreement.pk}/" in reminder.body
    assert Agreement.objects.get(pk=agreement.pk).reminded_at is not None
    storage.flush_all()
