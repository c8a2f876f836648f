"""Published results built by hand, for the tests of open data, the API and the widget.

Campaign 2026, published, 2026 framework; the communes below are in the Nièvre
(département 58, région 27) and in the stratum « commune-0-499 »; light
questionnaires, every answer the best (index 100) or the worst (index 0):

====  =================  ===========  ==========  ==================================
 n    publication        status       index       appears
====  =================  ===========  ==========  ==================================
 0    scores             submitted    100         scores; aggregates
 1    données ouvertes   submitted    0           scores, answers; aggregates
 2    agrégats           submitted    100         aggregates only
 3    données ouvertes   submitted    100         scores, answers; aggregates
 4    agrégats           submitted    0           aggregates only
 5    scores             submitted    none (0 %)  scores (no index); aggregates count
 6    données ouvertes   draft        100         nowhere
 7    agrégats           submitted    100         aggregates only
 8    agrégats           submitted    0           aggregates only
 9    agrégats           submitted    100         aggregates only
====  =================  ===========  ==========  ==================================

Five collectivités keep their scores private (n2, n4, n7, n8, n9): the
statistical secrecy publishes a median only over a group where they number
none or at least five (ADR 0009), else the public scores of the others would
give theirs away.

Basse-Terre (971, région 01) publishes its scores (100): it is in the scores,
but alone in its département, région and stratum, so in no aggregate.

Campaign 2025 is closed, not published: Saint-Éloi's submitted scores appear
nowhere. Campaign 2024 is a published demo campaign: Challuy's scores (100).

Aggregates of 2026, by hand: 9 published assessments in 58, in 27 and in
« commune-0-499 »; 8 of them have an index: 0, 0, 0, 100, 100, 100, 100, 100,
so the median is 100 (position 3.5 of 0..7), the first quartile 0 (position
1.75) and the third 100 (position 5.25).
"""

import dataclasses

from territoires.geo.models import Territory
from territoires.observatory.enums import AssessmentStatus, Publication
from territoires.observatory.models import Assessment, Campaign
from territoires.observatory.results import campaign_recompute
from tests.geo.factories import CommuneFactory
from tests.observatory.factories import (
    AnswerFactory,
    AssessmentFactory,
    CampaignFactory,
    light_assessments,
    publish,
)

# Publication, status, answers: the best, the worst or none.
PLAN = [
    (Publication.SCORES, AssessmentStatus.SUBMITTED, "best"),
    (Publication.OPEN_DATA, AssessmentStatus.SUBMITTED, "worst"),
    (Publication.AGGREGATES, AssessmentStatus.SUBMITTED, "best"),
    (Publication.OPEN_DATA, AssessmentStatus.SUBMITTED, "best"),
    (Publication.AGGREGATES, AssessmentStatus.SUBMITTED, "worst"),
    (Publication.SCORES, AssessmentStatus.SUBMITTED, None),
    (Publication.OPEN_DATA, AssessmentStatus.DRAFT, "best"),
    (Publication.AGGREGATES, AssessmentStatus.SUBMITTED, "best"),
    (Publication.AGGREGATES, AssessmentStatus.SUBMITTED, "worst"),
    (Publication.AGGREGATES, AssessmentStatus.SUBMITTED, "best"),
]
PUBLIC_SCORES = [0, 1, 3, 5]
PRIVATE = [2, 4, 6, 7, 8, 9]  # aggregates only, but n6: a draft


@dataclasses.dataclass
class PublishedResults:
    campaign: Campaign
    unpublished: Campaign
    demo: Campaign
    communes: list[Territory]
    assessments: list[Assessment]
    basse_terre: Territory
    saint_eloi: Territory
    challuy: Territory

    def commune(self, number: int) -> Territory:
        return self.communes[number]


def build_published_results() -> PublishedResults:
    """Build the results above (the small référentiel must be imported)."""
    communes = CommuneFactory.create_batch(len(PLAN))
    campaign = CampaignFactory(year=2026)
    assessments = light_assessments(campaign, communes, PLAN)
    # An answer of each remaining type on n3 (open data): a multiple choice
    # (options 1 and 3 of LAB-04) and a « non concerné ».
    AnswerFactory(assessment=assessments[3], indicator_code="LAB-04", value=5)
    AnswerFactory(assessment=assessments[3], indicator_code="LAB-01", not_concerned=True)
    unpublished = CampaignFactory(year=2025, closed=True)
    demo = CampaignFactory(year=2024, demo=True)
    basse_terre, saint_eloi, challuy = (
        Territory.objects.get(kind="commune", code=code) for code in ("97105", "58238", "58050")
    )
    for other_campaign, territory, publication in [
        (campaign, basse_terre, Publication.SCORES),
        (unpublished, saint_eloi, Publication.OPEN_DATA),
        (demo, challuy, Publication.OPEN_DATA),
    ]:
        AssessmentFactory(
            campaign=other_campaign,
            territory=territory,
            light=True,
            submitted=True,
            publication=publication,
            answers="best",
        )

    publish(campaign)
    publish(demo)
    campaign_recompute(campaign=unpublished)
    return PublishedResults(
        campaign=campaign,
        unpublished=unpublished,
        demo=demo,
        communes=communes,
        assessments=assessments,
        basse_terre=basse_terre,
        saint_eloi=saint_eloi,
        challuy=challuy,
    )
