"""Writes on debates: each service checks the actor's rights (``perms``), refuses with a
French ``BusinessError`` that changes nothing, and does its work in one transaction; the
workflow moves go through ``core.workflows.transition_apply``."""

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from territoires.accounts.models import Organisation
from territoires.commons import services as commons_services
from territoires.commons.enums import CommunKind, CommunStatus
from territoires.commons.models import Commun
from territoires.core.errors import BusinessError
from territoires.core.formats import number
from territoires.core.jobs import job_enqueue_on_commit
from territoires.core.markdown import MARKDOWN_MAX_LENGTH
from territoires.core.workflows import transition_apply, transition_log_initial
from territoires.debates import documents, perms
from territoires.debates.enums import (
    ContributionKind,
    ContributionStatus,
    DebateStatus,
    Subject,
)
from territoires.debates.kits import kit_description, questions_from
from territoires.debates.models import (
    ANONYMOUS_NAME,
    CONTRIBUTION_MAX_LENGTH,
    QUESTIONS_MAX,
    Contribution,
    ContributionRevision,
    Debate,
    Document,
    Participant,
    Question,
    Report,
    Support,
)
from territoires.debates.notifications import hidden_email_send
from territoires.debates.tasks import synthesis_notify
from territoires.events.models import Event
from territoires.geo.enums import TerritoryKind

REASON_MAX_LENGTH = 1_000
PSEUDONYM_MAX_LENGTH = 40


def _text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    """``value`` stripped, or a refusal naming the field when it is empty, too long or holds
    a NUL character (which no database stores)."""
    text = (value or "").strip()
    if "\x00" in text:
        raise BusinessError(
            f"{label} contient un caractère non admis.", errors={field: ["Caractère non admis."]}
        )
    if required and not text:
        raise BusinessError(f"{label} est vide.", errors={field: ["Ce champ est obligatoire."]})
    if len(text) > max_length:
        message = (
            f"{label} ne doit pas dépasser {number(max_length)} caractères "
            f"({number(len(text))} caractères saisis)."
        )
        raise BusinessError(message, errors={field: [message]})
    return text


def territory_locations(territory) -> tuple[str, str]:
    """The codes of the département and région of a territory (its own for one of them)."""
    departement = territory.departement
    if territory.kind == TerritoryKind.DEPARTEMENT:
        departement = territory
    region = territory if territory.kind == TerritoryKind.REGION else territory.region
    if region is None and departement is not None:
        region = departement.region
    return (departement.code if departement else "", region.code if region else "")


def _clean_debate(
    *, title: str, subject: str, description: str, opens_on, closes_on, questions: list[str]
) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for field, label, value, max_length, required in (
        ("title", "Le titre", title, 200, True),
        ("description", "La présentation", description, MARKDOWN_MAX_LENGTH, False),
    ):
        try:
            cleaned[field] = _text(
                value, field=field, label=label, max_length=max_length, required=required
            )
        except BusinessError as error:
            errors.update(error.errors)
    if subject not in Subject.values:
        errors["subject"] = ["Choisissez un sujet de la liste."]
    if not isinstance(opens_on, datetime.date) or not isinstance(closes_on, datetime.date):
        errors["opens_on"] = ["Indiquez les dates d’ouverture et de clôture."]
    elif closes_on < opens_on:
        errors["closes_on"] = ["La date de clôture ne peut pas précéder la date d’ouverture."]
    texts = [text.strip() for text in questions if text and text.strip()]
    if not 1 <= len(texts) <= QUESTIONS_MAX:
        errors["questions"] = [f"Posez de une à {QUESTIONS_MAX} questions."]
    elif any(len(text) > 300 or "\x00" in text for text in texts):
        errors["questions"] = ["Une question ne dépasse pas 300 caractères."]
    if errors:
        first = next(iter(errors.values()))[0]
        raise BusinessError(
            f"Le débat n’est pas enregistré : {first[0].lower()}{first[1:]}", errors=errors
        )
    return {
        **cleaned,
        "subject": subject,
        "opens_on": opens_on,
        "closes_on": closes_on,
        "questions": texts,
    }


