"""The casework API over HTTP with bearer tokens, and the OpenAPI document.

Every operation the document lists is in EXERCISED_BY with the test that calls it: the
document and the table must match, and a listed test fails if it stops calling its
operations, so a new path fails here until a test exercises it."""

import json
import re
from contextlib import contextmanager
from datetime import timedelta
from importlib import import_module

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openapi_spec_validator import validate

from linkwork.accounts.tokens import issue_token
from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casework import services
from linkwork.casework.models import (
    Action,
    Case,
    CaseNote,
    Goal,
    IdentifiedNeed,
    Person,
    Session,
)

API = "/api/v1"
DIRECTORY = "linkwork.directory.tests.test_api"
REPORTS = "linkwork.reporting.tests.test_reports_api"
DOCUMENTS = (
    "linkwork.documents.tests.test_documents.test_the_api_lists_a_cases_letters_and_hands_out_each"
)
DIRECTORY_FLOW = "linkwork.links.tests.test_api.test_search_refer_attend_and_unmet_need_over_http"
# The directory and links (directory/api.py, links/api.py), exercised in their tests/test_api.py.
DIRECTORY_EXERCISED_BY = {
    ("GET", "/api/v1/directory/services"): DIRECTORY_FLOW,
    ("GET", "/api/v1/directory/services/{service_id}"): DIRECTORY_FLOW,
    ("POST", "/api/v1/cases/{case_id}/links"): DIRECTORY_FLOW,
    ("GET", "/api/v1/links"): DIRECTORY_FLOW,
    ("GET", "/api/v1/links/{link_id}"): DIRECTORY_FLOW,
    ("POST", "/api/v1/links/{link_id}/steps"): DIRECTORY_FLOW,
    ("POST", "/api/v1/links/{link_id}/chased"): (
        "linkwork.links.tests.test_chase.test_a_worker_records_a_chase_over_http"
    ),
    ("POST", "/api/v1/directory/unmet-needs"): DIRECTORY_FLOW,
    ("POST", "/api/v1/directory/services/{service_id}/capacity"): (
        f"{DIRECTORY}.test_the_organisation_sets_capacity_over_http"
    ),
    ("POST", "/api/v1/directory/services/{service_id}/verify"): (
        f"{DIRECTORY}.test_a_worker_verifies_from_the_to_check_list_over_http"
    ),
    ("GET", "/api/v1/directory/to-check"): (
        f"{DIRECTORY}.test_a_worker_verifies_from_the_to_check_list_over_http"
    ),
}
HERE = __name__
REFERRALS = "linkwork.referrals.tests.test_api"
LOOP = f"{REFERRALS}.test_the_referral_to_closure_loop_over_http"
CORRECTIONS = "linkwork.casework.tests.test_corrections"
PERSON = "linkwork.casework.tests.test_person_api"
VISITS = "linkwork.casework.tests.test_lone_working"
DIARY = "linkwork.referrals.tests.test_diary_api"
OUTCOMES = "linkwork.outcomes.tests.test_records_api"
SOCIAL = "linkwork.casework.tests.test_social_outcomes_api"
SOCIAL_FLOW = "test_an_outcome_is_recorded_read_and_corrected_over_http"

