"""The shared FHIR plumbing: bearer auth, OperationOutcomes, the routing table and the
CapabilityStatement built from it."""

import pytest

from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role
from linkwork.accounts.tokens import issue_token
from linkwork.interop.clients import revoke_client
from linkwork.interop.fhir import views
from linkwork.interop.models import FhirClient as FhirClientModel
from linkwork.interop.tests.fhirclient import FhirClient, client_for, parsed, problems

pytestmark = pytest.mark.django_db


def test_metadata_is_public_and_lists_exactly_the_routing_table(world):
    response = FhirClient().get("/fhir/metadata")
    assert response.status_code == 200
    statement = parsed(response)
    assert statement.fhirVersion == "4.0.1"
    assert "json" in statement.format
    [rest] = statement.rest
    served = {r.type: r for r in rest.resource or []}
    assert set(served) == set(views.ROUTES)
    for resource_type, route in views.ROUTES.items():
        assert [i.code for i in served[resource_type].interaction] == route.interactions()
        assert {p.name for p in served[resource_type].searchParam or []} == {
            p.name for p in route.search_params
        }
    assert bool(rest.interaction) == ("handler" in views.TRANSACTION)
    assert {o.name for o in rest.operation or []} == set(views.OPERATIONS)


@pytest.mark.parametrize("token", [None, "nonsense", "lw_abcdefgh_" + "x" * 40])
def test_no_token_or_a_bad_one_is_a_401_operation_outcome(world, token):
    for response in (
        FhirClient(token).get("/fhir/ServiceRequest", {"identifier": "x"}),
        FhirClient(token).post("/fhir/", {"resourceType": "Bundle", "type": "transaction"}),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        [issue] = problems(response)
        assert issue["code"] == "login"
        assert "Bearer" in issue["diagnostics"] or "token" in issue["diagnostics"]


def test_a_persons_own_api_token_is_not_a_fhir_clients(world):
    _, token = issue_token(user=world.users["practice_staff"], name="mine")
    response = FhirClient(token).post("/fhir/", {"resourceType": "Bundle"})
    assert response.status_code == 401
    assert "FHIR client" in problems(response)[0]["diagnostics"]


def test_a_revoked_client_is_refused(world):
    client = client_for(practice=world.practice_x)
    assert client.post("/fhir/", "[]").status_code == 400  # in: its body is looked at
    revoke_client(client=FhirClientModel.objects.get())
    refused = client.post("/fhir/", "[]")
    assert refused.status_code == 401
    # A system has no API tokens page: it is told who issues its next token, and how.
    words = problems(refused)[0]["diagnostics"]
    assert "was revoked on" in words
    assert "'linkwork fhir-client add'" in words
    assert "API tokens page" not in words


def test_a_client_is_a_system_account_that_cannot_sign_in(world):
    client_for(practice=world.practice_x)
    user = FhirClientModel.objects.get().user
    assert not user.has_usable_password()
    [assignment] = user.role_assignments.all()
    assert (assignment.role, assignment.practice) == ("practice_staff", world.practice_x)


def test_unknown_resource_types_and_methods_are_operation_outcomes(world):
    client = client_for(practice=world.practice_x)
    unknown = client.get("/fhir/Nonsense", {"x": "1"})
    assert unknown.status_code == 404
    assert "metadata" in problems(unknown)[0]["diagnostics"]
    wrong_method = client.http.delete("/fhir/metadata")
    assert wrong_method.status_code == 405
    assert problems(wrong_method)[0]["code"] == "not-supported"


def test_a_role_given_to_a_clients_account_by_hand_stops_it(world):
    client = client_for(practice=world.practice_x)
    user = FhirClientModel.objects.get().user
    assign_role(user=user, role=Role.PRACTICE_STAFF, practice=world.practice_y)
    response = client.get("/fhir/ServiceRequest", {"identifier": "1"})
    assert response.status_code == 403
    assert "more than one role" in problems(response)[0]["diagnostics"]


@pytest.mark.parametrize("id", ["9" * 30, "١٢", "x1", "-1"])
def test_ids_that_are_no_record_are_a_404(world, id):
    client = client_for(practice=world.practice_x)
    for resource_type in ("ServiceRequest", "Task"):
        assert client.get(f"/fhir/{resource_type}/{id}").status_code == 404
    found = parsed(client.get("/fhir/ServiceRequest", {"identifier": id}))
    assert found.total == 0
