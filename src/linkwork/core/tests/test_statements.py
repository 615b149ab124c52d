"""A statement gives what its queryset gives, builds its SQL once, and refuses what would
make the kept SQL wrong (core/statements.py, decision 0151)."""

import threading
from datetime import date, datetime, timedelta
from unittest import mock

import pytest
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesListIterable
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from linkwork.casework.models import Case, Person
from linkwork.casework.tests.factories import CaseFactory, PersonFactory
from linkwork.core.paging import StatementPages, counted, number
from linkwork.core.statements import StatementError, statement


@statement
def cases_of(person_id):
    return Case.objects.filter(person=person_id).select_related("person").order_by("pk")


@statement
def people_named(ids, family_name):
    people = Person.objects.filter(pk__in=ids, family_name=family_name).order_by("pk")
    return people.values_list("pk", "given_name")


@statement
def with_cases(person_id):
    return Person.objects.filter(pk=person_id).prefetch_related("cases")


@statement
def by_field(value, *, field):
    return Person.objects.filter(**{field: value}).order_by("pk")


@pytest.fixture
def people(db):
    return [
        PersonFactory(given_name="Agnes", family_name="Reid"),
        PersonFactory(given_name="Hugh", family_name="Reid"),
        PersonFactory(given_name="Bill", family_name="Shaw"),
    ]


def compiles(run) -> int:
    """How many times Django built a query's SQL while `run` ran."""
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=ORIGINAL) as spy:
        run()
    return spy.call_count


ORIGINAL = SQLCompiler.as_sql


def test_it_gives_what_the_queryset_gives_with_select_related(people, django_assert_num_queries):
    agnes, hugh, _ = people
    CaseFactory(person=agnes), CaseFactory(person=agnes), CaseFactory(person=hugh)
    for person in (agnes, hugh):
        expected = list(Case.objects.filter(person=person).order_by("pk"))
        with django_assert_num_queries(1):
            found = cases_of(person.pk)
            assert [case.person.given_name for case in found] == [person.given_name] * len(found)
        assert found == expected


def test_lists_repeats_and_an_empty_list(people):
    agnes, hugh, bill = people
    assert people_named([agnes.pk, hugh.pk, bill.pk], "Reid") == [
        (agnes.pk, "Agnes"),
        (hugh.pk, "Hugh"),
    ]
    assert people_named([hugh.pk, hugh.pk], "Reid") == [(hugh.pk, "Hugh")]  # as IN gives
    assert people_named([bill.pk], "Shaw") == [(bill.pk, "Bill")]
    with CaptureQueriesContext(connections["default"]) as queries:
        assert people_named([], "Reid") == []
    assert not queries.captured_queries


def test_prefetch_related_is_kept(people, django_assert_num_queries):
    agnes = people[0]
    CaseFactory(person=agnes)
    with django_assert_num_queries(2):
        (found,) = with_cases(agnes.pk)
        assert [case.person_id for case in found.cases.all()] == [agnes.pk]


def test_the_sql_is_built_once_for_each_shape_and_length(people, settings):
    settings.CHECK_STATEMENTS = False  # the check builds it again, on purpose
    agnes, hugh, bill = people
    cases_of(agnes.pk)
    assert compiles(lambda: cases_of(hugh.pk)) == 0
    people_named([agnes.pk], "Reid")
    assert compiles(lambda: people_named([hugh.pk], "Shaw")) == 0
    assert compiles(lambda: people_named([agnes.pk, bill.pk], "Reid")) == 1  # a new length
    by_field("Reid", field="family_name")
    assert compiles(lambda: by_field("Agnes", field="given_name")) == 1  # a new shape
    assert [p.pk for p in by_field("Hugh", field="given_name")] == [hugh.pk]


def test_a_value_that_is_not_a_parameter_is_refused(people):
    @statement
    def named_like(word):
        return Person.objects.filter(family_name__icontains=word)  # sent as %word%

    with pytest.raises(StatementError, match="value 1 of Person's statement is not a param"):
        named_like("Reid")


