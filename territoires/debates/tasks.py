"""The jobs of the debates (found by ``manage.py run_huey``)."""

from django.db import transaction
from django.utils import timezone
from huey import crontab

from territoires.core.jobs import job, periodic_job
from territoires.debates.enums import DebateStatus
from territoires.debates.models import Debate, Participant
from territoires.debates.notifications import synthesis_email_send

SYNTHESIS_BATCH = 500


@job()
def synthesis_notify(debate_id: int) -> None:
    """Write the e-mail that tells each participant of a debate that its synthesis is
    published. Idempotent: a participant already told is skipped, so a retry or a second
    run tells nobody twice."""
    debate = Debate.objects.filter(pk=debate_id, status=DebateStatus.SYNTHESIS).first()
    if debate is None:
        return
    pending = Participant.objects.filter(
        debate=debate, synthesis_notified_at__isnull=True, user__isnull=False
    ).select_related("user")
    while batch := list(pending[:SYNTHESIS_BATCH]):
        with transaction.atomic():
            for participant in batch:
                synthesis_email_send(debate=debate, participant=participant)
            Participant.objects.filter(pk__in=[p.pk for p in batch]).update(
                synthesis_notified_at=timezone.now()
            )


@periodic_job(crontab(minute="15", hour="0"))
def debates_close_due_job() -> None:
    """Every night, close the open debates whose closing date has passed (also the command
    ``close_due_debates``)."""
    # services enqueue this module's jobs: imported here, once both are loaded.
    from territoires.debates.services import debates_close_due

    debates_close_due()
