"""Registration: seats then a waiting list in order, promotion on cancellation, refusals in
French with nothing changed, and the e-mails read back from the tests' SMTP server with
their ``.ics`` parsed by an independent parser."""

from datetime import UTC, datetime, timedelta

import pytest

from territoires.core.errors import BusinessError
from territoires.events import services
from territoires.events.enums import Audience, RegistrationStatus
from territoires.events.models import Registration
from tests.accounts.factories import IdentityFactory, OrganisationFactory, UserFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.events.ics import attached_calendar


def _by_subject(smtp_server, to: str) -> list[str]:
    return [message.subject for message in smtp_server.received if message.to == to]


def test_seats_then_the_waiting_list_then_promotion_in_order(smtp_server):
    event = EventFactory(capacity=2, title="Atelier cybersécurité")
    first, second, third, fourth = UserFactory.create_batch(4)
    statuses = [
        services.registration_create(actor=user, event=event).status
        for user in (first, second, third, fourth)
    ]
    assert statuses == ["confirmee", "confirmee", "attente", "attente"]

    services.registration_cancel(actor=second, registration=Registration.objects.get(user=second))
    by_user = {r.user_id: r.status for r in Registration.objects.all()}
    # The first on the waiting list takes the seat; the fourth still waits.
    assert by_user == {
        first.pk: "confirmee",
        second.pk: "annulee",
        third.pk: "confirmee",
        fourth.pk: "attente",
    }
    assert _by_subject(smtp_server, first.email) == [
        "Inscription confirmée : Atelier cybersécurité"
    ]
    assert _by_subject(smtp_server, third.email) == [
        "Liste d’attente : Atelier cybersécurité",
        "Une place s’est libérée : Atelier cybersécurité",
    ]
    promoted = [m for m in smtp_server.received if m.to == third.email][1]
    [entry] = attached_calendar(promoted).walk("VEVENT")
    assert entry.decoded("dtstart") == datetime(2026, 6, 15, 7, 30, tzinfo=UTC)
    assert str(entry["summary"]) == "Atelier cybersécurité"
    assert "Libérez votre place : http" in promoted.body
    waiting = next(m for m in smtp_server.received if m.to == third.email)
    assert attached_calendar(waiting) is None


def test_the_confirmation_carries_the_event_and_the_link_for_registrants_only(smtp_server):
    event = EventFactory(online=True, title="Webinaire RGPD")
    user = UserFactory()
    services.registration_create(actor=user, event=event)
    [message] = smtp_server.received
    assert message.to == user.email
    assert "Lien de connexion : https://visio.exemple.fr/salle-1" in message.body
    # 7:30 UTC is 9:30 in Paris in June (summer time).
    assert "le lundi 15 juin 2026 de 09h30 à 17h00" in message.body
    calendar = attached_calendar(message)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["location"]) == "En ligne"
    assert entry.decoded("dtend") == datetime(2026, 6, 15, 15, tzinfo=UTC)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("event_fields", "message"),
    [
        ({"status": "annule"}, "Cet événement est annulé : il ne prend plus d’inscription."),
        (
            {"registration_closes_at": datetime(2026, 5, 31, tzinfo=UTC)},
            "Les inscriptions sont closes.",
        ),
        (
            {"registration_opens_at": datetime(2026, 6, 2, 7, tzinfo=UTC)},
            "Les inscriptions ouvrent le 02/06/2026 à 09:00.",
        ),
        ({"registration_mode": "aucune"}, "Cet événement ne prend pas d’inscription"),
        ({"status": "propose"}, "Cet événement n’est pas publié."),
    ],
)
def test_registration_refusals(event_fields, message):
    event = EventFactory(**event_fields)
    with pytest.raises(BusinessError) as refusal:
        services.registration_create(actor=UserFactory(), event=event)
    assert refusal.value.message.startswith(message)
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_an_ended_event_takes_no_registration():
    event = EventFactory(
        starts_at=datetime(2026, 5, 1, 8, tzinfo=UTC), ends_at=datetime(2026, 5, 1, 10, tzinfo=UTC)
    )
    with pytest.raises(BusinessError, match="Cet événement est terminé"):
        services.registration_create(actor=UserFactory(), event=event)
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_registering_twice_is_refused():
    registration = RegistrationFactory()
    with pytest.raises(BusinessError) as refusal:
        services.registration_create(actor=registration.user, event=registration.event)
    assert (refusal.value.message, refusal.value.status) == (
        "Vous êtes déjà inscrit à cet événement.",
        409,
    )
    assert Registration.objects.count() == 1
    # After cancelling, one may register again.
    services.registration_cancel(actor=registration.user, registration=registration)
    again = services.registration_create(actor=registration.user, event=registration.event)
    assert again.status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
