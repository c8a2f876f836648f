"""The jobs of the labels (found by ``manage.py run_huey``)."""

from huey import crontab

from territoires.awards.services import reminders_send
from territoires.core.jobs import periodic_job


@periodic_job(crontab(minute="0", hour="8", day_of_week="1"))
def juror_reminders() -> int:
    """Every Monday morning, remind each juror of the sheets they still have to score before
    their jury's deadline (also ``manage.py remind_jurors``)."""
    return reminders_send()
