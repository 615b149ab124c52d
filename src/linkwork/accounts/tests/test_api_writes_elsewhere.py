"""A metatest over every API operation that writes: each role, against another worker's,
practice's, organisation's and HSCP's records, is refused and nothing is written.

Each operation carries a body that the one user named last (who may do it) sends
successfully at the end, so a refusal above it is the authorisation's, not a body ninja
refused before any rule ran. A new write operation fails here until it is listed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from linkwork.accounts.tests.test_authorisation import ALL_USERS
from linkwork.accounts.tests.test_url_access import (
    CASE_WORKERS,
    PARTNER,
    SERVICE_X_KEEPERS,
    _outcome_records,
    _slot_of,
    next_week_on_a_weekday,
)
from linkwork.accounts.tests.writes import Writes
from linkwork.casework import services as casework
from linkwork.casework.tests.test_api import ApiClient
from linkwork.config.api import api


def close_answers(world) -> dict:
    from linkwork.casework.tests.helpers import close_answers as answers

    return answers(world)


def _today():
    return timezone.localdate().isoformat()


def _soon(hours=1):
    return (timezone.now() + timedelta(hours=hours)).isoformat()


def _close_case_x(w):
    casework.close_case(
        case=w.case_x, by=w.users["link_worker"], reason="goals_met", closed_on=timezone.localdate()
    )
    w.case_x.refresh_from_db()


def _shareable_story(w):
    story = _outcome_records(w)[1]
    type(story).objects.filter(pk=story.pk).update(shareable=True, consent_to_share=True)
    return story


def _awaiting_verification(w):
    type(w.referral_x).objects.filter(pk=w.referral_x.pk).update(status="awaiting_verification")
    w.referral_x.refresh_from_db()


def _social_outcome(w):
    w.social_outcome_x = casework.record_social_outcome(
        case=w.case_x, by=w.users["link_worker"], kind="joined_group"
    )


def _checked_in(w):
    casework.check_in(
        session=w.session_x, by=w.users["link_worker"], expected_back_at=timezone.now()
    )


# (method, path) -> (who may, the user who does it last, path values, body, preparation)
OPERATIONS = {
    ("PATCH", "/cases/{case_id}"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"case_id": w.case_x.pk},
        lambda w: {"version": w.case_x.version, "complexity": "high"},
        None,
    ),
    ("POST", "/cases/{case_id}/sessions"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"case_id": w.case_x.pk},
        lambda w: {"starts_at": _soon(24), "mode": "phone", "duration_minutes": 30},
        None,
    ),
    ("POST", "/cases/{case_id}/goals"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"case_id": w.case_x.pk},
        lambda w: {"wording": "Join the walking group"},
        None,
    ),
    ("POST", "/cases/{case_id}/needs"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"case_id": w.case_x.pk},
        lambda w: {"need": "food"},
        None,
    ),
    ("POST", "/cases/{case_id}/notes"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"case_id": w.case_x.pk},
        lambda w: {"text": "Called back"},
        None,
    ),
    ("POST", "/cases/{case_id}/close"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"case_id": w.case_x.pk},
        lambda w: {
            "version": w.case_x.version,
            "reason": "goals_met",
            "closed_on": _today(),
            **close_answers(w),
        },
        None,
    ),
    ("POST", "/cases/{case_id}/reopen"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"case_id": w.case_x.pk},
        None,
        _close_case_x,
    ),
    ("POST", "/cases/{case_id}/reassign"): (
        {"team_lead"},
        "team_lead",
        lambda w: {"case_id": w.case_x.pk},
        lambda w: {"link_worker_id": w.worker_a2.pk},
        None,
    ),
    ("PATCH", "/cases/{case_id}/person"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"case_id": w.case_x.pk},
        lambda w: {"version": w.case_x.person.version, "phone": "0141 496 0000"},
        None,
    ),
    ("POST", "/cases/{case_id}/social-outcomes"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"case_id": w.case_x.pk},
        lambda w: {"kind": "income_gained", "amount": 25.5, "period": "weekly"},
        None,
    ),
    ("PATCH", "/social-outcomes/{outcome_id}"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"outcome_id": w.social_outcome_x.pk},
        lambda w: {"version": w.social_outcome_x.version, "evidence": "Letter seen"},
        _social_outcome,
    ),
    ("PATCH", "/sessions/{session_id}"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"session_id": w.session_x.pk},
        lambda w: {"version": w.session_x.version, "note": "Went well"},
        None,
    ),
    ("PATCH", "/goals/{goal_id}"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"goal_id": w.goal_x.pk},
        lambda w: {"version": w.goal_x.version, "wording": "Out to the garden daily"},
        None,
    ),
    ("POST", "/goals/{goal_id}/actions"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"goal_id": w.goal_x.pk},
        lambda w: {"description": "Buy seeds", "owner": "Jim"},
        None,
    ),
    ("PATCH", "/actions/{action_id}"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"action_id": w.action_x.pk},
        lambda w: {"version": w.action_x.version, "progress": "Phoned"},
        None,
    ),
    ("PATCH", "/notes/{note_id}"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"note_id": w.note_x.pk},
        lambda w: {"version": w.note_x.version, "text": "Prefers afternoons"},
        None,
    ),
    ("POST", "/sessions/{session_id}/check-in"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"session_id": w.session_x.pk},
        lambda w: {"expected_back_at": _soon()},
        None,
    ),
    ("POST", "/sessions/{session_id}/check-out"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"session_id": w.session_x.pk},
        None,
        _checked_in,
    ),
    ("POST", "/referrals"): (
        {"link_worker", "team_lead", "practice_staff"},
        "practice_staff",
        lambda w: {},
        lambda w: {
            "practice_code": w.practice_x.code,
            "person": {
                "given_name": "Ann",
                "family_name": "Other",
                "date_of_birth": "1970-01-02",
                "sex": "female",
                "phone": "0141 496 0001",
            },
            "reasons": ["housing"],
            "consent_to_referral": True,
        },
        None,
    ),
    ("POST", "/referrals/{referral_id}/accept"): (
        {"link_worker", "team_lead"},
        "link_worker",
        lambda w: {"referral_id": w.referral_x.pk},
        lambda w: {"link_worker_id": w.worker_a.pk, "version": w.referral_x.version},
        None,
    ),
    ("POST", "/referrals/{referral_id}/decline"): (
        {"link_worker", "team_lead"},
        "link_worker",
        lambda w: {"referral_id": w.referral_x.pk},
        lambda w: {"reason": "other", "feedback": "Try the CAB", "version": w.referral_x.version},
        None,
    ),
    ("POST", "/referrals/{referral_id}/duplicate"): (
        {"link_worker", "team_lead"},
        None,  # referral_x's person has no open case: even they are refused (409)
        lambda w: {"referral_id": w.referral_x.pk},
        lambda w: {"version": w.referral_x.version},
        None,
    ),
    ("POST", "/referrals/{referral_id}/verify"): (
        {"practice_staff"},
        "practice_staff",
        lambda w: {"referral_id": w.referral_x.pk},
        lambda w: {"version": w.referral_x.version},
        _awaiting_verification,
    ),
    ("POST", "/referrals/{referral_id}/not-our-patient"): (
        {"practice_staff"},
        "practice_staff",
        lambda w: {"referral_id": w.referral_x.pk},
        lambda w: {"version": w.referral_x.version},
        _awaiting_verification,
    ),
    ("PUT", "/practices/{code}/intake"): (
        {"team_lead"},
        "team_lead",
        lambda w: {"code": w.practice_x.code},
        lambda w: {"status": "paused", "expected_wait_weeks": 4},
        None,
    ),
    ("POST", "/slots"): (
        {"link_worker"},
        "link_worker",
        lambda w: {},
        lambda w: {
            "practice_code": w.practice_x.code,
            "starts_at": next_week_on_a_weekday().isoformat(),
        },
        None,
    ),
    ("DELETE", "/slots/{slot_id}"): (
        {"link_worker"},
        "link_worker",
        lambda w: {"slot_id": _slot_of(w.worker_a).pk},
        None,
        None,
    ),
    ("POST", "/cases/{case_id}/responses"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"case_id": w.case_x.pk},
        lambda w: {
            "instrument": "ons4",
            "timepoint": "baseline",
            "completed_on": _today(),
            "items": [5, 5, 5, 5],
        },
        None,
    ),
    ("PUT", "/responses/{response_id}"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"response_id": w.response.pk},
        lambda w: {
            "version": w.response.version,
            "timepoint": w.response.timepoint,
            "completed_on": w.response.completed_on.isoformat(),
            "items": [1, 2, 3, 4, 5, 4, 3],
            "reason": "Entered wrongly",
        },
        lambda w: setattr(w, "response", _outcome_records(w)[0]),
    ),
    ("POST", "/goals/{goal_id}/ratings"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"goal_id": w.goal_x.pk},
        lambda w: {"timepoint": "baseline", "rating": 3, "rated_on": _today()},
        None,
    ),
    ("POST", "/cases/{case_id}/stories"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"case_id": w.case_x.pk},
        lambda w: {"text": "I go to the garden now"},
        None,
    ),
    ("PATCH", "/stories/{story_id}"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"story_id": w.story.pk},
        lambda w: {"version": w.story.version, "text": "I go to the garden every day"},
        lambda w: setattr(w, "story", _outcome_records(w)[1]),
    ),
    ("POST", "/stories/{story_id}/choose"): (
        {"team_lead"},
        "team_lead",
        lambda w: {"story_id": w.story.pk},
        lambda w: {"for_reports": True},
        lambda w: setattr(w, "story", _shareable_story(w)),
    ),
    ("POST", "/cases/{case_id}/feedback"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"case_id": w.case_x.pk},
        lambda w: {"completed_on": _today(), "how_helpful": "very"},
        _close_case_x,
    ),
    ("POST", "/directory/services/{service_id}/capacity"): (
        SERVICE_X_KEEPERS | PARTNER,
        "community_partner",
        lambda w: {"service_id": w.service_x.pk},
        lambda w: {"status": "full"},
        None,
    ),
    ("POST", "/directory/services/{service_id}/verify"): (
        SERVICE_X_KEEPERS,
        "link_worker",
        lambda w: {"service_id": w.service_x.pk},
        lambda w: {"note": "Phoned them"},
        None,
    ),
    ("POST", "/directory/unmet-needs"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {},
        lambda w: {"need": "food", "reason": "none_exists", "case_id": w.case_x.pk},
        None,
    ),
    ("POST", "/cases/{case_id}/links"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"case_id": w.case_x.pk},
        lambda w: {"service_id": w.service_x.pk, "need": "physical_activity", "signpost": True},
        None,
    ),
    ("POST", "/links/{link_id}/steps"): (
        CASE_WORKERS | PARTNER,
        "community_partner",
        lambda w: {"link_id": w.link_x.pk},
        lambda w: {"status": "acknowledged"},
        None,
    ),
    ("POST", "/links/{link_id}/chased"): (
        CASE_WORKERS,
        "link_worker",
        lambda w: {"link_id": w.link_x.pk},
        None,
        None,
    ),
}
# Writes about nobody's record: scoring a questionnaire stores nothing.
NOT_RECORDS = {("POST", "/instruments/{name}/score")}


def _write_operations():
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method in methods:
            if method != "get":
                yield method.upper(), path.removeprefix("/api/v1")


def test_every_write_operation_is_listed():
    missing = set(_write_operations()) - set(OPERATIONS) - NOT_RECORDS
    assert not missing, f"Add these to OPERATIONS with who may: {sorted(missing)}"


def _call(client: ApiClient, method: str, path: str, body):
    if method == "DELETE":
        return client.delete(path)
    sender = {"POST": client.post, "PATCH": client.patch, "PUT": client.put}[method]
    return sender(path, body if body is not None else {})


@pytest.mark.parametrize(("method", "path"), sorted(OPERATIONS))
def test_no_one_else_writes_through_the_api(world, method, path):
    allowed, last, values, body, prepare = OPERATIONS[(method, path)]
    if prepare:
        prepare(world)
    url = path.format(**values(world))
    person = world.case_x.person
    for username in ALL_USERS:
        if username in allowed:
            continue
        writes = Writes()
        with connection.execute_wrapper(writes):
            response = _call(
                ApiClient(world.users[username], set()), method, url, body and body(world)
            )
        assert response.status_code in (401, 403, 404, 409, 422), (username, response.status_code)
        assert not writes.seen, f"{username} wrote: {writes.seen}"
        shown = response.content.decode()
        assert person.full_name not in shown
        assert person.chi not in shown
    if last is not None:
        done = _call(ApiClient(world.users[last], set()), method, url, body and body(world))
        assert done.status_code < 300, (last, done.status_code, done.content[:500])
