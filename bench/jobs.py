"""Benchmark: the job queue on Redis, with real workers (``manage.py run_huey``).

1. Enqueue-to-done latency of a trivial job (``queue_probe``, which answers the worker's
   clock): 1,000 jobs enqueued at a steady pace (one every 5 ms) from this process, done by 2
   worker processes; a job's latency is its worker's clock when it ran minus the time it was
   enqueued. Target: p95 ≤ 50 ms. Reference, same run: a bare ``redis`` LPUSH/BRPOP round
   trip (one process pushes a timestamp, a thread blocked on BRPOP pops it), 1,000 times.
2. Throughput of e-mail jobs against the tests' SMTP server (``tests/mail.py``, aiosmtpd on
   loopback): 1,000 e-mails written in one transaction (``email_send``), their jobs enqueued
   at the commit, sent by 2 worker processes of 2 threads each; messages a second, from the
   commit (before the jobs are enqueued) until the last row is marked sent. Target: ≥ 200 a
   second. Reference, same run: Django's SMTP backend sending the same 1,000 messages
   directly, one after the other on one connection (as each worker thread keeps its own).

On PostgreSQL only: the e-mail jobs lock their rows, as in production.
"""

import logging
import os
import subprocess
import sys
import threading
import time
import uuid

from bench.engines import (
    ROOT,
    milliseconds,
    number,
    percentile,
    ratio,
    run_on_postgresql,
    scaled,
)

REDIS_URL = "redis://127.0.0.1:6379/11"
JOBS = scaled(1000, 20)
PACE = 0.005
EMAILS = scaled(1000, 20)
LATENCY_P95_TARGET = 0.050
EMAIL_RATE_TARGET = 200


def run() -> bool:
    return run_on_postgresql("bench.jobs", "File de tâches sur Redis")


def workers_start(count: int, threads: int) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_huey", "--workers", str(threads), "--no-periodic"],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


def workers_stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.wait(timeout=30)


def redis_round_trips(client) -> list[float]:
    """The reference: LPUSH a timestamp, BRPOP it in another thread, JOBS times."""
    key = f"bench:{uuid.uuid4().hex}"
    latencies = []

    def consume():
        for _ in range(JOBS):
            _, value = client.brpop(key)
            latencies.append(time.time() - float(value))

    consumer = threading.Thread(target=consume)
    consumer.start()
    for _ in range(JOBS):
        client.lpush(key, repr(time.time()))
        time.sleep(PACE)
    consumer.join()
    return latencies


def measure() -> None:
    os.environ.update(
        REDIS_URL=REDIS_URL, HUEY_NAME=f"bench-{uuid.uuid4().hex[:8]}", HUEY_IMMEDIATE="0"
    )
    import django
    import redis
    from django.core.management import call_command

    from tests.mail import SmtpServer

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per command
    smtp = SmtpServer()
    for name, value in smtp.django_settings().items():
        os.environ[name] = str(value)
    os.environ["EMAIL_HOST_USER"] = os.environ["EMAIL_HOST_PASSWORD"] = ""
    django.setup()
    call_command("migrate", verbosity=0)
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection
    from django.db import transaction

    from territoires.core.mail import email_send
    from territoires.core.models import OutgoingEmail
    from territoires.core.tasks import queue_probe

    assert smtp.port == settings.EMAIL_PORT
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    try:
        # 1. Latency of a trivial job, and the bare Redis round trip.
        reference = redis_round_trips(client)
        workers = workers_start(2, 1)
        try:
            queue_probe().get(blocking=True, timeout=60)  # both ready, modules loaded
            enqueued = []
            for _ in range(JOBS):
                enqueued.append((time.time(), queue_probe()))
                time.sleep(PACE)
            latencies = [result.get(blocking=True, timeout=60) - at for at, result in enqueued]
        finally:
            workers_stop(workers)
        p95, reference_p95 = percentile(latencies, 95), percentile(reference, 95)
        outcome = "tenu" if p95 <= LATENCY_P95_TARGET else "MANQUÉ"
        print(
            f"  tâche triviale, de la mise en file à la fin, {number(JOBS)} tâches, 2 workers : "
            f"p50 {milliseconds(percentile(latencies, 50))}, p95 {milliseconds(p95)} "
            f"(objectif ≤ 50 ms : {outcome}) ; référence LPUSH/BRPOP nu : p95 "
            f"{milliseconds(reference_p95)} ({ratio(p95, reference_p95)} la référence)",
            flush=True,
        )

        # 2. E-mail jobs against the SMTP server, and Django's SMTP backend directly.
        started = time.perf_counter()
        with get_connection() as connection:
            for index in range(EMAILS):
                EmailMessage(
                    subject=f"Référence {index}", body="Texte", to=["a@b.fr"], connection=connection
                ).send()
        direct = EMAILS / (time.perf_counter() - started)
        workers = workers_start(2, 2)
        try:
            queue_probe().get(blocking=True, timeout=60)
            started = time.perf_counter()
            commit = []
            with transaction.atomic():
                # The first callback after the commit, before the jobs are enqueued.
                transaction.on_commit(lambda: commit.append(time.perf_counter()))
                for index in range(EMAILS):
                    email_send(to="agent@lyon.fr", subject=f"Courriel {index}", body="Texte")
            committed = commit[0]
            sent = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT)
            while sent.count() < EMAILS:
                assert time.perf_counter() - committed < 300, "courriels non envoyés en 5 min"
                time.sleep(0.05)
            finished = time.perf_counter()
        finally:
            workers_stop(workers)
        rate = EMAILS / (finished - committed)
        received = sum(1 for message in smtp.received if message.subject.startswith("Courriel"))
        assert received == EMAILS, f"{received} courriels reçus pour {EMAILS}"
        outcome = "tenu" if rate >= EMAIL_RATE_TARGET else "MANQUÉ"
        print(
            f"  courriels par la file, {number(EMAILS)} messages, 2 workers × 2 fils : "
            f"{rate:.0f} par seconde (objectif ≥ 200 : {outcome}), écriture des lignes "
            f"{milliseconds(committed - started)} ; référence, moteur SMTP de Django en direct "
            f"sur une connexion : "
            f"{direct:.0f} par seconde ({ratio(rate, direct)} la référence) ; "
            f"{number(received)} reçus, chacun une fois",
            flush=True,
        )
    finally:
        client.flushdb()
        smtp.stop()


if __name__ == "__main__":
    measure()
