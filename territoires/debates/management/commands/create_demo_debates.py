"""Create the demo debates (``make run``): ``manage.py create_demo_debates``."""

from django.core.management.base import BaseCommand

from territoires.debates.demo import demo_debates_create


class Command(BaseCommand):
    help = (
        "Crée les débats de démonstration (un débat ouvert, un débat clos avec sa synthèse), "
        "marqués « Données de démonstration ». Sans effet s’ils existent déjà."
    )

    def handle(self, *args, **options):
        created = demo_debates_create()
        self.stdout.write(f"Débats de démonstration créés : {len(created)}.")
