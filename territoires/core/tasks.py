"""The jobs of core (found by ``manage.py run_huey``, which imports every app's ``tasks``)."""

import logging
import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
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
            EmailMessage(
                subject=email.subject,
                body=email.body,
                to=[email.to],
                attachments=[
                    (item["filename"], item["content"], item["content_type"])
                    for item in email.attachments
                ],
            ).send()
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
