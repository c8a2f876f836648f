"""Benchmark: anonymous public pages under a crowd, through the real HTTP stack, on PostgreSQL.

The référentiel and the whole-country demo campaign (seed fixed) are loaded as in
``bench.observatory_http``; the app runs under gunicorn (two sync workers, production
settings, the shared Redis cache) on loopback. A second process
(``bench.http_server.load``) plays 50 clients for 60 s on a mix of public pages: the home
page, a search, a territory page, the national view, a public dashboard and a list of the
API. Printed: requests per second, p50 and p99, errors. Targets: ≥ 300 requests a second,
p99 ≤ 500 ms, no error, and at most 3× the cost of the reference.

Reference, same run: a bare Django view returning, from memory, the same bytes as each page
(``bench.http_server.urls``), through the same server, under the same crowd. The cost of a
request is the inverse of the throughput the two workers hold.
"""

import random
import tempfile
import time
from pathlib import Path

from bench.engines import (
    milliseconds,
    number,
    percentile,
    ratio,
    run_on_postgresql,
    scaled,
    seconds,
    verdict,
)
from bench.loopback import Server, load, references_save, served_setup
from bench.observatory_http import DEMO_COUNT, SEED

CLIENTS = 50
# A Redis database of its own: the benchmark empties it.
REDIS_URL = "redis://127.0.0.1:6379/12"
DURATION = scaled(60, 5)
TARGETS = {"throughput": 300, "p99": 0.500, "cost": 3.0}


def run() -> bool:
    return run_on_postgresql("bench.public_load", "Pages publiques sous la charge")


def measure() -> None:
    with served_setup(REDIS_URL):
        _measure()


def _measure() -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.urls import reverse

    from territoires.geo.enums import KIND_URL_SEGMENTS
    from territoires.geo.models import Territory
    from territoires.geo.services import referentiel_import
    from territoires.observatory.demo import demo_campaign_generate
    from territoires.observatory.public.selectors import public_scores

    started = time.perf_counter()
    referentiel_import(data_dir=settings.REFERENTIEL_DATA_DIR)
    campaign = demo_campaign_generate(year=2026, count=DEMO_COUNT, seed=SEED).campaign
    cache.clear()
    print(
        f"  préparation : référentiel et campagne de démonstration "
        f"({'tout le pays' if DEMO_COUNT is None else number(DEMO_COUNT) + ' collectivités'}) "
        f"en {seconds(time.perf_counter() - started)}",
        flush=True,
    )
    public = sorted(public_scores(campaign).values_list("territory__kind", "territory__code"))
    kind, code = random.Random(SEED).choice(public)
    lyon = Territory.objects.get(kind="commune", code="69123")
    mix = [
        reverse("core:home"),
        reverse("geo:search") + "?q=lyon",
        reverse("geo:territory", kwargs={"segment": KIND_URL_SEGMENTS[lyon.kind], "code": "69123"}),
        reverse("observatory_public:national") + f"?campagne={campaign.year}",
        reverse("observatory:dashboard", kwargs={"segment": KIND_URL_SEGMENTS[kind], "code": code})
        + f"?campagne={campaign.year}",
        reverse("api-v1:territory_list") + "?q=lyon",
    ]
    print(f"  {len(mix)} pages : {', '.join(mix)}", flush=True)

    with (
        tempfile.TemporaryDirectory(prefix="territoires-reference-") as directory,
        Server(Path(directory)) as port,
    ):
        references = references_save(port, mix, Path(directory))
        site = _crowd(port, mix)
        reference = _crowd(port, references)
    _report(site, reference)


def _crowd(port: int, paths: list[str]) -> dict:
    """Requests per second, p50, p99 and errors of ``CLIENTS`` clients on ``paths``."""
    responses = load(port, paths, clients=CLIENTS, seconds=DURATION)
    latencies = [response.seconds for response in responses]
    return {
        "requests": len(responses),
        "throughput": len(responses) / DURATION,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "errors": sum(1 for response in responses if response.status != 200),
    }


def _line(title: str, figures: dict) -> str:
    return (
        f"  {title} : {number(figures['requests'])} requêtes en {DURATION} s, "
        f"{number(round(figures['throughput']))} requêtes/s, p50 {milliseconds(figures['p50'])}, "
        f"p99 {milliseconds(figures['p99'])}, {figures['errors']} erreur(s)"
    )


def _report(site: dict, reference: dict) -> None:
    cost = reference["throughput"] / site["throughput"]
    print(f"  {CLIENTS} clients pendant {DURATION} s, 2 processus gunicorn synchrones")
    print(_line("pages publiques", site))
    print(_line("référence (mêmes octets depuis la mémoire)", reference))
    print(
        "  "
        + " ; ".join(
            [
                "objectif ≥ 300 requêtes/s : "
                + ("tenu" if site["throughput"] >= TARGETS["throughput"] else "MANQUÉ")
                + f" ({ratio(site['throughput'], TARGETS['throughput'])} l’objectif)",
                verdict(site["p99"], TARGETS["p99"], "p99 ≤ 500 ms"),
                "objectif aucune erreur : " + ("tenu" if site["errors"] == 0 else "MANQUÉ"),
                f"débit {ratio(site['throughput'], reference['throughput'])} celui de la "
                f"référence, soit un coût par requête de {ratio(cost, 1)} le sien : "
                + verdict(cost, TARGETS["cost"], "≤ 3 × la référence"),
            ]
        ),
        flush=True,
    )


if __name__ == "__main__":
    measure()
