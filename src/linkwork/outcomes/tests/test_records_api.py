"""Outcomes on a case through /api/v1/ with bearer tokens: the same rules as the pages."""

import re
from datetime import date

import pytest

from linkwork.audit.models import AuditEvent
from linkwork.casework.tests.test_api import errors_by_field
from linkwork.outcomes.models import GoalRating, QuestionnaireResponse, Story
from linkwork.outcomes.tests.factories import story_on
from linkwork.outcomes.tests.helpers import respond

pytestmark = pytest.mark.usefixtures("november")


def swemwbs(items, timepoint="baseline", on="2026-10-05", **extra):
    body = {"instrument": "swemwbs", "timepoint": timepoint, "completed_on": on, "items": items}
    return {**body, **extra}


def test_responses_are_recorded_scored_listed_and_judged(api, world):
    worker = api(world.users["link_worker"])
    case = world.case_x.pk
    first = worker.post(f"/cases/{case}/responses", swemwbs([3] * 7))
    assert first.status_code == 201
    body = first.json()
    assert (body["raw_score"], body["metric_score"], body["status"]) == (21, 19.25, "complete")
    later = swemwbs([4, 3, 4, 4, 3, 4, 3], timepoint="exit", on="2026-11-20", method="paper")
    assert worker.post(f"/cases/{case}/responses", later).json()["method"] == "paper"
    listed = worker.get(f"/cases/{case}/responses").json()
    assert [r["timepoint"] for r in listed] == ["baseline", "exit"]
    one = worker.get(f"/responses/{body['id']}").json()
    assert one["answers"] == [3] * 7
    assert one["scores"]["metric"] == "19.25"
    (change,) = worker.get(f"/cases/{case}/outcomes").json()
    assert change == {
        "instrument": "swemwbs",
        "measured_on": "metric",
        "baseline": 19.25,
        "follow_up": 22.35,
        "difference": 3.1,
        "threshold": 3.0,
        "direction": "improvement",
    }


def test_a_missing_item_is_kept_incomplete_and_bad_answers_are_422(api, world):
    worker = api(world.users["link_worker"])
    url = f"/cases/{world.case_x.pk}/responses"
    body = worker.post(url, swemwbs([3, None, 3, 3, 3, 3, 3])).json()
    assert (body["status"], body["raw_score"], body["metric_score"]) == ("incomplete", None, None)
    assert errors_by_field(worker.post(url, swemwbs([3, 9, 3, 3, 3, 3, 3])))["items"].startswith(
        "Item 2: 9 is out of range"
    )
    unknown = {**swemwbs([3] * 7), "instrument": "phq9"}
    assert "Unknown instrument" in errors_by_field(worker.post(url, unknown))["instrument"]
    future = swemwbs([3] * 7, on="2026-12-01")
    assert "future" in errors_by_field(worker.post(url, future))["completed_on"]
    link = swemwbs([3] * 7, method="link")
    assert worker.post(url, link).status_code == 422
    assert QuestionnaireResponse.objects.count() == 1


def test_no_one_else_reads_or_writes_a_cases_outcomes(api, world):
    case = world.case_x.pk
    for username in ("other_link_worker", "other_hscp_team_lead", "practice_staff"):
        other = api(world.users[username])
        assert other.get(f"/cases/{case}/responses").status_code == 404
        assert other.post(f"/cases/{case}/responses", swemwbs([3] * 7)).status_code == 404
    assert not QuestionnaireResponse.objects.exists()


def test_a_wrongly_entered_response_is_corrected_keeping_the_earlier_version(api, world):
    worker = api(world.users["link_worker"])
    made = worker.post(f"/cases/{world.case_x.pk}/responses", swemwbs([3] * 7)).json()
    url = f"/responses/{made['id']}"
    body = {
        "version": made["version"],
        "timepoint": "baseline",
        "completed_on": "2026-10-05",
        "items": [4] * 7,
        "reason": "Typed item answers from the wrong sheet",
    }
    assert errors_by_field(worker.put(url, {**body, "items": [4] * 6}))["items"]
    assert errors_by_field(worker.put(url, {**body, "completed_on": "2026-12-01"}))["completed_on"]
    corrected = worker.put(url, body)
    assert corrected.status_code == 200
    assert (corrected.json()["raw_score"], corrected.json()["metric_score"]) == (28, 25.03)
    stale = worker.put(url, body)
    assert stale.status_code == 409
    response = QuestionnaireResponse.objects.get(pk=made["id"])
    earlier, latest = response.history.order_by("history_date")[:2]
    assert earlier.answers == [3] * 7
    assert latest.history_change_reason == "Typed item answers from the wrong sheet"
    assert latest.history_user == world.users["link_worker"]
    other = api(world.users["other_link_worker"])
    assert other.put(url, {**body, "version": corrected.json()["version"]}).status_code == 404
    assert QuestionnaireResponse.objects.get(pk=made["id"]).answers == [4] * 7


