"""Writes of the labels: editions and their grid, applications, juries, sheets, palmarès.

Every service is one transaction, checks its actor's rights (``perms.py``; ``None`` is an
operator running a command or the demo) and the state of the edition, then refuses with a
French ``BusinessError`` and changes nothing, or writes. Every step of a workflow goes
through ``core.workflows.transition_apply`` (or is logged by ``transition_log_note`` when it
moves no state), so that the audit trail says who did what, when, from and to what, and why.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from territoires.accounts.enums import Provider
from territoires.accounts.models import Identity, Membership, Organisation, User
from territoires.awards import notifications, perms, selectors
from territoires.awards.assignment import assignment_plan
from territoires.awards.enums import (
    ApplicationStatus,
    AttachmentKind,
    AwardKind,
    BudgetBand,
    EditionStatus,
    JurorKind,
    SheetStatus,
)
from territoires.awards.models import (
    MARK_MAX,
    MARK_MIN,
    Application,
    Assignment,
    AssignmentTransition,
    Attachment,
    Category,
    Criterion,
    DeclaredConflict,
    Edition,
    EditionEvent,
    Juror,
    Jury,
    PublicVote,
    Score,
    Step,
)
from territoires.awards.ranking import sheet_total
from territoires.commons.enums import BudgetBand as ReportBudgetBand
from territoires.commons.enums import CommunStatus
from territoires.commons.models import Commun, ExperienceReport
from territoires.commons.services import report_create
from territoires.core.db import bulk_insert
from territoires.core.errors import BusinessError
from territoires.core.workflows import (
    transition_apply,
    transition_log_initial,
    transition_log_note,
    transitions_apply,
)
from territoires.events.enums import EventKind
from territoires.events.models import Event
from territoires.geo.enums import TerritoryKind

MARKS_COUNT = MARK_MAX - MARK_MIN + 1
JURORS_PER_APPLICATION = 3


def _check_staff(actor: User | None) -> None:
    if actor is not None:
        perms.edition_rights(actor).require("can_manage", perms.STAFF_ONLY)


def _locked_edition(edition: Edition) -> Edition:
    return Edition.objects.select_for_update().get(pk=edition.pk)


# ------------------------------------------------------------------ editions and grid

STEPS = (
    "call_opens_at",
    "call_closes_at",
    "preselection_at",
    "finalists_at",
    "final_at",
    "results_at",
)


def edition_create(
    *,
    actor: User | None,
    year: int,
    title: str,
    dates: Mapping[str, datetime],
    rules: str = "",
    finalists_count: int = 25,
    public_vote: bool = False,
    publish_score_sheets: bool = False,
    exclude_territory_conflicts: bool = True,
    is_demo: bool = False,
) -> Edition:
    """A new edition, in preparation; its calendar steps must follow each other."""
    _check_staff(actor)
    missing = [step for step in STEPS if not dates.get(step)]
    if missing:
        raise BusinessError("Indiquez toutes les dates du calendrier de l’édition.")
    ordered = [dates[step] for step in STEPS]
    if ordered != sorted(ordered):
        raise BusinessError(
            "Les étapes du calendrier doivent se suivre : ouverture, clôture, présélection, "
            "annonce des finalistes, finale, résultats."
        )
    if finalists_count < 1:
        raise BusinessError("Le nombre de finalistes doit être d’au moins un.")
    with transaction.atomic():
        if Edition.objects.filter(year=year).exists():
            raise BusinessError(f"Une édition des labels existe déjà pour {year}.", status=409)
        edition = Edition.objects.create(
            year=year,
            title=title.strip(),
            rules=rules,
            finalists_count=finalists_count,
            public_vote=public_vote,
            publish_score_sheets=publish_score_sheets,
            exclude_territory_conflicts=exclude_territory_conflicts,
            is_demo=is_demo,
            **{step: dates[step] for step in STEPS},
        )
        transition_log_initial(obj=edition, actor=actor, comment="Création de l’édition")
    return edition


def _check_grid_open(edition: Edition) -> None:
    if edition.grid_frozen:
        raise BusinessError(
            "La grille de notation et les catégories sont figées depuis l’ouverture de l’appel "
            "à candidatures.",
            status=409,
        )


@transaction.atomic
def category_add(
    *, actor: User | None, edition: Edition, name: str, quota: int | None = None
) -> Category:
    _check_staff(actor)
    _check_grid_open(_locked_edition(edition))
    name = name.strip()
    if not name:
        raise BusinessError("Donnez un nom à la catégorie.")
    if edition.categories.filter(name=name).exists():
        raise BusinessError(f"La catégorie « {name} » existe déjà.")
    return edition.categories.create(name=name, quota=quota, order=edition.categories.count())


@transaction.atomic
def criterion_add(
    *,
    actor: User | None,
    edition: Edition,
    name: str,
    weight: int,
    marks: list[str],
    mandatory: bool = True,
    description: str = "",
) -> Criterion:
    """A criterion of the grid: a weight from 1 to 10, a description of each mark 0 to 5."""
    _check_staff(actor)
    _check_grid_open(_locked_edition(edition))
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = ["Donnez un nom au critère."]
    elif edition.criteria.filter(name=name).exists():
        errors["name"] = [f"Le critère « {name} » existe déjà."]
    if not isinstance(weight, int) or not 1 <= weight <= 10:
        errors["weight"] = ["La pondération est un nombre entier de 1 à 10."]
    marks = [str(mark).strip() for mark in marks]
    if len(marks) != MARKS_COUNT or not all(marks):
        errors["marks"] = ["Décrivez chacune des six notes, de 0 à 5."]
    if errors:
        raise BusinessError(
            " ".join(text for texts in errors.values() for text in texts), errors=errors
        )
    return edition.criteria.create(
        name=name,
        weight=weight,
        marks=marks,
        mandatory=mandatory,
        description=description.strip(),
        order=edition.criteria.count(),
    )


@transaction.atomic
def edition_open(*, actor: User | None, edition: Edition, comment: str = "") -> Edition:
    """Open the call: the grid and the categories are frozen from now on."""
    _check_staff(actor)
    if not edition.categories.exists() or not edition.criteria.exists():
        raise BusinessError(
            "Définissez au moins une catégorie et un critère avant d’ouvrir l’appel."
        )
    return transition_apply(obj=edition, name="open", actor=actor, comment=comment)


@transaction.atomic
def edition_close(*, actor: User | None, edition: Edition, comment: str = "") -> Edition:
    """Close the call and start the regional pre-selection: applications are frozen."""
    _check_staff(actor)
    return transition_apply(obj=edition, name="close", actor=actor, comment=comment)


@transaction.atomic
def edition_publish(*, actor: User | None, edition: Edition, comment: str = "") -> Edition:
    """Publish the palmarès: laureates and, if chosen, the aggregated sheets become public."""
    _check_staff(actor)
    if not edition.applications.laureates().exists():
        raise BusinessError("Attribuez au moins un label avant de publier le palmarès.")
    return transition_apply(obj=edition, name="publish", actor=actor, comment=comment)


# The kind of event a step of the calendar must be, where it matters.
STEP_KINDS = {Step.PRESELECTION: EventKind.INTERCOTOUR, Step.FINAL: EventKind.FORUM}


def _check_event(event: Event, kind: str | None) -> None:
    if not event.is_published:
        raise BusinessError("Choisissez un événement publié de l’agenda.")
    if kind is not None and event.kind != kind:
        raise BusinessError(
            f"Cette étape se relie à un événement de type « {EventKind(kind).label} »."
        )


@transaction.atomic
def edition_events_set(
    *, actor: User | None, edition: Edition, events: Mapping[str, Event | None]
) -> None:
    """Link each step of the calendar to its event of the agenda (None unlinks it): the
    pre-selection to an IntercoTOUR stage, the final to the Forum des Interconnectés."""
    _check_staff(actor)
    for step, event in events.items():
        if step not in Step.values:
            raise BusinessError("Étape du calendrier inconnue.")
        if event is not None:
            _check_event(event, STEP_KINDS.get(step))
    for step, event in events.items():
        if event is None:
            EditionEvent.objects.filter(edition=edition, step=step).delete()
        else:
            EditionEvent.objects.update_or_create(
                edition=edition, step=step, defaults={"event": event}
            )


@transaction.atomic
def jury_event_set(*, actor: User | None, jury: Jury, event: Event | None) -> Jury:
    """Link a regional jury to its IntercoTOUR stage, an event held in its région."""
    _check_staff(actor)
    if jury.is_national:
        raise BusinessError("Le jury national se réunit à la finale, au Forum des Interconnectés.")
    if event is not None:
        _check_event(event, EventKind.INTERCOTOUR)
        if not event.regions.filter(pk=jury.region_id).exists():
            raise BusinessError(
                f"Cette étape de l’IntercoTOUR ne se tient pas en {jury.region.name}."
            )
    jury.event = event
    jury.save(update_fields=["event"])
    return jury


# ------------------------------------------------------------------ applications

REQUIRED_FIELDS = {
    "title": "le titre du projet",
    "summary": "le résumé",
    "description": "la description du projet",
    "context": "le contexte",
    "results": "les résultats",
    "budget_band": "le budget",
}
TEXT_FIELDS = (
    "title",
    "summary",
    "description",
    "context",
    "results",
    "budget_band",
    "partners",
    "video_url",
    "website_url",
)


def project_key(title: str) -> str:
    """The title's letters and digits, lower case, without accents: « Le Tiers-Lieu ! » and
    « le tiers lieu » are the same project."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", ascii_title.lower())[:200]


