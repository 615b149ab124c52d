"""The FHIR server's routing table and its views.

`ROUTES` says, per resource type, which interactions are served and by which handler;
`OPERATIONS` the system operations (POST /fhir/$name); `TRANSACTION` the handler of a
transaction Bundle (POST /fhir/). The views dispatch from these tables and the
CapabilityStatement (GET /fhir/metadata) is built from them, so what linkwork says it
supports and what it serves cannot drift apart. To serve a new resource, add its row.

Handlers: `read(request, id) -> Resource` (or an HttpResponse of another content type, as a
Binary read answers its bytes), `search(request, params) -> list[Resource]`
(params: each supported search parameter given, as text), POST handlers
`(request, body: dict) -> HttpResponse`. They raise `FhirError` to refuse."""

import json
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from linkwork.interop.fhir import gp_record, prsb, servicerequests, tasks, transaction
from linkwork.interop.fhir.auth import client_user
from linkwork.interop.fhir.responses import (
    FHIR_JSON,
    FHIR_VERSION,
    FhirError,
    Problem,
    fhir_json,
    full_url,
    operation_outcome,
)
from linkwork.interop.fhir.routing import Operation, ResourceRoute

MAX_BODY_BYTES = 1024 * 1024  # 1 MB: a referral is a few kilobytes
JSON_TYPES = {FHIR_JSON, "application/json", "application/json+fhir"}
# Parameters any FHIR request may carry that change nothing here (JSON is the only format).
IGNORED_PARAMETERS = {"_format", "_pretty"}


# resource type -> its route, one row per resource served (each in its own module).
ROUTES: dict[str, ResourceRoute] = {
    "ServiceRequest": ResourceRoute(
        read=servicerequests.read,
        search=servicerequests.search,
        search_params=servicerequests.SEARCH_PARAMS,
        profile="https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest",
        documentation="A referral to the link worker service, as its referrer may see it.",
    ),
    "Task": ResourceRoute(
        read=tasks.read,
        search=tasks.search,
        search_params=tasks.SEARCH_PARAMS,
        profile="https://fhir.hl7.org.uk/StructureDefinition/UKCore-Task",
        documentation="An onward link to a community organisation, for that organisation.",
    ),
    "Communication": ResourceRoute(
        read=gp_record.communication,
        search=gp_record.communications,
        search_params=gp_record.COMMUNICATION_PARAMS,
        documentation="A coded message for the referring practice's GP record (SNOMED CT "
        "where a concept is confirmed, otherwise linkwork's own code and the words): a "
        "practice client's own, as a feed by date.",
    ),
    "QuestionnaireResponse": ResourceRoute(
        read=gp_record.questionnaire_response,
        search=gp_record.questionnaire_responses,
        search_params=(gp_record.PATIENT,),
        documentation="A person's SWEMWBS and WEMWBS answers (items swemwbs-1.., answers "
        "1-5), where the person agreed to share the outcome with the referring practice.",
    ),
    "Observation": ResourceRoute(
        read=gp_record.observation,
        search=gp_record.observations,
        search_params=(gp_record.PATIENT,),
        profile="https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation",
        documentation="A wellbeing score as the outcomes app computed it: SWEMWBS metric "
        "score (SNOMED 718466001, raw score as a component) or WEMWBS (718426000).",
    ),
    "Composition": ResourceRoute(
        read=gp_record.composition,
        documentation="The GP summary of a person's support (id gp-summary-<case>), the "
        "same content as its PDF letter.",
    ),
    "DocumentReference": ResourceRoute(
        search=gp_record.document_references,
        search_params=(gp_record.PATIENT,),
        documentation="The GP summary letters (PDF, for DOCMAN) of a person's closed support, "
        "each pointing at its Binary.",
    ),
    "Binary": ResourceRoute(
        read=gp_record.binary,
        documentation="A GP summary's PDF letter (id gp-summary-<case>): the PDF itself with "
        "'Accept: application/pdf', otherwise a Binary with the PDF as base64.",
    ),
}
# operation name (without the $) -> the operation.
OPERATIONS: dict[str, Operation] = {
    "prsb-referral": Operation(
        handler=prsb.handle,
        documentation="A referral in the PRSB Social Prescribing Information Standard v1.1 "
        "'Referral to social prescribing services' shape, as JSON keyed by its headings "
        "(docs/interop.md). Answers the ServiceRequest, as POST /fhir/ does.",
    ),
}
# The handler of a transaction Bundle (POST /fhir/), with what it accepts.
TRANSACTION: dict = {
    "handler": transaction.handle,
    "documentation": "A referral: a transaction Bundle of Patient (with CHI number) and "
    "ServiceRequest, with the practice as an Organization (ODS organisation code) and "
    "optionally the referring Practitioner and a Consent.",
}


