"""A real worker (``manage.py run_huey``, in its own process) on a real queue does the job a
test enqueues: on Redis, as in production, and on a SQLite file, as with ``make run``."""

import time
import uuid

import pytest
from huey.storage import RedisStorage, SqliteStorage

from territoires.core.tasks import queue_probe
from tests.jobs import real_queue, worker_start, worker_stop
from tests.production import PRODUCTION_ENVIRONMENT

# A Redis database of its own, and a queue name of its own per test.
REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture(params=["redis", "sqlite"])
def queue(request, tmp_path):
    """The storage of a fresh queue, and the environment that points a worker at it."""
    name = f"test-worker-{uuid.uuid4().hex[:8]}"
    if request.param == "redis":
        storage = RedisStorage(name, url=REDIS_URL)
        env = {"REDIS_URL": REDIS_URL}
    else:
        storage = SqliteStorage(name, filename=str(tmp_path / "jobs.sqlite3"))
        env = {"HUEY_FILE": str(tmp_path / "jobs.sqlite3")}
    yield storage, {**PRODUCTION_ENVIRONMENT, "HUEY_NAME": name, **env}
    storage.flush_all()


def test_a_worker_process_does_a_job_enqueued_on_the_real_queue(monkeypatch, queue, tmp_path):
    storage, env = queue
    real_queue(monkeypatch, storage)
    enqueued_at = time.time()

    result = queue_probe()
    assert storage.queue_size() == 1  # waiting: nobody has run it in this process

    worker = worker_start(env, tmp_path / "worker.log", "--workers", "1")
    try:
        done_at = result.get(blocking=True, timeout=90)
    finally:
        log = worker_stop(worker, tmp_path / "worker.log")
    assert done_at is not None, log
    assert enqueued_at <= done_at <= time.time()
    assert storage.queue_size() == 0
    assert "queue_probe" in log
