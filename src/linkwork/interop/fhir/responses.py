"""Answers in FHIR JSON: a resource, or an OperationOutcome naming each problem.

Every answer is built as a `fhir.resources.R4B` model, so nothing leaves that the model
library would not parse back. Raise `FhirError` anywhere below a view and the view
(views.py: `fhir_view`) answers with its OperationOutcome."""

from dataclasses import dataclass

from django.http import HttpResponse
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.resource import Resource

FHIR_JSON = "application/fhir+json"
FHIR_VERSION = "4.0.1"


@dataclass(frozen=True)
class Problem:
    """One issue of an OperationOutcome: what is wrong and how to put it right
    (`diagnostics`), where (`expression`, FHIRPath such as `Patient.identifier`), and
    the FHIR issue-type `code` (invalid, required, value, security, not-found...)."""

    diagnostics: str
    expression: str | None = None
    code: str = "invalid"
    severity: str = "error"

    def as_issue(self) -> dict:
        issue = {"severity": self.severity, "code": self.code, "diagnostics": self.diagnostics}
        if self.expression:
            issue["expression"] = [self.expression]
        return issue


class FhirError(Exception):
    """A refusal: the HTTP status and each problem, answered as an OperationOutcome."""

    def __init__(self, status: int, problems: list[Problem] | Problem, headers=None):
        self.status = status
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.headers = headers or {}
        super().__init__("; ".join(p.diagnostics for p in self.problems))


def record_id(text: str) -> int | None:
    """A resource id as linkwork's record number, or None: ids are whole numbers that fit
    the database (an id of 30 digits is no record, not an overflow)."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def fhir_json(resource: Resource, status: int = 200, headers: dict | None = None) -> HttpResponse:
    response = HttpResponse(
        resource.model_dump_json(by_alias=True, exclude_none=True),
        status=status,
        content_type=f"{FHIR_JSON}; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def full_url(request, resource: Resource) -> str:
    return request.build_absolute_uri(f"/fhir/{resource.get_resource_type()}/{resource.id}")


def outcome(problems: list[Problem]) -> OperationOutcome:
    return OperationOutcome(issue=[problem.as_issue() for problem in problems])


def operation_outcome(
    problems: list[Problem] | Problem, status: int, headers: dict | None = None
) -> HttpResponse:
    problems = [problems] if isinstance(problems, Problem) else problems
    return fhir_json(outcome(problems), status=status, headers=headers)
