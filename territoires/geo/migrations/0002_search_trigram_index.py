"""A trigram index for the territory search, on PostgreSQL only (pg_trgm).

``territory_search`` filters with ``LIKE '% word%'`` on ``search_name`` and
``search_codes`` and ``LIKE 'word%'`` on ``search_compact``: a B-tree cannot
serve these, a trigram GIN index can (one bitmap index scan per branch of the
OR instead of a scan of the whole table). pg_trgm is a trusted extension: a
user with the CREATE privilege on the database may create it. On SQLite
nothing is done; scanning its ~39,000 rows is fast enough (see
``bench/search.py``).
"""

from django.db import migrations

from territoires.core.db import RunSQLOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [
        RunSQLOnPostgreSQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX geo_territory_search_trgm ON geo_territory USING gin "
                "(search_name gin_trgm_ops, search_codes gin_trgm_ops, "
                "search_compact gin_trgm_ops)",
            ],
            reverse_sql=["DROP INDEX IF EXISTS geo_territory_search_trgm"],
        ),
    ]
