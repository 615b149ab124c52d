"""The whole API refuses bad input with a 422 naming the field and the fix, never a 500
or a silent ignore; every refusal has the shape its operation documents."""

import pytest
from django.test import Client
from django.urls import reverse
from jsonschema import Draft202012Validator

from linkwork.casework.tests.test_api import API, ApiClient, errors_by_field
from linkwork.core.api import NO_CREDENTIALS, UNREADABLE, not_found
from linkwork.core.codelists import codelist


@pytest.fixture
def worker(api, world):
    return api(world.users["link_worker"])


def codes(list_name: str) -> str:
    return ", ".join(code.code for code in codelist(list_name).codes)


# Unknown codes in query strings: 422 naming the field and the allowed values


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        (
            "/directory/services",
            "format",
            f"'zzz' is not one of the service format codes: use one of "
            f"{codes('service_formats')}, or leave it empty",
        ),
        (
            "/directory/services",
            "need",
            f"'zzz' is not one of the need codes: use one of {codes('needs')}, or leave it empty",
        ),
        (
            "/directory/services",
            "gender",
            f"'zzz' is not one of the eligible gender codes: use one of "
            f"{codes('eligible_genders')}, or leave it empty",
        ),
        (
            "/directory/services",
            "day",
            "'zzz' is not a day: use one of MO, TU, WE, TH, FR, SA, SU, or leave it empty",
        ),
        (
            "/links",
            "status",
            f"'zzz' is not one of the link status codes: use one of {codes('link_statuses')}, "
            "or leave it empty",
        ),
        (
            "/cases",
            "complexity",
            f"'zzz' is not one of the complexity codes: use one of {codes('complexity')}",
        ),
        ("/cases", "status", "Choose the status from 'open' or 'closed'"),
        (
            "/referrals",
            "status",
            "Choose the status from 'awaiting_verification', 'new', 'accepted', 'declined' "
            "or 'duplicate'",
        ),
    ],
)
def test_an_unknown_code_in_a_query_is_a_422_naming_the_allowed_codes(worker, path, field, message):
    response = worker.get(path, **{field: "zzz"})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert (error["loc"], error["msg"]) == (["query", field], message)
    assert set(error) == {"type", "loc", "msg"}  # pydantic's ctx and input are not sent back


def test_a_day_is_its_code_or_its_name_in_any_case(worker):
    for day in ("TU", "tu", "Tuesday", "TUESDAY", ""):
        assert worker.get("/directory/services", day=day).status_code == 200, day


def test_empty_codes_in_a_search_mean_any(worker, world):
    everything = worker.get("/directory/services").json()["total"]
    blank = worker.get("/directory/services", need="", format="", gender="", day="")
    assert blank.json()["total"] == everything > 0
    assert worker.get("/directory/services", gender="any").json()["total"] == everything


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/directory/services", {"radius_km": "nan"}, "radius_km"),
        ("/directory/services", {"radius_km": "-1"}, "radius_km"),
        ("/directory/services", {"age": "121"}, "age"),
        ("/directory/services", {"page": "0"}, "page"),
        ("/directory/services", {"per_page": "101"}, "per_page"),
        ("/directory/services", {"q": "x" * 201}, "q"),
        ("/cases", {"offset": str(2**63)}, "offset"),
        ("/cases", {"limit": "0"}, "limit"),
        ("/referrals", {"limit": "501"}, "limit"),
    ],
)
def test_numbers_and_text_out_of_range_in_a_query_are_a_422(worker, path, query, field):
    assert list(errors_by_field(worker.get(path, **query))) == [field]


def test_numbers_in_query_strings_are_read_as_numbers(worker, world):
    assert len(worker.get("/cases", limit="1", offset="0").json()["items"]) == 1
    found = worker.get("/directory/services", age="58", per_page="1")
    assert (found.status_code, len(found.json()["results"])) == (200, 1)


# Request bodies take the JSON types they document (a whole number may be written 3.0)