def test_goal_ratings_through_the_api(api, world):
    worker = api(world.users["link_worker"])
    goal = world.goal_x.pk
    made = worker.post(
        f"/goals/{goal}/ratings", {"timepoint": "baseline", "rating": 3, "rated_on": "2026-10-05"}
    )
    assert made.status_code == 201
    out_of_range = {"timepoint": "review", "rating": 11, "rated_on": "2026-11-05"}
    assert errors_by_field(worker.post(f"/goals/{goal}/ratings", out_of_range))["rating"]
    assert [r["rating"] for r in worker.get(f"/goals/{goal}/ratings").json()] == [3]
    other = api(world.users["other_link_worker"])
    assert other.get(f"/goals/{goal}/ratings").status_code == 404
    assert GoalRating.objects.count() == 1


def test_stories_are_scanned_and_chosen_by_team_leads(api, world):
    worker = api(world.users["link_worker"])
    case = world.case_x.pk
    name = world.case_x.person.family_name
    warned = worker.post(
        f"/cases/{case}/stories", {"text": f"{name} floated", "consent": True, "shareable": True}
    )
    assert f"a name: “{name}”" in errors_by_field(warned)["acknowledged"]
    made = worker.post(
        f"/cases/{case}/stories",
        {"text": "I floated up the road", "consent": True, "shareable": True},
    ).json()
    assert made["shareable"] is True
    assert [s["id"] for s in worker.get(f"/cases/{case}/stories").json()] == [made["id"]]
    assert worker.get(f"/stories/{made['id']}").json()["text"] == "I floated up the road"
    assert worker.post(f"/stories/{made['id']}/choose", {"for_reports": True}).status_code == 403
    lead = api(world.users["team_lead"])
    chosen = lead.post(f"/stories/{made['id']}/choose", {"for_reports": True})
    assert chosen.json()["for_reports"] is True
    changed = worker.patch(
        f"/stories/{made['id']}",
        {
            "text": "I floated home",
            "consent": True,
            "shareable": True,
            "version": chosen.json()["version"],
        },
    )
    assert changed.json()["for_reports"] is False
    stale = {"text": "x", "consent": True, "shareable": False, "version": 1}
    assert worker.patch(f"/stories/{made['id']}", stale).status_code == 409
    other_lead = api(world.users["other_hscp_team_lead"])
    assert (
        other_lead.post(f"/stories/{made['id']}/choose", {"for_reports": True}).status_code == 404
    )


def test_a_private_story_cannot_be_chosen(api, world):
    story = Story.objects.get(pk=story_on(world.case_x, shareable=False).pk)
    lead = api(world.users["team_lead"])
    response = lead.post(f"/stories/{story.pk}/choose", {"for_reports": True})
    assert "Only a shareable story" in errors_by_field(response)["for_reports"]


def test_feedback_through_the_api(api, world):
    worker = api(world.users["link_worker"])
    url = f"/cases/{world.case_x.pk}/feedback"
    assert errors_by_field(worker.post(url, {"completed_on": "2026-11-20"}))["how_helpful"]
    made = worker.post(url, {"how_helpful": "very", "completed_on": "2026-11-20"})
    assert made.status_code == 201
    assert [f["how_helpful"] for f in worker.get(url).json()] == ["very"]


def test_reads_are_audited(api, world):
    worker = api(world.users["link_worker"])
    worker.get(f"/cases/{world.case_x.pk}/responses")
    assert AuditEvent.objects.filter(action="view", person_id=world.case_x.person_id).exists()


def test_the_api_cannot_share_a_story_without_the_warnings_code(api, world):
    worker = api(world.users["link_worker"])
    case = world.case_x.pk
    story = {"text": "Ring 0141 123 4567", "consent": True, "shareable": True}
    warned = worker.post(f"/cases/{case}/stories", {**story, "acknowledged": "guess"})
    assert warned.status_code == 422
    message = errors_by_field(warned)["acknowledged"]
    assert "a phone number: “0141 123 4567”" in message
    code = re.search(r'acknowledged: "(\w+)"', message).group(1)
    made = worker.post(f"/cases/{case}/stories", {**story, "acknowledged": code})
    assert made.status_code == 201
    assert made.json()["flagged_kinds"] == ["phone"]
    more = {**story, "text": "Ring 0141 123 4567 or jo@example.org", "acknowledged": code}
    changed = worker.patch(f"/stories/{made.json()['id']}", {**more, "version": 1})
    assert changed.status_code == 422
    assert Story.objects.get().text == "Ring 0141 123 4567"
    assert worker.post(f"/cases/{case}/stories", {**story, "checked": True}).status_code == 422


def test_the_api_refuses_a_second_baseline_naming_the_field(api, world):
    respond(world.case_x, [3] * 7, on=date(2026, 10, 5))
    worker = api(world.users["link_worker"])
    body = {
        "instrument": "swemwbs",
        "timepoint": "baseline",
        "items": [4] * 7,
        "completed_on": "2026-10-06",
    }
    refused = worker.post(f"/cases/{world.case_x.pk}/responses", body)
    assert refused.status_code == 422
    assert "already has a baseline" in errors_by_field(refused)["timepoint"]
