"""Rate limits for the public forms, counted in the database.

The counts live in the application database so that every gunicorn worker shares them
with no cache server to run (django-ratelimit needs memcached or Redis; see
docs/decisions/0004-rate-limits.md). Only POSTs count; the client is its IP address.

The window slides: attempts are counted in one-minute buckets and a client's total is
the sum of the buckets of the last hour, so the limit holds over any sixty minutes, not
only within each clock hour (where 2 x the limit would pass either side of the hour).

API tokens are limited per minute (`per_minute`, decision 0110): every request counts, so
the count is one upsert that returns the new total, with no sum and no clean-up of other
clients' rows on the way.
"""

import hashlib
import math
from datetime import timedelta
from functools import wraps

from django.db import IntegrityError, connection, transaction
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


class RateLimited(Exception):
    """Over a per-minute limit: `retry_after` is the seconds until the next minute's window."""

    def __init__(self, *, limit: int, retry_after: int):
        self.limit = limit
        self.retry_after = retry_after
        super().__init__(
            f"This API token has sent more than {limit} requests this minute. Wait "
            f"{retry_after} seconds (the Retry-After header) and send the request again, and "
            "spread your requests out."
        )


def _count_sql() -> str:
    quote = connection.ops.quote_name
    table, key, start, count = (
        quote(name) for name in (RateLimitCount._meta.db_table, "key", "window_start", "count")
    )
    # PostgreSQL and SQLite (3.35 and later) both add one and say the new count at once.
    # Only the model's own names are put in, quoted; the values are parameters.
    return (
        f"INSERT INTO {table} ({key}, {start}, {count}) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({key}, {start}) DO UPDATE SET {count} = {table}.{count} + 1 "
        f"RETURNING {count}"
    )


def per_minute(key: str, *, limit: int) -> None:
    """Count one request for `key` in this clock minute; RateLimited past `limit` of them.
    A limit of 0 counts nothing. The window is fixed, not sliding: a client may send up to
    twice the limit across the turn of a minute, a burst allowed on purpose, and no sum is
    needed. The first request of a minute clears the key's earlier minutes."""
    if limit <= 0:
        return
    now = timezone.now()
    window = now.replace(second=0, microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute(_count_sql(), [key, connection.ops.adapt_datetimefield_value(window)])
        (count,) = cursor.fetchone()
    if count == 1:
        RateLimitCount.objects.filter(key=key, window_start__lt=window).delete()
    if count > limit:
        left = (window + timedelta(minutes=1) - now).total_seconds()
        raise RateLimited(limit=limit, retry_after=max(1, math.ceil(left)))
