"""When the database cannot be reached: a 503 that says so in plain words, with
Retry-After, built without touching the database (no session, no user, no context
processors), so it is shown even though everything else on the request fails.

Only the errors of a connection that is down or busy count (OperationalError: refused,
closed, timed out, "database is locked"; InterfaceError: a connection already closed).
An IntegrityError is a refused row that forms and services answer themselves, and a
ProgrammingError or DataError is a fault in linkwork: both stay what they are."""

import json
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import engines

RETRY_AFTER_SECONDS = 60
TITLE = "linkwork can't reach its database just now"
MESSAGE = (
    "linkwork can't reach its database just now. Nothing you typed has been saved: "
    "try again in a minute."
)
logger = logging.getLogger(__name__)


def unreachable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def database_unavailable(request, error: BaseException) -> HttpResponse:
    """The 503 for `request`: JSON for the API, an OperationOutcome for FHIR, else a page."""
    logger.error("Database unreachable on %s %s", request.method, request.path, exc_info=error)
    path = request.path
    if path.startswith("/api/"):
        response = _json({"detail": MESSAGE}, "application/json")
    elif path.startswith("/fhir/"):
        issue = {"severity": "error", "code": "transient", "diagnostics": MESSAGE}
        outcome = {"resourceType": "OperationOutcome", "issue": [issue]}
        response = _json(outcome, "application/fhir+json; charset=utf-8")
    else:
        response = HttpResponse(_page(request), status=503)
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _json(body: dict, content_type: str) -> HttpResponse:
    return HttpResponse(json.dumps(body), content_type=content_type)


def _page(request) -> str:
    # No request given to the template: with one, the context processors would read the
    # session and the signed-in user, both from the database.
    template = engines["jinja2"].get_template("core/database_unavailable.jinja")
    context = {
        "page_title": TITLE,
        "message": MESSAGE,
        "request": None,
        "service_name": settings.SERVICE_NAME,
        "cspNonce": str(getattr(request, "csp_nonce", "")),
        "assetPath": settings.STATIC_URL + "vendor/nhsuk/assets",
    }
    return template.render(context)
