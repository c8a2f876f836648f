"""The questionnaire as a member of a collectivité fills it: saving as one types (htmx) or with
a plain form, history, checks, non concerné, proposals from the previous campaign, the light
questionnaire, submission, read-only states, reopening and the publication choice."""

import pytest
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from territoires.observatory.cache import cached_results
from territoires.observatory.enums import (
    AnswerStatus,
    AssessmentStatus,
    CampaignStatus,
    Publication,
    Questionnaire,
)
from territoires.observatory.framework import get_framework
from territoires.observatory.models import (
    Answer,
    AnswerChange,
    Assessment,
    AssessmentScore,
    AssessmentTransition,
    Campaign,
)
from territoires.observatory.public.selectors import campaign_statistics
from territoires.observatory.selectors import asked_indicators
from tests.observatory.conftest import fill, start, url, visible_text
from tests.observatory.factories import AnswerFactory, AssessmentFactory, best_value

pytestmark = pytest.mark.django_db
FRAMEWORK = get_framework(2026)
HTMX = {"HTTP_HX_REQUEST": "true"}


def answers(assessment) -> dict:
    return {
        a.indicator_code: (a.status, a.value) for a in Answer.objects.filter(assessment=assessment)
    }


# ------------------------------------------------------------------ starting


def test_a_member_starts_the_assessment_of_the_open_campaign(client, world):
    client.force_login(world["member"])
    page = client.get(reverse("observatory:my_assessments"))
    assertContains(page, "Vous répondez pour <strong>Nevers</strong>", html=False)
    assertContains(page, "Commencer le questionnaire 2026")
    # Nevers has 33 085 inhabitants: no choice of the light questionnaire.
    assertNotContains(page, "Questionnaire allégé")

    response = client.post(
        reverse("observatory:assessment_start", args=[world["campaign"].pk]),
        {"questionnaire": "complet"},
    )

    assessment = Assessment.objects.get(territory=world["nevers"])
    assertRedirects(response, url("assessment", assessment))
    assert assessment.questionnaire == Questionnaire.FULL
    assert AssessmentScore.objects.get(assessment=assessment).completeness == 0


def test_the_light_questionnaire_is_offered_under_3500_inhabitants_only(client, world):
    client.force_login(world["other"])
    page = client.get(reverse("observatory:my_assessments"))
    assertContains(page, "Questionnaire allégé (environ 15 minutes)")
    client.post(
        reverse("observatory:assessment_start", args=[world["campaign"].pk]),
        {"questionnaire": "allege"},
    )
    light = Assessment.objects.get(territory=world["saint_eloi"])
    assert light.questionnaire == Questionnaire.LIGHT

    # Only the light indicators are asked, axis by axis.
    page = client.get(url("assessment", light))
    asked_axes = {i.axis for i in FRAMEWORK.light_indicators}
    for axis in FRAMEWORK.axes:
        if axis.code in asked_axes:
            assertContains(page, axis.name)
    lab_url = url("assessment_axis", light, "LAB")
    assert client.get(lab_url).status_code == (200 if "LAB" in asked_axes else 404)
    eadm = visible_text(client.get(url("assessment_axis", light, "EADM")))
    assert "EADM-02 —" in eadm
    assert "EADM-01 —" not in eadm

    # Nevers may not take the light questionnaire, even by crafting the request.
    client.force_login(world["referent"])
    response = client.post(
        reverse("observatory:assessment_start", args=[world["campaign"].pk]),
        {"questionnaire": "allege"},
        follow=True,
    )
    assertContains(
        response,
        "Le questionnaire allégé est réservé aux communes de moins de 3\u202f500 habitants.",
    )
    assert not Assessment.objects.filter(territory=world["nevers"]).exists()


def test_switching_to_the_full_questionnaire_asks_every_applicable_question(client, world):
    light = start(world, "saint_eloi", Questionnaire.LIGHT)
    client.force_login(world["other"])
    response = client.post(
        url("assessment_questionnaire", light), {"questionnaire": "complet"}, follow=True
    )
    assertContains(response, "Vous répondez au questionnaire complet.")
    eadm = visible_text(client.get(url("assessment_axis", light, "EADM")))
    assert "EADM-01 —" in eadm
    # LAB-01 applies from 3 500 inhabitants: never asked to Saint-Éloi (700).
    assert "LAB-01 —" not in visible_text(client.get(url("assessment_axis", light, "LAB")))
    assert "LAB-03 —" in visible_text(client.get(url("assessment_axis", light, "LAB")))


