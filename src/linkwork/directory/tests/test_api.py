"""The directory and links over HTTP with bearer tokens: the same flow as the browser
journey, and the community partner's limits."""

from datetime import timedelta

import pytest
from django.utils import timezone

from linkwork.casework.tests.test_api import ApiClient, checking_calls, errors_by_field
from linkwork.directory.models import Service, UnmetNeed
from linkwork.directory.search.query import DISTANCE_WITHOUT_PLACE


@pytest.fixture(autouse=True)
def api_calls(request):
    with checking_calls(request) as calls:
        yield calls


@pytest.fixture
def api(api_calls):
    return lambda user: ApiClient(user, api_calls)


def test_search_refer_attend_and_unmet_need_over_http(api, world):
    worker, partner = api(world.users["link_worker"]), api(world.users["community_partner"])
    found = worker.get("/directory/services", need="physical_activity", postcode="G51 1GB")
    assert found.status_code == 200
    results = found.json()["results"]
    walk = next(r for r in results if r["name"] == "Govan walking group")
    assert walk["capacity_label"] == "Open to new referrals"
    assert walk["distance_km"] < 2
    detail = worker.get(f"/directory/services/{walk['id']}").json()
    assert detail["opening_times"] == ["Tuesday 10:00–12:00"]

    made = worker.post(
        f"/cases/{world.case_x.pk}/links",
        {
            "service_id": walk["id"],
            "need": "physical_activity",
            "consent_to_share": True,
            "share": ["contact_details"],
        },
    )
    assert made.status_code == 201, made.content
    link_id = made.json()["id"]

    mine = partner.get("/links").json()
    assert link_id in [link["id"] for link in mine]
    assert all(link["service"] == "Govan walking group" for link in mine)
    assert all("case_id" not in link or link["case_id"] is None for link in mine)
    seen = partner.get(f"/links/{link_id}").json()
    assert seen["shared_name"] == world.case_x.person.full_name
    assert seen["reason"] == ""
    for status in ("acknowledged", "accepted", "first_attended"):
        step = partner.post(f"/links/{link_id}/steps", {"status": status})
        assert step.status_code == 200, step.content
    assert worker.get(f"/links/{link_id}").json()["status"] == "first_attended"
    assert partner.post(f"/links/{link_id}/steps", {"status": "sent"}).status_code == 409

    nothing = worker.get("/directory/services", q="immigration solicitor", postcode="G51 1GB")
    assert nothing.json()["total"] == 0
    unmet = worker.post(
        "/directory/unmet-needs",
        {
            "need": "legal_immigration",
            "reason": "none_exists",
            "area": "G51 1GB",
            "case_id": world.case_x.pk,
        },
    )
    assert unmet.status_code == 201
    assert unmet.json()["area"] == "G51"
    assert UnmetNeed.objects.get().case == world.case_x


@pytest.mark.parametrize("distance", ["2", "5"])
def test_a_distance_without_a_postcode_is_a_422_naming_both(api, world, distance):
    response = api(world.users["link_worker"]).get("/directory/services", radius_km=distance)
    errors = errors_by_field(response)
    assert errors["radius_km"] == errors["postcode"] == DISTANCE_WITHOUT_PLACE


def test_words_alone_search_everywhere_and_a_postcode_takes_the_distance(api, world):
    worker = api(world.users["link_worker"])
    assert worker.get("/directory/services", q="walking").status_code == 200
    near = worker.get("/directory/services", radius_km="2", postcode="G51 1GB")
    assert near.status_code == 200


def test_sharing_without_consent_is_a_422_naming_the_field(api, world):
    worker = api(world.users["link_worker"])
    response = worker.post(
        f"/cases/{world.case_x.pk}/links",
        {"service_id": world.service_x.pk, "share": ["reason"], "reason": "x"},
    )
    assert "consent_to_share" in errors_by_field(response)


def test_sending_without_the_persons_agreement_is_a_422_and_nothing_is_made(api, world):
    worker = api(world.users["link_worker"])
    before = world.case_x.links.count()
    response = worker.post(f"/cases/{world.case_x.pk}/links", {"service_id": world.service_x.pk})
    assert "signpost" in errors_by_field(response)["consent_to_share"]
    assert world.case_x.links.count() == before


def test_the_partner_cannot_reach_another_organisations_link_or_a_case(api, world):
    partner = api(world.users["community_partner"])
    assert partner.get(f"/links/{world.link_other.pk}").status_code == 404
    step = partner.post(f"/links/{world.link_other.pk}/steps", {"status": "accepted"})
    assert step.status_code == 404
    assert partner.get(f"/cases/{world.case_x.pk}").status_code in (403, 404)
    made = partner.post(f"/cases/{world.case_x.pk}/links", {"service_id": world.service_x.pk})
    assert made.status_code == 404
    assert partner.get("/directory/services").status_code == 403


def test_the_organisation_sets_capacity_over_http(api, world):
    partner = api(world.users["community_partner"])
    response = partner.post(
        f"/directory/services/{world.service_x.pk}/capacity",
        {"status": "waiting_list", "wait_weeks": 6},
    )
    assert response.status_code == 200
    assert response.json()["capacity_label"] == "Waiting list: about 6 weeks"
    other = partner.post(
        f"/directory/services/{world.other_service.pk}/capacity", {"status": "full"}
    )
    assert other.status_code == 404
    bad = partner.post(f"/directory/services/{world.service_x.pk}/capacity", {"status": "shut"})
    assert "status" in errors_by_field(bad)


def test_a_worker_verifies_from_the_to_check_list_over_http(api, world):
    old = timezone.localdate() - timedelta(days=400)
    Service.objects.filter(pk=world.service_x.pk).update(last_verified_on=old)
    worker = api(world.users["link_worker"])
    due = worker.get("/directory/to-check").json()
    assert [s["name"] for s in due] == ["Govan walking group"]
    verified = worker.post(f"/directory/services/{world.service_x.pk}/verify", {"note": "Rang"})
    assert verified.json()["last_verified_on"] == timezone.localdate().isoformat()
    assert worker.get("/directory/to-check").json() == []
