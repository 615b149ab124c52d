"""When the service takes a record to have been written.

Normally now. Demo data (and an import of a service's past records from the
spreadsheets linkwork replaces) writes each change as of the day it happened, so case
timelines and histories read true. The audit log always keeps the real time of entry.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.utils import timezone

_as_of: ContextVar[datetime | None] = ContextVar("linkwork_as_of", default=None)


@contextmanager
def as_of(moment: datetime) -> Iterator[None]:
    token = _as_of.set(moment)
    try:
        yield
    finally:
        _as_of.reset(token)


def backdated_to() -> datetime | None:
    """The moment writes are being dated to, or None when they happen now."""
    return _as_of.get()


def now() -> datetime:
    return _as_of.get() or timezone.now()


def today() -> date:
    return timezone.localdate(now())
