"""Handover: a team lead moves cases to another worker of their provider, for leave,
a vacancy or cross-cover, one case at a time or several of one worker's cases at once."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.casework import services
from linkwork.casework.forms import HandoverForm, ReassignForm
from linkwork.casework.listings import exported, open_cases_listing
from linkwork.casework.models import Case, CaseStatus
from linkwork.casework.rules import with_open_cases
from linkwork.casework.views.common import audit_reading, form_page
from linkwork.core.listings import download_or_page
from linkwork.organisations.caseload import caseload_of
from linkwork.organisations.models import LinkWorker


def _workers(request):
    """The workers this team lead allocates to, each with their caseload."""
    workers = visible(request.user, Permission.ALLOCATE_CASES, LinkWorker.objects.all())
    return with_open_cases(workers.select_related("user")).order_by(
        "user__last_name", "user__first_name"
    )


def _cases(n: int) -> str:
    return "1 case" if n == 1 else f"{n} cases"


@require_http_methods(["GET", "POST"])
def reassign(request, pk: int):
    case = services.load_case(request.user, pk, Permission.ALLOCATE_CASES)
    audit_reading(request, case)
    form = ReassignForm(
        request.POST or None, workers=_workers(request), initial={"link_worker": case.link_worker}
    )
    if request.method == "POST" and form.is_valid():
        worker = form.cleaned_data["link_worker"]
        services.reassign_case(
            case=case,
            by=request.user,
            link_worker=worker,
            reason=form.cleaned_data["reason"],
            request=request,
        )
        messages.success(request, f"Case handed over to {worker}.")
        return redirect("casework:case_detail", pk=case.pk)
    return form_page(request, form, case=case, title="Hand over the case", submit="Hand over")


@require_http_methods(["GET", "POST"])
def worker_cases(request, pk: int):
    """One worker's open cases, from the team lead's caseload table: pick several and hand
    them to another worker, seeing each one's caseload against their capacity."""
    worker = get_object_or_404(_workers(request), pk=pk)
    cases = visible(
        request.user,
        Permission.ALLOCATE_CASES,
        Case.objects.filter(link_worker=worker, status=CaseStatus.OPEN),
    ).select_related("person", "practice")
    cases = cases.order_by("person__family_name", "person__given_name", "pk")
    if request.method == "GET":
        file = download_or_page(
            request,
            f"open-cases-{worker.pk}",
            sheet="Open cases",
            build=lambda: open_cases_listing(cases),
            exported=exported,
        )
        if file is not None:
            return file
    form = HandoverForm(request.POST or None, cases=cases, workers=_workers(request).exclude(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        moved = services.hand_over(
            cases=data["cases"],
            by=request.user,
            link_worker=data["link_worker"],
            reason=data["reason"],
            request=request,
        )
        messages.success(request, f"{_cases(len(moved))} handed over to {data['link_worker']}.")
        return redirect("casework:worker_cases", pk=worker.pk)
    context = {
        "page_title": f"{worker}: open cases",
        "worker": worker,
        "caseload": caseload_of(worker, worker.open_cases),
        "form": form,
    }
    return render(
        request, "casework/worker_cases.jinja", context, status=400 if form.is_bound else 200
    )