# (method, path in /api/v1/openapi.json) -> the test that calls it.
EXERCISED_BY = {
    ("GET", "/api/v1/me"): f"{HERE}.test_the_other_routers_answer_a_token",
    ("GET", "/api/v1/instruments/"): f"{HERE}.test_the_other_routers_answer_a_token",
    ("GET", "/api/v1/instruments/{name}"): f"{HERE}.test_the_other_routers_answer_a_token",
    ("POST", "/api/v1/instruments/{name}/score"): f"{HERE}.test_the_other_routers_answer_a_token",
    ("GET", "/api/v1/practices/{code}/intake"): f"{DIARY}.test_intake_over_http",
    ("PUT", "/api/v1/practices/{code}/intake"): f"{DIARY}.test_intake_over_http",
    ("GET", "/api/v1/slots"): f"{DIARY}.test_the_open_diary_over_http",
    ("POST", "/api/v1/slots"): f"{DIARY}.test_the_open_diary_over_http",
    ("DELETE", "/api/v1/slots/{slot_id}"): f"{DIARY}.test_the_open_diary_over_http",
    ("GET", "/api/v1/referrals"): LOOP,
    ("POST", "/api/v1/referrals"): LOOP,
    ("GET", "/api/v1/referrals/{referral_id}"): LOOP,
    ("POST", "/api/v1/referrals/{referral_id}/accept"): LOOP,
    ("POST", "/api/v1/referrals/{referral_id}/decline"): f"{REFERRALS}.test_a_decline_is_fed_back",
    ("POST", "/api/v1/referrals/{referral_id}/duplicate"): (
        f"{REFERRALS}.test_a_second_referral_is_confirmed_then_joined_to_the_open_case"
    ),
    ("POST", "/api/v1/referrals/{referral_id}/verify"): (
        f"{REFERRALS}.test_practice_staff_verify_a_self_referral_once"
    ),
    ("POST", "/api/v1/referrals/{referral_id}/not-our-patient"): (
        f"{REFERRALS}.test_practice_staff_close_a_self_referral_that_is_not_their_patient"
    ),
    ("GET", "/api/v1/cases"): LOOP,
    ("GET", "/api/v1/cases/{case_id}"): LOOP,
    ("PATCH", "/api/v1/cases/{case_id}"): LOOP,
    ("POST", "/api/v1/cases/{case_id}/sessions"): LOOP,
    ("POST", "/api/v1/cases/{case_id}/goals"): LOOP,
    ("POST", "/api/v1/cases/{case_id}/needs"): LOOP,
    ("POST", "/api/v1/cases/{case_id}/notes"): LOOP,
    ("POST", "/api/v1/cases/{case_id}/close"): LOOP,
    ("POST", "/api/v1/cases/{case_id}/reopen"): f"{HERE}.test_a_closed_case_reopens_once",
    ("POST", "/api/v1/cases/{case_id}/reassign"): f"{HERE}.test_a_team_lead_hands_a_case_over",
    ("GET", "/api/v1/sessions/{session_id}"): LOOP,
    ("PATCH", "/api/v1/sessions/{session_id}"): LOOP,
    ("GET", "/api/v1/goals/{goal_id}"): LOOP,
    ("PATCH", "/api/v1/goals/{goal_id}"): LOOP,
    ("POST", "/api/v1/goals/{goal_id}/actions"): LOOP,
    ("GET", "/api/v1/actions/{action_id}"): LOOP,
    ("PATCH", "/api/v1/actions/{action_id}"): LOOP,
    ("PATCH", "/api/v1/cases/{case_id}/person"): f"{PERSON}.test_the_persons_details_change",
    ("POST", "/api/v1/cases/{case_id}/social-outcomes"): f"{SOCIAL}.{SOCIAL_FLOW}",
    ("GET", "/api/v1/social-outcomes/{outcome_id}"): f"{SOCIAL}.{SOCIAL_FLOW}",
    ("PATCH", "/api/v1/social-outcomes/{outcome_id}"): f"{SOCIAL}.{SOCIAL_FLOW}",
    ("POST", "/api/v1/sessions/{session_id}/check-in"): f"{VISITS}.test_check_in_and_out",
    ("POST", "/api/v1/sessions/{session_id}/check-out"): f"{VISITS}.test_check_in_and_out",
    ("GET", "/api/v1/notes/{note_id}"): f"{CORRECTIONS}.test_a_note_is_corrected_over_the_api",
    ("PATCH", "/api/v1/notes/{note_id}"): f"{CORRECTIONS}.test_a_note_is_corrected_over_the_api",
    ("PUT", "/api/v1/responses/{response_id}"): (
        f"{OUTCOMES}.test_a_wrongly_entered_response_is_corrected_keeping_the_earlier_version"
    ),
    **{
        ("GET" if read else "POST", f"/api/v1{path}"): f"{OUTCOMES}.{test}"
        for read, path, test in [
            (
                True,
                "/cases/{case_id}/responses",
                "test_responses_are_recorded_scored_listed_and_judged",
            ),
            (
                False,
                "/cases/{case_id}/responses",
                "test_responses_are_recorded_scored_listed_and_judged",
            ),
            (
                True,
                "/responses/{response_id}",
                "test_responses_are_recorded_scored_listed_and_judged",
            ),
            (
                True,
                "/cases/{case_id}/outcomes",
                "test_responses_are_recorded_scored_listed_and_judged",
            ),
            (True, "/goals/{goal_id}/ratings", "test_goal_ratings_through_the_api"),
            (False, "/goals/{goal_id}/ratings", "test_goal_ratings_through_the_api"),
            (True, "/cases/{case_id}/stories", "test_stories_are_scanned_and_chosen_by_team_leads"),
            (
                False,
                "/cases/{case_id}/stories",
                "test_stories_are_scanned_and_chosen_by_team_leads",
            ),
            (True, "/stories/{story_id}", "test_stories_are_scanned_and_chosen_by_team_leads"),
            (
                False,
                "/stories/{story_id}/choose",
                "test_stories_are_scanned_and_chosen_by_team_leads",
            ),
            (True, "/cases/{case_id}/feedback", "test_feedback_through_the_api"),
            (False, "/cases/{case_id}/feedback", "test_feedback_through_the_api"),
        ]
    },
    ("PATCH", "/api/v1/stories/{story_id}"): (
        f"{OUTCOMES}.test_stories_are_scanned_and_chosen_by_team_leads"
    ),
    **DIRECTORY_EXERCISED_BY,
    **{
        ("GET", f"/api/v1{path}"): DOCUMENTS
        for path in ("/cases/{case_id}/documents", "/documents/{document_id}/file")
    },
    (
        "GET",
        "/api/v1/people/{person_id}/subject-access",
    ): "linkwork.privacy.tests.test_subject_access.test_the_api_gives_the_export_as_json_or_pdf",
    (
        "GET",
        "/api/v1/groups",
    ): "linkwork.groups.tests.test_groups.test_the_api_lists_the_hscps_groups",
    **{
        ("GET", f"/api/v1{path}"): f"{REPORTS}.test_the_reports_answer_each_roles_token_and_"
        "a_commissioners_reaches_no_person"
        for path in (
            "/reports/summary",
            "/referrals/{referral_id}/outcome",
            "/reports/practice-outcomes",
            "/partner/reports/referrals",
        )
    },
}


