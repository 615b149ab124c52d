"""Planner statistics after a bulk load: gathered on PostgreSQL, nothing done on SQLite."""

import pytest
from django.db import connection

from linkwork.casework.tests.factories import PersonFactory
from linkwork.core.planner import refresh_planner_statistics


def statistics_of(table: str) -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        return cursor.fetchone()[0]


@pytest.mark.postgresql
@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize("tables", [None, ["casework_person"]])
def test_postgresql_gathers_statistics_for_the_tables_named_or_all(transactional_db, tables):
    PersonFactory.create_batch(3)
    with connection.cursor() as cursor:  # as a table just loaded has (the tests are superuser)
        cursor.execute("DELETE FROM pg_statistic WHERE starelid = 'casework_person'::regclass")
    assert statistics_of("casework_person") == 0
    refresh_planner_statistics(tables)
    assert statistics_of("casework_person") > 0


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_is_left_as_it_is(transactional_db):
    PersonFactory.create_batch(3)
    refresh_planner_statistics()
    assert statistics_of("casework_person") == 0
