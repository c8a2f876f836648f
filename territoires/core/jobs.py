"""The job queue: work that runs outside a request, in worker processes (ADR 0010).

The queue is huey's (``settings.HUEY``): a SQLite file out of the box, Redis when
``REDIS_URL`` is set. Workers run ``manage.py run_huey``; exactly one of them also runs the
scheduler of periodic jobs, every other one is started with ``--no-periodic``. In the tests
the queue is ``immediate``: a job runs in the calling process as soon as it is enqueued.

Every job is idempotent: it reads the state it acts on from the database and does nothing
when its work is already done, so that running it twice (a retry, a worker killed after the
work but before the acknowledgement, staff running it again) changes nothing. A job that
raises is retried with backoff (:data:`JOB_RETRIES` times, the delay doubling from
:data:`JOB_RETRY_DELAY` seconds); when its last try fails, it is kept as a
:class:`~territoires.core.models.FailedJob` with its error, for staff to see and run again.
Every periodic job is also a management command, for an operator to run it by hand.
"""

import json
import logging
import traceback

from django.db import transaction
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task
from huey.signals import SIGNAL_ERROR

from territoires.core.models import FailedJob

logger = logging.getLogger(__name__)

JOB_RETRIES = 5
JOB_RETRY_DELAY = 10
JOB_RETRY_BACKOFF = 2


def job(**options):
    """Declare a job (a huey task that may use the database), retried with backoff."""
    return db_task(
        retries=JOB_RETRIES,
        retry_delay=JOB_RETRY_DELAY,
        retry_backoff=JOB_RETRY_BACKOFF,
        **options,
    )


def periodic_job(schedule, **options):
    """Declare a job the scheduler enqueues on ``schedule`` (a ``huey.crontab``)."""
    return db_periodic_task(schedule, **options)


def job_enqueue_on_commit(job_function, *args) -> None:
    """Enqueue ``job_function(*args)`` once the current transaction commits (at once when
    there is none): a worker never reads a row that is not committed yet, and a job is never
    enqueued for a change that is rolled back."""
    transaction.on_commit(lambda: job_function(*args))


def job_name(task) -> str:
    """The name under which huey knows the job of ``task``, a task instance."""
    return HUEY._registry.task_to_string(type(task))


@HUEY.signal(SIGNAL_ERROR)
def _failed_job_keep(signal, task, exc=None):
    """Keep a job whose last try raised (``retries`` at zero), with its error."""
    if task.retries:
        return
    logger.error("Job %s failed for good: %s", job_name(task), exc)
    FailedJob.objects.create(
        task=job_name(task),
        args=json.loads(json.dumps(list(task.args or ()), default=str)),
        kwargs=json.loads(json.dumps(task.kwargs or {}, default=str)),
        error="".join(traceback.format_exception(exc)) if exc else "",
    )


def failed_job_enqueue(failed_job: FailedJob) -> None:
    """Enqueue a failed job again with its arguments, after the current transaction."""
    task_class = HUEY._registry.string_to_task(failed_job.task)
    task = task_class(args=tuple(failed_job.args), kwargs=failed_job.kwargs)
    transaction.on_commit(lambda: HUEY.enqueue(task))
