"""The contributions of closed debates as open data: one CSV (or XLSX) for every debate of
France, with its Table Schema, in the site's DCAT catalogue (``core.opendata``).

Nothing personal: no pseudonym, no name, no account; only the text as published, the
question it answers, the thread it belongs to, its supports and the collectivité's answer.
Contributions hidden by the moderators are left out.
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from territoires.core.opendata import FORMATS, Field, dcat_dataset, download_response, table_schema
from territoires.debates.enums import ContributionKind, ContributionStatus, DebateStatus, Subject
from territoires.debates.models import Contribution, DebateTransition

CLOSED_STATUSES = (DebateStatus.CLOSED, DebateStatus.SYNTHESIS)
NAME = "debats-contributions"
TITLE = "Contributions aux débats locaux clos"
DESCRIPTION = (
    "Une ligne par contribution publiée dans un débat local clos, sans aucune donnée "
    "personnelle : ni pseudonyme ni nom de son auteur. Les contributions masquées par la "
    "modération n’y figurent pas. Une réponse dans un fil renvoie à la contribution qui l’ouvre."
)

FIELDS = [
    Field(
        "debat", "Débat", "Identifiant du débat sur la plateforme.", "integer", {"required": True}
    ),
    Field("titre_debat", "Titre du débat", "Titre du débat.", "string", {"required": True}),
    Field(
        "sujet",
        "Sujet",
        "Sujet du débat : " + ", ".join(f"{s.value} ({s.label})" for s in Subject) + ".",
        "string",
        {"required": True, "enum": list(Subject.values)},
    ),
    Field("collectivite", "Collectivité", "Collectivité qui a ouvert le débat.", "string"),
    Field("type_territoire", "Type de territoire", "commune, epci, departement…", "string"),
    Field(
        "code_territoire",
        "Code du territoire",
        "Code INSEE, ou SIREN pour un EPCI.",
        "string",
        {"required": True},
    ),
    Field("code_departement", "Code du département", "Vide s’il n’y en a pas un seul.", "string"),
    Field("code_region", "Code de la région", "Région du territoire.", "string"),
    Field(
        "contribution",
        "Contribution",
        "Identifiant de la contribution.",
        "integer",
        {"required": True},
    ),
    Field(
        "nature",
        "Nature",
        "reponse (à une question), idee ou commentaire (réponse dans un fil).",
        "string",
        {"required": True, "enum": list(ContributionKind.values)},
    ),
    Field("fil", "Fil", "Contribution qui ouvre le fil d’un commentaire.", "integer"),
    Field("rang_question", "Rang de la question", "De 1 à 5 ; vide pour une idée.", "integer"),
    Field("question", "Question", "Texte de la question posée.", "string"),
    Field("texte", "Texte", "Texte de la contribution (Markdown).", "string", {"required": True}),
    Field("soutiens", "Soutiens", "Nombre de soutiens.", "integer", {"minimum": 0}),
    Field("date", "Date", "Date de publication.", "date", {"required": True}),
    Field("reponse_collectivite", "Réponse de la collectivité", "Vide sans réponse.", "string"),
    Field(
        "donnees_de_demonstration",
        "Données de démonstration",
        "Vrai pour un débat fictif de démonstration.",
        "boolean",
        {"required": True},
    ),
]


def published_contributions():
    return Contribution.objects.filter(
        debate__status__in=CLOSED_STATUSES, status=ContributionStatus.VISIBLE
    ).order_by("debate_id", "pk")


def rows() -> Iterator[list[Any]]:
    values = published_contributions().values_list(
        "debate_id",
        "debate__title",
        "debate__subject",
        "debate__organisation__name",
        "debate__territory__kind",
        "debate__territory__code",
        "debate__departement_code",
        "debate__region_code",
        "pk",
        "kind",
        "parent_id",
        "question__position",
        "question__text",
        "text",
        "support_count",
        "created_at",
        "answer",
        "debate__is_demo",
    )
    for row in values.iterator(chunk_size=2000):
        *before, created_at, answer, is_demo = row
        yield [
            *(value if value != "" else None for value in before),
            timezone.localtime(created_at).date(),
            answer or None,
            is_demo,
        ]


def schema_document() -> dict:
    return table_schema(
        name=NAME, title=TITLE, description=DESCRIPTION, fields=FIELDS, primary_key=["contribution"]
    )


def download(extension: str):
    """The file of the dataset as ``extension`` (a key of ``FORMATS``)."""
    return download_response(
        extension=extension,
        file_name=f"{NAME}.{extension}",
        field_names=[field.name for field in FIELDS],
        rows=rows(),
        notice=[TITLE, DESCRIPTION, f"Schéma : {reverse('debates:opendata_schema')}"],
        sheet="contributions",
    )


def catalogue_source(absolute: Callable[[str], str]) -> list[dict[str, Any]]:
    """The dataset in the site's DCAT catalogue, once a debate is closed."""
    closed = DebateTransition.objects.filter(to_status__in=CLOSED_STATUSES).aggregate(
        last=Max("created_at")
    )["last"]
    if closed is None:
        return []
    return [
        dcat_dataset(
            identifier=NAME,
            title=TITLE,
            description=DESCRIPTION,
            modified=closed.isoformat(),
            keywords=["débat public", "participation citoyenne", "collectivités territoriales"],
            schema_url=absolute(reverse("debates:opendata_schema")),
            download_urls={
                extension: absolute(reverse("debates:opendata_download", args=[extension]))
                for extension in FORMATS
            },
        )
    ]
