"""Load the initial catalogue of communs (and, with --demo, demonstration usages and
reports): ``manage.py load_communs [--fichier F] [--demo]``. Idempotent."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from territoires.commons.demo import commons_demo_generate
from territoires.commons.services import CATALOGUE_FILE, catalogue_load, catalogue_read
from territoires.core.errors import BusinessError


class Command(BaseCommand):
    help = (
        "Charge le catalogue initial des communs (data/catalogue.toml) : crée les fiches "
        "manquantes, met à jour celles qui n’ont jamais été modifiées sur la plateforme ; "
        "avec --demo, ajoute des usages et des retours d’expérience de démonstration."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fichier",
            type=Path,
            default=CATALOGUE_FILE,
            help="fichier du catalogue (par défaut, celui du dépôt)",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="ajoute des données de démonstration pour les collectivités de la campagne "
            "de démonstration (une seule fois)",
        )

    def handle(self, *args, fichier: Path, demo: bool, **options):
        try:
            counts = catalogue_load(entries=catalogue_read(fichier))
        except BusinessError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Catalogue initial : {counts['created']} fiche(s) créée(s), "
                f"{counts['updated']} mise(s) à jour, {counts['kept']} inchangée(s)."
            )
        )
        if demo:
            self.stdout.write(commons_demo_generate())
