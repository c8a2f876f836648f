"""The labels' open data: the applications whose collectivité agreed to their publication,
and the laureates, each with its Table Schema, as CSV and XLSX, in the site's DCAT catalogue.

Only what is public anyway once the call has closed: an application appears when its
collectivité agreed to publish it and its edition is past its call; a draft or a withdrawn
application never does. The laureates are those of the published palmarès.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from territoires.awards.enums import ApplicationStatus, AwardKind, EditionStatus
from territoires.awards.models import Application, ApplicationTransition
from territoires.core.opendata import (
    FORMATS,
    LICENCE_NAME,
    Field,
    dcat_dataset,
    download_response,
    table_schema,
)

PUBLIC_STATES = (
    ApplicationStatus.ASSIGNED,
    ApplicationStatus.FINALIST,
    ApplicationStatus.NOT_SELECTED,
    ApplicationStatus.LAUREATE,
)
COMMON_FIELDS = [
    Field("edition", "Édition", "Année de l’édition des labels.", "integer", {"required": True}),
    Field(
        "donnees_de_demonstration",
        "Données de démonstration",
        "Vrai pour une édition synthétique, qui ne décrit aucun projet réel.",
        "boolean",
        {"required": True},
    ),
    Field("categorie", "Catégorie", "Catégorie du projet.", "string", {"required": True}),
    Field("titre", "Titre du projet", "Titre du projet.", "string", {"required": True}),
    Field(
        "collectivite",
        "Collectivité candidate",
        "Nom de la collectivité.",
        "string",
        {"required": True},
    ),
    Field(
        "siren",
        "SIREN",
        "SIREN de la collectivité candidate.",
        "string",
        {"required": True, "pattern": "[0-9]{9}"},
    ),
    Field(
        "co_candidates",
        "Collectivités co-candidates",
        "Noms des collectivités co-candidates, séparés par « | ».",
        "string",
    ),
    Field("resume", "Résumé", "Résumé du projet.", "string"),
]
STATUS_CODES = {
    ApplicationStatus.ASSIGNED: "en_examen",
    ApplicationStatus.FINALIST: "finaliste",
    ApplicationStatus.NOT_SELECTED: "non_retenue",
    ApplicationStatus.LAUREATE: "laureate",
}


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    fields: list[Field]
    rows: Callable[[], Iterable[list]]

    @property
    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]

    def schema(self) -> dict:
        return table_schema(
            name=f"labels-{self.slug}",
            title=self.title,
            description=self.description,
            fields=self.fields,
            primary_key=("edition", "siren", "titre"),
        )


def _common(application: Application) -> list:
    return [
        application.edition.year,
        application.edition.is_demo,
        application.category.name,
        application.title,
        application.organisation.name,
        application.organisation.siren,
        "|".join(other.name for other in application.co_applicants.all()),
        application.summary,
    ]


def _base():
    return (
        Application.objects.select_related("edition", "category", "organisation")
        .prefetch_related("co_applicants")
        .order_by("edition__year", "category__order", "title", "pk")
    )


def published_applications():
    return _base().filter(
        agrees_to_publication=True,
        status__in=PUBLIC_STATES,
        edition__status__in=[EditionStatus.REVIEW, EditionStatus.FINAL, EditionStatus.PUBLISHED],
    )


def published_laureates():
    return _base().filter(
        status=ApplicationStatus.LAUREATE, edition__status=EditionStatus.PUBLISHED
    )


def _application_rows():
    for application in published_applications().iterator(chunk_size=500):
        status = application.status
        # Before the palmarès, a finalist's or laureate's fate is not public yet.
        if application.edition.status != EditionStatus.PUBLISHED and status == (
            ApplicationStatus.LAUREATE
        ):
            status = ApplicationStatus.FINALIST
        yield [
            *_common(application),
            application.get_budget_band_display() if application.budget_band else None,
            STATUS_CODES[status],
        ]


def _laureate_rows():
    for application in published_laureates().iterator(chunk_size=500):
        yield [*_common(application), application.award_kind, application.award_title or None]


DATASETS = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            "candidatures",
            "Labels Territoires Innovants — candidatures publiées",
            "Les candidatures aux Labels Territoires Innovants dont la collectivité a accepté "
            "la publication, une fois l’appel à candidatures clos.",
            [
                *COMMON_FIELDS,
                Field("budget", "Budget", "Tranche de budget du projet.", "string"),
                Field(
                    "etat",
                    "État",
                    "en_examen, finaliste, non_retenue ou laureate (après le palmarès).",
                    "string",
                    {"required": True, "enum": list(STATUS_CODES.values())},
                ),
            ],
            _application_rows,
        ),
        Dataset(
            "laureats",
            "Labels Territoires Innovants — lauréats",
            "Les projets distingués au palmarès de chaque édition des Labels Territoires "
            "Innovants : label ou mention du jury.",
            [
                *COMMON_FIELDS,
                Field(
                    "distinction",
                    "Distinction",
                    "label (Label Territoire Innovant) ou mention (mention du jury).",
                    "string",
                    {"required": True, "enum": list(AwardKind.values)},
                ),
                Field("intitule_mention", "Intitulé de la mention", "Pour une mention.", "string"),
            ],
            _laureate_rows,
        ),
    )
}


def dataset_response(dataset: Dataset, extension: str):
    return download_response(
        extension=extension,
        file_name=f"labels-{dataset.slug}.{extension}",
        field_names=dataset.field_names,
        rows=dataset.rows(),
        notice=[dataset.title, f"Licence : {LICENCE_NAME}", dataset.description],
    )


def _modified() -> str:
    last = ApplicationTransition.objects.aggregate(last=Max("created_at"))["last"]
    return (last or timezone.now()).isoformat()


def catalogue_source(absolute: Callable[[str], str]) -> list[dict]:
    """The labels' datasets for the site's DCAT catalogue (none before a call has closed)."""
    if not published_applications().exists():
        return []
    modified = _modified()
    return [
        dcat_dataset(
            identifier=f"labels-{dataset.slug}",
            title=dataset.title,
            description=dataset.description,
            modified=modified,
            keywords=["labels territoires innovants", "collectivités territoriales", "innovation"],
            schema_url=absolute(reverse("awards:schema", kwargs={"slug": dataset.slug})),
            download_urls={
                extension: absolute(
                    reverse("awards:dataset", kwargs={"slug": dataset.slug, "extension": extension})
                )
                for extension in FORMATS
            },
        )
        for dataset in DATASETS.values()
    ]
