"""The jobs of the agenda (found by ``manage.py run_huey``); each is also a command."""

import logging

from huey import crontab

from territoires.core.jobs import periodic_job
from territoires.events import services

logger = logging.getLogger(__name__)


@periodic_job(crontab(minute="5"))
def event_reminders_send() -> None:
    """Every hour: remind the registrants of the events starting within a day (also
    ``manage.py event_reminders_send``)."""
    logger.info("Event reminders: %s e-mail(s)", services.reminders_send())


@periodic_job(crontab(minute="15", hour="*/6"))
def event_surveys_send() -> None:
    """Every six hours: send the satisfaction survey of the trainings just ended (also
    ``manage.py event_surveys_send``)."""
    logger.info("Training surveys: %s e-mail(s)", services.surveys_send())


@periodic_job(crontab(minute="30", hour="3"))
def event_registrations_anonymise() -> None:
    """Every night: anonymise the registrations to events ended long enough ago (also
    ``manage.py event_registrations_anonymise``)."""
    logger.info("Registrations anonymised: %s", services.registrations_anonymise())
