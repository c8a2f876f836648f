"""The jobs seen by staff: a job that fails for good is kept with its error and run again from
its page; the e-mails that have not left are listed; a lost e-mail job is enqueued again."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from territoires.accounts.enums import AuditAction
from territoires.accounts.models import AuditEvent
from territoires.core import tasks
from territoires.core.mail import email_send
from territoires.core.models import FailedJob, OutgoingEmail
from tests.jobs import scheduled_jobs, scheduled_jobs_run

pytestmark = pytest.mark.django_db

JOBS = "/equipe/taches/"
EMAILS = "/equipe/courriels/"
TASK = "territoires.core.tasks.email_deliver"


def retry_url(failed_job: FailedJob) -> str:
    return f"{JOBS}{failed_job.pk}/relancer/"


@pytest.fixture
def failed_job(monkeypatch, smtp_server):
    """An e-mail job that failed at every try, the database being down when it ran."""

    def database_down(email_id):
        raise ConnectionError("la base de données ne répond pas")

    monkeypatch.setattr(tasks, "outgoing_email_deliver", database_down)
    email = email_send(to="agent@lyon.fr", subject="Objet", body="Texte")
    # The first try, then every retry: the job is kept when the last one fails.
    while scheduled_jobs():
        assert not FailedJob.objects.exists()
        scheduled_jobs_run()
    monkeypatch.undo()
    [failed] = FailedJob.objects.all()
    assert (failed.task, failed.args, failed.kwargs) == (TASK, [email.pk], {})
    assert "ConnectionError: la base de données ne répond pas" in failed.error
    return failed


def test_a_job_failing_for_good_is_shown_to_staff_who_runs_it_again_once(
    client, world, failed_job, smtp_server
):
    client.force_login(world["staff"])
    page = client.get(JOBS)
    assertContains(page, TASK)
    assertContains(page, "la base de données ne répond pas")
    assertContains(page, "Relancer")

    response = client.post(retry_url(failed_job), follow=True)

    assertRedirects(response, JOBS)
    assertContains(response, f"La tâche {TASK} est relancée.")
    assertContains(response, f"par {world['staff']}")
    assertNotContains(response, '<span class="fr-sr-only"> la tâche')
    [received] = smtp_server.received
    assert received.to == "agent@lyon.fr"
    assert OutgoingEmail.objects.get().status == "sent"
    [event] = AuditEvent.objects.filter(action=AuditAction.JOB_RETRIED)
    assert (event.actor, event.detail) == (world["staff"], {"tâche": TASK, "échec": failed_job.pk})
    # Once: a second click is refused and enqueues nothing.
    again = client.post(retry_url(failed_job), follow=True)
    assertContains(again, "Cette tâche a déjà été relancée.")
    assert len(smtp_server.received) == 1
    assert AuditEvent.objects.filter(action=AuditAction.JOB_RETRIED).count() == 1


@pytest.mark.parametrize("who", ["anonymous", "lyon_referent"])
def test_only_staff_sees_failed_jobs_and_runs_them_again(client, world, failed_job, who):
    if who != "anonymous":
        client.force_login(world[who])

    for response in (client.get(JOBS), client.get(EMAILS), client.post(retry_url(failed_job))):
        assert response.status_code in (302, 403)
        assertNotContains(response, TASK, status_code=response.status_code)
    failed_job.refresh_from_db()
    assert failed_job.retried_at is None
    assert not AuditEvent.objects.filter(action=AuditAction.JOB_RETRIED).exists()


def test_staff_sees_the_emails_that_have_not_left(client, world, smtp_server):
    smtp_server.stop()
    email_send(to="agent@lyon.fr", subject="Invitation en attente", body="Texte")
    smtp_server.start()
    email_send(to="autre@lyon.fr", subject="Invitation partie", body="Texte")
    client.force_login(world["staff"])

    page = client.get(EMAILS)

    assertContains(page, "Invitation en attente")
    assertContains(page, "agent@lyon.fr")
    assertContains(page, "Connection refused")
    assertContains(page, "<td>À envoyer</td>", html=True)
    assertNotContains(page, "Invitation partie")


def test_the_periodic_sweep_enqueues_a_lost_email_again_and_is_a_command(smtp_server):
    email = email_send(to="agent@lyon.fr", subject="Perdu", body="Texte")
    # As if its job had been lost before running: it waits, its try overdue.
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status="pending", sent_at=None, next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    smtp_server.received.clear()

    output = io.StringIO()
    call_command("email_requeue_lost", stdout=output)

    assert "1 courriel(s) remis dans la file." in output.getvalue()
    assert [received.subject for received in smtp_server.received] == ["Perdu"]
    output = io.StringIO()
    call_command("email_requeue_lost", stdout=output)
    assert "0 courriel(s) remis dans la file." in output.getvalue()