def _check_call_open(edition: Edition) -> None:
    if not edition.call_open():
        if edition.status == EditionStatus.OPEN and timezone.now() < edition.call_opens_at:
            raise BusinessError("L’appel à candidatures n’est pas encore ouvert.", status=409)
        raise BusinessError(
            f"L’appel à candidatures des {edition.title} est clos : les candidatures ne "
            "peuvent plus être déposées ni modifiées.",
            status=409,
        )


def _region_of(organisation: Organisation):
    territory = organisation.territory
    if territory is None:
        raise BusinessError("Seule une collectivité rattachée à son territoire peut candidater.")
    if territory.kind in (TerritoryKind.REGION, TerritoryKind.COLLECTIVITE_OUTRE_MER):
        return territory
    if territory.region_id is None:
        raise BusinessError(
            f"Le territoire de {organisation.name} n’est rattaché à aucune région : "
            "l’équipe du réseau doit le corriger."
        )
    return territory.region


def _clean_fields(fields: Mapping[str, object]) -> dict:
    cleaned = {}
    for name in TEXT_FIELDS:
        if name in fields:
            cleaned[name] = str(fields[name] or "").strip()
    if cleaned.get("budget_band") and cleaned["budget_band"] not in BudgetBand.values:
        raise BusinessError("Choisissez une tranche de budget de la liste.")
    if "title" in cleaned and not cleaned["title"]:
        raise BusinessError("Donnez un titre au projet.", errors={"title": ["Champ obligatoire."]})
    if "agrees_to_publication" in fields:
        cleaned["agrees_to_publication"] = bool(fields["agrees_to_publication"])
    return cleaned


