"""The periodic job ``event_surveys_send``, by hand."""

from django.core.management.base import BaseCommand

from territoires.events.services import surveys_send


class Command(BaseCommand):
    help = (
        "Envoie le questionnaire de satisfaction aux stagiaires des formations terminées "
        "dans la semaine (tâche périodique, lancée toutes les six heures)."
    )

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"{surveys_send()} questionnaire(s) envoyé(s)."))
