"""Bearer tokens for the HTTP API, checked before the session (see config/api.py)."""

from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.security import HttpBearer

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.roles import Permission
from linkwork.accounts.tokens import TokenRefused, authenticate_token

READS = {"GET", "HEAD", "OPTIONS"}


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer lw_...`. The request then acts as the token's user, so the
    same authorisation rules decide as for a session. A token is not a cookie, so a
    browser cannot be tricked into sending one: no CSRF check is needed."""

    def authenticate(self, request, token: str):
        try:
            api_token = authenticate_token(token)
        except TokenRefused as refusal:
            # A refused token is a 401 even beside a session cookie: falling back to the
            # session would hide a revoked token from whoever is still sending it.
            raise AuthenticationError(message=str(refusal)) from None
        if api_token.read_only and request.method not in READS:
            raise AuthorizationError(
                message=f"This API token is read-only: it may only read (GET, HEAD or "
                f"OPTIONS), not {request.method}. Use a token with read and write access."
            )
        request.user = api_token.user
        return api_token.user


def require(request, permission: Permission, message: str) -> None:
    """A 403 (as JSON) for a caller whose roles do not grant `permission` at all."""
    if not has_permission(request.user, permission):
        raise HttpError(403, message)
