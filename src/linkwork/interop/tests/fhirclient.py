"""A FHIR test client: sends with a FHIR client's bearer token and parses every answer
back with fhir.resources.R4B, so no test passes on a resource the library would refuse."""

import json

from django.test import Client
from fhir.resources.R4B import get_fhir_model_class

from linkwork.interop.clients import add_client
from linkwork.interop.fhir.responses import FHIR_JSON


def parsed(response):
    """The answer's resource, parsed by fhir.resources (failing the test if it does not
    parse), with the content type FHIR clients expect."""
    assert response["Content-Type"].startswith(FHIR_JSON), response["Content-Type"]
    body = json.loads(response.content)
    model = get_fhir_model_class(body["resourceType"])
    return model.model_validate(body)


def problems(response) -> list[dict]:
    """An OperationOutcome's issues (parsed and validated as every answer is)."""
    resource = parsed(response)
    assert resource.get_resource_type() == "OperationOutcome"
    return [issue.model_dump(exclude_none=True) for issue in resource.issue]


class FhirClient:
    def __init__(self, token: str | None = None):
        self.token = token
        self.http = Client(enforce_csrf_checks=True)

    def _headers(self) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, data=None, **headers):
        return self.http.get(path, data, **headers, **self._headers())

    def post(self, path: str, body, content_type: str = FHIR_JSON):
        raw = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.http.post(path, raw, content_type=content_type, **self._headers())


def client_for(*, practice=None, organisation=None, name="EMIS test") -> FhirClient:
    _, token = add_client(name=name, practice=practice, organisation=organisation)
    return FhirClient(token)
