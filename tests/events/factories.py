"""Events for the tests: an event with its sessions, registrations, a personal feed.

``EventFactory`` makes a published event (« programmé ») of the organisation it is given (or
a new one), in Village-N of the Nièvre, with one session on 15 June 2026 from 9:30 to 17:00
Paris time (7:30 to 15:00 UTC), 30 seats on the platform. ``sessions=[(start, end), …]``
gives other sessions (aware times); traits: ``proposed``, ``online`` (no place, a link),
``reserved`` (agents only), ``training``.
"""

from datetime import UTC, datetime

import factory
from factory.django import DjangoModelFactory

from territoires.events.enums import Audience, EventKind, EventStatus, RegistrationStatus
from territoires.events.models import CalendarFeed, Event, EventSession, Registration
from territoires.events.timezones import zone_for_commune
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.geo.factories import CommuneFactory

JUNE_START = datetime(2026, 6, 15, 7, 30, tzinfo=UTC)
JUNE_END = datetime(2026, 6, 15, 15, 0, tzinfo=UTC)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    class Params:
        proposed = factory.Trait(status=EventStatus.PROPOSED)
        online = factory.Trait(
            commune=None, venue="", address="", online_url="https://visio.exemple.fr/salle-1"
        )
        reserved = factory.Trait(audience=Audience.AGENTS)
        training = factory.Trait(kind=EventKind.TRAINING)

    title = factory.Sequence(lambda n: f"Rencontre {n}")
    kind = EventKind.WORKSHOP
    organisation = factory.SubFactory(OrganisationFactory)
    summary = "Une journée d’échanges entre collectivités."
    venue = "Salle des fêtes"
    address = "1 place de la Mairie"
    commune = factory.SubFactory(CommuneFactory)
    time_zone = factory.LazyAttribute(
        lambda event: zone_for_commune(event.commune.code if event.commune else None)
    )
    capacity = 30
    status = EventStatus.SCHEDULED
    starts_at = JUNE_START
    ends_at = JUNE_END

    @factory.post_generation
    def sessions(event, create, extracted, **kwargs):
        """One session from ``starts_at`` to ``ends_at``, or ``sessions=[(start, end), …]``
        (then the event's first start and last end follow them)."""
        rows = extracted or [(event.starts_at, event.ends_at)]
        for start, end in rows:
            EventSession.objects.create(event=event, starts_at=start, ends_at=end)
        if extracted:
            event.starts_at = min(start for start, _ in rows)
            event.ends_at = max(end for _, end in rows)
            event.save(update_fields=["starts_at", "ends_at"])


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    class Params:
        waiting = factory.Trait(status=RegistrationStatus.WAITING)
        cancelled = factory.Trait(status=RegistrationStatus.CANCELLED)

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = RegistrationStatus.CONFIRMED


class CalendarFeedFactory(DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)
