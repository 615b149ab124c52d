from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.roles import Permission
from linkwork.casework import hooks, services
from linkwork.casework.forms import (
    CloseForm,
    ComplexityForm,
    NeedForm,
    PersonForm,
)
from linkwork.casework.models import CaseStatus, GoalStatus
from linkwork.casework.presenters import person_rows, safety_of
from linkwork.casework.rules import booked_sessions, is_engaged, unrecorded_warning
from linkwork.casework.timeline import timeline
from linkwork.casework.views.common import case_for_change, edit_conflicts, form_page, saved


def _case_url(case) -> str:
    return reverse("casework:case_detail", args=[case.pk])


@require_GET
def case_detail(request, pk: int):
    case = services.load_case(request.user, pk)
    services.audit_case(request=request, case=case)
    goals = case.goals.prefetch_related("actions").order_by("created_on")
    context = {
        "page_title": case.person.full_name,
        "case": case,
        "person": case.person,
        "engaged": is_engaged(case),
        "active_goals": [g for g in goals if g.status == GoalStatus.ACTIVE],
        "other_goals": [g for g in goals if g.status != GoalStatus.ACTIVE],
        "needs": case.identified_needs.all(),
        "safety": safety_of(case.person),
        "person_rows": person_rows(case.person),
        "planned": case.sessions.filter(outcome="").order_by("starts_at"),
        "timeline": timeline(case),
        "can_change": has_permission(request.user, Permission.CHANGE_CASE, case),
        "can_reassign": has_permission(request.user, Permission.ALLOCATE_CASES),
        "panels": hooks.panels(request, case),
    }
    return render(request, "casework/case_detail.jinja", context)


@require_http_methods(["GET", "POST"])
def edit_person(request, pk: int):
    case = case_for_change(request, pk)
    person = case.person
    initial = {
        name: getattr(person, name) for name in PersonForm.base_fields if hasattr(person, name)
    }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            try:
                services.update_person(
                    person=person,
                    case=case,
                    by=request.user,
                    request=request,
                    expected_version=form.cleaned_data["version"],
                    **form.person_fields(),
                )
            except services.DuplicateChi as duplicate:
                form.add_error("chi", str(duplicate))
        if done := saved(request, form, "Details updated.", _case_url(case)):
            return done
    return form_page(
        request,
        form,
        case=case,
        title="Personal details",
        submit="Save details",
        template="casework/person.jinja",
    )


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
def close(request, pk: int):
    case = case_for_change(request, pk)
    booked = booked_sessions(case)
    form = CloseForm(
        request.POST or None,
        opened_on=case.opened_on,
        initial={"version": case.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with edit_conflicts(form):
            services.close_case(
                case=case,
                by=request.user,
                reason=data["reason"],
                closed_on=data["closed_on"],
                note=data["note"],
                expected_version=data["version"],
                request=request,
            )
        next_page = None if form.errors else hooks.after_closed(request, case)
        if done := saved(request, form, "Case closed.", next_page or _case_url(case)):
            return done
    return form_page(
        request,
        form,
        case=case,
        title="Close the case",
        submit="Close case",
        template="casework/close.jinja",
        booked=booked,
        unrecorded_warning=unrecorded_warning(len(booked.past)) if booked.past else "",
    )


@require_POST
def reopen(request, pk: int):
    case = case_for_change(request, pk)
    if case.status == CaseStatus.CLOSED:
        services.reopen_case(case=case, by=request.user, request=request)
        messages.success(request, "Case reopened. Its history is kept.")
    return redirect("casework:case_detail", pk=case.pk)
