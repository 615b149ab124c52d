"""Referrals sent by a GP system's FHIR client (POST /fhir/), and followed back
(GET /fhir/ServiceRequest)."""

import pytest
from django.urls import reverse

from linkwork.interop.fhir import codes
from linkwork.interop.fhir.views import MAX_BODY_BYTES
from linkwork.interop.tests.bundles import (
    a_chi,
    referral_bundle,
    resource_of,
    with_bad_check_digit,
)
from linkwork.interop.tests.fhirclient import client_for, parsed, problems
from linkwork.referrals.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def gp_system(world):
    return client_for(practice=world.practice_x)


def _expressions(response) -> list[str]:
    return [e for issue in problems(response) for e in issue.get("expression", [])]


def test_a_valid_bundle_makes_a_referral_the_link_worker_sees_in_triage(client, world, gp_system):
    before = Referral.objects.count()
    response = gp_system.post("/fhir/", referral_bundle(world.practice_x.code, a_chi()))
    assert response.status_code == 201, response.content
    answer = parsed(response)
    assert answer.type == "transaction-response"
    [made] = [e for e in answer.entry if e.resource is not None]
    assert made.response.status == "201 Created"
    referral = Referral.objects.get(pk=made.resource.id)
    assert Referral.objects.count() == before + 1
    assert response["Location"].endswith(f"/fhir/ServiceRequest/{referral.pk}")
    assert (referral.route, referral.practice, referral.urgency) == (
        "fhir_api",
        world.practice_x,
        "urgent",
    )
    assert referral.person.chi == a_chi()
    assert referral.person.hscp == world.hscp_a
    assert sorted(r.need for r in referral.reasons.all()) == ["other", "social_isolation"]
    assert "Worried about rent" in referral.reason_detail
    assert "Lives alone" in referral.reason_detail
    assert referral.consent_to_referral
    assert referral.referrer_name == "Anna Macleod"
    client.force_login(world.users["link_worker"])
    assert "Fhirson" in client.get(reverse("referrals:queue")).content.decode()


def test_it_is_followed_back_by_identifier_and_by_chi(world, gp_system):
    made = parsed(gp_system.post("/fhir/", referral_bundle(world.practice_x.code, a_chi())))
    referral_id = next(e.resource.id for e in made.entry if e.resource)
    read = parsed(gp_system.get(f"/fhir/ServiceRequest/{referral_id}"))
    assert (read.status, read.priority) == ("active", "urgent")
    assert read.subject.identifier.value == a_chi()
    by_chi = parsed(
        gp_system.get(
            "/fhir/ServiceRequest", {"patient.identifier": f"{codes.CHI_SYSTEM}|{a_chi()}"}
        )
    )
    assert [e.resource.id for e in by_chi.entry] == [referral_id]
    by_id = parsed(gp_system.get("/fhir/ServiceRequest", {"identifier": referral_id}))
    assert by_id.type == "searchset"
    assert by_id.total == 1
    progress = read.extension[0].valueCodeableConcept.coding[0]
    assert progress.code == "waiting"


def test_another_practice_cannot_read_it(world, gp_system):
    made = parsed(gp_system.post("/fhir/", referral_bundle(world.practice_x.code, a_chi())))
    referral_id = next(e.resource.id for e in made.entry if e.resource)
    neighbour = client_for(practice=world.practice_y, name="Vision at Y")
    assert neighbour.get(f"/fhir/ServiceRequest/{referral_id}").status_code == 404
    found = parsed(neighbour.get("/fhir/ServiceRequest", {"identifier": referral_id}))
    assert found.total == 0


def test_the_same_person_again_returns_the_waiting_referral(world, gp_system):
    first = gp_system.post("/fhir/", referral_bundle(world.practice_x.code, a_chi()))
    count = Referral.objects.count()
    again = gp_system.post("/fhir/", referral_bundle(world.practice_x.code, a_chi()))
    assert again.status_code == 200
    assert Referral.objects.count() == count
    ids = [next(e.resource.id for e in parsed(r).entry if e.resource) for r in (first, again)]
    assert ids[0] == ids[1]
    assert next(e.response.status for e in parsed(again).entry if e.resource) == "200 OK"


def test_a_missing_chi_is_a_422_naming_patient_identifier(world, gp_system):
    count = Referral.objects.count()
    response = gp_system.post("/fhir/", referral_bundle(world.practice_x.code, None))
    assert response.status_code == 422
    assert "Patient.identifier" in _expressions(response)
    assert "CHI" in problems(response)[0]["diagnostics"]
    assert Referral.objects.count() == count


def test_a_chi_with_a_bad_check_digit_is_a_422(world, gp_system):
    count = Referral.objects.count()
    response = gp_system.post(
        "/fhir/", referral_bundle(world.practice_x.code, with_bad_check_digit(a_chi()))
    )
    assert response.status_code == 422
    assert "Patient.identifier" in _expressions(response)
    assert Referral.objects.count() == count


def test_an_unknown_practice_is_a_422(world, gp_system):
    response = gp_system.post("/fhir/", referral_bundle("99999", a_chi()))
    assert response.status_code == 422
    [issue] = problems(response)
    assert "99999" in issue["diagnostics"]
    assert issue["expression"][0].startswith("Bundle.entry")


def test_a_practice_outside_the_clients_scope_is_a_403(world, gp_system):
    count = Referral.objects.count()
    response = gp_system.post("/fhir/", referral_bundle(world.practice_y.code, a_chi()))
    assert response.status_code == 403
    assert problems(response)[0]["code"] == "forbidden"
    assert Referral.objects.count() == count


