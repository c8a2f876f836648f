"""Campaigns run by staff, the permission matrix of the assessment pages, the results page with
what would raise the level, obligations and peers (never under the minimum group)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from territoires.observatory import selectors
from territoires.observatory.enums import (
    AssessmentStatus,
    CampaignStatus,
    Publication,
    Questionnaire,
)
from territoires.observatory.framework import get_framework
from territoires.observatory.models import (
    Assessment,
    AssessmentScore,
    Campaign,
    CampaignTransition,
    PeerStatistic,
)
from tests.geo.factories import CommuneFactory
from tests.observatory.conftest import fill, start, url, visible_text
from tests.observatory.factories import AssessmentFactory, CampaignFactory, best_value

pytestmark = pytest.mark.django_db
FRAMEWORK = get_framework(2026)
CAMPAIGNS = reverse("observatory:staff_campaigns")


def move_url(campaign, move: str) -> str:
    return reverse("observatory:staff_campaign_move", args=[campaign.pk, move])


# ------------------------------------------------------------------ the lifecycle


def test_staff_creates_a_campaign_and_runs_its_lifecycle_with_a_log(client, world):
    client.force_login(world["staff"])
    page = client.get(CAMPAIGNS)
    assertContains(page, "Observatoire 2026")
    assertContains(page, "Référentiel 2026")

    response = client.post(CAMPAIGNS, {"year": "2027", "edition": "2026", "title": ""})

    campaign = Campaign.objects.get(year=2027)
    assertRedirects(response, reverse("observatory:staff_campaign", args=[campaign.pk]))
    assert (campaign.title, campaign.status) == (
        "Observatoire de la maturité numérique 2027",
        CampaignStatus.DRAFT,
    )
    # Each step is confirmed on its own page, then logged.
    assertContains(client.get(move_url(campaign, "ouvrir")), "Confirmer : ouvrir la campagne")
    for move, status in [
        ("ouvrir", CampaignStatus.OPEN),
        ("clore", CampaignStatus.CLOSED),
        ("ouvrir", CampaignStatus.OPEN),
        ("clore", CampaignStatus.CLOSED),
        ("publier", CampaignStatus.PUBLISHED),
    ]:
        response = client.post(move_url(campaign, move), {"comment": f"étape {move}"}, follow=True)
        campaign.refresh_from_db()
        assert campaign.status == status
        assertContains(response, f"est maintenant {campaign.get_status_display().lower()}")
    log = list(CampaignTransition.objects.filter(campaign=campaign))
    assert [(t.from_status, t.to_status) for t in log] == [
        ("", "brouillon"),
        ("brouillon", "ouverte"),
        ("ouverte", "close"),
        ("close", "ouverte"),
        ("ouverte", "close"),
        ("close", "publiee"),
    ]
    assert {t.actor for t in log} == {world["staff"]}
    page = client.get(reverse("observatory:staff_campaign", args=[campaign.pk]))
    assertContains(page, "étape publier")
    assertContains(page, "son cycle est terminé")


@pytest.mark.parametrize(
    ("status", "move"),
    [
        (CampaignStatus.DRAFT, "clore"),
        (CampaignStatus.DRAFT, "publier"),
        (CampaignStatus.OPEN, "ouvrir"),
        (CampaignStatus.OPEN, "publier"),
        (CampaignStatus.PUBLISHED, "ouvrir"),
        (CampaignStatus.PUBLISHED, "clore"),
    ],
)
def test_forbidden_transitions_are_refused_and_not_logged(client, world, status, move):
    campaign = CampaignFactory(year=2030, title="Essai", status=status)
    client.force_login(world["staff"])

    assertContains(client.get(move_url(campaign, move)), "ne peut pas passer à cette étape")
    response = client.post(move_url(campaign, move), {"comment": ""}, follow=True)

    assertContains(response, "ne peut pas passer à l’état")
    campaign.refresh_from_db()
    assert campaign.status == status
    assert not CampaignTransition.objects.filter(campaign=campaign).exists()


def test_bad_campaigns_are_refused_in_french(client, world):
    client.force_login(world["staff"])
    response = client.post(CAMPAIGNS, {"year": "2026", "edition": "2026"})
    assertContains(response, "Une campagne existe déjà pour l’année 2026.")
    response = client.post(CAMPAIGNS, {"year": "2027", "edition": "1999"})
    assertContains(response, "Sélectionnez un choix valide")
    response = client.post(CAMPAIGNS, {"year": "1900", "edition": "2026"})
    assertContains(response, "L’année doit être 2020 ou après.")
    assert Campaign.objects.count() == 1
    assert client.get(move_url(world["campaign"], "demolir")).status_code == 404


def test_staff_creates_the_real_campaign_of_a_year_held_by_a_demo(client, world):
    demo = Campaign.objects.create(year=2027, edition=2026, title="Démo 2027", is_demo=True)
    client.force_login(world["staff"])

    response = client.post(CAMPAIGNS, {"year": "2027", "edition": "2026"}, follow=True)

    assertContains(response, "Campagne « Observatoire de la maturité numérique 2027 » créée")
    assertContains(response, "La campagne de démonstration 2027 a été supprimée")
    assert not Campaign.objects.filter(pk=demo.pk).exists()
    assert Campaign.objects.get(year=2027).is_demo is False


def test_the_campaign_page_counts_participation(client, world):
    start(world)
    submitted = start(world, "saint_eloi", Questionnaire.LIGHT)
    Assessment.objects.filter(pk=submitted.pk).update(status=AssessmentStatus.SUBMITTED)
    client.force_login(world["staff"])

    text = visible_text(
        client.get(reverse("observatory:staff_campaign", args=[world["campaign"].pk]))
    )

    assert "Commune 2 1" in text  # kind, started, submitted
    assert "Rouvrir l’évaluation de Saint-Éloi" in text
    assert "Rouvrir l’évaluation de Nevers" not in text
    campaigns = visible_text(client.get(CAMPAIGNS))
    assert "2026 Observatoire 2026 2026 Ouverte 2 1" in campaigns


def test_the_campaign_page_lists_its_assessments_page_by_page(client, world):
    campaign = world["campaign"]
    assessments = [start(world), start(world, "saint_eloi")] + [
        AssessmentFactory(campaign=campaign, territory=village, light=True)
        for village in CommuneFactory.create_batch(49)
    ]
    campaign_url = reverse("observatory:staff_campaign", args=[campaign.pk])
    client.force_login(world["staff"])

    def listed(response) -> set[int]:
        content = response.content.decode()
        return {a.pk for a in assessments if f'href="{url("assessment", a)}"' in content}

    first = client.get(campaign_url)
    assert len(listed(first)) == 50
    assert "Évaluations, 51 au total (page 1 sur 2)" in visible_text(first)
    assertContains(first, 'aria-label="Pagination des évaluations"')
    assertContains(first, 'href="?page=2"')
    second = client.get(campaign_url, {"page": "2"})
    assert len(listed(second)) == 1
    assert listed(first) | listed(second) == {a.pk for a in assessments}
    # A page out of range shows the last one.
    assert listed(client.get(campaign_url, {"page": "99"})) == listed(second)


def test_publishing_recomputes_scores_and_peers(client, world, settings):
    # The configured minimum group (5), not a test value.
    assert settings.OBSERVATORY_PEER_MIN_GROUP == 5
    campaign = world["campaign"]
    # Five light assessments of the stratum « commune-0-499 », submitted: the best answers
    # everywhere (index 100) three times, the worst (index 0) twice.
    for answers in ["best", "best", "best", "worst", "worst"]:
        AssessmentFactory(
            campaign=campaign, light=True, submitted=True, answers=answers, scored=True
        )
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.CLOSED)
    AssessmentScore.objects.all().delete()
    client.force_login(world["staff"])

    client.post(move_url(campaign, "publier"), {"comment": ""})

    indexes = sorted(
        AssessmentScore.objects.filter(assessment__campaign=campaign).values_list(
            "index", flat=True
        )
    )
    assert indexes == [0, 0, 100, 100, 100]
    peers = PeerStatistic.objects.get(campaign=campaign, stratum="commune-0-499", metric="index")
    # By hand, over 0, 0, 100, 100, 100: the median is the third value, the quartiles the
    # second and the fourth (positions 1 and 3 of 0..4).
    assert (peers.group_size, peers.first_quartile, peers.median, peers.third_quartile) == (
        5,
        0,
        100,
        100,
    )


# ------------------------------------------------------------------ the permission matrix


def member_pages(assessment):
    return [
        url("assessment", assessment),
        url("assessment_axis", assessment, "LAB"),
        url("assessment_results", assessment),
    ]


def member_posts(assessment):
    return [
        (url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "oui"}),
        (url("assessment_axis", assessment, "LAB"), {"LAB-03-valeur": "oui"}),
        (url("prefill_confirm", assessment, "LAB"), {}),
        (url("assessment_questionnaire", assessment), {"questionnaire": "complet"}),
        (url("assessment_submit", assessment), {}),
        (url("assessment_publication", assessment), {"publication": "scores"}),
    ]


def staff_pages(world, assessment):
    return [
        CAMPAIGNS,
        reverse("observatory:staff_campaign", args=[world["campaign"].pk]),
        move_url(world["campaign"], "clore"),
        reverse("observatory:staff_assessment_reopen", args=[assessment.pk]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    assessment = start(world)
    login = reverse("accounts:login")
    pages = [reverse("observatory:my_assessments"), *member_pages(assessment)]
    for page in [*pages, *staff_pages(world, assessment)]:
        assertRedirects(client.get(page), f"{login}?next={page}", fetch_redirect_response=False)
    for page, data in member_posts(assessment):
        assert client.post(page, data).status_code == 302
    assert not assessment.answers.exists()


@pytest.mark.parametrize("who", ["other", "outsider"])
def test_another_collectivite_never_sees_nor_touches_an_assessment(client, world, who):
    assessment = start(world)
    fill(assessment, FRAMEWORK.light_indicators, best_value)
    client.force_login(world[who])
    for page in member_pages(assessment):
        assert client.get(page).status_code == 404
    for page, data in member_posts(assessment):
        assert client.post(page, data).status_code == 404
    for page in staff_pages(world, assessment):
        assert client.get(page).status_code == 403
    assessment.refresh_from_db()
    assert (assessment.status, assessment.publication) == ("brouillon", "agregats")
    assert assessment.answer_changes.count() == 0
    # Their own space shows their own collectivité only.
    page = visible_text(client.get(reverse("observatory:my_assessments")))
    assert "Nevers" not in page


@pytest.mark.parametrize("who", ["member", "referent"])
def test_members_read_and_answer_and_staff_reads(client, world, who):
    assessment = start(world)
    client.force_login(world[who])
    for page in member_pages(assessment):
        assert client.get(page).status_code == 200
    response = client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "oui"})
    assert response.status_code == 302
    assert assessment.answers.count() == 1
    for page in staff_pages(world, assessment):
        assert client.get(page).status_code == 403

    client.force_login(world["staff"])
    for page in [*member_pages(assessment), *staff_pages(world, assessment)]:
        assert client.get(page).status_code == 200
    # Staff reads every assessment but does not answer for a collectivité.
    assert (
        client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "non"}).status_code
        == 403
    )
    assert client.post(url("assessment_submit", assessment)).status_code == 403


# ------------------------------------------------------------------ results, peers and privacy


def test_the_results_page_shows_the_index_what_would_raise_it_and_obligations(client, world):
    assessment = start(world)
    fill(
        assessment,
        [i for i in FRAMEWORK.indicators if not i.context and i.code in _asked(assessment)],
        lambda i: 0.0,
    )
    client.force_login(world["member"])

    with time_machine.travel(datetime.datetime(2026, 9, 1, 12, tzinfo=datetime.UTC)):
        text = visible_text(client.get(url("assessment_results", assessment)))

    score = AssessmentScore.objects.get(assessment=assessment)
    assert score.level == 1
    assert "Indice de maturité : 0 sur 100, niveau 1 « Premiers pas »" in text
    assert "Pour atteindre le niveau suivant, il suffirait de la meilleure réponse à" in text
    assert "Les questions qui rapporteraient le plus de points" in text
    assert "Obligations légales" in text
    # Every answer « non » or 0: the DPO (every authority) is not designated; open data by
    # default (Nevers has 33,085 inhabitants) depends on the number of agents, a context
    # question left unanswered: unknown. No obligation is met.
    assert "Non respectée Délégué à la protection des données" in text
    assert "Inconnue Ouverture des données publiques par défaut" in text
    assert "Respectée" not in text
    assert "La comparaison avec les pairs sera disponible à la publication des résultats" in text


def test_what_would_raise_the_score_reads_the_answers_once(world, django_assert_num_queries):
    assessment = start(world)
    fill(
        assessment,
        [i for i in FRAMEWORK.indicators if not i.context and i.code in _asked(assessment)],
        lambda i: 0.0,
    )
    assessment = Assessment.objects.select_related("campaign", "territory").get(pk=assessment.pk)

    with django_assert_num_queries(1):
        progress = selectors.assessment_progress(assessment)

    assert progress["improvements"] and progress["path"] and progress["obligations"]


def _asked(assessment):
    from territoires.observatory.selectors import asked_indicators

    return asked_indicators(assessment)


def published_light_campaign(world, count: int, *, publication=Publication.AGGREGATES):
    """Saint-Éloi and ``count - 1`` villages moved to its stratum, submitted with the best
    answers to the light questionnaire, in a closed campaign that staff may publish."""
    campaign, saint_eloi = world["campaign"], world["saint_eloi"]
    villages = CommuneFactory.create_batch(count - 1, stratum=saint_eloi.stratum)
    assessments = [
        AssessmentFactory(
            campaign=campaign,
            territory=territory,
            light=True,
            submitted=True,
            publication=publication,
            answers="best",
        )
        for territory in [saint_eloi, *villages]
    ]
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.CLOSED)
    return assessments


def test_peers_are_shown_once_published_for_a_group_of_five(client, world):
    assessments = published_light_campaign(world, 5)
    client.force_login(world["staff"])
    client.post(move_url(world["campaign"], "publier"), {"comment": ""})
    client.force_login(world["other"])

    text = visible_text(client.get(url("assessment_results", assessments[0])))

    assert "Vos scores et ceux de vos pairs" in text
    assert "Indice 100,0 100,0 100,0 100,0 50,0 % 5" in text
    assert "Comparaison indisponible" not in text


def test_peers_are_never_shown_for_a_group_under_five(client, world):
    assessments = published_light_campaign(world, 4)
    client.force_login(world["staff"])
    client.post(move_url(world["campaign"], "publier"), {"comment": ""})
    assert not PeerStatistic.objects.exists()
    client.force_login(world["other"])

    text = visible_text(client.get(url("assessment_results", assessments[0])))

    assert (
        "Comparaison indisponible : moins de 5 collectivités comparables ont publié leurs résultats"
        in text
    )
    assert "Vos scores et ceux de vos pairs" not in text
    assert "Médiane" not in text


def test_private_assessments_appear_on_no_public_page(client, world):
    """Nothing of an assessment kept private (the default) reaches a public surface: pages,
    dashboards and roll-ups, open data files, the API, the widget and badge, the sitemap."""
    assessments = published_light_campaign(world, 5)
    client.force_login(world["staff"])
    client.post(move_url(world["campaign"], "publier"), {"comment": ""})
    client.logout()
    private = [assessment.territory for assessment in assessments]

    def content(page: str) -> str:
        response = client.get(page)
        assert response.status_code == 200, page
        return (b"".join(response) if response.streaming else response.content).decode()

    # The référentiel names every collectivité, but links no private one to its results.
    for page in [
        "/",
        world["saint_eloi"].get_absolute_url(),
        "/territoires/departements/58/",
        reverse("geo:search") + "?q=Saint-Éloi",
    ]:
        html = content(page)
        assert not [
            t.code for t in private if f"/observatoire/collectivites/communes/{t.code}/" in html
        ], page
    # The observatory's public surfaces name none of them.
    for page in [
        reverse("observatory:methodology"),
        reverse("observatory_public:landing"),
        reverse("observatory_public:national"),
        reverse("observatory_public:opendata"),
        "/observatoire/collectivites/departements/58/",
        "/observatoire/collectivites/regions/27/",
        "/api/v1/observatory/scores?campaign=2026",
        *(
            f"/api/v1/observatory/aggregates?campaign=2026&group_by={group}"
            for group in ("departement", "region", "stratum")
        ),
        "/sitemap-tableaux-de-bord.xml",
        *(
            reverse("observatory_public:opendata_download", args=[2026, slug, "csv"])
            for slug in ("scores", "reponses", "agregats")
        ),
    ]:
        text = content(page)
        assert not [t.code for t in private if t.code in text or t.name in text], page
    for place in private:
        for page in [
            f"/observatoire/collectivites/communes/{place.code}/",
            f"/api/v1/observatory/scores/commune/{place.code}",
            reverse("observatory_public:widget", args=["commune", place.code]),
            reverse("observatory_public:badge", args=["commune", place.code]),
            url("assessment_results", assessments[0]),
        ]:
            assert client.get(page).status_code in (302, 404), page


def test_members_and_staff_find_their_way_to_the_observatory(client, world):
    client.force_login(world["member"])
    organisation = world["member"].memberships.get().organisation
    page = client.get(reverse("accounts:organisation", args=[organisation.pk]))
    assertContains(page, f'href="{reverse("observatory:my_assessments")}"')
    assertContains(page, "Observatoire : évaluation de la maturité numérique")
    assertNotContains(page, CAMPAIGNS)

    client.force_login(world["staff"])
    assertContains(client.get(reverse("accounts:staff_requests")), f'href="{CAMPAIGNS}"')