def _check_communs(communs: Iterable[Commun]) -> list[Commun]:
    communs = list(communs)
    if any(commun.status != CommunStatus.PUBLISHED for commun in communs):
        raise BusinessError(
            "Seuls les communs publiés du catalogue peuvent être cités.",
            errors={"communs": ["Commun non publié."]},
        )
    return communs


def _check_category(edition: Edition, category: Category) -> None:
    if category.edition_id != edition.pk:
        raise BusinessError("Choisissez une catégorie de cette édition.")


def _check_co_applicants(organisation: Organisation, co_applicants: Iterable[Organisation]):
    co_applicants = list(co_applicants)
    if any(other.pk == organisation.pk for other in co_applicants):
        raise BusinessError("La collectivité candidate ne peut pas être sa propre co-candidate.")
    if any(other.territory_id is None for other in co_applicants):
        raise BusinessError("Seules des collectivités peuvent être co-candidates.")
    return co_applicants


def application_create(
    *,
    actor: User,
    edition: Edition,
    organisation: Organisation,
    category: Category,
    co_applicants: Iterable[Organisation] = (),
    communs: Iterable[Commun] = (),
    **fields,
) -> Application:
    """A draft application of ``organisation``, by one of its members, while the call is
    open; one per project (its title) and collectivité in an edition."""
    if not Membership.objects.filter(user=actor, organisation=organisation).exists():
        raise BusinessError(perms.APPLICANTS_ONLY, status=403)
    _check_call_open(edition)
    _check_category(edition, category)
    region = _region_of(organisation)
    co_applicants = _check_co_applicants(organisation, co_applicants)
    communs = _check_communs(communs)
    cleaned = _clean_fields(fields)
    if not cleaned.get("title"):
        raise BusinessError("Donnez un titre au projet.", errors={"title": ["Champ obligatoire."]})
    key = project_key(cleaned["title"])
    duplicate = BusinessError(
        f"{organisation.name} a déjà une candidature pour ce projet aux {edition.title}.",
        errors={"title": ["Une candidature existe déjà pour ce projet."]},
        status=409,
    )
    with transaction.atomic():
        if edition.applications.filter(organisation=organisation, project_key=key).exists():
            raise duplicate
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    edition=edition,
                    organisation=organisation,
                    category=category,
                    region=region,
                    project_key=key,
                    created_by=actor,
                    **cleaned,
                )
        except IntegrityError as error:
            raise duplicate from error
        application.co_applicants.set(co_applicants)
        application.communs.set(communs)
        transition_log_initial(obj=application, actor=actor, comment="Brouillon créé")
    return application


def _locked_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("edition", "organisation")
        .get(pk=application.pk)
    )


def missing_fields(application: Application) -> list[str]:
    """What the application lacks to be complete (French, for the message)."""
    return [label for name, label in REQUIRED_FIELDS.items() if not getattr(application, name)]


def _check_complete(application: Application) -> None:
    missing = missing_fields(application)
    if missing:
        raise BusinessError(
            "La candidature est incomplète : il manque " + ", ".join(missing) + ".",
            errors={
                name: ["Champ obligatoire."]
                for name in REQUIRED_FIELDS
                if not getattr(application, name)
            },
        )


@transaction.atomic
def application_update(
    *,
    actor: User,
    application: Application,
    category: Category | None = None,
    co_applicants: Iterable[Organisation] | None = None,
    communs: Iterable[Commun] | None = None,
    **fields,
) -> Application:
    """Change a draft or a deposited application while the call is open; a deposited one
    must stay complete."""
    perms.application_rights(actor, application).require("is_applicant", perms.APPLICANTS_ONLY)
    locked = _locked_application(application)
    _check_call_open(locked.edition)
    if locked.status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED):
        raise BusinessError("Cette candidature ne peut plus être modifiée.", status=409)
    cleaned = _clean_fields(fields)
    if "title" in cleaned:
        key = project_key(cleaned["title"])
        if (
            Application.objects.filter(
                edition_id=locked.edition_id,
                organisation_id=locked.organisation_id,
                project_key=key,
            )
            .exclude(pk=locked.pk)
            .exists()
        ):
            raise BusinessError(
                f"{locked.organisation.name} a déjà une candidature pour ce projet.",
                errors={"title": ["Une candidature existe déjà pour ce projet."]},
                status=409,
            )
        cleaned["project_key"] = key
    if category is not None:
        _check_category(locked.edition, category)
        cleaned["category"] = category
    for name, value in cleaned.items():
        setattr(locked, name, value)
    if locked.status == ApplicationStatus.SUBMITTED:
        _check_complete(locked)
    locked.save()
    if co_applicants is not None:
        locked.co_applicants.set(_check_co_applicants(locked.organisation, co_applicants))
    if communs is not None:
        locked.communs.set(_check_communs(communs))
    return locked


