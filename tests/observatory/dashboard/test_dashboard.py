"""The dashboard of a collectivité: who sees it, its numbers, its peers, its evolution."""

import dataclasses

import pytest

from territoires.observatory.cache import results_changed
from territoires.observatory.dashboard import selectors
from territoires.observatory.enums import CampaignStatus, Publication
from territoires.observatory.framework import get_framework
from territoires.observatory.models import AssessmentScore, Campaign
from tests.observatory.conftest import visible_text
from tests.observatory.dashboard.conftest import set_scores
from tests.observatory.factories import AssessmentFactory, CampaignFactory, publish

pytestmark = pytest.mark.django_db


def url(territory, suffix: str = "", query: str = "campagne=2026") -> str:
    segment = {"commune": "communes", "epci": "epci", "departement": "departements"}[territory.kind]
    return f"/observatoire/collectivites/{segment}/{territory.code}/{suffix}?{query}"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 404),
        ("outsider", 404),
        ("other", 404),
        ("member", 200),
        ("referent", 200),
        ("staff", 200),
    ],
)
@pytest.mark.parametrize("suffix", ["", "synthese/", "fiche-de-synthese.pdf", "questions/"])
def test_a_private_dashboard_is_for_members_and_staff_only(client, dash, who, status, suffix):
    if who:
        client.force_login(dash[who])
    assert client.get(url(dash["nevers"], suffix)).status_code == status


@pytest.mark.parametrize("number", [0, 1])  # scores, données ouvertes
def test_a_public_choice_opens_the_dashboard_to_anyone(client, dash, number):
    response = client.get(url(dash["villages"][number]))
    assert response.status_code == 200
    text = visible_text(response)
    assert "Indice de maturité : 100,0 sur 100" in text
    assert "Niveau de maturité : 5 sur 5, « Exemplaire »" in text
    assert "Complétude : 100 %" in text


@pytest.mark.parametrize("number", [2, 3, 5])  # agrégats; agrégats; a draft
def test_aggregates_only_and_drafts_have_no_public_dashboard(client, dash, number):
    assert client.get(url(dash["villages"][number])).status_code == 404
    assert client.get(url(dash["villages"][number], "fiche-de-synthese.pdf")).status_code == 404


def test_an_unknown_campaign_or_kind_is_not_found(client, dash):
    assert client.get(url(dash["villages"][0], query="campagne=2019")).status_code == 404
    assert client.get(url(dash["villages"][0], query="campagne=abc")).status_code == 404
    assert client.get("/observatoire/collectivites/communes-deleguees/58901/").status_code == 404


def test_an_unpublished_campaign_is_private_and_says_so(client, dash):
    Campaign.objects.filter(pk=dash["campaign"].pk).update(status=CampaignStatus.CLOSED)
    assert client.get(url(dash["villages"][0])).status_code == 404
    client.force_login(dash["member"])
    text = visible_text(client.get(url(dash["nevers"])))
    assert "Résultats provisoires" in text
    assert "disponible à la publication des résultats" in text


def test_the_stratum_comparison_reads_the_stored_peer_statistics(client, dash):
    # Stratum « commune-0-499 »: 8 published (the draft does not count), indices 100, 100,
    # 100, 0, 0, 100, 100, 0: median 100 (position 3.5 of 0..7), first quartile 0 (1.75),
    # third quartile 100 (5.25).
    text = visible_text(client.get(url(dash["villages"][0])))
    assert "Pairs : les collectivités de la strate « Communes de moins de 500 hab. »" in text
    assert "Indice de maturité 100,0 0,0 100,0 100,0 8" in text
    # Once the stored statistics change, the page follows them.
    selectors.PeerStatistic.objects.filter(metric="index").update(median=42.5)
    results_changed(dash["campaign"].pk)  # as the recomputation that writes them does
    assert "Indice de maturité 100,0 0,0 42,5 100,0 8" in visible_text(
        client.get(url(dash["villages"][0]))
    )


