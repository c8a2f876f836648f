"""Benchmark: the observatory's public pages through the real HTTP stack, on PostgreSQL.

The référentiel and the whole-country demo campaign (seed fixed) are loaded
into a PostgreSQL database of their own; the app runs under gunicorn (two
workers, production settings, the shared Redis cache) on loopback, and a
second process (``bench.http_server.load``) sends the requests. Measured, with
the target judged on both passes:

- the dashboards of 200 collectivités with public scores, drawn with a fixed
  seed (every kind): first pass (cold caches: the first visitor of each page
  after the results changed, before the warming job has run), then the steady
  state, p50/p95; target p95 ≤ 150 ms;
- the national view for the index and every axis: cold, then steady; target
  p95 ≤ 300 ms;
- the full scores CSV: target ≤ 5 s.

Reference, same run: a bare Django view returning the same bytes from memory
(``bench.http_server.urls``), through the same server, for the same requests.
"""

import random
import tempfile
import time
from pathlib import Path

from bench.engines import (
    SCALE,
    milliseconds,
    number,
    percentile,
    ratio,
    run_on_postgresql,
    scaled,
    seconds,
    verdict,
)
from bench.loopback import Server, load, load_without_error, references_save, served_setup

SEED = 2026
# The whole country, or a share of it for a smoke test.
DEMO_COUNT = None if SCALE == 1 else scaled(35_000, 200)
DASHBOARDS = scaled(200, 10)
STEADY_ROUNDS = 2
NATIONAL_ROUNDS = 4
CONCURRENCY = 2
REDIS_URL = "redis://127.0.0.1:6379/13"
TARGETS = {"dashboard": 0.150, "national": 0.300, "csv": 5.0}


def run() -> bool:
    return run_on_postgresql("bench.observatory_http", "Pages de l’Observatoire en HTTP")


def measure() -> None:
    with served_setup(REDIS_URL):
        _measure()


def _measure() -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.urls import reverse

    from territoires.geo.enums import KIND_URL_SEGMENTS
    from territoires.geo.services import referentiel_import
    from territoires.observatory.demo import demo_campaign_generate
    from territoires.observatory.public.national import metrics
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

    public = list(public_scores(campaign).values_list("territory__kind", "territory__code"))
    drawn = random.Random(SEED).sample(public, min(DASHBOARDS, len(public)))
    dashboards = [
        reverse(
            "observatory:dashboard",
            kwargs={"segment": KIND_URL_SEGMENTS[kind], "code": code},
        )
        + f"?campagne={campaign.year}"
        for kind, code in drawn
    ]
    national = [
        reverse("observatory_public:national") + f"?campagne={campaign.year}&axe={code}"
        for code, _ in metrics(campaign)
    ]
    csv = reverse(
        "observatory_public:opendata_download",
        kwargs={"year": str(campaign.year), "slug": "scores", "extension": "csv"},
    )
    print(
        f"  {number(len(public))} collectivités aux scores publics ; "
        f"{len(drawn)} tableaux de bord tirés au hasard (graine {SEED})",
        flush=True,
    )

    with (
        tempfile.TemporaryDirectory(prefix="territoires-reference-") as directory,
        Server(Path(directory)) as port,
    ):
        references = Path(directory)
        _report(
            "Tableau de bord d’une collectivité",
            "dashboard",
            port,
            dashboards,
            STEADY_ROUNDS,
            references,
        )
        _report("Vue nationale", "national", port, national, NATIONAL_ROUNDS, references)
        _report_download(port, csv, references)


def _report(title, target_key, port, paths, rounds, references) -> None:
    # A page that fails (gunicorn gives a worker 30 s, as in production) misses the target.
    cold = load(port, paths, clients=CONCURRENCY)
    steady = load(port, paths * rounds, clients=CONCURRENCY)
    reference_paths = references_save(port, paths, references)
    # The reference reads each file once, then serves it from memory.
    load_without_error(port, reference_paths, clients=CONCURRENCY)
    reference = load_without_error(port, reference_paths * rounds, clients=CONCURRENCY)
    target = TARGETS[target_key]
    reference_p95 = percentile(reference, 95)
    print(f"  {title} : {len(paths)} pages, {CONCURRENCY} requêtes en parallèle")
    print(
        f"    référence (mêmes octets depuis la mémoire, {len(reference)} requêtes) : "
        f"p50 {milliseconds(percentile(reference, 50))}, p95 {milliseconds(reference_p95)}"
    )
    for label, responses in [
        ("premier passage (caches vides)", cold),
        (f"régime établi ({rounds} passages)", steady),
    ]:
        timings = [response.seconds for response in responses]
        errors = sum(1 for response in responses if response.status != 200)
        p95 = percentile(timings, 95)
        outcome = (
            verdict(p95, target, f"p95 ≤ {milliseconds(target)}")
            if not errors
            else f"objectif p95 ≤ {milliseconds(target)} : MANQUÉ ({errors} erreur(s))"
        )
        print(
            f"    {label} : p50 {milliseconds(percentile(timings, 50))}, p95 {milliseconds(p95)}, "
            f"{ratio(p95, reference_p95)} la référence ; {outcome}",
            flush=True,
        )


def _report_download(port, path, references) -> None:
    timings = [load_without_error(port, [path], clients=1)[0] for _ in range(3)]
    best = min(timings)
    (reference_path,) = references_save(port, [path], references)
    size = (references / reference_path.rsplit("/", 1)[-1]).stat().st_size
    load_without_error(port, [reference_path], clients=1)
    reference = min(load_without_error(port, [reference_path] * 3, clients=1))
    print(
        f"  Fichier complet des scores (CSV, {number(size)} octets) : meilleur de 3 "
        f"{seconds(best)}, référence {seconds(reference)} ; rapport {ratio(best, reference)} ; "
        + verdict(best, TARGETS["csv"], "≤ 5 s"),
        flush=True,
    )


if __name__ == "__main__":
    measure()