# ------------------------------------------------------------------ saving


def test_htmx_saves_one_answer_with_its_history_and_rescores(client, world):
    assessment = start(world)
    client.force_login(world["member"])

    response = client.post(
        url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "oui"}, **HTMX
    )

    assert response.status_code == 200
    content = response.content.decode()
    # The content of the question's live region, which stays in place for screen readers.
    assert content.lstrip().startswith('<p class="fr-message fr-message--valid">')
    assert "Réponse enregistrée." in content
    assert 'id="resume"' in content and 'hx-swap-oob="true"' in content
    assert answers(assessment) == {"LAB-03": (AnswerStatus.ANSWERED, 1.0)}
    change = AnswerChange.objects.get(assessment=assessment)
    assert (change.user, change.old_status, change.new_status, change.new_value) == (
        world["member"],
        None,
        AnswerStatus.ANSWERED,
        1.0,
    )
    assert AssessmentScore.objects.get(assessment=assessment).completeness > 0

    # A change keeps the old value; the same answer again writes nothing.
    client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "non"}, **HTMX)
    client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "non"}, **HTMX)
    last = AnswerChange.objects.filter(assessment=assessment).last()
    assert AnswerChange.objects.filter(assessment=assessment).count() == 2
    assert (last.old_value, last.new_value) == (1.0, 0.0)

    # Emptying the answer brings the question back to "not yet answered", logged.
    response = client.post(url("answer_save", assessment, "LAB-03"), {}, **HTMX)
    assertContains(response, "Réponse effacée : pas encore de réponse.")
    assert answers(assessment) == {}
    assert AnswerChange.objects.filter(assessment=assessment).last().new_status is None


def test_saving_an_unchanged_answer_does_not_rescore(client, world):
    assessment = start(world)
    client.force_login(world["member"])
    client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "oui"}, **HTMX)
    scored_at = AssessmentScore.objects.get(assessment=assessment).computed_at

    # Saving as one types posts the same answer again; so does the plain form of the axis.
    response = client.post(
        url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "oui"}, **HTMX
    )
    assertContains(response, "Réponse enregistrée.")
    response = client.post(
        url("assessment_axis", assessment, "LAB"), {"LAB-03-valeur": "oui"}, follow=True
    )
    assertContains(response, "Aucune réponse n’a changé.")

    assert AssessmentScore.objects.get(assessment=assessment).computed_at == scored_at
    client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "non"}, **HTMX)
    assert AssessmentScore.objects.get(assessment=assessment).computed_at > scored_at


def test_a_save_in_an_open_campaign_keeps_the_cached_results(
    client, world, django_capture_on_commit_callbacks
):
    """Cached figures read published assessments only: a rescoring does not drop them."""
    campaign = world["campaign"]
    assessment = start(world)
    client.force_login(world["member"])
    statistics = campaign_statistics(campaign)
    computed = []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "oui"}, **HTMX)

    assert AssessmentScore.objects.get(assessment=assessment).completeness > 0
    assert cached_results(campaign.pk, "statistics", lambda: computed.append(1)) == statistics
    assert computed == []


