"""The debates' services: creation, workflow, documents, participation, supports; each
refusal in French, changing nothing."""

import datetime
import io
import re
import zipfile

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from territoires.core.errors import BusinessError
from territoires.debates import services
from territoires.debates.enums import ContributionKind, DebateStatus, Subject
from territoires.debates.models import (
    Contribution,
    Debate,
    DebateTransition,
    Document,
    Participant,
    Support,
)
from tests.debates.factories import (
    CitizenFactory,
    ContributionFactory,
    DebateFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def create(people, **changes):
    arguments = {
        "actor": people["referent"],
        "organisation": people["village"],
        "title": "La 5G à Village-0",
        "subject": Subject.MOBILE,
        "opens_on": TODAY,
        "closes_on": TODAY + datetime.timedelta(days=30),
        "questions": ["Faut-il de nouvelles antennes ?", "Où les placer ?"],
        **changes,
    }
    return services.debate_create(**arguments)


@time_machine.travel("2026-12-01 09:00 +0100")
def test_a_referent_opens_a_draft_debate_on_the_collectivites_own_territory(people):
    debate = create(people)

    assert debate.status == DebateStatus.DRAFT
    assert debate.territory == people["village"].territory
    assert (debate.departement_code, debate.region_code) == ("58", "27")
    assert [q.text for q in debate.questions.all()] == [
        "Faut-il de nouvelles antennes ?",
        "Où les placer ?",
    ]
    assert list(debate.transitions.values_list("from_status", "to_status", "actor")) == [
        ("", DebateStatus.DRAFT, people["referent"].pk)
    ]


@pytest.mark.parametrize("who", ["member", "outsider", "citizen", "staff"])
def test_only_a_referent_of_the_collectivite_opens_a_debate(people, who):
    with pytest.raises(BusinessError) as refusal:
        create(people, actor=people[who])

    assert refusal.value.status == 403
    assert refusal.value.message == (
        "Seul un référent de la collectivité peut ouvrir un débat sur son territoire."
    )
    assert not Debate.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"closes_on": TODAY - datetime.timedelta(days=1)},
            "closes_on",
            "La date de clôture ne peut pas précéder la date d’ouverture.",
        ),
        ({"questions": []}, "questions", "Posez de une à 5 questions."),
        ({"questions": ["  ", ""]}, "questions", "Posez de une à 5 questions."),
        ({"questions": [f"Q{n} ?" for n in range(6)]}, "questions", "Posez de une à 5 questions."),
        ({"title": "   "}, "title", "Ce champ est obligatoire."),
        ({"subject": "nucleaire"}, "subject", "Choisissez un sujet de la liste."),
    ],
)
def test_a_debate_with_bad_input_is_refused_and_nothing_is_written(people, changes, field, message):
    with pytest.raises(BusinessError) as refusal:
        create(people, **changes)

    assert refusal.value.errors[field] == [message]
    assert refusal.value.message.startswith("Le débat n’est pas enregistré : ")
    assert not Debate.objects.exists()
    assert not DebateTransition.objects.exists()


@time_machine.travel("2026-12-01 09:00 +0100", tick=False)
def test_the_workflow_moves_draft_open_closed_synthesis_and_logs_each_move(people):
    debate = create(people)
    referent = people["referent"]

    services.debate_move(actor=referent, debate=debate, name="open")
    services.debate_move(actor=referent, debate=debate, name="close", comment="Fin.")
    services.synthesis_save(actor=referent, debate=debate, synthesis="Merci à tous.", questions={})
    services.debate_move(actor=referent, debate=debate, name="publish_synthesis")

    debate.refresh_from_db()
    assert debate.status == DebateStatus.SYNTHESIS
    assert debate.synthesis_published_at == timezone.now()
    assert list(debate.transitions.values_list("from_status", "to_status", "comment")) == [
        ("", "brouillon", ""),
        ("brouillon", "ouvert", ""),
        ("ouvert", "clos", "Fin."),
        ("clos", "synthese", ""),
    ]


