"""The practice's intake status and the open diary over HTTP, by the pages' own rules."""

from datetime import datetime, timedelta

from django.utils import timezone

from linkwork.casework.tests.test_api import errors_by_field
from linkwork.referrals.models import AppointmentSlot, Referral


def next_tuesday_at(hour: int) -> str:
    today = timezone.localdate()
    day = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    return datetime.combine(day, datetime.min.time()).replace(hour=hour).isoformat()


def test_intake_over_http(api, world):
    code = world.practice_x.code
    lead, staff = api(world.users["team_lead"]), api(world.users["practice_staff"])
    assert staff.get(f"/practices/{code}/intake").json()["status"] == "open"
    changed = lead.put(
        f"/practices/{code}/intake",
        {"status": "paused", "expected_wait_weeks": 8, "message": "Back in March"},
    )
    assert changed.status_code == 200
    shown = staff.get(f"/practices/{code}/intake").json()
    assert shown == {
        "practice_code": code,
        "status": "paused",
        "status_label": "Paused: not taking referrals",
        "expected_wait_weeks": 8,
        "message": "Back in March",
    }
    refused = staff.put(f"/practices/{code}/intake", {"status": "open"})
    assert refused.status_code == 404
    bad = lead.put(f"/practices/{code}/intake", {"status": "shut", "expected_wait_weeks": 99})
    assert set(errors_by_field(bad)) == {"status", "expected_wait_weeks"}
    other = api(world.users["other_hscp_team_lead"])
    assert other.get(f"/practices/{code}/intake").status_code == 404


def test_the_open_diary_over_http(api, world):
    worker, staff = api(world.users["link_worker"]), api(world.users["practice_staff"])
    body = {"practice_code": world.practice_x.code, "starts_at": next_tuesday_at(10)}
    published = worker.post("/slots", body | {"duration_minutes": 45})
    assert published.status_code == 201, published.content
    clash = worker.post("/slots", body)
    assert "clashes" in errors_by_field(clash)["starts_at"]
    second = worker.post("/slots", {**body, "starts_at": next_tuesday_at(14)}).json()

    offered = staff.get("/slots").json()
    assert [slot["id"] for slot in offered] == [published.json()["id"], second["id"]]
    referral = staff.post(
        "/referrals",
        {
            "person": {
                "given_name": "Hugh",
                "family_name": "McLean",
                "date_of_birth": "1966-05-04",
                "sex": "male",
                "phone": "07700 900999",
            },
            "reasons": ["housing"],
            "route": "linkwork_form",
            "consent_to_referral": True,
            "slot_id": second["id"],
        },
    )
    assert referral.status_code == 201, referral.content
    assert referral.json()["status"] == "new"  # the slot is held; triage as for any referral
    assert AppointmentSlot.objects.get(pk=second["id"]).booked_for_id == referral.json()["id"]
    assert worker.delete(f"/slots/{second['id']}").status_code == 409  # held for the referral
    accepted = worker.post(
        f"/referrals/{referral.json()['id']}/accept",
        {"link_worker_id": world.worker_a.pk, "version": referral.json()["version"]},
    )
    assert accepted.status_code == 200, accepted.content

    assert worker.delete(f"/slots/{second['id']}").status_code == 409  # booked: a session now
    assert worker.delete(f"/slots/{published.json()['id']}").status_code == 204
    assert staff.get("/slots").json() == []
    assert api(world.users["other_link_worker"]).delete(f"/slots/{second['id']}").status_code == 404
    assert Referral.objects.get(pk=referral.json()["id"]).case.sessions.count() == 1
