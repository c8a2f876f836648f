"""The observatory's open data: three datasets per published campaign, their Table
Schemas, their CSV and XLSX files, and the DCAT catalogue that lists them.

- ``scores``: one row per collectivité whose scores are public;
- ``reponses``: one row per answer of the collectivités that publish their
  answers as open data;
- ``agregats``: anonymous statistics by département, région and stratum.

Each dataset describes itself as a Table Schema (frictionless specification),
and yields typed rows (``None`` for an empty cell) in the order of its fields;
the CSV and XLSX writers only format them. Files are written row by row: the
CSV as a generator, the XLSX with openpyxl's write-only workbook, so memory
stays flat however many rows there are. The rows come from ``selectors``,
which applies the publication rules.
"""

import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Max
from django.urls import reverse

from territoires.core.opendata import (
    FORMATS,
    LICENCE_NAME,
    LICENCE_URL,
    Field,
    dcat_dataset,
    download_response,
    file_store,
    stored_file_response,
    table_schema,
)
from territoires.geo.strata import STRATUM_LABELS
from territoires.observatory.answers import answer_of
from territoires.observatory.cache import cached_result, cached_results
from territoires.observatory.enums import AnswerStatus, CampaignStatus, Questionnaire
from territoires.observatory.framework import (
    ASSESSED_KINDS,
    LEVEL_COUNT,
    Framework,
    Indicator,
    IndicatorType,
    get_framework,
)
from territoires.observatory.models import AssessmentScore, Campaign, CampaignTransition
from territoires.observatory.public.selectors import (
    GroupBy,
    campaign_aggregates,
    open_answers,
    public_scores,
    published_campaigns,
)

DEMO_NOTICE = (
    "Données de démonstration : cette campagne est synthétique, ses résultats ne décrivent "
    "aucune collectivité réelle."
)
ANSWER_STATUS_CODES = {AnswerStatus.ANSWERED: "repondu", AnswerStatus.NOT_CONCERNED: "non_concerne"}
OPTION_SEPARATOR = "|"


def _score_field(name: str, title: str, description: str, required: bool = False) -> Field:
    constraints = {"minimum": 0, "maximum": 100}
    if required:
        constraints["required"] = True
    return Field(name, title, description, "number", constraints)


def _campaign_fields() -> list[Field]:
    return [
        Field(
            "campagne",
            "Campagne",
            "Année de la campagne de l’Observatoire.",
            "integer",
            {"required": True, "minimum": 2000},
        ),
        Field(
            "donnees_de_demonstration",
            "Données de démonstration",
            "Vrai pour une campagne synthétique, qui ne décrit aucune collectivité réelle.",
            "boolean",
            {"required": True},
        ),
    ]


def _collectivite_fields() -> list[Field]:
    return [
        Field(
            "type_collectivite",
            "Type de collectivité",
            "region, departement, com (collectivité d’outre-mer), epci ou commune.",
            "string",
            {"required": True, "enum": list(ASSESSED_KINDS)},
        ),
        Field(
            "code",
            "Code de la collectivité",
            "Code INSEE (région, département, commune) ou SIREN (EPCI).",
            "string",
            {"required": True, "pattern": "[0-9AB]{2,9}"},
        ),
    ]


class Dataset:
    """One dataset of a campaign: its schema, its rows, its files."""

    slug = ""
    title = ""
    description = ""
    primary_key: tuple[str, ...] = ()

    def fields(self, framework: Framework) -> list[Field]:
        raise NotImplementedError

    def rows(self, campaign: Campaign, framework: Framework) -> Iterable[list]:
        """Typed values, in the order of ``fields``; ``None`` for an empty cell."""
        raise NotImplementedError

    def row_count(self, campaign: Campaign) -> int:
        raise NotImplementedError

    def table_schema(self, campaign: Campaign) -> dict[str, Any]:
        framework = get_framework(campaign.edition)
        description = f"{self.description} Campagne {campaign.year} ({campaign.title})."
        if campaign.is_demo:
            description = f"{DEMO_NOTICE} {description}"
        return table_schema(
            name=f"observatoire-{campaign.year}-{self.slug}",
            title=f"{self.title} — {campaign.title}",
            description=description,
            fields=self.fields(framework),
            primary_key=self.primary_key,
        )

    def file_name(self, campaign: Campaign, extension: str) -> str:
        demo = "-demonstration" if campaign.is_demo else ""
        return f"observatoire-{campaign.year}-{self.slug}{demo}.{extension}"