def test_a_move_the_state_forbids_is_refused_and_nothing_is_logged(people):
    debate = DebateFactory(organisation=people["village"])

    with pytest.raises(BusinessError) as refusal:
        services.debate_move(actor=people["referent"], debate=debate, name="close")

    assert refusal.value.status == 409
    assert refusal.value.message == (
        "Un débat à l’état « brouillon » ne peut pas passer à l’état « clos »."
    )
    debate.refresh_from_db()
    assert debate.status == DebateStatus.DRAFT
    assert debate.transitions.count() == 1


def test_an_empty_synthesis_is_not_published(people):
    debate = DebateFactory(organisation=people["village"], closed=True)

    with pytest.raises(BusinessError, match="Rédigez la synthèse avant de la publier"):
        services.debate_move(actor=people["referent"], debate=debate, name="publish_synthesis")

    debate.refresh_from_db()
    assert debate.status == DebateStatus.CLOSED


@pytest.mark.parametrize("who", ["member", "outsider", "citizen", "staff"])
def test_only_a_referent_moves_the_debate(people, who):
    debate = DebateFactory(organisation=people["village"])

    with pytest.raises(BusinessError) as refusal:
        services.debate_move(actor=people[who], debate=debate, name="open")

    assert refusal.value.status == 403
    debate.refresh_from_db()
    assert debate.status == DebateStatus.DRAFT


def test_the_nightly_job_closes_debates_past_their_closing_date(people):
    opened = TODAY - datetime.timedelta(days=30)
    due = DebateFactory(organisation=people["village"], open=True, opens_on=opened, closes_on=TODAY)
    running = DebateFactory(
        organisation=people["village"],
        open=True,
        opens_on=opened,
        closes_on=TODAY + datetime.timedelta(1),
    )

    closed = services.debates_close_due(today=TODAY + datetime.timedelta(days=1))

    assert closed == [due]
    due.refresh_from_db()
    running.refresh_from_db()
    assert (due.status, running.status) == (DebateStatus.CLOSED, DebateStatus.OPEN)
    assert due.transitions.last().comment == "Clôture à la date prévue."


# --- Documents ---------------------------------------------------------------------------


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_pdf_is_stored_through_the_storage_and_read_back(people):
    debate = DebateFactory(organisation=people["village"])

    document = services.document_file_add(
        actor=people["referent"], debate=debate, title="Étude", upload=upload("étude.PDF", PDF)
    )

    assert (document.media_type, document.size) == ("application/pdf", len(PDF))
    assert document.file.name.startswith(f"debats/{debate.pk}/document")
    with default_storage.open(document.file.name) as stored:
        assert stored.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "page.pdf",
            b"<html><script>alert(1)</script></html>",
            "Ce type de fichier n’est pas accepté : formats acceptés PDF, PNG, JPEG, ODT, ODS "
            "ou ODP.",
        ),
        ("programme.exe", b"MZ\x90\x00" + bytes(60), "Ce type de fichier n’est pas accepté"),
        (
            "image.pdf",
            b"\x89PNG\r\n\x1a\n" + bytes(20),
            "Le contenu du fichier est celui d’un fichier image PNG, mais son nom ne se "
            "termine pas par .png.",
        ),
        ("vide.pdf", b"", "Le fichier est vide."),
        (
            "gros.pdf",
            PDF + bytes(10 * 1024 * 1024),
            "Le fichier dépasse la taille maximale de 10 Mo.",
        ),
    ],
)
def test_a_file_is_judged_by_its_content_name_and_size(people, name, content, message):
    debate = DebateFactory(organisation=people["village"])

    with pytest.raises(BusinessError) as refusal:
        services.document_file_add(
            actor=people["referent"], debate=debate, title="Fichier", upload=upload(name, content)
        )

    assert refusal.value.message.startswith(message)
    assert not Document.objects.exists()
    assert not (default_storage.exists(f"debats/{debate.pk}"))


