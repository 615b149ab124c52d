"""Whether the reporting copy (decision 64's `reports` read replica) may be read, and what
a report says when it may not (decision 116).

A copy more than LINKWORK_REPORTS_MAX_LAG_SECONDS behind the main database, or one that
cannot be reached, is passed over: the facts are read from the main database instead, and
a page that reads them under `read()` learns why, to tell its reader. Each process checks
the copy at most once every CHECK_SECONDS (one small query), so a busy page adds nothing.
"""

import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections

REPORTS = "reports"
CHECK_SECONDS = 5.0

# On a standby, caught up (everything received is replayed) means no lag, however long ago
# the main database last wrote; otherwise the lag is the age of the last replayed change.
# Anything not in recovery (the main database itself, a test mirror) is never behind.
LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN 0
  WHEN pg_last_wal_receive_lsn() IS NOT NULL
   AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


@dataclass(frozen=True)
class CopyState:
    """What was found of the reporting copy: its lag in seconds, or None if unreachable."""

    lag_seconds: float | None

    @property
    def usable(self) -> bool:
        return self.lag_seconds is not None and self.lag_seconds <= max_lag_seconds()

    @property
    def note(self) -> str:
        if self.lag_seconds is None:
            why = "the reporting copy is unavailable"
        else:
            why = f"the reporting copy is {_duration(self.lag_seconds)} behind"
        return (
            f"Figures read from the main database because {why}. They are up to date; "
            "the page may take longer to load."
        )


def max_lag_seconds() -> int:
    return settings.LINKWORK_REPORTS_MAX_LAG_SECONDS


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{int(seconds)} seconds"
    if seconds < 2 * 3600:
        return f"{int(seconds // 60)} minutes"
    return f"{int(seconds // 3600)} hours"


def measure(alias: str = REPORTS) -> CopyState:
    """Ask the copy how far behind it is (a connection error: unavailable)."""
    connection = connections[alias]
    try:
        if connection.vendor != "postgresql":
            connection.ensure_connection()
            return CopyState(lag_seconds=0.0)
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            return CopyState(lag_seconds=float(cursor.fetchone()[0]))
    except DatabaseError:
        connection.close()  # a broken connection is not kept: the next check connects afresh
        return CopyState(lag_seconds=None)


_lock = threading.Lock()
_checked: tuple[float, CopyState] | None = None


def state() -> CopyState:
    """The copy's state, measured at most once every CHECK_SECONDS in this process."""
    global _checked
    with _lock:
        now = time.monotonic()
        if _checked is None or now - _checked[0] >= CHECK_SECONDS:
            _checked = (now, measure())
        return _checked[1]


def forget() -> None:
    """Measure afresh next time (after a read on the copy failed; tests)."""
    global _checked
    with _lock:
        _checked = None


@dataclass
class Reading:
    """One report's reads of the facts: the copy's state, fixed for the whole report so
    every figure comes from one database, and whether any read was sent elsewhere."""

    copy: CopyState
    fell_back: bool = False

    @property
    def note(self) -> str | None:
        return self.copy.note if self.fell_back else None


_reading: ContextVar[Reading | None] = ContextVar("reports_reading", default=None)


def facts_database() -> str | None:
    """Where the router sends a read of the facts: the copy, or None (default)."""
    if REPORTS not in settings.DATABASES:
        return None
    reading = _reading.get()
    copy = reading.copy if reading else state()
    if copy.usable:
        return REPORTS
    if reading:
        reading.fell_back = True
    return None


def read(build, *args, **kwargs):
    """`build(*args, **kwargs)` with its facts read from the copy if it is usable, else
    from the main database; returns (what build returned, the note to show or None).
    A copy that fails during the report (it went away since it was last checked) is
    passed over and the report built again from the main database."""
    if REPORTS not in settings.DATABASES:
        return build(*args, **kwargs), None  # no copy named: nothing to measure or pass over
    reading = Reading(copy=state())
    token = _reading.set(reading)
    try:
        try:
            return build(*args, **kwargs), reading.note
        except (OperationalError, InterfaceError):  # gone, or a query cancelled by replay
            if not reading.copy.usable or REPORTS not in settings.DATABASES:
                raise  # the main database's own failure: nothing to fall back to
            connections[REPORTS].close()
            forget()
            reading.copy = CopyState(lag_seconds=None)
            reading.fell_back = False
            return build(*args, **kwargs), reading.note
    finally:
        _reading.reset(token)
