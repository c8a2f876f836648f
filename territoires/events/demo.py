"""Demonstration events for ``make run``: every kind, past and upcoming, some full with a
waiting list, a past training with its attendance and survey answers. Everything is marked
``is_demo`` (the pages say « Données de démonstration ») and left out of the open data.

Written straight to the database, without the services: no e-mail leaves for people who do
not exist. Nothing is written when demo events are already there.
"""

import dataclasses
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from territoires.accounts.enums import OrganisationKind
from territoires.accounts.models import Organisation, User
from territoires.core.workflows import transition_log_initial
from territoires.events.enums import (
    Accessibility,
    Audience,
    EventKind,
    EventStatus,
    RegistrationMode,
    RegistrationStatus,
)
from territoires.events.models import (
    AttendanceSignature,
    Event,
    EventSession,
    Registration,
    SurveyResponse,
)
from territoires.events.timezones import zone_for_commune
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory

DEMO_TITLE_SUFFIX = " (démonstration)"
# Organisers: (name, kind, a SIREN no real body has: 9 digits starting with 000).
ORGANISERS = [
    ("Les Interconnectés", OrganisationKind.ASSOCIATION_ELUS, "000000101"),
    ("Mission Ecoter", OrganisationKind.AUTRE, "000000102"),
    ("France urbaine", OrganisationKind.ASSOCIATION_ELUS, "000000103"),
    ("Intercommunalités de France", OrganisationKind.ASSOCIATION_ELUS, "000000104"),
]
# Where events are held, best first (Lyon, Nevers, Basse-Terre, Saint-Denis de La Réunion,
# Rennes, Bordeaux, Mamoudzou, Paris); any current commune when none of them is imported.
PLACES = ["69123", "58194", "97105", "97411", "35238", "33063", "97611", "75056"]
PARTICIPANTS = 40


@dataclasses.dataclass(frozen=True)
class Demo:
    title: str
    kind: str
    days: int  # from today, at 9:00 local time
    hours: float = 7
    organiser: int = 0
    place: int | None = 0  # index in the places found; None: online only
    online: bool = False
    capacity: int | None = 40
    registered: int = 0
    waiting: int = 0
    status: str = EventStatus.SCHEDULED
    audience: str = Audience.PUBLIC
    themes: tuple[str, ...] = ()
    second_day: bool = False
    registration_mode: str = RegistrationMode.PLATFORM


EVENTS = [
    Demo(
        "Étape de l’IntercoTOUR en Bourgogne-Franche-Comté",
        EventKind.INTERCOTOUR,
        21,
        place=1,
        registered=25,
        themes=("LAB", "GOUV"),
    ),
    Demo(
        "Étape de l’IntercoTOUR en Guadeloupe",
        EventKind.INTERCOTOUR,
        35,
        place=2,
        capacity=10,
        registered=10,
        waiting=3,
        themes=("INCL",),
    ),
    Demo(
        "Forum des Interconnectés",
        EventKind.FORUM,
        60,
        place=0,
        capacity=900,
        registered=30,
        second_day=True,
        themes=("DATA", "TINT", "NRES"),
    ),
    Demo(
        "Piloter un projet de données ouvertes",
        EventKind.TRAINING,
        14,
        organiser=1,
        place=4,
        capacity=12,
        registered=12,
        waiting=2,
        audience=Audience.AGENTS,
        themes=("DATA",),
    ),
    Demo(
        "Cybersécurité : les premiers gestes",
        EventKind.TRAINING,
        28,
        organiser=1,
        online=True,
        place=None,
        capacity=30,
        registered=8,
        audience=Audience.AGENTS,
        themes=("CYBR",),
    ),
    Demo(
        "Colloque numérique responsable",
        EventKind.CONFERENCE,
        45,
        organiser=2,
        place=5,
        registration_mode=RegistrationMode.NONE,
        capacity=None,
        themes=("NRES",),
    ),
    Demo(
        "Webinaire : l’inclusion numérique en pratique",
        EventKind.WEBINAR,
        7,
        organiser=3,
        online=True,
        place=None,
        capacity=200,
        registered=15,
        themes=("INCL", "USAG"),
    ),
    Demo(
        "Atelier : la relation usagers avec FranceConnect",
        EventKind.WORKSHOP,
        10,
        place=3,
        capacity=20,
        registered=6,
        themes=("USAG", "EADM"),
    ),
    Demo(
        "Réunion de la commission Numérique",
        EventKind.COMMISSION,
        18,
        organiser=2,
        place=7,
        online=True,
        capacity=60,
        registered=4,
        audience=Audience.AGENTS,
    ),
    Demo(
        "Atelier archivage électronique",
        EventKind.WORKSHOP,
        40,
        organiser=3,
        place=6,
        capacity=15,
        registered=3,
        status=EventStatus.CANCELLED,
        themes=("ARCH",),
    ),
    Demo(
        "Webinaire marchés publics dématérialisés",
        EventKind.WEBINAR,
        50,
        organiser=3,
        online=True,
        place=None,
        capacity=100,
        registered=9,
        status=EventStatus.RESCHEDULED,
        themes=("ACHT",),
    ),
    # Past events.
    Demo(
        "Étape de l’IntercoTOUR en Bretagne",
        EventKind.INTERCOTOUR,
        -30,
        place=4,
        registered=20,
        themes=("LAB",),
    ),
    Demo(
        "RGPD : tenir son registre des traitements",
        EventKind.TRAINING,
        -20,
        organiser=1,
        place=1,
        capacity=12,
        registered=8,
        audience=Audience.AGENTS,
        themes=("RGPD",),
    ),
    Demo(
        "Webinaire : ouvrir ses données",
        EventKind.WEBINAR,
        -10,
        organiser=3,
        online=True,
        place=None,
        capacity=100,
        registered=12,
        themes=("DATA",),
    ),
]


