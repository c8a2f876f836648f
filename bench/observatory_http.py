"""Benchmark: the observatory's public pages through the real HTTP stack, on PostgreSQL.

The référentiel and the whole-country demo campaign (seed fixed) are loaded
into a PostgreSQL database of their own; the app runs under gunicorn (two
workers, production settings, the shared Redis cache) on loopback, and a
second process (``bench.http_server.load``) sends the requests. Measured:

- the dashboards of 200 collectivités with public scores, drawn with a fixed
  seed (every kind): first pass (cold caches), then the steady state, p50/p95;
  target p95 ≤ 150 ms;
- the national view for the index and every axis: cold, then steady; target
  p95 ≤ 300 ms;
- the full scores CSV: target ≤ 5 s.

Reference, same run: a bare Django view returning the same bytes from memory
(``bench.http_server.urls``), through the same server, for the same requests.
"""

import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.engines import (
    ROOT,
    milliseconds,
    number,
    percentile,
    ratio,
    run_on_postgresql,
    seconds,
    setup_django,
    verdict,
)

SEED = 2026
DASHBOARDS = 200
STEADY_ROUNDS = 2
NATIONAL_ROUNDS = 4
CONCURRENCY = 2
REDIS_URL = "redis://127.0.0.1:6379/13"
TARGETS = {"dashboard": 0.150, "national": 0.300, "csv": 5.0}


def run() -> bool:
    return run_on_postgresql("bench.observatory_http", "Pages de l’Observatoire en HTTP")


def measure() -> None:
    static_root = tempfile.mkdtemp(prefix="territoires-static-")
    os.environ.update(STATIC_ROOT=static_root, REDIS_URL=REDIS_URL)
    setup_django()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.urls import reverse

    from territoires.geo.enums import KIND_URL_SEGMENTS
    from territoires.geo.services import referentiel_import
    from territoires.observatory.demo import demo_campaign_generate
    from territoires.observatory.public.national import metrics
    from territoires.observatory.public.selectors import public_scores

    started = time.perf_counter()
    referentiel_import(data_dir=settings.REFERENTIEL_DATA_DIR)
    campaign = demo_campaign_generate(year=2026, count=None, seed=SEED).campaign
    call_command("collectstatic", interactive=False, verbosity=0)
    cache.clear()
    print(
        f"  préparation : référentiel, campagne nationale de démonstration et fichiers "
        f"statiques en {seconds(time.perf_counter() - started)}",
        flush=True,
    )

    public = list(public_scores(campaign).values_list("territory__kind", "territory__code"))
    drawn = random.Random(SEED).sample(public, DASHBOARDS)
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
        f"{DASHBOARDS} tableaux de bord tirés au hasard (graine {SEED})",
        flush=True,
    )

    with (
        tempfile.TemporaryDirectory(prefix="territoires-reference-") as directory,
        _server(Path(directory)) as port,
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
    shutil.rmtree(static_root)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _server:
    """gunicorn serving the app (and the reference views) on loopback."""

    def __init__(self, references: Path):
        self.references = references

    def __enter__(self) -> int:
        port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.http_server.settings",
            "BENCH_REFERENCE_DIR": str(self.references),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn n’a pas démarré") from None
                time.sleep(0.2)
        print(f"  gunicorn (2 processus) sur 127.0.0.1:{port}, cache Redis partagé", flush=True)
        return port

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _load(port: int, paths: list[str]) -> list[tuple[str, int, int, float]]:
    """Send ``paths`` from the load generator process; (path, status, bytes, seconds)."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.http_server.load", str(port), str(CONCURRENCY), *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    results = []
    for line in completed.stdout.splitlines():
        path, status, size, elapsed = line.split("\t")
        results.append((path, int(status), int(size), float(elapsed)))
    failed = [r for r in results if r[1] != 200]
    if failed:
        raise RuntimeError(f"{len(failed)} réponses en erreur, par exemple {failed[0]}")
    return results


def _save_references(port: int, paths: list[str], references: Path) -> list[str]:
    """Save each page's bytes for the reference view; the reference paths, in order."""
    names = []
    for number_, path in enumerate(paths):
        name = f"page-{number_}.csv" if ".csv" in path else f"page-{number_}.html"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
            (references / name).write_bytes(response.read())
        names.append(f"/__reference__/{name}")
    return names


def _latencies(results) -> list[float]:
    return [elapsed for _, _, _, elapsed in results]


def _report(title, target_key, port, paths, rounds, references) -> None:
    cold = _latencies(_load(port, paths))
    steady = _latencies(_load(port, paths * rounds))
    reference_paths = _save_references(port, paths, references)
    _load(port, reference_paths)  # the reference reads each file once, then serves from memory
    reference = _latencies(_load(port, reference_paths * rounds))
    steady_p95, reference_p95 = percentile(steady, 95), percentile(reference, 95)
    print(f"  {title} : {len(steady)} requêtes, {CONCURRENCY} en parallèle")
    print(
        f"    premier passage (caches vides) : p50 {milliseconds(percentile(cold, 50))}, "
        f"p95 {milliseconds(percentile(cold, 95))}"
    )
    print(
        f"    régime établi : p50 {milliseconds(percentile(steady, 50))}, "
        f"p95 {milliseconds(steady_p95)}"
    )
    print(
        f"    référence (mêmes octets depuis la mémoire) : p50 "
        f"{milliseconds(percentile(reference, 50))}, p95 {milliseconds(reference_p95)}"
    )
    print(
        f"    rapport p95 / référence : {ratio(steady_p95, reference_p95)} ; "
        + verdict(steady_p95, TARGETS[target_key], f"p95 ≤ {milliseconds(TARGETS[target_key])}"),
        flush=True,
    )


def _report_download(port, path, references) -> None:
    timings = [_load(port, [path])[0] for _ in range(3)]
    size = timings[0][2]
    best = min(elapsed for *_, elapsed in timings)
    (reference_path,) = _save_references(port, [path], references)
    _load(port, [reference_path])
    reference = min(_latencies(_load(port, [reference_path] * 3)))
    print(
        f"  Fichier complet des scores (CSV, {number(size)} octets) : meilleur de 3 "
        f"{seconds(best)}, référence {seconds(reference)} ; rapport {ratio(best, reference)} ; "
        + verdict(best, TARGETS["csv"], "≤ 5 s"),
        flush=True,
    )


if __name__ == "__main__":
    measure()
