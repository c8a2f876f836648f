"""The last seats taken at the same instant by many people: on PostgreSQL, concurrent
requests each in its own connection; the event's row lock makes them queue, so the capacity
is never exceeded and the waiting list takes the rest, in order."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from territoires.events.models import Registration
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory

PEOPLE, SEATS = 16, 5


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite takes one write lock for the whole database: the row lock is PostgreSQL's",
)
def test_concurrent_registrations_never_exceed_the_capacity(smtp_server):
    event = EventFactory(capacity=SEATS)
    people = UserFactory.create_batch(PEOPLE)
    start = threading.Barrier(PEOPLE)
    statuses = {}

    def register(person):
        client = Client()
        client.force_login(person)
        start.wait(timeout=30)
        try:
            response = client.post(reverse("events:register", args=[event.pk]))
            statuses[person.pk] = response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert list(statuses.values()) == [302] * PEOPLE
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(status="confirmee").count() == SEATS
    assert registrations.filter(status="attente").count() == PEOPLE - SEATS
    # Whoever registered first got a seat: the waiting list comes after every confirmed one.
    ordered = list(registrations.order_by("created_at", "pk").values_list("status", flat=True))
    assert ordered == ["confirmee"] * SEATS + ["attente"] * (PEOPLE - SEATS)
    assert sorted(message.subject.split(" :")[0] for message in smtp_server.received) == sorted(
        ["Inscription confirmée"] * SEATS + ["Liste d’attente"] * (PEOPLE - SEATS)
    )