def _places() -> list[Territory]:
    communes = Territory.objects.current().filter(kind=TerritoryKind.COMMUNE)
    found = {commune.code: commune for commune in communes.filter(code__in=PLACES)}
    places = [found[code] for code in PLACES if code in found]
    return places or list(communes.order_by("-population")[:3])


def _participants() -> list[User]:
    people = []
    for number in range(1, PARTICIPANTS + 1):
        person, _ = User.objects.get_or_create(
            email=f"participant-{number}@demonstration.invalid",
            defaults={"first_name": "Participant", "last_name": f"n° {number} (démonstration)"},
        )
        people.append(person)
    return people


def _event(demo: Demo, organisations, places, today) -> Event:
    commune = places[demo.place % len(places)] if demo.place is not None and places else None
    zone = zone_for_commune(commune.code if commune else None)
    day = today + timedelta(days=demo.days)
    days = [day, day + timedelta(days=1)] if demo.second_day else [day]
    sessions = []
    for session_day in days:
        start = datetime.combine(session_day, time(9), tzinfo=ZoneInfo(zone))
        sessions.append((start, start + timedelta(hours=demo.hours)))
    event = Event.objects.create(
        title=demo.title + DEMO_TITLE_SUFFIX,
        kind=demo.kind,
        organisation=organisations[demo.organiser],
        summary="Événement de démonstration : il n’aura pas lieu.",
        description=(
            "**Programme**\n\n- accueil et présentation\n- retours d’expérience de "
            "collectivités\n- ateliers en petits groupes"
        ),
        themes=list(demo.themes),
        venue="Hôtel de ville" if commune else "",
        address="Place de la Mairie" if commune else "",
        commune=commune,
        online_url="https://visio.demonstration.invalid/salle"
        if demo.online or not commune
        else "",
        time_zone=zone,
        accessibility=[Accessibility.PHYSICAL, Accessibility.AUDITORY] if commune else [],
        registration_mode=demo.registration_mode,
        capacity=demo.capacity,
        audience=demo.audience,
        status=demo.status,
        starts_at=sessions[0][0],
        ends_at=sessions[-1][1],
        is_demo=True,
    )
    EventSession.objects.bulk_create(
        EventSession(event=event, starts_at=start, ends_at=end) for start, end in sessions
    )
    if demo.kind == EventKind.INTERCOTOUR and commune and commune.region_id:
        event.regions.add(commune.region_id)
    transition_log_initial(obj=event, actor=None, comment="Données de démonstration")
    return event


def _registrations(event: Event, demo: Demo, people: list[User]) -> list[Registration]:
    past = event.ends_at < timezone.now()
    rows = [
        Registration(
            event=event,
            user=person,
            status=RegistrationStatus.CONFIRMED
            if rank < demo.registered
            else RegistrationStatus.WAITING,
            created_at=event.starts_at - timedelta(days=30) + timedelta(hours=rank),
            attended=(rank % 5 != 0) if past else None,
        )
        for rank, person in enumerate(people[: demo.registered + demo.waiting])
    ]
    return Registration.objects.bulk_create(rows)


def _training_records(event: Event, registrations: list[Registration]) -> None:
    """A past training: its sheets signed and its survey answered by those present."""
    present = [registration for registration in registrations if registration.attended]
    day = event.local(event.starts_at).date()
    AttendanceSignature.objects.bulk_create(
        AttendanceSignature(registration=registration, day=day, half_day=half_day,
                            signature="M10 40L60 10L110 40")
        for registration in present
        for half_day in ("matin", "apres-midi")
    )  # fmt: skip
    for rank, registration in enumerate(present):
        registration.survey_sent_at = event.ends_at
        registration.save(update_fields=["survey_sent_at"])
        SurveyResponse.objects.create(
            registration=registration,
            satisfaction=5 - rank % 3,
            usefulness=4 - rank % 2,
            comment="Des exemples concrets, merci." if rank % 3 == 0 else "",
        )


def demo_events_create() -> int:
    """Write the demo events (none when there are some already); how many were written."""
    if Event.objects.filter(is_demo=True).exists():
        return 0
    today = timezone.localdate()
    with transaction.atomic():
        organisations = [
            Organisation.objects.get_or_create(
                siren=siren, defaults={"name": name + DEMO_TITLE_SUFFIX, "kind": kind}
            )[0]
            for name, kind, siren in ORGANISERS
        ]
        places, people = _places(), _participants()
        for demo in EVENTS:
            event = _event(demo, organisations, places, today)
            registrations = _registrations(event, demo, people)
            if demo.kind == EventKind.TRAINING and demo.days < 0:
                _training_records(event, registrations)
    return len(EVENTS)