class ScoresDataset(Dataset):
    slug = "scores"
    title = "Scores de maturité numérique par collectivité"
    description = (
        "Une ligne par collectivité qui a choisi de publier ses scores : indice, niveau de "
        "maturité, complétude, et score et complétude de chaque axe. Un score est vide "
        "lorsque sa complétude n’atteint pas le seuil de publication du référentiel."
    )
    primary_key = ("type_collectivite", "code")

    def fields(self, framework: Framework) -> list[Field]:
        level_names = "; ".join(f"{level.level} : {level.name}" for level in framework.levels)
        axis_fields = []
        for axis in framework.axes:
            axis_fields += [
                _score_field(
                    f"score_{axis.code.lower()}",
                    f"Score de l’axe {axis.name}",
                    f"Score de 0 à 100 de l’axe « {axis.name} » ({axis.code}).",
                ),
                _score_field(
                    f"completude_{axis.code.lower()}",
                    f"Complétude de l’axe {axis.name}",
                    f"Part des questions applicables de l’axe {axis.code} traitées, en %; "
                    "vide si aucune ne s’applique.",
                ),
            ]
        return [
            *_campaign_fields(),
            *_collectivite_fields(),
            Field("siren", "SIREN", "SIREN de la collectivité, s’il est connu.", "string"),
            Field("nom", "Nom", "Nom officiel de la collectivité.", "string", {"required": True}),
            Field(
                "code_departement",
                "Code du département",
                "Département de la collectivité (le sien pour un département) ; vide pour une "
                "région ou un EPCI.",
                "string",
            ),
            Field(
                "code_region",
                "Code de la région",
                "Région de la collectivité (la sienne pour une région) ; vide pour un EPCI.",
                "string",
            ),
            Field(
                "strate",
                "Strate",
                "Strate de comparaison (type de collectivité × classe de population).",
                "string",
                {"required": True, "enum": sorted(STRATUM_LABELS)},
            ),
            Field(
                "questionnaire",
                "Questionnaire",
                "complet ou allege (questionnaire allégé des petites communes).",
                "string",
                {"required": True, "enum": list(Questionnaire.values)},
            ),
            _score_field(
                "indice",
                "Indice de maturité numérique",
                "Moyenne pondérée des scores d’axe publiés, de 0 à 100 ; vide si la complétude "
                "n’atteint pas le seuil de publication.",
            ),
            Field(
                "niveau",
                "Niveau de maturité",
                f"De 1 à {LEVEL_COUNT} ({level_names}) ; vide si l’indice n’est pas publié.",
                "integer",
                {"minimum": 1, "maximum": LEVEL_COUNT},
            ),
            Field(
                "libelle_niveau",
                "Libellé du niveau",
                "Nom du niveau de maturité.",
                "string",
                {"enum": [level.name for level in framework.levels]},
            ),
            _score_field(
                "completude",
                "Complétude",
                "Part des questions applicables traitées (répondues ou « non concerné »), en %.",
                required=True,
            ),
            *axis_fields,
        ]

    def rows(self, campaign: Campaign, framework: Framework) -> Iterator[list]:
        # Plain values rather than model instances: a third of the time for the whole country.
        rows = public_scores(campaign).values_list(
            "territory__kind",
            "territory__code",
            "territory__siren",
            "territory__name",
            "departement_code",
            "region_code",
            "territory__stratum",
            "questionnaire",
            "score__index",
            "score__completeness",
            "score__axis_scores",
            "score__axis_completeness",
        )
        # kind, code, siren, then name to questionnaire as the file has them.
        for (
            kind,
            code,
            siren,
            *described,
            index,
            completeness,
            axis_scores,
            axis_completeness,
        ) in rows.iterator(chunk_size=2000):
            level = framework.level_for(index)
            axes = []
            for axis in framework.axes:
                axes += [axis_scores.get(axis.code), axis_completeness.get(axis.code)]
            yield [
                campaign.year,
                campaign.is_demo,
                kind,
                code,
                siren or None,
                *described,
                index,
                level.level if level else None,
                level.name if level else None,
                completeness,
                *axes,
            ]

    def row_count(self, campaign: Campaign) -> int:
        return public_scores(campaign).count()