def test_every_type_is_saved_as_the_engines_number(client, world):
    assessment = start(world)
    client.force_login(world["member"])
    posted = {
        "LAB-01": {"LAB-01-valeur": "3"},
        "LAB-02": {"LAB-02-valeur": "4"},
        "LAB-04": {"LAB-04-valeur": ["collectivites", "habitants"]},
        "LAB-06": {"LAB-06-valeur": "42,5"},
    }
    for code, data in posted.items():
        client.post(url("answer_save", assessment, code), data, **HTMX)
    assert answers(assessment) == {
        "LAB-01": (AnswerStatus.ANSWERED, 3.0),
        "LAB-02": (AnswerStatus.ANSWERED, 4.0),
        "LAB-04": (AnswerStatus.ANSWERED, float(1 | 16)),
        "LAB-06": (AnswerStatus.ANSWERED, 42.5),
    }
    # "None of these" is an answer worth 0, distinct from no answer.
    client.post(url("answer_save", assessment, "LAB-04"), {"LAB-04-aucune": "1"}, **HTMX)
    assert answers(assessment)["LAB-04"] == (AnswerStatus.ANSWERED, 0.0)
    # The page shows the saved answers back.
    page = client.get(url("assessment_axis", assessment, "LAB"))
    assertContains(page, 'value="42,5"')
    assertContains(
        page,
        '<input type="checkbox" id="LAB-04-aucune" name="LAB-04-aucune" value="1" data-exclusive'
        " checked>",
        html=True,
    )


PERCENTAGE_EXPECTED = "Saisissez un pourcentage de 0 à 100, par exemple 42 ou 42,5."
COUNT_EXPECTED = "Saisissez un nombre entier de 0 à 2\u202f000 projets."


@pytest.mark.parametrize(
    ("code", "data", "message"),
    [
        ("LAB-06", {"LAB-06-valeur": "101"}, PERCENTAGE_EXPECTED),
        ("LAB-06", {"LAB-06-valeur": "-5"}, PERCENTAGE_EXPECTED),
        ("LAB-06", {"LAB-06-valeur": "beaucoup"}, PERCENTAGE_EXPECTED),
        # A whole number question never suggests a decimal, and quotes its maximum.
        ("LAB-02", {"LAB-02-valeur": "-1"}, COUNT_EXPECTED),
        ("LAB-02", {"LAB-02-valeur": "2,5"}, COUNT_EXPECTED),
        ("LAB-02", {"LAB-02-valeur": "beaucoup"}, COUNT_EXPECTED),
        ("LAB-02", {"LAB-02-valeur": "2001"}, COUNT_EXPECTED),
        ("LAB-02", {"LAB-02-valeur": "99999999999999999999"}, COUNT_EXPECTED),
        # Hundreds of digits: float() gives infinity, which int() refuses.
        ("LAB-02", {"LAB-02-valeur": "9" * 400}, COUNT_EXPECTED),
        ("LAB-06", {"LAB-06-valeur": "9" * 400}, PERCENTAGE_EXPECTED),
        ("LAB-04", {"LAB-04-valeur": "inconnue"}, "« inconnue » n’est pas une réponse possible"),
        (
            "LAB-04",
            {"LAB-04-valeur": "recherche", "LAB-04-aucune": "1"},
            "Cochez « Aucune de ces réponses » ou des réponses, pas les deux.",
        ),
        ("LAB-01", {"LAB-01-valeur": "5"}, "Choisissez un niveau de 0 à 4."),
        ("LAB-01", {"LAB-01-valeur": "-1"}, "Choisissez un niveau de 0 à 4."),
        # A digit for str.isdigit(), but not for int().
        ("LAB-01", {"LAB-01-valeur": "²"}, "Choisissez un niveau de 0 à 4."),
        ("LAB-01", {"LAB-01-valeur": "9" * 5000}, "Choisissez un niveau de 0 à 4."),
        ("LAB-03", {"LAB-03-valeur": "peut-être"}, "Répondez par oui ou par non."),
        # Digits other than 0 to 9, which float() and int() would read.
        ("LAB-06", {"LAB-06-valeur": "١٠"}, "avec les chiffres de 0 à 9, par exemple 42."),
        ("LAB-02", {"LAB-02-valeur": "４２"}, "avec les chiffres de 0 à 9, par exemple 42."),
        ("LAB-01", {"LAB-01-valeur": "٣"}, "avec les chiffres de 0 à 9, par exemple 42."),
    ],
)
def test_a_bad_value_gets_its_message_and_saves_nothing(client, world, code, data, message):
    assessment = start(world)
    client.force_login(world["member"])
    client.post(url("answer_save", assessment, "LAB-05"), {"LAB-05-valeur": "oui"}, **HTMX)
    before = (answers(assessment), AnswerChange.objects.count())

    response = client.post(url("answer_save", assessment, code), data, **HTMX)

    assertContains(response, message)
    assertContains(response, "fr-message--error")
    assert (answers(assessment), AnswerChange.objects.count()) == before

    # The plain form of the axis refuses it too, and saves none of the axis.
    data = {**data, "LAB-03-valeur": "oui"} if code != "LAB-03" else data
    response = client.post(url("assessment_axis", assessment, "LAB"), data)
    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, "Certaines réponses sont à corriger : rien n’a été enregistré.")
    assertContains(response, f'aria-labelledby="legende-{code} etat-{code}"')
    assert (answers(assessment), AnswerChange.objects.count()) == before