def test_a_custom_group_is_computed_over_its_published_assessments(client, dash):
    set_scores(dash)
    # Communes of the Nièvre: the 8 published villages, Nevers and the 4 bourgs: 10, 20,
    # 20, 30, 30, 40, 40, 50, 60, 70, 80, 85, 95; median 40 (position 6 of 0..12),
    # quartiles at positions 3 and 9: 30 and 70.
    text = visible_text(
        client.get(url(dash["villages"][0], query="campagne=2026&groupe=departement"))
    )
    assert "Pairs : les communes de la Nièvre" in text
    assert "Indice de maturité 10,0 30,0 40,0 70,0 13" in text
    # The band under 500 inhabitants: the 8 published villages, 10, 20, 20, 30, 30, 40,
    # 40, 50: median 30 (position 3.5 of 0..7), quartiles 20 (1.75) and 40 (5.25).
    query = "campagne=2026&groupe=population&tranche=0"
    text = visible_text(client.get(url(dash["villages"][0], query=query)))
    assert "les communes de moins de 500 habitants" in text
    assert "Indice de maturité 10,0 20,0 30,0 40,0 8" in text


def test_a_group_under_five_is_never_shown(client, dash):
    # The configured minimum (OBSERVATORY_PEER_MIN_GROUP, 5; no test overrides it here): the
    # band of the 8 published villages is shown, that of the 4 bourgs is not.
    shown = visible_text(
        client.get(url(dash["villages"][1], query="campagne=2026&groupe=population&tranche=0"))
    )
    assert "Indice de maturité 100,0 0,0 100,0 100,0 8" in shown
    query = "campagne=2026&groupe=population&tranche=1"
    response = client.get(url(dash["villages"][1], query=query))
    text = visible_text(response)
    # 500 to 1 999 inhabitants: the 4 bourgs.
    assert "Comparaison indisponible : moins de 5 collectivités comparables" in text
    assert "Premier quartile" not in text
    questions = visible_text(client.get(url(dash["villages"][1], "questions/", query)))
    assert "Comparaison indisponible : moins de 5 collectivités comparables" in questions
    assert "% des collectivités comparables" not in questions


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("groupe=population", "Choisissez une tranche de population."),
        # Free bounds are not read: only the fixed bands (ADR 0009).
        (
            "groupe=population&population_min=100&population_max=104",
            "Choisissez une tranche de population.",
        ),
        ("groupe=population&tranche=9", "Choisissez une des tranches de population proposées."),
        ("groupe=population&tranche=beaucoup", "Choisissez une des tranches de population"),
        ("groupe=nature", "Ce groupe de comparaison n’est pas proposé pour cette collectivité."),
    ],
)
def test_bad_comparison_filters_get_a_french_message_and_the_stratum(client, dash, query, message):
    text = visible_text(client.get(url(dash["villages"][0], query=f"campagne=2026&{query}")))
    assert message in text
    assert "Pairs : les collectivités de la strate « Communes de moins de 500 hab. »" in text


def test_question_by_question_counts_every_published_answer(client, dash):
    query = "campagne=2026&groupe=departement"
    text = visible_text(client.get(url(dash["villages"][0], "questions/", query)))
    assert (
        "Parmi les communes de la Nièvre qui ont publié leurs résultats de la campagne 2026"
    ) in text
    # 7 of the 13 published communes answered best (villages 0, 1, 2, 6 and 7, Nevers,
    # bourg 0): 54 %; the draft never counts. Of the 12 whose answers are private (all but
    # village 1), 6 answered best and 6 the worst: each side holds at least 5.
    assert "54 % des collectivités comparables ont répondu oui" in text
    assert "54 % des collectivités comparables ont atteint au moins le niveau 3" in text
    assert "54 % des collectivités comparables déclarent au moins 50 %" in text
    assert "54 % des collectivités comparables déclarent au moins 3 ans" in text
    assert (
        "Moins de 5 réponses dans une catégorie, ou secret statistique : pas de comparaison" in text
    )  # questions nobody answered