class ApiClient:
    """Calls the API as one user with a bearer token (never a session cookie), noting the
    documented operation each call reached."""

    def __init__(self, user, calls: set):
        _, token = issue_token(user=user, name="API tests")
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"}
        self.calls = calls

    def get(self, path: str, **query):
        return self._note("GET", self.client.get(API + path, query, headers=self.headers))

    def post(self, path: str, body: dict | None = None):
        return self._send("POST", path, body or {})

    def patch(self, path: str, body: dict):
        return self._send("PATCH", path, body)

    def put(self, path: str, body: dict):
        return self._send("PUT", path, body)

    def delete(self, path: str):
        return self._note("DELETE", self.client.delete(API + path, headers=self.headers))

    def _send(self, method: str, path: str, body: dict):
        response = self.client.generic(
            method, API + path, json.dumps(body), "application/json", headers=self.headers
        )
        return self._note(method, response)

    def _note(self, method: str, response):
        if response.resolver_match is not None:
            route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", response.resolver_match.route)
            self.calls.add((method, "/" + route))
        return response


@contextmanager
def checking_calls(request):
    """After a test named in EXERCISED_BY: did it call every operation listed for it?"""
    calls: set = set()
    failed_before = request.session.testsfailed
    yield calls
    if request.session.testsfailed > failed_before:
        return  # the test has failed already; its own report says why
    test = f"{request.module.__name__}.{request.node.originalname}"
    missing = {op for op, name in EXERCISED_BY.items() if name == test} - calls
    assert not missing, f"{test} is listed as exercising {sorted(missing)} but did not call it"