def test_missing_required_fields_are_each_named(world, gp_system):
    bundle = referral_bundle(world.practice_x.code, a_chi())
    patient, request = resource_of(bundle, "Patient"), resource_of(bundle, "ServiceRequest")
    del patient["name"], request["reasonCode"], request["note"], request["extension"]
    response = gp_system.post("/fhir/", bundle)
    assert response.status_code == 422
    expressions = _expressions(response)
    for where in (
        "Patient.name.given",
        "Patient.name.family",
        "ServiceRequest.reasonCode",
        "ServiceRequest.extension",
    ):
        assert where in expressions, expressions


def test_an_oversize_body_is_a_413_before_it_is_read(world, gp_system):
    bundle = referral_bundle(world.practice_x.code, a_chi())
    resource_of(bundle, "ServiceRequest")["note"] = [{"text": "x" * MAX_BODY_BYTES}]
    response = gp_system.post("/fhir/", bundle)
    assert response.status_code == 413
    assert problems(response)[0]["code"] == "too-long"


@pytest.mark.parametrize(
    ("body", "status", "where"),
    [
        ("{not json", 400, None),
        ('["a list"]', 400, None),
        ({"resourceType": "Patient"}, 422, "resourceType"),
        ({"resourceType": "Bundle", "type": "collection", "entry": []}, 422, "Bundle.type"),
    ],
)
def test_what_is_not_a_transaction_bundle_is_refused(world, gp_system, body, status, where):
    count = Referral.objects.count()
    response = gp_system.post("/fhir/", body)
    assert response.status_code == status
    issues = problems(response)
    assert issues
    assert all(issue["diagnostics"] for issue in issues)
    if where:
        assert where in _expressions(response)
    assert Referral.objects.count() == count


def test_a_bundle_that_is_not_valid_fhir_names_the_element(world, gp_system):
    bundle = referral_bundle(world.practice_x.code, a_chi())
    resource_of(bundle, "Patient")["birthDate"] = "14/03/1971"
    response = gp_system.post("/fhir/", bundle)
    assert response.status_code == 422
    assert any("birthDate" in e for e in _expressions(response))


def test_an_organisation_client_cannot_refer(world):
    partner = client_for(organisation=world.partner_org, name="Partner CMS")
    response = partner.post("/fhir/", referral_bundle(world.practice_x.code, a_chi()))
    assert response.status_code == 403
    no_practice_named = referral_bundle(world.practice_x.code, a_chi())
    no_practice_named["entry"].pop(1)  # the Organization
    assert partner.post("/fhir/", no_practice_named).status_code == 403


def test_without_an_organization_the_clients_own_practice_is_meant(world, gp_system):
    bundle = referral_bundle("ignored", a_chi())
    bundle["entry"].pop(1)
    response = gp_system.post("/fhir/", bundle)
    assert response.status_code == 201
    made = next(e.resource for e in parsed(response).entry if e.resource)
    assert Referral.objects.get(pk=made.id).practice == world.practice_x


# What a reviewer found gave 500s: each is now a refusal naming the fix.


@pytest.mark.parametrize(
    "raw",
    ["[" * 200_000, '{"a":' * 100_000 + "1" + "}" * 100_000],
    ids=["arrays", "objects"],
)
def test_json_nested_beyond_reason_is_a_400_not_a_crash(gp_system, raw):
    for path in ("/fhir/", "/fhir/$prsb-referral"):
        response = gp_system.post(path, raw)
        assert response.status_code == 400, (path, response.status_code)
        assert "nests too deeply" in problems(response)[0]["diagnostics"]


def test_a_bundle_nesting_an_extension_hundreds_deep_is_a_422(world, gp_system):
    bundle = referral_bundle(world.practice_x.code, a_chi())
    deep: dict = {"url": "https://example.org/x", "valueString": "x"}
    for _ in range(300):
        deep = {"url": "https://example.org/x", "extension": [deep]}
    resource_of(bundle, "Patient")["extension"] = [deep]
    before = Referral.objects.count()
    response = gp_system.post("/fhir/", bundle)
    assert response.status_code == 422
    assert "nests too deeply" in problems(response)[0]["diagnostics"]
    assert Referral.objects.count() == before


def test_a_null_among_the_practitioners_given_names_is_skipped(world, gp_system):
    bundle = referral_bundle(world.practice_x.code, a_chi(seed=7))
    resource_of(bundle, "Practitioner")["name"] = [{"given": ["Anna", None], "family": "Reid"}]
    response = gp_system.post("/fhir/", bundle)
    assert response.status_code == 201, response.content
    assert Referral.objects.latest("pk").referrer_name == "Anna Reid"


@pytest.mark.parametrize(
    ("authored", "received"),
    [
        ("2026-01-05", "2026-01-05"),
        # Half past midnight on 1 July in Scotland (BST) is still 30 June in UTC.
        ("2026-06-30T23:30:00Z", "2026-07-01"),
        ("2026-07-01T00:30:00+01:00", "2026-07-01"),
        ("2026-07-01T12:00:00-04:00", "2026-07-01"),
        # In winter Scotland keeps UTC.
        ("2025-12-31T23:30:00Z", "2025-12-31"),
    ],
)
def test_the_day_received_is_the_day_it_was_authored_in_scotland(
    world, gp_system, authored, received
):
    """The reports put a referral in a month, quarter or year by its day received."""
    bundle = referral_bundle(world.practice_x.code, a_chi())
    resource_of(bundle, "ServiceRequest")["authoredOn"] = authored
    made = parsed(gp_system.post("/fhir/", bundle))
    referral_id = next(e.resource.id for e in made.entry if e.resource)
    assert Referral.objects.get(pk=referral_id).received_on.isoformat() == received
