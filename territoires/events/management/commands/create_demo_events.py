"""Demonstration events for ``make run``: ``manage.py create_demo_events``."""

from django.core.management.base import BaseCommand

from territoires.events.demo import demo_events_create


class Command(BaseCommand):
    help = (
        "Crée des événements de démonstration de chaque type, passés et à venir, certains "
        "complets avec une liste d’attente ; ne fait rien s’il y en a déjà."
    )

    def handle(self, *args, **options):
        count = demo_events_create()
        if count:
            self.stdout.write(self.style.SUCCESS(f"{count} événements de démonstration créés."))
        else:
            self.stdout.write("Les événements de démonstration existent déjà : rien n’est modifié.")
