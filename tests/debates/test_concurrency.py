"""Supports under concurrent clicks, on PostgreSQL: the unique constraint decides, and the
count follows the supports actually written."""

import threading

import pytest
from django.db import connection

from territoires.core.errors import BusinessError
from territoires.debates import services
from territoires.debates.models import Contribution, Support
from tests.debates.factories import ContributionFactory, ParticipantFactory

CLICKS = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every write of the database: concurrency is PostgreSQL's",
)
def test_concurrent_clicks_of_one_person_write_one_support():
    contribution = ContributionFactory()
    supporter = ParticipantFactory(debate=contribution.debate)
    other = ParticipantFactory(debate=contribution.debate)
    outcomes = []

    def click(user):
        try:
            barrier.wait(timeout=10)
            services.support_add(
                actor=user, contribution=Contribution.objects.get(pk=contribution.pk)
            )
            outcomes.append("soutenu")
        except BusinessError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    users = [supporter.user] * CLICKS + [other.user]
    threads = [threading.Thread(target=click, args=[user]) for user in users]
    barrier = threading.Barrier(len(threads))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == sorted(
        ["soutenu", "soutenu"] + ["Vous soutenez déjà cette contribution."] * (CLICKS - 1)
    )
    assert Support.objects.filter(participant=supporter).count() == 1
    contribution.refresh_from_db()
    assert contribution.support_count == 2 == Support.objects.count()