@pytest.mark.parametrize(
    ("code", "data"),
    [
        ("LAB-04", {"LAB-04-valeur": "recherche", "LAB-04-nc": "1"}),
        ("LAB-04", {"LAB-04-aucune": "1", "LAB-04-nc": "1"}),
        ("LAB-02", {"LAB-02-valeur": "3", "LAB-02-nc": "1"}),
    ],
)
def test_non_concerne_and_an_answer_are_refused_together(client, world, code, data):
    """Ticked boxes or a number beside « Non concerné »: the answer would be lost on reload."""
    assessment = start(world)
    client.force_login(world["member"])
    client.post(url("answer_save", assessment, "LAB-05"), {"LAB-05-valeur": "oui"}, **HTMX)
    before = (answers(assessment), AnswerChange.objects.count())

    response = client.post(url("answer_save", assessment, code), data, **HTMX)

    assertContains(response, "Cochez « Non concerné » ou répondez à la question, pas les deux.")
    assert (answers(assessment), AnswerChange.objects.count()) == before
    response = client.post(url("assessment_axis", assessment, "LAB"), data)
    assertContains(response, "Cochez « Non concerné » ou répondez à la question, pas les deux.")
    assert (answers(assessment), AnswerChange.objects.count()) == before


def test_a_count_question_says_its_bounds(client, world):
    assessment = start(world)
    client.force_login(world["member"])

    text = visible_text(client.get(url("assessment_axis", assessment, "LAB")))

    assert "Votre réponse (projets, nombre entier de 0 à 2 000)" in text


def test_the_axis_progress_follows_each_saved_answer(client, world):
    assessment = start(world)
    client.force_login(world["member"])
    page = client.get(url("assessment_axis", assessment, "LAB"))
    assertContains(page, 'id="progression-axe"')

    response = client.post(
        url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "oui"}, **HTMX
    )

    assertContains(
        response,
        '<p class="fr-text--sm fr-mb-1w" id="progression-axe" hx-swap-oob="true">'
        "1 question traitée sur 6 dans cet axe.</p>",
        html=True,
    )
    assertContains(response, '<span class="fr-badge fr-badge--sm fr-ml-1w">1 sur 6</span>')


def test_the_plain_form_saves_the_whole_axis_without_javascript(client, world):
    assessment = start(world)
    client.force_login(world["member"])

    response = client.post(
        url("assessment_axis", assessment, "LAB"),
        {"LAB-01-valeur": "2", "LAB-03-valeur": "oui", "LAB-05-nc": "1", "LAB-06-valeur": "80"},
        follow=True,
    )

    assertContains(response, "4 réponses enregistrées.")
    assert answers(assessment) == {
        "LAB-01": (AnswerStatus.ANSWERED, 2.0),
        "LAB-03": (AnswerStatus.ANSWERED, 1.0),
        "LAB-05": (AnswerStatus.NOT_CONCERNED, None),
        "LAB-06": (AnswerStatus.ANSWERED, 80.0),
    }
    assert AnswerChange.objects.filter(assessment=assessment).count() == 4
    assertContains(response, "Enregistré : non concerné.")


