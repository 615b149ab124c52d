"""Earlier versions of any record kept with django-simple-history.

One presenter for every historied model: `Histories(records, *fields)` reads the history
of a set of records of one model in one query, then answers when each was first written, who set
a field to its current value and when, and how a field read before it was corrected."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache, cached_property

from simple_history.manager import HistoryDescriptor
from simple_history.models import registered_models
from simple_history.utils import get_history_model_for_model

from linkwork.core.statements import statement


@cache
def history_model(model):
    """The model keeping `model`'s earlier versions, looked up once a model."""
    return get_history_model_for_model(model)


class _HistoryManagerBuiltOnce(HistoryDescriptor):
    """`Model.history` with its manager class made once: simple-history makes a new one
    (Manager.from_queryset) on every read, and reads it on every save of a historied record
    to find where the version goes (a millisecond a save on a slow machine: a fifth of the
    demo's seeding went on it)."""

    @cached_property
    def _manager(self):
        return self.manager_class.from_queryset(self.queryset_class)

    def __get__(self, instance, owner):
        return self._manager(self.model, instance)


def build_history_managers_once() -> None:
    """Give every historied model `_HistoryManagerBuiltOnce` (core's AppConfig.ready)."""
    for model in registered_models.values():
        name = getattr(model._meta, "simple_history_manager_attribute", None)
        found = model.__dict__.get(name) if name else None
        if type(found) is HistoryDescriptor:
            once = _HistoryManagerBuiltOnce(found.model, found.manager_class, found.queryset_class)
            setattr(model, name, once)


def versions_of(record):
    """One record's saved versions, as `record.history` gives them."""
    model = type(record)
    return history_model(model)._default_manager.filter(**{model._meta.pk.attname: record.pk})


def name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _full_name(first: str | None, last: str | None, username: str | None) -> str:
    """`name()` from a user's columns (all None for no user), as AbstractUser words it."""
    if username is None:
        return ""
    return f"{first} {last}".strip() or username


@dataclass(frozen=True)
class _Row:
    """One saved version: when, by whom, and the fields asked about."""

    at: datetime
    by: str
    values: dict


@dataclass(frozen=True)
class Version:
    """One wording of a field: what it said, who wrote it and when."""

    value: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Correction:
    """The current wording was written by `by` at `at`, over the `earlier` ones (newest
    first). Filling in a blank field is not a correction; blanking one out is."""

    by: str
    at: datetime
    earlier: tuple[Version, ...]


@statement
def _history_rows(ids, *, model, fields):
    return (
        history_model(model)
        ._default_manager.filter(id__in=ids)
        .order_by("history_date", "history_id")
        .values_list(
            "id",
            "history_date",
            "history_user__first_name",
            "history_user__last_name",
            "history_user__username",
            *fields,
        )
    )


class Histories:
    """The history rows of some records of one model, oldest first per record: when each
    was saved, who saved it, and the `fields` asked about (only those are read: a history
    row holds every field of its record, and a timeline reads several models' histories)."""

    def __init__(self, records: Iterable, *fields: str):
        records = list(records)
        self._rows: dict[int, list] = defaultdict(list)
        if not records:
            return
        rows = _history_rows([r.pk for r in records], model=type(records[0]), fields=fields)
        for pk, at, first, last, username, *values in rows:
            by = _full_name(first, last, username)
            self._rows[pk].append(_Row(at, by, dict(zip(fields, values, strict=True))))

    def rows(self, record) -> list:
        return self._rows.get(record.pk, [])

    def first_saved(self, record) -> datetime | None:
        rows = self.rows(record)
        return rows[0].at if rows else None

    def versions(self, record, field: str) -> list[tuple[object, object]]:
        """Each run of one value of `field` as (value, the row that first wrote it)."""
        runs: list[tuple[object, object]] = []
        for row in self.rows(record):
            value = row.values[field]
            if not runs or runs[-1][0] != value:
                runs.append((value, row))
        return runs

    def set_by(self, record, field: str) -> tuple[str, datetime] | None:
        """Who gave `field` its current value, and when."""
        runs = self.versions(record, field)
        if not runs:
            return None
        row = runs[-1][1]
        return row.by, row.at

    def correction(self, record, field: str) -> Correction | None:
        runs = self.versions(record, field)
        while runs and runs[0][0] in ("", None):
            runs = runs[1:]
        if len(runs) < 2:
            return None
        earlier = tuple(
            Version(value=value, by=row.by, at=row.at) for value, row in reversed(runs[:-1])
        )
        latest = runs[-1][1]
        return Correction(by=latest.by, at=latest.at, earlier=earlier)
