"""Queries whose SQL is built once a process and run again with new values (decision 0151).

Django builds a queryset's SQL afresh every time it runs. For the small queries a page makes
most (a case's sessions, goals, notes...), building costs three to four times what the
database and the rows do: a page of thirty such queries spends a third of its CPU there.

A statement is a module-level function from its values to a queryset:

    @statement
    def sessions_of(case_id):
        return Session.objects.filter(case_id=case_id).select_related("created_by")

    sessions_of(case.pk)  # a list of sessions, as list(queryset) would give

Keyword arguments are its shape, not values: each combination (a model, the fields to
read) is a statement of its own, built once.

The first call builds the queryset with stand-in values and keeps its SQL; each stand-in
must come out as a parameter of that SQL (else building refuses, naming the value). Later
calls put their values where the stand-ins were and run the kept SQL. Its rows become
records as Django's own iterable makes them, with what that works out for each run (the
fields' names, select_related's populators) worked out once (decision 0155): a model's
records with select_related and annotations, or values_list's tuples or flat list.
Anything else (prefetch_related, values(), a related manager's records) goes through the
queryset.

What keeps it right:
- values are ints, strings, dates, aware times, or lists of ints (a list's length is part
  of the key, its repeats dropped, as Django's IN does); anything else could change the
  SQL's shape;
- what a user may see is a shape, keyed as its SQL is (`accounts/authorisation.py: reach`,
  filtered with `within`), so one user's kept SQL is never another's unless their scopes
  are the same;
- the function may read nothing but its values: it must not be a closure (checked), and must
  not read the clock, settings or a request (`CHECK_STATEMENTS` catches a read that changes);
- with `CHECK_STATEMENTS` on (the tests' settings), every call also builds the queryset
  from its real values and refuses to go on if that SQL or its parameters differ.
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import update_wrapper

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)

# Stand-ins: values no code list holds, found again among the parameters. Numbers within
# any integer column's range (Django leaves an out-of-range number out of the SQL).
_NUMBER = 2_147_000_000
_WORD = "\ue000statement value "
# SQL texts kept in all, a process: one a statement, database, shape (a user's reach, say)
# and length of its lists; each is some tens of KB (the query it was built from). When full,
# the lot is dropped: the next requests build again what they use.
KEPT = 1024
_kept: dict[tuple, "_Compiled"] = {}
_models: dict[tuple, type] = {}  # the model of each statement and shape


class StatementError(Exception):
    """A statement whose values do not all come out as parameters, or whose SQL changed."""


def _stand_in(position: int, value):
    if isinstance(value, bool) or not isinstance(value, int | str | date | list | tuple):
        raise TypeError(
            f"a statement takes ints, strings, dates, aware times or lists of ints; value "
            f"{position + 1} is {type(value).__name__}"
        )
    if isinstance(value, str):
        return f"{_WORD}{position}"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise TypeError(f"a statement's time (value {position + 1}) must be aware")
        return datetime(1101 + position, 1, 1, tzinfo=UTC)
    if isinstance(value, date):
        return date(1001 + position, 1, 1)
    if isinstance(value, int):
        return _NUMBER + 1000 * position
    if not all(isinstance(item, int) and not isinstance(item, bool) for item in value):
        raise TypeError(f"a statement's list (value {position + 1}) must hold ints only")
    return [_NUMBER + 1000 * position + 1 + index for index in range(len(value))]


BIGGEST = 2**63 - 1  # a bigint column's largest


def _too_big(values: list) -> bool:
    return any(
        isinstance(one, int) and not -BIGGEST <= one <= BIGGEST
        for value in values
        for one in (value if isinstance(value, list) else [value])
    )


def _distinct(value):
    """A list as Django's IN sends it: each value once, in first-seen order."""
    return list(dict.fromkeys(value)) if isinstance(value, list | tuple) else value


def _places(stand_ins: list, operations) -> dict:
    """Each stand-in as it may be sent (a date or time as itself, or as the text a database
    that takes them as text is sent, SQLite), with its place (which value, which item of a
    list or None) and how a real value is sent in its stead."""
    places = {}
    for position, stand_in in enumerate(stand_ins):
        if isinstance(stand_in, list):
            places.update({one: ((position, index), None) for index, one in enumerate(stand_in)})
            continue
        places[stand_in] = ((position, None), None)
        if isinstance(stand_in, datetime):
            adapt = operations.adapt_datetimefield_value
        elif isinstance(stand_in, date):
            adapt = operations.adapt_datefield_value
        else:
            continue
        if adapt(stand_in) != stand_in:
            places[adapt(stand_in)] = ((position, None), adapt)
    return places


def _as_sent(param, places: dict):
    """Where `param` is a stand-in: its place, and how a value is sent in its stead."""
    if isinstance(param, bool) or not isinstance(param, int | str | date):
        return None
    found = places.get(param)
    if found is None:
        return None
    place, send = found
    if isinstance(param, int) and type(param) is not int:
        send = type(param)  # wrapped by the driver for its column (psycopg's Int8): the same
    return place, send


