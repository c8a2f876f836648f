"""The periodic job of the catalogue of communs (found by ``manage.py run_huey``); it is also
a management command of the same name."""

import logging

from huey import crontab

from territoires.commons.models import Commun
from territoires.commons.search_index import stratum_uses_write
from territoires.core.jobs import periodic_job

logger = logging.getLogger(__name__)


@periodic_job(crontab(minute="45", hour="2"))
def commons_stratum_uses_write() -> None:
    """Every night: count anew the users of every commun by stratum and axis, for the strata
    that the référentiel's populations moved (a fiche's own changes are counted at once)."""
    logger.info(
        "Communs: %s count(s) by stratum and axis", stratum_uses_write(Commun.objects.all())
    )
