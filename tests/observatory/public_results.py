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
====  =================  ===========  ==========  ==================================

Basse-Terre (971, région 01) publishes its scores (100): it is in the scores,
but alone in its département, région and stratum, so in no aggregate.

Campaign 2025 is closed, not published: Saint-Éloi's submitted scores appear
nowhere. Campaign 2024 is a published demo campaign: Challuy's scores (100).

Aggregates of 2026, by hand: 6 published assessments in 58, in 27 and in
« commune-0-499 »; 5 of them have an index: 0, 0, 100, 100, 100, so the
median is 100, the first quartile 0 (position 1 of 0..4) and the third 100.
"""

import dataclasses

from territoires.geo.models import Territory
from territoires.observatory.enums import (
    AnswerStatus,
    AssessmentStatus,
    CampaignStatus,
    Publication,
)
from territoires.observatory.models import Answer, Assessment, Campaign
from territoires.observatory.results import campaign_recompute
from tests.observatory.builders import light_assessment, publish, small_communes

# Publication, status, best answers (True), worst (False) or none (None).
PLAN = [
    (Publication.SCORES, AssessmentStatus.SUBMITTED, True),
    (Publication.OPEN_DATA, AssessmentStatus.SUBMITTED, False),
    (Publication.AGGREGATES, AssessmentStatus.SUBMITTED, True),
    (Publication.OPEN_DATA, AssessmentStatus.SUBMITTED, True),
    (Publication.AGGREGATES, AssessmentStatus.SUBMITTED, False),
    (Publication.SCORES, AssessmentStatus.SUBMITTED, None),
    (Publication.OPEN_DATA, AssessmentStatus.DRAFT, True),
]
PUBLIC_SCORES = [0, 1, 3, 5]
PRIVATE = [2, 4, 6]  # n2, n4: aggregates only; n6: a draft


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
    communes = small_communes(len(PLAN))
    campaign = Campaign.objects.create(year=2026, edition=2026, title="Observatoire 2026")
    assessments = [
        light_assessment(campaign, commune, publication, status, best=best)
        for commune, (publication, status, best) in zip(communes, PLAN, strict=True)
    ]
    basse_terre = Territory.objects.get(kind="commune", code="97105")
    light_assessment(
        campaign, basse_terre, Publication.SCORES, AssessmentStatus.SUBMITTED, best=True
    )
    # An answer of each remaining type on n3 (open data): a multiple choice
    # (options 1 and 3 of LAB-04) and a « non concerné ».
    Answer.objects.create(
        assessment=assessments[3], indicator_code="LAB-04", status=AnswerStatus.ANSWERED, value=5
    )
    Answer.objects.create(
        assessment=assessments[3], indicator_code="LAB-01", status=AnswerStatus.NOT_CONCERNED
    )

    unpublished = Campaign.objects.create(
        year=2025, edition=2026, title="Observatoire 2025", status=CampaignStatus.CLOSED
    )
    saint_eloi = Territory.objects.get(kind="commune", code="58238")
    light_assessment(
        unpublished, saint_eloi, Publication.OPEN_DATA, AssessmentStatus.SUBMITTED, best=True
    )

    demo = Campaign.objects.create(
        year=2024, edition=2026, title="Observatoire de démonstration", is_demo=True
    )
    challuy = Territory.objects.get(kind="commune", code="58050")
    light_assessment(demo, challuy, Publication.OPEN_DATA, AssessmentStatus.SUBMITTED, best=True)

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
