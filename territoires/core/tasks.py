"""The jobs of core (found by ``manage.py run_huey``, which imports every app's ``tasks``)."""

import contextlib
import logging
import smtplib
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.exceptions import RetryTask

from territoires.core.jobs import job, periodic_job
from territoires.core.models import OutgoingEmail

logger = logging.getLogger(__name__)

# An e-mail is tried again for a day, the delay doubling from a minute up to an hour.
EMAIL_RETRY_PERIOD = timedelta(days=1)
EMAIL_FIRST_RETRY_DELAY = 60
EMAIL_LONGEST_RETRY_DELAY = 3600


# A worker thread keeps its connection to the SMTP server from one e-mail to the next (each
# would otherwise connect, greet and quit); one idle this long is checked (NOOP) before use.
SMTP_IDLE_CHECK_SECONDS = 5.0
_smtp = threading.local()


def _smtp_settings() -> tuple:
    return tuple(
        getattr(settings, name, None)
        for name in (
            "EMAIL_BACKEND",
            "EMAIL_HOST",
            "EMAIL_PORT",
            "EMAIL_HOST_USER",
            "EMAIL_USE_TLS",
            "EMAIL_USE_SSL",
        )
    )


def _smtp_connection():
    """This thread's open connection to the e-mail backend: the one it kept, unless the
    settings changed or it sat idle and the server no longer answers; else a new one."""
    kept = getattr(_smtp, "kept", None)
    if kept is not None:
        key, connection, last_used = kept
        server = getattr(connection, "connection", None)  # smtplib.SMTP, for the SMTP backend
        if key != _smtp_settings() or (
            server is not None
            and time.monotonic() - last_used > SMTP_IDLE_CHECK_SECONDS
            and not _smtp_answers(server)
        ):
            _smtp_connection_drop()
            kept = None
    if kept is None:
        connection = get_connection()
        connection.open()
        _smtp.kept = kept = (_smtp_settings(), connection, time.monotonic())
    return kept[1]


def _smtp_answers(server) -> bool:
    try:
        return server.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def _smtp_connection_drop() -> None:
    """Close this thread's connection (after a failure: the next e-mail opens a new one)."""
    kept = getattr(_smtp, "kept", None)
    _smtp.kept = None
    if kept is not None:
        # The server may already have gone away.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            kept[1].close()


def _email_send(email: OutgoingEmail) -> None:
    """Send ``email`` on this thread's connection, kept open for the next one."""
    try:
        connection = _smtp_connection()
        EmailMessage(
            subject=email.subject,
            body=email.body,
            to=[email.to],
            attachments=[
                (item["filename"], item["content"], item["content_type"])
                for item in email.attachments
            ],
            connection=connection,
        ).send()
    except BaseException:
        _smtp_connection_drop()
        raise
    _smtp.kept = (*_smtp.kept[:2], time.monotonic())


@job()
def queue_probe() -> float:
    """Do nothing and answer the worker's clock (``time.time()``): shows a worker is alive
    and how long a job waits in the queue (the tests, ``make bench``)."""
    return time.time()


def outgoing_email_deliver(email_id: int) -> int | None:
    """Send the waiting e-mail ``email_id`` and mark it sent; on an SMTP failure, record the
    error and return the delay before the next try (None when there is nothing more to do).

    The row is locked while the SMTP server is spoken to, and only a waiting row is sent:
    two workers given the same e-mail send it once.
    """
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update()
            .filter(pk=email_id, status=OutgoingEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return None
        now = timezone.now()
        email.attempts += 1
        try:
            _email_send(email)
        except (smtplib.SMTPException, OSError) as error:
            email.last_error = f"{type(error).__name__}: {error}"
            if now - email.created_at >= EMAIL_RETRY_PERIOD:
                email.status = OutgoingEmail.Status.FAILED
                logger.error("E-mail %s to %s given up: %s", email.pk, email.to, error)
                delay = None
            else:
                delay = min(
                    EMAIL_FIRST_RETRY_DELAY * 2 ** (email.attempts - 1), EMAIL_LONGEST_RETRY_DELAY
                )
                email.next_attempt_at = now + timedelta(seconds=delay)
                logger.warning(
                    "E-mail %s to %s not sent, next try in %s s: %s",
                    email.pk,
                    email.to,
                    delay,
                    error,
                )
        else:
            email.status, email.sent_at, email.last_error = OutgoingEmail.Status.SENT, now, ""
            delay = None
        email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "sent_at"])
    return delay


@job()
def email_deliver(email_id: int) -> None:
    """Send one outgoing e-mail; tried again with backoff while the SMTP server fails."""
    delay = outgoing_email_deliver(email_id)
    if delay is not None:
        raise RetryTask(delay=delay)


def outgoing_emails_requeue() -> int:
    """Enqueue again every waiting e-mail whose try is ``EMAIL_LOST_AFTER_SECONDS`` late: its
    job was lost (a worker killed, a queue emptied). Returns how many."""
    lost_after = timedelta(seconds=settings.EMAIL_LOST_AFTER_SECONDS)
    late = OutgoingEmail.objects.due(now=timezone.now() - lost_after)
    email_ids = list(late.values_list("pk", flat=True))
    for email_id in email_ids:
        email_deliver(email_id)
    return len(email_ids)


@periodic_job(crontab(minute="*"))
def email_requeue_lost() -> None:
    """Every minute: no e-mail stays waiting because its job was lost (also
    ``manage.py email_requeue_lost``)."""
    logger.info("Periodic e-mail sweep: %s e-mail(s) enqueued again", outgoing_emails_requeue())
