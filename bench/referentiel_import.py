"""Benchmark: the import of the référentiel, full then re-run.

Through the real service, ``territoires.geo.services.referentiel_import``, on
the real data (``settings.REFERENTIEL_DATA_DIR``, about 39,000 territories), in
a database of its own with every migration applied:

1. full import into empty tables, target ≤ 15 s;
2. re-run with ``force=True``: every file read and every row compared, nothing
   changes, target ≤ 10 s;
3. re-run without ``force``: skipped on the checksum of the files.

Reference for the full import, same database and same run: its writing alone, bare. The
territories and their search words it stored, already in memory, copied in one transaction
into scratch copies of their two tables with the same indexes and constraints (PostgreSQL:
``LIKE … INCLUDING ALL``; SQLite: the same ``CREATE`` statements), the fastest way the
engine takes rows (COPY on PostgreSQL, executemany on SQLite). The import also reads and
checks the files and links each territory to its parents: the ratio says what that and the
ORM cost over the bare writing. The re-imports write nothing: no reference does the same
work (reading every file and comparing every row), so none is printed for them.
"""

import re
import sys
import time

from bench.engines import (
    milliseconds,
    number,
    ratio,
    run_on_each_engine,
    seconds,
    setup_django,
    verdict,
)

FULL_IMPORT_TARGET = 15.0
RERUN_TARGET = 10.0
SCRATCH_PREFIX = "bench_scratch_"


def run() -> bool:
    return run_on_each_engine("bench.referentiel_import", "Import du référentiel")


def measure() -> None:
    setup_django()
    from django.conf import settings

    from territoires.geo.services import referentiel_import

    data_dir = settings.REFERENTIEL_DATA_DIR
    full, report = _timed(lambda: referentiel_import(data_dir=data_dir))
    rerun, rerun_report = _timed(lambda: referentiel_import(data_dir=data_dir, force=True))
    skip, skip_report = _timed(lambda: referentiel_import(data_dir=data_dir))
    if rerun_report.skipped or rerun_report.changed or not skip_report.skipped:
        sys.exit("Le ré-import aurait dû tout comparer sans rien changer, puis être sauté.")
    territories, words, reference = _bare_write_reference()
    if territories != sum(report.created.values()):
        sys.exit(f"{territories} territoires copiés pour {sum(report.created.values())} créés.")

    print(
        f"  {number(territories)} territoires et {number(words)} mots de recherche, "
        f"paquet {report.version}"
    )
    label = "référence : écriture nue des mêmes lignes"
    print(f"  {label:<42}{seconds(reference):>8}")
    print(
        f"  {'import complet':<42}{seconds(full):>8}  {ratio(full, reference):>7} la référence  "
        f"{verdict(full, FULL_IMPORT_TARGET, '≤ 15 s')}"
    )
    for label, elapsed, target in [
        ("ré-import forcé (tout lu et comparé)", rerun, verdict(rerun, RERUN_TARGET, "≤ 10 s")),
        ("ré-import sauté (même empreinte)", skip, ""),
    ]:
        print(f"  {label:<42}{seconds(elapsed):>8}  {'sans référence':>19}  {target}".rstrip())
    print(f"  soit {milliseconds(full / territories)} par territoire à l’import complet")


def _timed(action):
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def _bare_write_reference() -> tuple[int, int, float]:
    """Copy the stored territories and words into indexed scratch copies of their tables;
    (territories, words, seconds)."""
    from django.db import connection, transaction

    from territoires.core.db import bulk_insert
    from territoires.geo.models import Territory, TerritoryWord

    copies = []
    for model in (Territory, TerritoryWord):
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if model is Territory or not field.primary_key
        ]
        rows = list(model.objects.order_by("pk").values_list(*fields))
        prepared = [
            tuple(
                model._meta.get_field(name).get_db_prep_save(value, connection)
                for name, value in zip(fields, row, strict=True)
            )
            for row in rows
        ]
        copies.append((model, fields, prepared, SCRATCH_PREFIX + model._meta.db_table))
    with connection.cursor() as cursor:
        for model, *_, scratch in copies:
            for statement in _scratch_copy(cursor, model._meta.db_table, scratch):
                cursor.execute(statement)
        try:
            started = time.perf_counter()
            with transaction.atomic():
                for model, fields, rows, scratch in copies:
                    bulk_insert(model, fields, rows, table=scratch)
            elapsed = time.perf_counter() - started
            counts = []
            for *_, scratch in copies:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(scratch)}")
                counts.append(cursor.fetchone()[0])
        finally:
            for *_, scratch in reversed(copies):
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(scratch)}")
    return counts[0], counts[1], elapsed


def _scratch_copy(cursor, table: str, scratch: str) -> list[str]:
    """The statements that create ``scratch``, a copy of ``table`` with the same columns,
    indexes and constraints, empty."""
    from django.db import connection

    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        return [f"CREATE TABLE {quote(scratch)} (LIKE {quote(table)} INCLUDING ALL)"]
    cursor.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL "
        "ORDER BY type DESC",  # the table, then its indexes
        [table],
    )
    statements = []
    for (sql,) in cursor.fetchall():
        sql = sql.replace(quote(table), quote(scratch))
        statements.append(re.sub(r'(INDEX\s+)"([^"]+)"', rf'\1"{SCRATCH_PREFIX}\2"', sql))
    return statements


if __name__ == "__main__":
    measure()
