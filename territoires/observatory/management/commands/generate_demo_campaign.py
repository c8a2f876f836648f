"""Generate a demo campaign: ``manage.py generate_demo_campaign [--count N|all] [--seed S]``."""

import time

from django.core.management.base import BaseCommand, CommandError

from territoires.core.formats import number
from territoires.observatory.demo import DEFAULT_SEED, DemoError, demo_campaign_generate
from territoires.observatory.enums import CampaignStatus
from territoires.observatory.framework import available_editions
from territoires.observatory.models import Campaign

ALL = "all"


def count_argument(value: str) -> int | None:
    if value == ALL:
        return None
    try:
        return int(value)
    except ValueError:
        raise CommandError(
            f"--count attend un nombre de collectivités ou « {ALL} », pas « {value} »."
        ) from None


class Command(BaseCommand):
    help = (
        "Génère une campagne de démonstration : des évaluations synthétiques, vraisemblables et "
        "reproductibles (même graine, mêmes réponses), marquées « Données de démonstration », "
        "puis calcule leurs scores. Remplace la campagne de démonstration de l’année ; ne touche "
        "jamais une vraie campagne."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count",
            type=count_argument,
            default=300,
            help=f"nombre de collectivités (défaut 300), ou « {ALL} » pour tout le pays : "
            "chaque région, département, EPCI et commune en vigueur",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"graine (défaut {DEFAULT_SEED})"
        )
        parser.add_argument(
            "--year",
            type=int,
            default=available_editions()[0],
            help="année de la campagne (défaut : la dernière édition du référentiel de maturité)",
        )
        parser.add_argument(
            "--status",
            choices=[status.value for status in CampaignStatus],
            default=CampaignStatus.PUBLISHED.value,
            help="état de la campagne (défaut : publiee)",
        )
        parser.add_argument(
            "--if-no-campaign",
            action="store_true",
            help="ne fait rien s’il existe déjà une campagne, quelle qu’elle soit",
        )

    def handle(self, *args, count, seed, year, status, if_no_campaign, **options):
        if if_no_campaign and Campaign.objects.exists():
            self.stdout.write(
                "Une campagne existe déjà : aucune campagne de démonstration ajoutée."
            )
            return
        started = time.perf_counter()
        try:
            report = demo_campaign_generate(
                year=year, count=count, seed=seed, status=status, progress=self.stdout.write
            )
        except DemoError as error:
            raise CommandError(str(error)) from None
        elapsed = number(round(time.perf_counter() - started, 1))
        replaced = " (remplace la précédente)" if report.replaced else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Campagne de démonstration {year}{replaced} : {number(report.assessments)} "
                f"évaluations ({number(report.submitted)} soumises, {number(report.light)} au "
                f"questionnaire allégé), {number(report.answers)} réponses, graine {seed}, "
                f"en {elapsed} s."
            )
        )
