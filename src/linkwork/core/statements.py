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
calls put their values where the stand-ins were and run the kept SQL through Django's own
row-to-model code (select_related, annotations, prefetch_related all as usual).

What keeps it right:
- values are ints, strings, or lists of ints (a list's length is part of the key, its
  repeats dropped, as Django's IN does); anything else could change the SQL's shape;
- the function may read nothing but its values: it must not be a closure (checked), and must
  not read the clock, settings or a request (`CHECK_STATEMENTS` catches a read that changes);
- with `CHECK_STATEMENTS` on (the tests' settings), every call also builds the queryset
  from its real values and refuses to go on if that SQL or its parameters differ.
"""

import copy
from collections.abc import Callable
from functools import update_wrapper

from django.conf import settings
from django.db import connections, router
from django.db.models import QuerySet

# Stand-ins: values no code list holds, found again among the parameters. Numbers within
# any integer column's range (Django leaves an out-of-range number out of the SQL).
_NUMBER = 2_147_000_000
_WORD = "\ue000statement value "
KEPT = 256  # SQL texts kept a statement (one a database, shape and length of its lists)


class StatementError(Exception):
    """A statement whose values do not all come out as parameters, or whose SQL changed."""


def _stand_in(position: int, value):
    if isinstance(value, bool) or not isinstance(value, int | str | list | tuple):
        raise TypeError(
            f"a statement takes ints, strings or lists of ints; value {position + 1} is "
            f"{type(value).__name__}"
        )
    if isinstance(value, str):
        return f"{_WORD}{position}"
    if isinstance(value, int):
        return _NUMBER + 1000 * position
    if not all(isinstance(item, int) and not isinstance(item, bool) for item in value):
        raise TypeError(f"a statement's list (value {position + 1}) must hold ints only")
    return [_NUMBER + 1000 * position + 1 + index for index in range(len(value))]


def _distinct(value):
    """A list as Django's IN sends it: each value once, in first-seen order."""
    return list(dict.fromkeys(value)) if isinstance(value, list | tuple) else value


class _Compiled:
    """One statement's SQL for one database and one set of list lengths."""

    def __init__(self, queryset: QuerySet, using: str, stand_ins: list):
        self.queryset = queryset
        self.using = using
        self.compiler = queryset.query.get_compiler(using=using)
        self.converters = None
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        places = {}  # stand-in -> (which value, which item of a list, or None)
        for position, stand_in in enumerate(stand_ins):
            if isinstance(stand_in, list):
                places.update({one: (position, index) for index, one in enumerate(stand_in)})
            else:
                places[stand_in] = (position, None)
        # A number may come out wrapped in the database driver's type for its column
        # (psycopg's Int8): the value put in its place is wrapped the same way.
        self.slots = [
            (at, places[param], type(param))
            for at, param in enumerate(self.params)
            if isinstance(param, int | str) and not isinstance(param, bool) and param in places
        ]
        found = {place for _, place, _ in self.slots}
        for place in places.values():
            if place not in found:
                raise StatementError(
                    f"value {place[0] + 1} of {queryset.model.__name__}'s statement is not a "
                    "parameter of its SQL (it changes the SQL, or is transformed first)"
                )

    def filled(self, values: list) -> list:
        params = list(self.params)
        for at, (position, index), kind in self.slots:
            params[at] = kind(values[position] if index is None else values[position][index])
        return params

    def run(self, values: list) -> list:
        sql, params = self.sql, self.filled(values)
        compiler = copy.copy(self.compiler)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        # This thread's connection: the one the SQL was built on may be another thread's.
        compiler.connection = connections[self.using]
        if compiler.connection is self.compiler.connection:
            compiler.get_converters = self._converters
        queryset = self.queryset._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)

    def _converters(self, expressions) -> dict:
        """How each column's value is read (a date from text, say): the same on each run."""
        if self.converters is None:
            self.converters = self.compiler.get_converters(expressions)
        return self.converters


class Statement:
    def __init__(self, build: Callable[..., QuerySet]):
        if build.__closure__:
            raise StatementError(
                f"{build.__qualname__} reads variables of the function around it: a statement "
                "is a module-level function of its values alone"
            )
        self.build = build
        self._models: dict[tuple, type] = {}
        self._compiled: dict[tuple, _Compiled] = {}
        update_wrapper(self, build)

    def __call__(self, *values, **shape) -> list:
        """The rows for `values` (parameters); keyword arguments (`shape`) are passed as
        they are and each of their combinations is built once, as a statement of its own."""
        values = [_distinct(value) for value in values]
        stand_ins = [_stand_in(position, value) for position, value in enumerate(values)]
        if any(isinstance(value, list) and not value for value in values):
            return list(self.build(*values, **shape))  # an empty IN: Django asks nothing
        shaped = tuple(sorted(shape.items()))
        model = self._models.get(shaped)
        if model is None:
            model = self._models[shaped] = self.build(*stand_ins, **shape).model
        using = router.db_for_read(model)
        key = (using, shaped, *(len(value) for value in values if isinstance(value, list)))
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) >= KEPT:  # many list lengths: start again
                self._compiled.clear()
            built = self.build(*stand_ins, **shape)
            compiled = self._compiled[key] = _Compiled(built, using, stand_ins)
        if getattr(settings, "CHECK_STATEMENTS", False):
            self._check(compiled, values, shape, using)
        return compiled.run(values)

    def _check(self, compiled: _Compiled, values: list, shape: dict, using: str) -> None:
        built = self.build(*values, **shape)
        sql, params = built.query.get_compiler(using=using).as_sql()
        if sql != compiled.sql or list(params) != compiled.filled(values):
            raise StatementError(
                f"{self.build.__qualname__} built different SQL for its values than for its "
                "stand-ins: it reads something other than its values"
            )


def statement(build: Callable[..., QuerySet]) -> Statement:
    """A module-level function from values to a queryset, built once a process (above)."""
    return Statement(build)
