"""The bourse's open data: the published offers, with their Table Schema, as CSV and XLSX,
listed in the site's DCAT catalogue."""

from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from territoires.core.opendata import (
    FORMATS,
    LICENCE_NAME,
    Field,
    dcat_dataset,
    download_response,
    table_schema,
)
from territoires.exchange.enums import LEGAL_REFERENCES
from territoires.exchange.models import Offer

NAME = "bourse-offres"
TITLE = "Bourse d’échange de compétences — offres publiées"
DESCRIPTION = (
    "Les offres de compétences et de services que les collectivités et organismes publics "
    "proposent aux autres sur la bourse d’échange, une ligne par offre publiée. Les offres "
    "marquées comme données de démonstration ne décrivent aucune offre réelle."
)
SEPARATOR = "|"
FIELDS = [
    Field("identifiant", "Identifiant", "Identifiant de l’offre sur la plateforme.", "integer",
          {"required": True, "unique": True}),
    Field("titre", "Titre", "Titre de l’offre.", "string", {"required": True}),
    Field("competence", "Compétence", "Code de la compétence dans la taxonomie de la bourse.",
          "string", {"required": True}),
    Field("competence_libelle", "Libellé de la compétence", "Nom de la compétence.", "string"),
    Field("modalite", "Modalité", "Modalité de l’offre.", "string"),
    Field("cadre_juridique", "Cadre juridique", "Cadre juridique proposé.", "string"),
    Field("reference_juridique", "Référence juridique", "Texte du cadre juridique.", "string"),
    Field("offreur", "Offreur", "Nom de l’organisation qui propose l’offre.", "string"),
    Field("siren_offreur", "SIREN de l’offreur", "SIREN de l’organisation.", "string",
          {"pattern": "^[0-9]{9}$"}),
    Field("national", "Toute la France", "Vrai si l’offre couvre toute la France.", "boolean"),
    Field("territoires_desservis", "Territoires desservis",
          "Régions et départements desservis (« region:27 », « departement:58 »), séparés par "
          "une barre verticale.", "string"),
    Field("types_admis", "Types de collectivité admis",
          "Types admis séparés par une barre verticale ; vide : toutes.", "string"),
    Field("plafond_population", "Plafond de population",
          "Réservé aux collectivités de moins de ce nombre d’habitants.", "integer",
          {"minimum": 1}),
    Field("capacite", "Capacité", "Bénéficiaires accompagnés à la fois.", "integer",
          {"minimum": 1}),
    Field("places_disponibles", "Places disponibles", "Places libres à la date du fichier.",
          "integer", {"minimum": 0}),
    Field("modele_de_cout", "Modèle de coût", "Gratuit, forfait ou coût réel.", "string"),
    Field("publiee_le", "Publiée le", "Date et heure de publication.", "datetime"),
    Field("donnees_de_demonstration", "Données de démonstration",
          "Vrai pour une offre de démonstration.", "boolean"),
]  # fmt: skip


def offers_schema() -> dict[str, Any]:
    return table_schema(
        name=NAME, title=TITLE, description=DESCRIPTION, fields=FIELDS, primary_key=["identifiant"]
    )


def offer_rows() -> Iterator[list[Any]]:
    offers = (
        Offer.objects.published()
        .with_places_taken()
        .select_related("provider")
        .prefetch_related("area")
        .order_by("pk")
    )
    for offer in offers.iterator(chunk_size=500):
        yield [
            offer.pk,
            offer.title,
            offer.skill,
            offer.skill_name,
            offer.get_modality_display(),
            offer.get_legal_vehicle_display(),
            LEGAL_REFERENCES[offer.legal_vehicle],
            offer.provider.name,
            offer.provider.siren,
            offer.national,
            SEPARATOR.join(sorted(f"{t.kind}:{t.code}" for t in offer.area.all())),
            SEPARATOR.join(offer.eligible_kinds),
            offer.population_ceiling,
            offer.capacity,
            max(offer.capacity - offer.places_taken, 0),
            offer.get_cost_model_display(),
            offer.published_at,
            offer.is_demo,
        ]


def offers_download(extension: str, schema_url: str):
    return download_response(
        extension=extension,
        file_name=f"{NAME}.{extension}",
        field_names=[field.name for field in FIELDS],
        rows=offer_rows(),
        notice=[TITLE, DESCRIPTION, f"Licence : {LICENCE_NAME}", f"Schéma : {schema_url}"],
        sheet="offres",
    )


def dataset_urls() -> dict[str, str]:
    return {
        "schema": reverse("exchange:opendata_schema"),
        **{ext: reverse("exchange:opendata_download", args=[ext]) for ext in FORMATS},
    }


def catalogue_source(absolute: Callable[[str], str]) -> list[dict[str, Any]]:
    """The bourse's dataset, for the site's DCAT catalogue."""
    modified = Offer.objects.published().aggregate(latest=Max("published_at"))["latest"]
    urls = dataset_urls()
    return [
        dcat_dataset(
            identifier=NAME,
            title=TITLE,
            description=DESCRIPTION,
            modified=(modified or timezone.now()).isoformat(),
            keywords=["mutualisation", "collectivités territoriales", "bourse de compétences"],
            schema_url=absolute(urls["schema"]),
            download_urls={extension: absolute(urls[extension]) for extension in FORMATS},
        )
    ]
