"""Demonstration data of the labels, for ``make run``: a past edition with its applications,
juries, score sheets and palmarès, and this year's edition open to applications. Both are
marked ``is_demo`` (« Données de démonstration » on every page, in the API and the open data)
and are drawn reproducibly from the référentiel's largest collectivités. A real edition of a
year is never touched; a demo edition already there is kept as it is.
"""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from territoires.accounts.enums import OrganisationKind, Provider
from territoires.accounts.models import Identity, Organisation, User
from territoires.awards.assignment import assignment_plan
from territoires.awards.enums import (
    ApplicationStatus,
    AwardKind,
    BudgetBand,
    EditionStatus,
    JurorKind,
    SheetStatus,
)
from territoires.awards.models import (
    Application,
    Assignment,
    Criterion,
    Edition,
    EditionEvent,
    Juror,
    Jury,
    Score,
)
from territoires.awards.ranking import Sheet, rankings, sheet_total
from territoires.awards.selectors import application_profiles, juror_profiles
from territoires.awards.services import STEP_KINDS, project_key
from territoires.commons.models import Commun
from territoires.core.workflows import transition_log_initial
from territoires.events.models import Event
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory

DEMO_LABEL = "Données de démonstration"
CATEGORIES = (
    "Administration numérique",
    "Données",
    "Inclusion numérique",
    "Territoire intelligent",
    "Numérique responsable",
    "Coopération entre territoires",
)
MARKS = (
    "Absent ou hors sujet",
    "Très insuffisant",
    "Insuffisant",
    "Satisfaisant",
    "Très bon",
    "Exemplaire",
)
CRITERIA = (
    ("Innovation", 3, True, "Nouveauté de la démarche pour le territoire et ses pairs."),
    ("Bénéfices pour les habitants et les agents", 3, True, "Résultats mesurés et usages."),
    ("Reproductibilité et partage en commun", 2, True, "Ce que d’autres peuvent reprendre."),
    ("Sobriété", 1, False, "Empreinte environnementale et frugalité de la solution."),
    ("Partenariat et inclusion", 1, False, "Qui a été associé, et qui en bénéficie."),
)
PROJECTS = (
    ("Guichet numérique des démarches", "Toutes les démarches des habitants en ligne."),
    ("Portail de données ouvertes", "Les données de la collectivité publiées et réutilisées."),
    ("Conseillers numériques itinérants", "Un accompagnement au plus près des habitants."),
    ("Capteurs de qualité de l’air", "Des mesures ouvertes pour décider en connaissance."),
    ("Parc informatique reconditionné", "Des ordinateurs réemployés pour les écoles."),
    ("Plateforme mutualisée entre communes", "Un socle commun pour les petites communes."),
    ("Démocratie participative en ligne", "Budget participatif et consultations."),
    ("Éclairage public intelligent", "Moins d’énergie, autant de sécurité."),
)
REGIONS = 6
PER_REGION = 4
JURORS_PER_REGION = 4
NATIONAL_JURORS = 5
FINALISTS = 8


def _rules(year: int) -> str:
    return (
        f"## Règlement des Labels Territoires Innovants {year}\n\n"
        f"*{DEMO_LABEL} : cette édition est fictive.*\n\n"
        "1. Peuvent candidater les collectivités territoriales, seules ou à plusieurs.\n"
        "2. Chaque candidature est examinée par au moins trois jurés sans conflit d’intérêts.\n"
        "3. Les finalistes présentent leur projet au Forum des Interconnectés.\n"
    )


def _edition(year: int, start: datetime, status: str) -> Edition:
    edition = Edition.objects.create(
        year=year,
        title=f"Labels Territoires Innovants {year}",
        rules=_rules(year),
        status=status,
        call_opens_at=start,
        call_closes_at=start + timedelta(days=90),
        preselection_at=start + timedelta(days=180),
        finalists_at=start + timedelta(days=195),
        final_at=start + timedelta(days=225),
        results_at=start + timedelta(days=240),
        finalists_count=FINALISTS,
        public_vote=True,
        publish_score_sheets=True,
        is_demo=True,
    )
    transition_log_initial(obj=edition, actor=None, comment=DEMO_LABEL)
    for order, name in enumerate(CATEGORIES):
        edition.categories.create(name=name, order=order)
    for order, (name, weight, mandatory, description) in enumerate(CRITERIA):
        edition.criteria.create(
            name=name,
            weight=weight,
            mandatory=mandatory,
            description=description,
            marks=list(MARKS),
            order=order,
        )
    return edition


