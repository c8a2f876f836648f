"""The life of an event: proposed by a member organisation, published or refused by the staff,
published directly by the staff, rescheduled and cancelled with its page kept; every bad
input refused in French with nothing changed; times in the place's own zone."""

from datetime import UTC, datetime

import pytest

from territoires.core.errors import BusinessError
from territoires.events import services
from territoires.events.enums import EventKind, EventStatus
from territoires.events.models import Event, EventSession
from territoires.events.services import EventData
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.geo.factories import CommuneFactory, RegionFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

START = datetime(2026, 6, 20, 7, 30, tzinfo=UTC)
END = datetime(2026, 6, 20, 15, 0, tzinfo=UTC)


def _data(**changes) -> EventData:
    values = {
        "title": "Atelier données ouvertes",
        "kind": EventKind.WORKSHOP,
        "summary": "Publier ses données.",
        "sessions": [(START, END)],
        "venue": "Mairie",
        "address": "1 place de la Mairie",
        "commune_code": "58900",
        "capacity": 20,
        "themes": ["DATA"],
    }
    values.update(changes)
    return EventData(**values)


@pytest.fixture
def member():
    user = UserFactory()
    organisation = OrganisationFactory(members=[user])
    CommuneFactory()  # Village-0, 58900
    return user, organisation


def test_a_member_proposes_then_staff_publishes(member):
    user, organisation = member
    event = services.event_create(actor=user, organisation=organisation, data=_data())
    assert event.status == EventStatus.PROPOSED
    assert (event.starts_at, event.ends_at) == (START, END)
    assert event.time_zone == "Europe/Paris"
    assert event.commune.code == "58900"
    assert not Event.objects.published().exists()

    staff = UserFactory(staff=True)
    services.event_publish(actor=staff, event=event)
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED
    assert list(Event.objects.published()) == [event]
    assert [(row.from_status, row.to_status) for row in event.transitions.all()] == [
        ("", "propose"),
        ("propose", "programme"),
    ]


def test_staff_events_are_published_directly(member):
    _, organisation = member
    staff = UserFactory(staff=True)
    event = services.event_create(actor=staff, organisation=organisation, data=_data())
    assert event.status == EventStatus.SCHEDULED
    assert event.transitions.get().comment == "Publié directement par l’équipe du réseau."


def test_a_refusal_needs_a_reason_and_is_kept(member):
    user, organisation = member
    event = services.event_create(actor=user, organisation=organisation, data=_data())
    staff = UserFactory(staff=True)
    with pytest.raises(BusinessError, match="motif du refus"):
        services.event_refuse(actor=staff, event=event, reason="  ")
    services.event_refuse(actor=staff, event=event, reason="Hors du champ du réseau.")
    event.refresh_from_db()
    assert event.status == EventStatus.REFUSED
    assert event.transitions.last().comment == "Hors du champ du réseau."