def errors_by_field(response) -> dict:
    """A 422's messages keyed by the field they name (the last part of `loc`)."""
    assert response.status_code == 422, response.content
    return {error["loc"][-1]: error["msg"] for error in response.json()["detail"]}


def snapshot(case) -> dict:
    """Everything on a case that a refused write must leave alone."""
    fresh = Case.objects.get(pk=case.pk)
    return {
        "case": (fresh.version, fresh.status, fresh.complexity, fresh.link_worker_id),
        "sessions": list(Session.objects.filter(case=case).values_list("pk", "version")),
        "goals": list(Goal.objects.filter(case=case).values_list("pk", "version")),
        "actions": list(Action.objects.filter(goal__case=case).values_list("pk", "version")),
        "needs": IdentifiedNeed.objects.filter(case=case).count(),
        "notes": list(CaseNote.objects.filter(case=case).values_list("pk", "version")),
        "person": Person.objects.filter(pk=fresh.person_id).values_list("version").get(),
        "check_ins": Session.objects.filter(case=case, checked_in_at__isnull=False).count(),
    }


NOW = timezone.now


def case_writes(world) -> list[tuple[str, str, dict]]:
    """Every write on case_x and its records, each with a body that would succeed."""
    from linkwork.casework.tests.helpers import close_answers  # it imports this module

    case, session, goal, action = world.case_x, world.session_x, world.goal_x, world.action_x
    hour_ago = (NOW() - timedelta(hours=1)).isoformat()
    back_soon = (NOW() + timedelta(hours=1)).isoformat()
    person, note = case.person, world.note_x
    return [
        ("PATCH", f"/cases/{case.pk}", {"version": case.version, "complexity": "high"}),
        ("PATCH", f"/cases/{case.pk}/person", {"version": person.version, "phone": "0141 1"}),
        ("POST", f"/sessions/{session.pk}/check-in", {"expected_back_at": back_soon}),
        ("POST", f"/sessions/{session.pk}/check-out", {}),
        ("PATCH", f"/notes/{note.pk}", {"version": note.version, "text": "Prefers 10am"}),
        (
            "POST",
            f"/cases/{case.pk}/sessions",
            {"starts_at": hour_ago, "mode": "phone", "duration_minutes": 20, "outcome": "attended"},
        ),
        ("POST", f"/cases/{case.pk}/goals", {"wording": "Sleep better"}),
        ("POST", f"/cases/{case.pk}/needs", {"need": "debt"}),
        ("POST", f"/cases/{case.pk}/notes", {"text": "Phoned"}),
        ("PATCH", f"/sessions/{session.pk}", {"version": session.version, "outcome": "attended"}),
        ("PATCH", f"/goals/{goal.pk}", {"version": goal.version, "status": "achieved"}),
        ("POST", f"/goals/{goal.pk}/actions", {"description": "Ring", "owner": "Jim"}),
        ("PATCH", f"/actions/{action.pk}", {"version": action.version, "status": "done"}),
        # Last: nothing new is added to a closed case.
        (
            "POST",
            f"/cases/{case.pk}/close",
            {
                "version": case.version,
                "reason": "other",
                "closed_on": str(case.opened_on),
                **close_answers(world),
            },
        ),
        ("POST", f"/cases/{case.pk}/reopen", {}),
        ("POST", f"/cases/{case.pk}/reassign", {"link_worker_id": world.worker_a2.pk}),
    ]


def send(client: ApiClient, method: str, path: str, body: dict):
    return client.post(path, body) if method == "POST" else client.patch(path, body)


