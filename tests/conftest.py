"""Fixtures shared by the whole suite."""

import copy
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from factory.django import DjangoModelFactory
from huey.contrib.djhuey import HUEY

from tests.mail import SmtpServer
from tests.production import PRODUCTION_ENVIRONMENT, run_manage
from tests.referentiel import SMALL_REFERENTIEL, write_referentiel


@pytest.fixture(autouse=True)
def _empty_queue():
    """Every test starts with an empty queue: no retry scheduled by another test."""
    HUEY.flush()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Files the site writes (the open data files) go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: after a rollback, primary keys, and so the
    keys of cached results, are used again."""
    cache.clear()


def _factories(base=DjangoModelFactory):
    for factory_class in base.__subclasses__():
        yield factory_class
        yield from _factories(factory_class)


@pytest.fixture(autouse=True)
def _factory_sequences_from_zero():
    """Every test numbers what the factories make from 0 (Village-0, personne-0@…), whatever
    ran before it in the same process: with ``-n``, a worker runs any part of the suite."""
    for factory_class in _factories():
        factory_class.reset_sequence(force=True)


@pytest.fixture(autouse=True)
def _no_email_without_smtp_server(settings):
    """E-mail goes to the real SMTP server a test starts (``smtp_server``), never to a mock
    outbox: sending without it fails the test."""
    settings.EMAIL_BACKEND = "tests.mail.NoServerBackend"


@pytest.fixture
def smtp_server(settings, transactional_db):
    """A real SMTP server on loopback, with Django's SMTP backend pointed at it.

    E-mail leaves by a job enqueued when the service's transaction commits: the test's
    transactions commit for real (``transactional_db``) so that it does.
    """
    server = SmtpServer()
    for name, value in server.django_settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()


@pytest.fixture
def small_referentiel():
    return copy.deepcopy(SMALL_REFERENTIEL)


@pytest.fixture
def small_data_dir(tmp_path, small_referentiel):
    return write_referentiel(tmp_path / "v1", small_referentiel)


@pytest.fixture
def imported(db, small_data_dir):
    """The small référentiel, imported."""
    call_command("import_referentiel", data_dir=small_data_dir, stdout=io.StringIO())
    return small_data_dir


@pytest.fixture(scope="session")
def production_static_root(tmp_path_factory):
    """The static files as ``collectstatic`` gathers them with the production settings (once a
    session: it takes tens of seconds)."""
    root = tmp_path_factory.mktemp("static")
    result = run_manage(
        "collectstatic", "--noinput", "-v0", **PRODUCTION_ENVIRONMENT, STATIC_ROOT=str(root)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root