@transaction.atomic
def application_submit(*, actor: User, application: Application) -> Application:
    """A référent deposits a complete application; they get a confirmation e-mail."""
    perms.application_rights(actor, application).require("is_referent", perms.REFERENTS_ONLY)
    locked = _locked_application(application)
    _check_call_open(locked.edition)
    _check_complete(locked)
    transition_apply(obj=locked, name="submit", actor=actor)
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["submitted_at"])
    if actor.email:
        notifications.submission_email_send(application=locked, to=actor.email)
    return locked


@transaction.atomic
def application_withdraw(
    *, actor: User, application: Application, comment: str = ""
) -> Application:
    """A référent withdraws the application, until the final; its sheets still to score are
    withdrawn from its jurors."""
    perms.application_rights(actor, application).require("is_referent", perms.REFERENTS_ONLY)
    locked = _locked_application(application)
    if timezone.now() >= locked.edition.final_at:
        raise BusinessError("La finale a eu lieu : la candidature ne peut plus être retirée.")
    transition_apply(obj=locked, name="withdraw", actor=actor, comment=comment)
    for assignment in locked.assignments.filter(status=SheetStatus.TODO):
        transition_apply(obj=assignment, name="cancel", actor=actor, comment="Candidature retirée")
    return locked


REPORT_BUDGET_BANDS = {
    BudgetBand.UNDER_10K: ReportBudgetBand.UNDER_10K,
    BudgetBand.UNDER_50K: ReportBudgetBand.UNDER_50K,
    BudgetBand.UNDER_200K: ReportBudgetBand.UNDER_200K,
    BudgetBand.UNDER_1M: ReportBudgetBand.OVER_200K,
    BudgetBand.OVER_1M: ReportBudgetBand.OVER_200K,
}


@transaction.atomic
def report_from_laureate(*, actor: User, application: Application) -> ExperienceReport:
    """One click: a laureate's project becomes a draft experience report of the catalogue of
    communs, prefilled from the application, its collectivité first author (the report's own
    service checks that the actor is one of its members). A second click opens the same
    draft."""
    locked = _locked_application(application)
    if locked.status != ApplicationStatus.LAUREATE or locked.edition.status != (
        EditionStatus.PUBLISHED
    ):
        raise BusinessError(
            "Seul un projet distingué au palmarès publié devient un retour d’expérience.",
            status=409,
        )
    if locked.report_id is not None:
        return locked.report
    report = report_create(
        actor=actor,
        organisation=locked.organisation,
        data={
            "title": locked.title,
            "context": locked.context,
            "problem": locked.summary or locked.description,
            "steps": locked.description,
            "budget_band": REPORT_BUDGET_BANDS.get(locked.budget_band, ""),
            "results": locked.results,
        },
        communs=locked.communs.filter(status=CommunStatus.PUBLISHED),
    )
    locked.report = report
    locked.save(update_fields=["report"])
    transition_log_note(
        obj=locked, actor=actor, comment="Retour d’expérience commencé dans le catalogue"
    )
    return report


# Magic bytes of the accepted files: the type is read from the content, never the name.
SIGNATURES = (
    (b"%PDF-", AttachmentKind.PDF),
    (b"\x89PNG\r\n\x1a\n", AttachmentKind.PNG),
    (b"\xff\xd8\xff", AttachmentKind.JPEG),
)


def attachment_kind(head: bytes) -> str | None:
    """The kind of a file from its first bytes, or None for anything but PDF and images."""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return AttachmentKind.WEBP
    return None


