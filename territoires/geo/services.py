"""Writes to the référentiel: the import of the découpage administratif."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from territoires.core.db import bulk_insert, refresh_after_bulk_write
from territoires.core.pagecache import public_pages_changed
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import ImportRun, Territory, TerritoryWord
from territoires.geo.referentiel import SOURCE, Ref, read_referentiel
from territoires.geo.search_text import index_words

FOREIGN_KEYS = ("region", "departement", "epci", "ept", "parent")
STORED_FIELDS = (
    "name",
    "search_name",
    "search_compact",
    "search_codes",
    "siren",
    "population",
    "postal_codes",
    "zone",
    "epci_nature",
    "chef_lieu_code",
    "stratum",
    *(f"{name}_id" for name in FOREIGN_KEYS),
    "is_current",
    "successor_id",
)
SEARCH_FIELDS = ("search_name", "search_codes", "search_compact")
BATCH_SIZE = 2000

Progress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    version: str
    skipped: bool = False
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    retired: Counter = field(default_factory=Counter)
    current: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)


def referentiel_import(
    *, data_dir: Path, force: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import the référentiel from ``data_dir``, all or nothing.

    Idempotent: a run on files already imported changes nothing (and is skipped
    outright unless ``force``). Territories missing from the files are never
    deleted: they are marked not current, with their successor where known.
    Raises :class:`~territoires.geo.referentiel.ReferentielError` on a bad file,
    before anything is written.
    """
    started_at = timezone.now()
    referentiel = read_referentiel(data_dir)
    report = ImportReport(version=referentiel.version)
    last_run = ImportRun.objects.filter(source=SOURCE).first()
    if not force and last_run is not None and last_run.checksum == referentiel.checksum:
        report.skipped = True
        report.current.update(_current_counts())
        return report

    with transaction.atomic():
        existing = {
            (row["kind"], row["code"]): row
            for row in Territory.objects.values("id", "kind", "code", *STORED_FIELDS)
        }
        ids = {ref: row["id"] for ref, row in existing.items()}
        # Territories whose search words are written: created, or renamed or recoded (stale).
        reworded: list[Territory] = []
        stale_words: list[int] = []
        for label, level in referentiel.levels:
            creates, updates = [], []
            for record in level:
                values = record.field_values()
                for name in FOREIGN_KEYS:
                    target: Ref | None = getattr(record, name)
                    values[f"{name}_id"] = ids[target] if target else None
                values.update(is_current=True, successor_id=None)
                row = existing.get(record.ref)
                if row is None:
                    creates.append(Territory(kind=record.kind, code=record.code, **values))
                elif any(row[name] != value for name, value in values.items()):
                    updates.append(Territory(id=row["id"], **values))
                    report.updated[record.kind] += 1
                    if any(row[name] != values[name] for name in SEARCH_FIELDS):
                        reworded.append(updates[-1])
                        stale_words.append(row["id"])
            for start in range(0, len(creates), BATCH_SIZE):
                Territory.objects.bulk_create(creates[start : start + BATCH_SIZE])
                if progress and start + BATCH_SIZE < len(creates):
                    progress(label, start + BATCH_SIZE, len(level))
            for territory in creates:
                ids[(territory.kind, territory.code)] = territory.pk
                report.created[territory.kind] += 1
            reworded.extend(creates)
            Territory.objects.bulk_update(updates, STORED_FIELDS, batch_size=500)
            if progress:
                progress(label, len(level), len(level))

        _retire_missing(referentiel, existing, ids, report)
        _write_words(reworded, replacing=stale_words)
        already_recorded = last_run is not None and last_run.checksum == referentiel.checksum
        if report.changed or not already_recorded:
            ImportRun.objects.create(
                source=SOURCE,
                version=referentiel.version,
                checksum=referentiel.checksum,
                started_at=started_at,
                finished_at=timezone.now(),
                created=sum(report.created.values()),
                updated=sum(report.updated.values()),
                retired=sum(report.retired.values()),
            )
    if report.changed:
        # Or PostgreSQL searches slowly until autovacuum runs.
        refresh_after_bulk_write(Territory, TerritoryWord)
        public_pages_changed()
    report.current.update(_current_counts())
    return report


def _write_words(territories: list[Territory], *, replacing: list[int]) -> None:
    """Write the search words (``TerritoryWord``) of ``territories``, after deleting the
    former words of the territories whose ids are in ``replacing``."""
    for start in range(0, len(replacing), BATCH_SIZE):
        TerritoryWord.objects.filter(
            territory_id__in=replacing[start : start + BATCH_SIZE]
        ).delete()
    bulk_insert(
        TerritoryWord,
        ["territory_id", "word"],
        (
            (territory.pk, word)
            for territory in territories
            for word in index_words(*(getattr(territory, name) for name in SEARCH_FIELDS))
        ),
    )


def _retire_missing(referentiel, existing: dict, ids: dict, report: ImportReport) -> None:
    """Mark not current the territories that left the data, with their successor."""
    present = {record.ref for record in referentiel.records()}
    successor_code = {}
    for record in referentiel.records():
        if record.kind == TerritoryKind.COMMUNE:
            for former_code in record.former_codes:
                successor_code.setdefault(former_code, record.code)
        elif record.kind in (TerritoryKind.COMMUNE_DELEGUEE, TerritoryKind.COMMUNE_ASSOCIEE):
            successor_code.setdefault(record.code, record.parent[1])
    # A vanished EPCI is succeeded by the one that now holds most of its former communes.
    epci_of_commune = {record.code: record.epci for record in referentiel.records() if record.epci}
    epci_heirs: dict[int, Counter] = {}
    for (kind, code), row in existing.items():
        if kind == TerritoryKind.COMMUNE and row["epci_id"] and code in epci_of_commune:
            epci_heirs.setdefault(row["epci_id"], Counter())[epci_of_commune[code]] += 1

    retired = []
    for ref, row in existing.items():
        if ref in present or not row["is_current"]:
            continue
        kind, code = ref
        successor = None
        if kind == TerritoryKind.COMMUNE and code in successor_code:
            successor = ids.get((TerritoryKind.COMMUNE.value, successor_code[code]))
        elif kind == TerritoryKind.EPCI and row["id"] in epci_heirs:
            successor = ids[epci_heirs[row["id"]].most_common(1)[0][0]]
        retired.append(Territory(id=row["id"], is_current=False, successor_id=successor))
        report.retired[kind] += 1
    Territory.objects.bulk_update(retired, ["is_current", "successor_id"], batch_size=500)


def _current_counts() -> Counter:
    rows = Territory.objects.current().values_list("kind").annotate(count=Count("id"))
    return Counter(dict(rows))
