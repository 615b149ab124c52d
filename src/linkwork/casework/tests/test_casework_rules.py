"""Casework rules, called through the services: engagement, plans, complexity, closure,
handover, lone working, optimistic locking and records that are never deleted."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casefile.timeline import timeline
from linkwork.casework import services
from linkwork.casework.models import (
    Action,
    ActionStatus,
    Case,
    CaseNote,
    CaseStatus,
    Goal,
    Session,
)
from linkwork.casework.rules import ATTENDED_OUTCOMES, is_engaged, with_engagement
from linkwork.casework.tests.helpers import at
from linkwork.core.models import EditConflict, NotDeletable
from linkwork.referrals.models import Referral


def session_on(world, outcome: str, **extra) -> Session:
    return services.record_session(
        case=world.case_x,
        by=world.users["link_worker"],
        starts_at=extra.pop("starts_at", timezone.now() - timedelta(hours=1)),
        mode=extra.pop("mode", "phone"),
        duration_minutes=30,
        outcome=outcome,
        **extra,
    )


def engaged_in_query(case: Case) -> bool:
    return with_engagement(Case.objects.filter(pk=case.pk)).get().engaged


# Engagement --------------------------------------------------------------------------------


def test_attended_is_the_only_outcome_that_counts_as_attended():
    assert {"attended"} == ATTENDED_OUTCOMES


def test_a_case_with_only_a_planned_session_is_not_engaged(world):
    assert world.session_x.is_planned
    assert is_engaged(world.case_x) is False
    assert engaged_in_query(world.case_x) is False


@pytest.mark.parametrize(
    "outcome", ["did_not_attend", "cancelled_by_person", "cancelled_by_service"]
)
def test_a_session_not_attended_does_not_make_the_case_engaged(world, outcome):
    session_on(world, outcome)
    assert is_engaged(world.case_x) is False
    assert engaged_in_query(world.case_x) is False


def test_an_attended_session_makes_the_case_engaged(world):
    session_on(world, "did_not_attend")
    session_on(world, "attended")
    assert is_engaged(world.case_x) is True
    assert engaged_in_query(world.case_x) is True
    assert is_engaged(world.case_y) is False


def test_recording_a_planned_sessions_outcome_makes_it_attended(world):
    services.update_session(
        session=world.session_x,
        by=world.users["link_worker"],
        expected_version=world.session_x.version,
        outcome="attended",
        duration_minutes=50,
        note="Walked round the garden together",
    )
    world.session_x.refresh_from_db()
    assert not world.session_x.is_planned
    assert is_engaged(world.case_x) is True
    assert world.session_x.history.count() == 2


def test_recording_a_session_is_audited_against_the_person(world):
    session = session_on(world, "attended", note="Talked about money")
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE, object_type="casework.session", object_id=str(session.pk)
    )
    assert event.actor == world.users["link_worker"]
    assert event.person_id == world.case_x.person_id
    assert event.hscp_id == world.hscp_a.pk
    assert "Talked about money" not in str(event.detail)


# Goals and actions -------------------------------------------------------------------------


def test_goals_keep_the_persons_words_and_actions_their_owner_and_due_date(world):
    wording = "I want to get back to the bowling club before the summer"
    goal = services.add_goal(case=world.case_x, by=world.users["link_worker"], wording=wording)
    action = services.add_action(
        goal=goal,
        by=world.users["link_worker"],
        description="Phone the club secretary",
        owner="Jim's daughter",
        due_on=date(2026, 12, 4),
    )
    goal.refresh_from_db()
    action.refresh_from_db()
    assert goal.wording == wording
    assert goal.created_by == world.users["link_worker"]
    assert (action.owner, action.due_on, action.status) == (
        "Jim's daughter",
        date(2026, 12, 4),
        ActionStatus.TO_DO,
    )
    assert action.completed_on is None


def test_marking_an_action_done_sets_completed_on_and_undoing_clears_it(wednesday_morning, world):
    action = world.action_x
    services.update_action(action=action, by=world.users["link_worker"], status=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.completed_on == date(2026, 11, 25)

    with time_machine.travel(at(9, day=date(2026, 11, 27))):
        services.update_action(action=action, by=world.users["link_worker"], progress="Done it")
    action.refresh_from_db()
    assert action.completed_on == date(2026, 11, 25)  # a later edit keeps the day it was done

    services.update_action(
        action=action, by=world.users["link_worker"], status=ActionStatus.IN_PROGRESS
    )
    action.refresh_from_db()
    assert action.completed_on is None


def test_a_done_action_shows_in_the_timeline(wednesday_morning, world):
    services.update_action(
        action=world.action_x,
        by=world.users["link_worker"],
        status=ActionStatus.DONE,
        progress="Council are sending a surveyor",
    )
    titles = {entry.title: entry for entry in timeline(world.case_x)}
    assert "Action done: Call the council" in titles
    assert titles["Action done: Call the council"].detail == "Council are sending a surveyor"


def test_a_need_is_recorded_once_per_case(world):
    first = services.add_identified_need(
        case=world.case_x, by=world.users["link_worker"], need="fuel", detail="Prepayment meter"
    )
    again = services.add_identified_need(
        case=world.case_x, by=world.users["link_worker"], need="fuel"
    )
    assert again == first
    assert world.case_x.identified_needs.count() == 1


# Complexity, closure, reopening and the timeline ------------------------------------------


def test_complexity_set_and_changed_keeps_history_and_shows_in_the_timeline(world):
    case = world.case_x
    services.set_complexity(case=case, by=world.users["link_worker"], complexity="low")
    services.set_complexity(case=case, by=world.users["team_lead"], complexity="high")
    case.refresh_from_db()
    assert case.complexity == "high"
    history = list(case.history.order_by("history_date", "history_id"))
    assert [h.complexity for h in history] == ["", "low", "high"]
    assert history[-1].history_user == world.users["team_lead"]
    titles = [entry.title for entry in timeline(case)]
    assert "Complexity set to Low complexity" in titles
    assert "Complexity set to High complexity" in titles


def test_closing_needs_no_deletion_and_reopening_keeps_the_closure_in_history(world):
    case = world.case_x
    services.close_case(
        case=case,
        by=world.users["link_worker"],
        reason="goals_met",
        closed_on=date(2026, 11, 20),
        note="Back at the bowling club",
        expected_version=case.version,
    )
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.closure_reason) == (
        CaseStatus.CLOSED,
        date(2026, 11, 20),
        "goals_met",
    )
    services.reopen_case(case=case, by=world.users["link_worker"])
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert (case.closed_on, case.closure_reason, case.closure_note) == (None, "", "")
    closed = case.history.get(status=CaseStatus.CLOSED)
    assert closed.closure_note == "Back at the bowling club"
    assert closed.closed_on == date(2026, 11, 20)
    entries = {entry.title: entry for entry in timeline(case)}
    assert entries["Closed: Goals met"].detail == "Back at the bowling club"
    assert "Reopened" in entries
    assert case.goals.count() == 1
    assert case.sessions.count() == 1


def test_the_timeline_holds_everything_newest_first(wednesday_morning, world):
    case = world.case_x
    lw = world.users["link_worker"]
    services.add_note(case=case, by=lw, text="Prefers morning calls")
    with time_machine.travel(at(12)):
        services.set_complexity(case=case, by=lw, complexity="mid")
    kinds = {entry.kind for entry in timeline(case)}
    assert {"session", "goal", "note", "change"} <= kinds
    moments = [entry.at for entry in timeline(case)]
    assert moments == sorted(moments, reverse=True)
    assert timeline(case)[0].title == "Complexity set to Mid complexity"


# Handover ----------------------------------------------------------------------------------


def test_handover_moves_the_case_and_shows_in_the_timeline(world):
    services.reassign_case(
        case=world.case_x, by=world.users["team_lead"], link_worker=world.worker_a2
    )
    case = Case.objects.get(pk=world.case_x.pk)
    assert case.link_worker == world.worker_a2
    assert f"Handed over to {world.worker_a2}" in [entry.title for entry in timeline(case)]
    assert case.history.order_by("history_date", "history_id").first().link_worker_id == (
        world.worker_a.pk
    )


# Lone working ------------------------------------------------------------------------------


def test_a_visit_is_overdue_once_past_the_expected_time_until_check_out(wednesday_morning, world):
    session = world.session_x
    lw = world.users["link_worker"]
    services.check_in(session=session, by=lw, expected_back_at=at(11))
    sessions = Session.objects.all()
    assert session not in services.overdue_check_ins(sessions)
    with time_machine.travel(at(11, 1), tick=False):
        assert session in services.overdue_check_ins(sessions)
        services.check_out(session=Session.objects.get(pk=session.pk), by=lw)
        assert session not in services.overdue_check_ins(sessions)
    session.refresh_from_db()
    assert session.checked_out_at == at(11, 1)


# Optimistic locking ------------------------------------------------------------------------


def _goal_edit(world, version, words):
    goal = Goal.objects.get(pk=world.goal_x.pk)
    services.update_goal(
        goal=goal, by=world.users["link_worker"], expected_version=version, wording=words
    )


def _action_edit(world, version, words):
    action = Action.objects.get(pk=world.action_x.pk)
    services.update_action(
        action=action, by=world.users["link_worker"], expected_version=version, progress=words
    )


def _session_edit(world, version, words):
    session = Session.objects.get(pk=world.session_x.pk)
    services.update_session(
        session=session,
        by=world.users["link_worker"],
        expected_version=version,
        outcome="attended",
        note=words,
    )


def _case_edit(world, version, words):
    case = Case.objects.get(pk=world.case_x.pk)
    services.close_case(
        case=case,
        by=world.users["link_worker"],
        reason="other",
        closed_on=date(2026, 11, 20),
        note=words,
        expected_version=version,
    )


@pytest.mark.parametrize(
    ("edit", "model", "read", "label"),
    [
        (_goal_edit, Goal, lambda w: Goal.objects.get(pk=w.goal_x.pk).wording, "goal"),
        (_action_edit, Action, lambda w: Action.objects.get(pk=w.action_x.pk).progress, "action"),
        (_session_edit, Session, lambda w: Session.objects.get(pk=w.session_x.pk).note, "session"),
        (_case_edit, Case, lambda w: Case.objects.get(pk=w.case_x.pk).closure_note, "case"),
    ],
)
def test_the_second_of_two_edits_from_one_version_is_refused(world, edit, model, read, label):
    edit(world, 1, "The first person's words")
    with pytest.raises(EditConflict, match=f"Someone else changed this {label}"):
        edit(world, 1, "The second person's words")
    assert read(world) == "The first person's words"


def test_an_edit_from_the_current_version_goes_through(world):
    _goal_edit(world, 1, "First")
    _goal_edit(world, 2, "Second")
    goal = Goal.objects.get(pk=world.goal_x.pk)
    assert (goal.wording, goal.version) == ("Second", 3)


def test_set_complexity_from_a_stale_version_is_refused(world):
    case = world.case_x
    services.set_complexity(
        case=Case.objects.get(pk=case.pk),
        by=world.users["link_worker"],
        complexity="low",
        expected_version=1,
    )
    with pytest.raises(EditConflict):
        services.set_complexity(
            case=Case.objects.get(pk=case.pk),
            by=world.users["team_lead"],
            complexity="high",
            expected_version=1,
        )
    assert Case.objects.get(pk=case.pk).complexity == "low"


def test_a_note_correction_keeps_the_original_in_history(world):
    note = services.add_note(
        case=world.case_x, by=world.users["link_worker"], text="Lives with his son"
    )
    services.correct_note(
        note=note,
        by=world.users["team_lead"],
        text="Lives with his daughter",
        expected_version=note.version,
    )
    note.refresh_from_db()
    assert note.text == "Lives with his daughter"
    texts = [h.text for h in note.history.order_by("history_date", "history_id")]
    assert texts == ["Lives with his son", "Lives with his daughter"]
    assert note.history.first().history_user == world.users["team_lead"]


def test_a_stale_note_correction_is_refused(world):
    note = services.add_note(case=world.case_x, by=world.users["link_worker"], text="Original")
    services.correct_note(
        note=note, by=world.users["link_worker"], text="First", expected_version=1
    )
    with pytest.raises(EditConflict, match="Someone else changed this note"):
        services.correct_note(
            note=CaseNote.objects.get(pk=note.pk),
            by=world.users["team_lead"],
            text="Second",
            expected_version=1,
        )
    assert CaseNote.objects.get(pk=note.pk).text == "First"


# Nothing is hard-deleted -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "record"),
    [
        (Case, lambda w: w.case_x),
        (Session, lambda w: w.session_x),
        (Goal, lambda w: w.goal_x),
        (Action, lambda w: w.action_x),
        (
            CaseNote,
            lambda w: services.add_note(case=w.case_x, by=w.users["link_worker"], text="A note"),
        ),
        (Referral, lambda w: w.referral_x),
    ],
)
def test_records_of_care_are_never_deleted(world, model, record):
    instance = record(world)
    with pytest.raises(NotDeletable):
        instance.delete()
    assert model.objects.filter(pk=instance.pk).exists()
