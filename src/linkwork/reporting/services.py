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
from linkwork.reporting.suppression import Suppressed


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
    no GP, is at the setting, and left out it would not be counted anywhere.

    Each HSCP's open cases, and its closed cases, are suppressed as a list under a total
    taken as known (`Suppressed.with_total`): the programme summary shows the HSCP's open
    cases now (and its caseload per WTE beside the WTE), and the leavers of a period from
    the service's start are its closed cases, so with a single count suppressed alone the
    others would give it away."""
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
    rows = [
        (p.cluster.hscp, p.name, p.cluster.name, p.list_size, p.open_cases, p.closed_cases, False)
        for p in practices
    ] + [
        (s.hscp, s.name, s.get_kind_display(), None, s.open_cases, s.closed_cases, True)
        for s in settings
    ]
    shown = {}
    for hscp in {row[0] for row in rows}:
        mine = [i for i, row in enumerate(rows) if row[0] == hscp]
        for column in (4, 5):
            table = Suppressed().with_total([rows[i][column] for i in mine], total_known=True)
            shown.update({(i, column): cell for i, cell in zip(mine, table.cells, strict=True)})
    return [
        PracticeFigures(
            practice=name,
            cluster=cluster,
            hscp=hscp.name,
            list_size=list_size,
            open_cases=shown[(i, 4)],
            closed_cases=shown[(i, 5)],
            host_setting=host_setting,
        )
        for i, (hscp, name, cluster, list_size, _, _, host_setting) in enumerate(rows)
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
