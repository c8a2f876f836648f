"""A campaign moved to the framework's version 2026.2: its scores are recomputed where a rule
changed, and its history says so; the results page under the corrected rules."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from territoires.geo.models import Territory
from territoires.observatory.enums import AnswerStatus, CampaignStatus
from territoires.observatory.models import Answer, AssessmentScore, Campaign, CampaignTransition
from territoires.observatory.services import campaign_create
from tests.observatory.conftest import start, visible_text

pytestmark = pytest.mark.django_db

# Receives offers online, signs on paper (ACHT-07 « non »); ACHT-06 left unanswered.
PROCUREMENT = {
    "ACHT-01": 1,
    "ACHT-08": 1,
    "ACHT-02": 1,
    "ACHT-03": 1,
    "ACHT-04": 1,
    "ACHT-05": 1,
    "ACHT-07": 0,
}


def upgrade(year: int) -> str:
    out = io.StringIO()
    call_command("upgrade_campaign_framework", str(year), stdout=out)
    return out.getvalue()


def test_the_upgrade_recomputes_the_scores_and_the_campaign_history_says_so(client, world):
    campaign = world["campaign"]
    Campaign.objects.filter(pk=campaign.pk).update(
        framework_version="2026.1", status=CampaignStatus.CLOSED
    )
    assessment = start(world)
    Answer.objects.bulk_create(
        Answer(assessment=assessment, indicator_code=code, status=AnswerStatus.ANSWERED, value=v)
        for code, v in PROCUREMENT.items()
    )
    # The score stored under 2026.1, when ACHT-03 « oui » also meant signing electronically:
    # this collectivité answered « non », (3 × 100 + 2 × 0 + 2 × 100 + 2 × 100) ÷ 9.
    stored = AssessmentScore.objects.get(assessment=assessment)
    stored.axis_scores["ACHT"] = 77.8
    stored.save()

    assert "scores recalculés pour 1 évaluation." in upgrade(2026)

    # (3 × 100 + 2 × 100 + 2 × 100 + 2 × 100 + 1 × 0) ÷ 10: the signature weighs 1, apart.
    assert AssessmentScore.objects.get(assessment=assessment).axis_scores["ACHT"] == 90.0
    campaign.refresh_from_db()
    assert (campaign.framework_version, campaign.status) == ("2026.2", CampaignStatus.CLOSED)
    last = CampaignTransition.objects.filter(campaign=campaign).last()
    assert (last.from_status, last.to_status, last.actor) == (
        CampaignStatus.CLOSED,
        CampaignStatus.CLOSED,
        None,
    )
    client.force_login(world["staff"])
    text = visible_text(client.get(reverse("observatory:staff_campaign", args=[campaign.pk])))
    assert "Référentiel 2026, version 2026.2." in text
    assert (
        "Close Close Référentiel 2026 passé de la version 2026.1 à la version 2026.2 ; "
        "scores recalculés pour 1 évaluation."
    ) in text


def test_a_campaign_already_on_the_current_version_is_refused_and_unchanged(world):
    campaign = world["campaign"]
    Campaign.objects.filter(pk=campaign.pk).update(framework_version="2026.2")
    assessment = start(world)
    computed_at = AssessmentScore.objects.get(assessment=assessment).computed_at
    logged = CampaignTransition.objects.filter(campaign=campaign).count()

    with pytest.raises(CommandError, match=r"utilise déjà la version 2026\.2 du référentiel"):
        upgrade(2026)

    assert CampaignTransition.objects.filter(campaign=campaign).count() == logged
    assert AssessmentScore.objects.get(assessment=assessment).computed_at == computed_at
    with pytest.raises(CommandError, match="Aucune campagne pour l’année 2031"):
        upgrade(2031)


def test_a_new_campaign_records_the_current_version(world):
    campaign = campaign_create(actor=world["staff"], year=2031, edition=2026)
    assert campaign.framework_version == "2026.2"


def test_the_results_page_shows_unknown_for_an_obligation_bound_to_an_unknown_population(
    client, world
):
    Territory.objects.filter(pk=world["nevers"].pk).update(population=None)
    assessment = start(world)
    Answer.objects.create(
        assessment=assessment, indicator_code="EADM-03", status=AnswerStatus.ANSWERED, value=0
    )
    client.force_login(world["member"])

    text = visible_text(client.get(reverse("observatory:assessment_results", args=[assessment.pk])))

    # Publication applies from 3 500 inhabitants: with no population, « non » cannot decide.
    assert "Inconnue Publication électronique des actes" in text
    assert "Non respectée Publication électronique des actes" not in text
