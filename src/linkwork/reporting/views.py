"""The reports pages: counts a commissioner or partner may open, every one through the
one suppression rule (suppression.py)."""

from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import require, visible
from linkwork.accounts.roles import Permission
from linkwork.core.codelists import codelist
from linkwork.directory.models import UnmetNeed
from linkwork.reporting.suppression import HIDDEN, TOTAL_EXPLANATION, with_total
from linkwork.team.models import DevelopmentRequest
from linkwork.team.training import development_counts


@require_GET
def unmet_needs(request):
    """Counts of unmet needs by need, area and reason, small ones suppressed: no person is
    named here, and none can be picked out."""
    require(request.user, Permission.VIEW_UNMET_NEEDS)
    unmet = visible(request.user, Permission.VIEW_UNMET_NEEDS, UnmetNeed.objects.all())
    needs, reasons = codelist("needs"), codelist("unmet_need_reasons")
    groups = sorted(
        (needs.label(r["need"]), r["area"] or "Not known", reasons.label(r["reason"]), r["n"])
        for r in unmet.values("need", "area", "reason").annotate(n=Count("pk"))
    )  # by name, never by size: the order must not rank the hidden counts
    table = with_total([n for *_, n in groups])
    rows = [(*group[:3], shown) for group, shown in zip(groups, table.cells, strict=True)]
    context = {
        "page_title": "Unmet needs",
        "rows": rows,
        "total": table.total,
        "hidden": HIDDEN,
        "explanation": TOTAL_EXPLANATION,
    }
    return render(request, "reporting/unmet_needs.jinja", context)


@require_GET
def development_requests(request):
    """The development link workers ask for, counted by course across the commissioner's
    HSCP (every HSCP for a national analyst), small counts suppressed: no request is shown,
    nor who made it (decision 0094)."""
    require(request.user, Permission.VIEW_AGGREGATE_REPORTS)
    asked = visible(
        request.user, Permission.VIEW_AGGREGATE_REPORTS, DevelopmentRequest.objects.all()
    )
    counts = development_counts(asked)  # by name, never by size
    table = with_total([n for _, n in counts])
    context = {
        "page_title": "Development link workers ask for",
        "rows": [(topic, shown) for (topic, _), shown in zip(counts, table.cells, strict=True)],
        "total": table.total,
        "hidden": HIDDEN,
        "explanation": TOTAL_EXPLANATION,
    }
    return render(request, "reporting/development_requests.jinja", context)