# The OpenAPI document


def test_the_openapi_document_is_valid_openapi_3(client):
    response = client.get(reverse("api:openapi-json"))
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    validate(document)


def test_every_documented_operation_is_exercised_by_a_test(client):
    document = client.get(reverse("api:openapi-json")).json()
    documented = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    assert documented - set(EXERCISED_BY) == set(), "Add a test and list it in EXERCISED_BY"
    assert set(EXERCISED_BY) - documented == set(), "EXERCISED_BY lists operations that are gone"
    for test in set(EXERCISED_BY.values()):
        module, name = test.rsplit(".", 1)
        assert callable(getattr(import_module(module), name, None)), f"No test {test}"


def test_the_other_routers_answer_a_token(api, world):
    worker = api(world.users["link_worker"])
    assert worker.get("/me").json()["username"] == "link_worker"
    assert worker.get("/instruments/").status_code == 200
    assert worker.get("/instruments/swemwbs").json()["name"] == "swemwbs"
    score = worker.post("/instruments/swemwbs/score", {"items": [4, 3, 4, 4, 3, 4, 3]})
    assert score.json()["raw"] == 25


# Reading cases


def test_a_case_reads_with_its_goals_sessions_and_the_original_keys(api, world):
    response = api(world.users["link_worker"]).get(f"/cases/{world.case_x.pk}")
    assert response.status_code == 200
    body = response.json()
    person = world.case_x.person
    assert body["id"] == world.case_x.pk
    assert (body["person_name"], body["person_chi"]) == (person.full_name, person.chi)
    assert body["practice_code"] == world.practice_x.code
    assert body["link_worker"] == world.worker_a.user.get_full_name()
    assert body["status"] == "open"
    assert [goal["wording"] for goal in body["goals"]] == ["Get out to the garden"]
    assert body["goals"][0]["actions"][0]["description"] == "Call the council"
    assert body["sessions"][0]["mode"] == "home_visit"
    assert body["sessions"][0]["mode_label"] == "Home visit"
    assert body["sessions"][0]["planned"] is True
    assert body["engaged"] is False
    assert body["person"]["date_of_birth"] == str(person.date_of_birth)


def test_every_read_of_a_case_or_its_records_is_audited(api, world):
    worker = api(world.users["link_worker"])
    paths = {
        "casework.case": f"/cases/{world.case_x.pk}",
        "casework.session": f"/sessions/{world.session_x.pk}",
        "casework.goal": f"/goals/{world.goal_x.pk}",
        "casework.action": f"/actions/{world.action_x.pk}",
    }
    for object_type, path in paths.items():
        before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
        assert worker.get(path).status_code == 200
        event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("pk")
        assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before + 1
        assert (event.object_type, event.person_id) == (object_type, world.case_x.person_id)
        assert event.actor == world.users["link_worker"]


def test_the_case_list_is_the_callers_own_and_filters(api, world):
    team_lead = api(world.users["team_lead"])
    everyone = {case["id"] for case in team_lead.get("/cases").json()["items"]}
    assert everyone == {world.case_x.pk, world.case_y.pk}
    services.set_complexity(case=world.case_y, by=world.users["team_lead"], complexity="high")
    high = team_lead.get("/cases", complexity="high").json()
    assert (high["count"], high["items"][0]["id"]) == (1, world.case_y.pk)
    at_x = team_lead.get("/cases", practice_code=world.practice_x.code).json()["items"]
    assert [case["id"] for case in at_x] == [world.case_x.pk]
    assert team_lead.get("/cases", status="closed").json() == {"items": [], "count": 0}
    page = team_lead.get("/cases", limit=1, offset=1).json()
    assert (page["count"], len(page["items"])) == (2, 1)
    mine = api(world.users["link_worker"]).get("/cases").json()["items"]
    assert [case["id"] for case in mine] == [world.case_x.pk]


