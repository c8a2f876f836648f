"""Writes of the observatory: campaigns, assessments and answers.

Every service is one transaction. A service checks the rights of its actor
(``perms.py``; ``None`` is an operator running a management command) and refuses what
they may not do, then what the state of the campaign or of the assessment forbids, with
a ``BusinessError`` whose message is French, shown as is. Every change to an answer
leaves an ``AnswerChange`` row, every move of a workflow a transition row (through
``core.workflows.transition_apply``), and the assessment is rescored after every save of
its answers.
"""

from collections.abc import Iterable

from django.core import exceptions
from django.db import IntegrityError, transaction
from django.utils import timezone

from territoires.accounts.models import User
from territoires.core.errors import BusinessError
from territoires.core.formats import number
from territoires.core.workflows import (
    transition_apply,
    transition_log_initial,
    transition_log_note,
)
from territoires.geo.models import Territory
from territoires.observatory import perms, selectors
from territoires.observatory.answers import AnswerInput, stored_answer
from territoires.observatory.demo import demo_campaign_delete
from territoires.observatory.enums import (
    AssessmentStatus,
    CampaignStatus,
    Publication,
    Questionnaire,
)
from territoires.observatory.framework import available_editions, get_framework
from territoires.observatory.models import (
    Answer,
    AnswerChange,
    Assessment,
    Campaign,
)
from territoires.observatory.results import (
    assessment_rescore,
    campaign_recompute,
    results_changed_on_commit,
)

# ------------------------------------------------------------------ campaigns


def _check_manager(actor: User | None) -> None:
    """Campaigns are run by the network's staff, or by an operator (``actor`` None)."""
    if actor is not None:
        perms.campaign_rights(actor).require("can_manage", perms.STAFF_ONLY)


def campaign_create(*, actor: User | None, year: int, edition: int, title: str = "") -> Campaign:
    """A new campaign, in preparation, using the framework of ``edition``.

    A demo campaign never blocks a real one: the demo of ``year``, if there is one, is deleted
    with its synthetic assessments (``campaign.replaced_demo`` then says so).
    """
    _check_manager(actor)
    if edition not in available_editions():
        raise BusinessError(f"Aucun référentiel n’existe pour l’édition {edition}.")
    with transaction.atomic():
        existing = Campaign.objects.select_for_update().filter(year=year).first()
        if existing is not None and not existing.is_demo:
            raise BusinessError(f"Une campagne existe déjà pour l’année {year}.", status=409)
        if existing is not None:
            demo_campaign_delete(campaign=existing)
        try:
            with transaction.atomic():
                campaign = Campaign.objects.create(
                    year=year,
                    edition=edition,
                    framework_version=get_framework(edition).version,
                    title=title.strip() or f"Observatoire de la maturité numérique {year}",
                )
        except IntegrityError as error:
            raise BusinessError(
                f"Une campagne existe déjà pour l’année {year}.", status=409
            ) from error
        transition_log_initial(obj=campaign, actor=actor, comment="Création de la campagne")
    campaign.replaced_demo = existing is not None
    return campaign


@transaction.atomic
def campaign_open(*, actor: User, campaign: Campaign, comment: str = "") -> Campaign:
    """Open the campaign to answers (first opening, or again after closing)."""
    _check_manager(actor)
    return transition_apply(obj=campaign, name="open", actor=actor, comment=comment)


@transaction.atomic
def campaign_close(*, actor: User, campaign: Campaign, comment: str = "") -> Campaign:
    """Close the campaign: from now on, answers are frozen."""
    _check_manager(actor)
    return transition_apply(obj=campaign, name="close", actor=actor, comment=comment)


@transaction.atomic
def campaign_publish(*, actor: User, campaign: Campaign, comment: str = "") -> Campaign:
    """Publish the results: scores of every assessment and peer statistics are recomputed."""
    _check_manager(actor)
    published = transition_apply(obj=campaign, name="publish", actor=actor, comment=comment)
    campaign_recompute(campaign=published)
    return published


def assessments_text(count: int) -> str:
    """« 1 évaluation », « 12 évaluations »."""
    return f"{number(count)} évaluation{'s' if count > 1 else ''}"


@transaction.atomic
def campaign_framework_upgrade(*, actor: User | None, campaign: Campaign) -> int:
    """Move the campaign to the current version of its edition's framework and rescore it.

    A version corrects an edition during its year (a legal reference, a rule, a
    question): the scores of every assessment and the peer statistics are
    recomputed with it, and the campaign's history records the move, with the
    number of assessments rescored. Answers are kept as they are. Refused when the
    campaign already uses that version. Returns the number of assessments scored.
    """
    _check_manager(actor)
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    version = get_framework(locked.edition).version
    if locked.framework_version == version:
        raise BusinessError(
            f"La campagne « {locked.title} » utilise déjà la version {version} du référentiel.",
            status=409,
        )
    previous = locked.framework_version
    locked.framework_version = version
    locked.save(update_fields=["framework_version"])
    scored = campaign_recompute(campaign=locked)
    transition_log_note(
        obj=locked,
        actor=actor,
        comment=(
            f"Référentiel {locked.edition} passé de la version {previous or 'initiale'} à la "
            f"version {version} ; scores recalculés pour {assessments_text(scored)}."
        ),
    )
    campaign.framework_version = version
    return scored


