"""Aggregate figures for commissioners: counts only, never a named person; and the audit
event of a report that leaves the service."""

from dataclasses import dataclass

from django.db.models import Count, Q

from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.casework.models import CaseStatus
from linkwork.organisations.models import HostSetting, Practice
from linkwork.reporting.definitions import Period
from linkwork.reporting.suppression import suppressed


@dataclass(frozen=True)
class PracticeFigures:
    practice: str  # the practice's name, or the host setting's
    cluster: str  # for a host setting: the kind of setting
    hscp: str
    list_size: int | None  # not known for a practice only an import has named
    open_cases: str
    closed_cases: str
    host_setting: bool = False  # a setting with no list of patients (decision 0074)


CASE_COUNTS = {
    "open_cases": Count("cases", filter=Q(cases__status=CaseStatus.OPEN)),
    "closed_cases": Count("cases", filter=Q(cases__status=CaseStatus.CLOSED)),
}


def practice_figures(user) -> list[PracticeFigures]:
    """Cases by practice, then by host setting: a case someone a host setting referred, with
    no GP, is at the setting, and left out it would not be counted anywhere."""
    practices = (
        visible(user, Permission.VIEW_AGGREGATE_REPORTS, Practice.objects.all())
        .select_related("cluster__hscp")
        .annotate(**CASE_COUNTS)
        .order_by("cluster__hscp__name", "cluster__name", "name")
    )
    settings = (
        visible(user, Permission.VIEW_AGGREGATE_REPORTS, HostSetting.objects.all())
        .select_related("hscp")
        .annotate(**CASE_COUNTS)
        .filter(Q(open_cases__gt=0) | Q(closed_cases__gt=0))
        .order_by("hscp__name", "name")
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
    ] + [
        PracticeFigures(
            practice=s.name,
            cluster=s.get_kind_display(),
            hscp=s.hscp.name,
            list_size=None,
            open_cases=suppressed(s.open_cases),
            closed_cases=suppressed(s.closed_cases),
            host_setting=True,
        )
        for s in settings
    ]


def audit_report(request, report: str, period: Period | None, hscp_id=None, **where) -> None:
    """A report taken away (a PDF, an API answer): an export event naming the report, its
    period and where it is for (codes only), in the HSCP's log where it is one HSCP's."""
    dates = {"from": period.start.isoformat(), "to": period.end.isoformat()} if period else {}
    record(
        action=Action.EXPORT,
        request=request,
        hscp_id=hscp_id,
        detail={"download": report, **where, **dates},
    )
