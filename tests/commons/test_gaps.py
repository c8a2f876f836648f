"""From a gap to help: the communs that collectivités of the same stratum use for a weak
axis, most used first, with the median axis score of their users beside the stratum's, never
over fewer than 5 published assessments. A small campaign, worked by hand."""

import itertools
import random
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory

from territoires.commons.models import Commun, Usage
from territoires.commons.selectors import gap_help, median_if_enough
from territoires.commons.services import commun_archive
from territoires.core.panels import registry
from territoires.geo.enums import TerritoryKind, Zone
from territoires.geo.models import Territory
from territoires.geo.strata import stratum_for
from territoires.observatory.cache import results_changed
from territoires.observatory.enums import Publication
from territoires.observatory.framework import get_framework
from territoires.observatory.models import Assessment, AssessmentScore
from territoires.observatory.public.selectors import campaign_groups
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


@pytest.mark.parametrize(
    ("extra", "publication", "bureau_median", "agora_median"),
    [
        (1, Publication.AGGREGATES, 55.0, None),
        (4, Publication.AGGREGATES, 40.0, None),
        (5, Publication.AGGREGATES, 30.0, 60.0),
        (1, Publication.SCORES, 55.0, 60.0),
    ],
)
def test_no_median_that_the_median_of_another_commun_would_difference(
    town, extra, publication, bureau_median, agora_median
):
    # Bureau is used by Agora's 5 scored users and ``extra`` more, who publish a score of 20
    # or keep it hidden; 5 hidden ones outside both keep the stratum's median apart. The two
    # medians over nested groups differing by 1 to 4 hidden scores could be differenced:
    # Bureau's (the more used) is given, Agora's withheld.
    bureau = Commun.objects.get(slug="bureau")
    for organisation in town["agora_users"][:5]:
        UsageFactory(commun=bureau, organisation=organisation)
    for _ in range(extra):
        user = CollectiviteFactory()
        UsageFactory(commun=bureau, organisation=user)
        scored(town["campaign"], user, 20.0, submitted=True, publication=publication)
    for _ in range(5):
        scored(town["campaign"], CollectiviteFactory(), 90.0, submitted=True)
    [eadm, _] = gap_help(town["village"].territory, GAPS)
    medians = {i.commun.name: i.users_median for i in eadm.communs}
    assert (medians["Bureau"], medians["Agora"]) == (bureau_median, agora_median)


def test_every_page_gives_the_same_median_over_all_the_users(town):
    # The median beside a commun is over all its users, on the page of each of them as on
    # the others': no page gives it over a group one collectivité apart from another's.
    pages = [town["village"], *town["agora_users"]]
    medians = {
        next(
            i.users_median
            for i in gap_help(o.territory, GAPS)[0].communs
            if i.commun.name == "Agora"
        )
        for o in pages
    }
    assert medians == {60.0}


@pytest.mark.parametrize("seed", [0, 1, 3, 4, 5, 6])
def test_no_two_published_medians_can_be_differenced(seed):
    """The attack: on a random stratum where most collectivités keep their scores hidden,
    read every help of every page of the stratum; for every two published medians over
    groups one inside the other (the users of a commun, every group the observatory
    publishes on the axis), their hidden scores differ by none or at least 5."""
    rng = random.Random(seed)
    campaign = CampaignFactory(published=True)
    peers = [CollectiviteFactory() for _ in range(18)]
    for organisation in peers:
        publication = Publication.AGGREGATES if rng.random() < 0.65 else Publication.SCORES
        scored(
            campaign,
            organisation,
            float(rng.randrange(100)),
            submitted=True,
            publication=publication,
        )
    communs = [CommunFactory(name=f"Commun {n}", axes=["EADM"]) for n in range(8)]
    base = rng.sample(peers, 16)
    for n, commun in enumerate(communs):
        # Nested and overlapping groups: each one the base group, with some added or taken.
        users = set(base[: rng.randrange(5, 17)]) | set(rng.sample(peers, n % 4))
        for organisation in users:
            UsageFactory(commun=commun, organisation=organisation)
    gap = [Gap(axis="EADM", name="E-administration", score=1.0, level=1, peer_median=None)]
    given: dict[str, float] = {}
    for organisation in [*peers, CollectiviteFactory()]:
        for item in gap_help(organisation.territory, gap, per_axis=len(communs))[0].communs:
            if item.users_median is not None:
                assert given.setdefault(item.commun.name, item.users_median) == item.users_median
    universe = campaign_groups(campaign)
    hidden = dict(zip(universe.territories, universe.hidden_scores.tolist(), strict=True))
    groups = [
        frozenset(
            Usage.objects.filter(commun__name=name).values_list(
                "organisation__territory_id", flat=True
            )
        )
        for name in given
    ] + [
        frozenset(np.array(universe.territories)[universe.groups.members(key)].tolist())
        for key in universe.publishable(
            1 + [a.code for a in get_framework(campaign.edition).axes].index("EADM")
        )
    ]
    assert given, "the attack reads no median at all"
    for first, second in itertools.combinations(groups, 2):
        if first <= second or second <= first:
            apart = sum(hidden[t] for t in first ^ second)
            assert apart == 0 or apart >= 5, (first, second)
