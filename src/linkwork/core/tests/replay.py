"""Building a test's starting data once per test process, then loading it again.

The shared world takes about a third of a second to build through the services and
most tests ask for it; the demo takes minutes. So the rows the first build added are
kept and, for each later test that starts from the same database, inserted again as
they were (same keys, same values) inside that test's transaction, with a fresh copy of
what the build returned. The database a test sees is the one a build would have left.

Whenever a replay could differ from a build (the clock backdated, settings overridden,
the tables not as they were before the first build, a transactional test having emptied
the database since, no test transaction to roll it back) the data is built again, as
before. Under a time machine, a build is kept for the instant it was made at: a later
test travelling to the same instant replays it (the hand-over tests, over 200 of them,
all start at the same November morning); one travelling elsewhere builds its own.
"""

import copy
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from functools import cache
from typing import TypeVar

import time_machine
from django.conf import Settings, settings
from django.core import mail
from django.db import connection
from django.utils import timezone
from time_machine import escape_hatch

from linkwork.core import clock

T = TypeVar("T")


def replay(key: str, build: Callable[[], T]) -> T:
    """What build() returns, its rows loaded again if it already ran for this database."""
    key = _when(key)
    snapshot = _snapshots.get(key)
    if snapshot is not None and snapshot.fits():
        return snapshot.load()
    return Snapshot.take(key, build)


# A test on a ticking time machine replays only a build made within this of where its
# clock stands (the clock has moved on a few milliseconds by the time a build starts); one
# on a frozen clock, only a build made at that very instant.
SAME_INSTANT = timedelta(seconds=5)


def _ticking() -> bool:
    return getattr(time_machine.traveller_stack[-1], "_tick", True)


def _when(key: str) -> tuple:
    """A snapshot's key: the build's name and, if time is travelled, the minute travelled
    to and whether the clock ticks there."""
    if not escape_hatch.is_travelling():
        return (key, None, None)
    return (key, timezone.now().replace(second=0, microsecond=0), _ticking())


def forget() -> None:
    _snapshots.clear()


class Snapshot:
    def __init__(self, counts, replaced, added, mails, result, built):
        self.counts = counts  # rows in each table before the build
        self.replaced = replaced  # tables whose rows the build changed: them before it
        self.added = added  # table: (columns, rows to insert)
        self.mails = mails
        self.result = copy.deepcopy(result)
        self.built_on = timezone.localdate()
        self.built_at, self.built_until = built  # the clock as the build began and ended

    @classmethod
    def take(cls, key: str, build):
        if not _may_replay():
            return build()
        before = {table: _rows(table) for table in _tables()}
        sent = len(mail.outbox)
        started = timezone.now()
        result = build()
        built_until = timezone.now()
        replaced, added = {}, {}
        for table, rows_before in before.items():
            rows_after = _rows(table)
            seen = Counter(map(repr, rows_before))
            if seen - Counter(map(repr, rows_after)):
                # The build changed rows it did not add (the audit chain's head): the
                # table as it was is checked, then emptied and loaded as it became.
                replaced[table] = rows_before
                new = rows_after
            else:
                new = [row for row in rows_after if not seen[repr(row)]]
            if new:
                added[table] = (_columns(table), [tuple(map(_storable, row)) for row in new])
        counts = {table: len(rows) for table, rows in before.items()}
        built = (started, built_until)
        _snapshots[key] = cls(counts, replaced, added, mail.outbox[sent:], result, built)
        return result

    def fits(self) -> bool:
        if not escape_hatch.is_travelling():
            travelled_here = True
        elif _ticking():
            travelled_here = abs(timezone.now() - self.built_at) < SAME_INSTANT
        else:
            travelled_here = timezone.now() == self.built_at
        return (
            _may_replay()
            and travelled_here
            and self.built_on == timezone.localdate()
            and _counts(self.counts) == self.counts
            and all(_rows(table) == rows for table, rows in self.replaced.items())
        )

    def load(self):
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in self.replaced:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
            for table, (columns, rows) in self.added.items():
                names = ", ".join(map(quote, columns))
                marks = ", ".join(["%s"] * len(columns))
                insert = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(insert, rows)
        mail.outbox.extend(copy.deepcopy(self.mails))
        # A ticking time machine: on to where the clock stood when the build ended, so what
        # the test does next comes after the rows, as it would after a build.
        behind = self.built_until - timezone.now()
        if escape_hatch.is_travelling() and behind > timedelta(0):
            time_machine.traveller_stack[-1].shift(behind)
        return copy.deepcopy(self.result)


_snapshots: dict[str, Snapshot] = {}


def _may_replay() -> bool:
    return (
        connection.in_atomic_block  # the test's transaction, rolled back after it
        and clock.backdated_to() is None
        and type(settings._wrapped) is Settings  # no override_settings in force
    )


def _tables() -> list[str]:
    return connection.introspection.table_names(include_views=False)


def _columns(table: str) -> list[str]:
    return _columns_of(connection.vendor, table)


@cache
def _columns_of(vendor: str, table: str) -> list[str]:
    """A table's columns, read once a process (the schema does not change under the tests):
    SQLite's introspection parses each table's CREATE statement, seconds a snapshot."""
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return [column.name for column in description]


def _rows(table: str) -> list[tuple]:
    """Every row as stored: on SQLite each value wrapped in an expression, so that no
    type converter turns it into something the INSERT would store differently."""
    quote = connection.ops.quote_name
    columns = map(quote, _columns(table))
    if connection.vendor == "sqlite":
        columns = (f"CASE WHEN 1 THEN {column} END" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {quote(table)}")  # noqa: S608
        return cursor.fetchall()


def _storable(value):
    if isinstance(value, dict | list) and connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return Jsonb(value)
    return value


def _counts(tables) -> dict[str, int]:
    quote = connection.ops.quote_name
    each = (f"SELECT '{table}', COUNT(*) FROM {quote(table)}" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(each))
        return dict(cursor.fetchall())
