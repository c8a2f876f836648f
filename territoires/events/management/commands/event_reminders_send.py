"""The periodic job ``event_reminders_send``, by hand."""

from django.core.management.base import BaseCommand

from territoires.events.services import reminders_send


class Command(BaseCommand):
    help = (
        "Envoie le rappel de la veille aux inscrits confirmés des événements qui commencent "
        "dans les 24 heures (tâche périodique, lancée chaque heure)."
    )

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"{reminders_send()} rappel(s) envoyé(s)."))