def open_data_value(indicator: Indicator, value: float) -> str | None:
    """A stored answer, readable: oui/non, the level, the number, or the chosen option codes."""
    answer = answer_of(indicator, value)
    if indicator.type == IndicatorType.YES_NO:
        return "oui" if answer else "non"
    if indicator.type == IndicatorType.MULTIPLE_CHOICE:
        return OPTION_SEPARATOR.join(answer) or None
    return str(int(answer)) if float(answer).is_integer() else str(answer)


class AnswersDataset(Dataset):
    slug = "reponses"
    title = "Réponses au questionnaire des collectivités qui les publient"
    description = (
        "Une ligne par réponse des collectivités qui ont choisi de publier leurs réponses en "
        "données ouvertes. Une question sans ligne n’a pas reçu de réponse. Les questions sont "
        "celles du référentiel de maturité de l’édition de la campagne."
    )
    primary_key = ("type_collectivite", "code", "indicateur")

    def fields(self, framework: Framework) -> list[Field]:
        return [
            *_campaign_fields(),
            *_collectivite_fields(),
            Field(
                "indicateur",
                "Indicateur",
                f"Code de l’indicateur dans le référentiel de maturité {framework.edition}.",
                "string",
                {"required": True, "enum": [i.code for i in framework.indicators]},
            ),
            Field(
                "axe",
                "Axe",
                "Code de l’axe de l’indicateur.",
                "string",
                {"required": True, "enum": [axis.code for axis in framework.axes]},
            ),
            Field(
                "type_indicateur",
                "Type de réponse",
                "yes_no, level, percentage, count ou multiple_choice.",
                "string",
                {"required": True, "enum": [member.value for member in IndicatorType]},
            ),
            Field(
                "statut",
                "Statut de la réponse",
                "repondu, ou non_concerne (la question sort du calcul).",
                "string",
                {"required": True, "enum": list(ANSWER_STATUS_CODES.values())},
            ),
            Field(
                "valeur",
                "Réponse",
                "oui ou non ; le niveau de 0 à 4 ; le pourcentage ; le nombre ; ou les codes des "
                f"options cochées séparés par « {OPTION_SEPARATOR} ». Vide si la collectivité "
                "n’est pas concernée ou n’a coché aucune option.",
                "string",
            ),
        ]

    def rows(self, campaign: Campaign, framework: Framework) -> Iterator[list]:
        answers = open_answers(campaign).values_list(
            "assessment__territory__kind",
            "assessment__territory__code",
            "indicator_code",
            "status",
            "value",
        )
        indicators = framework.indicators_by_code
        for kind, code, indicator_code, status, value in answers.iterator(chunk_size=5000):
            indicator = indicators.get(indicator_code)
            if indicator is None:  # no longer in the framework: not scored, not published
                continue
            answered = status == AnswerStatus.ANSWERED
            yield [
                campaign.year,
                campaign.is_demo,
                kind,
                code,
                indicator_code,
                indicator.axis,
                indicator.type.value,
                ANSWER_STATUS_CODES[status],
                open_data_value(indicator, value) if answered else None,
            ]

    def row_count(self, campaign: Campaign) -> int:
        codes = get_framework(campaign.edition).indicators_by_code
        return open_answers(campaign).filter(indicator_code__in=list(codes)).count()