def test_only_staff_publishes_and_only_members_propose(member):
    user, organisation = member
    event = services.event_create(actor=user, organisation=organisation, data=_data())
    with pytest.raises(BusinessError) as refusal:
        services.event_publish(actor=user, event=event)
    assert refusal.value.status == 403
    outsider = UserFactory()
    with pytest.raises(BusinessError, match="membres de l’organisation"):
        services.event_create(actor=outsider, organisation=organisation, data=_data())
    assert Event.objects.count() == 1
    assert Event.objects.get().status == EventStatus.PROPOSED


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sessions": [(END, START)]}, "sessions", "La fin d’une session doit suivre son début."),
        (
            {"registration_closes_at": datetime(2026, 6, 21, tzinfo=UTC)},
            "registration_closes_at",
            "La clôture des inscriptions ne peut pas suivre la fin de l’événement.",
        ),
        ({"capacity": 0}, "capacity", "Le nombre de places doit être d’au moins 1."),
        ({"capacity": -3}, "capacity", "Le nombre de places doit être d’au moins 1."),
        (
            {"commune_code": "99999"},
            "commune_code",
            "Aucune commune de ce code dans le référentiel.",
        ),
        ({"themes": ["XYZ"]}, "themes", "Thématique inconnue de l’observatoire : XYZ."),
        ({"region_codes": ["27"]}, "region_codes", "Seule une étape de l’IntercoTOUR"),
        ({"commune_code": "", "online_url": ""}, "commune_code", "Indiquez la commune du lieu"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(member, changes, field, message):
    user, organisation = member
    RegionFactory()
    with pytest.raises(BusinessError) as refusal:
        services.event_create(actor=user, organisation=organisation, data=_data(**changes))
    assert refusal.value.errors[field][0].startswith(message)
    assert not Event.objects.exists()
    assert not EventSession.objects.exists()


def test_an_intercotour_stage_is_linked_to_its_regions(member):
    user, organisation = member
    region = RegionFactory()
    event = services.event_create(
        actor=user,
        organisation=organisation,
        data=_data(kind=EventKind.INTERCOTOUR, region_codes=["27"]),
    )
    assert list(event.regions.all()) == [region]


def test_an_overseas_event_is_in_its_own_zone(member):
    user, organisation = member
    TerritoryFactory(code="97411", name="Saint-Denis")
    # 9:00 in La Réunion (UTC+4, no summer time) is 5:00 UTC and 7:00 in Paris in June.
    start, end = datetime(2026, 6, 20, 5, tzinfo=UTC), datetime(2026, 6, 20, 8, tzinfo=UTC)
    event = services.event_create(
        actor=user,
        organisation=organisation,
        data=_data(commune_code="97411", sessions=[(start, end)]),
    )
    assert event.time_zone == "Indian/Reunion"
    [row] = event.wall_times()
    assert (row["start"], row["end"]) == (datetime(2026, 6, 20, 9), datetime(2026, 6, 20, 12))
    assert (row["paris_start"], row["paris_end"]) == (
        datetime(2026, 6, 20, 7),
        datetime(2026, 6, 20, 10),
    )


def test_cancelling_keeps_the_page_and_a_published_event_stays(member):
    _, organisation = member
    event = EventFactory(organisation=organisation)
    staff = UserFactory(staff=True)
    services.event_cancel(actor=staff, event=event, reason="Intempéries")
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert list(Event.objects.published()) == [event]
    assert event.sequence == 1
    with pytest.raises(BusinessError) as refusal:
        services.event_cancel(actor=staff, event=event)
    assert refusal.value.status == 409


def test_rescheduling_moves_the_sessions_in_place(member):
    user, organisation = member
    event = EventFactory(organisation=organisation)
    session = event.sessions.get()
    registration = RegistrationFactory(event=event)
    new_start, new_end = datetime(2026, 9, 10, 7, tzinfo=UTC), datetime(2026, 9, 10, 9, tzinfo=UTC)
    services.event_reschedule(
        actor=user, event=event, sessions=[(new_start, new_end)], comment="Salle indisponible"
    )
    event.refresh_from_db()
    assert event.status == EventStatus.RESCHEDULED
    assert (event.starts_at, event.ends_at, event.sequence) == (new_start, new_end, 1)
    # The same session row (its calendar UID stays), the registration kept.
    assert list(event.sessions.values_list("pk", "starts_at")) == [(session.pk, new_start)]
    registration.refresh_from_db()
    assert registration.status == "confirmee"


def test_a_published_event_changes_dates_only_by_rescheduling(member):
    user, organisation = member
    event = EventFactory(organisation=organisation)
    with pytest.raises(BusinessError, match="reportez-le"):
        services.event_update(actor=user, event=event, data=_data(commune_code=event.commune.code))
    event.refresh_from_db()
    assert event.title.startswith("Rencontre")


def test_capacity_cannot_fall_below_the_confirmed_seats(member):
    user, organisation = member
    event = EventFactory(organisation=organisation, capacity=3)
    RegistrationFactory.create_batch(2, event=event)
    data = _data(
        sessions=[(event.starts_at, event.ends_at)], capacity=1, commune_code=event.commune.code
    )
    with pytest.raises(BusinessError, match=r"inscrits confirmés \(2\)"):
        services.event_update(actor=user, event=event, data=data)
    event.refresh_from_db()
    assert event.capacity == 3
