"""What the agenda holds about a person: in their RGPD download, anonymised at the deletion
of their account (a seat to come freed for the waiting list), and said on the personal data
page."""

import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from territoires.events.models import Registration
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_my_registrations_are_in_my_download(client):
    registration = RegistrationFactory(
        event__title="Forum des Interconnectés", created_at=datetime(2026, 5, 2, 9, tzinfo=UTC)
    )
    RegistrationFactory(event__title="L’inscription d’un autre")
    client.force_login(registration.user)
    data = json.loads(client.get(reverse("accounts:account_export")).content)
    assert data["inscriptions_agenda"] == [
        {
            "evenement": "Forum des Interconnectés",
            "debut": "2026-06-15T07:30:00+00:00",
            "etat": "Confirmée",
            "organisation_representee": "",
            "inscrite_le": "2026-05-02T09:00:00+00:00",
            "presence": None,
        }
    ]


def test_deleting_my_account_frees_my_seat_and_anonymises_me(client):
    event = EventFactory(capacity=1)
    mine = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, waiting=True)
    client.force_login(mine.user)
    # Without an SMTP server in this test, the promotion's e-mail waits in the outbox.
    response = client.post(reverse("accounts:account_delete"), {"confirm": "on"})
    assert response.status_code == 302, response.content.decode()[:500]
    mine.refresh_from_db()
    assert (mine.user, mine.status, mine.anonymised_at is not None) == (None, "annulee", True)
    waiting.refresh_from_db()
    assert waiting.status == "confirmee"
    assert Registration.objects.count() == 2


def test_the_personal_data_page_says_how_long(client, settings):
    settings.EVENTS_ANONYMISE_AFTER_MONTHS = 18
    page = client.get("/donnees-personnelles/")
    assertContains(page, "18 mois après la fin de l’événement, vos inscriptions sont anonymisées")