class AggregatesDataset(Dataset):
    slug = "agregats"
    title = "Statistiques anonymes par département, région et strate"
    primary_key = ("regroupement", "code_groupe")

    @property
    def description(self) -> str:
        min_group = settings.OBSERVATORY_PEER_MIN_GROUP
        return (
            "Pour chaque département, région et strate : le nombre d’évaluations publiées (quel "
            "que soit le choix de publication de chaque collectivité), la médiane et les "
            "quartiles de l’indice, et la médiane de chaque axe. Un groupe de moins de "
            f"{min_group} évaluations publiées n’apparaît pas ; une statistique est vide si "
            f"moins de {min_group} évaluations du groupe ont un score publié. Un EPCI, qui peut "
            "s’étendre sur plusieurs départements, ne compte que dans sa strate."
        )

    def fields(self, framework: Framework) -> list[Field]:
        min_group = settings.OBSERVATORY_PEER_MIN_GROUP
        return [
            *_campaign_fields(),
            Field(
                "regroupement",
                "Regroupement",
                "departement, region ou stratum (strate de comparaison).",
                "string",
                {"required": True, "enum": list(GroupBy.values)},
            ),
            Field(
                "code_groupe",
                "Code du groupe",
                "Code INSEE du département ou de la région, ou code de la strate.",
                "string",
                {"required": True},
            ),
            Field("nom_groupe", "Nom du groupe", "Nom du groupe.", "string", {"required": True}),
            Field(
                "nombre_evaluations",
                "Nombre d’évaluations publiées",
                f"Évaluations publiées du groupe (au moins {min_group}).",
                "integer",
                {"required": True, "minimum": min_group},
            ),
            _score_field("indice_mediane", "Médiane de l’indice", "Médiane de l’indice."),
            _score_field(
                "indice_premier_quartile", "Premier quartile de l’indice", "Premier quartile."
            ),
            _score_field(
                "indice_troisieme_quartile", "Troisième quartile de l’indice", "Troisième quartile."
            ),
            *(
                _score_field(
                    f"mediane_{axis.code.lower()}",
                    f"Médiane de l’axe {axis.name}",
                    f"Médiane des scores publiés de l’axe « {axis.name} » ({axis.code}).",
                )
                for axis in framework.axes
            ),
        ]

    def rows(self, campaign: Campaign, framework: Framework) -> Iterator[list]:
        for group_by in GroupBy:
            for group in campaign_aggregates(campaign, group_by):
                yield [
                    campaign.year,
                    campaign.is_demo,
                    group_by.value,
                    group.code,
                    group.name,
                    group.count,
                    group.index.median,
                    group.index.first_quartile,
                    group.index.third_quartile,
                    *(group.axis_medians[axis.code] for axis in framework.axes),
                ]

    def row_count(self, campaign: Campaign) -> int:
        return sum(len(campaign_aggregates(campaign, group_by)) for group_by in GroupBy)


def dataset_row_count(campaign: Campaign, dataset: Dataset) -> int:
    """How many rows the dataset's file has, cached until the campaign's results change (the
    answers file counts every published answer)."""
    return cached_results(
        campaign.pk, f"opendata:rows:{dataset.slug}", lambda: dataset.row_count(campaign)
    )


DATASETS: dict[str, Dataset] = {
    dataset.slug: dataset for dataset in (ScoresDataset(), AnswersDataset(), AggregatesDataset())
}


# --- Files -------------------------------------------------------------------


# Where the files are stored: a folder per campaign, a sub-folder per writing.
FILES_FOLDER = "observatoire/donnees-ouvertes"


def _file_contents(dataset: Dataset, campaign: Campaign, extension: str) -> dict[str, Any]:
    """What makes the dataset's file: its columns, rows and notice (title, licence, schema)."""
    framework = get_framework(campaign.edition)
    schema_url = settings.SITE_URL.rstrip("/") + dataset_urls(campaign, dataset)["schema"]
    notice = [
        dataset.title,
        f"Campagne {campaign.year} : {campaign.title}",
        f"Licence : {LICENCE_NAME} ({LICENCE_URL})",
        f"Schéma des données (Table Schema) : {schema_url}",
    ]
    if campaign.is_demo:
        notice.insert(0, DEMO_NOTICE)
    return {
        "extension": extension,
        "field_names": [field.name for field in dataset.fields(framework)],
        "rows": dataset.rows(campaign, framework),
        "notice": notice,
        "sheet": dataset.slug,
    }


def _stored_name_key(dataset: Dataset, extension: str) -> str:
    return f"opendata:file:{dataset.slug}.{extension}"