@transaction.atomic
def attachment_add(*, actor: User, application: Application, upload) -> Attachment:
    """Join a PDF or an image (by its content) of at most ``AWARDS_ATTACHMENT_MAX_BYTES``,
    stored through Django's storage (object storage in production)."""
    rights = perms.application_rights(actor, application)
    rights.require("is_applicant", perms.APPLICANTS_ONLY)
    locked = _locked_application(application)
    _check_call_open(locked.edition)
    limit = settings.AWARDS_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise BusinessError(
            f"Le fichier dépasse la taille maximale de {limit // (1024 * 1024)} Mo.",
            errors={"file": ["Fichier trop volumineux."]},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = attachment_kind(head)
    if kind is None:
        raise BusinessError(
            "Seuls les documents PDF et les images (PNG, JPEG, WebP) sont acceptés : le contenu "
            "de ce fichier n’en est pas un, quelle que soit son extension.",
            errors={"file": ["Type de fichier refusé."]},
        )
    if locked.attachments.count() >= settings.AWARDS_ATTACHMENTS_PER_APPLICATION:
        raise BusinessError(
            f"Une candidature compte au plus {settings.AWARDS_ATTACHMENTS_PER_APPLICATION} "
            "pièces jointes."
        )
    name = (getattr(upload, "name", "") or "piece-jointe").rsplit("/", 1)[-1][:200]
    attachment = Attachment(
        application=locked, name=name, kind=kind, size=upload.size, uploaded_by=actor
    )
    attachment.file.save("upload", ContentFile(upload.read()), save=False)
    attachment.save()
    return attachment


# ------------------------------------------------------------------ juries and assignment


@transaction.atomic
def jury_create(*, actor: User | None, edition: Edition, region=None, deadline: datetime) -> Jury:
    """The jury of a regional stage (``region``) or the national jury (no région)."""
    _check_staff(actor)
    if region is not None and region.kind not in (
        TerritoryKind.REGION,
        TerritoryKind.COLLECTIVITE_OUTRE_MER,
    ):
        raise BusinessError("Un jury régional est celui d’une région.")
    if edition.juries.filter(region=region).exists():
        raise BusinessError("Ce jury existe déjà pour cette édition.", status=409)
    return Jury.objects.create(edition=edition, region=region, deadline=deadline)


def _juror_kind(user: User) -> str:
    providers = set(Identity.objects.filter(user=user).values_list("provider", flat=True))
    if Provider.PROCONNECT in providers:
        return JurorKind.AGENT
    if Provider.FRANCECONNECT in providers:
        return JurorKind.EXPERT
    raise BusinessError(
        "Un juré se connecte avec ProConnect (agent public) ou FranceConnect (expert) : "
        f"{user} n’a encore utilisé ni l’un ni l’autre."
    )


@transaction.atomic
def juror_name(*, actor: User | None, jury: Jury, user: User, territory=None) -> Juror:
    """Name ``user`` to ``jury``: an agent (ProConnect) with their collectivité and its
    territory, or an expert (FranceConnect) with the territory staff gives, if any."""
    _check_staff(actor)
    kind = _juror_kind(user)
    if jury.jurors.filter(user=user).exists():
        raise BusinessError(f"{user} est déjà membre de ce jury.", status=409)
    organisation = None
    if kind == JurorKind.AGENT:
        membership = (
            Membership.objects.filter(user=user)
            .select_related("organisation")
            .order_by("pk")
            .first()
        )
        organisation = membership.organisation if membership else None
        if territory is None and organisation is not None:
            territory = organisation.territory
    return Juror.objects.create(
        jury=jury, user=user, kind=kind, organisation=organisation, territory=territory
    )


@dataclass(frozen=True)
class AssignmentResult:
    created: int
    short: dict[int, int]  # application id -> jurors missing because of conflicts
    balanced: bool


def _sheets_insert(*, jury: Jury, pairs: list[tuple[int, int]], actor, comment: str) -> None:
    """New sheets to score, and the first row of each one's log, written in bulk (thousands
    at the first assignment of a national-size jury)."""
    if not pairs:
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    bulk_insert(
        Assignment,
        ["application_id", "juror_id", "status", "manual", "comment", "created_at"],
        ((application, juror, SheetStatus.TODO, False, "", now) for application, juror in pairs),
    )
    wanted = set(pairs)
    created = [
        pk
        for pk, application, juror in Assignment.objects.filter(juror__jury=jury).values_list(
            "pk", "application_id", "juror_id"
        )
        if (application, juror) in wanted
    ]
    bulk_insert(
        AssignmentTransition,
        ["assignment_id", "actor_id", "from_status", "to_status", "comment", "created_at"],
        ((pk, actor.pk if actor else None, "", SheetStatus.TODO, comment, now) for pk in created),
    )


def _assign(*, actor: User | None, jury: Jury, comment: str) -> AssignmentResult:
    applications = list(jury_applications_to_assign(jury))
    jurors = list(jury.jurors.active())
    active = (
        Assignment.objects.active()
        .filter(juror__jury=jury, juror__withdrawn_at__isnull=True)
        .values_list("application_id", "juror_id", "manual", "status")
    )
    # Manual pairs and sheets already sent stay; the others may move to balance the loads.
    existing, movable = [], []
    for application_id, juror_id, manual, status in active:
        fixed = manual or status != SheetStatus.TODO
        (existing if fixed else movable).append((application_id, juror_id))
    plan = assignment_plan(
        selectors.application_profiles(applications),
        selectors.juror_profiles(jurors),
        existing=existing,
        movable=movable,
        declared=selectors.declared_pairs(jury),
        territories=jury.edition.exclude_territory_conflicts,
        per_application=JURORS_PER_APPLICATION,
    )
    for application_id, juror_id in plan.removed_pairs:
        moved = Assignment.objects.get(application_id=application_id, juror_id=juror_id)
        transition_apply(obj=moved, name="cancel", actor=actor, comment=comment)
    # A pair cancelled earlier (a conflict later lifted, a manual removal, a move) is given
    # back, its history kept; the others are new sheets, written in bulk with their first log.
    cancelled = {
        (row.application_id, row.juror_id): row
        for row in Assignment.objects.filter(juror__jury=jury, status=SheetStatus.CANCELLED)
    }
    new = []
    for pair in plan.new_pairs:
        if pair in cancelled:
            transition_apply(obj=cancelled[pair], name="reassign", actor=actor, comment=comment)
        else:
            new.append(pair)
    _sheets_insert(jury=jury, pairs=new, actor=actor, comment=comment)
    transitions_apply(
        objs=[item for item in applications if item.status == ApplicationStatus.SUBMITTED],
        name="assign",
        actor=actor,
        comment=str(jury),
    )
    return AssignmentResult(len(plan.new_pairs), plan.short, plan.balanced)


def jury_applications_to_assign(jury: Jury):
    """Those still in the running: deposited or under review (regional), finalists
    (national)."""
    if jury.is_national:
        return Application.objects.filter(
            edition_id=jury.edition_id, status=ApplicationStatus.FINALIST
        ).select_related("organisation")
    return Application.objects.filter(
        edition_id=jury.edition_id,
        region_id=jury.region_id,
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ASSIGNED],
    ).select_related("organisation")


