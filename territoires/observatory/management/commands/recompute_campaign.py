"""Recompute a campaign's scores and peer statistics: ``manage.py recompute_campaign <year>``."""

import time

from django.core.management.base import BaseCommand, CommandError

from territoires.core.formats import number
from territoires.observatory.models import Campaign
from territoires.observatory.results import campaign_recompute


class Command(BaseCommand):
    help = (
        "Recalcule les scores de toutes les évaluations d’une campagne et les statistiques de "
        "pairs, depuis les réponses enregistrées."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="année de la campagne")

    def handle(self, *args, year: int, **options):
        campaign = Campaign.objects.filter(year=year).first()
        if campaign is None:
            raise CommandError(f"Aucune campagne pour l’année {year}.")
        started = time.perf_counter()
        scored = campaign_recompute(campaign=campaign)
        elapsed = number(round(time.perf_counter() - started, 1))
        demo = f" ({campaign.demo_label.lower()})" if campaign.is_demo else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Campagne {year}{demo} : {number(scored)} évaluations recalculées en {elapsed} s."
            )
        )
