"""Closing a case with sessions still booked: those to come are cancelled by the service
in the same transaction; past ones never recorded stop the closure until the worker
records them or says to cancel them too. A closed case's sessions leave the worker's day."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casefile import views as casefile_views
from linkwork.casework import services
from linkwork.casework.models import Case, Session
from linkwork.casework.rules import sessions_on_day
from linkwork.casework.tests.helpers import TODAY, answered, at, close_answers, page_of
from linkwork.core.models import EditConflict


@pytest.fixture(autouse=True)
def no_other_apps_checks(monkeypatch):
    """The close page on its own: no app's question after it (outcomes asks for an exit
    measure; its tests cover that)."""
    monkeypatch.setattr(casefile_views, "exit_prompt_url", lambda request, case: None)


UNRECORDED = "1 past session has no outcome recorded: record it first or it is cancelled too"


def _book(world, when, mode="in_practice", note=""):
    return services.record_session(
        case=world.case_x, by=world.users["link_worker"], starts_at=when, mode=mode, note=note
    )


def _close_form(case, **extra) -> dict:
    return {
        "reason": "goals_met",
        "closed_on": TODAY.isoformat(),
        "version": case.version,
        **answered(case),
        **extra,
    }


def _record_session_x(world):
    services.update_session(
        session=world.session_x, by=world.users["link_worker"], outcome="attended"
    )


def test_the_close_page_lists_the_sessions_to_be_cancelled(wednesday_morning, world, worker):
    _record_session_x(world)
    _book(world, at(14, day=TODAY + timedelta(days=7)))
    page = page_of(worker.get(reverse("casework:close", args=[world.case_x.pk])))
    assert "1 booked session still to come is cancelled by the service" in page
    assert "Wednesday 2 December 2026, 14:00" in page
    assert "no outcome recorded" not in page


def test_closing_cancels_the_sessions_still_to_come_and_audits_each(
    wednesday_morning, world, worker
):
    _record_session_x(world)
    later = _book(world, at(14, day=TODAY + timedelta(days=7)), note="Bring the forms")
    other = _book(world, at(11, day=TODAY + timedelta(days=14)), mode="phone")
    url = reverse("casework:close", args=[world.case_x.pk])
    case = Case.objects.get(pk=world.case_x.pk)
    assert worker.post(url, _close_form(case)).status_code == 302
    for session, note in [(later, "Bring the forms\nCase closed"), (other, "Case closed")]:
        session.refresh_from_db()
        assert (session.outcome, session.note) == ("cancelled_by_service", note)
        assert AuditEvent.objects.filter(
            action=AuditAction.CHANGE, object_type="casework.session", object_id=str(session.pk)
        ).exists()
        assert session.history.latest().history_user == world.users["link_worker"]
    world.session_x.refresh_from_db()
    assert world.session_x.outcome == "attended"  # what happened is left as it was


def test_a_past_session_with_no_outcome_is_flagged_with_a_link_to_record_it(
    wednesday_morning, world, worker
):
    url = reverse("casework:close", args=[world.case_x.pk])
    page = page_of(worker.get(url))
    assert UNRECORDED in page
    record = reverse("casework:session", args=[world.session_x.pk]) + f"?next={url}"
    assert record in page
    response = worker.post(record, {"outcome": "attended", "duration_minutes": "45", "version": 1})
    assert response.url == url  # back to closing the case
    assert UNRECORDED not in page_of(worker.get(url))


def test_closing_anyway_cancels_it_too_saying_nobody_recorded_it(wednesday_morning, world, worker):
    url = reverse("casework:close", args=[world.case_x.pk])
    assert worker.post(url, _close_form(world.case_x)).status_code == 302
    world.session_x.refresh_from_db()
    assert (world.session_x.outcome, world.session_x.note) == (
        "cancelled_by_service",
        "Case closed before anyone recorded what happened",
    )


def test_a_refused_closure_cancels_nothing(wednesday_morning, world):
    later = _book(world, at(14, day=TODAY + timedelta(days=7)))
    lead = world.users["team_lead"]
    services.set_complexity(case=world.case_x, by=lead, complexity="low")  # version 2
    with pytest.raises(EditConflict):
        services.close_case(
            case=Case.objects.get(pk=world.case_x.pk),
            by=world.users["link_worker"],
            reason="other",
            closed_on=TODAY,
            expected_version=1,
        )
    later.refresh_from_db()
    assert later.is_planned
    assert Session.objects.get(pk=world.session_x.pk).is_planned


def test_closing_over_the_api_cancels_them_the_same_way(api, wednesday_morning, world):
    later = _book(world, at(14, day=TODAY + timedelta(days=7)))
    body = {"version": 1, "reason": "goals_met", "closed_on": str(TODAY), **close_answers(world)}
    closed = api(world.users["link_worker"]).post(f"/cases/{world.case_x.pk}/close", body)
    assert closed.status_code == 200
    for session in (world.session_x, later):
        session.refresh_from_db()
        assert session.outcome == "cancelled_by_service"


def test_a_closed_cases_sessions_leave_the_workers_day(wednesday_morning, world):
    _book(world, at(15))
    mine = Case.objects.filter(link_worker=world.worker_a)
    assert sessions_on_day(mine, TODAY).count() == 2
    with time_machine.travel(at(12)):
        services.close_case(
            case=world.case_x,
            by=world.users["link_worker"],
            reason="goals_met",
            closed_on=TODAY,
        )
    assert sessions_on_day(mine, TODAY).count() == 0
    assert sessions_on_day(mine, TODAY + timedelta(days=1)).count() == 0
