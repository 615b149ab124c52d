"""A scope's SQL is compiled once a process for what its rules read (authorisation.py:
`_matching`), so the rules must read nothing else, and a change to a role reaches at once."""

from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from linkwork.accounts.authorisation import (
    _SCOPE_FIELDS,
    PERMISSION_SCOPES,
    SCOPES,
    _compiled,
    _union,
    reached_ids,
    reached_or_404,
    visible,
)
from linkwork.accounts.models import User
from linkwork.accounts.roles import Permission, Role
from linkwork.casework.models import Case
from linkwork.organisations.tests.factories import link_worker_away

TABLES = [
    *((label, rules) for label, rules in SCOPES.items()),
    *((label, rules) for (label, _), rules in PERMISSION_SCOPES.items()),
]


def _only_the_key(role: Role, **values) -> SimpleNamespace:
    """An assignment with nothing but the fields the cache keys on: a rule reading any
    other attribute fails with AttributeError."""
    fields = dict.fromkeys(_SCOPE_FIELDS, 7) | {"role": role.value, "job_title": ""} | values
    return SimpleNamespace(**fields)


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "rules"), TABLES, ids=[label for label, _ in TABLES])
def test_scope_rules_read_only_the_assignment(label, rules):
    """Every rule of every kind of record builds its SQL from the assignment's scope fields
    (and the day) alone: no query, nothing else read, the same SQL each time."""
    model = apps.get_model(label)
    for role in rules:
        for national in (False, True):
            assignment = _only_the_key(role, **({"hscp_id": None} if national else {}))
            with CaptureQueriesContext(connection) as queries:
                first = _compiled(model, _union([assignment], rules), "default")
                again = _compiled(model, _union([assignment], rules), "default")
            assert not queries.captured_queries, f"{label} {role}: a rule read the database"
            assert _sql(first) == _sql(again), f"{label} {role}: not the same SQL twice"


def _sql(compiled):
    return (compiled.sql, tuple(compiled.params)) if hasattr(compiled, "sql") else compiled


def _reached(user, permission, records) -> set[int]:
    """What a new request of `user` (a fresh user object) reaches of `records`."""
    fresh = User.objects.get(pk=user.pk)
    model = type(records[0])
    found = visible(fresh, permission, model.objects.filter(pk__in=[r.pk for r in records]))
    return set(found.values_list("pk", flat=True))


def test_a_role_moved_to_another_practice_reaches_only_the_new_one_at_once(world):
    """The compiled scope is kept across requests: a role's change is in its key, so the
    next request reaches what the changed role reaches, nothing else."""
    staff = world.users["practice_staff"]
    assignment = staff.role_assignments.get(role=Role.PRACTICE_STAFF)
    practices = [world.practice_x, world.practice_y]
    assert _reached(staff, Permission.VIEW_PRACTICE, practices) == {world.practice_x.pk}

    assignment.practice = world.practice_y
    assignment.save()
    assert _reached(staff, Permission.VIEW_PRACTICE, practices) == {world.practice_y.pk}


def test_a_leave_cover_ends_with_the_day_though_the_scope_is_kept(world):
    """A rule that reads the day (a cover worker's reach during a colleague's leave) is
    keyed by the day: the scope compiled on the leave's last day is not used the next."""
    first = timezone.localdate()
    link_worker_away(world, first, days=2)
    cover = world.users["other_link_worker"]
    last = datetime.combine(
        first + timedelta(days=2), time(12), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(last, tick=False):
        assert _reached(cover, Permission.VIEW_COVERED_WORK, [world.case_x]) == {world.case_x.pk}
    with time_machine.travel(last + timedelta(days=1), tick=False):
        assert _reached(cover, Permission.VIEW_COVERED_WORK, [world.case_x]) == set()


def test_one_statement_gives_each_user_what_their_own_reach_reaches(world, client):
    """Statements (decision 0151) keep one SQL text a reach: the same statement asked in
    turn by workers of two HSCPs, and by the first again after a role is taken away, gives
    each what their own roles reach, never what the last asker's did."""
    mine, theirs = world.users["link_worker"], world.users["other_hscp_link_worker"]
    cases = [world.case_x.pk, world.case_z.pk]
    for _ in range(2):  # the second round runs SQL kept in the first
        assert reached_ids(mine, Permission.VIEW_CASE, Case, cases) == {world.case_x.pk}
        assert reached_ids(theirs, Permission.VIEW_CASE, Case, cases) == {world.case_z.pk}
        assert reached_or_404(mine, Permission.VIEW_CASE, Case, world.case_x.pk) == world.case_x
        with pytest.raises(Http404):
            reached_or_404(theirs, Permission.VIEW_CASE, Case, world.case_x.pk)
    for page in ("/home/link-worker/", f"/cases/{world.case_x.pk}/"):
        client.force_login(theirs)
        assert client.get(page).status_code == (200 if page.startswith("/home") else 404)
        client.force_login(mine)
        assert client.get(page).status_code == 200

    mine.role_assignments.filter(role=Role.LINK_WORKER).delete()
    fresh = User.objects.get(pk=mine.pk)
    assert reached_ids(fresh, Permission.VIEW_CASE, Case, cases) == set()
    with pytest.raises(Http404):
        reached_or_404(fresh, Permission.VIEW_CASE, Case, world.case_x.pk)
