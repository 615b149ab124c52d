"""Casework pages through the test client: sessions, lone working, goals and actions,
complexity, closure, handover and two people editing at once."""

from datetime import date, timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casework import services
from linkwork.casework.models import ActionStatus, CaseStatus, Goal
from linkwork.casework.tests.helpers import TODAY, answered, at, case_url, page_of, refer_again

CONFLICT = "Someone else changed this"


def session_form(**overrides) -> dict:
    data = {
        "date": TODAY.isoformat(),
        "time": "09:00",
        "mode": "phone",
        "duration_minutes": "40",
        "outcome": "attended",
        "note": "Talked through the benefits check",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def flag_safety(world, flags) -> None:
    """A second referral for case_x's person, carrying safety flags."""
    refer_again(world, flags=flags)


# Sessions ----------------------------------------------------------------------------------


def test_recording_an_attended_session_from_the_case_page(wednesday_morning, world, worker):
    assert "Record a session" in page_of(worker.get(case_url(world.case_x)))
    response = worker.post(reverse("casework:new_session", args=[world.case_x.pk]), session_form())
    assert response.status_code == 302
    assert response.url == case_url(world.case_x)
    session = world.case_x.sessions.exclude(pk=world.session_x.pk).get()
    assert session.starts_at == at(9)
    assert (session.mode, session.duration_minutes, session.outcome) == ("phone", 40, "attended")
    assert session.note == "Talked through the benefits check"
    assert session.created_by == world.users["link_worker"]
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="casework.session", object_id=str(session.pk)
    ).exists()
    assert "Engaged" in page_of(worker.get(case_url(world.case_x)))


