"""Social outcomes and support types over the API: the same checks and words as the pages,
read with the case, written by who may change it, and to a practice only as coded facts
where the person agreed (decision 0070)."""

from linkwork.casework import services
from linkwork.casework.models import SocialOutcome
from linkwork.casework.tests.test_api import errors_by_field


def test_an_outcome_is_recorded_read_and_corrected_over_http(api, world):
    worker = api(world.users["link_worker"])
    path = f"/cases/{world.case_x.pk}/social-outcomes"
    refused = worker.post(path, {"kind": "income_gained", "period": "weekly"})
    assert refused.status_code == 422
    assert errors_by_field(refused)["amount"] == "Enter the amount gained, in pounds"
    pennies = worker.post(path, {"kind": "income_gained", "amount": 85.505, "period": "weekly"})
    assert errors_by_field(pennies)["amount"] == "Send the amount in pounds and pence, like 85.5"
    # Too large to hold to the penny: refused by name, never a server error (found by fuzzing).
    huge = worker.post(path, {"kind": "income_gained", "amount": 1e300, "period": "weekly"})
    assert errors_by_field(huge)["amount"] == "Send the amount in pounds and pence, like 85.5"
    foreign = worker.post(path, {"kind": "joined_group", "link_id": world.link_other.pk + 1000})
    assert "link_id" in errors_by_field(foreign)
    assert not SocialOutcome.objects.exists()

    made = worker.post(
        path,
        {
            "kind": "income_gained",
            "amount": 85.5,
            "period": "weekly",
            "achieved_on": "2026-11-20",
            "evidence": "Award letter seen",
            "link_id": world.link_x.pk,
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["kind_label"], body["amount"], body["period_label"], body["link_id"]) == (
        "Income gained",
        85.5,
        "Weekly",
        world.link_x.pk,
    )
    case = worker.get(f"/cases/{world.case_x.pk}").json()
    assert [o["id"] for o in case["social_outcomes"]] == [body["id"]]
    assert any(e["kind"] == "social_outcome" for e in case["timeline"])

    detail = f"/social-outcomes/{body['id']}"
    assert worker.get(detail).json()["evidence"] == "Award letter seen"
    changed = worker.patch(detail, {"version": body["version"], "amount": 90})
    assert changed.status_code == 200, changed.content
    assert changed.json()["amount"] == 90.0
    stale = worker.patch(detail, {"version": body["version"], "amount": 91})
    assert stale.status_code == 409


def test_who_may_not_change_the_case_may_not_record_or_read(api, world):
    outcome = services.record_social_outcome(
        case=world.case_x, by=world.users["link_worker"], kind="debt_managed"
    )
    for who in ("other_link_worker", "practice_staff", "community_partner"):
        client = api(world.users[who])
        made = client.post(f"/cases/{world.case_x.pk}/social-outcomes", {"kind": "started_work"})
        assert made.status_code in (403, 404), who
        assert client.get(f"/social-outcomes/{outcome.pk}").status_code in (403, 404), who
    assert SocialOutcome.objects.count() == 1


def test_an_action_and_a_link_carry_their_support_type(api, world):
    worker = api(world.users["link_worker"])
    action = worker.post(
        f"/goals/{world.goal_x.pk}/actions",
        {"description": "Fill in the PIP form together", "owner": "Link worker",
         "support_type": "practical_help"},
    )  # fmt: skip
    assert action.status_code == 201, action.content
    assert action.json()["support_type_label"] == "Practical help"
    wrong = worker.patch(f"/actions/{action.json()['id']}", {"version": 1, "support_type": "magic"})
    assert "support_type" in errors_by_field(wrong)
    link = worker.get(f"/links/{world.link_x.pk}").json()
    assert (link["support_type"], link["support_type_label"]) == ("", "")
