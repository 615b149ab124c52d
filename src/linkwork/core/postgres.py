"""What each PostgreSQL connection is told when it opens (decisions 0153, 0155).

psycopg keeps at most `prepared_max` prepared statements a connection, dropping the least
used; its default of 100 is fewer than the pages people use most ask between them, so a
statement was dropped before it came round again and PostgreSQL planned it afresh. The
number is a connection's attribute, not a connection parameter, so it is set here as each
connection opens.

Django reads each `timestamptz` by a subclass of psycopg's pure-Python loader (to give it
Django's own time zone), which parses the text with a regular expression: 2.7 µs a value,
and a case's page reads some 150. psycopg's C loader reads the same text in a third of
that; `_TimestamptzLoader` gives its answer Django's time zone as Django's loader does.
"""

from functools import cache

from django.conf import settings
from django.db.backends.signals import connection_created
from psycopg import _cmodule
from psycopg.adapt import Loader

_C = getattr(_cmodule, "_psycopg", None)  # None where psycopg runs without its C part


def _configure(sender, connection, **kwargs):
    if connection.vendor != "postgresql":
        return
    connection.connection.prepared_max = settings.DATABASE_PREPARED_MAX
    if _C is not None:
        loader = _loader_in(connection.timezone)
        connection.connection.adapters.register_loader("timestamptz", loader)


class _TimestamptzLoader(Loader):
    """Django's `BaseTzLoader` (django/db/backends/postgresql/psycopg_any.py), reading the
    text with psycopg's C loader: a time in the connection's zone, then given `timezone`.
    Django's cursors compare `timezone` with their own and keep this loader when they agree."""

    timezone = None

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self._read = _C.TimestamptzLoader(oid, context).load

    def load(self, data):
        return self._read(data).replace(tzinfo=self.timezone)


@cache
def _loader_in(timezone) -> type[_TimestamptzLoader]:
    return type("TimestamptzLoader", (_TimestamptzLoader,), {"timezone": timezone})


def keep_prepared_statements() -> None:
    connection_created.connect(_configure, dispatch_uid="linkwork.core.postgres")
