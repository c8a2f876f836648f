"""The rules of the labels, through their services: refusals change nothing."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoires.awards import services
from territoires.awards.enums import ApplicationStatus, EditionStatus, SheetStatus
from territoires.awards.models import Application, Attachment, Criterion, PublicVote, Score
from territoires.core.errors import BusinessError
from territoires.core.workflows import transition_history
from tests.awards.conftest import PDF, PNG
from tests.awards.factories import (
    MARKS,
    ApplicationFactory,
    AssignmentFactory,
    EditionFactory,
    JurorFactory,
    at,
)


def create(people, edition, **fields):
    return services.application_create(
        actor=people["member"],
        edition=edition,
        organisation=people["collectivite"],
        category=edition.categories.first(),
        **{"title": "Tiers-lieu numérique", **fields},
    )


def test_members_draft_and_referents_submit_while_the_call_is_open(people, during_call):
    edition = EditionFactory(open=True)
    application = create(people, edition, summary="Résumé")
    assert application.status == ApplicationStatus.DRAFT
    assert application.region == people["collectivite"].territory.region
    with pytest.raises(BusinessError, match="référents"):
        services.application_submit(actor=people["member"], application=application)
    with pytest.raises(BusinessError, match="il manque la description du projet, le contexte"):
        services.application_submit(actor=people["referent"], application=application)
    services.application_update(
        actor=people["member"],
        application=application,
        description="Un lieu",
        context="Rural",
        results="300 visiteurs",
        budget_band="moins_10k",
    )
    submitted = services.application_submit(actor=people["referent"], application=application)
    assert submitted.status == ApplicationStatus.SUBMITTED
    # Still editable until the call closes, but never emptied of a required field.
    with pytest.raises(BusinessError, match="il manque les résultats"):
        services.application_update(actor=people["member"], application=application, results="")
    application.refresh_from_db()
    assert application.results == "300 visiteurs"
    history = transition_history(application)
    assert [(row.from_label, row.to_label, row.actor) for row in history] == [
        ("", "Brouillon", people["member"]),
        ("Brouillon", "Déposée", people["referent"]),
    ]


def test_an_application_after_the_deadline_is_refused(people):
    edition = EditionFactory(open=True)
    with (
        time_machine.travel(at(6, 1), tick=False),
        pytest.raises(BusinessError, match=r"appel à candidatures des Labels .* est clos"),
    ):
        create(people, edition)
    assert not Application.objects.exists()


def test_a_draft_is_frozen_once_the_call_closes(draft):
    with time_machine.travel(at(6, 2), tick=False), pytest.raises(BusinessError, match="est clos"):
        services.application_update(
            actor=draft.created_by, application=draft, title="Nouveau titre"
        )
    draft.refresh_from_db()
    assert draft.title.startswith("Projet numérique")


def test_a_second_application_for_the_same_project_is_refused(people, during_call):
    edition = EditionFactory(open=True)
    create(people, edition, title="Le Tiers-Lieu numérique !")
    with pytest.raises(BusinessError, match="a déjà une candidature pour ce projet"):
        create(people, edition, title="le tiers lieu   numérique")
    assert Application.objects.count() == 1


def test_other_collectivites_and_outsiders_cannot_apply_for_it(people, during_call):
    edition = EditionFactory(open=True)
    for who in ("other", "outsider", "staff"):
        with pytest.raises(BusinessError, match="Seuls les membres"):
            services.application_create(
                actor=people[who],
                edition=edition,
                organisation=people["collectivite"],
                category=edition.categories.first(),
                title="Projet",
            )
    assert not Application.objects.exists()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_attachments_are_typed_from_their_content_and_size_limited(draft, during_call, settings):
    member = draft.created_by
    pdf = services.attachment_add(actor=member, application=draft, upload=upload("note.pdf", PDF))
    assert (pdf.kind, pdf.size, pdf.name) == ("pdf", len(PDF), "note.pdf")
    # Stored through the storage under a name of our making, read back whole.
    assert pdf.file.name.startswith(f"labels/2026/{draft.pk}/") and pdf.file.name.endswith(".pdf")
    assert pdf.file.open("rb").read() == PDF
    image = services.attachment_add(actor=member, application=draft, upload=upload("x.pdf", PNG))
    assert image.kind == "png"
    # A script named as a PDF, a ZIP named as an image: refused whatever the extension.
    for name, content in (("rapport.pdf", b"#!/bin/sh\nrm -rf /\n"), ("photo.png", b"PK\x03\x04")):
        with pytest.raises(BusinessError, match="quelle que soit son extension"):
            services.attachment_add(actor=member, application=draft, upload=upload(name, content))
    settings.AWARDS_ATTACHMENT_MAX_BYTES = 20
    with pytest.raises(BusinessError, match="taille maximale"):
        services.attachment_add(actor=member, application=draft, upload=upload("a.pdf", PDF))
    assert Attachment.objects.count() == 2


def test_the_grid_is_frozen_once_the_call_opens(people):
    edition = EditionFactory(with_grid=True)
    criterion = services.criterion_add(
        actor=people["staff"], edition=edition, name="Partenariat", weight=3, marks=MARKS
    )
    assert (criterion.weight, criterion.scale[5]) == (3, (5, "Exemplaire"))
    with pytest.raises(BusinessError, match="six notes"):
        services.criterion_add(
            actor=people["staff"], edition=edition, name="Autre", weight=1, marks=MARKS[:5]
        )
    with pytest.raises(BusinessError, match="réservée à l’équipe"):
        services.edition_open(actor=people["referent"], edition=edition)
    services.edition_open(actor=people["staff"], edition=edition)
    with pytest.raises(BusinessError, match="figées"):
        services.criterion_add(
            actor=people["staff"], edition=edition, name="Réplicabilité", weight=1, marks=MARKS
        )
    with pytest.raises(BusinessError, match="figées"):
        services.category_add(actor=people["staff"], edition=edition, name="Données")
    assert Criterion.objects.filter(edition=edition).count() == 3


@pytest.fixture
def sheet(db):
    """A juror's sheet to score, in the pre-selection, before the jury's deadline."""
    with time_machine.travel(at(7, 1), tick=False):
        yield AssignmentFactory()


def marks_of(edition, innovation, sobriety=None):
    innovation_criterion, sobriety_criterion = edition.criteria.all()
    marks = {innovation_criterion.pk: services.MarkInput(innovation, "Solide")}
    if sobriety is not None:
        marks[sobriety_criterion.pk] = services.MarkInput(sobriety)
    return marks


def test_a_juror_scores_then_changes_their_score_until_the_deadline(sheet):
    edition = sheet.application.edition
    juror = sheet.juror.user
    scored = services.sheet_score(actor=juror, assignment=sheet, marks=marks_of(edition, 4, 1))
    # Innovation 4 (weight 2), sobriety 1 (weight 1): 9 / 3.
    assert (scored.status, scored.total) == (SheetStatus.SUBMITTED, 3.0)
    rescored = services.sheet_score(actor=juror, assignment=sheet, marks=marks_of(edition, 5))
    assert rescored.total == 5.0
    assert [(row.from_label, row.to_label, row.comment) for row in transition_history(sheet)] == [
        ("À noter", "Notée", "Note pondérée 3.00"),
        ("Notée", "Notée", "Note pondérée 3.00 → 5.00"),
    ]
    with (
        time_machine.travel(at(9, 1), tick=False),
        pytest.raises(BusinessError, match="date limite de notation"),
    ):
        services.sheet_score(actor=juror, assignment=sheet, marks=marks_of(edition, 0))
    sheet.refresh_from_db()
    assert sheet.total == 5.0


@pytest.mark.parametrize("bad", [6, -1, "4,5", "trois", 2.5])
def test_a_score_outside_zero_to_five_is_refused(sheet, bad):
    edition = sheet.application.edition
    with pytest.raises(
        BusinessError, match="Innovation » doit être un nombre entier de 0 à 5"
    ) as refusal:
        services.sheet_score(actor=sheet.juror.user, assignment=sheet, marks=marks_of(edition, bad))
    assert list(refusal.value.errors) == [f"mark_{edition.criteria.first().pk}"]
    sheet.refresh_from_db()
    assert (sheet.status, Score.objects.count()) == (SheetStatus.TODO, 0)


def test_a_mandatory_criterion_must_be_scored(sheet):
    edition = sheet.application.edition
    _, sobriety = edition.criteria.all()
    with pytest.raises(BusinessError, match="Innovation » est obligatoire"):
        services.sheet_score(
            actor=sheet.juror.user,
            assignment=sheet,
            marks={sobriety.pk: services.MarkInput(3)},
        )


def test_a_juror_cannot_score_an_application_not_assigned_or_in_conflict(sheet):
    edition = sheet.application.edition
    other_juror = JurorFactory(jury=sheet.juror.jury)
    with pytest.raises(BusinessError, match="ne vous est pas confiée"):
        services.sheet_score(actor=other_juror.user, assignment=sheet, marks=marks_of(edition, 3))
    # The juror joins the applicant's organisation: now in conflict.
    sheet.juror.organisation = sheet.application.organisation
    sheet.juror.save()
    with pytest.raises(BusinessError, match="sa propre organisation candidate"):
        services.sheet_score(actor=sheet.juror.user, assignment=sheet, marks=marks_of(edition, 3))
    assert not Score.objects.exists()


def test_withdrawal_until_the_final_cancels_the_sheets_to_score(people):
    with time_machine.travel(at(7, 1), tick=False):
        application = ApplicationFactory(
            organisation=people["collectivite"], assigned=True, edition=EditionFactory(review=True)
        )
        sheet = AssignmentFactory(application=application, juror__jury__edition=application.edition)
        with pytest.raises(BusinessError, match="référents"):
            services.application_withdraw(actor=people["member"], application=application)
        services.application_withdraw(
            actor=people["referent"], application=application, comment="Projet suspendu"
        )
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.CANCELLED
    assert application.transitions.last().comment == "Projet suspendu"
    late = ApplicationFactory(
        organisation=people["collectivite"], assigned=True, edition=application.edition
    )
    with (
        time_machine.travel(at(10, 15), tick=False),
        pytest.raises(BusinessError, match="La finale a eu lieu"),
    ):
        services.application_withdraw(actor=people["referent"], application=late)


def test_one_public_vote_per_citizen_and_edition(people):
    edition = EditionFactory(final=True, public_vote=True)
    first, second = (
        ApplicationFactory(edition=edition, status=ApplicationStatus.FINALIST) for _ in range(2)
    )
    with time_machine.travel(at(10, 1), tick=False):
        with pytest.raises(BusinessError, match="FranceConnect"):
            services.vote_cast(actor=people["referent"], edition=edition, application=first)
        services.vote_cast(actor=people["citizen"], edition=edition, application=first)
        with pytest.raises(BusinessError, match="déjà voté"):
            services.vote_cast(actor=people["citizen"], edition=edition, application=second)
    with (
        time_machine.travel(at(10, 16), tick=False),
        pytest.raises(BusinessError, match="pas ouvert"),
    ):
        services.vote_cast(actor=people["citizen"], edition=edition, application=second)
    assert list(PublicVote.objects.values_list("application", flat=True)) == [first.pk]


def test_finalists_respect_the_number_and_the_quotas(people):
    edition = EditionFactory(review=True, finalists_count=2)
    category = edition.categories.first()
    category.quota = 1
    category.save()
    applications = [ApplicationFactory(edition=edition, assigned=True) for _ in range(3)]
    ids = [application.pk for application in applications]
    with pytest.raises(BusinessError, match="au plus 2 finalistes"):
        services.finalists_select(
            actor=people["staff"], edition=edition, application_ids=ids, reason="Les meilleurs"
        )
    with pytest.raises(
        BusinessError, match="« Administration numérique » compte au plus 1 finaliste"
    ):
        services.finalists_select(
            actor=people["staff"], edition=edition, application_ids=ids[:2], reason="Les meilleurs"
        )
    with pytest.raises(BusinessError, match="Motivez"):
        services.finalists_select(
            actor=people["staff"], edition=edition, application_ids=ids[:1], reason=" "
        )
    assert set(Application.objects.values_list("status", flat=True)) == {"en_examen"}
    edition.refresh_from_db()
    assert edition.status == EditionStatus.REVIEW


def test_a_huge_upload_is_refused_before_it_is_read(client, draft, during_call, settings):
    settings.AWARDS_ATTACHMENT_MAX_BYTES = 1024
    client.force_login(draft.created_by)
    response = client.post(
        reverse("awards:attachment_add", args=[draft.pk]),
        {"file": SimpleUploadedFile("gros.pdf", PDF + b"0" * 200_000)},
        follow=True,
    )
    assert "Le fichier dépasse la taille maximale de 0 Mo." in response.content.decode()
    assert not Attachment.objects.exists()