@transaction.atomic
def debate_create(
    *,
    actor,
    organisation: Organisation,
    title: str,
    subject: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    questions: list[str],
    description: str = "",
    is_demo: bool = False,
) -> Debate:
    """A draft debate of ``organisation`` on its own territory, opened by one of its référents."""
    if not perms.can_open_debate(actor, organisation):
        raise BusinessError(
            "Seul un référent de la collectivité peut ouvrir un débat sur son territoire.",
            status=403,
        )
    data = _clean_debate(
        title=title,
        subject=subject,
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        questions=questions,
    )
    territory = organisation.territory
    departement_code, region_code = territory_locations(territory)
    debate = Debate.objects.create(
        organisation=organisation,
        territory=territory,
        departement_code=departement_code,
        region_code=region_code,
        title=data["title"],
        subject=data["subject"],
        description=data["description"],
        opens_on=data["opens_on"],
        closes_on=data["closes_on"],
        is_demo=is_demo,
        created_by=actor,
    )
    Question.objects.bulk_create(
        Question(debate=debate, position=position, text=text)
        for position, text in enumerate(data["questions"], start=1)
    )
    transition_log_initial(obj=debate, actor=actor)
    return debate


@transaction.atomic
def debate_update(
    *,
    actor,
    debate: Debate,
    title: str,
    subject: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    questions: list[str],
    description: str = "",
) -> Debate:
    """Change a draft debate; its questions are replaced by ``questions``."""
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    perms.debate_rights(actor, debate, with_participant=False).require(
        "can_manage", "Seul un référent de la collectivité peut modifier ce débat."
    )
    if debate.status != DebateStatus.DRAFT:
        raise BusinessError("Un débat ouvert ne peut plus être modifié.", status=409)
    data = _clean_debate(
        title=title,
        subject=subject,
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        questions=questions,
    )
    for field in ("title", "subject", "description", "opens_on", "closes_on"):
        setattr(debate, field, data[field])
    debate.save()
    debate.questions.all().delete()
    Question.objects.bulk_create(
        Question(debate=debate, position=position, text=text)
        for position, text in enumerate(data["questions"], start=1)
    )
    return debate


def _manager_rights(actor, debate: Debate) -> perms.DebateRights:
    rights = perms.debate_rights(actor, debate, with_participant=False)
    rights.require("can_manage", "Seul un référent de la collectivité peut gérer ce débat.")
    return rights


@transaction.atomic
def document_link_add(*, actor, debate: Debate, title: str, url: str) -> Document:
    """A link to a context document (a commun, a report) on a debate not yet closed."""
    _manager_rights(actor, debate)
    _documents_editable(debate)
    title = _text(title, field="title", label="Le titre du document", max_length=200)
    url = (url or "").strip()
    if not url.startswith(("https://", "http://")) or len(url) > 500:
        raise BusinessError(
            "L’adresse du document doit commencer par https:// ou http://.",
            errors={"url": ["Adresse non admise."]},
        )
    return Document.objects.create(debate=debate, title=title, url=url)


def _documents_editable(debate: Debate) -> None:
    if debate.status not in (DebateStatus.DRAFT, DebateStatus.OPEN):
        raise BusinessError("Les documents d’un débat clos ne changent plus.", status=409)


@transaction.atomic
def document_file_add(*, actor, debate: Debate, title: str, upload: UploadedFile) -> Document:
    """A file as a context document, accepted for its content, name and size
    (``documents``), stored through Django's storage."""
    _manager_rights(actor, debate)
    _documents_editable(debate)
    title = _text(title, field="title", label="Le titre du document", max_length=200)
    upload.seek(0)
    head = upload.read(documents.HEAD_SIZE)
    upload.seek(0)
    refusal = documents.file_refusal(name=upload.name or "", size=upload.size or 0, head=head)
    if refusal:
        raise BusinessError(refusal, errors={"file": [refusal]})
    file_type = documents.file_type_of(head)
    document = Document(
        debate=debate, title=title, media_type=file_type.media_type, size=upload.size
    )
    document.file.save(f"document{file_type.extensions[0]}", upload, save=False)
    # The file is written before the row: if the transaction fails, an orphan file may stay,
    # but never a row without its file.
    document.save()
    return document


@transaction.atomic
def document_commun_add(*, actor, debate: Debate, commun: Commun) -> Document:
    """A commun of the catalogue as a context document (published fiches only)."""
    _manager_rights(actor, debate)
    _documents_editable(debate)
    if commun.status != CommunStatus.PUBLISHED:
        raise BusinessError(
            "Seule une fiche publiée du catalogue des communs peut être citée.",
            errors={"commun": ["Fiche non publiée."]},
        )
    if debate.documents.filter(commun=commun).exists():
        raise BusinessError(f"« {commun.name} » est déjà un document de ce débat.", status=409)
    return Document.objects.create(debate=debate, title=commun.name, commun=commun)


