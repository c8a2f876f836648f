"""PostgreSQL-only database features, each with its SQLite fallback.

The project runs on SQLite out of the box and on PostgreSQL in production and
CI. What only PostgreSQL has goes through the helpers here, which do nothing on
SQLite, so that callers and migrations stay the same on both.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, migrations
from django.db.models import Q


def is_postgresql(db_connection=connection) -> bool:
    return db_connection.vendor == "postgresql"


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """A migration operation whose SQL runs on PostgreSQL only; on SQLite, a no-op.

    For what SQLite has no use for, such as a trigram index: the migration is
    recorded as applied on both, and the schema state is the same on both.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if is_postgresql(schema_editor.connection):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if is_postgresql(schema_editor.connection):
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return "Raw SQL operation (PostgreSQL only)"


def starts_with(field: str, prefix: str) -> Q:
    """``field`` starts with ``prefix`` (ASCII), in a form each engine serves from a B-tree index.

    PostgreSQL runs ``LIKE 'prefix%'`` on an index with the pattern operator class;
    SQLite, whose ``LIKE`` ignores case and so skips an index, gets the same
    range of its bytewise order (``prefix`` ≤ value < ``prefix`` with its last
    character advanced by one).
    """
    if is_postgresql():
        return Q(**{f"{field}__startswith": prefix})
    successor = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": successor})


def bulk_insert(
    model, fields: Sequence[str], rows: Iterable[Sequence], *, table: str | None = None
) -> None:
    """Insert many ``rows`` into the table of ``model``, fast: COPY on PostgreSQL, else executemany.

    ``table``: another table with the same columns, instead of the model's (a benchmark's
    scratch copy).

    ``fields`` are attribute names (``assessment_id`` for a foreign key), and each
    row holds their values as the database takes them, already prepared
    (``Field.get_db_prep_save``: a JSON text, a datetime through
    ``connection.ops.adapt_datetimefield_value``), ``None`` for NULL. Nothing
    else runs: no ``save()``, no signal, no primary key returned. On PostgreSQL,
    psycopg's ``COPY … FROM STDIN`` streams the rows several times faster than
    an INSERT; SQLite, without COPY, inserts them with one prepared statement.
    """
    quote = connection.ops.quote_name
    table = quote(table or model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        if is_postgresql() and hasattr(cursor.cursor, "copy"):
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def refresh_after_bulk_write(*models) -> None:
    """Bring PostgreSQL's planner statistics and visibility map of ``models`` up to date.

    After a large write, PostgreSQL plans queries from stale statistics, and its
    index-only scans still read the table until a VACUUM marks the new pages
    all-visible; autovacuum comes by a minute or more later. Right after the
    import of the référentiel this made searches twice as slow. VACUUM cannot run
    inside a transaction: within one (a caller's atomic block, a test), only
    ANALYZE. SQLite plans well without statistics: nothing to do.
    """
    if not is_postgresql():
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
