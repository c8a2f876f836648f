"""Benchmark: the latency of the territory search, as the search page runs it, in the
process and through HTTP.

The référentiel is imported into a database of its own, then a fixed list of
queries is drawn from the real data with a fixed seed: names as written (with
accents, hyphens, apostrophes), names typed without accents, partial words,
several words with the last one partial, « st » / « ste » for saint / sainte,
names typed without hyphens or apostrophes, names of départements, régions
and EPCI, INSEE codes, postal codes and SIREN.

1. In the process, each query does what the search page does:
   ``territory_search(q)`` through the page's paginator, that is the count then
   the first 20 results with their département. The list runs once untimed
   (warm caches, as on a live server), then three times timed; p50, p95 and max
   are over every timed run (not over per-query medians, which would hide the
   tail). Target: p95 ≤ 30 ms. Reference, same database and same run: the exact
   lookup of one territory by ``(kind, code)`` (the unique index) with its
   département, as many times as there are queries, on territories drawn with
   the same seed, timed the same way.
2. Through HTTP, the search page itself (``/recherche/?q=…``) served by gunicorn
   (two sync workers, production settings) on loopback to one client at a
   time, with the public page cache off so that every request searches: once
   untimed, then three times timed, p50, p95 and max over every run. Reference,
   same server and run: a bare Django view returning the same bytes from memory
   (``bench.http_server.urls``).
"""

import random
import re
import tempfile
import time
import unicodedata
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

from bench.engines import (
    TIMED_PASSES,
    all_timings,
    milliseconds,
    number,
    percentile,
    ratio,
    run_on_each_engine,
    scaled,
    seconds,
    timed_passes,
    verdict,
)
from bench.loopback import Server, load_without_error, references_save, served_setup

SEED = 20260101
QUERIES_PER_CATEGORY = scaled(25, 2)
P95_TARGET = 0.030


def run() -> bool:
    return run_on_each_engine("bench.search", "Recherche de territoires")


def measure() -> None:
    with served_setup():
        _measure()


def _measure() -> None:
    from django.conf import settings
    from django.urls import reverse

    from territoires.geo.models import Territory
    from territoires.geo.services import referentiel_import

    started = time.perf_counter()
    referentiel_import(data_dir=settings.REFERENTIEL_DATA_DIR)
    print(f"  préparation : référentiel importé en {seconds(time.perf_counter() - started)}")

    territories = list(
        Territory.objects.current()
        .order_by("kind", "code")
        .values("kind", "code", "name", "siren", "postal_codes")
    )
    rng = random.Random(SEED)
    queries = generate_queries(territories, rng)
    lookups = [(row["kind"], row["code"]) for row in rng.sample(territories, len(queries))]

    counts, timings = all_timings(_search_page, [query for _category, query in queries])
    _lookups, reference = all_timings(_lookup, lookups)
    _report(queries, timings, counts, reference)

    pages = [f"{reverse('geo:search')}?{urlencode({'q': query})}" for _, query in queries]
    with (
        tempfile.TemporaryDirectory(prefix="territoires-reference-") as directory,
        Server(Path(directory), PUBLIC_PAGE_CACHE_SECONDS="0") as port,
    ):
        load_without_error(port, pages, clients=1)
        http = timed_passes(lambda: load_without_error(port, pages, clients=1))
        references = references_save(port, pages, Path(directory))
        load_without_error(port, references, clients=1)
        http_reference = timed_passes(lambda: load_without_error(port, references, clients=1))
    _report_http(http, http_reference)