def test_a_reserved_event_refuses_citizens_and_takes_agents():
    event = EventFactory(audience=Audience.AGENTS)
    citizen = IdentityFactory(franceconnect=True).user
    with pytest.raises(BusinessError) as refusal:
        services.registration_create(actor=citizen, event=event)
    assert refusal.value.status == 403
    assert "réservé aux agents" in refusal.value.message
    assert not Registration.objects.exists()
    agent = IdentityFactory(proconnect=True).user
    assert services.registration_create(actor=agent, event=event).status == "confirmee"


@pytest.mark.django_db
def test_one_registers_for_one_of_ones_own_organisations():
    user = UserFactory()
    mine, other = OrganisationFactory(members=[user]), OrganisationFactory()
    event = EventFactory()
    with pytest.raises(BusinessError, match="dont vous êtes membre"):
        services.registration_create(actor=user, event=event, organisation=other)
    assert not Registration.objects.exists()
    registration = services.registration_create(actor=user, event=event, organisation=mine)
    assert registration.organisation == mine


@pytest.mark.django_db
def test_nobody_cancels_another_persons_registration():
    registration = RegistrationFactory()
    with pytest.raises(BusinessError) as refusal:
        services.registration_cancel(actor=UserFactory(), registration=registration)
    assert refusal.value.status == 403
    registration.refresh_from_db()
    assert registration.status == "confirmee"


def test_rescheduling_and_cancelling_tell_every_registrant(smtp_server):
    event = EventFactory(capacity=1, title="Forum")
    confirmed, waiting = (
        RegistrationFactory(event=event),
        RegistrationFactory(event=event, waiting=True),
    )
    staff = UserFactory(staff=True)
    new_start = datetime(2026, 10, 27, 8, tzinfo=UTC)  # 9:00 in Paris, winter time
    services.event_reschedule(
        actor=staff, event=event, sessions=[(new_start, new_start + timedelta(hours=8))]
    )
    services.event_cancel(actor=staff, event=event, reason="")
    for registration in (confirmed, waiting):
        messages = [m for m in smtp_server.received if m.to == registration.user.email]
        assert [m.subject for m in messages] == [
            "Nouvelles dates : Forum",
            "Événement annulé : Forum",
        ]
        rescheduled, cancelled = (attached_calendar(m).walk("VEVENT")[0] for m in messages)
        assert rescheduled.decoded("dtstart") == new_start
        assert (int(rescheduled["sequence"]), str(rescheduled["status"])) == (1, "CONFIRMED")
        assert (int(cancelled["sequence"]), str(cancelled["status"])) == (2, "CANCELLED")
        # The same UID: the calendar replaces its copy.
        assert str(rescheduled["uid"]) == str(cancelled["uid"])
    assert "le mardi 27 octobre 2026 de 09h00 à 17h00" in messages[0].body


def test_the_proposer_is_told_the_staffs_decision(smtp_server):
    proposer = UserFactory()
    organisation = OrganisationFactory(members=[proposer])
    staff = UserFactory(staff=True)
    published = EventFactory(
        organisation=organisation, created_by=proposer, proposed=True, title="Atelier A"
    )
    refused = EventFactory(
        organisation=organisation, created_by=proposer, proposed=True, title="Atelier B"
    )
    services.event_publish(actor=staff, event=published)
    services.event_refuse(actor=staff, event=refused, reason="Déjà au programme du Forum.")
    first, second = smtp_server.received
    assert (first.to, first.subject) == (proposer.email, "Événement publié : Atelier A")
    assert (second.to, second.subject) == (proposer.email, "Événement non publié : Atelier B")
    assert "pour le motif suivant :\n\nDéjà au programme du Forum." in second.body
