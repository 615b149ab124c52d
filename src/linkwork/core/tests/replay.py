"""Building a test's starting data once per test process, then loading it again.

The shared world takes about a third of a second to build through the services and
most tests ask for it; the demo takes minutes. So the rows the first build added are
kept and, for each later test that starts from the same database, inserted again as
they were (same keys, same values) inside that test's transaction, with a fresh copy of
what the build returned. The database a test sees is the one a build would have left.

Whenever a replay could differ from a build (time frozen or backdated, settings
overridden, the tables not as they were before the first build, a transactional test
having emptied the database since, no test transaction to roll it back) the data is
built again, as before.
"""

import copy
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

from django.conf import Settings, settings
from django.core import mail
from django.db import connection
from django.utils import timezone
from time_machine import escape_hatch

from linkwork.core import clock

T = TypeVar("T")


def replay(key: str, build: Callable[[], T]) -> T:
    """What build() returns, its rows loaded again if it already ran for this database."""
    snapshot = _snapshots.get(key)
    if snapshot is not None and snapshot.fits():
        return snapshot.load()
    return Snapshot.take(key, build)


def forget() -> None:
    _snapshots.clear()


class Snapshot:
    def __init__(self, counts, replaced, added, mails, result):
        self.counts = counts  # rows in each table before the build
        self.replaced = replaced  # tables whose rows the build changed: them before it
        self.added = added  # table: (columns, rows to insert)
        self.mails = mails
        self.result = copy.deepcopy(result)
        self.built_on = timezone.localdate()

    @classmethod
    def take(cls, key: str, build):
        if not _may_replay():
            return build()
        before = {table: _rows(table) for table in _tables()}
        sent = len(mail.outbox)
        result = build()
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
        _snapshots[key] = cls(counts, replaced, added, mail.outbox[sent:], result)
        return result

    def fits(self) -> bool:
        return (
            _may_replay()
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
        return copy.deepcopy(self.result)


_snapshots: dict[str, Snapshot] = {}


def _may_replay() -> bool:
    return (
        connection.in_atomic_block  # the test's transaction, rolled back after it
        and not escape_hatch.is_travelling()
        and clock.backdated_to() is None
        and type(settings._wrapped) is Settings  # no override_settings in force
    )


def _tables() -> list[str]:
    return connection.introspection.table_names(include_views=False)


def _columns(table: str) -> list[str]:
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