def _check_assignable(jury: Jury) -> None:
    expected = EditionStatus.FINAL if jury.is_national else EditionStatus.REVIEW
    if jury.edition.status != expected:
        raise BusinessError(
            "Les candidatures sont confiées au jury national pendant la finale."
            if jury.is_national
            else "Les candidatures sont confiées aux jurys régionaux après la clôture de l’appel.",
            status=409,
        )


@transaction.atomic
def jury_assign(*, actor: User | None, jury: Jury) -> AssignmentResult:
    """Assign the jury's applications automatically, keeping the pairs already made."""
    _check_staff(actor)
    jury = Jury.objects.select_for_update().select_related("edition").get(pk=jury.pk)
    _check_assignable(jury)
    return _assign(actor=actor, jury=jury, comment="Affectation automatique")


@transaction.atomic
def juror_withdraw(*, actor: User | None, juror: Juror, comment: str = "") -> AssignmentResult:
    """The juror leaves the jury: their sheets still to score go to the others, and the
    assignment is completed again; what they sent stays."""
    _check_staff(actor)
    jury = Jury.objects.select_for_update().select_related("edition").get(pk=juror.jury_id)
    juror = Juror.objects.select_for_update().get(pk=juror.pk)
    if juror.withdrawn_at is not None:
        raise BusinessError(f"{juror} a déjà quitté ce jury.", status=409)
    juror.withdrawn_at = timezone.now()
    juror.save(update_fields=["withdrawn_at"])
    for assignment in juror.assignments.filter(status=SheetStatus.TODO):
        transition_apply(
            obj=assignment, name="cancel", actor=actor, comment=comment or "Juré retiré du jury"
        )
    return _assign(actor=actor, jury=jury, comment=f"Réaffectation après le retrait de {juror}")


@transaction.atomic
def conflict_declare(
    *, actor: User, juror: Juror, application: Application, reason: str
) -> DeclaredConflict:
    """The juror (or staff for them) declares a conflict of interest: the application is
    withdrawn from them and given to another juror."""
    if actor.pk != juror.user_id:
        _check_staff(actor)
    reason = reason.strip()
    if not reason:
        raise BusinessError("Précisez la nature du conflit d’intérêts.")
    jury = Jury.objects.select_for_update().select_related("edition").get(pk=juror.jury_id)
    conflict, _ = DeclaredConflict.objects.get_or_create(
        juror=juror, application=application, defaults={"reason": reason}
    )
    for assignment in Assignment.objects.filter(
        juror=juror, application=application, status=SheetStatus.TODO
    ):
        transition_apply(
            obj=assignment, name="cancel", actor=actor, comment="Conflit d’intérêts déclaré"
        )
    if jury.edition.status in (EditionStatus.REVIEW, EditionStatus.FINAL):
        _assign(actor=actor, jury=jury, comment="Réaffectation après un conflit d’intérêts")
    return conflict


@transaction.atomic
def assignment_add(*, actor: User | None, juror: Juror, application: Application) -> Assignment:
    """Staff gives an application to a juror by hand; never to one in conflict."""
    _check_staff(actor)
    reason = selectors.juror_conflict(juror, application)
    if reason is not None:
        raise BusinessError(f"{juror} ne peut pas examiner cette candidature : {reason}.")
    if juror.withdrawn_at is not None:
        raise BusinessError(f"{juror} a quitté ce jury.")
    if Assignment.objects.active().filter(juror=juror, application=application).exists():
        raise BusinessError(f"Cette candidature est déjà confiée à {juror}.", status=409)
    assignment = Assignment.objects.filter(
        juror=juror, application=application, status=SheetStatus.CANCELLED
    ).first()
    if assignment is not None:
        transition_apply(
            obj=assignment, name="reassign", actor=actor, comment="Affectation manuelle"
        )
        assignment.manual = True
        assignment.save(update_fields=["manual"])
        return assignment
    assignment = Assignment.objects.create(juror=juror, application=application, manual=True)
    transition_log_initial(obj=assignment, actor=actor, comment="Affectation manuelle")
    return assignment


