"""The app served on loopback for the HTTP benchmarks, and loaded from a second process.

In the benchmark's child process (see :mod:`bench.engines`): :func:`served_setup` sets Django
up with the production settings and collects the static files; :class:`Server` runs gunicorn
(two sync workers) on a free port of 127.0.0.1; :func:`load` sends requests from the load
generator, ``bench.http_server.load``, in a process of its own; :func:`references_save`
keeps the bytes of pages for the reference, a bare Django view that returns them from memory
(``bench.http_server.urls``).
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from bench.engines import ROOT, setup_django


class Response(NamedTuple):
    path: str
    status: int  # 0: the connection failed
    size: int
    seconds: float


@contextmanager
def served_setup(redis_url: str | None = None) -> Iterator[None]:
    """Set Django up (production settings, the shared Redis cache at ``redis_url`` if given)
    with its static files collected into a temporary folder, as gunicorn will serve them."""
    from django.core.management import call_command

    with tempfile.TemporaryDirectory(prefix="territoires-static-") as static_root:
        os.environ["STATIC_ROOT"] = static_root
        if redis_url:
            os.environ["REDIS_URL"] = redis_url
        setup_django()
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the app (and the reference views) on loopback; ``environment`` adds
    to the server's (a setting to change, as ``PUBLIC_PAGE_CACHE_SECONDS``).

    Its output (one JSON line per request, as in production) goes to a file, shown only if
    the server fails to start.
    """

    def __init__(self, references: Path, **environment: str):
        self.references = references
        self.environment = environment

    def __enter__(self) -> int:
        port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.http_server.settings",
            "BENCH_REFERENCE_DIR": str(self.references),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            **self.environment,
        }
        self.log = tempfile.TemporaryFile(mode="w+")
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
                "--timeout",
                "30",  # as in production (Procfile)
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.log.seek(0)
                    print(self.log.read()[-5000:])
                    self.__exit__()
                    raise RuntimeError("gunicorn n’a pas démarré") from None
                time.sleep(0.2)
        shared = os.environ.get("REDIS_URL")
        cache = "cache Redis partagé" if shared else "cache propre à chaque processus"
        print(f"  gunicorn (2 processus synchrones) sur 127.0.0.1:{port}, {cache}", flush=True)
        return port

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def load(port: int, paths: list[str], *, clients: int, seconds: float = 0) -> list[Response]:
    """Requests from the load generator: each of ``paths`` once between ``clients`` clients,
    or, with ``seconds``, each client in turn through them for that long."""
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.http_server.load",
            str(port),
            str(clients),
            str(seconds),
            *paths,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        Response(path, int(status), int(size), float(elapsed))
        for path, status, size, elapsed in (
            line.split("\t") for line in completed.stdout.splitlines()
        )
    ]


def load_without_error(port: int, paths: list[str], *, clients: int) -> list[float]:
    """Each of ``paths`` once between ``clients`` clients; the seconds of each response,
    raising on any response but a 200."""
    responses = load(port, paths, clients=clients)
    failed = [response for response in responses if response.status != 200]
    if failed:
        raise RuntimeError(f"{len(failed)} réponses en erreur, par exemple {failed[0]}")
    return [response.seconds for response in responses]


def references_save(port: int, paths: list[str], references: Path) -> list[str]:
    """Save each page's bytes for the reference view; the reference paths, in order."""
    names = []
    for number, path in enumerate(paths):
        name = f"page-{number}.csv" if ".csv" in path else f"page-{number}.html"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
                (references / name).write_bytes(response.read())
        except OSError as error:
            raise RuntimeError(
                f"{path} : pas de réponse complète du serveur ({error}) ; gunicorn donne 30 s à "
                f"chaque requête, comme en production"
            ) from None
        names.append(f"/__reference__/{name}")
    return names
