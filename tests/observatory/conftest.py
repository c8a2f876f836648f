"""Fixtures of the observatory tests: two collectivités, their people, the network’s staff and
an open campaign, the published results of ``public_results.py``; helpers to start and fill
assessments."""

import html
import re

import pytest
from django.urls import reverse

from territoires.geo.models import Territory
from territoires.observatory.enums import Questionnaire
from territoires.observatory.models import Assessment
from territoires.observatory.results import assessment_rescore
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.observatory.factories import AssessmentFactory, CampaignFactory, answer
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
    people = {
        "referent": UserFactory(email="ref@nevers.fr"),
        "member": UserFactory(email="membre@nevers.fr"),
        "other": UserFactory(email="ref@saint-eloi.fr"),
        "outsider": UserFactory(email="personne@exemple.fr"),
        "staff": UserFactory(email="equipe@reseau.fr", staff=True),
    }
    OrganisationFactory(
        name="Ville de Nevers",
        territory=nevers,
        referents=[people["referent"]],
        members=[people["member"]],
    )
    OrganisationFactory(
        name="Commune de Saint-Éloi", territory=saint_eloi, referents=[people["other"]]
    )
    campaign = CampaignFactory(open=True)
    return {"nevers": nevers, "saint_eloi": saint_eloi, "campaign": campaign, **people}


def start(world, territory="nevers", questionnaire=Questionnaire.FULL) -> Assessment:
    """The assessment of ``territory`` in the world's campaign, scored as once started."""
    return AssessmentFactory(
        campaign=world["campaign"],
        territory=world[territory],
        questionnaire=questionnaire,
        scored=True,
    )


def url(name: str, assessment, *args) -> str:
    return reverse(f"observatory:{name}", args=[assessment.pk, *args])


def fill(assessment, indicators, value_of) -> None:
    """Answer ``indicators`` and score the assessment (a quick way to reach a completeness)."""
    answer(assessment, indicators, value_of)
    assessment_rescore(assessment=assessment)
