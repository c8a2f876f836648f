"""Fixtures shared by the whole suite."""

import copy
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.referentiel import SMALL_REFERENTIEL, write_referentiel


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: after a rollback, primary keys, and so the
    keys of cached results, are used again."""
    cache.clear()


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
