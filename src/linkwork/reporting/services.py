"""Aggregate figures for commissioners: counts only, never a named person."""

from dataclasses import dataclass

from django.db.models import Count, Q

from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.casework.models import CaseStatus
from linkwork.organisations.models import Practice
from linkwork.reporting.suppression import suppressed


@dataclass(frozen=True)
class PracticeFigures:
    practice: str
    cluster: str
    hscp: str
    list_size: int | None  # not known for a practice only an import has named
    open_cases: str
    closed_cases: str


def practice_figures(user) -> list[PracticeFigures]:
    practices = (
        visible(user, Permission.VIEW_AGGREGATE_REPORTS, Practice.objects.all())
        .select_related("cluster__hscp")
        .annotate(
            open_cases=Count("cases", filter=Q(cases__status=CaseStatus.OPEN)),
            closed_cases=Count("cases", filter=Q(cases__status=CaseStatus.CLOSED)),
        )
        .order_by("cluster__hscp__name", "cluster__name", "name")
    )
    return [
        PracticeFigures(
            practice=p.name,
            cluster=p.cluster.name,
            hscp=p.cluster.hscp.name,
            list_size=p.list_size,
            open_cases=suppressed(p.open_cases),
            closed_cases=suppressed(p.closed_cases),
        )
        for p in practices
    ]
