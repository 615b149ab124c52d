"""Database triggers that make the audit table append-only below the ORM too.

UPDATE is refused on every database. DELETE is refused on PostgreSQL always and on
SQLite unless AUDIT_SQLITE_REFUSE_DELETE is off: Django's test runner empties SQLite
tables with DELETE between browser tests (PostgreSQL uses TRUNCATE, which row
triggers do not see), so the test settings turn that one trigger off and a test
installs it on its own to check it.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import connection

TABLE = "audit_auditevent"
MESSAGE = "audit events are append-only"

SQLITE_UPDATE = f"""
CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
"""
SQLITE_DELETE = f"""
CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
"""
POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}'; END;
    $$ LANGUAGE plpgsql;
    """,
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};",
    f"""
    CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();
    """,
]


def statements(vendor: str, *, refuse_delete_on_sqlite: bool) -> list[str]:
    if vendor == "postgresql":
        return POSTGRES
    if vendor == "sqlite":
        return [SQLITE_UPDATE] + ([SQLITE_DELETE] if refuse_delete_on_sqlite else [])
    return []


def removals(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};"]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {TABLE}_no_update;",
            f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
        ]
    return []


def _refuse_delete() -> bool:
    return getattr(settings, "AUDIT_SQLITE_REFUSE_DELETE", True)


def install(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in statements(vendor, refuse_delete_on_sqlite=_refuse_delete()):
        schema_editor.execute(sql)


def remove(apps, schema_editor) -> None:
    for sql in removals(schema_editor.connection.vendor):
        schema_editor.execute(sql)


@contextmanager
def suspended():
    """The triggers off for the block: for tests that tamper with the log as an attacker
    with the database's owner rights would."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for sql in removals(vendor):
            cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for sql in statements(vendor, refuse_delete_on_sqlite=_refuse_delete()):
                cursor.execute(sql)