def _organisation(territory: Territory) -> Organisation:
    organisation = Organisation.objects.filter(territory=territory).first()
    if organisation is None:
        organisation = Organisation.objects.filter(siren=territory.siren).first()
    return organisation or Organisation.objects.create(
        name=territory.name,
        kind=OrganisationKind.COLLECTIVITE,
        siren=territory.siren,
        territory=territory,
    )


def _collectivites(count_per_region: int) -> list[list[Territory]]:
    """The most populated communes with a SIREN of the most populated régions."""
    regions = (
        Territory.objects.current()
        .filter(kind=TerritoryKind.REGION, population__isnull=False)
        .order_by("-population", "code")[:REGIONS]
    )
    groups = []
    for region in regions:
        communes = (
            Territory.objects.current()
            .filter(kind=TerritoryKind.COMMUNE, region=region)
            .exclude(siren="")
            .order_by("-population", "code")[:count_per_region]
        )
        if communes:
            groups.append(list(communes))
    return groups


def _demo_person(number: int) -> User:
    email = f"jure-demo-{number}@demo.invalid"
    user, _ = User.objects.get_or_create(
        email=email, defaults={"first_name": "Juré", "last_name": f"de démonstration {number}"}
    )
    Identity.objects.get_or_create(
        provider=Provider.FRANCECONNECT, sub=f"demo-jure-{number}", defaults={"user": user}
    )
    return user


def _application(edition, territory, category, index, status, rng) -> Application:
    title, summary = PROJECTS[index % len(PROJECTS)]
    title = f"{title} de {territory.name}"
    application = Application.objects.create(
        edition=edition,
        organisation=_organisation(territory),
        region=territory.region,
        category=category,
        title=title,
        project_key=project_key(title),
        summary=summary,
        description=f"{summary} Projet conduit par {territory.name}. ({DEMO_LABEL}.)",
        context=f"{territory.name}, {territory.population or 0} habitants.",
        results=f"{rng.randint(50, 900)} usagers par mois après un an.",
        budget_band=rng.choice(BudgetBand.values),
        agrees_to_publication=rng.random() < 0.8,
        status=status,
        submitted_at=edition.call_opens_at + timedelta(days=30),
    )
    transition_log_initial(obj=application, actor=None, comment=DEMO_LABEL)
    return application


def _jury(edition, region, jurors: list[User], deadline) -> Jury:
    jury = Jury.objects.create(edition=edition, region=region, deadline=deadline)
    for user in jurors:
        Juror.objects.create(jury=jury, user=user, kind=JurorKind.EXPERT)
    return jury


def _score(jury: Jury, applications, criteria: list[Criterion], rng) -> None:
    """Assign the jury's applications and fill every sheet with drawn marks."""
    jurors = list(jury.jurors.all())
    plan = assignment_plan(application_profiles(applications), juror_profiles(jurors))
    weights = {criterion.pk: criterion.weight for criterion in criteria}
    quality = {application.pk: rng.uniform(1.5, 4.5) for application in applications}
    severity = {juror.pk: rng.uniform(-0.8, 0.8) for juror in jurors}
    for application_id, juror_id in plan.new_pairs:
        marks = {
            criterion.pk: max(
                0, min(5, round(quality[application_id] + severity[juror_id] + rng.gauss(0, 0.6)))
            )
            for criterion in criteria
        }
        assignment = Assignment.objects.create(
            application_id=application_id,
            juror_id=juror_id,
            status=SheetStatus.SUBMITTED,
            total=sheet_total(marks, weights),
            submitted_at=jury.deadline - timedelta(days=3),
        )
        transition_log_initial(obj=assignment, actor=None, comment=DEMO_LABEL)
        Score.objects.bulk_create(
            Score(assignment=assignment, criterion_id=key, mark=mark) for key, mark in marks.items()
        )


