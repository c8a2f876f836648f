"""From a gap to help: the communs that collectivités of the same stratum use for a weak
axis, most used first, with the median axis score of their users beside the stratum's, never
over fewer than 5 published assessments. A small campaign, worked by hand."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory

from territoires.commons.models import Commun
from territoires.commons.selectors import gap_help, median_if_enough
from territoires.commons.services import commun_archive
from territoires.core.panels import registry
from territoires.geo.enums import TerritoryKind, Zone
from territoires.geo.models import Territory
from territoires.geo.strata import stratum_for
from territoires.observatory.cache import results_changed
from territoires.observatory.enums import Publication
from territoires.observatory.models import Assessment, AssessmentScore
from territoires.observatory.selectors import Gap
from tests.accounts.factories import UserFactory
from tests.commons.factories import CollectiviteFactory, CommunFactory, UsageFactory
from tests.observatory.factories import AssessmentFactory, CampaignFactory

pytestmark = pytest.mark.django_db

GAPS = [
    Gap(axis="EADM", name="E-administration", score=45.0, level=3, peer_median=50.0),
    Gap(axis="DATA", name="Données d’intérêt général", score=30.0, level=2, peer_median=None),
]


def scored(campaign, organisation, eadm: float, **traits):
    assessment = AssessmentFactory(campaign=campaign, territory=organisation.territory, **traits)
    AssessmentScore.objects.create(
        assessment=assessment, index=50.0, level=3, completeness=100.0, axis_scores={"EADM": eadm}
    )


@pytest.fixture
def town():
    """A village (stratum « communes de moins de 500 hab. »), its peers and their communs:
    - « Agora » (EADM) used by 6 peers in public, 1 in private, and by the village itself;
    - « Bureau » (EADM and LAB) used by 2 peers; « Cartes » (DATA) by 3 peers;
    - « Dossiers » (EADM) used by a town of another stratum only; « Esquisse » (EADM) proposed.
    """
    village = CollectiviteFactory()
    agora, bureau, cartes, dossiers = (
        CommunFactory(name=name, slug=name.lower(), axes=axes)
        for name, axes in [
            ("Agora", ["EADM"]),
            ("Bureau", ["EADM", "LAB"]),
            ("Cartes", ["DATA"]),
            ("Dossiers", ["EADM"]),
        ]
    )
    agora_users = [UsageFactory(commun=agora).organisation for _ in range(6)]
    UsageFactory(commun=agora, private=True)
    UsageFactory(commun=agora, organisation=village)
    UsageFactory.create_batch(2, commun=bureau)
    UsageFactory.create_batch(3, commun=cartes)
    UsageFactory(commun=dossiers, organisation=CollectiviteFactory(territory__population=12_000))
    esquisse = CommunFactory(name="Esquisse", axes=["EADM"], proposed=True)
    UsageFactory(commun=esquisse)
    # The campaign 2026, published: 5 of Agora's users have a published assessment, scores
    # 40, 50, 60, 70, 80 on EADM (median 60); the sixth a draft that does not count.
    campaign = CampaignFactory(published=True)
    for organisation, eadm in zip(agora_users, (40.0, 80.0, 60.0, 50.0, 70.0), strict=False):
        scored(campaign, organisation, eadm, submitted=True)
    scored(campaign, agora_users[5], 10.0)
    return {"village": village, "agora_users": agora_users, "campaign": campaign}


def summary(helps):
    return [
        (axis_help.axis, [(i.commun.name, i.users, i.users_median) for i in axis_help.communs])
        for axis_help in helps
    ]


def test_the_communs_of_the_peers_most_used_first(town):
    helps = gap_help(town["village"].territory, GAPS)
    assert summary(helps) == [
        ("EADM", [("Agora", 6, 60.0), ("Bureau", 2, None)]),
        ("DATA", [("Cartes", 3, None)]),
    ]
    assert helps[0].peer_median == 50.0


def test_no_median_over_fewer_than_five_published_assessments(town):
    AssessmentScore.objects.filter(assessment__territory=town["agora_users"][0].territory).delete()
    [eadm, _] = gap_help(town["village"].territory, GAPS)
    assert (eadm.communs[0].users, eadm.communs[0].users_median) == (6, None)


@pytest.mark.parametrize(("public", "median"), [(0, 60.0), (1, None), (4, None), (5, 60.0)])
def test_no_median_that_would_leave_a_few_hidden_scores_to_guess(town, public, median):
    # Agora's 5 scored users choose « agrégats anonymes seulement » but ``public`` of them,
    # whose scores anyone reads in the open data: subtracted from a median over 5, they
    # would leave 1 to 4 hidden ones to guess.
    Assessment.objects.filter(
        territory__in=[organisation.territory for organisation in town["agora_users"][:public]]
    ).update(publication=Publication.SCORES)
    assert gap_help(town["village"].territory, GAPS)[0].communs[0].users_median == median


@pytest.mark.parametrize(
    ("others", "publication", "median"),
    [
        (1, Publication.AGGREGATES, None),
        (4, Publication.AGGREGATES, None),
        (5, Publication.AGGREGATES, 60.0),
        (2, Publication.SCORES, 60.0),
    ],
)
def test_no_median_that_the_stratum_median_beside_it_would_difference(
    town, others, publication, median
):
    # ``others`` collectivités of the stratum that do not use Agora publish a score: with 1
    # to 4 hidden ones outside Agora's users, the stratum's median and Agora's could be
    # differenced to guess them; public ones or 5 hidden ones hide nothing.
    for _ in range(others):
        scored(town["campaign"], CollectiviteFactory(), 20.0, submitted=True)
    Assessment.objects.filter(territory__population__lt=500, publication="agregats").exclude(
        territory__in=[organisation.territory for organisation in town["agora_users"]]
    ).update(publication=publication)
    assert gap_help(town["village"].territory, GAPS)[0].communs[0].users_median == median


def test_the_medians_follow_the_campaign_results_when_they_change(town):
    # The scores of the stratum are kept with the campaign's cached results: a score gone
    # counts until the results are said to have changed, as every service that writes them
    # says, then no longer.
    assert gap_help(town["village"].territory, GAPS)[0].communs[0].users_median == 60.0
    AssessmentScore.objects.filter(assessment__territory=town["agora_users"][0].territory).delete()
    assert gap_help(town["village"].territory, GAPS)[0].communs[0].users_median == 60.0
    results_changed(town["campaign"].pk)
    assert gap_help(town["village"].territory, GAPS)[0].communs[0].users_median is None


def test_the_panel_says_it_in_french(town):
    request = RequestFactory().get("/")
    [(panel, context)] = [
        item
        for item in registry.contexts(
            "observatory.gaps", request, territory=town["village"].territory, gaps=GAPS
        )
        if item[0].name == "commons.gaps"
    ]
    text = " ".join(render_to_string(panel.template, context).split())
    assert (
        "Agora</a> : utilisé par 6 collectivités comparables, score médian de ses utilisateurs "
        "sur l’axe 60,0 (médiane de la strate 50,0)"
    ) in text
    assert "Bureau</a> : utilisé par 2 collectivités comparables </li>" in text
    assert "Esquisse" not in text and "Dossiers" not in text


def test_nothing_without_a_gap_or_a_peer(town):
    assert gap_help(town["village"].territory, []) == []
    lonely = CollectiviteFactory(territory__population=900_000)
    assert gap_help(lonely.territory, GAPS) == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([1.0, 2.0, 3.0, 4.0], None),
        ([5.0, 1.0, 3.0, 2.0, 4.0], 3.0),
        ([1.0] * 5 + [3.0], 1.0),
        ([1, 2, 3, 4, 5, 6], 3.5),
    ],
)
def test_median_if_enough(values, expected):
    assert median_if_enough(values, 5) == expected


def test_the_ranking_follows_the_fiche_and_the_nightly_job_the_strata(town):
    """Archiving a fiche takes it out of the help at once; strata moved by the référentiel
    reorder the help and its numbers once the nightly job (``commons_stratum_uses_write``)
    counted again; the medians read the scores of the stratum as it is."""
    moved = stratum_for(kind=TerritoryKind.COMMUNE, population=12_000, zone=Zone.METRO)
    Territory.objects.filter(
        pk__in=[organisation.territory.pk for organisation in town["agora_users"][:5]]
    ).update(population=12_000, stratum=moved)
    assert summary(gap_help(town["village"].territory, GAPS))[0] == (
        "EADM",
        [("Agora", 6, None), ("Bureau", 2, None)],
    )
    output = StringIO()
    call_command("commons_stratum_uses_write", stdout=output)
    assert "décompte(s) par strate et par axe écrit(s)" in output.getvalue()
    assert summary(gap_help(town["village"].territory, GAPS))[0] == (
        "EADM",
        [("Bureau", 2, None), ("Agora", 1, None)],
    )

    commun_archive(actor=UserFactory(staff=True), commun=Commun.objects.get(slug="bureau"))
    assert summary(gap_help(town["village"].territory, GAPS))[0] == ("EADM", [("Agora", 1, None)])
