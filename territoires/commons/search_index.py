"""The search words of a fiche or a report, written from their fields (``CommunWord``,
``ReportWord``).

Each stem of a field is stored once per fiche, with the weight of the most important
field it comes from (name > summary > description). The facets are words too, of weight 0,
marked with a « : » that no stem has (``type:logiciel_libre``, ``axe:DATA``,
``region:84``…): a facet filter is one more word to find, and the facet counts a grouping
of these words, the same SQL on SQLite and PostgreSQL.

With the words, the users of a published fiche are counted by stratum and axis
(``StratumUse``): the ranking of the help on a gap, in step with the fiche's status, axes and
usages; each night the counts of every fiche are written anew, for the strata that the
référentiel's populations move.

Each writing is numbered as a ``SearchChange``, in the transaction that writes the words:
the index in memory of each process (``word_index``) reads the changes it has not seen.
"""

import secrets
from collections import defaultdict

from django.db import transaction

from territoires.commons.enums import CommunStatus
from territoires.commons.models import (
    Commun,
    CommunWord,
    ExperienceReport,
    ReportWord,
    SearchChange,
    SearchGeneration,
    StratumUse,
    Usage,
)
from territoires.commons.stemming import stems
from territoires.geo.search_text import search_compact

NAME, SUMMARY, DESCRIPTION, FACET = 100, 10, 1, 0
WORD_LENGTH = CommunWord._meta.get_field("word").max_length


def _weighted(fields: list[tuple[str, int]]) -> dict[str, int]:
    weights: dict[str, int] = {}
    for text, weight in fields:
        for word in stems(text or ""):
            word = word[:WORD_LENGTH]
            weights[word] = max(weight, weights.get(word, 0))
    return weights


def provider_key(name: str) -> str:
    """The facet value of a provider: its name's compact form, cut to fit a word."""
    return search_compact(name)[: WORD_LENGTH - len("fournisseur:")]


def commun_facets(commun: Commun, *, regions, providers) -> set[str]:
    """The facet words of a fiche: kind, maturity, axes, licence, the régions (codes) of its
    public users, its providers (names of the hosting and maintaining organisations)."""
    facets = {f"type:{commun.kind}", f"maturite:{commun.maturity}"}
    facets |= {f"axe:{code}" for code in commun.axes}
    if commun.licence:
        facets.add(f"licence:{commun.licence}")
    facets |= {f"region:{code}" for code in regions}
    facets |= {f"fournisseur:{provider_key(name)}" for name in providers}
    return facets


def commun_words(commun: Commun, *, regions, providers) -> dict[str, int]:
    """Every search word of a fiche with its weight (pure: the régions and providers given)."""
    weights = _weighted(
        [(commun.description, DESCRIPTION), (commun.summary, SUMMARY), (commun.name, NAME)]
    )
    return weights | dict.fromkeys(
        commun_facets(commun, regions=regions, providers=providers), FACET
    )


def search_changed(kind: str, object_id: int | None = None) -> None:
    """Number the change of the words of a fiche or report: the row of the last number stays
    locked until the change commits, so the numbers follow the order of the commits."""
    with transaction.atomic():
        counter, _created = SearchGeneration.objects.select_for_update().get_or_create(pk=1)
        counter.value += 1
        counter.save(update_fields=["value"])
        SearchChange.objects.create(
            generation=counter.value, token=secrets.token_hex(8), kind=kind, object_id=object_id
        )


@transaction.atomic
def commun_reindex(commun: Commun) -> None:
    """Write the search words of a fiche anew."""
    regions = (
        commun.usages.public()
        .filter(organisation__territory__region__isnull=False)
        .values_list("organisation__territory__region__code", flat=True)
    )
    providers = [offer.provider for offer in commun.hosting_offers.all() if offer.provider]
    providers += [organisation.name for organisation in commun.maintainers.all()]
    words = commun_words(commun, regions=set(regions), providers=providers)
    CommunWord.objects.filter(commun=commun).delete()
    CommunWord.objects.bulk_create(
        CommunWord(commun=commun, word=word, weight=weight) for word, weight in words.items()
    )
    stratum_uses_write(Commun.objects.filter(pk=commun.pk))
    search_changed(SearchChange.Kind.COMMUN, commun.pk)


def stratum_uses_write(communs) -> int:
    """Write anew, by stratum and axis, the collectivités that use in public each published
    commun of ``communs`` (a queryset), and their number; the number of rows written."""
    published = communs.filter(status=CommunStatus.PUBLISHED)
    axes = dict(published.values_list("pk", "axes"))
    users = defaultdict(set)
    for commun_id, stratum, territory_id in (
        Usage.objects.public()
        .filter(commun__in=published.values("pk"), organisation__territory__isnull=False)
        .exclude(organisation__territory__stratum="")
        .values_list("commun_id", "organisation__territory__stratum", "organisation__territory_id")
        .order_by()
    ):
        users[commun_id, stratum].add(territory_id)
    StratumUse.objects.filter(commun__in=communs).delete()
    rows = StratumUse.objects.bulk_create(
        (
            StratumUse(
                commun_id=commun_id,
                stratum=stratum,
                axis=axis,
                users=len(territories),
                territories=sorted(territories),
            )
            for (commun_id, stratum), territories in users.items()
            for axis in dict.fromkeys(axes[commun_id])
        ),
        batch_size=2_000,
    )
    return len(rows)


def report_words(report: ExperienceReport) -> dict[str, int]:
    return _weighted(
        [
            *((getattr(report, field), DESCRIPTION) for field in ExperienceReport.MARKDOWN_FIELDS),
            (report.problem, SUMMARY),
            (report.title, NAME),
        ]
    )


@transaction.atomic
def report_reindex(report: ExperienceReport) -> None:
    ReportWord.objects.filter(report=report).delete()
    ReportWord.objects.bulk_create(
        ReportWord(report=report, word=word, weight=weight)
        for word, weight in report_words(report).items()
    )
    search_changed(SearchChange.Kind.REPORT, report.pk)
