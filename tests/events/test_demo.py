"""The demo events of ``make run``: every kind, past and upcoming, some full with a waiting
list, all marked as demo data and out of the open data; a second run writes nothing."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from territoires.events.enums import EventKind
from territoires.events.models import Event, Registration


def test_demo_events_of_every_kind(imported, client):
    output = io.StringIO()
    call_command("create_demo_events", stdout=output)
    assert "14 événements de démonstration créés." in output.getvalue()
    events = Event.objects.all()
    assert set(events.values_list("kind", flat=True)) == set(EventKind.values)
    assert not events.filter(is_demo=False).exists()
    now = timezone.now()
    assert events.filter(ends_at__lt=now).exists() and events.filter(starts_at__gt=now).exists()
    full = [
        event
        for event in events.with_counts()
        if event.capacity and event.confirmed_count >= event.capacity and event.waiting_count
    ]
    assert len(full) >= 2
    # Those in Guadeloupe are in its time zone.
    zones = set(events.filter(commune__code="97105").values_list("time_zone", flat=True))
    assert zones == {"America/Guadeloupe"}

    call_command("create_demo_events", stdout=output)
    assert "existent déjà" in output.getvalue()
    assert Event.objects.count() == 14
    assert Registration.objects.filter(event__is_demo=True).exists()

    page = client.get(reverse("events:agenda"))
    assertContains(page, "Données de démonstration")
    csv = b"".join(client.get(reverse("events:opendata_download", args=["csv"])).streaming_content)
    assert csv.decode().count("\n") == 1  # the header only: demo events are no open data


@pytest.mark.django_db
def test_demo_events_without_a_referentiel_are_online():
    call_command("create_demo_events", stdout=io.StringIO())
    assert Event.objects.filter(commune__isnull=False).count() == 0
    assert Event.objects.exclude(online_url="").count() == 14
