"""The job queue in the tests: jobs run at once (``immediate``), in the test's process; a
retry a job asks for is kept in the schedule, for the test to look at and run. A test may
also send jobs to a real queue and start real workers (``manage.py run_huey``) on it."""

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from huey.contrib.djhuey import HUEY

from tests.production import environment


def scheduled_jobs() -> list:
    """The jobs waiting for their time (retries, delayed jobs)."""
    return HUEY.scheduled()


def scheduled_jobs_run() -> None:
    """Run every job of the schedule now, whatever its time, as a worker would when it comes."""
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=2)
    for task in HUEY.read_schedule(later):
        HUEY.execute(task, timestamp=later)


def real_queue(monkeypatch, storage) -> None:
    """Make the test's enqueues go to ``storage`` (a huey storage that workers started by the
    test read), not immediate, until the test ends."""
    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", storage)


def worker_start(env: dict, log: Path, *options: str) -> subprocess.Popen:
    """``manage.py run_huey`` with ``options``, in its own process, with ``env``: a worker as
    deployed, writing its log to ``log``."""
    with log.open("w") as output:
        return subprocess.Popen(
            [sys.executable, "manage.py", "run_huey", "--max-delay", "0.5", *options],
            cwd=settings.BASE_DIR,
            env=environment(
                **{"MEDIA_ROOT": str(settings.MEDIA_ROOT), **env, "HUEY_IMMEDIATE": "0"}
            ),
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def worker_stop(worker: subprocess.Popen, log: Path) -> str:
    """Stop the worker as an operator would (SIGTERM, then SIGKILL); returns its log."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    return log.read_text()
