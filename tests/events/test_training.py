"""What a training body keeps: attendance after the event, the attendance sheet per half-day
signed on the organiser's device, the attendance certificate (PDF) of each trainee present,
the satisfaction survey and its results, shown from five answers."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from territoires.events.links import CANCEL, SURVEY, registration_token
from territoires.events.models import AttendanceSignature, SurveyResponse
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.observatory.dashboard.test_rollups import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(time_machine):
    organiser = UserFactory()
    organisation = OrganisationFactory(name="Mission Ecoter", members=[organiser])
    event = EventFactory(
        kind="formation",
        title="Piloter un projet de données",
        organisation=organisation,
        sessions=[
            (datetime(2026, 6, 15, 7, tzinfo=UTC), datetime(2026, 6, 15, 15, tzinfo=UTC)),
            (datetime(2026, 6, 16, 7, tzinfo=UTC), datetime(2026, 6, 16, 11, tzinfo=UTC)),
        ],
    )
    trainee = RegistrationFactory(event=event, user__first_name="Camille", user__last_name="Martin")
    time_machine.move_to(datetime(2026, 6, 15, 8, tzinfo=UTC))
    return event, organiser, trainee


def test_the_sheet_is_signed_per_half_day_on_the_organisers_device(client, training):
    event, organiser, trainee = training
    client.force_login(organiser)
    sheet = client.get(reverse("events:sheet", args=[event.pk]))
    assertContains(sheet, "lundi 15 juin 2026, matin")
    assertContains(sheet, "mardi 16 juin 2026, après-midi")
    url = reverse("events:sign", args=[event.pk, trainee.pk])
    form = client.get(url, {"day": "2026-06-15", "half_day": "matin"})
    assertContains(form, 'data-signature-for="id_signature"')
    response = client.post(
        url, {"day": "2026-06-15", "half_day": "matin", "signature": "M1 1L40 20"}
    )
    assert response.status_code == 302
    signed = AttendanceSignature.objects.get()
    assert (str(signed.day), signed.half_day, signed.signature) == (
        "2026-06-15",
        "matin",
        "M1 1L40 20",
    )
    trainee.refresh_from_db()
    assert trainee.attended is True
    again = client.post(url, {"day": "2026-06-15", "half_day": "matin", "signature": "M2 2"})
    assertContains(again, "Cette demi-journée est déjà signée.")
    wrong_day = client.post(url, {"day": "2026-06-20", "half_day": "matin", "signature": "M2 2"})
    assertContains(wrong_day, "La formation n’a pas lieu ce jour-là.")
    assert AttendanceSignature.objects.count() == 1


def test_nobody_but_the_organiser_signs_or_sees_the_sheet(client, training):
    event, _, trainee = training
    client.force_login(trainee.user)
    assert client.get(reverse("events:sheet", args=[event.pk])).status_code == 403
    url = reverse("events:sign", args=[event.pk, trainee.pk])
    response = client.post(url, {"day": "2026-06-15", "half_day": "matin", "signature": "M1 1"})
    assert response.status_code == 403
    assert not AttendanceSignature.objects.exists()


def test_the_certificate_of_a_trainee_present(client, training):
    event, organiser, trainee = training
    url = reverse("events:certificate", args=[event.pk, trainee.pk])
    client.force_login(trainee.user)
    assert client.get(url).status_code == 404  # presence not marked yet
    client.force_login(organiser)
    client.post(reverse("events:attendance", args=[event.pk]), {"present": [trainee.pk]})
    trainee.refresh_from_db()
    assert trainee.attended is True
    for person in (organiser, trainee.user):
        client.force_login(person)
        response = client.get(url)
        assert response["Content-Type"] == "application/pdf"
        pdf = response.content
        assert pdf.startswith(b"%PDF")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_the_pdf_says_who_what_and_how_long(client, training):
    event, organiser, trainee = training
    trainee.attended = True
    trainee.save()
    AttendanceSignature.objects.create(
        registration=trainee, day="2026-06-15", half_day="matin", signature="M1 1"
    )
    client.force_login(organiser)
    text = pdf_text(client.get(reverse("events:certificate", args=[event.pk, trainee.pk])).content)
    assert "Attestation de présence" in text
    assert (
        "Mission Ecoter, organisme organisateur, atteste que Camille Martin "
        "a suivi la formation « Piloter un projet de données »."
    ) in text
    # 9:00 to 17:00 and 9:00 to 13:00 in Paris: 12 hours.
    assert "Le 15/06/2026, de 09:00 à 17:00" in text
    assert "Le 16/06/2026, de 09:00 à 13:00" in text
    assert "Durée totale : 12,0 heures" in text
    assert "15/06/2026, matin" in text


def test_attendance_is_marked_only_once_started(client, training, time_machine):
    event, organiser, trainee = training
    client.force_login(organiser)
    time_machine.move_to(datetime(2026, 6, 14, tzinfo=UTC))
    response = client.post(
        reverse("events:attendance", args=[event.pk]), {"present": [trainee.pk]}, follow=True
    )
    assertContains(response, "La présence se note une fois l’événement commencé.")
    trainee.refresh_from_db()
    assert trainee.attended is None


def test_the_survey_and_its_results_from_five_answers(client, training):
    event, organiser, trainee = training
    registrations = [trainee, *RegistrationFactory.create_batch(4, event=event)]
    for registration in registrations:
        registration.survey_sent_at = datetime(2026, 6, 16, 12, tzinfo=UTC)
        registration.save()
    scores = [(5, 4), (4, 4), (3, 5), (5, 5), (4, 2)]
    results_url = reverse("events:survey_results", args=[event.pk])
    for number, (registration, (satisfaction, usefulness)) in enumerate(
        zip(registrations, scores, strict=True), start=1
    ):
        url = reverse("events:survey", args=[registration_token(registration, SURVEY)])
        response = client.post(
            url,
            {"satisfaction": satisfaction, "usefulness": usefulness, "comment": f"Avis {number}"},
        )
        assertContains(response, "Merci : votre réponse est enregistrée.")
        client.force_login(organiser)
        results = client.get(results_url)
        client.logout()
        if number < 5:
            assertContains(results, "Les résultats s’affichent à partir de 5 réponses")
            assertNotContains(results, "Avis 1")
    # (5+4+3+5+4)/5 = 4.2 ; (4+4+5+5+2)/5 = 4.0
    assertContains(results, "Satisfaction moyenne : 4,2 sur 5 ; utilité moyenne : 4,0 sur 5.")
    assertContains(results, "Avis 3")
    assert SurveyResponse.objects.count() == 5
    # Answering twice changes nothing.
    url = reverse("events:survey", args=[registration_token(trainee, SURVEY)])
    client.post(url, {"satisfaction": 1, "usefulness": 1})
    assert SurveyResponse.objects.get(registration=trainee).satisfaction == 5


def test_a_forged_survey_link_is_a_404(client, training):
    _, _, trainee = training
    token = registration_token(trainee, SURVEY)
    assert client.get(reverse("events:survey", args=[token[:-2] + "xx"])).status_code == 404
    # A token made for cancelling does not open the survey.
    other = registration_token(trainee, CANCEL)
    assert client.get(reverse("events:survey", args=[other])).status_code == 404