@transaction.atomic
def assignment_remove(
    *, actor: User | None, assignment: Assignment, comment: str = ""
) -> Assignment:
    """Staff takes back an application not yet scored from a juror."""
    _check_staff(actor)
    return transition_apply(
        obj=assignment, name="cancel", actor=actor, comment=comment or "Retrait manuel"
    )


# ------------------------------------------------------------------ score sheets


@dataclass(frozen=True)
class MarkInput:
    mark: object  # as typed: checked here
    comment: str = ""


def _parse_mark(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        mark = int(str(value).strip())
    except ValueError:
        return -1
    return mark if str(mark) == str(value).strip() else -1


@transaction.atomic
def sheet_score(
    *,
    actor: User,
    assignment: Assignment,
    marks: Mapping[int, MarkInput],
    comment: str = "",
) -> Assignment:
    """The juror marks each criterion from 0 to 5 with a comment and sends the sheet; sent
    again until the jury's deadline, it is a logged change of score."""
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("juror__jury__edition", "application__edition")
        .get(pk=assignment.pk)
    )
    juror = locked.juror
    if juror.user_id != actor.pk or juror.withdrawn_at is not None:
        raise BusinessError(perms.NOT_ASSIGNED, status=403)
    if locked.status == SheetStatus.CANCELLED:
        raise BusinessError(perms.NOT_ASSIGNED, status=403)
    reason = selectors.juror_conflict(juror, locked.application)
    if reason is not None:
        raise BusinessError(f"Vous ne pouvez pas noter cette candidature : {reason}.", status=403)
    if juror.jury.scoring_closed():
        raise BusinessError(
            "La date limite de notation de ce jury est passée : les notes sont figées.",
            status=409,
        )
    if locked.application.status == ApplicationStatus.WITHDRAWN:
        raise BusinessError("Cette candidature a été retirée.", status=409)
    criteria = {criterion.pk: criterion for criterion in locked.application.edition.criteria.all()}
    errors: dict[str, list[str]] = {}
    parsed: dict[int, tuple[int, str]] = {}
    for key, value in marks.items():
        if key not in criteria:
            raise BusinessError("Ce critère n’appartient pas à la grille de cette édition.")
        mark = _parse_mark(value.mark)
        if mark is None:
            continue
        if not MARK_MIN <= mark <= MARK_MAX:
            errors[f"mark_{key}"] = [
                f"La note de « {criteria[key].name} » doit être un nombre entier de 0 à 5."
            ]
            continue
        parsed[key] = (mark, str(value.comment or "").strip())
    for key, criterion in criteria.items():
        if criterion.mandatory and key not in parsed and f"mark_{key}" not in errors:
            errors[f"mark_{key}"] = [f"Le critère « {criterion.name} » est obligatoire."]
    if errors:
        raise BusinessError(
            " ".join(text for texts in errors.values() for text in texts), errors=errors
        )
    rescore = locked.status == SheetStatus.SUBMITTED
    previous = locked.total
    locked.scores.all().delete()
    Score.objects.bulk_create(
        Score(assignment=locked, criterion_id=key, mark=mark, comment=text)
        for key, (mark, text) in parsed.items()
    )
    locked.total = sheet_total(
        {key: mark for key, (mark, _) in parsed.items()},
        {key: criterion.weight for key, criterion in criteria.items()},
    )
    locked.comment = comment.strip()
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["total", "comment", "submitted_at"])
    transition_apply(
        obj=locked,
        name="rescore" if rescore else "score",
        actor=actor,
        comment=(
            f"Note pondérée {previous:.2f} → {locked.total:.2f}"
            if rescore
            else f"Note pondérée {locked.total:.2f}"
        ),
    )
    return locked


# ------------------------------------------------------------------ finalists and final


