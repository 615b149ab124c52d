"""The community partner's report of the referrals their organisation received: the
organisation's own links only, through the one authorisation module (links.selectors)."""

from urllib.parse import urlencode

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import require
from linkwork.accounts.roles import Permission
from linkwork.core.downloads import csv_response, xlsx_response
from linkwork.links.selectors import partner_links_for
from linkwork.reporting import partner_report
from linkwork.reporting.dashboards.forms import PeriodForm
from linkwork.reporting.definitions import Period
from linkwork.reporting.suppression import HIDDEN, TOTAL_EXPLANATION

DOWNLOADS = ("csv", "xlsx")
FILENAME = "referrals-received"
PAGE = "reporting/partner_referrals.jinja"


def period_form(data) -> PeriodForm:
    """The dashboards' period fields; with neither date given, the report is of every
    quarter (`period_of` is then None)."""
    return PeriodForm(data if _dated(data) else None, today=timezone.localdate())


def period_of(form: PeriodForm) -> Period | None:
    """The period chosen, once the form is valid; None for every quarter."""
    return form.period() if form.is_bound else None


def _dated(data) -> bool:
    return bool(data.get("date_from") or data.get("date_to"))


@require_GET
def partner_referrals(request):
    """By quarter and need, of every quarter or a chosen period; `?download=csv` or `xlsx`
    gives the same cells as a file."""
    require(request.user, Permission.RESPOND_TO_LINK)
    download = request.GET.get("download", "")
    if download and download not in DOWNLOADS:
        return HttpResponseBadRequest(
            "download must be csv or xlsx: use ?download=csv or ?download=xlsx."
        )
    form = period_form(request.GET)
    context = {"page_title": "Referrals you received", "form": form}
    if form.is_bound and not form.is_valid():
        return render(request, PAGE, context, status=400)
    period = period_of(form)
    table = partner_report.report(partner_links_for(request.user), period)
    if download:
        return _download(table, download, period)
    context |= {
        "period": period,
        "query": urlencode(form.query()) if period else "",
        "table": table,
        "hidden": HIDDEN,
        "explanation": TOTAL_EXPLANATION,
        "how_counted": partner_report.HOW_COUNTED,
    }
    return render(request, PAGE, context)


def _download(table: partner_report.Report, kind: str, period: Period | None):
    """The page's cells as a file: the same rows, the total last; a period in its name."""
    dates = f"-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}" if period else ""
    name = f"{FILENAME}{dates}.{kind}"
    if kind == "csv":
        return csv_response(name, partner_report.COLUMNS, table.all_rows)
    return xlsx_response(name, {"Referrals received": [partner_report.COLUMNS, *table.all_rows]})
