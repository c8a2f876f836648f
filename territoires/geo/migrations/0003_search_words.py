"""A word index for the territory search, filled from the territories already imported.

``territory_search`` looks each word of a query up by prefix in
``TerritoryWord`` instead of reading every territory. Existing databases get
their words here; the import keeps them in step afterwards. The trigram index
of 0002, which served the former ``LIKE '% word%'`` scans on PostgreSQL, has
no reader left and only slowed the import: it goes, with the B-tree indexes on
``search_name`` and ``search_compact`` that nothing reads either.
"""

import django.db.models.deletion
from django.db import migrations, models

from territoires.core.db import RunSQLOnPostgreSQL
from territoires.geo.search_text import index_words


def fill_words(apps, schema_editor):
    territory_model = apps.get_model("geo", "Territory")
    word_model = apps.get_model("geo", "TerritoryWord")
    rows = territory_model.objects.values_list(
        "pk", "search_name", "search_codes", "search_compact"
    ).iterator(chunk_size=5000)
    batch = []
    for pk, *columns in rows:
        batch.extend(word_model(territory_id=pk, word=word) for word in index_words(*columns))
        if len(batch) >= 10_000:
            word_model.objects.bulk_create(batch)
            batch = []
    word_model.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0002_search_trigram_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="TerritoryWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=200, verbose_name="mot")),
                (
                    "territory",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="geo.territory",
                    ),
                ),
            ],
            options={
                "verbose_name": "mot de recherche",
                "verbose_name_plural": "mots de recherche",
                "indexes": [
                    models.Index(
                        fields=["word", "territory"],
                        name="geo_territoryword_prefix",
                        opclasses=["varchar_pattern_ops", "int8_ops"],
                    )
                ],
            },
        ),
        migrations.RunPython(fill_words, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="territory", name="geo_territo_search__9d8f98_idx"),
        migrations.RemoveIndex(model_name="territory", name="geo_territo_search__b0ed77_idx"),
        RunSQLOnPostgreSQL(
            sql=["DROP INDEX IF EXISTS geo_territory_search_trgm"],
            reverse_sql=[
                "CREATE INDEX geo_territory_search_trgm ON geo_territory USING gin "
                "(search_name gin_trgm_ops, search_codes gin_trgm_ops, "
                "search_compact gin_trgm_ops)"
            ],
        ),
    ]
