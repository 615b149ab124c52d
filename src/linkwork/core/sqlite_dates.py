"""SQLite's date functions, remembered.

SQLite has no date arithmetic Django can use, so Django registers Python functions
(`django_date_extract` and friends) that SQLite calls once per row; each parses its text
into a datetime, ~5 µs a call. A report groups hundreds of rows by a handful of dates
(an age band computed from a birth date and a received date calls them six times a row),
and the same dates come back again and again. These are Django's own functions, unchanged,
with their answers kept per process: a date seen before is a dictionary lookup. They are
deterministic (the same text and zone always give the same answer), which is what SQLite is
told when they are registered. PostgreSQL does these natively and is not touched.
"""

from functools import lru_cache

from django.db.backends.signals import connection_created
from django.db.backends.sqlite3 import _functions as django_sqlite

# name: (arguments, Django's function); every date function a report or a list calls.
REMEMBERED = {
    "django_date_extract": (2, django_sqlite._sqlite_datetime_extract),
    "django_date_trunc": (4, django_sqlite._sqlite_date_trunc),
    "django_datetime_cast_date": (3, django_sqlite._sqlite_datetime_cast_date),
    "django_datetime_extract": (4, django_sqlite._sqlite_datetime_extract),
    "django_datetime_trunc": (4, django_sqlite._sqlite_datetime_trunc),
}
SIZE = 65_536  # distinct (function, arguments) kept per process: a few MB at most

_remembered = {name: lru_cache(maxsize=SIZE)(func) for name, (_, func) in REMEMBERED.items()}


def _register(sender, connection, **kwargs):
    if connection.vendor != "sqlite":
        return
    for name, (arguments, _) in REMEMBERED.items():
        connection.connection.create_function(
            name, arguments, _remembered[name], deterministic=True
        )


def remember_sqlite_dates() -> None:
    connection_created.connect(_register, dispatch_uid="linkwork.core.sqlite_dates")
