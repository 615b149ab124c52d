"""Who is calling /fhir/: a FHIR client (models.FhirClient) from its bearer token.

The token is an ordinary API token of the client's system account (accounts/tokens.py:
hashed, expiring, revocable, last use noted), and only a FHIR client's token is accepted
here: a person's own API token is for /api/v1/. The request then acts as the client's
user, so accounts/authorisation.py decides what it sees and does. No session, no cookie:
so no CSRF check applies (views.py exempts /fhir/)."""

from linkwork.accounts.api_auth import READS
from linkwork.accounts.authorisation import role_assignments
from linkwork.accounts.tokens import TokenRefused, authenticate_token
from linkwork.core.ratelimit import RateLimited
from linkwork.interop.fhir.responses import FhirError, Problem

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="fhir"'}


def _refused(diagnostics: str) -> FhirError:
    return FhirError(401, Problem(diagnostics, code="login"), headers=CHALLENGE)


def bearer_token(request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def client_user(request):
    """The FHIR client's user for this request (also set as request.user); FhirError 401
    without a token or with one that does not let its sender in, 403 for a read-only
    token asked to write, 429 (an OperationOutcome, with Retry-After) for a token past its
    requests this minute."""
    token = bearer_token(request)
    if token is None:
        raise _refused(
            "Send the FHIR client's token as 'Authorization: Bearer lw_...'. "
            "An administrator issues one with 'linkwork fhir-client add'."
        )
    try:
        api_token = authenticate_token(token)
    except TokenRefused as refusal:
        # A system has no API tokens page: an administrator issues its next token.
        fix = "An administrator issues a new one with 'linkwork fhir-client add'."
        raise _refused(f"{refusal.reason} {fix}" if refusal.fix else refusal.reason) from None
    except RateLimited as limited:
        raise FhirError(
            429,
            Problem(str(limited), code="throttled"),
            headers={"Retry-After": str(limited.retry_after)},
        ) from None
    client = getattr(api_token.user, "fhir_client", None)
    if client is None or client.is_revoked:
        raise _refused(
            "This token is not a FHIR client's (or the client was revoked). "
            "Use a token from 'linkwork fhir-client add'."
        )
    if len(role_assignments(api_token.user)) != 1:
        # A client acts for exactly one practice or organisation; a role given to its
        # account by hand (the people pages) must not widen what it reaches.
        raise FhirError(
            403,
            Problem(
                "This FHIR client's account holds more than one role. Revoke it and add "
                "the client again with 'linkwork fhir-client add'.",
                code="forbidden",
            ),
        )
    if api_token.read_only and request.method not in READS:
        raise FhirError(
            403,
            Problem(
                f"This token is read-only: it may not {request.method}. "
                "Use a token with read and write access.",
                code="forbidden",
            ),
        )
    request.user = api_token.user
    request.fhir_client = client
    return api_token.user
