"""The "hand to the person" lock: while the worker's tablet is with the person, the
signed-in session reaches the questionnaire and nothing else.

Handing over puts the questionnaire in the session. From then on `handover_middleware`
sends every other address (pages, htmx fragments, the API by session, sign-out) back to
the questionnaire, so neither a link, a typed address nor the browser's back button shows
the record. Only the worker's password (`worker_returns`) lifts the lock; after
MAX_PASSWORD_FAILURES wrong passwords the session is signed out instead, so the person
cannot keep guessing.
"""

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "outcomes_hand_over"
MAX_PASSWORD_FAILURES = 5
# The time-out warning's "I need more time" too: the person answering keeps the session.
OPEN_URL_NAMES = ("outcomes:tablet", "outcomes:tablet_return", "accounts:still_here")


def hand_over(request, *, case, form: str, timepoint: str) -> None:
    request.session[SESSION_KEY] = {
        "case": case.pk,
        "form": form,
        "timepoint": timepoint,
        "done": False,
        "failures": 0,
    }


def state(request) -> dict | None:
    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None


def mark_done(request) -> None:
    """The person has sent their answers: the lock stays until the worker is back."""
    current = state(request)
    request.session[SESSION_KEY] = {**current, "done": True}


def worker_returns(request, password: str) -> bool | None:
    """True: the password is the signed-in worker's and the lock is lifted. False: wrong.
    None: too many wrong passwords, and the session has been signed out."""
    current = state(request)
    if current is None:
        return True
    if request.user.is_authenticated and request.user.check_password(password):
        del request.session[SESSION_KEY]
        return True
    failures = current.get("failures", 0) + 1
    if failures >= MAX_PASSWORD_FAILURES:
        logout(request)
        return None
    request.session[SESSION_KEY] = {**current, "failures": failures}
    return False


def _open(path: str) -> bool:
    static = settings.STATIC_URL or "/static/"
    return path.startswith(static) or path in {reverse(name) for name in OPEN_URL_NAMES}


def handover_middleware(get_response):
    def middleware(request):
        if state(request) is None or _open(request.path):
            return get_response(request)
        # htmx asking gets HX-Redirect from core's htmx_redirect_middleware, outside this.
        return redirect("outcomes:tablet")

    return middleware
