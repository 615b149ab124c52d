"""The tests' databases are made from the models, not by migrating (conftest.py): this
proves a database migrated from nothing is the same one, tables, columns, indexes and
triggers, so what the tests pass on is what `linkwork migrate` builds."""

import importlib
import os
import subprocess
import sys
import uuid
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from linkwork.audit import db_triggers

# What migrations do beyond the models' tables, each a RunPython of (apps, schema_editor).
BEYOND_THE_MODELS = [
    db_triggers.install,  # the audit log refuses change (audit 0002, again after 0005)
    importlib.import_module("linkwork.core.migrations.0002_rate_limit_counts_unlogged")._set(
        "UNLOGGED"
    ),
]


def add_what_migrations_add() -> None:
    """The steps above, and every migration recorded as applied, as `migrate` leaves it:
    `linkwork backup` and `restore` read the record to know which version a database is."""
    with connection.schema_editor() as editor:
        for step in BEYOND_THE_MODELS:
            step(None, editor)
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    recorder.migration_qs.bulk_create(
        recorder.Migration(app=app, name=name) for app, name in sorted(_migrations_on_disk())
    )


def _migrations_on_disk() -> set[tuple[str, str]]:
    with override_settings(MIGRATION_MODULES={}):  # the tests' setting hides them
        return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


SCHEMA = {
    "sqlite": {
        "objects": "SELECT type, name, tbl_name FROM sqlite_master"
        " WHERE name NOT LIKE 'sqlite_%' AND name != 'django_migrations'"
        " AND tbl_name != 'django_migrations'",
        "columns": 'SELECT m.name, c.name, c.type, c."notnull", c.pk FROM sqlite_master m'
        " JOIN pragma_table_info(m.name) c WHERE m.type = 'table'"
        " AND m.name NOT LIKE 'sqlite_%' AND m.name != 'django_migrations'",
    },
    "postgresql": {
        # An index by what it indexes: a unique field made unique later has a hashed name.
        "objects": "SELECT 'index', regexp_replace(indexdef, ' INDEX \\S+ ON ', ' INDEX ON '),"
        " tablename FROM pg_indexes"
        " WHERE schemaname = 'public' AND tablename != 'django_migrations'"
        " UNION ALL SELECT 'trigger', t.tgname, c.relname FROM pg_trigger t"
        " JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
        " UNION ALL SELECT 'table ' || c.relpersistence::text, c.relname, c.relname FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
        " AND c.relkind = 'r' AND c.relname != 'django_migrations'",
        "columns": "SELECT table_name, column_name, data_type, is_nullable, column_default"
        " FROM information_schema.columns WHERE table_schema = 'public'"
        " AND table_name != 'django_migrations'",
    },
}


# Django's own: its migrations give this column a bigint, its model an integer.
DJANGOS_OWN = {("auth_group_permissions", "id")}


def schema_of(cursor, vendor: str) -> dict[str, set]:
    found = {}
    for part, sql in SCHEMA[vendor].items():
        cursor.execute(sql)
        found[part] = {tuple(row) for row in cursor.fetchall() if tuple(row[:2]) not in DJANGOS_OWN}
    return found


@contextmanager
def migrated_from_nothing(migrated_sqlite):
    """A new database, migrated by `linkwork migrate` as a newcomer runs it; a cursor on it.
    SQLite's is the one the tests of a new installation share (conftest.py)."""
    vendor = connection.vendor
    if vendor == "sqlite":
        import sqlite3

        with sqlite3.connect(migrated_sqlite) as database:
            yield database.cursor()
        return
    name = f"lw_migrated_{uuid.uuid4().hex[:12]}"
    _outside_the_test("CREATE DATABASE {}", name)
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{name}"
    )
    try:
        env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url}
        done = subprocess.run(
            [sys.executable, "-m", "linkwork.manage", "migrate", "-v0"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        import psycopg

        with psycopg.connect(url) as database:
            yield database.cursor()
    finally:
        _outside_the_test("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


def _outside_the_test(statement: str, name: str) -> None:
    """CREATE and DROP DATABASE cannot run in the test's transaction: a connection of its own."""
    import psycopg
    from psycopg import sql

    settings = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=settings["USER"],
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        admin.execute(sql.SQL(statement).format(sql.Identifier(name)))


@pytest.mark.long
@pytest.mark.xdist_group("new_database")
@pytest.mark.django_db
def test_migrating_from_nothing_builds_the_schema_the_tests_run_on(request):
    with connection.cursor() as cursor:
        tested, tested_record = schema_of(cursor, connection.vendor), recorded(cursor)
    sqlite = request.getfixturevalue("migrated_sqlite") if connection.vendor == "sqlite" else None
    with migrated_from_nothing(sqlite) as cursor:
        migrated, migrated_record = schema_of(cursor, connection.vendor), recorded(cursor)
    assert tested["objects"], "no tables found: the query is wrong"
    differences = {
        f"{part} {side}": sorted(map(str, rows))
        for part in ("objects", "columns")
        for side, rows in (
            ("only migrating makes", migrated[part] - tested[part]),
            ("only the tests' setup makes", tested[part] - migrated[part]),
        )
        if rows
    }
    assert not differences, "\n".join(f"{k}: {v}" for k, v in differences.items())
    assert tested_record == migrated_record, "the migrations recorded as applied differ"


def recorded(cursor) -> set[tuple[str, str]]:
    cursor.execute("SELECT app, name FROM django_migrations")
    return {tuple(row) for row in cursor.fetchall()}
