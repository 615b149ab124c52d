"""/fhir/ described as OpenAPI 3, for schemathesis (scripts/api-fuzz.sh, decision 0112).

FHIR's own description of the server is its CapabilityStatement (GET /fhir/metadata); a
fuzzer reads OpenAPI. Both are built from the one routing table (views.py: ROUTES,
OPERATIONS, TRANSACTION), so the document fuzzed is the server as it is served. Every
answer is a FHIR resource (an OperationOutcome when refused); the status codes listed are
the ones the views give. scripts/api-fuzz.sh writes it out with `linkwork shell`."""

from linkwork.interop.fhir.responses import FHIR_JSON
from linkwork.interop.fhir.views import OPERATIONS, ROUTES, TRANSACTION

RESOURCE = {
    "type": "object",
    "required": ["resourceType"],
    "properties": {"resourceType": {"type": "string"}},
}
ANSWER = {"content": {FHIR_JSON: {"schema": RESOURCE}}}
# What each kind of interaction answers, besides 401 (no or a bad token) and 403.
REFUSALS = {
    "read": ("404", "405"),
    "search": ("400", "404", "405"),
    "write": ("400", "404", "405", "409", "413", "415", "422"),
}
BODY = {
    "required": True,
    "content": {
        FHIR_JSON: {
            "schema": {
                "type": "object",
                "required": ["resourceType"],
                "properties": {
                    "resourceType": {"type": "string"},
                    "type": {"type": "string"},
                    "entry": {"type": "array", "items": {"type": "object"}},
                },
            }
        }
    },
}


def _responses(ok: tuple[str, ...], kind: str, extra_types: tuple[str, ...] = ()) -> dict:
    answer = {"content": {**ANSWER["content"], **{t: {} for t in extra_types}}}
    described = {code: {"description": "A FHIR resource", **answer} for code in ok}
    for code in ("401", "403", *REFUSALS[kind]):
        described[code] = {"description": "An OperationOutcome saying why", **ANSWER}
    return described


def _operation(summary: str, responses: dict, **more) -> dict:
    return {"summary": summary, "responses": responses, **more}


def document() -> dict:
    paths: dict[str, dict] = {
        "/metadata": {
            "get": _operation(
                "The CapabilityStatement",
                {"200": {"description": "The CapabilityStatement", **ANSWER}},
                security=[],
            )
        }
    }
    for resource_type, route in sorted(ROUTES.items()):
        if route.search:
            parameters = [
                {
                    "name": param.name,
                    "in": "query",
                    "required": False,
                    "description": param.documentation,
                    "schema": {"type": "string"},
                }
                for param in route.search_params
            ]
            paths[f"/{resource_type}"] = {
                "get": _operation(
                    f"Search {resource_type}", _responses(("200",), "search"), parameters=parameters
                )
            }
        if route.read:
            # A Binary answers its PDF itself to 'Accept: application/pdf'.
            types = ("application/pdf",) if resource_type == "Binary" else ()
            paths[f"/{resource_type}/{{id}}"] = {
                "get": _operation(
                    f"Read {resource_type}",
                    _responses(("200",), "read", types),
                    parameters=[
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                )
            }
    if "handler" in TRANSACTION:
        paths["/"] = {
            "post": _operation(
                TRANSACTION["documentation"],
                _responses(("200", "201"), "write"),
                requestBody=BODY,
            )
        }
    for name, operation in sorted(OPERATIONS.items()):
        paths[f"/${name}"] = {
            "post": _operation(
                operation.documentation,
                _responses(("200", "201"), "write"),
                requestBody={
                    "required": True,
                    "content": {FHIR_JSON: {"schema": {"type": "object"}}},
                },
            )
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "linkwork FHIR R4 (UK Core)", "version": "1"},
        "servers": [{"url": "/fhir"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
        "paths": paths,
    }
