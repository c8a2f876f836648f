"""Create a campaign, and open it if asked: ``manage.py create_campaign <year> [--open]``."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from territoires.core.errors import BusinessError
from territoires.observatory.framework import edition_for
from territoires.observatory.models import Campaign
from territoires.observatory.services import campaign_create, campaign_open


class Command(BaseCommand):
    help = (
        "Crée la campagne d’une année (en préparation, ou ouverte avec --open), avec le "
        "référentiel de maturité de cette année ; remplace la campagne de démonstration de "
        "l’année s’il y en a une."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="année de la campagne")
        parser.add_argument("--open", action="store_true", help="ouvre la campagne aux réponses")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="ne fait rien si une vraie campagne existe déjà pour cette année",
        )

    def handle(self, *args, year: int, open: bool, if_missing: bool, **options):
        if if_missing and Campaign.objects.filter(year=year, is_demo=False).exists():
            self.stdout.write(f"La campagne {year} existe déjà : rien n’est modifié.")
            return
        edition = edition_for(year)
        try:
            with transaction.atomic():
                campaign = campaign_create(actor=None, year=year, edition=edition)
                if open:
                    campaign_open(actor=None, campaign=campaign, comment="Ouverte par commande")
        except BusinessError as error:
            raise CommandError(error.message) from None
        state = "ouverte" if open else "en préparation"
        replaced = " (la campagne de démonstration de l’année est supprimée)"
        self.stdout.write(
            self.style.SUCCESS(
                f"Campagne « {campaign.title} » créée, {state}, référentiel {edition}"
                + (replaced if campaign.replaced_demo else "")
                + "."
            )
        )
