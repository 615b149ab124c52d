"""The case timeline's order: records known by their date sit at the moment they were
written when that was on their day, so they sort true against timed entries; closing and
reopening read in the order they happened."""

from datetime import timedelta

import time_machine
from django.urls import reverse

from linkwork.casefile.timeline import timeline
from linkwork.casework import services
from linkwork.casework.tests.helpers import TODAY, at, refer_again
from linkwork.core import clock
from linkwork.referrals import services as referrals


def _titles(case) -> list[str]:
    return [entry.title.split(":")[0] for entry in timeline(case)]


def _phone_call(world, hour: int):
    return services.record_session(
        case=world.case_x,
        by=world.users["link_worker"],
        starts_at=at(hour),
        mode="phone",
        duration_minutes=20,
        outcome="attended",
    )


def test_a_goal_and_a_need_written_after_a_session_sit_above_it(wednesday_morning, world):
    worker = world.users["link_worker"]
    with time_machine.travel(at(12), tick=False):
        _phone_call(world, 11)
        goal = services.add_goal(case=world.case_x, by=worker, wording="Sleep better")
        services.add_identified_need(case=world.case_x, by=worker, need="debt")
    entries = timeline(world.case_x)
    titles = [entry.title for entry in entries]
    assert titles.index("Need identified: Debt") < titles.index("Session: Phone · Attended")
    assert titles.index("Goal: “Sleep better”") < titles.index("Session: Phone · Attended")
    written = next(entry for entry in entries if entry.title.startswith("Goal: “Sleep"))
    assert (written.all_day, written.at) == (
        False,
        goal.history.earliest("history_date").history_date,
    )


def test_close_then_reopen_reads_newest_first(wednesday_morning, world):
    worker = world.users["link_worker"]
    with time_machine.travel(at(12), tick=False):
        _phone_call(world, 11)
    with time_machine.travel(at(15), tick=False):
        case = services.close_case(
            case=world.case_x,
            by=worker,
            reason="goals_met",
            closed_on=TODAY,
        )
    with time_machine.travel(at(16), tick=False):
        services.reopen_case(case=case, by=worker)
    titles = _titles(world.case_x)
    assert titles.index("Reopened") < titles.index("Closed") < titles.index("Session")
    closed = next(entry for entry in timeline(world.case_x) if entry.kind == "closure")
    assert (closed.at, closed.all_day) == (at(15), False)


def test_a_closure_dated_earlier_than_it_was_recorded_sits_on_its_own_day(wednesday_morning, world):
    worker = world.users["link_worker"]
    yesterday = TODAY - timedelta(days=1)
    with time_machine.travel(at(11), tick=False):
        services.close_case(
            case=world.case_x,
            by=worker,
            reason="moved_away",
            closed_on=yesterday,
        )
    closed = next(entry for entry in timeline(world.case_x) if entry.kind == "closure")
    assert (closed.at, closed.all_day) == (at(0, day=yesterday), True)


def test_a_referral_sits_at_the_time_it_was_made(wednesday_morning, world):
    with time_machine.travel(at(12), tick=False):
        _phone_call(world, 11)
        referral = refer_again(world)
        referrals.mark_duplicate(referral=referral, by=world.users["link_worker"])
    titles = _titles(world.case_x)
    assert titles.index("Referred by GP (Referral form in this system)") < titles.index("Session")


def test_history_written_as_of_another_day_falls_back_to_the_start_of_the_day(
    wednesday_morning, world
):
    worker = world.users["link_worker"]
    with clock.as_of(at(9, day=TODAY + timedelta(days=2))):
        services.add_goal(case=world.case_x, by=worker, wording="Walk the dog", on=TODAY)
    goal = next(entry for entry in timeline(world.case_x) if "Walk the dog" in entry.title)
    assert (goal.at, goal.all_day) == (at(0), True)


def test_an_action_done_sits_at_the_time_it_was_marked_done(wednesday_morning, world):
    with time_machine.travel(at(12), tick=False):
        _phone_call(world, 11)
        services.update_action(action=world.action_x, by=world.users["link_worker"], status="done")
    titles = _titles(world.case_x)
    assert titles.index("Action done") < titles.index("Session")


def test_a_session_booked_by_the_practice_says_so_and_who_recorded_it(
    wednesday_morning, world, worker
):
    staff, lw = world.users["practice_staff"], world.users["link_worker"]
    booked = services.record_session(
        case=world.case_x, by=staff, starts_at=at(9), mode="in_practice", duration_minutes=60
    )
    entry = next(
        e
        for e in timeline(world.case_x)
        if e.kind == "session" and e.href.endswith(f"/{booked.pk}/")
    )
    assert entry.by == f"Booked by {staff.get_full_name()} (practice)"
    services.update_session(session=booked, by=lw, outcome="attended")
    entry = next(
        e
        for e in timeline(world.case_x)
        if e.kind == "session" and e.href.endswith(f"/{booked.pk}/")
    )
    assert entry.by == (
        f"Recorded by {lw.get_full_name()}; booked by {staff.get_full_name()} (practice)"
    )
    page = worker.get(reverse("casework:case_detail", args=[world.case_x.pk])).content.decode()
    assert f"booked by {staff.get_full_name()} (practice)" in page


def test_a_session_the_worker_booked_is_theirs_alone(wednesday_morning, world):
    entry = next(e for e in timeline(world.case_x) if e.kind == "session")
    assert entry.by == world.users["link_worker"].get_full_name()
