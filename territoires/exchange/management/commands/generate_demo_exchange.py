"""Demo data of the bourse: ``manage.py generate_demo_exchange``."""

from django.core.management.base import BaseCommand

from territoires.exchange.demo import demo_exchange_generate


class Command(BaseCommand):
    help = (
        "Génère des offres, besoins et accords de démonstration dans la bourse, entre des "
        "collectivités du référentiel, marqués « donnée de démonstration ». Ne fait rien si des "
        "offres de démonstration existent déjà."
    )

    def handle(self, *args, **options):
        counts = demo_exchange_generate()
        if not counts["offers"]:
            self.stdout.write("Des données de démonstration de la bourse existent déjà.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Bourse (données de démonstration) : {counts['offers']} offres, "
                f"{counts['needs']} besoins, {counts['agreements']} accords."
            )
        )