@pytest.mark.parametrize("value", [True, False, "1", 1.5, None])
def test_a_number_field_refuses_true_false_and_text(worker, world, value):
    case = world.case_x
    response = worker.patch(f"/cases/{case.pk}", {"version": value, "complexity": "high"})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "version"]
    if isinstance(value, bool | str):
        assert error["msg"] == "Send a whole number, like 3: not true, false or text in quotes"
    case.refresh_from_db()
    assert case.complexity != "high"


def test_a_whole_number_may_be_written_with_a_point_as_json_schema_allows(worker, world):
    case = world.case_x
    body = {"version": float(case.version), "complexity": "high"}
    assert worker.patch(f"/cases/{case.pk}", body).status_code == 200


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/directory/unmet-needs", {"need": "debt", "reason": "cost", "case_id": True}, "case_id"),
        (
            "/slots",
            {"practice_code": "x", "starts_at": "2026-12-01T10:00", "duration_minutes": True},
            "duration_minutes",
        ),
        ("/instruments/swemwbs/score", {"items": [True, 1, 2, 3, 4, 5, 1]}, "items"),
    ],
)
def test_booleans_are_not_numbers_in_any_body(worker, path, body, field):
    assert list(errors_by_field(worker.post(path, body))) == [field]


def test_a_true_false_field_refuses_numbers_and_text(worker, world):
    story = {"text": "It helped", "consent": 1}
    errors = errors_by_field(worker.post(f"/cases/{world.case_x.pk}/stories", story))
    assert errors == {"consent": "Send true or false"}


@pytest.mark.parametrize("rated_on", [0, "0", "1700000000"])
def test_a_date_field_refuses_a_number_of_seconds(worker, world, rated_on):
    body = {"timepoint": "baseline", "rating": 5, "rated_on": rated_on}
    errors = errors_by_field(worker.post(f"/goals/{world.goal_x.pk}/ratings", body))
    assert errors == {"rated_on": "Send the date as text, like 2026-03-31"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/directory/services/{service}/capacity",
            {"status": "waiting_list", "wait_weeks": -1},
            "wait_weeks",
        ),
        (
            "/directory/services/{service}/capacity",
            {"status": "waiting_list", "wait_weeks": 105},
            "wait_weeks",
        ),
        ("/directory/services/{service}/capacity", {"status": "open", "note": "x" * 301}, "note"),
        ("/directory/unmet-needs", {"need": "debt", "reason": "cost", "note": "x" * 301}, "note"),
        ("/directory/unmet-needs", {"need": "debt", "reason": "cost", "area": "x" * 61}, "area"),
        ("/links/{link}/steps", {"status": "acknowledged", "note": "x" * 501}, "note"),
        ("/links/{link}/steps", {"status": "declined", "reason": "zzz"}, "reason"),
        ("/cases/{case}/links", {"service_id": 1, "need": "zzz"}, "need"),
    ],
)
def test_body_values_the_database_could_not_hold_are_a_422(worker, world, path, body, field):
    ids = {"service": world.service_x.pk, "link": world.link_x.pk, "case": world.case_x.pk}
    assert list(errors_by_field(worker.post(path.format(**ids), body))) == [field]


def test_unknown_person_codes_are_a_422_naming_the_list(worker, world):
    person = world.case_x.person
    body = {"version": person.version, "ethnicity": "zzz", "preferred_contact": "pigeon"}
    errors = errors_by_field(worker.patch(f"/cases/{world.case_x.pk}/person", body))
    assert errors["preferred_contact"] == (
        f"'pigeon' is not one of the contact method codes: use one of "
        f"{codes('contact_methods')}, or leave it empty"
    )
    assert errors["ethnicity"].startswith("'zzz' is not one of the ethnicity codes")


# Every refusal has the shape its operation documents


@pytest.fixture
def document(client):
    return client.get(reverse("api:openapi-json")).json()


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_documents_the_refusals_any_operation_can_give(document):
    for name, operation in operations(document):
        responses = operation["responses"]
        assert "401" in responses, name
        if "requestBody" in operation:
            assert "400" in responses, name
        if "requestBody" in operation or operation["parameters"]:
            assert "422" in responses, name


