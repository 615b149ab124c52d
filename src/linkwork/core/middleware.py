"""Sign-out after inactivity: a session ends SESSION_IDLE_MINUTES after the user last did
something. A page refreshing itself in the background (htmx polling, which sends the
X-Linkwork-Poll header) is not the user doing something, so it does not keep an
unattended screen signed in."""

POLL_HEADER = "X-Linkwork-Poll"


def idle_session_middleware(get_response):
    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is not None and POLL_HEADER not in request.headers:
            session.modified = True  # saved, so its expiry slides, unless it is empty
        return response

    return middleware
