"""The casework API's refusals: bad input names the field and the fix; a stale version
is a 409 with the service's message; neither changes anything."""

import pytest

from linkwork.casework import services
from linkwork.casework.rules import RECORDED_IN_FUTURE
from linkwork.casework.tests.helpers import close_answers
from linkwork.casework.tests.test_api import (
    errors_by_field,
    send,
    snapshot,
)
from linkwork.core.api import VERSION_WRONG

# Bad input: each refusal names the field and says how to put it right


@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        (
            "sessions",
            {
                "starts_at": "2099-01-01T10:00",
                "mode": "phone",
                "duration_minutes": 30,
                "outcome": "attended",
            },
            "starts_at",
            RECORDED_IN_FUTURE,
        ),
        (
            "sessions",
            {"starts_at": "2026-01-01T10:00", "mode": "carrier_pigeon", "duration_minutes": 30},
            "mode",
            "'carrier_pigeon' is not one of the session mode codes: use one of in_practice, "
            "phone, video, home_visit, community_venue, group",
        ),
        (
            "sessions",
            {"starts_at": "2026-01-01T10:00", "mode": "phone", "duration_minutes": 0},
            "duration_minutes",
            "Enter a length of at least 1 minute",
        ),
        (
            "sessions",
            {
                "starts_at": "2026-01-01T10:00",
                "mode": "phone",
                "duration_minutes": 30,
                "venue": "café",
            },
            "venue",
            "Leave out venue: this request does not take it (check its spelling against the "
            "API documentation)",
        ),
        ("goals", {"wording": "   "}, "wording", "Write the goal in the person's own words"),
        ("notes", {"text": ""}, "text", "Write the note"),
        (
            "needs",
            {"need": "food", "detail": "x" * 301},
            "detail",
            "Shorten the detail to 300 characters or fewer",
        ),
        (
            "close",
            {"version": 1, "reason": "goals_met", "closed_on": "2099-01-01"},
            "closed_on",
            "The date closed cannot be in the future: enter today's date or the day support ended",
        ),
        (
            "close",
            {"version": 1, "reason": "goals_met", "closed_on": "2026-09-30"},
            "closed_on",
            "The date closed cannot be before the case opened (2026-10-01)",
        ),
        (
            "close",
            {"version": 1, "reason": "bored", "closed_on": "2026-10-02"},
            "reason",
            "'bored' is not one of the closure reason codes: use one of goals_met, "
            "linked_self_managing, did_not_engage, declined, moved_away, referred_elsewhere, "
            "died, other",
        ),
    ],
)
def test_bad_case_input_names_the_field_and_the_fix(api, world, path, body, field, message):
    before = snapshot(world.case_x)
    response = api(world.users["link_worker"]).post(f"/cases/{world.case_x.pk}/{path}", body)
    assert errors_by_field(response)[field] == message
    assert snapshot(world.case_x) == before


@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        ("actions", {"version": 1, "description": ""}, "description", "Describe the action"),
        ("actions", {"version": 1, "owner": None}, "owner", "Send the owner as text in quotes"),
        (
            "actions",
            {"version": 1, "status": "finished"},
            "status",
            "Choose the status from 'to_do', 'in_progress', 'done' or 'stopped'",
        ),
        (
            "goals",
            {"version": 1, "status": "won"},
            "status",
            "Choose the status from 'active', 'achieved' or 'stopped'",
        ),
        ("sessions", {"version": 1, "note": None}, "note", "Send the note as text in quotes"),
        ("sessions", {"outcome": "attended"}, "version", "Send the version: it is needed here"),
        (
            "sessions",
            {"version": 1, "outcome": "attended", "starts_at": "2099-01-01T10:00"},
            "outcome",
            "This session is still to come: record whether the person came once it has "
            "happened, or record a cancellation now",
        ),
    ],
)
def test_bad_changes_name_the_field(api, world, path, body, field, message):
    record = {"actions": world.action_x, "goals": world.goal_x, "sessions": world.session_x}[path]
    before = snapshot(world.case_x)
    response = api(world.users["link_worker"]).patch(f"/{path}/{record.pk}", body)
    assert errors_by_field(response)[field] == message
    assert snapshot(world.case_x) == before


# A stale version: 409 with the service's message, and nothing changed


