"""`linkwork fhir-client`: add prints the token alone on its last line, list, revoke."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from linkwork.interop.models import FhirClient as FhirClientModel
from linkwork.interop.tests.fhirclient import FhirClient

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("fhir-client", *args, stdout=out)
    return out.getvalue()


def test_add_list_and_revoke(world):
    output = _run("add", "--practice", world.practice_x.code, "--name", "EMIS at X")
    token = output.strip().splitlines()[-1]
    assert token.startswith("lw_")
    assert token not in output.strip().splitlines()[0]
    client = FhirClient(token)
    assert client.get("/fhir/ServiceRequest", {"identifier": "1"}).status_code == 200
    listed = _run("list")
    assert "EMIS at X" in listed
    assert "working" in listed
    assert "Practice X" in listed
    client_id = FhirClientModel.objects.get(name="EMIS at X").pk
    assert "Revoked" in _run("revoke", str(client_id))
    assert client.get("/fhir/ServiceRequest", {"identifier": "1"}).status_code == 401
    assert "revoked" in _run("list")


def test_add_for_an_organisation(world):
    token = _run("add", "--organisation", str(world.partner_org.uuid), "--name", "CMS")
    response = FhirClient(token.strip().splitlines()[-1]).get(
        "/fhir/Task", {"owner": f"Organization/{world.partner_org.uuid}"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "args",
    [
        ("add", "--practice", "00000", "--name", "X"),
        ("add", "--organisation", "not-an-id", "--name", "X"),
        ("add", "--practice", "12345", "--name", " "),
        ("revoke", "999999"),
    ],
)
def test_mistakes_are_said(world, args):
    with pytest.raises(CommandError):
        _run(*args)
