"""Two people editing the same record from one version: the second is told, and what
they typed is kept."""

import html
import re

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


# Told AND shown (decision 0114): each field someone else saved says what it holds now,
# beside what the second person typed, and saving again keeps theirs.


def version_on(page: str) -> int:
    return int(re.search(r'name="version" value="(\d+)"', page).group(1))


def test_the_second_goal_edit_is_shown_what_changed_and_may_save_again(
    wednesday_morning, world, worker
):
    url = reverse("casework:goal", args=[world.goal_x.pk])
    worker.post(url, {"wording": "Get out to the garden every day", "version": 1})
    second = worker.post(url, {"wording": "Grow tomatoes", "version": 1})
    page = html.unescape(page_of(second))
    assert "Someone else saved “Get out to the garden every day” here" in page
    assert ">Grow tomatoes</textarea>" in page or 'value="Grow tomatoes"' in page
    again = worker.post(url, {"wording": "Grow tomatoes", "version": version_on(page)})
    assert again.status_code == 302
    assert Goal.objects.get(pk=world.goal_x.pk).wording == "Grow tomatoes"


def test_two_people_sharing_a_case_with_the_practice_the_second_is_shown_what_changed(
    wednesday_morning, client, world
):
    url = reverse("casework:practice_sharing", args=[world.case_x.pk])
    client.force_login(world.users["team_lead"])
    first = {"shares_with_practice": "on", "practice_summary": "Back at the allotment"}
    assert client.post(url, {**first, "version": 1}).status_code == 302
    client.force_login(world.users["link_worker"])
    second = client.post(url, {**first, "practice_summary": "Doing well", "version": 1})
    assert second.status_code == 400
    page = html.unescape(page_of(second))
    assert "Someone else saved “Back at the allotment” here" in page
    assert "Doing well" in page  # what they typed, kept
    world.case_x.refresh_from_db()
    assert world.case_x.practice_summary == "Back at the allotment"


def test_the_api_409_names_each_change_with_its_value_now(wednesday_morning, world, api):
    worker = api(world.users["link_worker"])
    path = f"/goals/{world.goal_x.pk}"
    assert worker.patch(path, {"version": 1, "wording": "Walk every day"}).status_code == 200
    stale = worker.patch(path, {"version": 1, "wording": "Swim on Fridays"})
    assert stale.status_code == 409
    assert "wording: now “Walk every day”" in stale.json()["detail"]
    assert "the version it now has (2)" in stale.json()["detail"]
    assert Goal.objects.get(pk=world.goal_x.pk).wording == "Walk every day"


def test_the_api_409_for_a_case(wednesday_morning, world, api):
    path = f"/cases/{world.case_x.pk}"
    lead = api(world.users["team_lead"])
    assert lead.patch(path, {"version": 1, "complexity": "high"}).status_code == 200
    stale = api(world.users["link_worker"]).patch(path, {"version": 1, "complexity": "low"})
    assert stale.status_code == 409
    assert "now “High complexity”" in stale.json()["detail"]
    world.case_x.refresh_from_db()
    assert world.case_x.complexity == "high"
