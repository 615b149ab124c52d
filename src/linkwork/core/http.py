"""Facts about a request that several apps need alike."""

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.utils.cache import patch_vary_headers


def client_ip(request) -> str | None:
    """The client's address, for the audit log, rate limits and sign-in lockout alike.

    Each trusted proxy (TRUSTED_PROXY_COUNT of them, nearest last) appends to
    X-Forwarded-For the address it was reached from, so the client is the entry that
    many places from the end; anything before it is whatever the client claimed and is
    never believed. With no trusted proxy it is the socket's peer."""
    if request is None:
        return None
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        # A shorter chain reached fewer proxies than configured: its first entry is
        # still one a trusted proxy wrote.
        if _is_address(client := hops[-min(trusted, len(hops))]):
            return client
    return request.META.get("REMOTE_ADDR")


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def unlogged(response):
    """A response to a page whose path is its key (a single-use link's token). Django logs
    4xx responses with their path, and a live link must not land in the application log
    (config/logredact.py also redacts it from the access log). Nor may the page pass its
    address to another site as a Referer ("no-referrer" would make the browser send
    `Origin: null`, failing the CSRF check)."""
    response._has_been_logged = True
    response["Referrer-Policy"] = "same-origin"
    return response


def from_htmx(request) -> bool:
    """Whether htmx made the request (a part of a page, a poll, a boosted link or form)."""
    return request.headers.get("HX-Request") == "true"


def swapping(request) -> str | None:
    """The id of the element an htmx request will swap the answer into, or None when the
    whole page is wanted: a plain request, or htmx restoring history (decision 0134)."""
    if not from_htmx(request):
        return None
    if request.headers.get("HX-History-Restore-Request"):
        return None
    return request.headers.get("HX-Target") or None


def varies_by_part(response):
    """A page that answers with a part of itself to htmx: a cache keys the two apart."""
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


# What a request read, to audit once its answer turns out to show it (`when_shown`).
_WHEN_SHOWN = "_linkwork_when_shown"
# Answers that show nothing of what the view loaded: a redirect (the write's own audit
# event says what happened), no content, refused, not found, gone, or a server error.
_NOTHING_SHOWN = {204, 403, 404, 405, 410, 429}


def when_shown(request, audit: Callable[[], None]) -> None:
    """Call `audit()` (writing the audit events of a read) for a page that shows what was
    read: a GET at once; a form posted once its answer is a page rather than a redirect.
    A form sent back with its errors, or posted empty, shows the record as the GET does:
    it is a read, and must not be a way to read one that the audit log never hears of."""
    if request.method == "GET":
        audit()
        return
    request.__dict__.setdefault(_WHEN_SHOWN, []).append(audit)


def audit_what_was_shown(request, response) -> None:
    """The audits `when_shown` kept for a request other than a GET, called if its answer
    is a page; forgotten otherwise (core/middleware.py: read_audit_middleware)."""
    waiting = request.__dict__.pop(_WHEN_SHOWN, [])
    status = response.status_code
    if 300 <= status < 400 or status >= 500 or status in _NOTHING_SHOWN:
        return
    for audit in waiting:
        audit()
