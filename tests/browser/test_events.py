"""The agenda in a real browser: the agenda with its filters, the month calendar and an event
page, scanned with axe; a person registers from the event page, with the keyboard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from territoires.events.models import Registration
from tests.accounts.factories import UserFactory
from tests.browser.conftest import serious_violations, sign_in_browser
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def events(site):
    start = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=3)
    workshop = EventFactory(
        title="Atelier données ouvertes",
        commune=None,
        online_url="https://visio.exemple.fr/atelier",
        venue="",
        address="",
        capacity=2,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        themes=["DATA"],
        description="**Programme** : accueil, puis ateliers.",
    )
    RegistrationFactory(event=workshop)
    EventFactory(
        title="Formation cybersécurité",
        kind="formation",
        commune=None,
        online_url="https://visio.exemple.fr/formation",
        venue="",
        address="",
        starts_at=start + timedelta(days=1),
        ends_at=start + timedelta(days=1, hours=2),
    )
    return workshop


def test_the_agenda_and_the_calendar_are_accessible(site, page, events):
    page.goto(site + "/agenda/")
    page.get_by_role("heading", name="Agenda du réseau").wait_for()
    assert page.get_by_role("link", name="Atelier données ouvertes").count() == 1
    assert serious_violations(page) == []

    page.get_by_label("Type").select_option("formation")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_text("1 événement à venir").wait_for()
    assert page.get_by_role("link", name="Atelier données ouvertes").count() == 0
    assert serious_violations(page) == []

    page.goto(site + "/agenda/calendrier/")
    table = page.get_by_role("table")
    assert "une ligne par semaine" in table.locator("caption").inner_text()
    assert table.get_by_role("columnheader").count() == 7
    assert serious_violations(page) == []


def test_registering_from_an_event_page_with_the_keyboard(site, page, events, smtp_server):
    person = UserFactory(first_name="Camille", last_name="Martin")
    sign_in_browser(page, site, person)
    page.goto(site + events.get_absolute_url())
    page.get_by_role("heading", name="Atelier données ouvertes").wait_for()
    assert page.get_by_text("1 encore disponible").count() == 1
    # The link to join is for registrants only.
    assert page.get_by_text("le lien de connexion est donné aux inscrits").count() == 1
    assert serious_violations(page) == []

    button = page.get_by_role("button", name="M’inscrire")
    button.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Votre inscription est confirmée").wait_for(timeout=10_000)
    assert Registration.objects.get(user=person).status == "confirmee"
    assert page.get_by_role("link", name="https://visio.exemple.fr/atelier").count() == 1
    assert page.get_by_role("button", name="Annuler mon inscription").count() == 1
    assert serious_violations(page) == []
    [message] = smtp_server.received
    assert (message.to, message.subject) == (
        person.email,
        "Inscription confirmée : Atelier données ouvertes",
    )
