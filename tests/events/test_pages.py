"""The agenda's pages as people reach them: the agenda with its filters, the calendar, an
event's page with its registration, and the permission matrix of every page (anonymous,
outsider, member of another organisation, the organiser, the staff)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from territoires.events.models import Registration
from tests.accounts.factories import IdentityFactory, OrganisationFactory, UserFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.geo.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_the_agenda_lists_upcoming_published_events_with_filters(client):
    EventFactory(title="Atelier de juin", themes=["DATA"])
    EventFactory(title="Webinaire en ligne", online=True)
    EventFactory(title="Proposition", proposed=True)
    EventFactory(
        title="Atelier passé",
        starts_at=datetime(2026, 5, 1, 8, tzinfo=UTC),
        ends_at=datetime(2026, 5, 1, 10, tzinfo=UTC),
    )
    page = client.get(reverse("events:agenda"))
    assertContains(page, "2 événements à venir")
    assertContains(page, "Atelier de juin")
    assertContains(page, "Webinaire en ligne")
    assertNotContains(page, "Proposition")
    assertNotContains(page, "Atelier passé")

    online = client.get(reverse("events:agenda"), {"en_ligne": "oui"})
    assertContains(online, "1 événement à venir")
    assertContains(online, "Webinaire en ligne")
    theme = client.get(reverse("events:agenda"), {"thematique": "DATA"})
    assertContains(theme, "Atelier de juin")
    assertNotContains(theme, "Webinaire en ligne")
    departement = client.get(reverse("events:agenda"), {"departement": "58"})
    assertContains(departement, "1 événement à venir")
    past = client.get(reverse("events:agenda"), {"du": "2026-04-01", "au": "2026-05-31"})
    assertContains(past, "Atelier passé")
    assertNotContains(past, "Atelier de juin")


def test_bad_filters_are_ignored_with_a_french_message(client):
    EventFactory(title="Atelier de juin")
    page = client.get(
        reverse("events:agenda"), {"type": "fête", "du": "hier", "thematique": "<script>"}
    )
    assert page.status_code == 200
    assertContains(page, "Valeur inconnue pour « type »")
    assertContains(page, "Date invalide pour « du »")
    assertContains(page, "Atelier de juin")


def test_the_calendar_is_a_table_of_the_month(client):
    EventFactory(title="Atelier de juin")  # 15 June 2026
    page = client.get(reverse("events:calendar"), {"mois": "2026-06"})
    assertContains(
        page, "<caption>Événements de juin 2026, une ligne par semaine</caption>", html=True
    )
    assertContains(page, '<th scope="col">Lundi</th>', html=True)
    assertContains(page, "lundi 15 juin")
    assertContains(page, "Atelier de juin")
    assertNotContains(
        client.get(reverse("events:calendar"), {"mois": "2026-07"}), "Atelier de juin"
    )
    bad = client.get(reverse("events:calendar"), {"mois": "2026-13"})
    assert bad.status_code == 200
    assertContains(bad, "Mois invalide")


def test_an_overseas_event_shows_local_time_and_paris_time(client):
    commune = TerritoryFactory(code="97105", name="Basse-Terre")
    # 14:00 UTC is 10:00 in Guadeloupe (UTC-4) and 16:00 in Paris (summer time).
    event = EventFactory(
        commune=commune,
        starts_at=datetime(2026, 6, 20, 14, tzinfo=UTC),
        ends_at=datetime(2026, 6, 20, 16, tzinfo=UTC),
    )
    page = client.get(event.get_absolute_url())
    assertContains(page, "de 10h00 à 12h00")
    assertContains(page, "heure locale ; 16h00 à 18h00 à Paris")


@pytest.fixture
def people():
    organiser = UserFactory()
    organisation = OrganisationFactory(members=[organiser])
    event = EventFactory(organisation=organisation, online=True, capacity=1)
    registrant = RegistrationFactory(event=event).user
    return {
        "event": event,
        "anonymous": None,
        "outsider": UserFactory(),
        "member": OrganisationFactory(with_member=True).memberships.get().user,
        "registrant": registrant,
        "organiser": organiser,
        "staff": UserFactory(staff=True),
    }


ORGANISER_PAGES = ["registrants", "registrants_message", "edit"]


@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "member", "registrant", "organiser", "staff"]
)
def test_only_the_organiser_and_staff_see_the_registrants(client, people, who):
    event = people["event"]
    if people[who]:
        client.force_login(people[who])
    allowed = who in ("organiser", "staff")
    for name in ORGANISER_PAGES:
        response = client.get(reverse(f"events:{name}", args=[event.pk]))
        if who == "anonymous":
            assert response.status_code == 302, name
        else:
            assert response.status_code == (200 if allowed else 403), name
    export = client.get(reverse("events:registrants_export", args=[event.pk, "csv"]))
    assert export.status_code == (200 if allowed else 302 if who == "anonymous" else 403)
    if allowed:
        content = b"".join(export.streaming_content).decode()
        assert people["registrant"].email in content
    page = client.get(event.get_absolute_url())
    assert page.status_code == 200
    # The online link: the organiser, the staff and the confirmed registrant only.
    shown = who in ("organiser", "staff", "registrant")
    assert ("https://visio.exemple.fr/salle-1" in page.content.decode()) is shown


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member", "organiser", "staff"])
def test_a_proposed_event_is_seen_by_its_organiser_and_the_staff_only(client, people, who):
    event = people["event"]
    event.status = "propose"
    event.save()
    if people[who]:
        client.force_login(people[who])
    response = client.get(event.get_absolute_url())
    assert response.status_code == (200 if who in ("organiser", "staff") else 404)
    publish = client.get(reverse("events:move", args=[event.pk, "publier"]))
    expected = {"anonymous": 302, "organiser": 403, "staff": 200}.get(who, 404)
    assert publish.status_code == expected


def test_registering_from_the_page(client, people):
    event = people["event"]  # 1 seat, taken
    person = UserFactory()
    client.force_login(person)
    page = client.get(event.get_absolute_url())
    assertContains(page, "M’inscrire sur la liste d’attente")
    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    assertContains(response, "vous êtes sur la liste d’attente")
    assert Registration.objects.get(user=person).status == "attente"
    again = client.post(reverse("events:register", args=[event.pk]), follow=True)
    assertContains(again, "Vous êtes déjà inscrit à cet événement.")
    assert Registration.objects.filter(user=person).count() == 1


def test_a_citizen_is_told_a_reserved_event_is_for_agents(client):
    event = EventFactory(audience="agents")
    citizen = IdentityFactory(franceconnect=True).user
    client.force_login(citizen)
    page = client.get(event.get_absolute_url())
    assertContains(page, "connectez-vous avec ProConnect pour vous inscrire")
    assertNotContains(page, "M’inscrire</button>")
    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    assertContains(response, "réservé aux agents")
    assert not Registration.objects.exists()


def test_anonymous_registration_asks_to_sign_in(client):
    event = EventFactory()
    response = client.post(reverse("events:register", args=[event.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Registration.objects.exists()


def test_account_shows_my_registrations_and_cancels(client):
    registration = RegistrationFactory(event__title="Forum des Interconnectés")
    client.force_login(registration.user)
    account = client.get(reverse("accounts:account"))
    assertContains(account, "Mes inscriptions")
    assertContains(account, "Forum des Interconnectés")
    response = client.post(
        reverse("events:registration_cancel", args=[registration.pk]), {"retour": "compte"}
    )
    assert response["Location"] == reverse("accounts:account")
    registration.refresh_from_db()
    assert registration.status == "annulee"


def test_nobody_cancels_another_persons_registration_by_url(client):
    registration = RegistrationFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("events:registration_cancel", args=[registration.pk]))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmee"
