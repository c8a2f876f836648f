"""The demo campaign generator and the whole-campaign commands, as an operator runs them."""

import io
import itertools
import re

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from territoires.geo.models import Territory
from territoires.geo.strata import stratum_for
from territoires.observatory import scoring
from territoires.observatory.enums import (
    AnswerStatus,
    AssessmentStatus,
    CampaignStatus,
    Publication,
    Questionnaire,
)
from territoires.observatory.framework import IndicatorType, get_framework
from territoires.observatory.models import (
    Answer,
    Assessment,
    AssessmentScore,
    Campaign,
    PeerStatistic,
)
from tests.observatory.factories import AssessmentFactory, CampaignFactory

pytestmark = pytest.mark.django_db

FRAMEWORK = get_framework(2026)
MODEL = scoring.model_for(2026)


@pytest.fixture
def many_communes(imported):
    """400 more communes, from 50 to 200,000 inhabitants (log-uniform), and 20 EPCI."""
    departement = Territory.objects.get(kind="departement", code="58")
    populations = np.geomspace(50, 200_000, 400).round().astype(int).tolist()
    Territory.objects.bulk_create(
        [
            Territory(
                kind="commune",
                code=f"{59000 + number}",
                name=f"Commune {number}",
                zone="metro",
                population=population,
                stratum=stratum_for(kind="commune", population=population, zone="metro"),
                departement=departement,
            )
            for number, population in enumerate(populations)
        ]
        + [
            Territory(
                kind="epci",
                code=f"2{number:08d}",
                name=f"Communauté {number}",
                zone="metro",
                epci_nature="CC",
                population=population,
                stratum=stratum_for(
                    kind="epci", population=population, zone="metro", epci_nature="CC"
                ),
            )
            for number, population in enumerate(np.geomspace(3_000, 60_000, 20).astype(int))
        ]
    )


def generate(*arguments: str) -> str:
    out = io.StringIO()
    call_command("generate_demo_campaign", *arguments, stdout=out)
    return out.getvalue()


def stored_answers(year: int = 2026) -> set[tuple]:
    return set(
        Answer.objects.filter(assessment__campaign__year=year).values_list(
            "assessment__territory__code", "indicator_code", "status", "value"
        )
    )


def test_the_demo_campaign_is_marked_as_such_and_scored(imported):
    output = generate("--count", "10")

    campaign = Campaign.objects.get(year=2026)
    assert campaign.is_demo
    assert campaign.demo_label == "Données de démonstration"
    assert "données de démonstration" in campaign.title
    assert campaign.status == CampaignStatus.PUBLISHED
    assert re.fullmatch(
        r"(.*\n)*Campagne de démonstration 2026 : 10 évaluations \(\d+ soumises, \d+ au "
        r"questionnaire allégé\), \d[\d\u202f]* réponses, graine \d+, en \d+(,\d)? s\.\n",
        output,
    )
    assert AssessmentScore.objects.filter(assessment__campaign=campaign).count() == 10
    assert Campaign(year=2025, edition=2026, title="Réelle").demo_label == ""


def test_the_same_seed_gives_the_same_answers_and_another_seed_others(many_communes):
    generate("--count", "60", "--seed", "7")
    first = stored_answers()
    generate("--count", "60", "--seed", "7")
    again = stored_answers()
    generate("--count", "60", "--seed", "8")
    other = stored_answers()

    assert len(first) > 60 * len(FRAMEWORK.light_indicators) // 2
    assert again == first
    assert other != first


def test_generating_again_replaces_the_demo_campaign_of_that_year(many_communes):
    generate("--count", "50")
    output = generate("--count", "30")

    assert "(remplace la précédente)" in output
    assert Campaign.objects.filter(year=2026).count() == 1
    assert Assessment.objects.count() == 30
    assert AssessmentScore.objects.count() == 30
    campaign = Campaign.objects.get()
    assert list(campaign.transitions.values_list("to_status", flat=True)) == [
        CampaignStatus.OPEN,
        CampaignStatus.CLOSED,
        CampaignStatus.PUBLISHED,
    ]


def test_a_real_campaign_is_never_touched(imported):
    real = CampaignFactory()
    AssessmentFactory(campaign=real, territory=Territory.objects.get(kind="commune", code="58238"))

    with pytest.raises(CommandError) as error:
        generate("--count", "5")

    assert str(error.value) == (
        "La campagne 2026 n’est pas une campagne de démonstration : elle n’a pas été modifiée."
    )
    real.refresh_from_db()
    assert not real.is_demo
    assert real.title == "Observatoire 2026"
    assert list(Assessment.objects.values_list("campaign_id", flat=True)) == [real.pk]