@transaction.atomic
def finalists_select(
    *, actor: User | None, edition: Edition, application_ids: Iterable[int], reason: str
) -> list[Application]:
    """Staff chooses the finalists among the applications under review, with a written
    reason; the others are not retained; every applicant is told by e-mail. The edition
    moves on to its final."""
    _check_staff(actor)
    locked_edition = _locked_edition(edition)
    if locked_edition.status != EditionStatus.REVIEW:
        raise BusinessError("Les finalistes se choisissent pendant la présélection.", status=409)
    reason = reason.strip()
    if not reason:
        raise BusinessError(
            "Motivez le choix des finalistes.", errors={"reason": ["Champ obligatoire."]}
        )
    chosen = set(application_ids)
    candidates = list(
        locked_edition.applications.filter(status=ApplicationStatus.ASSIGNED).select_related(
            "category", "edition", "organisation", "created_by"
        )
    )
    if not chosen or not chosen <= {application.pk for application in candidates}:
        raise BusinessError("Choisissez les finalistes parmi les candidatures examinées.")
    if len(chosen) > locked_edition.finalists_count:
        raise BusinessError(
            f"Cette édition compte au plus {locked_edition.finalists_count} finalistes ; "
            f"vous en avez choisi {len(chosen)}."
        )
    per_category: dict[int, int] = {}
    for application in candidates:
        if application.pk in chosen:
            per_category[application.category_id] = per_category.get(application.category_id, 0) + 1
    for category in locked_edition.categories.all():
        if category.quota is not None and per_category.get(category.pk, 0) > category.quota:
            raise BusinessError(
                f"La catégorie « {category.name} » compte au plus {category.quota} "
                f"finaliste{'s' if category.quota > 1 else ''}."
            )
    for application in candidates:
        application.selection_reason = reason
        application.save(update_fields=["selection_reason"])
        transition_apply(
            obj=application,
            name="select" if application.pk in chosen else "not_select",
            actor=actor,
            comment=reason,
        )
        notifications.selection_email_send(application=application)
    transition_apply(obj=locked_edition, name="announce", actor=actor, comment=reason)
    edition.status = locked_edition.status
    return [application for application in candidates if application.pk in chosen]


def is_citizen(user: User) -> bool:
    return Identity.objects.filter(user=user, provider=Provider.FRANCECONNECT).exists()


def vote_cast(*, actor: User, edition: Edition, application: Application) -> PublicVote:
    """A citizen signed in with FranceConnect votes once per edition for a finalist."""
    if not is_citizen(actor):
        raise BusinessError(
            "Le prix du public est voté par les citoyens connectés avec FranceConnect.",
            status=403,
        )
    if not perms.vote_open(edition):
        raise BusinessError("Le vote du public n’est pas ouvert pour cette édition.", status=409)
    if application.edition_id != edition.pk or application.status != ApplicationStatus.FINALIST:
        raise BusinessError("Votez pour l’un des projets finalistes de cette édition.")
    refusal = BusinessError("Vous avez déjà voté pour cette édition.", status=409)
    try:
        with transaction.atomic():
            return PublicVote.objects.create(edition=edition, user=actor, application=application)
    except IntegrityError as error:
        raise refusal from error


@dataclass(frozen=True)
class AwardInput:
    application_id: int
    kind: str
    title: str = ""


@transaction.atomic
def awards_record(
    *, actor: User | None, edition: Edition, deliberation: str, awards: Iterable[AwardInput]
) -> list[Application]:
    """Staff records the national jury's deliberation and the labels and mentions it awards
    to finalists; the laureates are told by e-mail."""
    _check_staff(actor)
    locked_edition = _locked_edition(edition)
    if locked_edition.status != EditionStatus.FINAL:
        raise BusinessError("Les labels sont décernés lors de la finale.", status=409)
    deliberation = deliberation.strip()
    if not deliberation:
        raise BusinessError(
            "Consignez la délibération du jury national.",
            errors={"deliberation": ["Champ obligatoire."]},
        )
    awards = list(awards)
    if not awards:
        raise BusinessError("Choisissez au moins un projet à distinguer.")
    finalists = locked_edition.applications.filter(status=ApplicationStatus.FINALIST).in_bulk()
    awarded = []
    for award in awards:
        application = finalists.get(award.application_id)
        if application is None:
            raise BusinessError("Seul un projet finaliste peut être distingué.")
        if award.kind not in AwardKind.values:
            raise BusinessError("Choisissez un label ou une mention.")
        if award.kind == AwardKind.MENTION and not award.title.strip():
            raise BusinessError("Donnez un intitulé à la mention.")
        application.award_kind = award.kind
        application.award_title = award.title.strip() if award.kind == AwardKind.MENTION else ""
        application.save(update_fields=["award_kind", "award_title"])
        transition_apply(
            obj=application, name="award", actor=actor, comment=application.award_label
        )
        notifications.award_email_send(application=application)
        awarded.append(application)
    locked_edition.deliberation = deliberation
    locked_edition.save(update_fields=["deliberation"])
    transition_log_note(obj=locked_edition, actor=actor, comment="Délibération consignée")
    edition.deliberation = deliberation
    return awarded


def reminders_send(*, now: datetime | None = None) -> int:
    """E-mail each active juror who has sheets to score in a jury whose deadline has not
    passed; returns the number of e-mails."""
    now = now or timezone.now()
    pending: dict[tuple[int, str], list[Assignment]] = {}
    for assignment in (
        Assignment.objects.filter(
            status=SheetStatus.TODO,
            juror__withdrawn_at__isnull=True,
            juror__jury__deadline__gt=now,
        )
        .exclude(application__status=ApplicationStatus.WITHDRAWN)
        .exclude(juror__user__email__isnull=True)
        .exclude(juror__user__email="")
        .select_related("juror__jury__edition", "juror__jury__region", "juror__user")
        .order_by("juror_id", "pk")
    ):
        pending.setdefault((assignment.juror_id, assignment.juror.user.email), []).append(
            assignment
        )
    with transaction.atomic():
        for (_, address), assignments in pending.items():
            notifications.reminder_email_send(to=address, assignments=assignments)
    return len(pending)
