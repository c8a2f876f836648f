"""The differencing attack (ADR 0009), on every surface a visitor can reach.

On the ``dash`` campaign, ten collectivités chose « agrégats anonymes seulement »
(Nevers, villages 2, 3, 6, 7 and 8, the four bourgs). The attacker reads what any
visitor can: the national view and its two maps, the aggregates of the API, the
open data « agrégats » file, every public dashboard with every comparison group
offered (stratum, département, région, EPCI nature, every population band),
question by question, the roll-ups of the EPCI, the département and the région,
and the widget and badge of every collectivité. He knows who belongs to each
group (the référentiel is public) and everything the collectivités chose to
publish: the scores of those who chose « scores » or « données », the answers
of those who chose « données ».

From there he subtracts: what he knows from each figure, and the figures of two
groups one inside the other. The test does the same and checks that what is
left never narrows down fewer than five private collectivités: no private
score nor answer can be deduced. Then the same campaign with Nevers the only
collectivité keeping its scores private: nothing over a group that holds it is
published (the others' public scores would give its own), and the figures over
other groups still are.
"""

import csv
import dataclasses
import html
import io
import re

import pytest

from territoires.geo.models import Territory
from territoires.observatory import secrecy
from territoires.observatory.cache import results_changed
from territoires.observatory.dashboard import selectors
from territoires.observatory.enums import Publication
from territoires.observatory.framework import get_framework
from territoires.observatory.models import Answer, Assessment, AssessmentScore
from territoires.observatory.public.selectors import with_areas
from tests.observatory.dashboard.conftest import set_scores
from tests.observatory.test_national import cells

pytestmark = pytest.mark.django_db

K = 5
AXES = [axis.code for axis in get_framework(2026).axes]
COLUMNS = ["index", *AXES]  # score columns: 0 the index, then each axis


@dataclasses.dataclass(frozen=True)
class Figure:
    """A figure published over a group: ``members`` its published assessments; a median
    (quartiles) of score ``column``, or ``counts`` of ``categories`` among those who
    answered (a share of a question, or the levels of a roll-up)."""

    surface: str
    members: frozenset[int]
    column: int | None = None
    question: str = ""
    answered: frozenset[int] = frozenset()
    counts: tuple[int, ...] = ()


@dataclasses.dataclass
class Knowledge:
    """The truth, and what the attacker knows of it."""

    scored: dict[int, set[int]]  # by assessment, the score columns it has
    levels: dict[int, int]
    public_scores: set[int]
    public_answers: set[int]
    answers: dict[tuple[int, str], float]

    @classmethod
    def of(cls, campaign) -> "Knowledge":
        published = Assessment.objects.published().filter(campaign=campaign)
        scored, levels = {}, {}
        for pk, index, axes, level in AssessmentScore.objects.filter(
            assessment__in=published
        ).values_list("assessment_id", "index", "axis_scores", "level"):
            scored[pk] = {0} if index is not None else set()
            scored[pk] |= {
                n for n, code in enumerate(AXES, 1) if (axes or {}).get(code) is not None
            }
            levels[pk] = level
        return cls(
            scored=scored,
            levels=levels,
            public_scores=set(
                published.exclude(publication=Publication.AGGREGATES).values_list("pk", flat=True)
            ),
            public_answers=set(
                published.filter(publication=Publication.OPEN_DATA).values_list("pk", flat=True)
            ),
            answers={
                (pk, code): value
                for pk, code, value in Answer.objects.filter(
                    assessment__in=published, value__isnull=False
                ).values_list("assessment_id", "indicator_code", "value")
            },
        )


def _areas(campaign) -> dict[str, dict[str, set[int]]]:
    """Who counts in each group of the aggregates, as the référentiel says."""
    groups = {"departement": {}, "region": {}, "stratum": {}, "national": {"": set()}}
    for pk, departement, region, stratum in with_areas(
        Assessment.objects.published().filter(campaign=campaign)
    ).values_list("pk", "departement_code", "region_code", "territory__stratum"):
        for grouping, code in (("departement", departement), ("region", region)):
            if code:
                groups[grouping].setdefault(code, set()).add(pk)
        groups["stratum"].setdefault(stratum, set()).add(pk)
        groups["national"][""].add(pk)
    return groups


def _api(client, areas) -> list[Figure]:
    figures = []
    for grouping in ("departement", "region", "stratum"):
        body = client.get("/api/v1/observatory/aggregates", {"group_by": grouping}).json()
        for result in body["results"]:
            members = frozenset(areas[grouping][result["code"]])
            assert result["count"] == len(members)
            medians = [result["index"]["median"], *(result["axis_medians"][a] for a in AXES)]
            figures += [
                Figure("API", members, column)
                for column, median in enumerate(medians)
                if median is not None
            ]
    return figures