def test_a_bad_filter_names_the_parameter(api, world):
    response = api(world.users["team_lead"]).get("/cases", complexity="very")
    assert "use one of low, mid, high" in errors_by_field(response)["complexity"]


# Who may read and write case_x: its worker and their team lead only


OUTSIDERS = ["other_link_worker", "other_practice_staff", "commissioner", "outsider"]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_others_cannot_read_case_x_by_api_or_page(api, client, world, outsiders, username):
    user = outsiders[username]
    caller = api(user)
    for path in (
        f"/cases/{world.case_x.pk}",
        f"/sessions/{world.session_x.pk}",
        f"/goals/{world.goal_x.pk}",
        f"/actions/{world.action_x.pk}",
    ):
        response = caller.get(path)
        assert response.status_code == 404, (path, response.status_code)
        assert world.case_x.person.family_name not in response.content.decode()
    listed = caller.get("/cases")
    assert listed.status_code in (200, 403)
    assert world.case_x.person.family_name not in listed.content.decode()
    if listed.status_code == 200:
        assert world.case_x.pk not in {case["id"] for case in listed.json()["items"]}
    client.force_login(user)
    page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case_x.pk}))
    assert page.status_code == 404


@pytest.mark.parametrize("username", [*OUTSIDERS, "other_hscp_team_lead", "administrator"])
def test_others_cannot_write_to_case_x(api, world, outsiders, username):
    caller = api(outsiders[username])
    before = snapshot(world.case_x)
    events = AuditEvent.objects.count()
    for method, path, body in case_writes(world):
        response = send(caller, method, path, body)
        assert response.status_code in (403, 404), (method, path, response.status_code)
    assert snapshot(world.case_x) == before
    assert AuditEvent.objects.count() == events


def test_a_link_worker_cannot_hand_over_their_own_case(api, world):
    response = api(world.users["link_worker"]).post(
        f"/cases/{world.case_x.pk}/reassign", {"link_worker_id": world.worker_a2.pk}
    )
    assert response.status_code == 404
    assert Case.objects.get(pk=world.case_x.pk).link_worker == world.worker_a


def test_the_case_worker_may_make_each_of_those_writes(api, world):
    """The other side of the refusals above: the same bodies succeed for the worker."""
    worker = api(world.users["link_worker"])
    for index, (_, path, _) in enumerate(case_writes(world)):
        if path.endswith(("/reopen", "/reassign")):
            continue  # reopen needs a closed case, reassign a team lead: tests below
        records = (world.case_x, world.session_x, world.goal_x, world.action_x, world.note_x)
        for record in (*records, world.case_x.person):
            record.refresh_from_db()
        method, path, body = case_writes(world)[index]  # with the versions as they are now
        response = send(worker, method, path, body)
        assert response.status_code in (200, 201), (path, response.content)
    assert Case.objects.get(pk=world.case_x.pk).status == "closed"


# Writes


def test_a_team_lead_hands_a_case_over(api, world):
    team_lead = api(world.users["team_lead"])
    path = f"/cases/{world.case_x.pk}/reassign"
    refused = team_lead.post(path, {"link_worker_id": world.worker_b.pk})
    assert "Choose one of the link workers" in errors_by_field(refused)["link_worker_id"]
    bad_reason = team_lead.post(path, {"link_worker_id": world.worker_a2.pk, "reason": "bored"})
    assert "use one of annual_leave" in errors_by_field(bad_reason)["reason"]
    response = team_lead.post(path, {"link_worker_id": world.worker_a2.pk, "reason": "vacancy"})
    assert response.status_code == 200
    assert response.json()["link_worker_id"] == world.worker_a2.pk
    timeline = team_lead.get(f"/cases/{world.case_x.pk}").json()["timeline"]
    assert f"Handed over to {world.worker_a2} (vacancy)" in [e["title"] for e in timeline]
    other = api(world.users["other_link_worker"])
    assert other.get(f"/cases/{world.case_x.pk}").status_code == 200
    assert api(world.users["link_worker"]).get(f"/cases/{world.case_x.pk}").status_code == 404


