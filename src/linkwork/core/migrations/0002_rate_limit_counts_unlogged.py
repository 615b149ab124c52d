"""Rate limit counts in an UNLOGGED table on PostgreSQL (decision 0110): every API request
writes one, and a logged table made each wait for the write-ahead log to reach the disk
(about 4 ms here). Counts lost in a crash, or absent from a standby, lose nothing that
matters. SQLite has no such tables: nothing changes there."""

from django.db import migrations

TABLE = "core_ratelimitcount"


def _set(persistence: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {TABLE} SET {persistence}")

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(_set("UNLOGGED"), _set("LOGGED"), elidable=False)]
