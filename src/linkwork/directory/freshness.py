"""When a service needs checking: not verified in six months, past its review date, or
changed by its organisation since the team last looked."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from linkwork.accounts.authorisation import granting, visible
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
    """The "to check" list a user sees, on the page and through the API."""
    keepable = visible(user, Permission.MANAGE_DIRECTORY, Service.objects.filter(status="active"))
    return to_check(for_the_team(user, keepable)).select_related("organisation")


def for_the_team(user, services: QuerySet) -> QuerySet:
    """The services a user's team looks after: those of organisations in the user's own
    HSCP(s), and those of no HSCP (an import nobody has claimed). Everyone may read the whole
    directory, but a Glasgow team does not check Inverclyde's services."""
    keepers = granting(user, Permission.MANAGE_DIRECTORY)
    hscps = {assignment.scope_hscp_id for assignment in keepers}
    if None in hscps:  # an installation-wide role
        return services
    return services.filter(Q(organisation__hscp_id__in=hscps) | Q(organisation__hscp__isnull=True))


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