def test_non_concerne_leaves_the_denominator_and_counts_as_treated(client, world):
    assessment = start(world)
    client.force_login(world["member"])
    client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "oui"}, **HTMX)
    score_before = AssessmentScore.objects.get(assessment=assessment)

    # Non concerné wins over a value posted with it.
    response = client.post(
        url("answer_save", assessment, "LAB-05"), {"LAB-05-valeur": "non", "LAB-05-nc": "1"}, **HTMX
    )

    assertContains(response, "Enregistré : non concerné.")
    assert answers(assessment)["LAB-05"] == (AnswerStatus.NOT_CONCERNED, None)
    score = AssessmentScore.objects.get(assessment=assessment)
    assert score.completeness > score_before.completeness
    assert score.axis_completeness["LAB"] > score_before.axis_completeness["LAB"]


def test_a_question_outside_the_questionnaire_is_refused(client, world):
    light = start(world, "saint_eloi", Questionnaire.LIGHT)
    client.force_login(world["other"])
    assert (
        client.post(url("answer_save", light, "EADM-01"), {"EADM-01-valeur": "2"}).status_code
        == 404
    )
    assert client.post(url("answer_save", light, "NOPE-01"), {}).status_code == 404
    assert not Answer.objects.exists()


def test_a_plain_post_to_the_answer_endpoint_returns_to_the_axis(client, world):
    assessment = start(world)
    client.force_login(world["member"])
    response = client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "oui"})
    assertRedirects(response, url("assessment_axis", assessment, "LAB") + "#question-LAB-03")
    assert answers(assessment) == {"LAB-03": (AnswerStatus.ANSWERED, 1.0)}


# ------------------------------------------------------------------ proposals


@pytest.fixture
def previous(world):
    """Nevers answered the 2025 campaign: LAB-03 yes, LAB-05 non concerné, LAB-06 60 %."""
    old = AssessmentFactory(published=True, campaign__year=2025, territory=world["nevers"])
    AnswerFactory(assessment=old, indicator_code="LAB-03", value=1.0)
    AnswerFactory(assessment=old, indicator_code="LAB-05", not_concerned=True)
    AnswerFactory(assessment=old, indicator_code="LAB-06", value=60.0)
    return old


def test_last_years_answers_are_proposals_until_confirmed(client, world, previous):
    assessment = start(world)
    client.force_login(world["member"])

    page = client.get(url("assessment_axis", assessment, "LAB"))

    text = visible_text(page)
    assert "Réponse proposée, reprise de la campagne 2025 : Oui." in text
    assert "Réponse proposée, reprise de la campagne 2025 : Non concerné." in text
    assert "Réponse proposée, reprise de la campagne 2025 : 60 %." in text
    assert "3 réponses de la campagne précédente peuvent être reprises" in text
    assert answers(assessment) == {}

    # One question.
    response = client.post(
        url("prefill_confirm", assessment, "LAB"), {"indicateur": "LAB-06"}, follow=True
    )
    assertContains(response, "1 réponse de la campagne précédente reprise.")
    assert answers(assessment) == {"LAB-06": (AnswerStatus.ANSWERED, 60.0)}
    assert AnswerChange.objects.get(assessment=assessment).new_value == 60.0

    # The rest of the axis.
    response = client.post(url("prefill_confirm", assessment, "LAB"), follow=True)
    assertContains(response, "2 réponses de la campagne précédente reprises.")
    assert answers(assessment) == {
        "LAB-03": (AnswerStatus.ANSWERED, 1.0),
        "LAB-05": (AnswerStatus.NOT_CONCERNED, None),
        "LAB-06": (AnswerStatus.ANSWERED, 60.0),
    }
    assertNotContains(response, "Réponse proposée")
    assert AssessmentScore.objects.get(assessment=assessment).completeness > 0


def test_proposals_word_counts_and_choices_as_the_questionnaire(client, world, previous):
    Answer.objects.bulk_create(
        [
            Answer(assessment=previous, indicator_code="LAB-02", status=1, value=1200.0),
            Answer(assessment=previous, indicator_code="LAB-04", status=1, value=3.0),
            Answer(assessment=previous, indicator_code="LAB-01", status=1, value=2.0),
        ]
    )
    assessment = start(world)
    client.force_login(world["member"])

    page = client.get(url("assessment_axis", assessment, "LAB"))

    text = visible_text(page)
    proposed = "Réponse proposée, reprise de la campagne 2025 : "
    assertContains(page, f"{proposed}1\u202f200 projets.")  # a narrow no-break space
    assert (
        f"{proposed}D’autres collectivités ; Des universités ou des laboratoires de recherche."
        in text
    )
    assert f"{proposed}Niveau 2 : {FRAMEWORK.indicators_by_code['LAB-01'].levels[2]}." in text
    Answer.objects.filter(assessment=previous, indicator_code="LAB-04").update(value=0.0)
    text = visible_text(client.get(url("assessment_axis", assessment, "LAB")))
    assert f"{proposed}Aucune de ces réponses." in text