def test_a_recorded_session_cannot_be_in_the_future(wednesday_morning, world, worker):
    response = worker.post(
        reverse("casework:new_session", args=[world.case_x.pk]),
        session_form(date=(TODAY + timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 400
    assert "A session you are recording cannot be in the future" in page_of(response)
    assert world.case_x.sessions.count() == 1


def test_a_session_later_today_cannot_be_recorded_either(wednesday_morning, world, worker):
    response = worker.post(
        reverse("casework:new_session", args=[world.case_x.pk]), session_form(time="15:00")
    )
    assert response.status_code == 400
    assert world.case_x.sessions.count() == 1


def test_a_session_can_be_booked_for_the_future(wednesday_morning, world, worker):
    response = worker.post(
        reverse("casework:book_session", args=[world.case_x.pk]),
        session_form(date="2026-12-02", time="14:30", outcome=None, mode="in_practice"),
    )
    assert response.status_code == 302
    booked = world.case_x.sessions.get(starts_at=at(14, 30, date(2026, 12, 2)))
    assert booked.is_planned
    assert "Wednesday 2 December, 14:30" in page_of(worker.get(case_url(world.case_x)))


def test_a_session_booked_for_a_time_gone_by_is_refused_at_the_date(
    wednesday_morning, world, worker
):
    """A booking yesterday is a slip: it would sit as a past session with no outcome."""
    before = world.case_x.sessions.count()
    response = worker.post(
        reverse("casework:book_session", args=[world.case_x.pk]),
        session_form(date="2026-11-24", time="14:30", outcome=None, note="Bring the PIP letter"),
    )
    assert response.status_code == 400
    page = page_of(response)
    assert "Book a session for a time still to come" in page
    assert "Bring the PIP letter" in page  # nothing typed is lost
    assert world.case_x.sessions.count() == before


def test_the_same_session_sent_again_is_not_saved_twice(wednesday_morning, world, worker):
    """Back after saving shows the form as it was typed; Record again must not count the
    session twice. A booked session is not recorded anew at its time either."""
    url = reverse("casework:new_session", args=[world.case_x.pk])
    assert worker.post(url, session_form()).status_code == 302
    before = world.case_x.sessions.count()
    again = worker.post(url, session_form())
    assert again.status_code == 400
    page = page_of(again)
    assert "A session at 09:00 on 25 November 2026 is already on this case" in page
    assert "Talked through the benefits check" in page  # what was typed is still there
    booked_time = session_form(time="10:00")  # session_x, a home visit booked at 10:00
    assert worker.post(url, booked_time).status_code == 400
    assert world.case_x.sessions.count() == before


@pytest.mark.parametrize(
    "outcome", ["did_not_attend", "cancelled_by_person", "cancelled_by_service"]
)
def test_the_case_is_engaged_only_with_an_attended_session(
    wednesday_morning, world, worker, outcome
):
    worker.post(
        reverse("casework:new_session", args=[world.case_x.pk]), session_form(outcome=outcome)
    )
    assert "Engaged" not in page_of(worker.get(case_url(world.case_x)))
    worker.post(reverse("casework:new_session", args=[world.case_x.pk]), session_form())
    assert "Engaged" in page_of(worker.get(case_url(world.case_x)))


def test_recording_a_planned_sessions_outcome_goes_back_to_the_home_page(
    wednesday_morning, world, worker
):
    session = world.session_x
    home = reverse("home:link_worker")
    url = reverse("casework:session", args=[session.pk]) + f"?next={home}"
    response = worker.post(
        url,
        {
            "outcome": "attended",
            "duration_minutes": "55",
            "note": "Garden visit went well",
            "version": session.version,
        },
    )
    assert response.status_code == 302
    assert response.url == home
    session.refresh_from_db()
    assert (session.outcome, session.duration_minutes, session.note) == (
        "attended",
        55,
        "Garden visit went well",
    )
    assert session.history.count() == 2


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/", "//evil.example/home", "http://testserver.evil/"]
)
def test_an_off_site_next_is_ignored(wednesday_morning, world, worker, elsewhere):
    session = world.session_x
    response = worker.post(
        reverse("casework:session", args=[session.pk]) + f"?next={elsewhere}",
        {"outcome": "attended", "duration_minutes": "30", "version": session.version},
    )
    assert response.status_code == 302
    assert response.url == case_url(world.case_x)


def test_attended_cannot_be_recorded_for_a_session_still_to_come(wednesday_morning, world, worker):
    booked = services.record_session(
        case=world.case_x,
        by=world.users["link_worker"],
        starts_at=at(10, 0, date(2026, 12, 2)),
        mode="in_practice",
    )
    response = worker.post(
        reverse("casework:session", args=[booked.pk]),
        {"outcome": "attended", "duration_minutes": "30", "version": booked.version},
    )
    assert response.status_code == 400
    booked.refresh_from_db()
    assert booked.is_planned


def test_a_home_visit_shows_the_safety_flags_first(wednesday_morning, world, worker):
    flag_safety(world, ["dog", "violence_history"])
    page = page_of(worker.get(reverse("casework:session", args=[world.session_x.pk])))
    warning = page.index("Safety before you go")
    assert "Dog at the address" in page
    assert "History of violence or aggression" in page
    assert warning < page.index("<h1")
    assert warning < page.index("Lone working")
    assert warning < page.index('name="outcome"')


def test_a_phone_session_has_no_lone_working_panel(wednesday_morning, world, worker):
    flag_safety(world, ["dog"])
    phone = services.record_session(
        case=world.case_x, by=world.users["link_worker"], starts_at=at(15), mode="phone"
    )
    page = page_of(worker.get(reverse("casework:session", args=[phone.pk])))
    assert "Safety before you go" not in page
    assert "Check in" not in page


def test_lone_working_overdue_alerts_the_team_lead_until_check_out(
    wednesday_morning, client, world
):
    session = world.session_x
    client.force_login(world.users["link_worker"])
    checked_in = client.post(reverse("casework:check_in", args=[session.pk]), {"back_by": "10:15"})
    assert checked_in.status_code == 302
    session.refresh_from_db()
    assert session.expected_back_at == at(10, 15)
    assert session.checked_out_at is None

    client.force_login(world.users["team_lead"])
    home = reverse("home:team_lead")
    assert "Lone working: not checked out" not in page_of(client.get(home))

    with time_machine.travel(at(10, 25)):
        page = page_of(client.get(home))
        assert "Lone working: not checked out" in page
        assert world.case_x.person.full_name in page
        assert "due back 10:15" in page

        client.force_login(world.users["other_hscp_team_lead"])
        assert "Lone working" not in page_of(client.get(home))

        client.force_login(world.users["link_worker"])
        client.post(reverse("casework:check_out", args=[session.pk]))
        client.force_login(world.users["team_lead"])
        assert "Lone working: not checked out" not in page_of(client.get(home))
    session.refresh_from_db()
    assert session.checked_out_at is not None


# Goals and actions -------------------------------------------------------------------------


def test_a_goal_is_kept_in_the_persons_words(wednesday_morning, world, worker):
    words = "“I just want to feel like myself again”"
    response = worker.post(reverse("casework:new_goal", args=[world.case_x.pk]), {"wording": words})
    assert response.status_code == 302
    goal = world.case_x.goals.get(wording=words)
    assert goal.created_on == TODAY
    assert goal.created_by == world.users["link_worker"]
    assert "I just want to feel like myself again" in page_of(worker.get(case_url(world.case_x)))


def test_an_action_has_an_owner_and_a_due_date(wednesday_morning, world, worker):
    response = worker.post(
        reverse("casework:new_action", args=[world.goal_x.pk]),
        {
            "description": "Ask the housing officer about a ramp",
            "owner": "Link worker",
            "due_on": "2026-12-09",
            "support_type": "advocacy",
        },
    )
    assert response.status_code == 302
    action = world.goal_x.actions.get(description="Ask the housing officer about a ramp")
    assert (action.owner, action.due_on, action.status, action.support_type) == (
        "Link worker",
        date(2026, 12, 9),
        ActionStatus.TO_DO,
        "advocacy",
    )
    page = page_of(worker.get(case_url(world.case_x)))
    assert "Ask the housing officer about a ramp" in page
    assert "due 9 Dec" in page
    assert "Advocacy" in page


def test_an_action_due_years_ahead_is_a_mistyped_year(wednesday_morning, world, worker):
    """2206 for 2026 would hide the action from My day's overdue list until then."""
    response = worker.post(
        reverse("casework:new_action", args=[world.goal_x.pk]),
        {
            "description": "Ask the housing officer about a ramp",
            "owner": "Link worker",
            "due_on": "2206-12-09",
            "support_type": "advocacy",
        },
    )
    assert response.status_code == 400
    page = page_of(response)
    assert "Enter a due date within a year of today: check the year of the date" in page
    assert "Ask the housing officer about a ramp" in page  # what was typed is kept
    assert not world.goal_x.actions.filter(description__contains="ramp").exists()
    action = world.action_x
    changed = worker.post(
        reverse("casework:action", args=[action.pk]),
        {
            "description": action.description,
            "owner": action.owner,
            "due_on": "2206-12-09",
            "version": action.version,
        },
    )
    assert changed.status_code == 400
    action.refresh_from_db()
    assert action.due_on is None


def test_a_new_action_asks_for_the_support_given_with_its_plain_words(world, worker):
    url = reverse("casework:new_action", args=[world.goal_x.pk])
    form = page_of(worker.get(url))
    assert "Spoke for the person to an agency" in form  # the hint under "Advocacy"
    response = worker.post(url, {"description": "Phone the landlord", "owner": "Link worker"})
    assert response.status_code == 400
    assert "Choose the support you are giving" in page_of(response)
    assert not world.goal_x.actions.filter(description="Phone the landlord").exists()


def test_an_older_action_without_a_support_type_still_saves(world, worker):
    action = world.action_x
    assert action.support_type == ""
    response = worker.post(
        reverse("casework:action", args=[action.pk]),
        {
            "description": action.description,
            "owner": action.owner,
            "status": "in_progress",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.support_type) == ("in_progress", "")


def test_an_action_needs_an_owner(wednesday_morning, world, worker):
    response = worker.post(
        reverse("casework:new_action", args=[world.goal_x.pk]), {"description": "Something"}
    )
    assert response.status_code == 400
    assert "Say who will do it" in page_of(response)
    assert not world.goal_x.actions.filter(description="Something").exists()


def test_marking_an_action_done_sets_completed_on(wednesday_morning, world, worker):
    action = world.action_x
    response = worker.post(
        reverse("casework:action", args=[action.pk]),
        {
            "description": action.description,
            "owner": action.owner,
            "status": "done",
            "progress": "Surveyor coming on Friday",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.completed_on == TODAY
    assert "Action done: Call the council" in page_of(worker.get(case_url(world.case_x)))


def test_a_goal_can_be_marked_achieved(wednesday_morning, world, worker):
    goal = world.goal_x
    response = worker.post(
        reverse("casework:goal", args=[goal.pk]),
        {"wording": goal.wording, "status": "achieved", "version": goal.version},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "achieved"
    assert goal.wording == "Get out to the garden"


# Complexity, closure and reopening ---------------------------------------------------------


def test_complexity_set_then_changed_is_in_history_and_the_timeline(
    wednesday_morning, world, worker
):
    case = world.case_x
    url = reverse("casework:set_complexity", args=[case.pk])
    assert worker.post(url, {"complexity": "low", "version": 1}).status_code == 302
    with time_machine.travel(at(10, 20)):
        assert worker.post(url, {"complexity": "high", "version": 2}).status_code == 302
    case.refresh_from_db()
    assert case.complexity == "high"
    assert [h.complexity for h in case.history.order_by("history_date", "history_id")] == [
        "",
        "low",
        "high",
    ]
    page = page_of(worker.get(case_url(case)))
    assert "Complexity set to Low complexity" in page
    assert "Complexity set to High complexity" in page
    assert page.index("Complexity set to High complexity") < page.index(
        "Complexity set to Low complexity"
    )


def test_closing_with_a_coded_reason_then_reopening_keeps_history(wednesday_morning, world, worker):
    case = world.case_x
    response = worker.post(
        reverse("casework:close", args=[case.pk]),
        {
            "reason": "linked_self_managing",
            "closed_on": "2026-11-24",
            "note": "Goes to the men's shed",
            "version": case.version,
            **answered(case),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closure_reason, case.closed_on) == (
        CaseStatus.CLOSED,
        "linked_self_managing",
        date(2026, 11, 24),
    )
    page = page_of(worker.get(case_url(case)))
    assert "Closed: Linked to support and self-managing" in page
    assert "Reopen the case" in page
    assert "Record a session" not in page

    with time_machine.travel(at(10, 20)):
        assert worker.post(reverse("casework:reopen", args=[case.pk])).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert case.history.filter(status=CaseStatus.CLOSED, closure_reason="linked_self_managing")
    page = page_of(worker.get(case_url(case)))
    assert "Reopened" in page
    assert "Closed: Linked to support and self-managing" in page
    assert page.index("Reopened") < page.index("Closed: Linked to support")


def test_closing_needs_a_reason(wednesday_morning, world, worker):
    response = worker.post(
        reverse("casework:close", args=[world.case_x.pk]),
        {"closed_on": "2026-11-24", "version": 1},
    )
    assert response.status_code == 400
    assert "Select why the case is closing" in page_of(response)
    world.case_x.refresh_from_db()
    assert world.case_x.status == CaseStatus.OPEN


def test_a_closed_date_before_the_case_opened_is_refused(wednesday_morning, world, worker):
    case = world.case_x
    assert case.opened_on == date(2026, 10, 1)
    response = worker.post(
        reverse("casework:close", args=[case.pk]),
        {"reason": "goals_met", "closed_on": "2026-09-30", "version": case.version},
    )
    assert response.status_code == 400
    assert "The date closed cannot be before the case opened (01/10/2026)" in page_of(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert case.closed_on is None


def test_a_closed_date_in_the_future_is_refused(wednesday_morning, world, worker):
    response = worker.post(
        reverse("casework:close", args=[world.case_x.pk]),
        {"reason": "goals_met", "closed_on": "2026-11-26", "version": 1},
    )
    assert response.status_code == 400
    page = unescape(page_of(response))
    assert "The date closed cannot be in the future: enter today's date or the day support" in page


def test_the_practice_sees_closed_and_the_reason_for_their_referral(
    wednesday_morning, client, world
):
    referral = world.referral_x
    client.force_login(world.users["link_worker"])
    client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"link_worker": world.worker_a.pk, "version": referral.version},
    )
    referral.refresh_from_db()
    client.post(
        reverse("casework:close", args=[referral.case_id]),
        {
            "reason": "goals_met",
            "closed_on": "2026-11-25",
            "version": referral.case.version,
            **answered(referral.case),
        },
    )
    client.force_login(world.users["practice_staff"])
    for url in (reverse("referrals:list"), reverse("home:practice")):
        page = page_of(client.get(url))
        assert "Closed" in page
        assert "Goals met" in page
    assert client.get(case_url(referral.case)).status_code == 404


def test_the_case_page_is_audited_and_lists_what_is_booked(wednesday_morning, world, worker):
    page = page_of(worker.get(case_url(world.case_x)))
    assert "Booked" in page
    assert "Wednesday 25 November, 10:00" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW,
        object_type="casework.case",
        object_id=str(world.case_x.pk),
        actor=world.users["link_worker"],
    ).exists()


def test_a_worker_cannot_reach_another_workers_case_or_its_records(
    wednesday_morning, world, worker
):
    other = world.case_y
    goal = services.add_goal(case=other, by=world.users["other_link_worker"], wording="Mine")
    assert worker.get(case_url(other)).status_code == 404
    assert (
        worker.post(
            reverse("casework:goal", args=[goal.pk]), {"wording": "Changed", "version": 1}
        ).status_code
        == 404
    )
    assert Goal.objects.get(pk=goal.pk).wording == "Mine"
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW, person_id=other.person_id)