def _open_data(client, areas) -> list[Figure]:
    response = client.get("/observatoire/donnees-ouvertes/2026/agregats.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    figures = []
    for row in csv.DictReader(io.StringIO(text)):
        members = frozenset(areas[row["regroupement"]][row["code_groupe"]])
        assert int(row["nombre_evaluations"]) == len(members)
        medians = [row["indice_mediane"], *(row[f"mediane_{a.lower()}"] for a in AXES)]
        figures += [
            Figure("fichier agrégats", members, column)
            for column, median in enumerate(medians)
            if median != ""
        ]
    return figures


def _national(client, areas) -> list[Figure]:
    figures = []
    names = ["Indice de maturité", *(axis.name for axis in get_framework(2026).axes)]
    content = html.unescape(client.get("/observatoire/france/").content.decode())
    for column, name in enumerate(names):
        row = cells(content, name)
        if not row[1].startswith("non publié"):
            figures.append(Figure("vue nationale", frozenset(areas["national"][""]), column))
    for column, code in enumerate(COLUMNS):
        query = {} if column == 0 else {"axe": code}
        content = html.unescape(client.get("/observatoire/france/", query).content.decode())
        for segment, grouping in (("departements", "departement"), ("regions", "region")):
            for code_group in re.findall(
                rf'<th scope="row">\s*<a href="/observatoire/collectivites/{segment}/(\w+)/">',
                content,
            ):
                link = f'<a href="/observatoire/collectivites/{segment}/{code_group}/">'
                name = re.search(rf"{re.escape(link)}([^<]+)</a>", content)[1]
                count, median = cells(content, f"{link}{name}</a>")
                if median != "—":
                    members = frozenset(areas[grouping][code_group])
                    assert count == str(len(members))
                    figures.append(Figure(f"carte ({segment})", members, column))
    return figures


def _published(campaign, group) -> frozenset[int]:
    return frozenset(selectors._published(campaign, group).values_list("pk", flat=True))


def _dashboards(campaign, territories) -> list[Figure]:
    figures = []
    for territory in Territory.objects.filter(assessments__campaign=campaign).distinct():
        for value, _ in selectors.peer_group_choices(territory):
            kind = selectors.PeerGroupKind(value)
            bands = range(len(secrecy.POPULATION_BANDS)) if kind == "population" else [None]
            for band in bands:
                group = selectors.peer_group(territory, kind, band=band)
                members = _published(campaign, group)
                statistics = selectors.group_statistics(campaign, group)
                figures += [
                    Figure("tableau de bord", members, column)
                    for column, distribution in enumerate(statistics.metrics.values())
                    if distribution.shown
                ]
                for item in selectors.indicator_shares(campaign, group):
                    if item.shares:
                        figures.append(
                            Figure(
                                "questions",
                                members,
                                question=item.indicator.code,
                                answered=frozenset(
                                    Answer.objects.filter(
                                        assessment__in=members,
                                        indicator_code=item.indicator.code,
                                        value__isnull=False,
                                    ).values_list("assessment_id", flat=True)
                                ),
                                counts=tuple(
                                    round(s.percent * item.answered / 100) for s in item.shares
                                ),
                            )
                        )
    for territory in territories:
        for (_, area, _), result in zip(
            selectors.member_territories(territory),
            selectors.rollup(campaign, territory),
            strict=True,
        ):
            members = frozenset(
                Assessment.objects.published()
                .filter(campaign=campaign, territory__in=area)
                .values_list("pk", flat=True)
            )
            figures += [
                Figure("agrégation", members, column)
                for column, distribution in enumerate(result.metrics.values())
                if result.shown and distribution.shown
            ]
            if result.levels:
                figures.append(
                    Figure(
                        "niveaux d’une agrégation",
                        members,
                        question="levels",
                        counts=tuple(count for _, _, count in result.levels),
                    )
                )
    return figures


def _widgets(client, campaign, knowledge) -> None:
    """The widget and the badge show a collectivité's own public scores, nothing over a group:
    none of a private collectivité."""
    for assessment in Assessment.objects.published().filter(campaign=campaign):
        territory = assessment.territory
        for path in ("", "badge.svg"):
            response = client.get(f"/observatoire/vignette/commune/{territory.code}/{path}")
            if assessment.pk in knowledge.public_scores:
                assert response.status_code == 200
                assert "médiane" not in response.content.decode().lower()
            else:
                assert response.status_code == 404


def every_figure(client, dash) -> list[Figure]:
    campaign = dash["campaign"]
    areas = _areas(campaign)
    return [
        *_national(client, areas),
        *_api(client, areas),
        *_open_data(client, areas),
        *_dashboards(campaign, (dash["epci"], dash["departement"], dash["region"])),
    ]


def _categories(figure: Figure, knowledge: Knowledge) -> list[tuple[int, int, set[int]]]:
    """For a share or a levels figure: per category, (published count, count the attacker
    knows of, the members he does not know)."""
    if figure.question == "levels":
        unknown = {pk for pk in figure.members if pk not in knowledge.public_scores}
        unknown = {pk for pk in unknown if knowledge.levels.get(pk)}
        return [
            (
                count,
                sum(1 for pk in figure.members - unknown if knowledge.levels.get(pk) == level + 1),
                unknown,
            )
            for level, count in enumerate(figure.counts)
        ]
    unknown = set(figure.answered) - knowledge.public_answers
    marks = [
        condition
        for condition, _ in selectors._marks(
            next(i for i in get_framework(2026).indicators if i.code == figure.question)
        )
    ]
    return [
        (
            count,
            sum(
                1
                for pk in figure.answered - unknown
                if condition(knowledge.answers[(pk, figure.question)])
            ),
            unknown,
        )
        for count, condition in zip(figure.counts, marks, strict=True)
    ]


def attack(figures: list[Figure], knowledge: Knowledge) -> None:
    """Every subtraction the attacker can make leaves none or at least K private members."""

    def unknown_scores(figure: Figure) -> set[int]:
        return {
            pk
            for pk in figure.members
            if figure.column in knowledge.scored.get(pk, ()) and pk not in knowledge.public_scores
        }

    for figure in figures:
        assert len(figure.members) >= K, figure
        if figure.column is not None:
            # A median less the public scores: what is left is nobody's or five's.
            left = unknown_scores(figure)
            assert not left or len(left) >= K, (figure.surface, figure.column, left)
            continue
        partition = figure.question == "levels"
        for count, known, unknown in _categories(figure, knowledge):
            if not unknown:
                continue  # every answer public: nothing to deduce
            part = count - known  # the private members in the category
            assert (partition and part == 0) or K <= part <= len(unknown) - K, figure

    for big in figures:
        for small in figures:
            if small.members >= big.members or not small.members <= big.members:
                continue
            if big.column is not None and big.column == small.column:
                # Two medians of nested groups: the private members of the difference.
                difference = unknown_scores(big) - unknown_scores(small)
                assert not difference or len(difference) >= K, (big.surface, small.surface)
            elif big.question and big.question == small.question:
                partition = big.question == "levels"
                for (big_count, big_known, big_unknown), (
                    small_count,
                    small_known,
                    small_unknown,
                ) in zip(_categories(big, knowledge), _categories(small, knowledge), strict=True):
                    unknown = big_unknown - small_unknown
                    if not unknown:
                        continue
                    part = (big_count - big_known) - (small_count - small_known)
                    assert (partition and part == 0) or K <= part <= len(unknown) - K, (
                        big.surface,
                        small.surface,
                        big.question,
                    )


def test_no_private_score_or_answer_can_be_deduced_from_any_surface(client, dash):
    set_scores(dash)
    campaign = dash["campaign"]
    knowledge = Knowledge.of(campaign)
    private = (
        set(Assessment.objects.published().filter(campaign=campaign).values_list("pk", flat=True))
        - knowledge.public_scores
    )
    assert len(private) == 10

    figures = every_figure(client, dash)
    _widgets(client, campaign, knowledge)
    attack(figures, knowledge)

    # The attack has material: figures over groups that hold Nevers are published on every
    # surface, its answers among the shares and its level among a roll-up's.
    nevers = dash["nevers_assessment"].pk
    surfaces = {figure.surface for figure in figures if nevers in figure.members}
    assert surfaces >= {
        "vue nationale",
        "carte (departements)",
        "carte (regions)",
        "API",
        "fichier agrégats",
        "tableau de bord",
        "questions",
        "agrégation",
        "niveaux d’une agrégation",
    }


def test_a_single_private_collectivite_is_in_no_published_median(client, dash):
    set_scores(dash)
    campaign = dash["campaign"]
    nevers = dash["nevers_assessment"].pk
    # Every village publishes its answers as open data, the bourgs their scores.
    villages = [a.pk for n, a in enumerate(dash["assessments"]) if n != 5]
    Assessment.objects.filter(pk__in=villages).update(publication=Publication.OPEN_DATA)
    bourgs = [a.pk for a in dash["bourg_assessments"]]
    Assessment.objects.filter(pk__in=bourgs).update(publication=Publication.SCORES)
    results_changed(campaign.pk)
    knowledge = Knowledge.of(campaign)
    published = Assessment.objects.published().filter(campaign=campaign)
    assert set(published.values_list("pk", flat=True)) - knowledge.public_scores == {nevers}

    figures = every_figure(client, dash)
    _widgets(client, campaign, knowledge)
    attack(figures, knowledge)

    # Every other score public, any median over a group with Nevers would give its score:
    # none is published, on any surface; nor any share over the communes of the Nièvre, whose
    # private answers (Nevers and the bourgs) are too few. The figures over the villages are
    # published (no secret in them).
    assert not [f for f in figures if nevers in f.members]
    without = {figure.surface for figure in figures if figure.column == 0}
    assert without >= {"API", "fichier agrégats", "tableau de bord", "agrégation"}
    assert any(figure.question for figure in figures)


def test_free_population_bounds_are_not_a_group(client, dash):
    village = dash["villages"][0]
    for query in (
        "population_min=100&population_max=104",
        "population_min=100&population_max=103",
    ):
        response = client.get(
            f"/observatoire/collectivites/communes/{village.code}/questions/"
            f"?campagne=2026&groupe=population&{query}"
        )
        text = response.content.decode()
        assert "Choisissez une tranche de population." in text or "strate" in text
        assert "habitants et d’au plus" not in text
