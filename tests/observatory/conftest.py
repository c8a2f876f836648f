"""Fixtures of the observatory tests: two collectivités, their people, the network’s staff and
an open campaign, the published results of ``public_results.py``; helpers to start and fill
assessments."""

import html
import re

import pytest
from django.urls import reverse

from territoires.accounts.enums import Role
from territoires.geo.models import Territory
from territoires.observatory.enums import AnswerStatus, CampaignStatus, Questionnaire
from territoires.observatory.models import Answer, Assessment, Campaign
from territoires.observatory.results import assessment_rescore
from tests.accounts.conftest import add_member, make_organisation, make_user
from tests.observatory.public_results import build_published_results


def visible_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


@pytest.fixture
def published(imported):
    """The published results of ``public_results.py``."""
    return build_published_results()


@pytest.fixture
def world(imported):
    nevers = Territory.objects.get(kind="commune", code="58194")
    saint_eloi = Territory.objects.get(kind="commune", code="58238")
    nevers_organisation = make_organisation("Ville de Nevers", nevers.siren, territory=nevers)
    saint_eloi_organisation = make_organisation(
        "Commune de Saint-Éloi", saint_eloi.siren, territory=saint_eloi
    )
    people = {
        "referent": make_user("ref@nevers.fr"),
        "member": make_user("membre@nevers.fr"),
        "other": make_user("ref@saint-eloi.fr"),
        "outsider": make_user("personne@exemple.fr"),
        "staff": make_user("equipe@reseau.fr", is_staff=True),
    }
    add_member(nevers_organisation, people["referent"], Role.REFERENT)
    add_member(nevers_organisation, people["member"])
    add_member(saint_eloi_organisation, people["other"], Role.REFERENT)
    campaign = Campaign.objects.create(
        year=2026, edition=2026, title="Observatoire 2026", status=CampaignStatus.OPEN
    )
    return {"nevers": nevers, "saint_eloi": saint_eloi, "campaign": campaign, **people}


def start(world, territory="nevers", questionnaire=Questionnaire.FULL) -> Assessment:
    assessment = Assessment.objects.create(
        campaign=world["campaign"], territory=world[territory], questionnaire=questionnaire
    )
    assessment_rescore(assessment=assessment)
    return assessment


def url(name: str, assessment, *args) -> str:
    return reverse(f"observatory:{name}", args=[assessment.pk, *args])


def fill(assessment, indicators, value_of) -> None:
    """Answer ``indicators`` directly in the database (a quick way to reach a completeness)."""
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            indicator_code=indicator.code,
            status=AnswerStatus.ANSWERED,
            value=value_of(indicator),
        )
        for indicator in indicators
    )
    assessment_rescore(assessment=assessment)
