"""Benchmark: the import of the référentiel, full then re-run.

Through the real service, ``territoires.geo.services.referentiel_import``, on
the real data (``settings.REFERENTIEL_DATA_DIR``, about 39,000 territories), in
a database of its own with every migration applied:

1. full import into empty tables, target ≤ 15 s;
2. re-run with ``force=True``: every file read and every row compared, nothing
   changes, target ≤ 10 s;
3. re-run without ``force``: skipped on the checksum of the files.

Reference, same database and same run: inserting the same rows (the columns
and values the import stored) with one plain ``executemany`` into a scratch
table without index or constraint, in one transaction.
"""

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
SCRATCH_TABLE = "bench_scratch_territory"


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
    rows, reference = _executemany_reference()
    if rows != sum(report.created.values()):
        sys.exit(f"{rows} lignes copiées pour {sum(report.created.values())} créées.")

    print(f"  {number(rows)} territoires, paquet {report.version}")
    label = "référence : executemany des mêmes lignes"
    print(f"  {label:<42}{seconds(reference):>8}")
    for label, elapsed, target in [
        ("import complet", full, verdict(full, FULL_IMPORT_TARGET, "≤ 15 s")),
        ("ré-import forcé (tout comparé)", rerun, verdict(rerun, RERUN_TARGET, "≤ 10 s")),
        ("ré-import sauté (même empreinte)", skip, ""),
    ]:
        compared = f"{ratio(elapsed, reference):>7} la référence"
        print(f"  {label:<42}{seconds(elapsed):>8}  {compared}  {target}".rstrip())
    print(f"  soit {milliseconds(full / rows)} par territoire à l’import complet")


def _timed(action):
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def _executemany_reference() -> tuple[int, float]:
    """Insert the stored territories into a scratch table with one executemany; (rows, s)."""
    from django.db import connection, transaction

    from territoires.geo.models import Territory

    fields = [field for field in Territory._meta.concrete_fields if not field.primary_key]
    stored = Territory.objects.order_by("pk").values_list(*(field.attname for field in fields))
    rows = [
        tuple(
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, values, strict=True)
        )
        for values in stored
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    table, scratch = quote(Territory._meta.db_table), quote(SCRATCH_TABLE)
    insert = f"INSERT INTO {scratch} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {scratch} AS SELECT {columns} FROM {table} WHERE 1 = 0")
        try:
            started = time.perf_counter()
            with transaction.atomic():
                cursor.executemany(insert, rows)
            elapsed = time.perf_counter() - started
            cursor.execute(f"SELECT COUNT(*) FROM {scratch}")
            copied = cursor.fetchone()[0]
        finally:
            cursor.execute(f"DROP TABLE {scratch}")
    return copied, elapsed


if __name__ == "__main__":
    measure()
