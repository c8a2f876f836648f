"""What the health check (/sante/) reads: is each shared component reachable?

Each check answers a French state and never the error itself (a message may hold a host,
a user name or a password of the configuration).
"""

import logging
import uuid

from django.apps import apps
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

OK = "ok"
UNREACHABLE = "injoignable"
NOT_CONFIGURED = "non configurée"


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Base de données injoignable")
        return UNREACHABLE
    return OK


def cache_state() -> str:
    key, token = f"sante:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, token, timeout=10)
        reachable = cache.get(key) == token
        cache.delete(key)
    except Exception:
        logger.exception("Cache injoignable")
        return UNREACHABLE
    return OK if reachable else UNREACHABLE


def queue_state() -> str:
    """The job queue (huey): its storage answers. Not configured while huey's Django app is not
    installed (``huey.contrib.djhuey`` in ``INSTALLED_APPS``, ``HUEY`` in the settings)."""
    if not apps.is_installed("huey.contrib.djhuey"):
        return NOT_CONFIGURED
    try:
        from huey.contrib.djhuey import HUEY

        HUEY.pending_count()
    except Exception:
        logger.exception("File de tâches injoignable")
        return UNREACHABLE
    return OK


def health_report() -> dict[str, str]:
    """The state of each component, by its French name."""
    return {
        "base_de_donnees": database_state(),
        "cache": cache_state(),
        "file_de_taches": queue_state(),
    }
