"""The periodic job ``event_registrations_anonymise``, by hand."""

from django.conf import settings
from django.core.management.base import BaseCommand

from territoires.events.services import registrations_anonymise


class Command(BaseCommand):
    help = (
        "Anonymise les inscriptions aux événements terminés depuis plus de "
        "EVENTS_ANONYMISE_AFTER_MONTHS mois (tâche périodique, lancée chaque nuit)."
    )

    def handle(self, *args, **options):
        count = registrations_anonymise()
        months = settings.EVENTS_ANONYMISE_AFTER_MONTHS
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} inscription(s) anonymisée(s) (événements terminés depuis plus de "
                f"{months} mois)."
            )
        )
