"""The organiser's side through the pages: proposing an event with times typed on the clock
of its place (an overseas one, a night of summer-time change), writing to every registrant,
exporting the list; and a registrant cancelling from the signed link of their e-mail."""

import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains

from territoires.events.links import CANCEL, registration_token
from territoires.events.models import Event, Registration
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.geo.factories import TerritoryFactory


def _form(**changes) -> dict:
    data = {
        "title": "Atelier inclusion numérique",
        "kind": "atelier",
        "summary": "Les aidants numériques de l’île.",
        "venue": "Médiathèque",
        "address": "1 rue de Paris",
        "commune_code": "97411",
        "registration_mode": "plateforme",
        "capacity": "25",
        "audience": "public",
        "session_1_start": "2026-06-20T09:00",
        "session_1_end": "2026-06-20T12:30",
        "themes": ["INCL"],
    }
    data.update(changes)
    return data


@pytest.fixture
def member(db):
    user = UserFactory()
    organisation = OrganisationFactory(members=[user])
    TerritoryFactory(code="97411", name="Saint-Denis")
    TerritoryFactory(code="75056", name="Paris")
    return user, organisation


@pytest.mark.django_db
def test_times_are_typed_on_the_clock_of_the_place(client, member):
    user, organisation = member
    client.force_login(user)
    response = client.post(
        reverse("events:create"),
        _form(organisation=organisation.pk, registration_closes_at="2026-06-19T18:00"),
    )
    event = Event.objects.get()
    assert response["Location"] == event.get_absolute_url()
    # 9:00 in La Réunion (UTC+4) is 5:00 UTC; the closing, 18:00 there, 14:00 UTC.
    assert event.starts_at == datetime(2026, 6, 20, 5, tzinfo=UTC)
    assert event.ends_at == datetime(2026, 6, 20, 8, 30, tzinfo=UTC)
    assert event.registration_closes_at == datetime(2026, 6, 19, 14, tzinfo=UTC)
    assert (event.status, event.time_zone) == ("propose", "Indian/Reunion")
    page = client.get(event.get_absolute_url())
    assertContains(page, "de 09h00 à 12h30")
    assertContains(page, "(heure locale ; 07h00 à 10h30 à Paris)")
    edit = client.get(reverse("events:edit", args=[event.pk]))
    assertContains(edit, 'value="2026-06-20T09:00"')


@pytest.mark.django_db
def test_an_hour_skipped_by_summer_time_is_refused(client, member):
    user, organisation = member
    client.force_login(user)
    response = client.post(
        reverse("events:create"),
        _form(
            organisation=organisation.pk,
            commune_code="75056",
            session_1_start="2026-03-29T02:30",
            session_1_end="2026-03-29T04:00",
        ),
    )
    assertContains(response, "Cette heure n’existe pas ce jour-là (passage à l’heure d’été).")
    assert not Event.objects.exists()
    # The same hours across the change: 1:30 is UTC+1, 4:00 is UTC+2, so 1 h 30 apart.
    client.post(
        reverse("events:create"),
        _form(
            organisation=organisation.pk,
            commune_code="75056",
            session_1_start="2026-03-29T01:30",
            session_1_end="2026-03-29T04:00",
        ),
    )
    event = Event.objects.get()
    assert (event.ends_at - event.starts_at).total_seconds() == 1.5 * 3600


@pytest.mark.django_db
def test_bad_input_in_the_form_changes_nothing(client, member):
    user, organisation = member
    client.force_login(user)
    for changes, message in [
        ({"commune_code": "99999"}, "Aucune commune de ce code dans le référentiel."),
        ({"capacity": "0"}, "Le nombre de places doit être d’au moins 1."),
        ({"session_1_end": "2026-06-20T08:00"}, "La fin d’une session doit suivre son début."),
        ({"session_1_start": "demain"}, "Saisissez une date et une heure valides."),
    ]:
        response = client.post(
            reverse("events:create"), _form(organisation=organisation.pk, **changes)
        )
        assert response.status_code == 200
        assertContains(response, message)
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_only_members_propose_for_their_organisation(client, member):
    _, organisation = member
    client.force_login(UserFactory())
    assert client.get(reverse("events:create")).status_code == 403
    other = UserFactory()
    OrganisationFactory(members=[other])
    client.force_login(other)
    response = client.post(reverse("events:create"), _form(organisation=organisation.pk))
    assert response.status_code == 200  # the organisation is not among the choices
    assert not Event.objects.exists()


def test_the_organiser_writes_to_every_registrant(client, smtp_server):
    organiser = UserFactory()
    event = EventFactory(
        organisation=OrganisationFactory(members=[organiser]), title="Forum", capacity=1
    )
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, waiting=True)
    RegistrationFactory(event=event, cancelled=True)
    client.force_login(organiser)
    response = client.post(
        reverse("events:registrants_message", args=[event.pk]),
        {"subject": "Plan d’accès", "body": "Entrée par la rue de la Gare."},
        follow=True,
    )
    assertContains(response, "Message envoyé à 2 inscrits.")
    assert sorted(message.to for message in smtp_server.received) == sorted(
        [confirmed.user.email, waiting.user.email]
    )
    assert {message.subject for message in smtp_server.received} == {"Forum : Plan d’accès"}
    assert "Entrée par la rue de la Gare." in smtp_server.received[0].body


@pytest.mark.django_db
def test_the_registrants_export_as_xlsx(client):
    organiser = UserFactory()
    event = EventFactory(organisation=OrganisationFactory(members=[organiser]))
    registration = RegistrationFactory(
        event=event, user__first_name="Camille", user__last_name="Martin"
    )
    client.force_login(organiser)
    response = client.get(reverse("events:registrants_export", args=[event.pk, "xlsx"]))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "nom",
        "adresse_electronique",
        "organisation",
        "etat",
        "inscrit_le",
        "present",
    )
    assert rows[1][:4] == ("Camille Martin", registration.user.email, None, "Confirmée")


def test_cancelling_from_the_signed_link_of_the_email(client, smtp_server):
    event = EventFactory(capacity=1, title="Atelier")
    mine = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, waiting=True)
    url = reverse("events:registration_cancel_link", args=[registration_token(mine, CANCEL)])
    page = client.get(url)
    assertContains(page, "Confirmer l’annulation")
    assert Registration.objects.get(pk=mine.pk).status == "confirmee"  # a GET changes nothing
    client.post(url)
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == ("annulee", "confirmee")
    assert [m.subject for m in smtp_server.received] == ["Une place s’est libérée : Atelier"]
    # A tampered link is refused, and changes nothing.
    forged = url.replace(registration_token(mine, CANCEL)[-4:], "AAAA")
    assert client.post(forged).status_code == 404