def _ranked(jury_ids) -> list[int]:
    sheets = [
        Sheet(*row)
        for row in Assignment.objects.filter(juror__jury_id__in=jury_ids).values_list(
            "application_id", "juror_id", "total"
        )
    ]
    return [row.application_id for row in rankings(sheets)]


def _past_edition(year: int, rng: random.Random) -> Edition:
    start = datetime(year, 2, 1, 9, tzinfo=timezone.get_current_timezone())
    edition = _edition(year, start, EditionStatus.PUBLISHED)
    categories = list(edition.categories.all())
    criteria = list(edition.criteria.all())
    people = iter(_demo_person(number) for number in range(1, 100))
    regional = []
    applications = []
    for group in _collectivites(PER_REGION):
        jury = _jury(
            edition,
            group[0].region,
            [next(people) for _ in range(JURORS_PER_REGION)],
            edition.preselection_at,
        )
        mine = [
            _application(
                edition,
                territory,
                categories[(len(applications) + index) % len(categories)],
                len(applications) + index,
                ApplicationStatus.NOT_SELECTED,
                rng,
            )
            for index, territory in enumerate(group)
        ]
        _score(jury, mine, criteria, rng)
        regional.append(jury.pk)
        applications += mine
    finalists = _ranked(regional)[:FINALISTS]
    Application.objects.filter(pk__in=finalists).update(
        status=ApplicationStatus.FINALIST,
        selection_reason="Les projets les mieux classés par les jurys régionaux.",
    )
    national = _jury(
        edition, None, [next(people) for _ in range(NATIONAL_JURORS)], edition.final_at
    )
    _score(national, list(Application.objects.filter(pk__in=finalists)), criteria, rng)
    order = _ranked([national.pk])
    labelled = set()
    for application in Application.objects.filter(pk__in=order).order_by("pk"):
        # The best finalist of each category gets the label; the next ones a mention.
        if application.category_id not in labelled:
            labelled.add(application.category_id)
            application.award_kind = AwardKind.LABEL
        elif order.index(application.pk) < FINALISTS // 2:
            application.award_kind = AwardKind.MENTION
            application.award_title = "Coup de cœur du jury"
        else:
            continue
        application.status = ApplicationStatus.LAUREATE
        application.save(update_fields=["status", "award_kind", "award_title"])
    voters = [next(people) for _ in range(12)]
    for voter in voters:
        edition.votes.create(user=voter, application_id=rng.choice(finalists))
    edition.deliberation = (
        f"{DEMO_LABEL}. Le jury national salue la qualité des projets et distingue, dans "
        "chaque catégorie, celui dont les résultats sont les plus solides et les plus "
        "faciles à reprendre par d’autres collectivités."
    )
    edition.save(update_fields=["deliberation"])
    return edition


def _open_edition(year: int, rng: random.Random) -> Edition:
    now = timezone.now()
    edition = _edition(year, now - timedelta(days=30), EditionStatus.OPEN)
    categories = list(edition.categories.all())
    communs = list(Commun.objects.published().order_by("pk")[:3])
    groups = _collectivites(1)
    for index, group in enumerate(groups[:3]):
        status = ApplicationStatus.SUBMITTED if index % 2 == 0 else ApplicationStatus.DRAFT
        application = _application(edition, group[0], categories[index], index + 3, status, rng)
        application.communs.set(communs[index : index + 1])
    # The agenda's demo, when it is there: the final at the Forum, the pre-selection at the
    # first IntercoTOUR stage.
    for step, kind in STEP_KINDS.items():
        event = Event.objects.published().filter(kind=kind).order_by("starts_at").first()
        if event is not None:
            EditionEvent.objects.create(edition=edition, step=step, event=event)
    return edition


@transaction.atomic
def demo_labels_generate(*, year: int, seed: int = 2026) -> list[Edition]:
    """The demo edition of ``year - 1`` (with its palmarès) and the open one of ``year``,
    each unless an edition of that year exists. Returns the editions written."""
    rng = random.Random(seed)
    written = []
    for edition_year, build in ((year - 1, _past_edition), (year, _open_edition)):
        if not Edition.objects.filter(year=edition_year).exists():
            written.append(build(edition_year, rng))
    return written
