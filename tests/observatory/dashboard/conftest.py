"""A small published campaign built by hand for the dashboard tests.

Campaign 2026 (the ``world`` campaign, published): nine villages of the Nièvre
(département 58, région 27), members of the CC Amognes Cœur du Nivernais, in
the stratum « commune-0-499 », light questionnaire, every answer the best
(index 100) or the worst (index 0):

====  ===========  =================  ==========  =======  ===========================
 n    population   publication        status      answers  after ``set_scores``
====  ===========  =================  ==========  =======  ===========================
 0    100          scores             submitted   best     index 10, level 1
 1    101          données ouvertes   submitted   best     index 20, level 2
 2    102          agrégats           submitted   best     index 30, level 2
 3    103          agrégats           submitted   worst    index 40, level 2
 4    104          scores             submitted   worst    index 50, level 3
 5    105          données ouvertes   draft       best     index 90, level 5 (unpublished)
 6    106          agrégats           submitted   best     index 20, level 2
 7    107          agrégats           submitted   best     index 30, level 2
 8    108          agrégats           submitted   worst    index 40, level 2
====  ===========  =================  ==========  =======  ===========================

Nevers (commune, 33 085 inhabitants) submitted every best answer and keeps
them private (agrégats): index 100, then 60 and level 4 after ``set_scores``.

Four bourgs of the Nièvre (stratum « commune-500-1999 », 600 to 603
inhabitants, outside the EPCI) keep theirs private too, bourg 0 every best
answer, the others every worst: indices 70, 80, 85 and 95, level 4, after
``set_scores``.

The statistical secrecy (ADR 0009) counts what a visitor cannot know: the
scores of the five private villages, of Nevers and of the bourgs, the answers of
all but village 1. Five private villages let the villages' figures be
published; Nevers and the four bourgs keep the communes of the Nièvre five
private members away from them (with Nevers alone, the two groups' difference
would give its score away); the levels of the communes of the Nièvre (five
private at level 2, five at level 4) may be published, those of the villages
(all five private at level 2) may not.
"""

import pytest

from territoires.observatory.enums import AssessmentStatus, Publication
from territoires.observatory.models import AssessmentScore
from tests.geo.factories import CommuneFactory, DepartementFactory, EpciFactory, RegionFactory
from tests.observatory.factories import AssessmentFactory, light_assessments, publish

PLAN = [
    (Publication.SCORES, AssessmentStatus.SUBMITTED, "best"),
    (Publication.OPEN_DATA, AssessmentStatus.SUBMITTED, "best"),
    (Publication.AGGREGATES, AssessmentStatus.SUBMITTED, "best"),
    (Publication.AGGREGATES, AssessmentStatus.SUBMITTED, "worst"),
    (Publication.SCORES, AssessmentStatus.SUBMITTED, "worst"),
    (Publication.OPEN_DATA, AssessmentStatus.DRAFT, "best"),
    (Publication.AGGREGATES, AssessmentStatus.SUBMITTED, "best"),
    (Publication.AGGREGATES, AssessmentStatus.SUBMITTED, "best"),
    (Publication.AGGREGATES, AssessmentStatus.SUBMITTED, "worst"),
]
HAND_SCORES = [(10, 1), (20, 2), (30, 2), (40, 2), (50, 3), (90, 5), (20, 2), (30, 2), (40, 2)]
BOURG_SCORES = [70, 80, 85, 95]


@pytest.fixture
def dash(world):
    epci = EpciFactory()
    villages = CommuneFactory.create_batch(len(PLAN), epci=epci)
    campaign = world["campaign"]
    assessments = light_assessments(campaign, villages, PLAN)
    nevers = AssessmentFactory(
        campaign=campaign,
        territory=world["nevers"],
        light=True,
        submitted=True,
        publication=Publication.AGGREGATES,
        answers="best",
    )
    bourgs = [
        CommuneFactory(
            code=f"{58950 + n}",
            name=f"Bourg-{n}",
            stratum="commune-500-1999",
            population=600 + n,
            departement=villages[0].departement,
        )
        for n in range(4)
    ]
    bourg_assessments = [
        AssessmentFactory(
            campaign=campaign,
            territory=bourg,
            light=True,
            submitted=True,
            publication=Publication.AGGREGATES,
            answers="best" if n == 0 else "worst",
        )
        for n, bourg in enumerate(bourgs)
    ]
    publish(campaign)
    return {
        **world,
        "villages": villages,
        "assessments": assessments,
        "nevers_assessment": nevers,
        "bourg_assessments": bourg_assessments,
        "epci": epci,
        "departement": DepartementFactory(),
        "region": RegionFactory(),
    }


def set_scores(dash) -> None:
    """Give the assessments the hand-written index and level of the table above."""
    for assessment, (index, level) in zip(dash["assessments"], HAND_SCORES, strict=True):
        AssessmentScore.objects.filter(assessment=assessment).update(index=index, level=level)
    AssessmentScore.objects.filter(assessment=dash["nevers_assessment"]).update(index=60, level=4)
    for assessment, index in zip(dash["bourg_assessments"], BOURG_SCORES, strict=True):
        AssessmentScore.objects.filter(assessment=assessment).update(index=index, level=4)
