"""The published events as open data: a CSV / XLSX file with its Table Schema, listed in the
site's DCAT catalogue (``core.opendata``)."""

from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from territoires.core.opendata import (
    FORMATS,
    Field,
    dcat_dataset,
    download_response,
    table_schema,
)
from territoires.events.enums import Audience, EventKind, EventStatus, RegistrationMode
from territoires.events.models import Event

FIELDS = [
    Field(
        "identifiant",
        "Identifiant",
        "Numéro de l’événement sur la plateforme.",
        "integer",
        {"required": True, "unique": True},
    ),
    Field("titre", "Titre", "Titre de l’événement.", "string", {"required": True}),
    Field("type", "Type", "Type d’événement.", "string", {"enum": list(EventKind.values)}),
    Field(
        "etat",
        "État",
        "État de l’événement.",
        "string",
        {"enum": [EventStatus.SCHEDULED, EventStatus.RESCHEDULED, EventStatus.CANCELLED]},
    ),
    Field("organisateur", "Organisateur", "Organisation qui organise l’événement.", "string"),
    Field(
        "organisateur_siren",
        "SIREN de l’organisateur",
        "SIREN de l’organisation.",
        "string",
        {"pattern": "[0-9]{9}"},
    ),
    Field("debut", "Début", "Début de la première session (UTC, ISO 8601).", "datetime"),
    Field("fin", "Fin", "Fin de la dernière session (UTC, ISO 8601).", "datetime"),
    Field("fuseau_horaire", "Fuseau horaire", "Fuseau horaire du lieu (IANA).", "string"),
    Field(
        "commune_insee",
        "Code INSEE de la commune",
        "Commune du lieu ; vide en ligne.",
        "string",
        {"pattern": "[0-9AB]{5}"},
    ),
    Field("commune", "Commune", "Nom de la commune du lieu.", "string"),
    Field("en_ligne", "En ligne", "L’événement se suit en ligne.", "boolean"),
    Field(
        "public",
        "Public",
        "Ouvert à tous ou réservé aux agents.",
        "string",
        {"enum": list(Audience.values)},
    ),
    Field(
        "inscription",
        "Inscription",
        "Mode d’inscription.",
        "string",
        {"enum": list(RegistrationMode.values)},
    ),
    Field(
        "places",
        "Places",
        "Nombre de places (inscription sur la plateforme).",
        "integer",
        {"minimum": 1},
    ),
    Field(
        "thematiques",
        "Thématiques",
        "Codes des axes de l’observatoire, séparés par « | ».",
        "string",
    ),
    Field("url", "Page", "Adresse de la page de l’événement.", "string", {"format": "uri"}),
]
TITLE = "Agenda du réseau"
DESCRIPTION = (
    "Les événements publiés du réseau de la transformation numérique des collectivités : "
    "étapes de l’IntercoTOUR, Forum, formations, colloques, webinaires, ateliers."
)


def _published():
    return Event.objects.published().filter(is_demo=False)


def _rows(absolute: Callable[[str], str]) -> Iterator[list[Any]]:
    events = _published().select_related("organisation", "commune").order_by("starts_at", "pk")
    for event in events.iterator(chunk_size=2000):
        yield [
            event.pk,
            event.title,
            event.kind,
            event.status,
            event.organisation.name,
            event.organisation.siren,
            event.starts_at,
            event.ends_at,
            event.time_zone,
            event.commune.code if event.commune_id else None,
            event.commune.name if event.commune_id else None,
            event.is_online,
            event.audience,
            event.registration_mode,
            event.capacity,
            "|".join(event.themes),
            absolute(event.get_absolute_url()),
        ]


def schema() -> dict:
    return table_schema(
        name="evenements",
        title=TITLE,
        description=DESCRIPTION,
        fields=FIELDS,
        primary_key=["identifiant"],
    )


@require_GET
def events_download(request, extension: str):
    if extension not in FORMATS:
        raise Http404("Format inconnu.")
    return download_response(
        extension=extension,
        file_name="agenda-evenements",
        field_names=[field.name for field in FIELDS],
        rows=_rows(request.build_absolute_uri),
        notice=[TITLE, DESCRIPTION, "Licence Ouverte 2.0"],
        sheet="evenements",
    )


@require_GET
def events_schema(request):
    return JsonResponse(schema(), json_dumps_params={"ensure_ascii": False, "indent": 2})


def catalogue_source(absolute: Callable[[str], str]) -> list[dict]:
    """The agenda's dataset in the site's DCAT catalogue."""
    modified = _published().aggregate(latest=Max("created_at"))["latest"] or timezone.now()
    return [
        dcat_dataset(
            identifier="agenda-evenements",
            title=TITLE,
            description=DESCRIPTION,
            modified=modified.isoformat(),
            keywords=["agenda", "événements", "formation", "collectivités", settings.SITE_NAME],
            schema_url=absolute(reverse("events:opendata_schema")),
            download_urls={
                extension: absolute(reverse("events:opendata_download", args=[extension]))
                for extension in FORMATS
            },
        )
    ]
