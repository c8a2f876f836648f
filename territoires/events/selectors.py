"""Reads of the agenda: the events a visitor sees, their calendar entries, registrants."""

import dataclasses
from collections import defaultdict
from datetime import date, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max, Min, QuerySet
from django.urls import reverse
from django.utils import timezone

from territoires.events.enums import EventKind, EventStatus, RegistrationStatus
from territoires.events.ical import CalendarEntry, calendar_text
from territoires.events.models import Event, EventSession, Registration
from territoires.observatory.framework import available_editions, get_framework


def axis_names() -> dict[str, str]:
    """The observatory's axes (of its latest framework), code -> name: an event's themes."""
    framework = get_framework(available_editions()[0])
    return {axis.code: axis.name for axis in framework.axes}


@dataclasses.dataclass(frozen=True)
class EventFilters:
    """The agenda's filters (the page, the feeds and the API read the same ones)."""

    kind: str = ""
    region: str = ""  # INSEE code of a région
    departement: str = ""  # INSEE code of a département
    theme: str = ""  # code of an observatory axis
    start: date | None = None  # held on or after this day
    end: date | None = None  # held on or before this day
    online: bool | None = None  # True: online only; False: in person only


def events_filter(events: QuerySet[Event], filters: EventFilters) -> QuerySet[Event]:
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.region:
        events = events.filter(commune__region__code=filters.region)
    if filters.departement:
        events = events.filter(commune__departement__code=filters.departement)
    if filters.theme:
        # JSON containment is not on SQLite: the codes are stored as a JSON list of strings,
        # so a quoted code is found in its text.
        events = events.filter(themes__icontains=f'"{filters.theme}"')
    tz = timezone.get_default_timezone()
    if filters.start:
        events = events.filter(
            ends_at__gte=datetime.combine(filters.start, datetime.min.time(), tzinfo=tz)
        )
    if filters.end:
        events = events.filter(
            starts_at__lte=datetime.combine(filters.end, datetime.max.time(), tzinfo=tz)
        )
    if filters.online is True:
        events = events.exclude(online_url="")
    elif filters.online is False:
        events = events.filter(commune__isnull=False)
    return events


def agenda_events(filters: EventFilters, *, past: bool = False) -> QuerySet[Event]:
    """Published events matching ``filters``, with their place, ready to list: those to come
    from the nearest (unless the filters give dates), or with ``past`` those over, the latest
    first."""
    events = Event.objects.published()
    if past:
        events, order = events.past(), ("-starts_at", "-pk")
    else:
        events, order = events if filters.start else events.upcoming(), ("starts_at", "pk")
    return (
        events_filter(events, filters)
        .select_related("commune", "commune__departement", "commune__region", "organisation")
        .with_counts()
        .order_by(*order)
    )


def calendar_bounds() -> tuple[date, date] | None:
    """The first and last months with a published event (the calendar goes no further)."""
    bounds = Event.objects.published().aggregate(first=Min("starts_at"), last=Max("ends_at"))
    if bounds["first"] is None:
        return None
    return (
        timezone.localtime(bounds["first"]).date().replace(day=1),
        timezone.localtime(bounds["last"]).date().replace(day=1),
    )


def events_in_month(year: int, month: int) -> QuerySet[Event]:
    """Published events held (in part) in the month, in Paris time."""
    first = date(year, month, 1)
    last = date(year + (month == 12), month % 12 + 1, 1)
    tz = timezone.get_default_timezone()
    return (
        Event.objects.published()
        .filter(
            starts_at__lt=datetime.combine(last, datetime.min.time(), tzinfo=tz),
            ends_at__gte=datetime.combine(first, datetime.min.time(), tzinfo=tz),
        )
        .prefetch_related("sessions")
        .order_by("starts_at", "pk")
    )


def event_location(event: Event) -> str:
    """The place in one line: venue, address, commune (and « en ligne »)."""
    commune = event.commune.name if event.commune_id else ""
    return _place_line(event.venue, event.address, commune, online=event.is_online)


def _place_line(venue: str, address: str, commune: str, *, online: bool) -> str:
    place = ", ".join(part for part in (venue, address, commune) if part)
    if online:
        return f"{place} et en ligne" if place else "En ligne"
    return place


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _calendar_entries(event: dict, sessions: list, url: str, host: str) -> list[CalendarEntry]:
    """One iCalendar entry per session (``(start, end)`` pairs in order) of ``event`` (a row
    of :data:`CALENDAR_FIELDS`); its UID is stable across reschedulings (the event and the
    session's rank), its SEQUENCE the event's."""
    location = _place_line(
        event["venue"],
        event["address"],
        event["commune__name"] or "",
        online=bool(event["online_url"]),
    )
    kind = EventKind(event["kind"]).label
    title, count = event["title"], len(sessions)
    return [
        CalendarEntry(
            uid=f"evenement-{event['pk']}-{rank}@{host}",
            sequence=event["sequence"],
            starts_at=start,
            ends_at=end,
            summary=title if count == 1 else f"{title} ({rank}/{count})",
            description=f"{event['summary']}\n\n{url}",
            location=location,
            url=url,
            cancelled=event["status"] == EventStatus.CANCELLED,
            categories=(kind,),
        )
        for rank, (start, end) in enumerate(sessions, start=1)
    ]


