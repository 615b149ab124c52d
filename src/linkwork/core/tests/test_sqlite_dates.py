"""SQLite's date functions answer as Django's own do, and a date seen before is not parsed
again (core/sqlite_dates.py)."""

from datetime import date

import pytest
from django.db import connection  # noqa: F401 (read by the skipif condition)
from django.db.backends.sqlite3 import _functions as django_sqlite
from django.db.models.functions import ExtractYear, TruncMonth

from linkwork.casework.tests.factories import PersonFactory
from linkwork.core.sqlite_dates import REMEMBERED, _remembered

pytestmark = pytest.mark.skipif("connection.vendor != 'sqlite'")

CALLS = [
    ("django_date_extract", ("year", "1961-02-28")),
    ("django_date_extract", ("month", "2026-12-07")),
    ("django_date_extract", ("week_day", "2026-12-07")),
    ("django_date_extract", ("year", None)),
    ("django_date_extract", ("year", "not a date")),
    ("django_date_trunc", ("month", "2026-12-07", None, None)),
    ("django_datetime_cast_date", ("2026-03-29 00:30:00", "Europe/London", "UTC")),
    ("django_datetime_cast_date", ("2026-10-25 23:30:00", "Europe/London", "UTC")),
    ("django_datetime_extract", ("hour", "2026-07-01 12:00:00", "Europe/London", "UTC")),
    ("django_datetime_trunc", ("day", "2026-07-01 23:30:00", "Europe/London", "UTC")),
]


@pytest.mark.parametrize(("name", "arguments"), CALLS)
def test_each_answers_as_djangos_own(name, arguments):
    assert _remembered[name](*arguments) == REMEMBERED[name][1](*arguments)
    assert REMEMBERED[name][1] in vars(django_sqlite).values()


def test_the_database_calls_the_remembered_ones(db):
    PersonFactory(date_of_birth=date(1961, 2, 28))
    PersonFactory(date_of_birth=date(1961, 2, 28))
    people = PersonFactory._meta.model.objects.all()
    extract = _remembered["django_date_extract"]
    extract.cache_clear()
    assert list(people.annotate(y=ExtractYear("date_of_birth")).values_list("y", flat=True)) == [
        1961,
        1961,
    ]
    # The second person's birth date was answered from what the first one's call kept.
    assert (extract.cache_info().misses, extract.cache_info().hits) == (1, 1)
    trunc = _remembered["django_date_trunc"]
    before = trunc.cache_info().misses + trunc.cache_info().hits
    months = set(people.annotate(m=TruncMonth("date_of_birth")).values_list("m", flat=True))
    assert months == {date(1961, 2, 1)}
    assert trunc.cache_info().misses + trunc.cache_info().hits == before + 2
