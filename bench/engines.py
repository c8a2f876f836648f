"""The databases the benchmarks run on, and the helpers they share.

A benchmark module has a ``run()`` that calls :func:`run_on_each_engine`. For
each engine, a database of its own is created (a temporary SQLite file, then
the database ``territoires_bench_<module>`` on the PostgreSQL server of ``PG_URL``),
the module runs again as a child process (``python -m <module>``) with
``DATABASE_URL`` pointing at that database, and the database is dropped
afterwards. In the child, :func:`setup_django` sets Django up and applies the
migrations; the module then measures and prints.

The child runs with ``DEBUG`` off, as in production: with it on, Django would
time and keep every SQL query, which would weigh on the figures.
"""

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/territoires"
PG_DATABASE = "territoires_bench"
# Each timed action runs once untimed (warm caches), then this many times.
TIMED_PASSES = 3
# BENCH_SCALE shrinks every size for a smoke test (1: the sizes of the issues).
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
if not 0 < SCALE <= 1:
    raise SystemExit(f"BENCH_SCALE doit être entre 0 (exclu) et 1 : {SCALE}")


def run_on_each_engine(module: str, title: str) -> bool:
    """Run ``python -m <module>`` on SQLite, then on PostgreSQL; False if a run failed."""
    succeeded = True
    # A PostgreSQL database per benchmark: two benchmarks run at once never drop each other's.
    name = f"{PG_DATABASE}_{module.rsplit('.', 1)[-1]}"
    for label, database in (
        ("SQLite", _sqlite_database),
        ("PostgreSQL", lambda: _postgresql_database(name)),
    ):
        print(f"\n== {title} — {label}", flush=True)
        with database() as database_url:
            if database_url is not None:
                succeeded &= _run_child(module, database_url)
    return succeeded


def run_on_postgresql(module: str, title: str) -> bool:
    """Run ``python -m <module>`` on PostgreSQL only, in a database named after the module."""
    print(f"\n== {title} — PostgreSQL", flush=True)
    with _postgresql_database(f"{PG_DATABASE}_{module.rsplit('.', 1)[-1]}") as database_url:
        return database_url is None or _run_child(module, database_url)


def _run_child(module: str, database_url: str) -> bool:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
    }
    env.setdefault("SECRET_KEY", "benchmarks-only-secret-key-never-used-to-serve-anything")
    with tempfile.TemporaryDirectory(prefix="territoires-bench-jobs-") as jobs:
        # The jobs a benchmark enqueues (without REDIS_URL) go to a queue of its own, never
        # to the checkout's, where a worker of `make run` would take them for its database.
        env["HUEY_FILE"] = f"{jobs}/jobs.sqlite3"
        completed = subprocess.run([sys.executable, "-m", module], env=env, cwd=ROOT, check=False)
    if completed.returncode != 0:
        print(f"  ÉCHEC du banc d’essai (code de sortie {completed.returncode})", flush=True)
    return completed.returncode == 0


@contextmanager
def _sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="territoires-bench-") as directory:
        print(f"  base : fichier temporaire dans {directory}", flush=True)
        yield f"sqlite:///{directory}/bench.sqlite3"


@contextmanager
def _postgresql_database(name: str = PG_DATABASE) -> Iterator[str | None]:
    """The database ``name``, created afresh on the server of PG_URL; None if unreachable."""
    import psycopg

    parts = urlsplit(os.environ.get("PG_URL") or DEFAULT_PG_URL)
    server = f"{parts.hostname}:{parts.port or 5432}"
    try:
        admin = psycopg.connect(
            urlunsplit(parts._replace(path="/postgres")), autocommit=True, connect_timeout=3
        )
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"  PostgreSQL injoignable ({server} : {reason}) : partie PostgreSQL NON MESURÉE.")
        yield None
        return
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    with admin:
        admin.execute(drop)
        admin.execute(f'CREATE DATABASE "{name}"')
        print(f"  base : {name} sur {server}, créée pour l’occasion", flush=True)
        try:
            yield urlunsplit(parts._replace(path=f"/{name}"))
        finally:
            admin.execute(drop)


def setup_django() -> None:
    """In the child process: set Django up on ``DATABASE_URL`` and apply every migration."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def scaled(size: int, minimum: int = 1) -> int:
    """``size`` shrunk by ``BENCH_SCALE``, never below ``minimum``."""
    return max(minimum, round(size * SCALE))


def timed_passes(timed_pass) -> list[float]:
    """The timings of TIMED_PASSES runs of ``timed_pass`` (a list of timings each), all
    together: a percentile over them shows the tail, which per-item medians would hide."""
    return [elapsed for _ in range(TIMED_PASSES) for elapsed in timed_pass()]


def all_timings(action, arguments: list) -> tuple[list, list[float]]:
    """What ``action`` returns for each argument in an untimed pass (warm caches), then its
    time in seconds for each argument in each of TIMED_PASSES timed passes (in pass order:
    argument ``i`` of pass ``p`` is at ``p * len(arguments) + i``).

    The process measures as a web worker serves (``gunicorn.conf.py``): what lives before the
    measure is frozen, out of the garbage collector's full collections."""
    gc.collect()
    gc.freeze()
    results = [action(argument) for argument in arguments]

    def timed_pass():
        timings = []
        for argument in arguments:
            started = time.perf_counter()
            action(argument)
            timings.append(time.perf_counter() - started)
        return timings

    return results, timed_passes(timed_pass)


def percentile(values: list[float], rank: int) -> float:
    """The ``rank``-th percentile of ``values`` (linear interpolation between data points)."""
    return statistics.quantiles(values, n=100, method="inclusive")[rank - 1]


def number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def seconds(value: float) -> str:
    return f"{value:.2f} s".replace(".", ",")


def milliseconds(value: float) -> str:
    return f"{value * 1000:.1f} ms".replace(".", ",")


def ratio(value: float, reference: float) -> str:
    return f"{value / reference:.2f} ×".replace(".", ",")


def verdict(value: float, target: float, text: str) -> str:
    """« objectif ≤ 15 s : tenu (0,34 × l'objectif) », or MANQUÉ."""
    outcome = "tenu" if value <= target else "MANQUÉ"
    return f"objectif {text} : {outcome} ({ratio(value, target)} l’objectif)"