@transaction.atomic
def debate_from_kit(*, actor, organisation: Organisation, kit: Commun) -> Debate:
    """« Réutiliser ce kit »: a draft debate of ``organisation`` prefilled with the kit's
    presentation and questions, the kit among its documents, for its référent to adjust."""
    if kit.kind != CommunKind.CONSULTATION_KIT or kit.status != CommunStatus.PUBLISHED:
        raise BusinessError("Seul un kit de concertation publié peut être réutilisé.", status=409)
    today = timezone.localdate()
    debate = debate_create(
        actor=actor,
        organisation=organisation,
        title=kit.name[:200],
        subject=Subject.OTHER,
        description=kit.description or kit.summary,
        opens_on=today + datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=37),
        questions=questions_from(kit.description) or ["Qu’en pensez-vous ?"],
    )
    debate.kit = kit
    debate.save(update_fields=["kit"])
    Document.objects.create(debate=debate, title=kit.name, commun=kit)
    return debate


def _finished(actor, debate: Debate) -> None:
    _manager_rights(actor, debate)
    if debate.status != DebateStatus.SYNTHESIS:
        raise BusinessError(
            "Un débat se partage dans les communs une fois sa synthèse publiée.", status=409
        )


@transaction.atomic
def debate_share_as_kit(*, actor, debate: Debate) -> Commun:
    """Propose the finished debate to the catalogue as a kit of concertation (staff publishes
    it): its presentation, questions and public meetings."""
    _finished(actor, debate)
    if debate.shared_kit_id:
        raise BusinessError("Ce débat est déjà proposé comme kit.", status=409)
    questions = [question.text for question in debate.questions.all()]
    meetings = [event.title for event in debate.meetings.order_by("starts_at")]
    commun = commons_services.commun_propose(
        actor=actor,
        organisation=debate.organisation,
        data={
            "name": f"Kit de concertation : {debate.title}"[:150],
            "kind": CommunKind.CONSULTATION_KIT,
            "summary": f"Le débat local « {debate.title} » de {debate.organisation.name}, "
            "prêt à être réutilisé."[:300],
            "description": kit_description(
                description=debate.description, questions=questions, meetings=meetings
            ),
        },
    )
    debate.shared_kit = commun
    debate.save(update_fields=["shared_kit"])
    return commun


@transaction.atomic
def debate_share_as_report(*, actor, debate: Debate):
    """Start an experience report of the finished debate (a draft of the collectivité, which
    completes and submits it in the communs)."""
    _finished(actor, debate)
    if debate.shared_report_id:
        raise BusinessError("Un retour d’expérience de ce débat existe déjà.", status=409)
    questions = "\n".join(f"- {question.text}" for question in debate.questions.all())
    counts = Contribution.objects.filter(debate=debate).count()
    kit = debate.kit if debate.kit and debate.kit.status == CommunStatus.PUBLISHED else None
    report = commons_services.report_create(
        actor=actor,
        organisation=debate.organisation,
        data={
            "title": f"Débat local : {debate.title}"[:200],
            "context": debate.description,
            "problem": f"Consulter le public sur « {debate.get_subject_display()} ».",
            "steps": f"Questions posées au public :\n\n{questions}",
            "results": f"{counts} contributions.\n\n{debate.synthesis}",
        },
        communs=[kit] if kit else [],
    )
    debate.shared_report = report
    debate.save(update_fields=["shared_report"])
    return report


@transaction.atomic
def document_remove(*, actor, debate: Debate, document: Document) -> None:
    _manager_rights(actor, debate)
    _documents_editable(debate)
    if document.debate_id != debate.pk:
        raise BusinessError("Ce document n’appartient pas à ce débat.", status=404)
    stored = document.file.name
    storage = document.file.storage
    document.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def meeting_choices(debate: Debate):
    """The agenda's published events of the debate's collectivité: its public meetings to be."""
    return Event.objects.published().filter(organisation=debate.organisation)


