"""The periodic jobs of the bourse (found by ``manage.py run_huey``); each is also a
management command of the same name."""

import logging

from huey import crontab

from territoires.core.jobs import periodic_job
from territoires.exchange import services
from territoires.exchange.enums import Frequency

logger = logging.getLogger(__name__)


@periodic_job(crontab(minute="0", hour="8"))
def exchange_requests_remind() -> None:
    """Every morning: remind the providers of requests without answer for three days, then
    mark unanswered those without answer for fifteen."""
    reminded = services.agreements_remind()
    expired = services.agreements_expire()
    logger.info("Bourse: %s reminder(s), %s request(s) unanswered", reminded, expired)


@periodic_job(crontab(minute="0", hour="7"))
def exchange_alerts_daily() -> None:
    """Every morning: the daily alerts of the saved searches."""
    count = services.saved_search_alerts_send(frequency=Frequency.DAILY)
    logger.info("Bourse: %s daily alert(s)", count)


@periodic_job(crontab(minute="0", hour="7", day_of_week="1"))
def exchange_alerts_weekly() -> None:
    """Every Monday morning: the weekly alerts of the saved searches."""
    count = services.saved_search_alerts_send(frequency=Frequency.WEEKLY)
    logger.info("Bourse: %s weekly alert(s)", count)
