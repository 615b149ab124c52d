"""Middleware of the whole site.

Sign-out after inactivity: a session ends SESSION_IDLE_MINUTES after the user last did
something. A page refreshing itself in the background (htmx polling, which sends the
X-Linkwork-Poll header) is not the user doing something, so it does not keep an
unattended screen signed in.

No caching of personal data: see `no_store_middleware`."""

from django.conf import settings

POLL_HEADER = "X-Linkwork-Poll"


def idle_session_middleware(get_response):
    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is not None and POLL_HEADER not in request.headers:
            session.modified = True  # saved, so its expiry slides, unless it is empty
        return response

    return middleware


# The API under /api/v1 answers about people; the public ORUK API (/api/oruk/), /healthz
# and static files hold nothing personal and may be cached.
PERSONAL_API_PREFIX = "/api/v1/"


def no_store_middleware(get_response):
    """`Cache-Control: no-store` on every response to a signed-in user and every /api/v1
    response, so no browser, shared computer or proxy keeps a copy of a person's record."""

    def middleware(request):
        response = get_response(request)
        if _personal(request) and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response

    return middleware


def _personal(request) -> bool:
    if request.path.startswith(PERSONAL_API_PREFIX):
        return True
    if request.path.startswith(("/api/oruk/", "/healthz", settings.STATIC_URL)):
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated
