"""Reads of the référentiel: search, members, counts."""

import re

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When

from territoires.core.db import starts_with
from territoires.geo.enums import KIND_PLURALS, TerritoryKind
from territoires.geo.models import ImportRun, Territory, TerritoryWord
from territoires.geo.search_text import search_name, words

# A query that is a code: INSEE (2 to 5 characters, Corsica's 2A/2B), postal code or SIREN.
CODE = re.compile(r"^(\d{2,9}|2[ab]\d{0,3})$")
# Each word of a query is one prefix lookup: a query is read up to this many distinct words
# (the longest names have fewer: « Saint-Germain-au-Mont-d'Or » has six), so that no query
# costs more than a few ordinary ones.
MAX_SEARCH_WORDS = 6


def search_words(typed: list[str]) -> list[str]:
    """The words of a query worth a lookup: each once, none that is the start of another
    word of the query (« s saint »: a name with a word starting « saint » has one starting
    « s »), at most ``MAX_SEARCH_WORDS``, in the order typed."""
    distinct = list(dict.fromkeys(typed))
    kept = [
        word
        for word in distinct
        if not any(other != word and other.startswith(word) for other in distinct)
    ]
    return kept[:MAX_SEARCH_WORDS]


def territory_search(query: str) -> QuerySet[Territory]:
    """Territories matching ``query`` by name, INSEE code, postal code or SIREN.

    Every word of the query must start a word of the name or a code (``search_words``); a
    query typed without its hyphens or apostrophes (« labergement ») matches too.
    Exact names and codes come first, then the current territories by population.
    The words are looked up by prefix in ``TerritoryWord``: one set of
    territories per word, intersected, joined by those whose compact name starts
    with the query; the same SQL on SQLite and PostgreSQL but for the prefix test
    (``core.db.starts_with``).
    """
    typed = words(query)
    query_words = search_words(typed)
    if not query_words:
        return Territory.objects.none()
    normalized = search_name(query)
    # One lookup whatever its length: the query as typed, without its spaces.
    compact = "".join(typed)
    # The longest word first: SQLite intersects from the smallest set of candidates.
    by_length = sorted(query_words, key=len, reverse=True)
    matching = _starting_with(by_length[0])
    if len(by_length) > 1:
        matching = matching.intersection(*(_starting_with(word) for word in by_length[1:]))
    if len(typed) > 1 or len(compact) >= 3:
        matching = matching.union(_starting_with(f"#{compact}"))
    exact = Q(search_name=normalized)
    if len(typed) == 1 and CODE.match(compact):
        exact |= Q(search_codes__contains=f" {compact} ")
    return (
        Territory.objects.filter(pk__in=matching)
        .annotate(
            is_exact=Case(
                When(exact, then=Value(True)), default=False, output_field=BooleanField()
            ),
            is_prefix=Case(
                When(search_name__startswith=normalized, then=Value(True)),
                default=False,
                output_field=BooleanField(),
            ),
        )
        .order_by(
            "-is_exact",
            "-is_current",
            "-is_prefix",
            F("population").desc(nulls_last=True),
            # Normalised ASCII columns sort the same under every collation.
            "search_compact",
            "kind",
            "code",
        )
        # A join would be made for every match before the sort; a second query
        # fetches the départements of the page alone.
        .prefetch_related("departement")
    )


def _starting_with(prefix: str) -> QuerySet:
    """Ids of the territories having a word that starts with ``prefix``.

    A word of the name, a code, or the compact name marked « # » (``index_words``).
    """
    return TerritoryWord.objects.filter(starts_with("word", prefix)).values("territory_id")


def territory_members(territory: Territory, kind: str) -> QuerySet[Territory]:
    """The current territories of ``kind`` within ``territory``, largest first.

    EPCI (and EPT) may straddle départements and régions: an EPCI is within a
    territory when one of its member communes is.
    """
    members = Territory.objects.current().filter(kind=kind)
    if kind in (TerritoryKind.EPCI, TerritoryKind.EPT):
        communes = (
            Territory.objects.current().in_territory(territory).filter(kind=TerritoryKind.COMMUNE)
        )
        members = members.filter(pk__in=communes.values(f"{kind}_id"))
    else:
        members = members.in_territory(territory)
    return members.order_by(F("population").desc(nulls_last=True), "name")


def referentiel_summary() -> dict:
    """Counts of current territories by kind, with the last import."""
    counts = dict(
        Territory.objects.current().values_list("kind").annotate(count=Count("id")).order_by()
    )
    return {
        "counts": [
            {"kind": kind, "label": KIND_PLURALS[kind], "count": counts.get(kind.value, 0)}
            for kind in (
                TerritoryKind.REGION,
                TerritoryKind.DEPARTEMENT,
                TerritoryKind.EPCI,
                TerritoryKind.EPT,
                TerritoryKind.COMMUNE,
                TerritoryKind.COLLECTIVITE_OUTRE_MER,
            )
        ],
        "last_import": ImportRun.objects.first(),
    }
