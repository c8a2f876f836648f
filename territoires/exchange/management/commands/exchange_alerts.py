"""The periodic jobs ``exchange_alerts_daily`` and ``exchange_alerts_weekly``, by hand."""

from django.core.management.base import BaseCommand

from territoires.exchange import services
from territoires.exchange.enums import Frequency


class Command(BaseCommand):
    help = "Envoie les alertes des recherches enregistrées d’une fréquence (tâche périodique)."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=Frequency.values, help="Fréquence des alertes.")

    def handle(self, *args, frequency, **options):
        count = services.saved_search_alerts_send(frequency=frequency)
        self.stdout.write(self.style.SUCCESS(f"{count} alerte(s) envoyée(s)."))