def test_an_opendocument_text_is_recognised_from_its_zip_head(people):
    debate = DebateFactory(organisation=people["village"])
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")

    document = services.document_file_add(
        actor=people["referent"],
        debate=debate,
        title="Compte rendu",
        upload=upload("compte-rendu.odt", odt.getvalue()),
    )

    assert document.media_type == "application/vnd.oasis.opendocument.text"


def test_a_link_must_be_a_web_address(people):
    debate = DebateFactory(organisation=people["village"])

    with pytest.raises(BusinessError, match="doit commencer par https:// ou http://"):
        services.document_link_add(
            actor=people["referent"], debate=debate, title="Lien", url="javascript:alert(1)"
        )

    assert not Document.objects.exists()


# --- Participation -----------------------------------------------------------------------


def test_the_charter_is_accepted_once_with_the_name_shown(people):
    debate = DebateFactory(organisation=people["village"], open=True)
    citizen = people["citizen"]

    participant = services.charter_accept(actor=citizen, debate=debate, choice="prenom")

    assert participant.display_name == "Camille M."
    with pytest.raises(BusinessError, match="Vous avez déjà accepté la charte de ce débat"):
        services.charter_accept(actor=citizen, debate=debate, choice="pseudonyme", pseudonym="X")
    assert Participant.objects.get().display_name == "Camille M."


@pytest.mark.parametrize(
    ("pseudonym", "message"),
    [
        ("camille@exemple.fr", "ne contient pas d’adresse électronique"),
        ("", "Le pseudonyme est vide."),
        ("x" * 41, "Le pseudonyme ne doit pas dépasser 40 caractères (41 caractères saisis)."),
    ],
)
def test_a_pseudonym_never_holds_an_email_and_has_a_length(people, pseudonym, message):
    debate = DebateFactory(organisation=people["village"], open=True)

    with pytest.raises(BusinessError, match=re.escape(message)):
        services.charter_accept(
            actor=people["citizen"], debate=debate, choice="pseudonyme", pseudonym=pseudonym
        )

    assert not Participant.objects.exists()


def test_people_contribute_answer_propose_and_reply_in_threads(people):
    debate = DebateFactory(organisation=people["village"], open=True)
    question = debate.questions.first()
    author = ParticipantFactory(debate=debate)
    replier = ParticipantFactory(debate=debate)

    answer = services.contribution_create(
        actor=author.user, debate=debate, text="Oui, mutualisées.", question=question
    )
    idea = services.contribution_create(actor=author.user, debate=debate, text="Un atelier.")
    reply = services.contribution_create(
        actor=replier.user, debate=debate, text="D’accord.", parent=answer
    )
    reply_to_reply = services.contribution_create(
        actor=author.user, debate=debate, text="Merci.", parent=reply
    )

    assert (answer.kind, answer.question) == (ContributionKind.ANSWER, question)
    assert (idea.kind, idea.question) == (ContributionKind.IDEA, None)
    assert (reply.kind, reply.parent, reply.question) == (ContributionKind.REPLY, answer, question)
    assert reply_to_reply.parent == answer


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Votre contribution est vide."),
        ("   \n ", "Votre contribution est vide."),
        (
            "a" * 50_000,
            "Votre contribution ne doit pas dépasser 5\u202f000 caractères "
            "(50\u202f000 caractères saisis).",
        ),
        ("a\x00b", "Votre contribution contient un caractère non admis."),
    ],
)
def test_an_empty_or_too_long_contribution_is_refused(people, text, message):
    participant = ParticipantFactory(debate__organisation=people["village"])

    with pytest.raises(BusinessError) as refusal:
        services.contribution_create(actor=participant.user, debate=participant.debate, text=text)

    assert refusal.value.message == message
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    "status", [DebateStatus.DRAFT, DebateStatus.CLOSED, DebateStatus.SYNTHESIS]
)
def test_no_contribution_to_a_debate_that_is_not_open(people, status):
    debate = DebateFactory(organisation=people["village"], open=True)
    participant = ParticipantFactory(debate=debate)
    Debate.objects.filter(pk=debate.pk).update(status=status)
    debate.refresh_from_db()

    with pytest.raises(BusinessError) as refusal:
        services.contribution_create(actor=participant.user, debate=debate, text="Trop tard.")

    assert (refusal.value.status, refusal.value.message) == (
        409,
        "Ce débat n’est pas ouvert aux contributions.",
    )
    assert not Contribution.objects.exists()


