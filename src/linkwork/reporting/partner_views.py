"""The community partner's report of the referrals their organisation received: the
organisation's own links only, through the one authorisation module (links.selectors)."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import require
from linkwork.accounts.roles import Permission
from linkwork.links.selectors import partner_links_for
from linkwork.reporting import partner_report
from linkwork.reporting.suppression import HIDDEN, TOTAL_EXPLANATION

DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", partner_report.as_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        partner_report.as_xlsx,
    ),
}
FILENAME = "referrals-received"


@require_GET
def partner_referrals(request):
    """By quarter and need; `?download=csv` or `xlsx` gives the same cells as a file."""
    require(request.user, Permission.RESPOND_TO_LINK)
    download = request.GET.get("download", "")
    if download and download not in DOWNLOADS:
        return HttpResponseBadRequest(
            "download must be csv or xlsx: use ?download=csv or ?download=xlsx."
        )
    table = partner_report.report(partner_links_for(request.user))
    if download:
        content_type, write = DOWNLOADS[download]
        response = HttpResponse(write(table), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{FILENAME}.{download}"'
        return response
    context = {
        "page_title": "Referrals you received",
        "table": table,
        "hidden": HIDDEN,
        "explanation": TOTAL_EXPLANATION,
        "how_counted": partner_report.HOW_COUNTED,
    }
    return render(request, "reporting/partner_referrals.jinja", context)
