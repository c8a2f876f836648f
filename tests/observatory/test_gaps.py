"""Gaps: the axes where a collectivité has room to progress, which the other modules answer
with help (slot « observatory.gaps »)."""

import pytest

from territoires.core import panels
from territoires.observatory.dashboard.views import dashboard_url
from territoires.observatory.enums import Publication
from territoires.observatory.models import AssessmentScore, PeerStatistic
from territoires.observatory.selectors import Gap, assessment_gaps
from tests.geo.factories import CommuneFactory
from tests.observatory.conftest import visible_text
from tests.observatory.factories import AssessmentFactory, CampaignFactory

pytestmark = pytest.mark.django_db

# Levels of the 2026 framework: 1 from 0, 2 from 20, 3 from 40, 4 from 60, 5 from 80.
AXIS_SCORES = {
    "LAB": 10.0,  # level 1: a gap, whatever its peers
    "EADM": 45.0,  # level 3, under its peers' median of 50: a gap
    "DATA": 70.0,  # level 4, no peer statistic: no gap
    "AMEN": 55.0,  # level 3, above its peers' median of 50: no gap
    "TINT": 39.9,  # level 2: a gap
    "USAG": 30.0,  # level 2 but its median comes from a group under 5: a gap of level only
}


def _scored(campaign):
    """Five communes of one stratum that publish the same scores (so that the statistical
    secrecy lets their peer statistics be shown, ADR 0009), and the statistics of their
    stratum: the first commune's assessment."""
    assessments = [
        AssessmentFactory(
            campaign=campaign, territory=commune, submitted=True, publication=Publication.SCORES
        )
        for commune in CommuneFactory.create_batch(5)
    ]
    for assessment in assessments:
        AssessmentScore.objects.update_or_create(
            assessment=assessment,
            defaults={
                "index": 45.0,
                "level": 3,
                "completeness": 100.0,
                "axis_scores": {**dict.fromkeys(("INCL", "ENTR"), None), **AXIS_SCORES},
            },
        )
    assessment = assessments[0]
    commune = assessment.territory
    for metric, median, size in [("EADM", 50.0, 5), ("AMEN", 50.0, 5),
                                 ("USAG", 80.0, 4)]:  # fmt: skip
        PeerStatistic.objects.create(
            campaign=campaign,
            stratum=commune.stratum,
            metric=metric,
            group_size=size,
            median=median,
            first_quartile=median - 10,
            third_quartile=median + 10,
        )
    return assessment


def test_gaps_are_low_levels_and_axes_under_the_peers_median():
    assessment = _scored(CampaignFactory(published=True))

    gaps = assessment_gaps(assessment, assessment.score)

    assert gaps == [
        Gap(axis="LAB", name="Laboratoire d’innovation", score=10.0, level=1, peer_median=None),
        Gap(axis="EADM", name="E-administration", score=45.0, level=3, peer_median=50.0),
        Gap(axis="TINT", name="Territoire intelligent", score=39.9, level=2, peer_median=None),
        Gap(
            axis="USAG",
            name="Services et relation aux usagers",
            score=30.0,
            level=2,
            peer_median=None,
        ),
    ]


def test_before_publication_only_levels_make_gaps():
    assessment = _scored(CampaignFactory(closed=True))

    assert [gap.axis for gap in assessment_gaps(assessment, assessment.score)] == [
        "LAB",
        "TINT",
        "USAG",
    ]


@pytest.fixture
def help_asked():
    """A module of the tests in the slot « observatory.gaps »: it records what it was asked."""
    asked = []

    def context(request, *, territory, gaps):
        asked.append((territory, gaps))

    panel = panels.registry.register(
        "observatory.gaps", name="tests.help", template="unused.html", context=context
    )
    yield asked
    panels.registry._panels["observatory.gaps"].remove(panel)


def test_the_dashboard_shows_the_gaps_and_asks_the_modules_for_help(client, help_asked):
    assessment = _scored(CampaignFactory(published=True))
    territory = assessment.territory

    text = visible_text(client.get(dashboard_url(territory)))

    assert (
        "Axes au niveau 1 ou 2, ou sous la médiane des collectivités comparables : "
        "Laboratoire d’innovation (10,0) ; E-administration (45,0, médiane des pairs 50,0) ; "
        "Territoire intelligent (39,9) ; Services et relation aux usagers (30,0)."
    ) in text
    assert help_asked == [(territory, assessment_gaps(assessment, assessment.score))]