def test_a_closure_is_refused():
    user_id = 7

    def of_the_user():
        return Case.objects.filter(link_worker__user=user_id)

    with pytest.raises(StatementError, match="reads variables of the function around it"):
        statement(of_the_user)


@statement
def born_before(day, *, none=False):
    people = Person.objects.filter(date_of_birth__lt=day).order_by("pk")
    return people.none() if none else people


def test_dates_are_values_and_a_shape_matching_nothing_asks_nothing(people):
    agnes, hugh, bill = people
    for day in (date(1900, 1, 1), date(2100, 1, 1), hugh.date_of_birth):
        expected = list(Person.objects.filter(date_of_birth__lt=day).order_by("pk"))
        assert born_before(day) == expected
    with CaptureQueriesContext(connections["default"]) as queries:
        assert born_before(date(2100, 1, 1), none=True) == []
    assert not queries.captured_queries


@statement
def made_since(moment):
    return Person.objects.filter(created_at__gte=moment).order_by("pk")


def test_aware_times_are_values(people):
    first = min(person.created_at for person in people)
    for moment in (first - timedelta(days=1), first, timezone.now() + timedelta(days=1)):
        assert made_since(moment) == list(made_since.build(moment))


@pytest.mark.parametrize("value", [True, 1.5, datetime(2026, 1, 1), None, ["a"]])
def test_values_that_could_change_the_sql_are_refused(people, value):
    with pytest.raises(TypeError, match="statement"):
        by_field(value, field="given_name")


@statement
def seen_since(person_id):
    return Person.objects.filter(pk=person_id, created_at__lte=timezone.now())


def test_a_statement_reading_the_clock_is_caught_by_the_check(people):
    with pytest.raises(StatementError, match="reads something other than its values"):
        seen_since(people[0].pk)


@pytest.mark.django_db(transaction=True)
def test_another_thread_runs_it_on_its_own_connection():
    agnes = PersonFactory(given_name="Agnes")
    CaseFactory(person=agnes)
    cases_of(agnes.pk)  # built on this thread's connection
    found, used = [], []

    def elsewhere():
        with CaptureQueriesContext(connections["default"]) as queries:
            found.extend(cases_of(agnes.pk))
        used.append(len(queries.captured_queries))
        connections.close_all()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert [case.person_id for case in found] == [agnes.pk]
    assert used == [1]  # seen by that thread's connection, not this one's


def test_what_is_kept_is_bounded(people, monkeypatch):
    from linkwork.core import statements

    monkeypatch.setattr(statements, "KEPT", 3)
    monkeypatch.setattr(statements, "_kept", {})
    monkeypatch.setattr(statements, "_models", {})
    ids = [person.pk for person in people]
    for length in (1, 2, 3, 1, 2, 3):
        assert len(people_named(ids[:length], "Reid")) == min(length, 2)
        assert len(statements._kept) <= 3


def outcome(run):
    try:
        return run()
    except Exception as error:  # noqa: BLE001 (compared, not handled)
        return type(error)


@pytest.mark.parametrize("too_big", [2**64, 2**70, -(2**64)])
def test_a_number_no_column_holds_is_left_to_django(people, too_big):
    """Whatever the plain queryset does with it (no rows on PostgreSQL, an OverflowError on
    SQLite), the statement does too: the kept SQL is not run with it."""
    agnes = people[0]
    for statement_, values in (
        (cases_of, [too_big]),
        (people_named, [[too_big, agnes.pk], "Reid"]),
    ):
        expected = outcome(lambda: list(statement_.build(*values)))  # noqa: B023
        assert outcome(lambda: statement_(*values)) == expected  # noqa: B023


@statement
def count_named(family_name, *, grouped=False):
    people = Person.objects.filter(family_name=family_name)
    return counted(people.annotate(cases_held=Count("cases")) if grouped else people)


@statement
def page_named(family_name, *, start, stop, grouped=False):
    return Person.objects.filter(family_name=family_name).order_by("pk")[start:stop]


