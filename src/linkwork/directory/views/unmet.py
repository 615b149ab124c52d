from django.db.models import Count
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import require, visible
from linkwork.accounts.roles import Permission
from linkwork.core.codelists import codelist
from linkwork.directory.models import UnmetNeed
from linkwork.directory.views.common import page


@require_GET
def unmet_needs(request):
    """Counts of unmet needs by need, area and reason: no person is named here."""
    require(request.user, Permission.VIEW_UNMET_NEEDS)
    unmet = visible(request.user, Permission.VIEW_UNMET_NEEDS, UnmetNeed.objects.all())
    needs, reasons = codelist("needs"), codelist("unmet_need_reasons")
    rows = [
        (needs.label(r["need"]), r["area"] or "Not known", reasons.label(r["reason"]), r["n"])
        for r in unmet.values("need", "area", "reason").annotate(n=Count("pk")).order_by("-n")
    ]
    return page(request, "unmet_needs", "Unmet needs", rows=rows, total=unmet.count())
