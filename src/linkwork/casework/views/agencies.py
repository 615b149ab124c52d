"""Other agencies on a case, and holding the case while the person waits for one."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.casework import agencies
from linkwork.casework.forms import AgencyForm, EndAgencyForm, HoldForm
from linkwork.casework.models import CaseAgency
from linkwork.casework.views.common import (
    case_for_change,
    closed_refusal,
    edit_conflicts,
    form_page,
    related_or_404,
    saved,
)


def _case_url(case) -> str:
    return reverse("casework:case_detail", args=[case.pk])


def _agency(request, pk: int) -> CaseAgency:
    return related_or_404(request, CaseAgency, pk, "case", "case__person")


@require_http_methods(["GET", "POST"])
def add_agency(request, pk: int):
    case = case_for_change(request, pk)
    if refused := closed_refusal(request, case, "an agency"):
        return refused
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            agencies.add_agency(case=case, by=request.user, request=request, **form.agency_fields())
        if done := saved(request, form, "Agency added.", _case_url(case)):
            return done
    return form_page(request, form, case=case, title="Add another agency", submit="Add agency")


@require_http_methods(["GET", "POST"])
def edit_agency(request, pk: int):
    agency = _agency(request, pk)
    initial = {name: getattr(agency, name) for name in agencies.AGENCY_FIELDS}
    form = AgencyForm(request.POST or None, initial={**initial, "version": agency.version})
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            agencies.update_agency(
                agency=agency,
                by=request.user,
                request=request,
                expected_version=form.cleaned_data["version"],
                **form.agency_fields(),
            )
        if done := saved(request, form, "Agency updated.", _case_url(agency.case)):
            return done
    return form_page(request, form, case=agency.case, title=f"Change {agency.name}", submit="Save")


@require_http_methods(["GET", "POST"])
def end_agency(request, pk: int):
    agency = _agency(request, pk)
    form = EndAgencyForm(request.POST or None, initial={"version": agency.version})
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            agencies.end_agency(
                agency=agency,
                by=request.user,
                request=request,
                ended_on=form.cleaned_data["ended_on"],
                expected_version=form.cleaned_data["version"],
            )
        message = f"{agency.name} is no longer involved."
        if done := saved(request, form, message, _case_url(agency.case)):
            return done
    title = f"{agency.name} no longer involved"
    return form_page(request, form, case=agency.case, title=title, submit="Save")


@require_http_methods(["GET", "POST"])
def hold(request, pk: int):
    """Hold the case (or change its reason or review date) while the person waits."""
    case = case_for_change(request, pk)
    initial = {"version": case.version}
    if case.is_holding:
        initial |= {
            "holding_reason": case.holding_reason,
            "waiting_for": case.holding_with,
            "holding_review_on": case.holding_review_on,
        }
    form = HoldForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with edit_conflicts(form):
            agencies.hold_case(
                case=case,
                by=request.user,
                request=request,
                reason=data["holding_reason"],
                waiting_for=data["waiting_for"],
                review_on=data["holding_review_on"],
                expected_version=data["version"],
            )
        if done := saved(request, form, "The case is holding.", _case_url(case)):
            return done
    return form_page(request, form, case=case, title="Hold the case", submit="Hold the case")


@require_POST
def end_holding(request, pk: int):
    case = case_for_change(request, pk)
    if case.is_holding:
        agencies.end_holding(case=case, by=request.user, request=request)
        messages.success(request, "The case is no longer holding.")
    return redirect("casework:case_detail", pk=case.pk)
