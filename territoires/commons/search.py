"""The search of communs and experience reports: one helper, the same results and order on
SQLite and PostgreSQL.

The query's words are stemmed as the fiches' were (``stemming``), and every one of them
must be a word of the fiche (``CommunWord``); a fiche's score is the sum of the weights of
the words found (name 100, summary 10, description 1: a word of the name outweighs the
rest), then come the fiches with the most public users, then the slug. Suggestions as one
types look the last word up by prefix. The words are read through the index in memory of
``word_index``, the same code on both engines, so both return the very same rows in the
very same order: ADR 0013 says why this rather than FTS5 and tsvector, whose rankings
differ, and rather than SQL over the table of words, which reads every fiche found.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from territoires.commons import word_index
from territoires.commons.enums import CommunKind, CommunStatus, Maturity
from territoires.commons.models import (
    Commun,
    CommunWord,
    ExperienceReport,
    HostingOffer,
    SearchChange,
)
from territoires.commons.rules import current_axes
from territoires.commons.search_index import NAME, provider_key
from territoires.commons.stemming import stem, stems
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory
from territoires.geo.search_text import words
from territoires.geo.selectors import MAX_SEARCH_WORDS

# The facets of the search of communs: URL parameter -> French name.
FACETS = {
    "type": "Type",
    "axe": "Axe de l’observatoire",
    "licence": "Licence",
    "maturite": "Maturité",
    "region": "Région des utilisateurs",
    "fournisseur": "Fournisseur",
}
# A prefix typed as one types expands to at most this many words of the index.
MAX_PREFIX_WORDS = 50


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchPage:
    """One page of results, the total and, for the communs, the facets' counts."""

    items: list
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def _terms(query: str, *, prefix: bool, kind: str) -> list[list[str]]:
    """The words each term of the query may be found by: its stem; for the last one as
    one types, also the words of the index that start with it."""
    typed = words(query)[:MAX_SEARCH_WORDS]
    terms = [[stem(word)] for word in dict.fromkeys(typed)]
    if prefix and terms:
        expanded = word_index.INDEX.words_starting_with(
            kind, {typed[-1], terms[-1][0]}, MAX_PREFIX_WORDS
        )
        terms[-1] = sorted({terms[-1][0], *expanded})
    return terms


def _facet_terms(filters: dict[str, str]) -> list[list[str]]:
    return [[f"{facet}:{value}"] for facet, value in filters.items() if facet in FACETS and value]


def commun_search(
    query: str,
    *,
    filters: dict[str, str] | None = None,
    prefix: bool = False,
    offset: int = 0,
    limit: int = 20,
    with_facets: bool = True,
) -> SearchPage:
    """Published communs matching ``query`` and the facet ``filters`` ({facet: value}).

    With no word in the query, every published fiche of the facets, most used first.
    """
    filters = {
        facet: value for facet, value in (filters or {}).items() if facet in FACETS and value
    }
    terms = _terms(query, prefix=prefix, kind=SearchChange.Kind.COMMUN) + _facet_terms(filters)
    ranked, counts = word_index.INDEX.search(
        SearchChange.Kind.COMMUN,
        terms,
        facets=[f"{facet}:" for facet in FACETS] if with_facets else (),
    )
    page_ids = ranked[offset : offset + limit]
    communs = Commun.objects.in_bulk(page_ids)
    return SearchPage(
        items=[communs[pk] for pk in page_ids],
        total=len(ranked),
        facets=_facets(counts, filters) if with_facets else {},
    )


def _facets(counts: dict[str, int], filters: dict[str, str]) -> dict[str, list[FacetValue]]:
    """The count of results for each value of each facet, from the counts of facet words."""
    by_facet: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    for word, count in counts.items():
        facet, _, value = word.partition(":")
        by_facet[facet][value] = count
    labels = _facet_labels(by_facet)
    return {
        facet: sorted(
            (
                FacetValue(
                    value, labels[facet].get(value, value), count, filters.get(facet) == value
                )
                for value, count in values.items()
            ),
            key=lambda item: (-item.count, item.label),
        )
        for facet, values in by_facet.items()
        if values
    }


def _facet_labels(by_facet: dict[str, dict[str, int]]) -> dict[str, dict[str, str]]:
    """The French label of each facet value found (the régions and providers read only when
    some are found)."""
    labels = {
        "type": dict(CommunKind.choices),
        "maturite": dict(Maturity.choices),
        "axe": current_axes(),
        "licence": {},
        "region": {},
        "fournisseur": {},
    }
    if by_facet["region"]:
        regions = Territory.objects.filter(kind=TerritoryKind.REGION, code__in=by_facet["region"])
        labels["region"] = dict(regions.values_list("code", "name"))
    if wanted := set(by_facet["fournisseur"]):
        providers = {
            *HostingOffer.objects.exclude(provider="").values_list("provider", flat=True),
            *Commun.maintainers.through.objects.values_list("organisation__name", flat=True),
        }
        labels["fournisseur"] = {
            compact: name for name in providers if (compact := provider_key(name)) in wanted
        }
    return labels


def report_search(
    query: str, *, prefix: bool = False, offset: int = 0, limit: int = 20
) -> SearchPage:
    """Published experience reports matching ``query`` (all of them without words): title >
    problem > the rest, then the most recent."""
    terms = _terms(query, prefix=prefix, kind=SearchChange.Kind.REPORT)
    ranked, _counts = word_index.INDEX.search(SearchChange.Kind.REPORT, terms)
    page_ids = ranked[offset : offset + limit]
    reports = ExperienceReport.objects.in_bulk(page_ids)
    return SearchPage(items=[reports[pk] for pk in page_ids], total=len(ranked))


def similar_communs(name: str, *, limit: int = 5) -> list[Commun]:
    """Live fiches whose name shares words with ``name``, most shared first: shown before a
    proposal, so that nobody proposes a fiche that exists."""
    name_stems = [word for word in dict.fromkeys(stems(name)) if len(word) >= 3]
    if not name_stems:
        return []
    rows = (
        CommunWord.objects.filter(
            word__in=name_stems, weight=NAME, commun__merged_into__isnull=True
        )
        .exclude(commun__status=CommunStatus.REFUSED)
        .values("commun_id")
        .annotate(shared=Count("word"))
        .order_by("-shared", "-commun__users_count", "commun__slug")[:limit]
    )
    ids = [row["commun_id"] for row in rows]
    communs = Commun.objects.in_bulk(ids)
    return [communs[pk] for pk in ids]


class SearchSequence:
    """A search's results as a paginator reads them (``count`` and slices): counted once,
    each page one call of the search helper, the facets computed with the first page only."""

    def __init__(self, search, *, page_size: int, **arguments):
        self.search = search
        self.first = search(limit=page_size, offset=0, **arguments)
        self.later = {**arguments, "with_facets": False} if search is commun_search else arguments
        self.page_size = page_size

    def count(self) -> int:
        return self.first.total

    def __getitem__(self, window: slice):
        if window.start == 0 and window.stop <= self.page_size:
            return self.first.items[: window.stop]
        limit = window.stop - window.start
        return self.search(offset=window.start, limit=limit, **self.later).items
