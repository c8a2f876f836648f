"""The periodic job ``email_requeue_lost``, by hand: ``manage.py email_requeue_lost``."""

from django.core.management.base import BaseCommand

from territoires.core.tasks import outgoing_emails_requeue


class Command(BaseCommand):
    help = (
        "Remet dans la file les courriels en attente dont l’envoi aurait dû être essayé depuis "
        "plus de deux minutes (tâche périodique, lancée chaque minute par l’ordonnanceur)."
    )

    def handle(self, *args, **options):
        count = outgoing_emails_requeue()
        self.stdout.write(self.style.SUCCESS(f"{count} courriel(s) remis dans la file."))
