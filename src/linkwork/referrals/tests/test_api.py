"""The referrals API over HTTP with bearer tokens: the whole referral-to-closure loop, who
may see and decide a referral, and refusals that name the field and the fix."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.models import AuditEvent
from linkwork.casework.models import Case, Person
from linkwork.casework.tests.test_api import errors_by_field
from linkwork.core.chi import MESSAGES
from linkwork.referrals import services
from linkwork.referrals.models import Referral, ReferralStatus

CHI = "1507824130"  # valid; born 15/07/1982, male
TODAY = timezone.localdate


def referral_body(**changes) -> dict:
    person = {
        "given_name": "Morag",
        "family_name": "Baird",
        "chi": CHI,
        "date_of_birth": "1982-07-15",
        "postcode": "g51 3hr",
        "phone": "0141 496 0000",
        "preferred_contact": "phone",
        "safe_to_leave_message": True,
    }
    person |= changes.pop("person", {})
    return {
        "person": person,
        "reasons": ["social_isolation", "money_benefits"],
        "what_matters": "Getting out of the house again",
        "route": "linkwork_form",
        "referrer_role": "gp",
        "consent_to_referral": True,
        "safety_flags": ["dog"],
    } | changes


def person_details(person: Person) -> services.PersonDetails:
    return services.PersonDetails(
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        chi=person.chi,
    )


def refer(world, person: services.PersonDetails, **kwargs) -> Referral:
    details = services.ReferralDetails(
        practice=world.practice_x,
        route="linkwork_form",
        referrer_role="gp",
        reasons=["housing"],
        consent_to_referral=True,
    )
    return services.create_referral(person=person, details=details, **kwargs)


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


# The loop


def test_the_referral_to_closure_loop_over_http(api, world):
    staff = api(world.users["practice_staff"])
    worker = api(world.users["link_worker"])

    # The practice refers; they see the progress, not the triage view of the person.
    created = staff.post("/referrals", referral_body())
    assert created.status_code == 201, created.content
    referral = created.json()
    assert (referral["status"], referral["progress"]["key"]) == ("new", "waiting")
    assert (referral["route"], referral["route_label"]) == (
        "linkwork_form",
        "Referral form in this system",
    )
    assert referral["reasons"][0] == {
        "code": "social_isolation",
        "label": "Social isolation and loneliness",
    }
    assert referral["person_name"] == "Morag Baird"
    assert (referral["person"], referral["case_id"], referral["may_triage"]) == (None, None, False)
    assert referral["practice_code"] == world.practice_x.code
    referral_id = referral["id"]

    # The link worker finds it in the queue, reads it and accepts it for themself.
    assert referral_id in ids(worker.get("/referrals", status="new"))
    seen = worker.get(f"/referrals/{referral_id}").json()
    assert seen["may_triage"] is True
    assert (seen["person"]["chi"], seen["person"]["postcode"]) == (CHI, "G51 3HR")
    assert seen["person"]["sex"] == "male"  # from the CHI number
    assert seen["safety_flags"] == [{"code": "dog", "label": "Dog at the address"}]
    accepted = worker.post(
        f"/referrals/{referral_id}/accept",
        {"link_worker_id": world.worker_a.pk, "version": seen["version"]},
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    case_id = accepted.json()["case_id"]
    assert case_id in ids(worker.get("/cases", status="open"))

    # Book a session, then record it; record a second that happened.
    soon = timezone.now() + timedelta(hours=2)
    booked = worker.post(
        f"/cases/{case_id}/sessions",
        {"starts_at": soon.isoformat(), "mode": "phone", "duration_minutes": 30},
    )
    assert booked.status_code == 201, booked.content
    assert (booked.json()["planned"], booked.json()["outcome"]) == (True, "")
    session = worker.get(f"/sessions/{booked.json()['id']}").json()
    with time_machine.travel(soon + timedelta(hours=1)):  # the call happened
        recorded = worker.patch(
            f"/sessions/{session['id']}",
            {
                "version": session["version"],
                "outcome": "attended",
                "note": "Talked about the garden",
            },
        )
    assert (recorded.json()["outcome_label"], recorded.json()["planned"]) == ("Attended", False)
    second = worker.post(
        f"/cases/{case_id}/sessions",
        {
            # Now, not minutes ago: just after midnight that would be before the day
            # the referral was received.
            "starts_at": timezone.now().isoformat(),
            "mode": "home_visit",
            "duration_minutes": 60,
            "outcome": "attended",
            "note": "Visited the allotment together",
        },
    )
    assert second.status_code == 201, second.content

    # A goal in her words, an action towards it, the action done, the goal achieved.
    goal = worker.post(f"/cases/{case_id}/goals", {"wording": "Get back out to my garden"})
    assert goal.status_code == 201
    goal_id = goal.json()["id"]
    action = worker.post(
        f"/goals/{goal_id}/actions",
        {
            "description": "Ask the council about an allotment",
            "owner": "Morag",
            "due_on": str(TODAY() + timedelta(days=14)),
        },
    )
    assert action.status_code == 201
    action_id = action.json()["id"]
    current = worker.get(f"/actions/{action_id}").json()
    done = worker.patch(
        f"/actions/{action_id}",
        {"version": current["version"], "status": "done", "progress": "Allotment offered"},
    )
    assert (done.json()["status"], done.json()["completed_on"]) == ("done", str(TODAY()))
    goal_now = worker.get(f"/goals/{goal_id}").json()
    assert goal_now["actions"][0]["status_label"] == "Done"
    achieved = worker.patch(
        f"/goals/{goal_id}", {"version": goal_now["version"], "status": "achieved"}
    )
    assert achieved.json()["status_label"] == "Achieved"

    # A need found in conversation, a note, the complexity.
    assert worker.post(f"/cases/{case_id}/needs", {"need": "physical_activity"}).status_code == 201
    note = worker.post(f"/cases/{case_id}/notes", {"text": "Daughter visits on Sundays"})
    assert note.status_code == 201
    case = worker.get(f"/cases/{case_id}").json()
    changed = worker.patch(f"/cases/{case_id}", {"version": case["version"], "complexity": "low"})
    assert changed.json()["complexity_label"] == "Low complexity"

    case = worker.get(f"/cases/{case_id}").json()
    assert case["engaged"] is True
    assert len(case["sessions"]) == 2
    assert case["goals"][0]["actions"][0]["description"] == "Ask the council about an allotment"
    assert case["identified_needs"][0]["need"] == "physical_activity"
    assert case["notes"][0]["text"] == "Daughter visits on Sundays"
    assert {entry["kind"] for entry in case["timeline"]} >= {"referral", "session", "goal"}

    # Close with goals met.
    closed = worker.post(
        f"/cases/{case_id}/close",
        {
            "version": case["version"],
            "reason": "goals_met",
            "closed_on": str(TODAY()),
            "note": "Gardening twice a week now",
            "actions": {str(case["goals"][0]["actions"][0]["id"]): "done"},
        },
    )
    assert closed.status_code == 200, closed.content
    assert (closed.json()["status"], closed.json()["closure_reason"]) == ("closed", "goals_met")

    # The practice sees the referral closed with its reason, and nothing of the casework.
    followed = staff.get(f"/referrals/{referral_id}")
    assert followed.status_code == 200
    body = followed.json()
    assert body["progress"] == {"key": "closed", "label": "Closed", "detail": "Goals met"}
    assert (body["case_id"], body["person"], body["open_case_id"]) == (None, None, None)
    assert not {"goals", "sessions", "notes", "identified_needs", "timeline"} & set(body)
    for casework in (
        "Talked about the garden",
        "Visited the allotment",
        "Get back out to my garden",
        "allotment",
        "Daughter visits",
        "Gardening twice a week",
    ):
        assert casework not in followed.content.decode()
    assert staff.get(f"/cases/{case_id}").status_code == 404
    listed = staff.get("/referrals").json()["items"]
    assert [row["progress"]["detail"] for row in listed if row["id"] == referral_id] == [
        "Goals met"
    ]


def test_reading_a_referral_is_audited(api, world):
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    response = api(world.users["practice_staff"]).get(f"/referrals/{world.referral_x.pk}")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("pk")
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before + 1
    assert (event.object_type, event.object_id) == ("referrals.referral", str(world.referral_x.pk))
    assert event.actor == world.users["practice_staff"]


# Deciding


def test_a_decline_is_fed_back(api, world):
    worker = api(world.users["link_worker"])
    path = f"/referrals/{world.referral_x.pk}/decline"
    refused = worker.post(path, {"reason": "bored", "feedback": "", "version": 1})
    errors = errors_by_field(refused)
    assert errors["reason"].startswith("'bored' is not one of the referral decline reason codes")
    assert errors["feedback"] == "Write feedback for the referrer: they see it"
    body = {"reason": "needs_clinical_service", "feedback": "Please refer to CMHT", "version": 1}
    declined = worker.post(path, body)
    assert declined.status_code == 200, declined.content
    staff_view = api(world.users["practice_staff"]).get(f"/referrals/{world.referral_x.pk}")
    assert staff_view.json()["progress"]["key"] == "declined"
    assert staff_view.json()["feedback_to_referrer"] == "Please refer to CMHT"
    assert worker.post(path, body | {"version": 2}).json() == {
        "detail": "This referral is no longer waiting for that: it is Declined."
    }


def test_a_second_referral_is_confirmed_then_joined_to_the_open_case(api, world):
    staff = api(world.users["practice_staff"])
    person = world.case_x.person
    again = referral_body(
        person={
            "given_name": person.given_name,
            "family_name": person.family_name,
            "chi": person.chi,
            "date_of_birth": str(person.date_of_birth),
        }
    )
    refused = staff.post("/referrals", again)
    assert refused.status_code == 409
    message = refused.json()["detail"]
    assert message == (
        f"This person already has an open case with {world.worker_a}. To refer them again, "
        "send confirm_open_case: true; or stop and contact the link worker."
    )
    assert person.family_name not in message
    assert Referral.objects.filter(person=person).count() == 0
    confirmed = staff.post("/referrals", again | {"confirm_open_case": True})
    assert confirmed.status_code == 201
    referral = api(world.users["link_worker"]).get(f"/referrals/{confirmed.json()['id']}").json()
    assert referral["open_case_id"] == world.case_x.pk
    joined = api(world.users["link_worker"]).post(
        f"/referrals/{referral['id']}/duplicate", {"version": referral["version"]}
    )
    assert joined.status_code == 200, joined.content
    assert (joined.json()["status"], joined.json()["case_id"]) == ("duplicate", world.case_x.pk)


def test_a_referral_without_an_open_case_cannot_be_joined(api, world):
    response = api(world.users["link_worker"]).post(
        f"/referrals/{world.referral_x.pk}/duplicate", {"version": 1}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "There is no open case for this person to link the referral to."
    )
    assert Referral.objects.get(pk=world.referral_x.pk).status == ReferralStatus.NEW


def _awaiting_check(world, family_name: str):
    """A self-referral for Ann `family_name`, waiting for practice X to check it."""
    return refer(
        world,
        services.PersonDetails(
            given_name="Ann", family_name=family_name, date_of_birth=date(1990, 2, 3), sex="female"
        ),
        status=ReferralStatus.AWAITING_VERIFICATION,
        confirm_open_case=True,
    )


def test_practice_staff_verify_a_self_referral_once(api, world):
    referral = _awaiting_check(world, "Self")
    staff = api(world.users["practice_staff"])
    path = f"/referrals/{referral.pk}"
    assert staff.get(path).json()["may_verify"] is True
    assert api(world.users["link_worker"]).post(f"{path}/verify", {"version": 1}).status_code == 404
    verified = staff.post(f"{path}/verify", {"version": 1})
    assert verified.status_code == 200, verified.content
    assert (verified.json()["status"], verified.json()["may_verify"]) == ("new", False)
    again = staff.post(f"{path}/verify", {"version": 2})
    assert again.status_code == 409
    assert Referral.objects.get(pk=referral.pk).version == 2


def test_practice_staff_close_a_self_referral_that_is_not_their_patient(api, world):
    referral = _awaiting_check(world, "Elsewhere")
    path = f"/referrals/{referral.pk}/not-our-patient"
    assert api(world.users["link_worker"]).post(path, {"version": 1}).status_code == 404
    staff = api(world.users["practice_staff"])
    assert staff.post(path, {"version": 9}).status_code == 409  # changed since it was read
    closed = staff.post(path, {"version": 1})
    assert closed.status_code == 200, closed.content
    assert (closed.json()["status"], closed.json()["may_verify"]) == ("declined", False)
    fresh = Referral.objects.get(pk=referral.pk)
    assert (fresh.decline_reason, fresh.feedback_to_referrer) == (
        "outside_area",
        services.NOT_OUR_PATIENT,
    )
    assert staff.post(path, {"version": 2}).status_code == 409  # already checked
    assert not services.waiting_list(Referral.objects.filter(pk=referral.pk)).exists()


def test_a_team_lead_allocates_and_a_worker_accepts_only_for_themself(api, world):
    path = f"/referrals/{world.referral_x.pk}/accept"
    worker = api(world.users["link_worker"])
    refused = worker.post(path, {"link_worker_id": world.worker_a2.pk, "version": 1})
    assert errors_by_field(refused)["link_worker_id"] == (
        f"Choose a link worker you may allocate to: {world.worker_a.pk}"
    )
    lead = api(world.users["team_lead"])
    elsewhere = lead.post(path, {"link_worker_id": world.worker_b.pk, "version": 1})
    assert "link_worker_id" in errors_by_field(elsewhere)
    allocated = lead.post(path, {"link_worker_id": world.worker_a.pk, "version": 1})
    assert allocated.status_code == 200
    case = Case.objects.get(pk=allocated.json()["case_id"])
    assert case.link_worker == world.worker_a


# A stale version


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("accept", {"link_worker_id": None}),
        ("decline", {"reason": "not_eligible", "feedback": "Sorry"}),
    ],
)
def test_a_stale_referral_version_is_a_409_and_changes_nothing(api, world, action, body):
    referral = world.referral_x
    Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.AWAITING_VERIFICATION)
    referral.refresh_from_db()
    services.verify_self_referral(referral=referral, by=world.users["practice_staff"])  # now v2
    body = body | {"version": 1}
    if action == "accept":
        body["link_worker_id"] = world.worker_a.pk
    worker = api(world.users["link_worker"])
    events = AuditEvent.objects.count()
    response = worker.post(f"/referrals/{referral.pk}/{action}", body)
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert detail.startswith("This referral was changed by someone else since you read it")
    assert detail.endswith("fetch it again and reapply your change with the version it now has (2)")
    fresh = Referral.objects.get(pk=referral.pk)
    assert (fresh.status, fresh.version, fresh.case_id) == ("new", 2, None)
    assert not Case.objects.filter(person=referral.person).exists()
    assert AuditEvent.objects.count() == events


# Bad input


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"person": {"chi": "1507824131"}},
            "chi",
            MESSAGES["invalid_checksum"],
        ),
        (
            {"person": {"chi": "15078"}},
            "chi",
            MESSAGES["too_short"],
        ),
        (
            {"person": {"date_of_birth": "1982-07-16"}},
            "date_of_birth",
            "The date of birth does not match the CHI number, which starts 15/07/82. Check "
            "both, or send confirm_date_of_birth: true if the date of birth is right",
        ),
        (
            {"person": {"chi": None, "date_of_birth": "2099-01-01", "sex": "female"}},
            "date_of_birth",
            "The date of birth must be in the past",
        ),
        ({"person": {"chi": None}}, "sex", "Give their sex: female, male or not_known"),
        ({"person": {"postcode": "G51"}}, "postcode", "Enter a full UK postcode, like G51 3HR"),
        ({"person": {"given_name": " "}}, "given_name", "Enter their first name"),
        (
            {"person": {"email": "morag.example.com"}},
            "email",
            "Enter an email address like name@example.com",
        ),
        (
            {"reasons": []},
            "reasons",
            "Give at least one reason for referral, from the needs list",
        ),
        ({"reasons": ["loneliness"]}, 0, "'loneliness' is not one of the need codes"),
        (
            {"route": "self_referral_form"},
            "route",
            "'self_referral_form' cannot be recorded through the API: use one of linkwork_form, "
            "phone, email, letter, face_to_face, external_organisation, gp_system_task, docman",
        ),
        (
            {"referrer_role": "wizard"},
            "referrer_role",
            "'wizard' is not one of the referrer role codes",
        ),
        (
            {"consent_to_referral": False},
            "consent_to_referral",
            "The person must agree to the referral: send consent_to_referral: true once they have",
        ),
        (
            {"what_matters": "Getting out of the house again. " * 40},
            "what_matters",
            "Shorten the words on what matters to them to 1,000 characters or fewer",
        ),
        (
            {"safety_detail": "Large dog. " * 100},
            "safety_detail",
            "Shorten the safety details to 1,000 characters or fewer",
        ),
        (
            {"safety_flags": ["dog", "other"], "safety_detail": "  "},
            "safety_detail",
            "Say what the other safety concern is: send safety_detail with the flag 'other'",
        ),
        (
            {"received_on": "2099-01-01"},
            "received_on",
            "The date received cannot be in the future: enter the day it reached you",
        ),
        ({"urgency": "asap"}, "urgency", "'asap' is not one of the urgency codes: use one of "),
        ({"practice_code": "99999"}, "practice_code", "You do not refer for 99999: give one of "),
    ],
)
def test_bad_referral_input_names_the_field_and_the_fix(api, world, changes, field, message):
    response = api(world.users["practice_staff"]).post("/referrals", referral_body(**changes))
    assert errors_by_field(response)[field].startswith(message)
    assert not Person.objects.filter(chi=CHI).exists()
    assert not Referral.objects.filter(person__family_name="Baird").exists()


def test_a_mismatched_date_of_birth_can_be_confirmed(api, world):
    body = referral_body(person={"date_of_birth": "1982-07-16", "confirm_date_of_birth": True})
    response = api(world.users["practice_staff"]).post("/referrals", body)
    assert response.status_code == 201, response.content


def test_a_worker_records_a_referral_by_phone_for_a_practice_they_cover(api, world):
    body = referral_body(
        practice_code=world.practice_x.code,
        route="phone",
        referrer_role="external_organisation",
        referrer_organisation="Housing Options",
        received_on=str(TODAY() - timedelta(days=2)),
    )
    response = api(world.users["link_worker"]).post("/referrals", body)
    assert response.status_code == 201, response.content
    referral = response.json()
    assert (referral["route_label"], referral["received_on"]) == (
        "Phone",
        str(TODAY() - timedelta(days=2)),
    )
    assert referral["person"]["family_name"] == "Baird"  # a worker may triage it


def test_a_team_lead_for_several_practices_names_the_practice(api, world):
    response = api(world.users["team_lead"]).post("/referrals", referral_body())
    assert errors_by_field(response)["practice_code"].startswith(
        "You refer for several practices: give one of "
    )


# Who may see and decide a referral


OUTSIDERS = ["other_link_worker", "other_practice_staff", "commissioner", "outsider"]


@pytest.fixture
def referral_of_case_x(world) -> Referral:
    """A referral accepted onto case_x: the referral a practice follows for that case."""
    referral = refer(
        world,
        person_details(world.case_x.person),
        by=world.users["practice_staff"],
        confirm_open_case=True,
    )
    services.accept_referral(
        referral=referral, by=world.users["link_worker"], link_worker=world.worker_a
    )
    assert referral.case == world.case_x
    return referral


@pytest.mark.parametrize("username", OUTSIDERS)
def test_others_cannot_read_case_x_or_its_referral(
    api, client, world, outsiders, referral_of_case_x, username
):
    user = outsiders[username]
    caller = api(user)
    name = world.case_x.person.family_name
    for referral in (referral_of_case_x, world.referral_x):
        response = caller.get(f"/referrals/{referral.pk}")
        assert response.status_code == 404
        assert name not in response.content.decode()
    assert caller.get(f"/cases/{world.case_x.pk}").status_code == 404
    listed = caller.get("/referrals")
    assert listed.status_code in (200, 403)
    assert name not in listed.content.decode()
    if listed.status_code == 200:
        assert not {referral_of_case_x.pk, world.referral_x.pk} & ids(listed)
    client.force_login(user)
    for url in (
        reverse("referrals:detail", kwargs={"pk": referral_of_case_x.pk}),
        reverse("casework:case_detail", kwargs={"pk": world.case_x.pk}),
    ):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("username", [*OUTSIDERS, "practice_staff", "other_hscp_team_lead"])
def test_others_cannot_decide_a_referral(api, world, outsiders, username):
    referral = world.referral_x
    caller = api(outsiders[username])
    bodies = {
        "accept": {"link_worker_id": world.worker_a.pk, "version": 1},
        "decline": {"reason": "not_eligible", "feedback": "No", "version": 1},
        "duplicate": {"version": 1},
    }
    for action, body in bodies.items():
        response = caller.post(f"/referrals/{referral.pk}/{action}", body)
        assert response.status_code in (403, 404), (action, response.status_code)
    fresh = Referral.objects.get(pk=referral.pk)
    assert (fresh.status, fresh.version) == ("new", 1)


@pytest.mark.parametrize("username", ["other_practice_staff", "link_worker", "commissioner"])
def test_only_the_practice_verifies_its_self_referrals(api, world, outsiders, username):
    referral = refer(
        world,
        person_details(world.case_y.person),
        status=ReferralStatus.AWAITING_VERIFICATION,
        confirm_open_case=True,
    )
    response = api(outsiders[username]).post(f"/referrals/{referral.pk}/verify", {"version": 1})
    assert response.status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.AWAITING_VERIFICATION


@pytest.mark.parametrize("username", ["commissioner", "outsider", "community_partner"])
def test_those_who_do_not_refer_cannot(api, world, username):
    response = api(world.users[username]).post("/referrals", referral_body())
    assert response.status_code == 403
    assert not Person.objects.filter(chi=CHI).exists()


def test_paused_intake_is_confirmed_over_http_too(api, world):
    services.set_intake(practice=world.practice_x, by=world.users["team_lead"], status="paused")
    staff = api(world.users["practice_staff"])
    refused = staff.post("/referrals", referral_body())
    assert refused.status_code == 409
    assert "confirm_intake: true" in refused.json()["detail"]
    assert staff.post("/referrals", referral_body(confirm_intake=True)).status_code == 201
