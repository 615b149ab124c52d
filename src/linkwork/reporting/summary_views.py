"""The programme summary of an HSCP for a period: the page, and the same content as a PDF
(downloaded, so audited as an export). Who may see which HSCP is authorisation's
VIEW_PROGRAMME_SUMMARY; what is on it is programme_summary.py."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import get_visible_or_404, require, visible
from linkwork.accounts.roles import Permission
from linkwork.core import pdf
from linkwork.organisations.models import HSCP
from linkwork.reporting import programme_summary, replica
from linkwork.reporting.dashboards.forms import PeriodForm
from linkwork.reporting.services import audit_report

PERMISSION = Permission.VIEW_PROGRAMME_SUMMARY
PAGE = "reporting/programme_summary.jinja"
PRINT = "reporting/programme_summary_print.jinja"


def _chosen(request) -> tuple[HSCP, list[HSCP], PeriodForm]:
    """The HSCP named by ?hscp=CODE (404 unless the viewer may see it), else the first
    they may see; and the period form."""
    require(request.user, PERMISSION)
    hscps = list(visible(request.user, PERMISSION, HSCP.objects.order_by("name")))
    code = request.GET.get("hscp")
    if code:
        hscp = get_visible_or_404(request.user, PERMISSION, HSCP.objects.all(), code=code)
    elif hscps:
        hscp = hscps[0]
    else:
        raise Http404
    form = PeriodForm(request.GET or None, today=timezone.localdate(), whole_months=True)
    return hscp, hscps, form


def _context(hscp, hscps, form) -> dict:
    context = {
        "page_title": f"Programme summary: {hscp}",
        "hscp": hscp,
        "hscps": hscps if len(hscps) > 1 else [],
        "form": form,
        "summary": None,
        "reports_note": None,
    }
    if form.is_bound and not form.is_valid():
        return context
    period = form.period()
    query = urlencode({"hscp": hscp.code, **form.query()})
    # From the reporting copy, or the main database and a note saying why (decision 116).
    content, note = replica.read(programme_summary.build, period, hscp)
    return context | {"summary": content, "reports_note": note, "query": query}


@require_GET
def summary_page(request):
    hscp, hscps, form = _chosen(request)
    context = _context(hscp, hscps, form)
    return render(request, PAGE, context, status=200 if context["summary"] else 400)


@require_GET
def summary_pdf(request):
    hscp, hscps, form = _chosen(request)
    context = _context(hscp, hscps, form)
    content = context["summary"]
    if content is None:  # the page, with its messages naming the fields
        return render(request, PAGE, context, status=400)
    html = render_to_string(PRINT, context, request=request)
    period = content.period
    audit_report(request, "programme_summary", period, hscp.pk, hscp=hscp.code)
    response = HttpResponse(pdf.pdf(html), content_type="application/pdf")
    name = f"programme-summary-{hscp.code}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