def test_a_proposal_never_overwrites_an_answer(client, world, previous):
    assessment = start(world)
    client.force_login(world["member"])
    client.post(url("answer_save", assessment, "LAB-06"), {"LAB-06-valeur": "10"}, **HTMX)

    response = client.post(
        url("prefill_confirm", assessment, "LAB"), {"indicateur": "LAB-06"}, follow=True
    )

    assertContains(response, "Aucune réponse de la campagne précédente n’est à reprendre.")
    assert answers(assessment)["LAB-06"] == (AnswerStatus.ANSWERED, 10.0)


# ------------------------------------------------------------------ submission, read-only


def complete(assessment):
    """Answer every question of the assessment with its best answer."""
    asked = asked_indicators(assessment).values()
    fill(assessment, asked, lambda i: 1.0 if i.context else best_value(i))


def test_only_a_referent_submits_and_then_it_is_read_only(client, world):
    assessment = start(world)
    complete(assessment)
    client.force_login(world["member"])
    assertNotContains(client.get(url("assessment", assessment)), "Soumettre l’évaluation")
    assert client.post(url("assessment_submit", assessment)).status_code == 403

    client.force_login(world["referent"])
    response = client.post(url("assessment_submit", assessment), follow=True)

    assertContains(response, "Évaluation soumise. Elle n’est plus modifiable.")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_by == world["referent"]
    transition = AssessmentTransition.objects.get(assessment=assessment)
    assert (transition.from_status, transition.to_status) == ("brouillon", "soumise")

    # Read-only: the page says so, inputs are disabled, and writes are refused.
    client.force_login(world["member"])
    page = client.get(url("assessment_axis", assessment, "LAB"))
    assertContains(page, "L’évaluation a été soumise : elle est en lecture seule.")
    assertContains(page, "disabled")
    assertNotContains(page, "hx-post")
    before = answers(assessment)
    response = client.post(
        url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "non"}, **HTMX
    )
    assertContains(response, "L’évaluation a été soumise : elle ne peut plus être modifiée.")
    response = client.post(
        url("assessment_axis", assessment, "LAB"), {"LAB-03-valeur": "non"}, follow=True
    )
    assertContains(response, "L’évaluation a été soumise : elle ne peut plus être modifiée.")
    assert answers(assessment) == before


def test_submission_is_shown_disabled_with_its_reason_below_the_threshold(client, world):
    assessment = start(world)
    client.force_login(world["referent"])
    client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "oui"}, **HTMX)

    page = client.get(url("assessment", assessment))

    assertContains(
        page,
        '<button type="submit" class="fr-btn" disabled aria-describedby="soumission-impossible">'
        "Soumettre l’évaluation</button>",
        html=True,
    )
    completeness = AssessmentScore.objects.get(assessment=assessment).completeness
    assert 1.15 <= completeness < 1.25
    assert (
        "Soumission impossible pour l’instant : 1 % des questions sont traitées, il en faut"
        " au moins 60 %." in visible_text(page)
    )

    Answer.objects.filter(assessment=assessment).delete()
    complete(assessment)
    page = client.get(url("assessment", assessment))
    assertContains(
        page, '<button type="submit" class="fr-btn">Soumettre l’évaluation</button>', html=True
    )
    assertNotContains(page, "Soumission impossible")


