"""The e-mail job keeps its connection to the SMTP server from one e-mail to the next, and
opens a new one when the server closed it: each e-mail still leaves once, at once."""

import pytest
from django.db import transaction

from territoires.core import tasks
from territoires.core.mail import email_send
from territoires.core.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def _send(*subjects: str) -> None:
    with transaction.atomic():  # the jobs run at the commit (the queue is immediate in tests)
        for subject in subjects:
            email_send(to="agent@lyon.fr", subject=subject, body="Texte")


def test_a_worker_sends_its_emails_on_one_connection(smtp_server):
    _send("Premier", "Deuxième", "Troisième")

    assert [received.subject for received in smtp_server.received] == [
        "Premier",
        "Deuxième",
        "Troisième",
    ]
    assert len({received.peer for received in smtp_server.received}) == 1
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_a_connection_the_server_closed_is_opened_again_and_each_email_leaves_once(
    smtp_server, monkeypatch
):
    _send("Avant")
    # The server goes away and comes back: the connection kept by the worker is dead.
    smtp_server.stop()
    smtp_server.start()
    monkeypatch.setattr(tasks, "SMTP_IDLE_CHECK_SECONDS", 0)

    _send("Après")

    assert [received.subject for received in smtp_server.received] == ["Avant", "Après"]
    assert len({received.peer for received in smtp_server.received}) == 2
    # Sent at the first try, not left waiting for a retry.
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {("sent", 1)}
