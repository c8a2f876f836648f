"""The periodic job ``commons_stratum_uses_write``, by hand."""

from django.core.management.base import BaseCommand

from territoires.commons.models import Commun
from territoires.commons.search_index import stratum_uses_write


class Command(BaseCommand):
    help = (
        "Compte à nouveau les collectivités utilisatrices de chaque commun par strate et par "
        "axe (tâche périodique, lancée chaque nuit)."
    )

    def handle(self, *args, **options):
        count = stratum_uses_write(Commun.objects.all())
        self.stdout.write(
            self.style.SUCCESS(f"{count} décompte(s) par strate et par axe écrit(s).")
        )
