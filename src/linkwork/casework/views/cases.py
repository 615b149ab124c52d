from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.casework import services
from linkwork.casework.forms import ComplexityForm, NeedForm, PracticeSharingForm
from linkwork.casework.models import CaseStatus
from linkwork.casework.views.common import case_for_change, edit_conflicts, form_page, saved


def _case_url(case) -> str:
    return reverse("casework:case_detail", args=[case.pk])


@require_http_methods(["GET", "POST"])
def add_need(request, pk: int):
    case = case_for_change(request, pk)
    recorded = dict(case.identified_needs.values_list("need", "noted_on"))
    form = NeedForm(request.POST or None, recorded=recorded)
    if request.method == "POST" and form.is_valid():
        services.add_identified_need(
            case=case, by=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, "Need recorded.")
        return redirect("casework:case_detail", pk=case.pk)
    return form_page(request, form, case=case, title="Record a need", submit="Save need")


@require_http_methods(["GET", "POST"])
def set_complexity(request, pk: int):
    case = case_for_change(request, pk)
    form = ComplexityForm(
        request.POST or None, initial={"complexity": case.complexity, "version": case.version}
    )
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            services.set_complexity(
                case=case,
                by=request.user,
                complexity=form.cleaned_data["complexity"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        if done := saved(request, form, "Complexity updated.", _case_url(case)):
            return done
    return form_page(request, form, case=case, title="Complexity", submit="Save complexity")


@require_http_methods(["GET", "POST"])
def practice_sharing(request, pk: int):
    """What the referring practice may see of what came of the support, as the person
    agreed (reporting/feedback.py shows it to them)."""
    case = case_for_change(request, pk)
    initial = {
        "shares_with_practice": case.shares_with_practice,
        "practice_summary": case.practice_summary,
        "version": case.version,
    }
    form = PracticeSharingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            services.set_practice_sharing(
                case=case,
                by=request.user,
                shares_with_practice=form.cleaned_data["shares_with_practice"],
                practice_summary=form.cleaned_data["practice_summary"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        if done := saved(request, form, "What the practice may see is saved.", _case_url(case)):
            return done
    return form_page(request, form, case=case, title="Sharing with the practice", submit="Save")


@require_POST
def reopen(request, pk: int):
    case = case_for_change(request, pk)
    if case.status == CaseStatus.CLOSED:
        services.reopen_case(case=case, by=request.user, request=request)
        messages.success(request, "Case reopened. Its history is kept.")
    return redirect("casework:case_detail", pk=case.pk)