# The service of each move of ``CAMPAIGN_WORKFLOW``, by transition name.
CAMPAIGN_MOVES = {"open": campaign_open, "close": campaign_close, "publish": campaign_publish}


# ------------------------------------------------------------------ assessments


def _check_open(campaign: Campaign) -> None:
    if campaign.answers_frozen:
        raise BusinessError(
            f"La campagne « {campaign.title} » est close : les réponses ne peuvent plus "
            "être modifiées.",
            status=409,
        )
    if campaign.status != CampaignStatus.OPEN:
        raise BusinessError(
            f"La campagne « {campaign.title} » n’est pas encore ouverte.", status=409
        )


def _check_editable(assessment: Assessment) -> None:
    _check_open(assessment.campaign)
    if assessment.status != AssessmentStatus.DRAFT:
        raise BusinessError(
            "L’évaluation a été soumise : elle ne peut plus être modifiée. L’équipe du réseau "
            "peut la rouvrir si nécessaire.",
            status=409,
        )


def _check_rights(actor: User, assessment: Assessment, right: str, message: str) -> None:
    """Refuse unless ``actor`` holds ``right`` in the collectivité's space (the state of
    the assessment is checked on its locked row)."""
    perms.territory_rights(actor, assessment.territory_id).require(right, message)


def _locked(assessment: Assessment) -> Assessment:
    """The assessment row, locked until the end of the transaction, with its current state."""
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("campaign", "territory")
        .get(pk=assessment.pk)
    )


def _check_questionnaire(territory: Territory, campaign: Campaign, questionnaire: str) -> None:
    if questionnaire not in Questionnaire.values:
        raise BusinessError("Choisissez le questionnaire complet ou le questionnaire allégé.")
    light = get_framework(campaign.edition).light_questionnaire
    if questionnaire == Questionnaire.LIGHT and not light.eligible(
        kind=territory.kind, population=territory.population
    ):
        raise BusinessError(
            f"Le {light.name.lower()} est réservé aux communes de moins de "
            f"{number(light.population_below)} habitants."
        )


@transaction.atomic
def assessment_start(
    *, actor: User, campaign: Campaign, territory: Territory, questionnaire: str
) -> Assessment:
    """The collectivité's assessment of an open campaign, created once, and scored."""
    perms.territory_rights(actor, territory.pk).require("can_answer", perms.MEMBERS_ONLY)
    _check_open(campaign)
    _check_questionnaire(territory, campaign, questionnaire)
    assessment, created = Assessment.objects.get_or_create(
        campaign=campaign, territory=territory, defaults={"questionnaire": questionnaire}
    )
    if created:
        assessment_rescore(assessment=assessment)
    return assessment


@transaction.atomic
def assessment_questionnaire_set(
    *, actor: User, assessment: Assessment, questionnaire: str
) -> Assessment:
    """Switch between the full and the light questionnaire; answers are kept either way."""
    _check_rights(actor, assessment, "can_answer", perms.MEMBERS_ONLY)
    assessment = _locked(assessment)
    _check_editable(assessment)
    _check_questionnaire(assessment.territory, assessment.campaign, questionnaire)
    assessment.questionnaire = questionnaire
    assessment.save(update_fields=["questionnaire"])
    assessment_rescore(assessment=assessment)
    return assessment


@transaction.atomic
def assessment_submit(*, actor: User, assessment: Assessment) -> Assessment:
    """Submit the assessment (by a référent); it becomes read-only.

    The questionnaire must be complete enough for an index to exist.
    """
    _check_rights(actor, assessment, "can_decide", perms.REFERENTS_ONLY)
    assessment = _locked(assessment)
    _check_editable(assessment)
    score = assessment_rescore(assessment=assessment)
    threshold = get_framework(assessment.campaign.edition).completeness_threshold
    if score.completeness < threshold:
        raise BusinessError(
            f"Traitez au moins {number(threshold)} % des questions avant de soumettre "
            f"l’évaluation (complétude actuelle : {number(round(score.completeness))} %).",
            status=409,
        )
    transition_apply(obj=assessment, name="submit", actor=actor)
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = actor
    assessment.save(update_fields=["submitted_at", "submitted_by"])
    return assessment