@transaction.atomic
def debate_meetings_set(*, actor, debate: Debate, events) -> Debate:
    """The debate's public meetings: published events of the agenda organised by its
    collectivité, chosen by a référent until the synthesis is published."""
    _manager_rights(actor, debate)
    if debate.status == DebateStatus.SYNTHESIS:
        raise BusinessError("Les réunions d’un débat terminé ne changent plus.", status=409)
    allowed = set(meeting_choices(debate).values_list("pk", flat=True))
    chosen = [event.pk for event in events]
    if not set(chosen) <= allowed:
        raise BusinessError(
            "Une réunion publique est un événement publié de l’agenda, organisé par la "
            "collectivité.",
            errors={"meetings": ["Événement non admis."]},
        )
    debate.meetings.set(chosen)
    return debate


@transaction.atomic
def debate_move(*, actor, debate: Debate, name: str, comment: str = "") -> Debate:
    """Open, close or publish the synthesis of a debate; a référent's decision, logged."""
    _manager_rights(actor, debate)
    if name == "open" and debate.closes_on < timezone.localdate():
        raise BusinessError(
            "La date de clôture de ce débat est passée : changez-la avant de l’ouvrir.",
            status=409,
        )
    if name == "publish_synthesis":
        current = Debate.objects.get(pk=debate.pk)
        if not current.synthesis.strip():
            raise BusinessError(
                "Rédigez la synthèse avant de la publier.", errors={"synthesis": ["Vide."]}
            )
    transition_apply(obj=debate, name=name, actor=actor, comment=comment)
    if name == "publish_synthesis":
        debate.synthesis_published_at = timezone.now()
        debate.save(update_fields=["synthesis_published_at"])
        job_enqueue_on_commit(synthesis_notify, debate.pk)
    return debate


@transaction.atomic
def debates_close_due(*, today: datetime.date | None = None) -> list[Debate]:
    """Close every open debate whose closing date has passed (the daily job)."""
    today = today or timezone.localdate()
    closed = []
    for debate in Debate.objects.filter(status=DebateStatus.OPEN, closes_on__lt=today):
        try:
            transition_apply(
                obj=debate, name="close", actor=None, comment="Clôture à la date prévue."
            )
        except BusinessError:  # closed meanwhile by its référent
            continue
        closed.append(debate)
    return closed


@transaction.atomic
def synthesis_save(*, actor, debate: Debate, synthesis: str, questions: dict[int, tuple]) -> Debate:
    """Write the synthesis of a closed debate: its summary, and for each question (by id)
    what the collectivité heard and what it decides. Not yet public."""
    _manager_rights(actor, debate)
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    if debate.status != DebateStatus.CLOSED:
        raise BusinessError(
            "La synthèse se rédige une fois le débat clos, avant sa publication.", status=409
        )
    debate.synthesis = _text(
        synthesis,
        field="synthesis",
        label="La synthèse",
        max_length=MARKDOWN_MAX_LENGTH,
        required=False,
    )
    debate.save(update_fields=["synthesis"])
    for question in debate.questions.all():
        heard, decided = questions.get(question.pk, (question.heard, question.decided))
        question.heard = _text(
            heard,
            field=f"heard_{question.pk}",
            label="Ce que vous avez entendu",
            max_length=MARKDOWN_MAX_LENGTH,
            required=False,
        )
        question.decided = _text(
            decided,
            field=f"decided_{question.pk}",
            label="Ce que vous décidez",
            max_length=MARKDOWN_MAX_LENGTH,
            required=False,
        )
        question.save(update_fields=["heard", "decided"])
    return debate


# --- Participation -----------------------------------------------------------------------


def display_name_for(user, *, choice: str, pseudonym: str = "") -> str:
    """The name shown for a participant: a pseudonym, or the first name and initial."""
    if choice == "prenom":
        first_name = (user.first_name or "").strip().split(" ")[0]
        if not first_name:
            raise BusinessError(
                "Votre fournisseur d’identité ne nous a pas transmis de prénom : choisissez un "
                "pseudonyme.",
                errors={"pseudonym": ["Choisissez un pseudonyme."]},
            )
        initial = (user.last_name or "").strip()[:1].upper()
        return f"{first_name} {initial}." if initial else first_name
    if choice != "pseudonyme":
        raise BusinessError("Choisissez comment votre nom est affiché.")
    name = " ".join(
        _text(
            pseudonym, field="pseudonym", label="Le pseudonyme", max_length=PSEUDONYM_MAX_LENGTH
        ).split()
    )
    if len(name) < 2 or "@" in name:
        raise BusinessError(
            "Le pseudonyme compte au moins 2 caractères et ne contient pas d’adresse électronique.",
            errors={"pseudonym": ["Pseudonyme non admis."]},
        )
    if name == ANONYMOUS_NAME:
        raise BusinessError(
            "Ce pseudonyme est réservé.", errors={"pseudonym": ["Pseudonyme réservé."]}
        )
    return name


