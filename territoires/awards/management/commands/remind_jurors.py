from django.core.management.base import BaseCommand

from territoires.awards.services import reminders_send


class Command(BaseCommand):
    help = "Relance par courriel les jurés qui ont des candidatures à noter (tâche hebdomadaire)."

    def handle(self, *args, **options):
        count = reminders_send()
        self.stdout.write(f"{count} juré(s) relancé(s).")