CALENDAR_FIELDS = (
    "pk", "title", "kind", "summary", "venue", "address", "online_url", "status", "sequence",
    "commune__name",
)  # fmt: skip


def events_ics(events, *, name: str) -> str:
    """The iCalendar text of ``events``, each with its sessions: two queries of plain rows and
    one reversed URL for them all, so that a feed of a thousand events stays fast."""
    rows = list(events.values(*CALENDAR_FIELDS))
    sessions = defaultdict(list)
    session_rows = EventSession.objects.filter(event__in=[row["pk"] for row in rows])
    for event_id, start, end in session_rows.order_by("starts_at", "pk").values_list(
        "event_id", "starts_at", "ends_at"
    ):
        sessions[event_id].append((start, end))
    # The address of an event's page, reversed once: "/agenda/evenements/0/" for every pk.
    page = _absolute(reverse("events:detail", kwargs={"pk": 0})).removesuffix("0/") + "{}/"
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    entries = [
        entry
        for row in rows
        for entry in _calendar_entries(row, sessions[row["pk"]], page.format(row["pk"]), host)
    ]
    return calendar_text(entries, name=name, now=timezone.now())


def user_registrations(user) -> QuerySet[Registration]:
    """A person's registrations, the next events first, then the past ones."""
    return (
        Registration.objects.filter(user=user)
        .select_related("event", "event__commune")
        .order_by("-event__starts_at", "-pk")
    )


def event_registrants(event: Event) -> QuerySet[Registration]:
    """The event's registrations (confirmed, then the waiting list in order, then cancelled),
    for its organiser."""
    rank = {RegistrationStatus.CONFIRMED: 0, RegistrationStatus.WAITING: 1}
    registrations = event.registrations.select_related("user", "organisation")
    return sorted(
        registrations,
        key=lambda registration: (rank.get(registration.status, 2), registration.created_at),
    )


def upcoming_events(*, limit: int, kinds=None, themes=(), territory=None) -> list[Event]:
    """The next published events that are not cancelled (the home page, a territory's page,
    a weak axis)."""
    events = Event.objects.published().exclude(status="annule").upcoming()
    if kinds:
        events = events.filter(kind__in=kinds)
    if territory is not None:
        events = events.held_in(territory)
    events = events.select_related("commune").order_by("starts_at", "pk")
    if not themes:
        return list(events[:limit])
    wanted = set(themes)
    # Filter on the themes in Python: a JSON list; few upcoming events anyway.
    return [event for event in events if wanted & set(event.themes)][:limit]


def user_registrations_export(user) -> list[dict]:
    """What the agenda holds about a person, for their RGPD download."""
    return [
        {
            "evenement": registration.event.title,
            "debut": registration.event.starts_at.isoformat(),
            "etat": registration.get_status_display(),
            "organisation_representee": str(registration.organisation or ""),
            "inscrite_le": registration.created_at.isoformat(),
            "presence": registration.attended,
        }
        for registration in user_registrations(user).select_related("organisation")
    ]


SCHEMA_STATUS = {
    "programme": "https://schema.org/EventScheduled",
    "reporte": "https://schema.org/EventRescheduled",
    "annule": "https://schema.org/EventCancelled",
}


def event_jsonld(event: Event, *, confirmed_count: int) -> dict:
    """The event as schema.org ``Event`` (JSON-LD), for search engines and aggregators.

    The online link is never in it (registered people only): an online event's location is
    a ``VirtualLocation`` whose ``url`` is the event's page.
    """
    url = _absolute(event.get_absolute_url())
    physical = None
    if event.commune_id:
        physical = {
            "@type": "Place",
            "name": event.venue or event.commune.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.address,
                "addressLocality": event.commune.name,
                "postalCode": (event.commune.postal_codes or [""])[0],
                "addressRegion": event.commune.region.name if event.commune.region_id else "",
                "addressCountry": "FR",
            },
        }
    virtual = {"@type": "VirtualLocation", "url": url} if event.is_online else None
    locations = [place for place in (physical, virtual) if place]
    mode = (
        "MixedEventAttendanceMode"
        if physical and virtual
        else "OnlineEventAttendanceMode"
        if virtual
        else "OfflineEventAttendanceMode"
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": event.local(event.starts_at).isoformat(),
        "endDate": event.local(event.ends_at).isoformat(),
        "eventStatus": SCHEMA_STATUS.get(event.status, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {"@type": "Organization", "name": event.organisation.name},
        "inLanguage": "fr",
    }
    if event.registration_mode != "aucune":
        full = event.capacity is not None and confirmed_count >= event.capacity
        offer = {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "url": event.external_url or url,
            "availability": "https://schema.org/"
            + ("SoldOut" if full or event.is_cancelled else "InStock"),
        }
        if event.registration_opens_at:
            offer["validFrom"] = event.local(event.registration_opens_at).isoformat()
        if event.registration_closes_at:
            offer["validThrough"] = event.local(event.registration_closes_at).isoformat()
        data["offers"] = offer
    return data
