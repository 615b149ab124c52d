"""Rate limits for the public forms, counted in the database.

The counts live in the application database so that every gunicorn worker shares them
with no cache server to run (django-ratelimit needs memcached or Redis; see
docs/decisions/0004-rate-limits.md). Only POSTs count; the client is its IP address.
"""

import hashlib
from datetime import timedelta
from functools import wraps

from django.db import IntegrityError, transaction
from django.db.models import F
from django.shortcuts import render
from django.utils import timezone

from linkwork.audit.services import client_ip
from linkwork.core.models import RateLimitCount


def _key(scope: str, request) -> str:
    # Hash the address: the table should not become a log of who used the public form.
    ip = client_ip(request) or "unknown"
    return f"{scope}:{hashlib.sha256(ip.encode()).hexdigest()[:32]}"


def hit(scope: str, request, *, per_hour: int) -> bool:
    """Count one attempt; True while the client is within the limit."""
    now = timezone.now()
    window = now.replace(minute=0, second=0, microsecond=0)
    key = _key(scope, request)
    try:
        with transaction.atomic():
            RateLimitCount.objects.create(key=key, window_start=window, count=1)
    except IntegrityError:
        RateLimitCount.objects.filter(key=key, window_start=window).update(count=F("count") + 1)
    RateLimitCount.objects.filter(window_start__lt=now - timedelta(days=1)).delete()
    return RateLimitCount.objects.get(key=key, window_start=window).count <= per_hour


def rate_limited(scope: str, *, per_hour: int):
    """Refuse a client's POSTs past `per_hour` in the current hour with a 429 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and not hit(scope, request, per_hour=per_hour):
                return render(
                    request,
                    "core/error.jinja",
                    {
                        "page_title": "Too many attempts",
                        "message": "This form has been sent too many times from your connection. "
                        "Try again in an hour, or phone your GP practice.",
                    },
                    status=429,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