def test_every_refusal_is_one_of_the_two_shapes(document):
    for name, operation in operations(document):
        for status, response in operation["responses"].items():
            if not status.startswith("4"):
                continue
            shape = response["content"]["application/json"]["schema"]["$ref"]
            wanted = "ValidationErrorOut" if status == "422" else "ErrorOut"
            assert shape == f"#/components/schemas/{wanted}", (name, status)


def _documented(document, method: str, path: str, status: int) -> dict:
    operation = document["paths"][path][method.lower()]
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    return {**schema, "components": document["components"]}


def test_refusals_answer_exactly_the_documented_shape(document, world):
    worker = ApiClient(world.users["link_worker"], set())
    staff = ApiClient(world.users["practice_staff"], set())
    case = world.case_x
    refusals = [
        ("GET", "/cases/{case_id}", Client().get(f"{API}/cases/{case.pk}"), 401),
        ("GET", "/cases/{case_id}", worker.get(f"/cases/{world.case_z.pk}"), 404),
        ("GET", "/cases", staff.get("/cases"), 403),
        ("POST", "/cases/{case_id}/reopen", worker.post(f"/cases/{case.pk}/reopen"), 409),
        ("GET", "/directory/services", worker.get("/directory/services", format="zzz"), 422),
        (
            "POST",
            "/instruments/{name}/score",
            worker.post("/instruments/swemwbs/score", {"items": [1]}),
            422,
        ),
        (
            "POST",
            "/cases/{case_id}/notes",
            worker.client.post(
                f"{API}/cases/{case.pk}/notes",
                "{not json",
                "application/json",
                headers=worker.headers,
            ),
            400,
        ),
    ]
    for method, path, response, status in refusals:
        assert response.status_code == status, (path, response.content)
        schema = _documented(document, method, f"{API}{path}", status)
        Draft202012Validator(schema).validate(response.json())


def test_no_token_and_an_unreadable_body_say_what_to_do(world):
    """Not ninja's bare "Unauthorized" and "Cannot parse request body": a client's author
    reads what to send instead."""
    anonymous = Client().get(f"{API}/cases/{world.case_x.pk}")
    assert anonymous.json() == {"detail": NO_CREDENTIALS}
    assert anonymous["WWW-Authenticate"] == 'Bearer realm="api"'
    worker = ApiClient(world.users["link_worker"], set())
    unreadable = worker.client.post(
        f"{API}/cases/{world.case_x.pk}/notes",
        "{not json",
        "application/json",
        headers=worker.headers,
    )
    assert (unreadable.status_code, unreadable.json()) == (400, {"detail": UNREADABLE})


# A null character (U+0000) would be a 500 on PostgreSQL, which cannot hold or compare it


@pytest.mark.parametrize(
    ("method", "path", "data", "loc"),
    [
        ("GET", "/cases", {"practice_code": "4\x001"}, ["query", "practice_code"]),
        ("GET", "/directory/services", {"language": "pl\x00"}, ["query", "language"]),
        ("GET", "/practices/{practice}\x00/intake", {}, ["path", "code"]),
        (
            "POST",
            "/goals/{goal}/actions",
            {"description": "Ring\x00", "owner": "Jim"},
            ["body", "payload", "description"],
        ),
        (
            "POST",
            "/directory/unmet-needs",
            {"need": "debt", "reason": "cost", "area": "G5\x00"},
            ["body", "payload", "area"],
        ),
    ],
)
def test_a_null_character_anywhere_is_a_422(worker, world, method, path, data, loc):
    path = path.format(practice=world.practice_x.code, goal=world.goal_x.pk)
    response = worker.get(path, **data) if method == "GET" else worker.post(path, data)
    assert response.status_code == 422, response.content
    assert response.json()["detail"] == [
        {
            "type": "null_character",
            "loc": loc,
            "msg": "Remove the null character (\\u0000): text cannot hold one",
        }
    ]


# Dates and times the database and the service's arithmetic can hold


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        (
            "2026-02-15T00:12:54+21:23",
            "Send a real time zone offset, from -12:00 to +14:00, or none for UK time",
        ),
        ("1192-02-15T00:12:54+01:00", "Send a date from 1900 to 2999"),
        ("0001-01-01T00:00", "Send a date from 1900 to 2999"),
    ],
)
def test_a_time_that_postgresql_could_not_hold_is_a_422(worker, world, starts_at, message):
    body = {"starts_at": starts_at, "mode": "phone", "duration_minutes": 30}
    errors = errors_by_field(worker.post(f"/cases/{world.case_x.pk}/sessions", body))
    assert errors == {"starts_at": message}