def fhir_view(*methods: str):
    """Public to the sign-in middleware and CSRF-exempt (a bearer token is not a cookie),
    refusing other methods, and answering every FhirError, 404 and 403 as an
    OperationOutcome."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                return operation_outcome(
                    Problem(
                        f"{request.method} is not supported here; use {' or '.join(methods)}.",
                        code="not-supported",
                    ),
                    405,
                    headers={"Allow": ", ".join(methods)},
                )
            try:
                return view(request, *args, **kwargs)
            except FhirError as error:
                return operation_outcome(error.problems, error.status, headers=error.headers)
            except Http404:
                return operation_outcome(
                    Problem("No such resource, or not one this client may see.", code="not-found"),
                    404,
                )
            except PermissionDenied:
                return operation_outcome(
                    Problem("This client may not do that.", code="forbidden"), 403
                )

        return login_not_required(csrf_exempt(wrapped))

    return decorate


def read_json_body(request) -> dict:
    """The request's JSON object; FhirError 413 over MAX_BODY_BYTES (checked before any
    parsing), 415 for another content type, 400 for anything that is not a JSON object."""
    too_big = FhirError(
        413,
        Problem(
            f"The body is over {MAX_BODY_BYTES // 1024} KB, the most /fhir/ accepts. "
            "Send one referral per transaction.",
            code="too-long",
        ),
    )
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        raise too_big
    content_type = request.content_type or ""
    if content_type and content_type not in JSON_TYPES:
        raise FhirError(
            415,
            Problem(f"Send the body as {FHIR_JSON}, not {content_type}.", code="not-supported"),
        )
    raw = request.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise too_big
    try:
        body = json.loads(raw)
    except RecursionError:
        raise FhirError(
            400,
            Problem(
                "The body nests too deeply to be a FHIR resource. Send a Bundle as the "
                "specification shapes it.",
                code="structure",
            ),
        ) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise FhirError(
            400,
            Problem(
                f"The body is not JSON ({error}). Send a FHIR resource as JSON.", code="structure"
            ),
        ) from None
    if not isinstance(body, dict):
        raise FhirError(
            400,
            Problem(
                "The body must be a JSON object: a FHIR resource with a resourceType.",
                code="structure",
            ),
        )
    return body


def _route(resource_type: str) -> ResourceRoute:
    route = ROUTES.get(resource_type)
    if route is None:
        raise FhirError(
            404,
            Problem(
                f"{resource_type} is not served here. See /fhir/metadata for what is: "
                f"{', '.join(sorted(ROUTES)) or 'nothing yet'}.",
                code="not-supported",
            ),
        )
    return route


def _not_supported(what: str) -> FhirError:
    return FhirError(
        405, Problem(f"{what} is not supported. See /fhir/metadata.", code="not-supported")
    )


def search_params(request, route: ResourceRoute, resource_type: str) -> dict[str, str]:
    supported = {param.name for param in route.search_params}
    params, problems = {}, []
    for name in request.GET:
        values = request.GET.getlist(name)
        if name in IGNORED_PARAMETERS:
            continue
        if name not in supported:
            problems.append(
                Problem(
                    f"Search parameter '{name}' is not supported for {resource_type}; "
                    f"use {', '.join(sorted(supported))}.",
                    expression=name,
                    code="not-supported",
                )
            )
        elif len(values) != 1 or not values[0].strip():
            problems.append(
                Problem(f"Give '{name}' once, with a value.", expression=name, code="value")
            )
        else:
            params[name] = values[0].strip()
    if problems:
        raise FhirError(400, problems)
    if not params:
        raise FhirError(
            400,
            Problem(
                f"Search {resource_type} by one of: {', '.join(sorted(supported))}.",
                code="required",
            ),
        )
    return params


@fhir_view("GET")
def search(request, resource_type: str):
    client_user(request)
    route = _route(resource_type)
    if route.search is None:
        raise _not_supported(f"Searching {resource_type}")
    found = route.search(request, search_params(request, route, resource_type))
    bundle = Bundle(
        type="searchset",
        total=len(found),
        link=[{"relation": "self", "url": request.build_absolute_uri()}],
        entry=[
            {
                "fullUrl": full_url(request, resource),
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in found
        ],
    )
    return fhir_json(bundle)


@fhir_view("GET")
def read(request, resource_type: str, id: str):
    client_user(request)
    route = _route(resource_type)
    if route.read is None:
        raise _not_supported(f"Reading {resource_type} by id")
    found = route.read(request, id)
    return found if isinstance(found, HttpResponse) else fhir_json(found)


@fhir_view("POST")
def system(request):
    """POST /fhir/: a transaction Bundle."""
    client_user(request)
    body = read_json_body(request)
    if "handler" not in TRANSACTION:
        raise _not_supported("A transaction")
    return TRANSACTION["handler"](request, body)


@fhir_view("POST")
def operation(request, name: str):
    """POST /fhir/$name: a system operation."""
    client_user(request)
    found = OPERATIONS.get(name)
    if found is None:
        raise FhirError(
            404,
            Problem(f"There is no operation ${name}. See /fhir/metadata.", code="not-supported"),
        )
    return found.handler(request, read_json_body(request))


def capability_statement(request) -> CapabilityStatement:
    base = request.build_absolute_uri("/fhir/")
    rest = {
        "mode": "server",
        "documentation": "FHIR R4 (UK Core) for Scottish Community Link Worker referrals.",
        "security": {
            "cors": False,
            "service": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                            "code": "OAuth",
                        }
                    ],
                    "text": "Bearer token",
                }
            ],
            "description": "Every request but this one needs 'Authorization: Bearer lw_...', "
            "a FHIR client's token (linkwork fhir-client add). A client is scoped to one "
            "practice or one community organisation and sees and does what that role may.",
        },
        "resource": [
            {
                "type": resource_type,
                **({"profile": route.profile} if route.profile else {}),
                **({"documentation": route.documentation} if route.documentation else {}),
                "interaction": [{"code": code} for code in route.interactions()],
                **(
                    {
                        "searchParam": [
                            {"name": p.name, "type": p.type, "documentation": p.documentation}
                            for p in route.search_params
                        ]
                    }
                    if route.search
                    else {}
                ),
            }
            for resource_type, route in sorted(ROUTES.items())
        ],
    }
    if "handler" in TRANSACTION:
        rest["interaction"] = [
            {"code": "transaction", "documentation": TRANSACTION["documentation"]}
        ]
    if OPERATIONS:
        rest["operation"] = [
            {
                "name": name,
                "definition": op.definition or f"{base}OperationDefinition/{name}",
                "documentation": op.documentation,
            }
            for name, op in sorted(OPERATIONS.items())
        ]
    return CapabilityStatement(
        status="active",
        date=timezone.now().isoformat(timespec="seconds"),
        publisher="linkwork",
        kind="instance",
        software={"name": "linkwork"},
        implementation={"description": "linkwork FHIR server", "url": base},
        fhirVersion=FHIR_VERSION,
        format=["json", FHIR_JSON],
        rest=[rest],
    )


@fhir_view("GET")
def metadata(request):
    """Public, as FHIR servers' capability statements are: it names no one."""
    return fhir_json(capability_statement(request))