_EMPTY = object()  # a shape that can match nothing (an authorisation scope reaching none)


def _sql_of(compiler) -> tuple:
    """The compiler's SQL and parameters (a list); _EMPTY and none where Django finds the
    query can match nothing and would ask nothing."""
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _EMPTY, []
    return sql, list(params)


class _Compiled:
    """One statement's SQL for one database and one set of list lengths."""

    def __init__(self, queryset: QuerySet, using: str, stand_ins: list):
        self.queryset = queryset
        self.using = using
        self.compiler = queryset.query.get_compiler(using=using)
        self.converters = None
        self.sql, self.params = _sql_of(self.compiler)
        places = _places(stand_ins, connections[using].ops)
        self.slots = []
        for at, param in enumerate(self.params):
            sent = _as_sent(param, places)
            if sent:
                self.slots.append((at, *sent))
        found = {place for _, place, _ in self.slots}
        for place, _ in places.values():
            if place not in found and self.sql is not _EMPTY:
                raise StatementError(
                    f"value {place[0] + 1} of {queryset.model.__name__}'s statement is not a "
                    "parameter of its SQL (it changes the SQL, or is transformed first)"
                )
        # How its rows become its answer without the queryset (None: through it), and the
        # columns Django converts for that.
        self.fields, self.reader = (
            ([], None) if self.sql is _EMPTY else _reader(queryset, self.compiler, using)
        )

    def filled(self, values: list) -> list:
        params = list(self.params)
        for at, (position, index), send in self.slots:
            value = values[position] if index is None else values[position][index]
            params[at] = send(value) if send else value
        return params

    def run(self, values: list) -> list:
        if self.sql is _EMPTY:
            return []
        sql, params = self.sql, self.filled(values)
        if self.reader is None:
            return self._through_queryset(sql, params)
        connection = connections[self.using]  # this thread's (the SQL's may be another's)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        compiler = self.compiler
        if connection is compiler.connection:
            converters = self._converters(self.fields)
        else:  # another thread's: its converters, as a compiler built on it gives them
            compiler = _shallow(compiler)
            compiler.connection = connection
            converters = compiler.get_converters(self.fields)
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        return self.reader(rows)

    def _through_queryset(self, sql: str, params: list) -> list:
        """The kept SQL run by Django's queryset, for what `_reader` leaves to it."""
        compiler = _shallow(self.compiler)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        # This thread's connection: the one the SQL was built on may be another thread's.
        compiler.connection = connections[self.using]
        if compiler.connection is self.compiler.connection:
            compiler.get_converters = self._converters
        # Shallow copies of the kept queryset and its query, which running only reads:
        # Django's _chain() clones the whole query, a tenth of a statement's time.
        query = _shallow(self.queryset.query)
        query.get_compiler = lambda *args, **kwargs: compiler
        queryset = _shallow(self.queryset)
        queryset._query, queryset._result_cache, queryset._prefetch_done = query, None, False
        return list(queryset)

    def _converters(self, expressions) -> dict:
        """How each column's value is read (a date from text, say): the same on each run."""
        if self.converters is None:
            self.converters = self.compiler.get_converters(expressions)
        return self.converters


def _reader(queryset: QuerySet, compiler, using: str) -> tuple[list, object]:
    """The columns Django converts, and how the statement's answer is made from its rows
    without the queryset around them (its model's records, select_related's kept on them,
    or values as tuples or a flat list), as Django's own iterables make it; None where the
    queryset must answer (prefetches, a related manager's records, columns selected only
    to order by, composite keys)."""
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    if (
        queryset._prefetch_related_lookups
        or queryset._known_related_objects
        or compiler.has_extra_select
        or compiler.has_composite_fields(fields)
    ):
        return fields, None
    if queryset._iterable_class is FlatValuesListIterable:
        return fields, _first_columns
    if queryset._iterable_class is ValuesListIterable:
        return fields, _tuples
    if queryset._iterable_class is ModelIterable and compiler.klass_info:
        return fields, _Records(compiler, using)
    return fields, None


def _first_columns(rows: list) -> list:
    """values_list(..., flat=True): the first column of each row."""
    return [row[0] for row in rows]


def _tuples(rows: list) -> list:
    """values_list(...): each row as a tuple."""
    return [tuple(row) for row in rows]


class _Records:
    """A model's records, with the records select_related reads kept on them and any
    annotations set, as ModelIterable makes them: what it works out again for each run
    (the fields' names, the related records' populators) is worked out once here."""

    def __init__(self, compiler, using: str):
        klass_info, select = compiler.klass_info, compiler.select
        self.model = klass_info["model"]
        self.start = klass_info["select_fields"][0]
        self.end = klass_info["select_fields"][-1] + 1
        self.names = [column[0].target.attname for column in select[self.start : self.end]]
        self.related = get_related_populators(klass_info, select, using)
        self.annotations = list(compiler.annotation_col_map.items())
        self.using = using

    def __call__(self, rows: list) -> list:
        from_db, using, names = self.model.from_db, self.using, self.names
        start, end, related, annotations = self.start, self.end, self.related, self.annotations
        records = []
        for row in rows:
            record = from_db(using, names, row[start:end])
            for populator in related:
                populator.populate(row, record)
            for name, position in annotations:
                setattr(record, name, row[position])
            records.append(record)
        return records