def test_if_no_campaign_does_nothing_once_a_campaign_exists(imported):
    CampaignFactory(year=2025)

    output = generate("--count", "5", "--if-no-campaign")

    assert "Une campagne existe déjà" in output
    assert not Campaign.objects.filter(year=2026).exists()
    generate("--count", "5", "--year", "2027")
    assert generate("--if-no-campaign").startswith("Une campagne existe déjà")
    assert Assessment.objects.count() == 5


def test_bad_arguments_get_a_french_message(imported):
    with pytest.raises(CommandError, match="--count attend un nombre de collectivités ou « all »"):
        generate("--count", "beaucoup")
    assert not Campaign.objects.exists()


def test_a_demo_of_a_year_before_the_first_framework_uses_the_first(imported):
    generate("--count", "5", "--year", "2025")

    campaign = Campaign.objects.get()
    assert (campaign.year, campaign.edition, campaign.is_demo) == (2025, 2026, True)
    assert AssessmentScore.objects.filter(assessment__campaign=campaign).count() == 5


# ------------------------------------------------------------------ demo and real campaigns


def create_campaign(*arguments: str) -> str:
    out = io.StringIO()
    call_command("create_campaign", *arguments, stdout=out)
    return out.getvalue()


def test_create_campaign_creates_and_opens_the_campaign_of_a_year(imported):
    output = create_campaign("2026", "--open")

    campaign = Campaign.objects.get()
    assert output == (
        "Campagne « Observatoire de la maturité numérique 2026 » créée, ouverte, référentiel "
        "2026.\n"
    )
    assert (campaign.status, campaign.is_demo) == (CampaignStatus.OPEN, False)
    assert list(campaign.transitions.values_list("from_status", "to_status", "actor")) == [
        ("", CampaignStatus.DRAFT, None),
        (CampaignStatus.DRAFT, CampaignStatus.OPEN, None),
    ]
    assert create_campaign("2026", "--open", "--if-missing") == (
        "La campagne 2026 existe déjà : rien n’est modifié.\n"
    )
    with pytest.raises(CommandError, match=r"Une campagne existe déjà pour l’année 2026\."):
        create_campaign("2026")
    assert Campaign.objects.count() == 1


def test_a_demo_campaign_never_blocks_the_real_campaign_of_its_year(imported):
    generate("--count", "10")
    demo = Campaign.objects.get(year=2026)

    output = create_campaign("2026", "--if-missing")

    assert "(la campagne de démonstration de l’année est supprimée)" in output
    real = Campaign.objects.get(year=2026)
    assert real.pk != demo.pk
    assert (real.is_demo, real.status) == (False, CampaignStatus.DRAFT)
    assert not Assessment.objects.exists()
    assert not Answer.objects.exists()
    assert not AssessmentScore.objects.exists()


def test_what_make_run_offers_last_years_results_and_this_years_open_campaign(imported):
    generate("--count", "10", "--year", "2025", "--if-no-campaign")
    create_campaign("2026", "--open", "--if-missing")
    # A second `make run` changes nothing.
    generate("--count", "10", "--year", "2025", "--if-no-campaign")
    create_campaign("2026", "--open", "--if-missing")

    assert list(Campaign.objects.order_by("year").values_list("year", "status", "is_demo")) == [
        (2025, CampaignStatus.PUBLISHED, True),
        (2026, CampaignStatus.OPEN, False),
    ]
    assert Assessment.objects.filter(campaign__year=2025).count() == 10


def test_count_all_assesses_every_current_collectivite(imported):
    generate("--count", "all")

    assessed = set(Assessment.objects.values_list("territory__kind", "territory__code"))
    expected = set(
        Territory.objects.current()
        .filter(kind__in=["region", "departement", "epci", "commune"])
        .values_list("kind", "code")
    )
    assert assessed == expected


def test_larger_collectivites_score_higher_on_average(many_communes):
    generate("--count", "all")

    scores = AssessmentScore.objects.filter(
        index__isnull=False, assessment__territory__kind="commune"
    )
    small = scores.filter(assessment__territory__population__lt=1_000)
    large = scores.filter(assessment__territory__population__gte=10_000)
    small_mean = np.mean(small.values_list("index", flat=True))
    large_mean = np.mean(large.values_list("index", flat=True))
    assert small.count() > 50 and large.count() > 50
    assert large_mean > small_mean + 10