def test_a_date_far_from_today_is_a_422(worker, world):
    body = {"version": world.action_x.version, "due_on": "9999-12-31"}
    errors = errors_by_field(worker.patch(f"/actions/{world.action_x.pk}", body))
    assert errors == {"due_on": "Send a date from 1900 to 2999"}


def test_a_time_with_an_offset_is_kept_as_the_same_moment(worker, world):
    # After the referral was received (1 October 2026), in winter time (UTC).
    body = {"starts_at": "2026-11-02T15:00+05:00", "mode": "phone", "duration_minutes": 30}
    created = worker.post(f"/cases/{world.case_x.pk}/sessions", body)
    assert created.status_code == 201, created.content
    assert created.json()["starts_at"].startswith("2026-11-02T10:00:00")


# Messages in the service's words: the field as a person reads it, plain 404s


def test_a_missing_or_mistyped_field_is_named_as_a_person_reads_it(worker, world):
    response = worker.post(f"/referrals/{world.referral_x.pk}/accept", {"version": 1})
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == "link_worker_id"  # the key, for programs
    assert error["msg"] == "Send the link worker: it is needed here"
    typed = worker.get("/directory/services", radius_km="far", postcode="G51")
    assert errors_by_field(typed)["radius_km"] == (
        "Send the distance in kilometres as a number, like 2.5"
    )


@pytest.mark.parametrize(
    ("path", "thing"),
    [("/referrals/{referral}", "referral"), ("/cases/{case}", "case")],
)
def test_a_404_is_plain_and_the_same_for_missing_and_out_of_reach(api, world, path, thing):
    """Nobody learns from a 404 whether a record exists: one they may not see answers as
    one that was never there."""
    outsider = api(world.users["other_hscp_link_worker"])
    there = outsider.get(path.format(referral=world.referral_x.pk, case=world.case_x.pk))
    missing = outsider.get(path.format(referral=10**6, case=10**6))
    assert there.status_code == missing.status_code == 404
    assert there.json() == missing.json() == {"detail": f"No such {thing}, or you may not see it"}


@pytest.mark.parametrize(
    ("path", "thing"),
    [
        ("/api/v1/social-outcomes/3", "social outcome"),
        ("/api/v1/people/3/subject-access", "person"),
        ("/api/v1/documents/3/file", "letter or form"),
    ],
)
def test_a_404_names_what_was_not_found(path, thing):
    assert not_found(path) == f"No such {thing}, or you may not see it"


# Text is measured after the spaces around it are stripped; spaces alone are empty


def test_spaces_around_text_do_not_count_towards_its_length(worker, world):
    padded = worker.get("/directory/services", q=" " * 300 + "walk", postcode=" G51 ")
    assert padded.status_code == 200
    note = worker.post(f"/cases/{world.case_x.pk}/notes", {"text": " " * 6000 + "Rang"})
    assert (note.status_code, note.json()["text"]) == (201, "Rang")


def test_spaces_alone_are_an_empty_answer(worker, world):
    response = worker.post(f"/cases/{world.case_x.pk}/notes", {"text": " " * 300})
    assert errors_by_field(response)["text"] == "Write the note"


@pytest.mark.parametrize(
    ("error", "words"),
    [
        ({"type": "greater_than_equal", "loc": ["query", "offset"], "ctx": {"ge": 0}},
         "Send an offset of 0 or more"),
        ({"type": "greater_than_equal", "loc": ["query", "limit"], "ctx": {"ge": 1}},
         "Send a limit of 1 or more"),
        ({"type": "missing", "loc": ["body", "payload", "closed_on"]},
         "Send the date closed: it is needed here"),
    ],
)  # fmt: skip
def test_a_refusal_reads_as_english_an_offset_and_the_date_closed(error, words):
    from linkwork.core.api import _in_own_words

    assert _in_own_words(error) == words
