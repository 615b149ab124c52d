"""On PostgreSQL a time is read by psycopg's C loader (decision 0155), and reads exactly as
Django's own loader reads it: the same instant, in Django's time zone."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader

from linkwork.casework.models import Person
from linkwork.casework.tests.factories import PersonFactory
from linkwork.core import postgres

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgresql,
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]

TIMES = [
    "2026-12-07 22:14:21.603982+00",
    "2026-12-07 22:14:21.6+00",
    "2026-12-07 22:14:21+00",
    "2026-03-29 00:59:59.999999+00",  # the hour the UK's clocks go forward
    "2026-06-01 12:00:00+01",
    "2026-06-01 12:00:00-09:30",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
]


def read(sql: str, loader=None) -> list:
    with connection.cursor() as cursor:
        if loader is not None:
            cursor.cursor.adapters.register_loader("timestamptz", loader)
        cursor.execute(sql)
        return list(cursor.fetchone())


def test_the_connection_reads_times_with_the_c_loader():
    assert postgres._C is not None, "psycopg runs without its C part (psycopg[binary])"
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(1184, 0)  # timestamptz, text
    assert issubclass(loader, postgres._TimestamptzLoader)
    assert loader.timezone == connection.timezone == UTC


def test_each_time_reads_as_djangos_own_loader_reads_it():
    sql = "SELECT " + ", ".join(f"'{time}'::timestamptz" for time in TIMES) + ", NULL::timestamptz"

    class Djangos(BaseTzLoader):
        timezone = connection.timezone

    ours, djangos = read(sql), read(sql, Djangos)

    assert ours == djangos
    assert [time.tzinfo if time else None for time in ours] == [UTC] * len(TIMES) + [None]
    assert ours[4] == datetime(2026, 6, 1, 11, 0, tzinfo=UTC)


def test_a_saved_time_comes_back_as_it_was_saved():
    when = datetime(2026, 12, 7, 9, 30, 15, 123456, tzinfo=UTC)
    person = PersonFactory()
    Person.objects.filter(pk=person.pk).update(created_at=when)
    assert Person.objects.get(pk=person.pk).created_at == when
