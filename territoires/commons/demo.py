"""Demonstration data of the catalogue: usages and experience reports of the collectivités of
the observatory's demo campaign, every row marked ``is_demo`` (shown as such on the pages).

``commons_demo_generate(seed=…)`` draws, with the seed, collectivités of the last demo
campaign (their organisation is created if it does not exist yet) and the communs each
uses, among the published fiches; it writes a few experience reports too. It runs once:
with demo rows already there, it changes nothing.
"""

import random

from django.db import transaction
from django.utils import timezone

from territoires.accounts.enums import OrganisationKind
from territoires.accounts.models import Organisation
from territoires.commons.enums import ReportStatus, Visibility
from territoires.commons.models import Commun, ExperienceReport, Usage
from territoires.commons.search_index import report_reindex
from territoires.commons.services import commun_users_recount
from territoires.core.workflows import transition_log_initial
from territoires.geo.models import Territory
from territoires.observatory.models import Campaign

DEFAULT_SEED = 2026
DEMO_COLLECTIVITES = 80
DEMO_REPORTS = (
    (
        "Exemple de démonstration : un espace de fichiers partagé pour les services",
        "nextcloud",
        "Les agents échangeaient leurs documents par courriel, en pièces jointes de versions "
        "différentes.",
        "1. Recensement des besoins des services.\n2. Hébergement confié à un prestataire.\n"
        "3. Formation de relais dans chaque service.",
        "Six mois",
        "Deux agents du service informatique, un relais par service",
        "- 120 agents utilisateurs après un an\n- Les pièces jointes internes ont nettement "
        "diminué",
    ),
    (
        "Exemple de démonstration : publier ses délibérations en données ouvertes",
        "schema-deliberations",
        "Les délibérations n’étaient consultables qu’en mairie, en version papier.",
        "1. Export des délibérations du logiciel métier.\n2. Mise au format du schéma.\n"
        "3. Publication automatique chaque mois.",
        "Trois mois",
        "Le secrétariat général et un chargé de mission données",
        "- Toutes les délibérations depuis 2020 publiées\n- Un fichier mis à jour chaque mois",
    ),
    (
        "Exemple de démonstration : une base adresse locale tenue par la commune",
        "mes-adresses",
        "Des adresses manquantes retardaient les secours et le raccordement à la fibre.",
        "1. Import des adresses existantes.\n2. Vérification sur le terrain.\n"
        "3. Publication dans la Base Adresse Nationale.",
        "Deux mois",
        "Une secrétaire de mairie et un élu",
        "- Toutes les voies numérotées\n- Les opérateurs reprennent les adresses publiées",
    ),
)


@transaction.atomic
def commons_demo_generate(*, seed: int = DEFAULT_SEED) -> str:
    """Write the demonstration usages and reports once; what it did, in French."""
    if Usage.objects.filter(is_demo=True).exists():
        return "Données de démonstration des communs déjà présentes : rien n’est modifié."
    campaign = Campaign.objects.filter(is_demo=True).order_by("-year").first()
    communs = list(Commun.objects.published().order_by("slug"))
    if campaign is None or not communs:
        return "Pas de campagne de démonstration ou pas de commun : aucune donnée ajoutée."
    territories = list(
        campaign.assessments.exclude(territory__siren="")
        .select_related("territory")
        .order_by("territory__kind", "territory__code")
        .values_list("territory", flat=True)
    )
    draw = random.Random(seed)
    chosen = draw.sample(territories, min(DEMO_COLLECTIVITES, len(territories)))
    organisations = [_organisation_for(territory_id) for territory_id in chosen]
    # Some communs are much more used than others, as in a real catalogue.
    weights = [1 / (rank + 1) for rank in range(len(communs))]
    draw.shuffle(communs)
    usages = []
    for organisation in organisations:
        picked = {
            commun.pk: commun for commun in draw.choices(communs, weights, k=draw.randint(2, 6))
        }
        usages += [
            Usage(
                organisation=organisation,
                commun=commun,
                since_year=draw.randint(2015, timezone.now().year),
                purpose="Usage de démonstration.",
                users_count=draw.randint(2, 200),
                visibility=Visibility.MEMBERS if draw.random() < 0.15 else Visibility.PUBLIC,
                contactable=draw.random() < 0.7,
                is_demo=True,
            )
            for commun in picked.values()
        ]
    Usage.objects.bulk_create(usages)
    for commun in {usage.commun for usage in usages}:
        commun_users_recount(commun)
    reports = _reports(organisations, draw)
    return (
        f"Données de démonstration des communs : {len(usages)} usages de "
        f"{len(organisations)} collectivités, {reports} retours d’expérience."
    )


def _organisation_for(territory_id: int) -> Organisation:
    organisation = Organisation.objects.filter(territory_id=territory_id).first()
    if organisation is not None:
        return organisation
    territory = Territory.objects.get(pk=territory_id)
    return Organisation.objects.get_or_create(
        siren=territory.siren,
        defaults={
            "name": territory.name,
            "kind": OrganisationKind.COLLECTIVITE,
            "territory": territory,
        },
    )[0]


def _reports(organisations: list[Organisation], draw: random.Random) -> int:
    written = 0
    for title, slug, problem, steps, duration, team, results in DEMO_REPORTS:
        commun = Commun.objects.filter(slug=slug).first()
        if commun is None:
            continue
        report = ExperienceReport.objects.create(
            slug=f"demonstration-{slug}",
            title=title,
            problem=problem,
            steps=steps,
            duration=duration,
            team=team,
            results=results,
            axes=commun.axes,
            status=ReportStatus.PUBLISHED,
            published_at=timezone.now(),
            is_demo=True,
        )
        report.authors.set(draw.sample(organisations, 2 if written == 0 else 1))
        report.communs.set([commun])
        transition_log_initial(obj=report, actor=None, comment="Donnée de démonstration")
        report_reindex(report)
        written += 1
    return written
