"""Move a campaign to its edition's current framework version and rescore it:
``manage.py upgrade_campaign_framework <year>``."""

from django.core.management.base import BaseCommand, CommandError

from territoires.core.errors import BusinessError
from territoires.observatory.models import Campaign
from territoires.observatory.services import assessments_text, campaign_framework_upgrade


class Command(BaseCommand):
    help = (
        "Passe une campagne à la version en vigueur du référentiel de son édition, recalcule "
        "les scores de toutes ses évaluations et l’inscrit dans l’historique de la campagne."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="année de la campagne")

    def handle(self, *args, year: int, **options):
        campaign = Campaign.objects.filter(year=year).first()
        if campaign is None:
            raise CommandError(f"Aucune campagne pour l’année {year}.")
        try:
            scored = campaign_framework_upgrade(actor=None, campaign=campaign)
        except BusinessError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Campagne {year} : référentiel en version {campaign.framework_version}, "
                f"scores recalculés pour {assessments_text(scored)}."
            )
        )