def test_question_by_question_shares_each_option_of_a_multiple_choice(client, dash):
    framework = get_framework(2026)
    indicator = next(i for i in framework.indicators if i.type == "multiple_choice")
    communes = [
        *dash["assessments"][:5],
        *dash["assessments"][6:],
        dash["nevers_assessment"],
        *dash["bourg_assessments"],
    ]
    for number, assessment in enumerate(communes):
        # The 13 published communes, village 1 (number 1) the only one whose answers are
        # public. Option 1 for numbers 0 to 5, option 2 for 5 to 10, any other for the even
        # ones: ticked by 5, 6 and 7 of the 12 private answers, leaving 7, 6 and 5 out, as
        # the statistical secrecy requires; 6, 6 and 7 of the 13: 46 %, 46 % and 54 %.
        others = sum(1 << bit for bit in range(2, len(indicator.options)))
        value = (1 if number <= 5 else 0) | (2 if 5 <= number <= 10 else 0)
        value |= others if number % 2 == 0 else 0
        selectors.Answer.objects.create(
            assessment=assessment, indicator_code=indicator.code, status=1, value=value
        )
    query = "campagne=2026&groupe=departement"
    text = visible_text(client.get(url(dash["villages"][0], "questions/", query)))
    for bit, option in enumerate(indicator.options):
        share = 54 if bit >= 2 else 46
        assert f"{share} % des collectivités comparables ont coché « {option.label} »" in text
    # A share of 0 % would say what every commune did not tick: withheld (ADR 0009).
    selectors.Answer.objects.filter(indicator_code=indicator.code).update(value=1)
    results_changed(dash["campaign"].pk)
    text = visible_text(client.get(url(dash["villages"][0], "questions/", query)))
    assert f"ont coché « {indicator.options[0].label} »" not in text


def test_improvements_and_obligations_only_where_answers_may_be_seen(client, dash):
    public_scores = visible_text(client.get(url(dash["villages"][4])))
    assert "Obligations légales" not in public_scores
    assert "Ce qui ferait progresser" not in public_scores
    open_data = visible_text(client.get(url(dash["villages"][1])))
    assert "Obligations légales" in open_data
    client.force_login(dash["member"])
    member = visible_text(client.get(url(dash["nevers"])))
    assert "Obligations légales" in member
    assert "Ce qui ferait progresser" in member


def test_evolution_compares_only_campaigns_of_the_same_axes_and_indicators(
    client, dash, monkeypatch
):
    village = dash["villages"][0]
    earlier = CampaignFactory(year=2025)
    AssessmentFactory(
        campaign=earlier,
        territory=village,
        light=True,
        submitted=True,
        publication=Publication.SCORES,
        answers="worst",
    )
    publish(earlier)
    AssessmentScore.objects.create(
        assessment=AssessmentFactory(
            published=True,
            campaign__year=2024,
            campaign__edition=2024,
            territory=village,
            publication=Publication.SCORES,
        ),
        index=55,
        level=3,
        completeness=100,
    )
    framework = get_framework(2026)
    older_framework = dataclasses.replace(framework, edition=2024, axes=framework.axes[:-1])
    monkeypatch.setattr(
        selectors,
        "get_framework",
        lambda edition: older_framework if edition == 2024 else framework,
    )

    text = visible_text(client.get(url(village)))

    assert "Mesure 2025 2026 Indice de maturité 0,0 100,0" in text
    assert (
        "Observatoire 2024 non comparée : elle suit le référentiel 2024, dont les axes ou les "
        "indicateurs diffèrent de ceux du référentiel 2026." in text
    )
    assert "55" not in text.split("Évolution")[1].split("non comparée")[0]


def test_demo_campaigns_are_labelled(client, dash):
    Campaign.objects.filter(pk=dash["campaign"].pk).update(is_demo=True)
    text = visible_text(client.get(url(dash["villages"][0])))
    assert "Données de démonstration" in text