@pytest.mark.parametrize("grouped", [False, True])
def test_a_list_counted_and_paged_by_statements(people, grouped):
    agnes, hugh, _ = people
    CaseFactory(person=agnes), CaseFactory(person=agnes)
    page = Paginator(StatementPages(count_named, page_named, "Reid", grouped=grouped), 1)
    assert page.count == 2
    assert [person.pk for person in page.get_page(2).object_list] == [hugh.pk]
    assert number(count_named("Nobody", grouped=grouped)) == 0
    assert number([]) == 0  # a reach that reaches nothing asks nothing


def test_its_sql_is_what_the_queryset_would_run(people):
    """For a statement wrapped in SQL of one's own (the reporting facts' INSERT ... SELECT)."""
    agnes = people[0]
    cases_of(agnes.pk)
    sql, params = cases_of.build(agnes.pk).query.get_compiler(using="default").as_sql()
    assert cases_of.sql(agnes.pk) == (sql, list(params))
    with pytest.raises(EmptyResultSet):
        born_before.sql(date(2100, 1, 1), none=True)


@statement
def cases_counted(person_ids):
    cases = Case.objects.filter(person__in=person_ids).select_related("person", "practice")
    return cases.annotate(siblings=Count("person__cases")).order_by("pk")


@statement
def births(person_ids):
    return (
        Person.objects.filter(pk__in=person_ids)
        .order_by("pk")
        .values_list("date_of_birth", flat=True)
    )


def _fields(record) -> dict:
    return {field.attname: getattr(record, field.attname) for field in record._meta.fields}


def test_records_are_made_as_djangos_queryset_makes_them(people):
    """Decision 0155: a statement makes its records from its rows itself (what Django's
    ModelIterable works out for each run, it works out once): the same fields, read the
    same way (dates, times, yes/no), the same related records kept, the same annotations,
    and no related record where a nullable key is empty."""
    agnes, hugh, _ = people
    CaseFactory(person=agnes), CaseFactory(person=agnes, practice=None), CaseFactory(person=hugh)
    ids = [agnes.pk, hugh.pk]
    queryset = Case.objects.filter(person__in=ids).select_related("person", "practice")
    expected = list(queryset.annotate(siblings=Count("person__cases")).order_by("pk"))

    with mock.patch.object(ModelIterable, "__iter__", side_effect=AssertionError("queryset")):
        found = cases_counted(ids)

    assert [_fields(case) for case in found] == [_fields(case) for case in expected]
    assert [case.siblings for case in found] == [2, 2, 1]
    assert [_fields(case.person) for case in found] == [_fields(c.person) for c in expected]
    assert [case.practice and case.practice.pk for case in found] == [
        case.practice and case.practice.pk for case in expected
    ]
    assert None in [case.practice for case in found]
    assert all(not case._state.adding and case._state.db == "default" for case in found)
    assert [type(case.person.created_at) for case in found] == [datetime] * 3


def test_a_flat_list_of_values_is_read_as_djangos_queryset_reads_it(people):
    ids = [person.pk for person in people]
    expected = list(
        Person.objects.filter(pk__in=ids).order_by("pk").values_list("date_of_birth", flat=True)
    )
    refused = mock.patch.object(
        FlatValuesListIterable, "__iter__", side_effect=AssertionError("queryset")
    )
    with refused:
        assert births(ids) == expected
    assert all(type(born) is date for born in expected)


def test_tuples_of_values_are_read_as_djangos_queryset_reads_them(people):
    agnes, hugh, bill = people
    ids = [agnes.pk, hugh.pk, bill.pk]
    expected = list(
        Person.objects.filter(pk__in=ids, family_name="Reid")
        .order_by("pk")
        .values_list("pk", "given_name")
    )
    refused = mock.patch.object(
        ValuesListIterable, "__iter__", side_effect=AssertionError("queryset")
    )
    with refused:
        assert people_named(ids, "Reid") == expected == [(agnes.pk, "Agnes"), (hugh.pk, "Hugh")]
