"""The community partner's report of the referrals their organisation received: the
organisation's own links only, through the one authorisation module (links.selectors)."""

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import require
from linkwork.accounts.roles import Permission
from linkwork.core.downloads import csv_response, xlsx_response
from linkwork.links.selectors import partner_links_for
from linkwork.reporting import partner_report
from linkwork.reporting.suppression import HIDDEN, TOTAL_EXPLANATION

DOWNLOADS = ("csv", "xlsx")
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
        return _download(table, download)
    context = {
        "page_title": "Referrals you received",
        "table": table,
        "hidden": HIDDEN,
        "explanation": TOTAL_EXPLANATION,
        "how_counted": partner_report.HOW_COUNTED,
    }
    return render(request, "reporting/partner_referrals.jinja", context)


def _download(table: partner_report.Report, kind: str):
    """The page's cells as a file: the same rows, the total last."""
    name = f"{FILENAME}.{kind}"
    if kind == "csv":
        return csv_response(name, partner_report.COLUMNS, table.all_rows)
    return xlsx_response(name, {"Referrals received": [partner_report.COLUMNS, *table.all_rows]})
