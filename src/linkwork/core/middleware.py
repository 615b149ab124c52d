"""Middleware of the whole site.

Sign-out after inactivity: a session ends SESSION_IDLE_MINUTES after the user last did
something, to the minute (SLIDE_EVERY_SECONDS). A page refreshing itself in the background
(htmx polling, which sends the X-Linkwork-Poll header) is not the user doing something, so
it does not keep an unattended screen signed in.

No caching of personal data: see `no_store_middleware`."""

import time

from django.conf import settings
from django.http import HttpResponse

from linkwork.core.http import audit_what_was_shown, from_htmx
from linkwork.core.unavailable import database_unavailable, unreachable

POLL_HEADER = "X-Linkwork-Poll"
# The idle time restarts at most once a minute: saving the session on every page was a
# database write per page, for an expiry that need only be right to the minute.
SLIDE_EVERY_SECONDS = 60
SLID_AT = "_idle_slid_at"


def idle_session_middleware(get_response):
    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is None or POLL_HEADER in request.headers or not session.keys():
            return response  # polling is not activity; an empty session is never saved
        now = int(time.time())
        if session.modified or now - session.get(SLID_AT, 0) >= SLIDE_EVERY_SECONDS:
            session[SLID_AT] = now  # saved, so its expiry slides
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


def htmx_redirect_middleware(get_response):
    """An htmx request answered with a redirect (to sign in, after the idle sign-out) is
    told to go there as a page, as the browser does without JavaScript. Followed unseen,
    the sign-in page would be swapped into My day's caseload panel with its address pushed
    (decision 0134), or a team lead's poll would find no overdue visits in it and silently
    drop the lone-working warning from an unattended screen (hazard H4)."""

    def middleware(request):
        response = get_response(request)
        if not from_htmx(request) or not response.has_header("Location"):
            return response
        if response.status_code not in (301, 302, 303, 307, 308):
            return response
        moved = HttpResponse(status=204)
        moved["HX-Redirect"] = response["Location"]
        moved.cookies = response.cookies  # a message or session cookie set on the way
        return moved

    return middleware


def read_audit_middleware(get_response):
    """A form posted to a record's page and answered with the page again (its errors, or
    an empty form) audits the read the GET would have (core/http.py: when_shown). Inside
    htmx_redirect_middleware, so a redirect is seen as one."""

    def middleware(request):
        response = get_response(request)
        audit_what_was_shown(request, response)
        return response

    return middleware


class DatabaseUnavailableMiddleware:
    """A view that loses its database answers 503 in plain words (core/unavailable.py)
    rather than the 500 page. Middleware that fails the same way (a session or user read)
    reaches `core.views.server_error`, which gives the same answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if unreachable(exception):
            return database_unavailable(request, exception)
        return None