@transaction.atomic
def charter_accept(*, actor, debate: Debate, choice: str, pseudonym: str = "") -> Participant:
    """The actor accepts the debate's charter once, with the name their contributions show."""
    rights = perms.debate_rights(actor, debate)
    rights.require("can_contribute", "Ce débat n’est pas ouvert aux contributions.")
    if rights.participant is not None:
        raise BusinessError("Vous avez déjà accepté la charte de ce débat.", status=409)
    name = display_name_for(actor, choice=choice, pseudonym=pseudonym)
    try:
        with transaction.atomic():
            return Participant.objects.create(debate=debate, user=actor, display_name=name)
    except IntegrityError:
        raise BusinessError("Vous avez déjà accepté la charte de ce débat.", status=409) from None


def _participant_for(actor, debate: Debate) -> Participant:
    rights = perms.debate_rights(actor, debate)
    if not rights.is_signed_in:
        raise BusinessError("Connectez-vous pour contribuer.", status=403)
    if not debate.is_open:
        raise BusinessError("Ce débat n’est pas ouvert aux contributions.", status=409)
    if rights.participant is None:
        raise BusinessError("Acceptez d’abord la charte du débat.", status=403)
    return rights.participant


def _contribution_text(text: str) -> str:
    return _text(text, field="text", label="Votre contribution", max_length=CONTRIBUTION_MAX_LENGTH)


@transaction.atomic
def contribution_create(
    *,
    actor,
    debate: Debate,
    text: str,
    question: Question | None = None,
    parent: Contribution | None = None,
) -> Contribution:
    """An answer to one of the debate's questions, an idea (no question), or a reply in the
    thread of a contribution (``parent``; a reply to a reply joins the same thread)."""
    participant = _participant_for(actor, debate)
    text = _contribution_text(text)
    if question is not None and question.debate_id != debate.pk:
        raise BusinessError("Cette question n’appartient pas à ce débat.", status=404)
    kind = ContributionKind.ANSWER if question is not None else ContributionKind.IDEA
    if parent is not None:
        if parent.debate_id != debate.pk:
            raise BusinessError("Cette contribution n’appartient pas à ce débat.", status=404)
        if parent.parent_id is not None:
            parent = parent.parent
        if parent.is_hidden:
            raise BusinessError("On ne répond pas à une contribution masquée.", status=409)
        kind, question = ContributionKind.REPLY, parent.question
    return Contribution.objects.create(
        debate=debate,
        participant=participant,
        kind=kind,
        question=question,
        parent=parent,
        text=text,
    )


@transaction.atomic
def contribution_edit(*, actor, contribution: Contribution, text: str) -> Contribution:
    """The author corrects their contribution within ``EDIT_WINDOW``; the former text is kept."""
    contribution = (
        Contribution.objects.select_for_update()
        .select_related("participant", "debate")
        .get(pk=contribution.pk)
    )
    participant = _participant_for(actor, contribution.debate)
    if contribution.participant_id != participant.pk:
        raise BusinessError("Seul son auteur peut modifier une contribution.", status=403)
    if contribution.is_hidden:
        raise BusinessError("Une contribution masquée ne peut plus être modifiée.", status=409)
    if timezone.now() > contribution.editable_until:
        raise BusinessError("Le délai pour modifier cette contribution est passé.", status=409)
    text = _contribution_text(text)
    if text == contribution.text:
        return contribution
    ContributionRevision.objects.create(contribution=contribution, text=contribution.text)
    contribution.text = text
    contribution.edited_at = timezone.now()
    contribution.save(update_fields=["text", "edited_at"])
    return contribution


