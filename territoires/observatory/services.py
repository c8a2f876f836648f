"""Writes of the observatory: campaigns, assessments and answers.

Every service is one transaction. A service checks the rights of its actor
(``perms.py``) and refuses what they may not do, then what the state of the
campaign or of the assessment forbids, with a ``BusinessError`` whose message is
French, shown as is. Every change to an answer leaves an ``AnswerChange`` row,
every move of a workflow a transition row, and the assessment is rescored after
every save of its answers.
"""

from collections.abc import Iterable

from django.core import exceptions
from django.db import IntegrityError, transaction
from django.utils import timezone

from territoires.accounts.models import User
from territoires.core.errors import BusinessError
from territoires.core.formats import number
from territoires.geo.models import Territory
from territoires.observatory import perms, selectors
from territoires.observatory.answers import AnswerInput, stored_answer
from territoires.observatory.enums import (
    ASSESSMENT_TRANSITIONS,
    CAMPAIGN_TRANSITIONS,
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
    AssessmentTransition,
    Campaign,
    CampaignTransition,
)
from territoires.observatory.results import assessment_rescore, campaign_recompute

# The workflow moves below still say ``ValidationError`` until they move onto core's
# workflow mechanism; it is the one business error.
ValidationError = BusinessError

# ------------------------------------------------------------------ campaigns


def _check_manager(actor: User) -> None:
    perms.campaign_rights(actor).require("can_manage", perms.STAFF_ONLY)


def campaign_create(*, actor: User, year: int, edition: int, title: str = "") -> Campaign:
    """A new campaign, in preparation, using the framework of ``edition``."""
    _check_manager(actor)
    if edition not in available_editions():
        raise BusinessError(f"Aucun référentiel n’existe pour l’édition {edition}.")
    with transaction.atomic():
        if Campaign.objects.filter(year=year).exists():
            raise BusinessError(f"Une campagne existe déjà pour l’année {year}.", status=409)
        try:
            with transaction.atomic():
                campaign = Campaign.objects.create(
                    year=year,
                    edition=edition,
                    title=title.strip() or f"Observatoire de la maturité numérique {year}",
                )
        except IntegrityError as error:
            raise BusinessError(
                f"Une campagne existe déjà pour l’année {year}.", status=409
            ) from error
        CampaignTransition.objects.create(
            campaign=campaign,
            actor=actor,
            from_status="",
            to_status=CampaignStatus.DRAFT,
            comment="Création de la campagne",
        )
    return campaign


def _campaign_move(*, actor: User, campaign: Campaign, to_status: str, comment: str) -> Campaign:
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if to_status not in CAMPAIGN_TRANSITIONS[CampaignStatus(locked.status)]:
        raise ValidationError(
            f"Une campagne « {locked.get_status_display().lower()} » ne peut pas passer "
            f"à l’état « {CampaignStatus(to_status).label.lower()} »."
        )
    CampaignTransition.objects.create(
        campaign=locked,
        actor=actor,
        from_status=locked.status,
        to_status=to_status,
        comment=comment,
    )
    locked.status = to_status
    locked.save(update_fields=["status"])
    campaign.status = to_status
    return locked


@transaction.atomic
def campaign_open(*, actor: User, campaign: Campaign, comment: str = "") -> Campaign:
    """Open the campaign to answers (first opening, or again after closing)."""
    _check_manager(actor)
    return _campaign_move(
        actor=actor, campaign=campaign, to_status=CampaignStatus.OPEN, comment=comment
    )


@transaction.atomic
def campaign_close(*, actor: User, campaign: Campaign, comment: str = "") -> Campaign:
    """Close the campaign: from now on, answers are frozen."""
    _check_manager(actor)
    return _campaign_move(
        actor=actor, campaign=campaign, to_status=CampaignStatus.CLOSED, comment=comment
    )


@transaction.atomic
def campaign_publish(*, actor: User, campaign: Campaign, comment: str = "") -> Campaign:
    """Publish the results: scores of every assessment and peer statistics are recomputed."""
    _check_manager(actor)
    published = _campaign_move(
        actor=actor, campaign=campaign, to_status=CampaignStatus.PUBLISHED, comment=comment
    )
    campaign_recompute(campaign=published)
    return published


CAMPAIGN_MOVES = {
    CampaignStatus.OPEN: campaign_open,
    CampaignStatus.CLOSED: campaign_close,
    CampaignStatus.PUBLISHED: campaign_publish,
}


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


def _assessment_move(
    *, actor: User, assessment: Assessment, to_status: str, comment: str = ""
) -> None:
    if to_status not in ASSESSMENT_TRANSITIONS[AssessmentStatus(assessment.status)]:
        raise ValidationError(
            f"Une évaluation « {assessment.get_status_display().lower()} » ne peut pas passer "
            f"à l’état « {AssessmentStatus(to_status).label.lower()} »."
        )
    AssessmentTransition.objects.create(
        assessment=assessment,
        actor=actor,
        from_status=assessment.status,
        to_status=to_status,
        comment=comment,
    )
    assessment.status = to_status


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
    _assessment_move(actor=actor, assessment=assessment, to_status=AssessmentStatus.SUBMITTED)
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = actor
    assessment.save(update_fields=["status", "submitted_at", "submitted_by"])
    return assessment


@transaction.atomic
def assessment_reopen(*, actor: User, assessment: Assessment, comment: str) -> Assessment:
    """Staff sends a submitted assessment back to draft, saying why."""
    _check_rights(actor, assessment, "can_reopen", perms.STAFF_ONLY)
    if not comment.strip():
        raise BusinessError("Indiquez pourquoi l’évaluation est rouverte.")
    assessment = _locked(assessment)
    _check_open(assessment.campaign)
    _assessment_move(
        actor=actor,
        assessment=assessment,
        to_status=AssessmentStatus.DRAFT,
        comment=comment.strip(),
    )
    assessment.submitted_at = None
    assessment.submitted_by = None
    assessment.save(update_fields=["status", "submitted_at", "submitted_by"])
    return assessment


@transaction.atomic
def assessment_publication_set(
    *, actor: User, assessment: Assessment, publication: str
) -> Assessment:
    """What the collectivité publishes of its results (a référent's choice, at any time)."""
    _check_rights(actor, assessment, "can_decide", perms.REFERENTS_ONLY)
    if publication not in Publication.values:
        raise BusinessError("Choisissez ce que la collectivité publie parmi les choix proposés.")
    assessment = _locked(assessment)
    assessment.publication = publication
    assessment.save(update_fields=["publication"])
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
