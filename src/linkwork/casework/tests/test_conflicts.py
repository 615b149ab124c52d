"""Two people editing the same record from one version: the second is told, and what
they typed is kept."""

from django.urls import reverse

from linkwork.casework.models import Action, ActionStatus, CaseStatus, Goal, Session
from linkwork.casework.tests.helpers import answered, page_of

CONFLICT = "Someone else changed this"


def test_two_goal_edits_from_one_version_the_second_is_told(wednesday_morning, world, worker):
    url = reverse("casework:goal", args=[world.goal_x.pk])
    first = worker.post(url, {"wording": "Get out to the garden every day", "version": 1})
    assert first.status_code == 302
    second = worker.post(url, {"wording": "Grow tomatoes", "version": 1})
    assert second.status_code == 400
    page = page_of(second)
    assert "Someone else changed this goal while you were editing it" in page
    assert "Grow tomatoes" in page  # what they typed is kept to copy from
    assert Goal.objects.get(pk=world.goal_x.pk).wording == "Get out to the garden every day"


def test_two_action_edits_from_one_version_the_second_is_told(wednesday_morning, world, worker):
    url = reverse("casework:action", args=[world.action_x.pk])
    base = {"description": "Call the council", "owner": "Jim", "version": 1}
    assert worker.post(url, {**base, "progress": "Left a message"}).status_code == 302
    second = worker.post(url, {**base, "status": "done", "progress": "Done"})
    assert second.status_code == 400
    assert CONFLICT in page_of(second)
    action = Action.objects.get(pk=world.action_x.pk)
    assert (action.progress, action.status, action.completed_on) == (
        "Left a message",
        ActionStatus.TO_DO,
        None,
    )


def test_two_session_outcomes_from_one_version_the_second_is_told(wednesday_morning, world, worker):
    url = reverse("casework:session", args=[world.session_x.pk])
    worker.post(url, {"outcome": "attended", "duration_minutes": "60", "version": 1})
    second = worker.post(url, {"outcome": "did_not_attend", "duration_minutes": "5", "version": 1})
    assert second.status_code == 400
    assert CONFLICT in page_of(second)
    session = Session.objects.get(pk=world.session_x.pk)
    assert (session.outcome, session.duration_minutes) == ("attended", 60)


def test_complexity_and_closure_from_one_version_the_second_is_told(
    wednesday_morning, client, world
):
    case = world.case_x
    client.force_login(world.users["team_lead"])
    client.post(
        reverse("casework:set_complexity", args=[case.pk]), {"complexity": "mid", "version": 1}
    )
    client.force_login(world.users["link_worker"])
    second = client.post(
        reverse("casework:close", args=[case.pk]),
        {"reason": "goals_met", "closed_on": "2026-11-25", "version": 1, **answered(case)},
    )
    assert second.status_code == 400
    assert "Someone else changed this case while you were editing it" in page_of(second)
    case.refresh_from_db()
    assert (case.status, case.complexity) == (CaseStatus.OPEN, "mid")
