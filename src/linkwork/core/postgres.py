"""What each PostgreSQL connection is told when it opens (decision 0153).

psycopg keeps at most `prepared_max` prepared statements a connection, dropping the least
used; its default of 100 is fewer than the pages people use most ask between them, so a
statement was dropped before it came round again and PostgreSQL planned it afresh. The
number is a connection's attribute, not a connection parameter, so it is set here as each
connection opens.
"""

from django.conf import settings
from django.db.backends.signals import connection_created


def _keep_prepared(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        connection.connection.prepared_max = settings.DATABASE_PREPARED_MAX


def keep_prepared_statements() -> None:
    connection_created.connect(_keep_prepared, dispatch_uid="linkwork.core.postgres")