def files_store(campaign: Campaign) -> list[str]:
    """Write every file of the campaign to the default storage, once per state of its results
    (their storage names are cached until the results change), and delete the files of
    earlier states; returns the names of the current files.

    Each writing goes to a folder of its own, named after the time it started: a file is
    never rewritten under a name a request may be reading, and a job deletes only the
    folders older than its own files (a newer job may be writing the next ones)."""
    campaign_folder = f"{FILES_FOLDER}/{campaign.pk}"
    folder = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
    names = [
        cached_results(
            campaign.pk,
            _stored_name_key(dataset, extension),
            lambda dataset=dataset, extension=extension: file_store(
                default_storage,
                f"{campaign_folder}/{folder}/{dataset.file_name(campaign, extension)}",
                **_file_contents(dataset, campaign, extension),
            ),
            # Written once per state of the results: kept until they change.
            timeout=None,
        )
        for dataset in DATASETS.values()
        for extension in FORMATS
    ]
    oldest_current = min(name.rsplit("/", 2)[-2] for name in names)
    if default_storage.exists(campaign_folder):
        for earlier in default_storage.listdir(campaign_folder)[0]:
            if earlier < oldest_current:
                _folder_delete(f"{campaign_folder}/{earlier}")
    return names


def _folder_delete(folder: str) -> None:
    try:
        for name in default_storage.listdir(folder)[1]:
            default_storage.delete(f"{folder}/{name}")
        default_storage.delete(folder)
    except OSError:  # being written or deleted by another job: the next one will finish it
        pass


def download(dataset: Dataset, campaign: Campaign, extension: str):
    """The dataset's file as the job stored it for the current results (``files_store``);
    until it has, written for the request: the CSV streamed, the XLSX row by row."""
    file_name = dataset.file_name(campaign, extension)
    stored = cached_result(campaign.pk, _stored_name_key(dataset, extension))
    response = stored and stored_file_response(
        default_storage, stored, extension=extension, file_name=file_name
    )
    return response or download_response(
        file_name=file_name, **_file_contents(dataset, campaign, extension)
    )


# --- Catalogue ---------------------------------------------------------------


def campaign_modified(campaign: Campaign):
    """When the campaign's public data last changed: its publication or its last recomputation."""
    published_at = CampaignTransition.objects.filter(
        campaign=campaign, to_status=CampaignStatus.PUBLISHED
    ).aggregate(last=Max("created_at"))["last"]
    computed_at = AssessmentScore.objects.filter(assessment__campaign=campaign).aggregate(
        last=Max("computed_at")
    )["last"]
    dates = [date for date in (published_at, computed_at) if date is not None]
    return max(dates) if dates else campaign.created_at


def dataset_urls(campaign: Campaign, dataset: Dataset) -> dict[str, str]:
    """The site paths of a dataset's files and schema."""
    kwargs = {"year": campaign.year, "slug": dataset.slug}
    return {
        "schema": reverse("observatory_public:opendata_schema", kwargs=kwargs),
        **{
            extension: reverse(
                "observatory_public:opendata_download", kwargs={**kwargs, "extension": extension}
            )
            for extension in FORMATS
        },
    }


def catalogue_source(absolute: Callable[[str], str]) -> list[dict[str, Any]]:
    """The datasets of every published campaign, for the site's DCAT catalogue."""
    datasets = []
    for campaign in published_campaigns():
        modified = campaign_modified(campaign).isoformat()
        for dataset in DATASETS.values():
            urls = dataset_urls(campaign, dataset)
            title = f"Observatoire de la maturité numérique {campaign.year} — {dataset.title}"
            keywords = ["maturité numérique", "collectivités territoriales", "observatoire"]
            if campaign.is_demo:
                title = f"{title} (données de démonstration)"
                keywords.append("données de démonstration")
            datasets.append(
                dcat_dataset(
                    identifier=f"observatoire-{campaign.year}-{dataset.slug}",
                    title=title,
                    description=dataset.table_schema(campaign)["description"],
                    modified=modified,
                    keywords=keywords,
                    schema_url=absolute(urls["schema"]),
                    download_urls={extension: absolute(urls[extension]) for extension in FORMATS},
                    temporal=str(campaign.year),
                )
            )
    return datasets
