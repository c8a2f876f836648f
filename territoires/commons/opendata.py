"""The catalogue's open data: the published communs and their public usages, each with its
Table Schema, as CSV and XLSX files listed in the site's DCAT catalogue (``core.opendata``).

Only what the pages show to everyone: published fiches, public usages of published fiches.
A usage kept for members is never in a file.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from territoires.commons.enums import CommunKind, Maturity
from territoires.commons.models import Commun, Usage
from territoires.core.opendata import (
    FORMATS,
    LICENCE_NAME,
    LICENCE_URL,
    Field,
    dcat_dataset,
    download_response,
    table_schema,
)

AXES_SEPARATOR = "|"


class Dataset:
    slug = ""
    title = ""
    description = ""
    primary_key: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()

    def rows(self) -> Iterable[list]:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        return table_schema(
            name=f"communs-{self.slug}",
            title=self.title,
            description=self.description,
            fields=self.fields,
            primary_key=self.primary_key,
        )


class CommunsDataset(Dataset):
    slug = "communs"
    title = "Catalogue des communs des collectivités"
    description = (
        "Une ligne par commun publié au catalogue : logiciel libre, service mutualisé, méthode, "
        "schéma de données… avec sa licence, ses adresses, les axes de l’observatoire qu’il "
        "sert et son nombre d’utilisateurs publics."
    )
    primary_key = ("identifiant",)
    fields = (
        Field(
            "identifiant",
            "Identifiant",
            "Identifiant stable de la fiche.",
            "string",
            {"required": True},
        ),
        Field("nom", "Nom", "Nom du commun.", "string", {"required": True}),
        Field(
            "type",
            "Type",
            "Type de commun.",
            "string",
            {"required": True, "enum": list(CommunKind.values)},
        ),
        Field("resume", "Résumé", "Résumé en une phrase.", "string", {"required": True}),
        Field("licence", "Licence", "Identifiant SPDX de la licence, vide si aucune.", "string"),
        Field("site", "Site officiel", "Adresse du site officiel.", "string", {"format": "uri"}),
        Field(
            "depot",
            "Dépôt des sources",
            "Adresse du dépôt des sources.",
            "string",
            {"format": "uri"},
        ),
        Field(
            "documentation",
            "Documentation",
            "Adresse de la documentation.",
            "string",
            {"format": "uri"},
        ),
        Field(
            "maturite",
            "Maturité",
            "Maturité du commun.",
            "string",
            {"required": True, "enum": list(Maturity.values)},
        ),
        Field(
            "axes", "Axes de l’observatoire", "Codes des axes servis, séparés par « | ».", "string"
        ),
        Field(
            "utilisateurs_publics",
            "Utilisateurs publics",
            "Nombre d’organisations qui déclarent publiquement l’utiliser.",
            "integer",
            {"required": True, "minimum": 0},
        ),
        Field(
            "fiche_initiale",
            "Fiche initiale",
            "Vrai pour une fiche du catalogue initial, à compléter par ses utilisateurs.",
            "boolean",
            {"required": True},
        ),
        Field(
            "page", "Page", "Adresse de la fiche sur la plateforme.", "string", {"required": True}
        ),
    )

    def rows(self):
        for commun in Commun.objects.published().order_by("slug").iterator():
            yield [
                commun.slug,
                commun.name,
                commun.kind,
                commun.summary,
                commun.licence or None,
                commun.website or None,
                commun.repository or None,
                commun.documentation or None,
                commun.maturity,
                AXES_SEPARATOR.join(commun.axes) or None,
                commun.users_count,
                commun.is_initial,
                commun.get_absolute_url(),
            ]


class UsagesDataset(Dataset):
    slug = "usages"
    title = "Usages des communs par les collectivités"
    description = (
        "Une ligne par usage public d’un commun publié : l’organisation qui l’utilise, depuis "
        "quand et qui l’héberge. Les usages que les organisations réservent aux membres de la "
        "plateforme n’y figurent pas."
    )
    primary_key = ("commun", "siren")
    fields = (
        Field(
            "commun", "Commun", "Identifiant de la fiche du commun.", "string", {"required": True}
        ),
        Field(
            "organisation",
            "Organisation",
            "Nom de l’organisation qui l’utilise.",
            "string",
            {"required": True},
        ),
        Field(
            "siren",
            "SIREN",
            "SIREN de l’organisation.",
            "string",
            {"required": True, "pattern": "[0-9]{9}"},
        ),
        Field(
            "type_territoire",
            "Type de territoire",
            "Type du territoire de la collectivité, vide pour un autre organisme.",
            "string",
        ),
        Field(
            "code_territoire", "Code du territoire", "Code INSEE, ou SIREN pour un EPCI.", "string"
        ),
        Field("depuis", "Utilisé depuis", "Année de début d’utilisation.", "integer"),
        Field("heberge_par", "Hébergé par", "Qui l’héberge pour l’organisation.", "string"),
        Field(
            "donnees_de_demonstration",
            "Données de démonstration",
            "Vrai pour un usage fictif de démonstration.",
            "boolean",
            {"required": True},
        ),
    )

    def rows(self):
        usages = (
            Usage.objects.public()
            .filter(commun__in=Commun.objects.published())
            .select_related("commun", "organisation__territory")
            .order_by("commun__slug", "organisation__siren")
        )
        for usage in usages.iterator(chunk_size=2_000):
            territory = usage.organisation.territory
            yield [
                usage.commun.slug,
                usage.organisation.name,
                usage.organisation.siren,
                territory.kind if territory else None,
                territory.code if territory else None,
                usage.since_year,
                usage.hosted_by or None,
                usage.is_demo,
            ]


DATASETS = {dataset.slug: dataset for dataset in (CommunsDataset(), UsagesDataset())}


def dataset_urls(dataset: Dataset) -> dict[str, str]:
    return {
        "schema": reverse("commons:opendata_schema", kwargs={"slug": dataset.slug}),
        **{
            extension: reverse(
                "commons:opendata_download", kwargs={"slug": dataset.slug, "extension": extension}
            )
            for extension in FORMATS
        },
    }


def download(dataset: Dataset, extension: str, schema_url: str):
    notice = [
        dataset.title,
        f"Licence : {LICENCE_NAME} ({LICENCE_URL})",
        f"Schéma des données (Table Schema) : {schema_url}",
    ]
    return download_response(
        extension=extension,
        file_name=f"communs-{dataset.slug}.{extension}",
        field_names=[field.name for field in dataset.fields],
        rows=dataset.rows(),
        notice=notice,
        sheet=dataset.slug,
    )


def catalogue_source(absolute: Callable[[str], str]) -> list[dict[str, Any]]:
    """The two datasets, for the site's DCAT catalogue."""
    modified = (
        Commun.objects.published().aggregate(last=Max("updated_at"))["last"] or timezone.now()
    ).isoformat()
    datasets = []
    for dataset in DATASETS.values():
        urls = dataset_urls(dataset)
        datasets.append(
            dcat_dataset(
                identifier=f"communs-{dataset.slug}",
                title=dataset.title,
                description=dataset.description,
                modified=modified,
                keywords=[
                    "communs",
                    "logiciels libres",
                    "mutualisation",
                    "collectivités territoriales",
                ],
                schema_url=absolute(urls["schema"]),
                download_urls={extension: absolute(urls[extension]) for extension in FORMATS},
            )
        )
    return datasets
