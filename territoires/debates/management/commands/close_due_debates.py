"""Close the open debates whose closing date has passed (the nightly job, by hand)."""

from django.core.management.base import BaseCommand

from territoires.debates.services import debates_close_due


class Command(BaseCommand):
    help = "Clôt les débats ouverts dont la date de clôture est passée."

    def handle(self, *args, **options):
        closed = debates_close_due()
        self.stdout.write(f"Débats clos : {len(closed)}.")
