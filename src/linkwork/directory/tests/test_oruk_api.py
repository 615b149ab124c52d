"""The ORUK 3.0 API: shapes as ../shared/reference/open-referral-uk.md documents them
(required fields per entity, the page object, CORS), public services only, no people."""

import pytest
from django.urls import reverse

from linkwork.directory.services import update_service
from linkwork.directory.taxonomy import needs_taxonomy, term_uuid

PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}
REQUIRED = {
    "service": {"id", "name", "status"},
    "organization": {"id", "name", "description"},
    "location": {"id", "location_type"},
    "phone": {"id", "number"},
    "taxonomy": {"id", "name", "description"},
    "taxonomy_term": {"id", "name", "description"},
    "address": {
        "id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    },
    "schedule": {"id"},
    "service_at_location": {"id"},
}


def get(client, name, *args, **params):
    response = client.get(reverse(f"oruk:{name}", args=args), params)
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def has(entity: str, data: dict):
    missing = REQUIRED[entity] - set(data)
    assert not missing, f"{entity} lacks {missing}"


def test_the_root_says_which_version(client, world):
    data = get(client, "info").json()
    assert data["version"] == "HSDS-UK-3.0"
    assert data["openapi_url"].endswith("/api/oruk/openapi.json")


def test_services_are_a_page_object_of_public_services(client, world):
    update_service(service=world.other_service, by=None, fields={"is_public": False})
    data = get(client, "services", per_page=1).json()
    assert set(data) == PAGE_KEYS
    assert data["total_items"] == 1
    assert data["first_page"]
    assert data["last_page"]
    assert not data["empty"]
    service = data["contents"][0]
    has("service", service)
    has("organization", service["organization"])
    assert service["name"] == "Govan walking group"


def test_one_service_is_fully_nested(client, world):
    data = get(client, "service", world.service_x.uuid).json()
    has("service", data)
    at = data["service_at_locations"][0]
    has("service_at_location", at)
    has("location", at["location"])
    has("address", at["location"]["addresses"][0])
    has("schedule", data["schedules"][0])
    term = data["attributes"][0]["taxonomy_term"]
    has("taxonomy_term", term)
    assert term["id"] == str(term_uuid("physical_activity"))
    assert data["linkwork"]["capacity_status"] == "open"


def test_filters_search_taxonomy_age_and_day(client, world):
    names = lambda **p: [s["name"] for s in get(client, "services", **p).json()["contents"]]  # noqa: E731
    assert names(search="walks") == ["Govan walking group"]
    assert names(taxonomy_term_id=str(term_uuid("physical_activity"))) == [
        "Another lunch club",
        "Govan walking group",
    ]
    assert names(day="Wednesday") == []
    assert "Govan walking group" in names(day="Tuesday", start_time="10:30", end_time="11:00")
    assert names(minimum_age=30, maximum_age=40) == ["Another lunch club", "Govan walking group"]


def test_service_at_locations_near_a_postcode(client, world):
    data = get(client, "service_at_locations", postcode="G51 1EN", proximity=2000).json()
    assert data["total_items"] == 2
    at = data["contents"][0]
    has("service_at_location", at)
    has("location", at["location"])
    far = get(client, "service_at_locations", postcode="G45 1FP", proximity=500).json()
    assert far["empty"]


def test_taxonomies_publish_the_needs_list(client, world):
    needs_taxonomy()
    data = get(client, "taxonomies").json()
    has("taxonomy", data["contents"][0])
    detail = get(client, "taxonomy", data["contents"][0]["id"]).json()
    assert len(detail["taxonomy_terms"]) == 23
    terms = get(client, "taxonomy_terms", per_page=5, page=2).json()
    assert terms["page_number"] == 2
    assert terms["size"] == 5
    has("taxonomy_term", get(client, "taxonomy_term", terms["contents"][0]["id"]).json())


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "x"}, "page must be a whole number"),
        ({"page": "99999999999999999999"}, "page must be a whole number from 1 to"),
        ({"per_page": "0"}, "per_page must be a whole number from 1 to"),
        ({"minimum_age": "99999999999999999999"}, "minimum_age must be a whole number from 0"),
        ({"taxonomy_id": "nope"}, "taxonomy_id must be a UUID"),
        ({"day": "Funday"}, "day must be a day name"),
        ({"start_time": "noon"}, "start_time must be a time"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, world, params, message):
    response = get(client, "services", **params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_unknown_ids_are_a_404_with_cors(client, world):
    assert get(client, "service", "7e2f0f0e-0000-4000-8000-000000000000").status_code == 404


@pytest.mark.parametrize("name", ["service", "service_at_location", "taxonomy", "taxonomy_term"])
def test_a_malformed_id_is_a_json_404_with_cors(client, world, name):
    response = get(client, name, "not-a-uuid")
    assert response.status_code == 404
    assert response.json() == {"error": "Not found"}
    assert response["Access-Control-Allow-Origin"] == "*"


def test_nothing_about_people_is_published(client, world):
    pages = [
        get(client, "services"),
        get(client, "service", world.service_x.uuid),
        get(client, "service_at_locations"),
    ]
    for response in pages:
        body = response.content.decode()
        assert world.case_x.person.family_name not in body
        assert "I want to get out more" not in body
