"""A person's sign-in state, read from django-axes (locked) and django-otp (two-factor)."""

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.db.models import Q, Sum
from django.utils import timezone
from django_otp import device_classes


def locked_usernames(usernames=None) -> set[str]:
    """Usernames that cannot sign in now for failed attempts. Failures are added up per
    username across addresses, as axes does when it counts per account."""
    attempts = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())
    if usernames is not None:
        attempts = attempts.filter(username__in=list(usernames))
    totals = attempts.values("username").annotate(total=Sum("failures_since_start"))
    limit = get_failure_limit(None, {})
    return {row["username"] for row in totals if row["total"] >= limit}


def is_locked(user) -> bool:
    return user.username in locked_usernames([user.username])


def enrolled() -> Q:
    """People with a confirmed two-factor device of any kind."""
    q = Q(pk__in=[])
    for model in device_classes():
        q |= Q(pk__in=model.objects.filter(confirmed=True).values("user_id"))
    return q


def enrolled_ids(user_ids) -> set[int]:
    ids = set()
    for model in device_classes():
        confirmed = model.objects.filter(user_id__in=list(user_ids), confirmed=True)
        ids.update(confirmed.values_list("user_id", flat=True))
    return ids
