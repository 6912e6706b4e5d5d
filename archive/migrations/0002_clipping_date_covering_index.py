"""A covering date index for counting filtered listings (PostgreSQL only).

The archive counts a filtered listing along the date index up to COUNT_CAP rows. With the filter
columns in the index (INCLUDE), PostgreSQL answers from the index alone (an index-only scan)
instead of reading every candidate row: 2 ms instead of 5–8 ms at 500,000 clippings. SQLite has no
covering indexes, and declaring one in Meta.indexes would warn there (models.W040), so the index
lives only in this migration. Built CONCURRENTLY: a live archive keeps accepting clippings.
"""

from django.db import migrations

INDEX = "clipping_date_cover_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON archive_clipping "
            "(published_on DESC, id DESC) INCLUDE (tone, medium, source, outlet_id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