def test_no_contribution_before_the_charter_is_accepted(people):
    debate = DebateFactory(organisation=people["village"], open=True)

    with pytest.raises(BusinessError, match="Acceptez d’abord la charte du débat"):
        services.contribution_create(actor=people["citizen"], debate=debate, text="Bonjour.")

    assert not Contribution.objects.exists()


def test_an_author_edits_for_a_while_and_the_former_text_is_kept(people):
    with time_machine.travel("2026-12-01 10:00 +0100", tick=False):
        participant = ParticipantFactory(debate__organisation=people["village"])
        contribution = services.contribution_create(
            actor=participant.user, debate=participant.debate, text="Premier jet."
        )
    with time_machine.travel("2026-12-01 10:29 +0100", tick=False):
        services.contribution_edit(
            actor=participant.user, contribution=contribution, text="Texte corrigé."
        )
    with (
        time_machine.travel("2026-12-01 10:31 +0100", tick=False),
        pytest.raises(BusinessError, match="Le délai pour modifier cette contribution est passé"),
    ):
        services.contribution_edit(
            actor=participant.user, contribution=contribution, text="Trop tard."
        )

    contribution.refresh_from_db()
    assert contribution.text == "Texte corrigé."
    assert list(contribution.revisions.values_list("text", flat=True)) == ["Premier jet."]


def test_only_its_author_edits_a_contribution(people):
    contribution = ContributionFactory(debate__organisation=people["village"])
    other = ParticipantFactory(debate=contribution.debate)

    with pytest.raises(BusinessError, match="Seul son auteur peut modifier une contribution"):
        services.contribution_edit(actor=other.user, contribution=contribution, text="Piraté.")

    contribution.refresh_from_db()
    assert contribution.text.startswith("Contribution 0")


# --- Supports ----------------------------------------------------------------------------


def test_one_support_per_person_and_contribution(people):
    contribution = ContributionFactory(participant__debate__organisation=people["village"])
    supporter = ParticipantFactory(debate=contribution.debate)

    services.support_add(actor=supporter.user, contribution=contribution)
    with pytest.raises(BusinessError) as refusal:
        services.support_add(actor=supporter.user, contribution=contribution)

    assert (refusal.value.status, refusal.value.message) == (
        409,
        "Vous soutenez déjà cette contribution.",
    )
    contribution.refresh_from_db()
    assert contribution.support_count == 1
    assert Support.objects.count() == 1


def test_nobody_supports_their_own_contribution(people):
    contribution = ContributionFactory(participant__debate__organisation=people["village"])

    with pytest.raises(BusinessError, match="propre contribution"):
        services.support_add(actor=contribution.participant.user, contribution=contribution)

    assert not Support.objects.exists()


def test_a_contribution_of_a_closed_debate_is_not_supported(people):
    contribution = ContributionFactory(participant__debate__organisation=people["village"])
    supporter = ParticipantFactory(debate=contribution.debate)
    Debate.objects.filter(pk=contribution.debate_id).update(status=DebateStatus.CLOSED)
    contribution.refresh_from_db()

    with pytest.raises(BusinessError, match="Ce débat n’est pas ouvert aux contributions"):
        services.support_add(actor=supporter.user, contribution=contribution)

    assert not Support.objects.exists()


def test_a_citizen_of_anywhere_may_take_part(people):
    """Residence is not verified: a citizen signed in with FranceConnect takes part in any
    open debate."""
    debate = DebateFactory(organisation=people["village"], open=True)
    citizen = CitizenFactory()

    services.charter_accept(actor=citizen, debate=debate, choice="pseudonyme", pseudonym="Voisin")
    contribution = services.contribution_create(actor=citizen, debate=debate, text="Bonjour.")

    assert contribution.participant.display_name == "Voisin"