@transaction.atomic
def support_add(*, actor, contribution: Contribution) -> Support:
    """The actor supports a contribution, once: a unique constraint decides between
    concurrent clicks, and the count moves only for the support actually written."""
    participant = _participant_for(actor, contribution.debate)
    if contribution.participant_id == participant.pk:
        raise BusinessError("Vous ne pouvez pas soutenir votre propre contribution.", status=409)
    if contribution.is_hidden:
        raise BusinessError("Une contribution masquée ne peut pas être soutenue.", status=409)
    try:
        with transaction.atomic():
            support = Support.objects.create(contribution=contribution, participant=participant)
    except IntegrityError:
        raise BusinessError("Vous soutenez déjà cette contribution.", status=409) from None
    Contribution.objects.filter(pk=contribution.pk).update(support_count=F("support_count") + 1)
    return support


@transaction.atomic
def report_create(*, actor, contribution: Contribution, reason: str) -> Report:
    """A signed-in person tells the moderators that a contribution breaks the charter."""
    rights = perms.debate_rights(actor, contribution.debate, with_participant=False)
    rights.require("can_report", "Connectez-vous pour signaler une contribution.")
    reason = _text(reason, field="reason", label="Le motif", max_length=REASON_MAX_LENGTH)
    try:
        with transaction.atomic():
            return Report.objects.create(contribution=contribution, reporter=actor, reason=reason)
    except IntegrityError:
        raise BusinessError("Vous avez déjà signalé cette contribution.", status=409) from None


def _moderator_rights(actor, contribution: Contribution) -> None:
    perms.debate_rights(actor, contribution.debate, with_participant=False).require(
        "can_moderate", "Seuls les membres de la collectivité et l’équipe du réseau modèrent."
    )


@transaction.atomic
def contribution_hide(*, actor, contribution: Contribution, reason: str) -> Contribution:
    """Hide a contribution with a reason that stays visible in its place; its author is told."""
    _moderator_rights(actor, contribution)
    reason = _text(reason, field="reason", label="Le motif", max_length=REASON_MAX_LENGTH)
    transition_apply(obj=contribution, name="hide", actor=actor, comment=reason)
    contribution.hidden_reason = reason
    contribution.save(update_fields=["hidden_reason"])
    hidden_email_send(contribution=contribution)
    return contribution


@transaction.atomic
def contribution_restore(*, actor, contribution: Contribution, comment: str) -> Contribution:
    """Show a hidden contribution again."""
    _moderator_rights(actor, contribution)
    comment = _text(comment, field="reason", label="Le motif", max_length=REASON_MAX_LENGTH)
    transition_apply(obj=contribution, name="restore", actor=actor, comment=comment)
    contribution.hidden_reason = ""
    contribution.save(update_fields=["hidden_reason"])
    return contribution


@transaction.atomic
def contribution_answer(*, actor, contribution: Contribution, answer: str) -> Contribution:
    """The collectivité answers a contribution, once the debate is closed."""
    _manager_rights(actor, contribution.debate)
    if contribution.debate.status not in (DebateStatus.CLOSED, DebateStatus.SYNTHESIS):
        raise BusinessError(
            "La collectivité répond aux contributions une fois le débat clos.", status=409
        )
    if contribution.status != ContributionStatus.VISIBLE:
        raise BusinessError("On ne répond pas à une contribution masquée.", status=409)
    contribution.answer = _text(
        answer, field="answer", label="La réponse", max_length=MARKDOWN_MAX_LENGTH
    )
    contribution.answered_at = timezone.now()
    contribution.save(update_fields=["answer", "answered_at"])
    return contribution


# --- Personal data -----------------------------------------------------------------------


def participations_export(user) -> list[dict]:
    """What the debates hold about ``user``: their participations and contributions."""
    participants = Participant.objects.filter(user=user).select_related("debate")
    return [
        {
            "debat": participant.debate.title,
            "nom_affiche": participant.display_name,
            "charte_acceptee_le": participant.charter_accepted_at.isoformat(),
            "contributions": [
                {
                    "texte": contribution.text,
                    "publiee_le": contribution.created_at.isoformat(),
                    "etat": contribution.get_status_display(),
                }
                for contribution in participant.contributions.all()
            ],
            "soutiens": participant.supports.count(),
        }
        for participant in participants
    ]


def participations_erase(user) -> None:
    """Anonymise ``user``'s participations: their contributions stay, under no name, tied to
    nobody; their reports lose their author."""
    Participant.objects.filter(user=user).update(user=None, display_name=ANONYMOUS_NAME)
    Report.objects.filter(reporter=user).update(reporter=None)