@pytest.mark.parametrize(
    ("path", "body", "label", "changed"),
    [
        ("/cases/{case}", {"complexity": "low"}, "case", "complexity"),
        (
            "/cases/{case}/close",
            {"reason": "other", "closed_on": "2026-10-02"},
            "case",
            "complexity",
        ),
        ("/sessions/{session}", {"outcome": "did_not_attend"}, "session", "note"),
        ("/goals/{goal}", {"wording": "Something else"}, "goal", "wording"),
        ("/actions/{action}", {"status": "done"}, "action", "owner"),
    ],
)
def test_a_stale_version_is_a_409_and_changes_nothing(api, world, path, body, label, changed):
    ids = {
        "case": world.case_x.pk,
        "session": world.session_x.pk,
        "goal": world.goal_x.pk,
        "action": world.action_x.pk,
    }
    # Someone else saved first: the team lead's change moves every record to version 2.
    lead = world.users["team_lead"]
    services.set_complexity(case=world.case_x, by=lead, complexity="mid")
    services.update_session(session=world.session_x, by=lead, note="Rearranged")
    services.update_goal(goal=world.goal_x, by=lead, wording="Get out to the garden daily")
    services.update_action(action=world.action_x, by=lead, owner="Jim's daughter")
    before = snapshot(world.case_x)
    worker = api(world.users["link_worker"])
    url = path.format(**ids)
    response = send(
        worker,
        "POST" if url.endswith("close") else "PATCH",
        url,
        {**body, "version": 1, **(close_answers(world) if url.endswith("close") else {})},
    )
    assert response.status_code == 409
    detail = response.json()["detail"]
    # Each field someone else changed, with what it holds now, and the version to send.
    assert detail.startswith(f"This {label} was changed by someone else since you read it ")
    assert f"({changed}: now “" in detail
    assert detail.endswith("fetch it again and reapply your change with the version it now has (2)")
    assert snapshot(world.case_x) == before


@pytest.mark.parametrize("version", [0, -1, 2**31])
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "/cases/{case}", {"complexity": "low"}),
        ("PATCH", "/sessions/{session}", {"outcome": "did_not_attend"}),
        ("PATCH", "/goals/{goal}", {"wording": "Something else"}),
        ("POST", "/referrals/{referral}/accept", {"link_worker_id": 0}),
    ],
)
def test_a_version_no_record_has_is_a_422_naming_it(api, world, method, path, body, version):
    url = path.format(
        case=world.case_x.pk,
        session=world.session_x.pk,
        goal=world.goal_x.pk,
        referral=world.referral_x.pk,
    )
    before = snapshot(world.case_x)
    response = send(api(world.users["link_worker"]), method, url, {**body, "version": version})
    assert response.status_code == 422
    assert errors_by_field(response)["version"] == VERSION_WRONG
    assert snapshot(world.case_x) == before


# Which dates a session may have: one rule (rules.session_timing_errors) for page and API


def _dates_refused(world):
    """(date, the refusal) for a day before the referral and one beyond a year ahead."""
    from datetime import timedelta

    from django.utils import timezone

    from linkwork.casework import rules

    first = rules.received_on(world.case_x)
    before = rules.BEFORE_REFERRAL.format(received=f"{first:%-d %B %Y}")
    too_far = timezone.localdate() + timedelta(days=400)
    return [(first - timedelta(days=1), before), (too_far, rules.BOOKED_TOO_FAR)]


def test_a_session_date_the_rules_refuse_is_named_over_the_api(api, world):
    worker = api(world.users["link_worker"])
    for day, message in _dates_refused(world):
        before = snapshot(world.case_x)
        body = {"starts_at": f"{day}T10:00", "mode": "phone", "duration_minutes": 30}
        booked = worker.post(f"/cases/{world.case_x.pk}/sessions", body)
        assert errors_by_field(booked)["starts_at"] == message
        moved = worker.patch(
            f"/sessions/{world.session_x.pk}",
            {"version": world.session_x.version, "starts_at": f"{day}T10:00"},
        )
        assert errors_by_field(moved)["starts_at"] == message
        assert snapshot(world.case_x) == before


def test_the_session_pages_refuse_the_same_dates_in_the_same_words(world, client):
    from django.urls import reverse

    from linkwork.casework.tests.helpers import page_of

    client.force_login(world.users["link_worker"])
    for day, message in _dates_refused(world):
        before = snapshot(world.case_x)
        url = reverse("casework:book_session", args=[world.case_x.pk])
        data = {"date": day.isoformat(), "time": "10:00", "mode": "phone", "duration_minutes": 30}
        response = client.post(url, data)
        assert response.status_code == 400
        assert message in page_of(response)
        assert snapshot(world.case_x) == before
