"""The case page, closing a case and the person's details: each names or changes what the
other apps add to it."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.roles import Permission
from linkwork.casefile import closing
from linkwork.casefile.person import change_person, withdrawal_warning
from linkwork.casefile.timeline import timeline
from linkwork.casework import services
from linkwork.casework.forms import CloseForm, PersonForm
from linkwork.casework.models import GoalStatus
from linkwork.casework.presenters import person_rows, safety_of
from linkwork.casework.rules import booked_sessions, engaged_in, unrecorded_warning
from linkwork.casework.timeline import outcome_text
from linkwork.casework.views.common import case_for_change, edit_conflicts, form_page, saved
from linkwork.documents.presenters import case_panel as documents_panel
from linkwork.outcomes.views.case_panel import case_panel
from linkwork.outcomes.views.closure import exit_prompt_url
from linkwork.team.presenters import debrief_panel


def _case_url(case) -> str:
    return reverse("casework:case_detail", args=[case.pk])


@require_GET
def case_detail(request, pk: int):
    case = services.load_case(request.user, pk)
    services.audit_case(request=request, case=case)
    entries = timeline(case)  # loads goals, needs, sessions and links onto the case, once
    goals = case.goals.all()
    can_change = has_permission(request.user, Permission.CHANGE_CASE, case)
    context = {
        "page_title": case.person.full_name,
        "case": case,
        "person": case.person,
        "engaged": engaged_in(case.sessions.all()),
        "active_goals": [g for g in goals if g.status == GoalStatus.ACTIVE],
        "other_goals": [g for g in goals if g.status != GoalStatus.ACTIVE],
        "needs": case.identified_needs.all(),
        "safety": safety_of(case.person),
        "person_rows": person_rows(case.person),
        "planned": sorted(
            (s for s in case.sessions.all() if not s.outcome), key=lambda s: (s.starts_at, s.pk)
        ),
        "timeline": entries,
        "onward": case.links.all(),
        "social_outcomes": [(o, outcome_text(o)) for o in case.social_outcomes.all()],
        "agencies": case.agencies.all(),  # loaded by the timeline
        "can_change": can_change,
        "can_reassign": has_permission(request.user, Permission.ALLOCATE_CASES),
        "can_export": has_permission(request.user, Permission.EXPORT_SUBJECT_ACCESS, case.person),
        "panels": [
            case_panel(request, case),
            documents_panel(request, case, can_change=can_change),
            debrief_panel(request, case),
        ],
    }
    return render(request, "casework/case_detail.jinja", context)


@require_http_methods(["GET", "POST"])
def close(request, pk: int):
    """Close, having said what happens to each open action and link (decision 0072)."""
    case = case_for_change(request, pk)
    booked = booked_sessions(case)
    asked = closing.questions(case)
    form = CloseForm(
        request.POST or None,
        opened_on=case.opened_on,
        initial={"version": case.version},
        **asked,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with edit_conflicts(form):
            closing.close_answering(
                case=case,
                by=request.user,
                actions=form.answers("action_"),
                links=form.answers("link_"),
                reason=data["reason"],
                closed_on=data["closed_on"],
                note=data["note"],
                not_engaged_reason=data["not_engaged_reason"],
                expected_version=data["version"],
                request=request,
            )
        next_page = None if form.errors else exit_prompt_url(request, case)
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
        question_fields=[form[name] for name in form.fields if name.startswith(QUESTIONS)],
    )


QUESTIONS = ("action_", "link_")


@require_http_methods(["GET", "POST"])
def edit_person(request, pk: int):
    case = case_for_change(request, pk)
    person = case.person
    form = PersonForm(request.POST or None, initial=PersonForm.recorded(person))
    form.show_refused_of(person)
    changed = None
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            try:
                changed = change_person(
                    person=person,
                    case=case,
                    by=request.user,
                    request=request,
                    expected_version=form.cleaned_data["version"],
                    **form.person_fields(),
                )
            except services.DuplicateChi as duplicate:
                form.add_error("chi", str(duplicate))
        told = changed.stopped_words() if changed else ""
        if done := saved(request, form, f"Details updated. {told}".strip(), _case_url(case)):
            return done
    return form_page(
        request,
        form,
        case=case,
        title="Personal details",
        submit="Save details",
        template="casework/person.jinja",
        withdrawal_warning=withdrawal_warning(person),
    )