def generate_queries(territories: list[dict], rng: random.Random) -> list[tuple[str, str]]:
    """(category, query) pairs drawn from ``territories`` with ``rng``, in a fixed order."""
    communes = [row for row in territories if row["kind"] == "commune"]
    accented = [row for row in communes if _plain(row["name"]) != row["name"].lower()]
    several_words = [row for row in communes if len(_words(row["name"])) >= 2]
    saints = [row for row in communes if re.match(r"Saintes?-", row["name"])]
    joined = [row for row in communes if re.search(r"[-'’]", row["name"])]
    others = [row for row in territories if row["kind"] in ("region", "departement", "com", "epci")]
    insee = communes + [row for row in others if row["kind"] != "epci"]
    with_siren = [row for row in territories if row["siren"]]
    with_postal_code = [row for row in communes if row["postal_codes"]]

    def partial_word(row):
        word = rng.choice([word for word in _words(row["name"]) if len(word) >= 4] or ["paris"])
        return word[: rng.randint(2, 5)]

    def several(row):
        words = _words(row["name"])[: rng.randint(2, 4)]
        return " ".join([*words[:-1], words[-1][: rng.randint(3, 6)]])

    def abbreviated(row):
        name = re.sub(r"^Saint(e?)(s?)-", r"St\1\2-", row["name"])
        return name if rng.random() < 0.5 else " ".join(_words(name))

    categories = {
        "nom accentué, tel qu’écrit": (accented, lambda row: row["name"]),
        "nom sans accents ni tirets": (accented, lambda row: " ".join(_words(row["name"]))),
        "mot partiel (2 à 5 lettres)": (communes, partial_word),
        "plusieurs mots, le dernier partiel": (several_words, several),
        "abréviation st / ste": (saints, abbreviated),
        "nom collé (sans tiret ni apostrophe)": (
            joined,
            lambda row: "".join(_words(row["name"])[:2]),
        ),
        "département, région, EPCI": (others, lambda row: row["name"]),
        "code INSEE": (insee, lambda row: row["code"]),
        "code postal": (with_postal_code, lambda row: rng.choice(row["postal_codes"])),
        "SIREN": (with_siren, lambda row: row["siren"]),
    }
    queries = []
    for category, (pool, make) in categories.items():
        for _ in range(QUERIES_PER_CATEGORY):
            queries.append((category, make(rng.choice(pool))))
    return queries


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "Oe"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def _words(text: str) -> list[str]:
    """Words as a user types them without accents: « Saint-Étienne » → saint, etienne."""
    return re.findall(r"[a-z0-9]+", _plain(text))


def _search_page(query: str) -> int:
    """What the search page does for ``query``: count, then the first page; the count."""
    from django.core.paginator import Paginator

    from territoires.geo.selectors import territory_search
    from territoires.geo.views import SEARCH_RESULTS_PER_PAGE

    page = Paginator(territory_search(query), SEARCH_RESULTS_PER_PAGE).get_page(1)
    for territory in page.object_list:
        _ = territory.departement
    return page.paginator.count


def _lookup(ref: tuple[str, str]) -> None:
    from territoires.geo.models import Territory

    kind, code = ref
    Territory.objects.select_related("departement").get(kind=kind, code=code)


def _report(queries, timings, counts, reference) -> None:
    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    reference_p50, reference_p95 = percentile(reference, 50), percentile(reference, 95)
    found = sum(1 for count in counts if count)
    print(
        f"  {number(len(queries))} requêtes (graine {SEED}), {number(found)} avec au moins "
        f"un résultat ; {TIMED_PASSES} passages chronométrés après un à blanc, chiffres sur "
        f"les {number(len(timings))} temps"
    )
    print(
        f"  dans le processus, référence, lecture exacte par (type, code) : "
        f"p50 {milliseconds(reference_p50)}, p95 {milliseconds(reference_p95)}"
    )
    print(
        f"  dans le processus, recherche (comptage + 20 premiers) : p50 {milliseconds(p50)}, "
        f"p95 {milliseconds(p95)}, max {milliseconds(max(timings))}"
    )
    print(
        f"  p95 : {ratio(p95, reference_p95)} la référence ; {verdict(p95, P95_TARGET, '≤ 30 ms')}"
    )

    by_category = defaultdict(list)
    by_query = defaultdict(list)
    for index, elapsed in enumerate(timings):
        category, _query = queries[index % len(queries)]
        by_category[category].append(elapsed)
        by_query[index % len(queries)].append(elapsed)
    print("  par catégorie :")
    for category, values in by_category.items():
        print(
            f"    {category:<38} p50 {milliseconds(percentile(values, 50)):>8}  "
            f"p95 {milliseconds(percentile(values, 95)):>8}"
        )
    slowest = sorted(((max(values), index) for index, values in by_query.items()), reverse=True)
    print(
        "  les plus lentes (pire passage) : "
        + ", ".join(
            f"« {queries[index][1]} » {milliseconds(elapsed)} ({_results(counts[index])})"
            for elapsed, index in slowest[:5]
        )
    )


def _report_http(timings, reference) -> None:
    p95, reference_p95 = percentile(timings, 95), percentile(reference, 95)
    print(
        f"  en HTTP, référence (mêmes octets depuis la mémoire) : "
        f"p50 {milliseconds(percentile(reference, 50))}, p95 {milliseconds(reference_p95)}"
    )
    print(
        f"  en HTTP, page de recherche (cache des pages publiques coupé) : "
        f"p50 {milliseconds(percentile(timings, 50))}, p95 {milliseconds(p95)}, "
        f"max {milliseconds(max(timings))} ; {ratio(p95, reference_p95)} la référence ; "
        f"{verdict(p95, P95_TARGET, '≤ 30 ms')}",
        flush=True,
    )


def _results(count: int) -> str:
    return f"{number(count)} résultat{'s' if count > 1 else ''}"


if __name__ == "__main__":
    measure()