@transaction.atomic
def assessment_reopen(*, actor: User, assessment: Assessment, comment: str) -> Assessment:
    """Staff sends a submitted assessment back to draft, saying why."""
    _check_rights(actor, assessment, "can_reopen", perms.STAFF_ONLY)
    if not comment.strip():
        raise BusinessError("Indiquez pourquoi l’évaluation est rouverte.")
    assessment = _locked(assessment)
    _check_open(assessment.campaign)
    transition_apply(obj=assessment, name="reopen", actor=actor, comment=comment.strip())
    assessment.submitted_at = None
    assessment.submitted_by = None
    assessment.save(update_fields=["submitted_at", "submitted_by"])
    return assessment


@transaction.atomic
def assessment_publication_set(
    *, actor: User, assessment: Assessment, publication: str
) -> Assessment:
    """What the collectivité publishes of its results (a référent's choice, at any time).

    Every figure cached from the campaign's results is dropped once the choice is stored:
    a withdrawal shows at once on every page, file and API response."""
    _check_rights(actor, assessment, "can_decide", perms.REFERENTS_ONLY)
    if publication not in Publication.values:
        raise BusinessError("Choisissez ce que la collectivité publie parmi les choix proposés.")
    assessment = _locked(assessment)
    assessment.publication = publication
    assessment.save(update_fields=["publication"])
    # What the public pages, figures and files show of the collectivité changes with it.
    results_changed_on_commit(assessment.campaign_id)
    return assessment


# ------------------------------------------------------------------ answers


def _answer_write(
    *, actor: User, assessment: Assessment, answers: dict[str, Answer], code: str, status, value
) -> bool:
    """Store one answer and its history row, and keep ``answers`` (the assessment's, read
    once by the save, scored from memory after it) as stored; False when nothing changes."""
    current = answers.get(code)
    old_status = current.status if current else None
    old_value = current.value if current else None
    if (old_status, old_value) == (status, value):
        return False
    if status is None:
        current.delete()
        del answers[code]
    elif current is None:
        answers[code] = Answer.objects.create(
            assessment=assessment,
            indicator_code=code,
            status=status,
            value=value,
            updated_by=actor,
        )
    else:
        current.status, current.value = status, value
        current.updated_at, current.updated_by = timezone.now(), actor
        current.save(update_fields=["status", "value", "updated_at", "updated_by"])
    AnswerChange.objects.create(
        assessment=assessment,
        indicator_code=code,
        user=actor,
        old_status=old_status,
        old_value=old_value,
        new_status=status,
        new_value=value,
    )
    return True


NOT_ASKED = "Cette question ne fait pas partie de votre questionnaire."
ANSWERS_REFUSED = "Certaines réponses sont à corriger : rien n’a été enregistré."


@transaction.atomic
def answers_save(
    *, actor: User, assessment: Assessment, answers: dict[str, AnswerInput]
) -> list[str]:
    """Save the answers given by indicator code, all or none; returns the codes changed.

    Every value is checked first: one bad value refuses the whole save, with a
    ``BusinessError`` whose ``errors`` map each code to its messages.
    """
    _check_rights(actor, assessment, "can_answer", perms.MEMBERS_ONLY)
    assessment = _locked(assessment)
    _check_editable(assessment)
    asked = selectors.asked_indicators(assessment)
    errors, stored = {}, {}
    for code, given in answers.items():
        indicator = asked.get(code)
        if indicator is None:
            errors[code] = [NOT_ASKED]
            continue
        try:  # the answer's value is checked as a form checks it
            stored[code] = stored_answer(indicator, given)
        except exceptions.ValidationError as error:
            errors[code] = error.messages
    if errors:
        raise BusinessError(ANSWERS_REFUSED, errors=errors)
    current = selectors.answers_by_code(assessment)
    changed = [
        code
        for code, (status, value) in stored.items()
        if _answer_write(
            actor=actor,
            assessment=assessment,
            answers=current,
            code=code,
            status=status,
            value=value,
        )
    ]
    if changed:  # saving as one types posts the same answer again and again
        assessment_rescore(assessment=assessment, answers=current.values())
    return changed


@transaction.atomic
def prefill_confirm(
    *, actor: User, assessment: Assessment, indicator_codes: Iterable[str]
) -> list[str]:
    """Take the proposals from the previous campaign's answers for these questions.

    Only questions without an answer yet are filled; returns the codes saved.
    """
    _check_rights(actor, assessment, "can_answer", perms.MEMBERS_ONLY)
    assessment = _locked(assessment)
    _check_editable(assessment)
    current = selectors.answers_by_code(assessment)
    proposals = selectors.prefill_proposals(
        assessment, asked=selectors.asked_indicators(assessment), answered=current.keys()
    )
    saved = [
        code
        for code in indicator_codes
        if code in proposals
        and _answer_write(
            actor=actor,
            assessment=assessment,
            answers=current,
            code=code,
            status=proposals[code].status,
            value=proposals[code].value,
        )
    ]
    if not saved:
        raise BusinessError(
            "Aucune réponse de la campagne précédente n’est à reprendre.", status=409
        )
    assessment_rescore(assessment=assessment, answers=current.values())
    return saved
