"""The job queue in the tests: jobs run at once (``immediate``), in the test's process; a
retry a job asks for is kept in the schedule, for the test to look at and run."""

from datetime import UTC, datetime, timedelta

from huey.contrib.djhuey import HUEY


def scheduled_jobs() -> list:
    """The jobs waiting for their time (retries, delayed jobs)."""
    return HUEY.scheduled()


def scheduled_jobs_run() -> None:
    """Run every job of the schedule now, whatever its time, as a worker would when it comes."""
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=2)
    for task in HUEY.read_schedule(later):
        HUEY.execute(task, timestamp=later)
