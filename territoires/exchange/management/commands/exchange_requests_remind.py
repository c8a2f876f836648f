"""The periodic job ``exchange_requests_remind``, by hand."""

from django.core.management.base import BaseCommand

from territoires.exchange import services


class Command(BaseCommand):
    help = (
        "Relance les fournisseurs des demandes sans réponse depuis trois jours et marque « sans "
        "réponse » celles qui attendent depuis quinze jours (tâche quotidienne)."
    )

    def handle(self, *args, **options):
        reminded = services.agreements_remind()
        expired = services.agreements_expire()
        self.stdout.write(
            self.style.SUCCESS(f"{reminded} relance(s), {expired} demande(s) sans réponse.")
        )