def test_axes_correlate_positively(many_communes):
    generate("--count", "all")

    by_axis = np.array(
        [
            [score.get(axis) for axis in MODEL.axis_codes]
            for score in AssessmentScore.objects.filter(
                assessment__questionnaire=Questionnaire.FULL
            ).values_list("axis_scores", flat=True)
        ],
        dtype=float,
    )
    correlations = []
    for first, second in itertools.combinations(range(len(MODEL.axis_codes)), 2):
        both = ~np.isnan(by_axis[:, first]) & ~np.isnan(by_axis[:, second])
        if both.sum() >= 30:
            correlations.append(np.corrcoef(by_axis[both, first], by_axis[both, second])[0, 1])
    assert len(correlations) >= 20
    assert np.mean(correlations) > 0.2
    assert np.mean(np.array(correlations) > 0) > 0.9


def test_every_answer_is_valid_for_its_indicator_and_applies(many_communes):
    generate("--count", "all")

    light_codes = {indicator.code for indicator in FRAMEWORK.light_indicators}
    assessments = Assessment.objects.select_related("territory")
    applicable = {
        assessment.pk: {
            code
            for code, applies in zip(
                MODEL.indicator_codes,
                scoring.applicability(
                    MODEL,
                    kinds=[assessment.territory.kind],
                    populations=[assessment.territory.population],
                    light=[assessment.questionnaire == Questionnaire.LIGHT],
                )[0],
                strict=True,
            )
            if applies
        }
        for assessment in assessments
    }
    statuses = set()
    for assessment_id, code, status, value in Answer.objects.values_list(
        "assessment_id", "indicator_code", "status", "value"
    ):
        statuses.add(status)
        assert code in applicable[assessment_id]
        indicator = FRAMEWORK.indicators_by_code[code]
        if status == AnswerStatus.NOT_CONCERNED:
            assert value is None
            continue
        assert value == int(value) and value >= 0, (code, value)
        if indicator.type == IndicatorType.YES_NO:
            assert value in (0, 1)
        elif indicator.type == IndicatorType.LEVEL:
            assert value <= 4
        elif indicator.type == IndicatorType.PERCENTAGE:
            assert value <= 100
        elif indicator.type == IndicatorType.MULTIPLE_CHOICE:
            assert value < 2 ** len(indicator.options)
    assert statuses == {AnswerStatus.ANSWERED, AnswerStatus.NOT_CONCERNED}
    light = assessments.filter(questionnaire=Questionnaire.LIGHT)
    assert light.exists()
    assert all(
        FRAMEWORK.light_questionnaire.eligible(
            kind=assessment.territory.kind, population=assessment.territory.population
        )
        for assessment in light
    )
    assert {
        code
        for code in Answer.objects.filter(assessment__in=light).values_list(
            "indicator_code", flat=True
        )
    } <= light_codes
    # Part of the eligible communes only: some answer the full questionnaire.
    assert assessments.filter(
        questionnaire=Questionnaire.FULL,
        territory__kind="commune",
        territory__population__lt=FRAMEWORK.light_questionnaire.population_below,
    ).exists()


def test_most_assessments_are_submitted_with_mixed_publication_and_some_unanswered(
    many_communes,
):
    generate("--count", "all")

    assessments = Assessment.objects.all()
    submitted = assessments.filter(status=AssessmentStatus.SUBMITTED)
    assert 0.75 < submitted.count() / assessments.count() < 0.95
    assert submitted.filter(submitted_at__isnull=False).count() == submitted.count()
    assert set(submitted.values_list("publication", flat=True)) == set(Publication.values)
    scores = AssessmentScore.objects.all()
    assert scores.filter(completeness__lt=100).exists()  # some questions left unanswered
    assert scores.filter(index__isnull=True).exists()  # some drafts too incomplete for an index
    assert PeerStatistic.objects.filter(metric="index").exists()


def test_recompute_campaign_command(many_communes):
    generate("--count", "80")
    AssessmentScore.objects.all().delete()
    out = io.StringIO()

    call_command("recompute_campaign", "2026", stdout=out)

    assert re.fullmatch(
        r"Campagne 2026 \(données de démonstration\) : 80 évaluations recalculées "
        r"en \d+(,\d)? s\.\n",
        out.getvalue(),
    )
    assert AssessmentScore.objects.count() == 80
    with pytest.raises(CommandError, match="Aucune campagne pour l’année 2031"):
        call_command("recompute_campaign", "2031", stdout=io.StringIO())
