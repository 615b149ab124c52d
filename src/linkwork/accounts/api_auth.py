"""Bearer tokens for the HTTP API, checked before the session (see config/api.py)."""

from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from linkwork.accounts.tokens import authenticate_token


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer lw_...`. The request then acts as the token's user, so the
    same authorisation rules decide as for a session. A token is not a cookie, so a
    browser cannot be tricked into sending one: no CSRF check is needed."""

    def authenticate(self, request, token: str):
        user = authenticate_token(token)
        if user is None:
            # A refused token is a 401 even beside a session cookie: falling back to the
            # session would hide a revoked token from whoever is still sending it.
            raise AuthenticationError
        request.user = user
        return user
