"""Demo editions of the labels: ``manage.py generate_demo_labels [--year Y]``."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from territoires.awards.demo import demo_labels_generate


class Command(BaseCommand):
    help = (
        "Crée, si elles manquent, une édition de démonstration des labels pour l’année "
        "précédente (candidatures, jurys, notes et palmarès) et une édition ouverte aux "
        "candidatures pour l’année donnée, marquées « Données de démonstration »."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, default=timezone.now().year, help="année de l’édition ouverte"
        )

    def handle(self, *args, year: int, **options):
        editions = demo_labels_generate(year=year)
        if not editions:
            self.stdout.write("Les éditions de démonstration existent déjà : rien à faire.")
        for edition in editions:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{edition.title} (données de démonstration) : "
                    f"{edition.applications.count()} candidature(s), "
                    f"{edition.get_status_display().lower()}."
                )
            )