def _shallow(thing):
    """A new object holding the same attributes (copy.copy without its pickling protocol,
    which a QuerySet answers by running itself)."""
    copied = object.__new__(type(thing))
    copied.__dict__.update(thing.__dict__)
    return copied


class Statement:
    def __init__(self, build: Callable[..., QuerySet]):
        if build.__closure__:
            raise StatementError(
                f"{build.__qualname__} reads variables of the function around it: a statement "
                "is a module-level function of its values alone"
            )
        self.build = build
        update_wrapper(self, build)

    def __call__(self, *values, **shape) -> list:
        """The rows for `values` (parameters); keyword arguments (`shape`) are passed as
        they are and each of their combinations is built once, as a statement of its own."""
        values = [_distinct(value) for value in values]
        compiled = self._compiled(values, shape)
        if compiled is None:
            return list(self.build(*values, **shape))
        return compiled.run(values)

    def sql(self, *values, **shape) -> tuple[str, list]:
        """The SQL and parameters `self(*values, **shape)` would run, to be wrapped in a
        statement of one's own (INSERT ... SELECT). EmptyResultSet where it can match
        nothing, as Django's compiler says."""
        values = [_distinct(value) for value in values]
        compiled = self._compiled(values, shape)
        if compiled is None:
            built = self.build(*values, **shape)
            return built.query.get_compiler(using=built.db).as_sql()
        if compiled.sql is _EMPTY:
            raise EmptyResultSet
        return compiled.sql, compiled.filled(values)

    def _compiled(self, values: list, shape: dict) -> _Compiled | None:
        """The kept SQL for these values' shape, built now if not yet; None where the plain
        queryset must answer."""
        stand_ins = [_stand_in(position, value) for position, value in enumerate(values)]
        if any(isinstance(value, list) and not value for value in values) or _too_big(values):
            # An empty IN (Django asks nothing), or a number no column holds (a page address
            # typed by hand: Django decides what it matches): the queryset as it is.
            return None
        shaped = tuple(sorted(shape.items()))
        built = None  # with the stand-ins, once: for its model, then for its SQL
        model = _models.get((self, shaped))
        if model is None:
            built = self.build(*stand_ins, **shape)
            model = _models[self, shaped] = built.model
        using = router.db_for_read(model)
        key = (self, using, shaped, *(len(v) for v in values if isinstance(v, list)))
        compiled = _kept.get(key)
        if compiled is None:
            if len(_kept) >= KEPT:
                _kept.clear()
                _models.clear()
            if built is None:
                built = self.build(*stand_ins, **shape)
            compiled = _kept[key] = _Compiled(built, using, stand_ins)
        if getattr(settings, "CHECK_STATEMENTS", False):
            self._check(compiled, values, shape, using)
        return compiled

    def _check(self, compiled: _Compiled, values: list, shape: dict, using: str) -> None:
        sql, params = _sql_of(self.build(*values, **shape).query.get_compiler(using=using))
        if sql != compiled.sql or params != compiled.filled(values):
            raise StatementError(
                f"{self.build.__qualname__} built different SQL for its values than for its "
                "stand-ins: it reads something other than its values"
            )


def keep_related(records: list, relation: str, rows: list) -> None:
    """Keep `rows` (all the records of a reverse foreign key `relation` of `records`, read
    by a statement) on each record as prefetch_related keeps them: `record.<relation>.all()`
    answers without a query, and each row's own foreign key is its record."""
    if not records:
        return
    towards = type(records[0])._meta.get_field(relation).field  # the rows' foreign key
    held = defaultdict(list)
    for row in rows:
        held[getattr(row, towards.attname)].append(row)
    for record in records:
        mine = held.get(record.pk, [])
        for row in mine:
            towards.set_cached_value(row, record)
        cache = record.__dict__.setdefault("_prefetched_objects_cache", {})
        cache.pop(relation, None)  # so the manager gives a fresh queryset, not the kept one
        kept = getattr(record, relation).get_queryset()
        kept._result_cache, kept._prefetch_done = mine, True
        cache[relation] = kept


def keep_referenced(records: list, field: str, rows: list) -> None:
    """Keep `rows` (the records a foreign key `field` of `records` points to, read by a
    statement) on each record as select_related keeps them: `record.<field>` answers
    without a query (None where the key is empty)."""
    if not records:
        return
    key = type(records[0])._meta.get_field(field)
    found = {row.pk: row for row in rows}
    for record in records:
        key.set_cached_value(record, found.get(getattr(record, key.attname)))


def statement(build: Callable[..., QuerySet]) -> Statement:
    """A module-level function from values to a queryset, built once a process (above)."""
    return Statement(build)
