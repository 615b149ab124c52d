"""The HTTP API: one NinjaAPI, a router per app. OpenAPI at /api/v1/openapi.json.

Refusals have two shapes (core/api.py): invalid input is a 422 listing each field and the
fix; anything else is a sentence in `detail`. Every operation documents the refusals it can
give: its own (403, 404, 409) in its decorator, and those any operation gives (400, 401,
422, and 429 past a token's requests a minute) here."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from linkwork.accounts.api import router as accounts_router
from linkwork.accounts.api_auth import ApiTokenAuth
from linkwork.accounts.two_factor import VerifiedSessionAuth
from linkwork.casefile.api import router as casefile_router
from linkwork.casework.api import router as casework_router
from linkwork.core.api import (
    NO_CREDENTIALS,
    UNREADABLE,
    document_refusals,
    field_errors,
    not_found,
)
from linkwork.core.ratelimit import RateLimited
from linkwork.directory.api import router as directory_router
from linkwork.links.api import router as links_router
from linkwork.outcomes.api import router as outcomes_router
from linkwork.referrals.api import router as referrals_router


class LinkworkAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        return document_refusals(super().get_openapi_schema(**kwargs))


api = LinkworkAPI(
    title="linkwork API",
    version="1",
    description="Referrals, casework, directory, outcomes and reports for Community Link Worker "
    "services.",
    auth=[ApiTokenAuth(), VerifiedSessionAuth()],  # a session once both sign-in steps are done
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/", accounts_router)
api.add_router("/cases", casefile_router)  # /cases/{id}: the whole case
api.add_router("/cases", casework_router)
api.add_router("/", "linkwork.casework.api.records_router")  # /sessions, /goals, /actions
api.add_router("/referrals", referrals_router)
api.add_router("/", "linkwork.referrals.diary_api.router")  # intake status, open diary
api.add_router("/instruments", outcomes_router)
api.add_router("/", "linkwork.outcomes.case_api.router")  # responses, ratings, stories
api.add_router("/directory", directory_router)
api.add_router("/", links_router)  # /links, /cases/{id}/links
api.add_router("/", "linkwork.groups.api.router")  # /groups
api.add_router("/", "linkwork.reporting.api.router")  # /reports, a referral's outcome
api.add_router("/", "linkwork.documents.api.router")  # a case's letters and forms
api.add_router("/", "linkwork.privacy.api.router")  # /people/{id}/subject-access


@api.exception_handler(ValidationError)
def invalid_input(request, error: ValidationError):
    return api.create_response(request, field_errors(error.errors), status=422)


@api.exception_handler(RateLimited)
def too_many_requests(request, error: RateLimited):
    response = api.create_response(request, {"detail": str(error)}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


@api.exception_handler(Http404)
def no_such_record(request, error: Http404):
    return api.create_response(request, {"detail": not_found(request.path)}, status=404)


@api.exception_handler(HttpError)
def refused(request, error: HttpError):
    """ninja's own two refusals say neither what is wrong nor what to do ("Unauthorized",
    "Cannot parse request body"): put them in the service's words, as documented."""
    detail = str(error)
    if isinstance(error, AuthenticationError) and detail == "Unauthorized":
        detail = NO_CREDENTIALS
    elif error.status_code == 400 and detail.startswith("Cannot parse request body"):
        detail = UNREADABLE
    response = api.create_response(request, {"detail": detail}, status=error.status_code)
    if isinstance(error, AuthenticationError):
        response["WWW-Authenticate"] = 'Bearer realm="api"'  # RFC 6750: how to authenticate
    return response
