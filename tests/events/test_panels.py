"""What the agenda shows on other pages: « Agenda » in the main menu, the next three events
on the home page, the events held in a territory on its page, the events and trainings on a
collectivité's weak axes (results and dashboard)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from territoires.observatory.dashboard.views import dashboard_url
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory
from tests.geo.factories import DepartementFactory, TerritoryFactory
from tests.observatory.factories import CampaignFactory
from tests.observatory.test_gaps import _scored

pytestmark = pytest.mark.django_db


def _on(day: int, **fields):
    start = datetime(2026, 6, day, 8, tzinfo=UTC)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), **fields)


def test_agenda_in_the_main_menu(client):
    page = client.get(reverse("core:home"))
    assertContains(page, 'aria-controls="menu-agenda"')
    assertContains(page, f'href="{reverse("events:agenda")}"')
    assertNotContains(page, reverse("events:moderation"))
    client.force_login(UserFactory(staff=True))
    assertContains(client.get(reverse("events:agenda")), reverse("events:moderation"))


def test_the_home_page_shows_the_next_three_events(client):
    for day, title in [(20, "Quatrième"), (5, "Premier"), (10, "Deuxième"), (12, "Troisième")]:
        _on(day, title=title)
    _on(3, title="Annulé", status="annule")
    _on(4, title="Proposé", proposed=True)
    page = client.get(reverse("core:home")).content.decode()
    shown = [title for title in ("Premier", "Deuxième", "Troisième", "Quatrième") if title in page]
    assert shown == ["Premier", "Deuxième", "Troisième"]
    assert page.index("Premier") < page.index("Deuxième") < page.index("Troisième")
    assert "Annulé" not in page and "Proposé" not in page
    assert "Bientôt disponible" not in page.split("Se rencontrer")[1].split("</div>")[0]


def test_a_territorys_page_shows_the_events_held_in_it(client):
    departement = DepartementFactory()
    here = _on(10, title="Atelier nivernais")
    elsewhere = TerritoryFactory(code="97411", name="Saint-Denis")
    _on(11, title="Atelier réunionnais", commune=elsewhere)
    page = client.get(departement.get_absolute_url())
    assertContains(page, "Prochains événements du réseau sur ce territoire")
    assertContains(page, "Atelier nivernais")
    assertNotContains(page, "Atelier réunionnais")
    commune_page = client.get(here.commune.get_absolute_url())
    assertContains(commune_page, "Atelier nivernais")


def test_a_weak_axis_shows_the_events_and_trainings_on_it(client):
    assessment = _scored(CampaignFactory(published=True))  # gaps: LAB, EADM, TINT, USAG
    _on(10, title="Formation laboratoire d’innovation", kind="formation", themes=["LAB"])
    _on(11, title="Atelier données", themes=["DATA"])  # DATA is no gap
    _on(
        12, title="Réunion de commission", kind="commission", themes=["EADM"]
    )  # not a learning kind
    page = client.get(dashboard_url(assessment.territory))
    assertContains(page, "Événements et formations à venir sur ces axes")
    assertContains(page, "Formation laboratoire d’innovation")
    assertContains(page, "Axes : Laboratoire d’innovation")
    assertNotContains(page, "Atelier données")
    assertNotContains(page, "Réunion de commission")
