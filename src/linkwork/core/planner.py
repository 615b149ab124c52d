"""PostgreSQL's planner statistics after a bulk load.

A table filled in one go (the demo's seed, a restore, the reporting facts rebuilt) has no
statistics until autovacuum next comes round, a minute or more later. Until then the
planner takes each table for a handful of rows and picks nested loops that run reports
5-10 times slower (the commissioner's dashboard took 324 ms, not 163, just after a seed).
pg_restore does not bring statistics back either, so PostgreSQL's documentation says to
ANALYZE after it. SQLite's planner made the same plans with statistics as without
(measured on the demo), so it is left alone.
"""

from collections.abc import Iterable

from django.db import connections


def refresh_planner_statistics(tables: Iterable[str] | None = None, using: str = "default"):
    """ANALYZE `tables` (every table when None) on PostgreSQL; nothing on SQLite."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if tables is None:
            cursor.execute("ANALYZE")
        for table in tables or ():
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
