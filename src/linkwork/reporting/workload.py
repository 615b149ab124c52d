"""The team lead's workload balance (decision 0096): each worker's open cases by complexity
against their capacity and the service's target mix, with warnings, and the waiting list
per practice. The figures are allocation.py's, the same the triage form suggests from."""

from django.conf import settings
from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import require, visible
from linkwork.accounts.roles import Permission
from linkwork.organisations import leave as leaves
from linkwork.organisations.models import LinkWorker, Practice
from linkwork.referrals.allocation import workloads
from linkwork.referrals.models import ReferralStatus


def worker_rows(loads) -> list[list[dict]]:
    """The table's rows: a worker, their open cases by complexity, all, places, room."""
    rows = []
    for load in loads:
        name = str(load.worker)
        if load.leave is not None:
            name += f" (on leave until {load.leave.ends_on:%-d %b}; {load.leave.cover} covers)"
        counts = [load.by_complexity[c] for c in ("low", "mid", "high", "")]
        rows.append(
            [
                {"text": name},
                *({"text": str(n), "format": "numeric"} for n in counts),
                {"text": str(load.open_cases), "format": "numeric"},
                {"text": str(load.capacity), "format": "numeric"},
                {"text": load.room_words, "format": "numeric"},
            ]
        )
    return rows


def _practices(user):
    waiting = Q(referrals__status=ReferralStatus.NEW)
    return (
        visible(user, Permission.SET_INTAKE, Practice.objects.all())
        .annotate(waiting=Count("referrals", filter=waiting, distinct=True))
        .order_by("name")
    )


@require_GET
def workload(request):
    require(request.user, Permission.VIEW_TEAM_REPORTS)
    workers = (
        visible(request.user, Permission.VIEW_TEAM_REPORTS, LinkWorker.objects.all())
        .select_related("user", "provider")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    loads = workloads(workers)
    practices = list(_practices(request.user))
    covers = {p.pk: leaves.covering_at(practice=p) for p in practices if p.waiting}
    context = {
        "page_title": "Workload balance",
        "loads": loads,
        "rows": worker_rows(loads),
        "warnings": [(load, warning) for load in loads for warning in load.warnings],
        "high_share": settings.LINKWORK_TARGET_COMPLEXITY_MIX.get("high", 100),
        "practices": [(p, covers.get(p.pk, [])) for p in practices],
    }
    return render(request, "reporting/workload.jinja", context)
