"""When a service needs checking: not verified in six months, past its review date, or
changed by its organisation since the team last looked."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.directory.models import Service

STALE_AFTER = timedelta(days=183)  # six months
REVIEW_EVERY = timedelta(days=183)


def next_review(verified_on: date) -> date:
    return verified_on + REVIEW_EVERY


def stale_before(today: date | None = None) -> date:
    return (today or timezone.localdate()) - STALE_AFTER


def is_stale(service, today: date | None = None) -> bool:
    verified = service.last_verified_on
    return verified is None or verified < stale_before(today)


def team_to_check(user) -> QuerySet:
    """The "to check" list a user sees, on the page and through the API: the services they
    keep (decision 13). Everyone may read the whole directory, but a Glasgow team does not
    check Inverclyde's services."""
    kept = visible(user, Permission.MANAGE_DIRECTORY, Service.objects.filter(status="active"))
    return to_check(kept).select_related("organisation")


def to_check(services: QuerySet, today: date | None = None) -> QuerySet:
    """Services the team should check, most overdue first."""
    today = today or timezone.localdate()
    return services.filter(
        Q(last_verified_on__isnull=True)
        | Q(last_verified_on__lt=stale_before(today))
        | Q(review_due_on__lt=today)
        | Q(changed_by_organisation_at__isnull=False)
    ).order_by("last_verified_on", "name")


def why_to_check(service, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if service.changed_by_organisation_at:
        return "Changed by the organisation"
    if service.last_verified_on is None:
        return "Never verified"
    if is_stale(service, today):
        return "Not verified in 6 months"
    return "Review date passed"
