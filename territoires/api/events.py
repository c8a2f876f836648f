"""API of the agenda: the published events, with the agenda page's filters."""

import re
from datetime import date, datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from pydantic import BeforeValidator

from territoires.api.errors import responses
from territoires.api.pagination import Page, PageFilters, paginated
from territoires.api.territories import PARENT_CODE_PATTERN
from territoires.events.enums import (
    Audience,
    EventKind,
    EventStatus,
    RegistrationMode,
)
from territoires.events.models import Event
from territoires.events.selectors import EventFilters, agenda_events, axis_names

router = Router(tags=["Agenda"])


def _iso_date_only(value):
    """A date as AAAA-MM-JJ only: pydantic would also take a number (days since 1970)."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("date au format AAAA-MM-JJ attendue")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]
# The codes of the observatory's axes, in the document as the values a theme takes.
Theme = Literal[tuple(axis_names())]


class EventOut(Schema):
    id: int = Field(description="Numéro de l’événement")
    title: str
    kind: EventKind = Field(description="Type d’événement")
    status: EventStatus = Field(description="programme, reporte ou annule")
    organiser: str = Field(description="Organisation organisatrice")
    summary: str
    starts_at: datetime = Field(description="Début de la première session (UTC)")
    ends_at: datetime = Field(description="Fin de la dernière session (UTC)")
    time_zone: str = Field(description="Fuseau horaire du lieu (IANA)")
    local_starts_at: str = Field(description="Début à l’heure du lieu (ISO 8601 avec décalage)")
    commune: str | None = Field(description="Code INSEE de la commune du lieu")
    departement: str | None = Field(description="Code du département du lieu")
    region: str | None = Field(description="Code de la région du lieu")
    online: bool = Field(description="L’événement se suit en ligne")
    audience: Audience
    registration_mode: RegistrationMode
    capacity: int | None = Field(description="Nombre de places (inscription sur la plateforme)")
    seats_left: int | None = Field(description="Places encore libres")
    themes: list[str] = Field(description="Codes des axes de l’observatoire")
    page_url: str = Field(description="Page de l’événement")
    ics_url: str = Field(description="L’événement au format iCalendar")

    @staticmethod
    def resolve_organiser(event: Event) -> str:
        return event.organisation.name

    @staticmethod
    def resolve_local_starts_at(event: Event) -> str:
        return event.local(event.starts_at).isoformat()

    @staticmethod
    def resolve_commune(event: Event) -> str | None:
        return event.commune.code if event.commune_id else None

    @staticmethod
    def resolve_departement(event: Event) -> str | None:
        return (
            event.commune.departement.code if event.commune and event.commune.departement else None
        )

    @staticmethod
    def resolve_region(event: Event) -> str | None:
        return event.commune.region.code if event.commune and event.commune.region else None

    @staticmethod
    def resolve_online(event: Event) -> bool:
        return event.is_online

    @staticmethod
    def resolve_seats_left(event: Event) -> int | None:
        if event.capacity is None:
            return None
        return max(event.capacity - event.confirmed_count, 0)

    @staticmethod
    def resolve_page_url(event: Event) -> str:
        return event.get_absolute_url()

    @staticmethod
    def resolve_ics_url(event: Event) -> str:
        return reverse("events:event_ics", args=[event.pk])


class EventPage(Page):
    results: list[EventOut]


class EventQuery(PageFilters):
    kind: EventKind | None = Field(None, description="Type d’événement")
    region: str = Field(
        "", max_length=3, pattern=PARENT_CODE_PATTERN, description="Code de la région"
    )
    departement: str = Field(
        "", max_length=3, pattern=PARENT_CODE_PATTERN, description="Code du département"
    )
    theme: Theme | None = Field(None, description="Code d’un axe de l’observatoire")
    start: IsoDate | None = Field(
        None, description="Événements en cours ou à venir à partir de ce jour (AAAA-MM-JJ)"
    )
    end: IsoDate | None = Field(
        None, description="Événements commencés au plus tard ce jour (AAAA-MM-JJ)"
    )
    online: bool | None = Field(None, description="true : en ligne ; false : sur place")


@router.get(
    "",
    response=responses(EventPage),
    url_name="event_list",
    summary="Les événements de l’agenda",
)
def event_list(request: HttpRequest, filters: Query[EventQuery]):
    """Événements publiés (programmés, reportés ou annulés), à venir par défaut, du plus proche
    au plus lointain ; les mêmes filtres que la page de l’agenda."""
    events = agenda_events(
        EventFilters(
            kind=filters.kind or "",
            region=filters.region.upper(),
            departement=filters.departement.upper(),
            theme=filters.theme or "",
            start=filters.start,
            end=filters.end,
            online=filters.online,
        )
    )
    return paginated(events, filters)