def test_a_handover_with_a_stale_version_is_refused_not_lost(api, world):
    """Two team leads hand the same case over: the second, sending the version they read,
    is told of the first rather than silently overriding it."""
    team_lead = api(world.users["team_lead"])
    path = f"/cases/{world.case_x.pk}/reassign"
    read = team_lead.get(f"/cases/{world.case_x.pk}").json()["version"]
    first = team_lead.post(path, {"link_worker_id": world.worker_a2.pk, "version": read})
    assert first.status_code == 200, first.content
    second = team_lead.post(path, {"link_worker_id": world.worker_a.pk, "version": read})
    assert second.status_code == 409, second.content
    assert "changed by someone else" in second.json()["detail"]
    assert Case.objects.get(pk=world.case_x.pk).link_worker == world.worker_a2
    as_text = team_lead.post(path, {"link_worker_id": world.worker_a.pk, "version": "2"})
    assert "version" in errors_by_field(as_text)


def test_a_closed_case_reopens_once(api, world):
    worker = api(world.users["link_worker"])
    path = f"/cases/{world.case_x.pk}/reopen"
    assert worker.post(path).json() == {"detail": "The case is already open."}
    services.close_case(
        case=world.case_x,
        by=world.users["link_worker"],
        reason="moved_away",
        closed_on=timezone.localdate(),
    )
    response = worker.post(path)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["closure_reason"]) == ("open", "")
    assert worker.post(path).status_code == 409


def test_a_need_is_recorded_once(api, world):
    worker = api(world.users["link_worker"])
    path = f"/cases/{world.case_x.pk}/needs"
    first = worker.post(path, {"need": "food", "detail": "Food bank"}).json()
    again = worker.post(path, {"need": "food"}).json()
    assert first["id"] == again["id"]
    assert (first["need"], first["need_label"]) == ("food", "Food")


def test_an_action_done_gets_its_completion_date_and_loses_it_when_reopened(api, world):
    worker = api(world.users["link_worker"])
    path = f"/actions/{world.action_x.pk}"
    done = worker.patch(path, {"version": 1, "status": "done", "progress": "Rang them"}).json()
    assert done["completed_on"] == str(timezone.localdate())
    assert done["version"] == 2
    again = worker.patch(path, {"version": 2, "status": "in_progress"}).json()
    assert again["completed_on"] is None
    assert again["progress"] == "Rang them"  # fields left out stay as they are


def test_an_action_due_years_ahead_is_refused_as_on_the_page(api, world):
    worker = api(world.users["link_worker"])
    far = (timezone.localdate() + timedelta(days=400)).isoformat()
    added = worker.post(
        f"/goals/{world.goal_x.pk}/actions",
        {"description": "Ring the council", "owner": "Jim", "due_on": far},
    )
    assert "within a year" in errors_by_field(added)["due_on"]
    changed = worker.patch(f"/actions/{world.action_x.pk}", {"version": 1, "due_on": far})
    assert "within a year" in errors_by_field(changed)["due_on"]


def test_a_session_still_to_come_can_be_cancelled_but_not_attended(api, world):
    worker = api(world.users["link_worker"])
    tomorrow = (NOW() + timedelta(days=1)).isoformat()
    booked = worker.post(
        f"/cases/{world.case_x.pk}/sessions",
        {"starts_at": tomorrow, "mode": "video", "duration_minutes": 45},
    ).json()
    path = f"/sessions/{booked['id']}"
    attended = worker.patch(path, {"version": booked["version"], "outcome": "attended"})
    assert "still to come" in errors_by_field(attended)["outcome"]
    cancelled = worker.patch(
        path, {"version": booked["version"], "outcome": "cancelled_by_person", "note": "Poorly"}
    )
    assert cancelled.status_code == 200
    assert (cancelled.json()["outcome"], cancelled.json()["note"]) == (
        "cancelled_by_person",
        "Poorly",
    )
