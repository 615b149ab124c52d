"""The directory over HTTP with bearer tokens: search, capacity and verifying, and their
limits. (The journey from a search to a link is links/tests/test_api.py.)"""

from datetime import timedelta

import pytest
from django.utils import timezone

from linkwork.casework.tests.test_api import errors_by_field
from linkwork.directory.models import Service
from linkwork.directory.search.query import DISTANCE_WITHOUT_PLACE


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
    answer = worker.get("/directory/to-check")
    assert [s["name"] for s in answer.json()] == ["Govan walking group"]
    assert answer["X-Total-Count"] == "1"
    assert "Link" not in answer  # nothing more to page to
    first = worker.get("/directory/to-check", limit=1, offset=1)
    assert (first.json(), first["X-Total-Count"]) == ([], "1")
    verified = worker.post(f"/directory/services/{world.service_x.pk}/verify", {"note": "Rang"})
    assert verified.json()["last_verified_on"] == timezone.localdate().isoformat()
    assert worker.get("/directory/to-check").json() == []
