"""Rate limits for the public forms, counted in the database.

The counts live in the application database so that every gunicorn worker shares them
with no cache server to run (django-ratelimit needs memcached or Redis; see
docs/decisions/0004-rate-limits.md). Only POSTs count; the client is its IP address.

The window slides: attempts are counted in one-minute buckets and a client's total is
the sum of the buckets of the last hour, so the limit holds over any sixty minutes, not
only within each clock hour (where 2 x the limit would pass either side of the hour).
"""

import hashlib
from datetime import timedelta
from functools import wraps

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.shortcuts import render
from django.utils import timezone

from linkwork.core.http import client_ip
from linkwork.core.models import RateLimitCount


def _key(scope: str, request, by: str | None) -> str:
    # Hash the address: the table should not become a log of who used the public form.
    if by is not None:
        # Hashed with the scope, so a secret (a link's token) is not kept as the same
        # hash its own table keeps of it.
        return f"{scope}:{hashlib.sha256(f'{scope}:{by}'.encode()).hexdigest()[:32]}"
    ip = client_ip(request) or "unknown"
    return f"{scope}:{hashlib.sha256(ip.encode()).hexdigest()[:32]}"


WINDOW = timedelta(hours=1)


def hit(scope: str, request, *, per_hour: int, by: str | None = None) -> bool:
    """Count one attempt; True while the client's attempts in the last hour are within
    the limit. Attempts are counted by the client's address, or by `by` where given (a
    single-use link's token: people behind one shared address each have their own)."""
    now = timezone.now()
    bucket = now.replace(second=0, microsecond=0)
    key = _key(scope, request, by)
    try:
        with transaction.atomic():
            RateLimitCount.objects.create(key=key, window_start=bucket, count=1)
    except IntegrityError:
        RateLimitCount.objects.filter(key=key, window_start=bucket).update(count=F("count") + 1)
    RateLimitCount.objects.filter(window_start__lt=now - timedelta(days=1)).delete()
    recent = RateLimitCount.objects.filter(key=key, window_start__gt=now - WINDOW)
    return (recent.aggregate(total=Sum("count"))["total"] or 0) <= per_hour


def rate_limited(scope: str, *, per_hour: int):
    """Refuse a client's POSTs past `per_hour` in any sixty minutes with a 429 page."""

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
