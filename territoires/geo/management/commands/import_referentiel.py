"""Import the territorial référentiel from the npm package @etalab/decoupage-administratif."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from territoires.geo.enums import KIND_PLURALS, TerritoryKind
from territoires.geo.referentiel import ReferentielError
from territoires.geo.services import referentiel_import


class Command(BaseCommand):
    help = "Importe le référentiel territorial (découpage administratif d’Etalab)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=settings.REFERENTIEL_DATA_DIR,
            help="Dossier des fichiers JSON du paquet @etalab/decoupage-administratif.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Compare toutes les données même si ces fichiers ont déjà été importés.",
        )

    def handle(self, *args, data_dir: Path, force: bool, **options):
        self.is_terminal = self.stdout.isatty()
        self.stdout.write(f"Lecture des fichiers de {data_dir}…")
        try:
            report = referentiel_import(data_dir=data_dir, force=force, progress=self.progress)
        except ReferentielError as error:
            raise CommandError(f"Import annulé, aucune donnée n’a été modifiée. {error}") from None
        if report.skipped:
            self.stdout.write(f"Référentiel {report.version} déjà importé : aucun changement.")
        elif not report.changed:
            self.stdout.write(f"Référentiel {report.version} comparé : aucun changement.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Référentiel {report.version} importé."))
            for label, counts in (
                ("créés", report.created),
                ("modifiés", report.updated),
                ("retirés (conservés, marqués non en vigueur)", report.retired),
            ):
                if counts:
                    self.stdout.write(f"  {label} : {self.describe(counts)}")
        self.stdout.write(f"En vigueur : {self.describe(report.current)}")

    def progress(self, label: str, done: int, total: int) -> None:
        line = f"  {label} : {done}/{total}"
        if self.is_terminal:
            self.stdout.write(f"\r{line}", ending="" if done < total else "\n")
        elif done == total:
            self.stdout.write(line)

    @staticmethod
    def describe(counts) -> str:
        return ", ".join(
            f"{KIND_PLURALS[kind]} {counts[kind]}" for kind in TerritoryKind if counts.get(kind)
        )