def test_an_incomplete_assessment_cannot_be_submitted(client, world):
    assessment = start(world)
    client.force_login(world["referent"])
    client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "oui"}, **HTMX)

    response = client.post(url("assessment_submit", assessment), follow=True)

    assertContains(
        response,
        "Traitez au moins 60 % des questions avant de soumettre l’évaluation "
        "(complétude actuelle : 1 %).</p>",
        html=False,
    )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_after_closing_answers_are_frozen(client, world):
    assessment = start(world)
    client.force_login(world["member"])
    client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "oui"}, **HTMX)
    Campaign.objects.filter(pk=world["campaign"].pk).update(status=CampaignStatus.CLOSED)

    page = client.get(url("assessment_axis", assessment, "LAB"))
    assertContains(page, "La campagne est close : les réponses sont figées")
    assertNotContains(page, "Enregistrer les réponses de l’axe")
    response = client.post(
        url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "non"}, **HTMX
    )
    assertContains(response, "est close : les réponses ne peuvent plus être modifiées.")
    client.force_login(world["referent"])
    response = client.post(url("assessment_submit", assessment), follow=True)
    assertContains(response, "est close : les réponses ne peuvent plus être modifiées.")
    assert answers(assessment) == {"LAB-03": (AnswerStatus.ANSWERED, 1.0)}
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.DRAFT


def test_staff_reopens_a_submitted_assessment_with_a_comment(client, world):
    assessment = start(world)
    complete(assessment)
    client.force_login(world["referent"])
    client.post(url("assessment_submit", assessment))
    reopen = reverse("observatory:staff_assessment_reopen", args=[assessment.pk])
    assert client.get(reopen).status_code == 403

    client.force_login(world["staff"])
    response = client.post(reopen, {"comment": ""})
    assertContains(response, "Indiquez pourquoi l’évaluation est rouverte.")
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SUBMITTED

    response = client.post(reopen, {"comment": "Erreur sur le taux de couverture"}, follow=True)

    assertContains(response, "L’évaluation de Nevers est rouverte à la saisie.")
    assertContains(response, "Erreur sur le taux de couverture")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    last = AssessmentTransition.objects.filter(assessment=assessment).last()
    assert (last.actor, last.from_status, last.to_status) == (
        world["staff"],
        "soumise",
        "brouillon",
    )

    client.force_login(world["member"])
    client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "non"}, **HTMX)
    assert answers(assessment)["LAB-03"] == (AnswerStatus.ANSWERED, 0.0)


# ------------------------------------------------------------------ publication


@override_settings(OBSERVATORY_PEER_MIN_GROUP=7)
def test_the_publication_choice_states_the_minimum_group(client, world):
    assessment = start(world)
    client.force_login(world["referent"])

    text = visible_text(client.get(url("assessment", assessment)))

    assert "statistiques anonymes (groupes d’au moins 7 collectivités)." in text


def test_the_pages_of_a_demo_assessment_say_so(client, world):
    assessment = start(world)
    client.force_login(world["member"])
    pages = [url("assessment", assessment), url("assessment_axis", assessment, "LAB")]
    for page in pages:
        assert "Données de démonstration" not in visible_text(client.get(page))

    Campaign.objects.filter(pk=world["campaign"].pk).update(is_demo=True)

    for page in pages:
        assertContains(
            client.get(page),
            '<span class="fr-badge fr-badge--warning">Données de démonstration</span>',
            html=True,
        )


def test_only_a_referent_chooses_what_is_published(client, world):
    assessment = start(world)
    assert assessment.publication == Publication.AGGREGATES
    client.force_login(world["member"])
    page = client.get(url("assessment", assessment))
    assertContains(page, "Choix de la collectivité : agrégats anonymes seulement.")
    assert (
        client.post(
            url("assessment_publication", assessment), {"publication": "scores"}
        ).status_code
        == 403
    )

    client.force_login(world["referent"])
    response = client.post(
        url("assessment_publication", assessment), {"publication": "bof"}, follow=True
    )
    assertContains(response, "Choisissez ce que la collectivité publie parmi les choix proposés.")
    response = client.post(
        url("assessment_publication", assessment), {"publication": "donnees"}, follow=True
    )
    assertContains(
        response, "Choix de publication enregistré : scores et réponses en données ouvertes."
    )
    assert Assessment.objects.get(pk=assessment.pk).publication == Publication.OPEN_DATA
