"""Goals in the person's words, and the actions towards them."""

from django.urls import reverse
from django.views.decorators.http import require_http_methods

from linkwork.casework import services
from linkwork.casework.forms import ActionForm, GoalForm
from linkwork.casework.models import Action, Goal
from linkwork.casework.views.common import (
    case_for_change,
    closed_refusal,
    edit_conflicts,
    form_page,
    related_or_404,
    saved,
)


def _case_url(case_id: int) -> str:
    return reverse("casework:case_detail", args=[case_id])


@require_http_methods(["GET", "POST"])
def new_goal(request, pk: int):
    case = case_for_change(request, pk)
    if refused := closed_refusal(request, case, "a goal"):
        return refused
    form = GoalForm(request.POST or None)
    del form.fields["status"]
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            services.add_goal(
                case=case, by=request.user, wording=form.cleaned_data["wording"], request=request
            )
        if done := saved(request, form, "Goal added.", _case_url(case.pk)):
            return done
    return form_page(request, form, case=case, title="Add a goal", submit="Add goal")


@require_http_methods(["GET", "POST"])
def edit_goal(request, pk: int):
    goal = related_or_404(request, Goal, pk, "case", "case__person")
    form = GoalForm(
        request.POST or None,
        initial={
            "wording": goal.wording,
            "status": goal.status,
            "version": goal.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with edit_conflicts(form):
            services.update_goal(
                goal=goal,
                by=request.user,
                expected_version=data["version"],
                request=request,
                wording=data["wording"],
                status=data["status"] or goal.status,
            )
        if done := saved(request, form, "Goal updated.", _case_url(goal.case_id)):
            return done
    return form_page(request, form, case=goal.case, title="Goal", submit="Save goal")


@require_http_methods(["GET", "POST"])
def new_action(request, pk: int):
    goal = related_or_404(request, Goal, pk, "case", "case__person")
    if refused := closed_refusal(request, goal.case, "an action"):
        return refused
    form = ActionForm(request.POST or None)
    del form.fields["status"], form.fields["progress"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with edit_conflicts(form):
            services.add_action(
                goal=goal,
                by=request.user,
                description=data["description"],
                owner=data["owner"],
                due_on=data["due_on"],
                support_type=data["support_type"],
                request=request,
            )
        if done := saved(request, form, "Action added.", _case_url(goal.case_id)):
            return done
    title = f"Add an action: {goal}"
    return form_page(request, form, case=goal.case, title=title, submit="Add action")


@require_http_methods(["GET", "POST"])
def edit_action(request, pk: int):
    action = related_or_404(request, Action, pk, "goal__case", "goal__case__person")
    form = ActionForm(
        request.POST or None,
        initial={
            "description": action.description,
            "owner": action.owner,
            "due_on": action.due_on,
            "status": action.status,
            "progress": action.progress,
            "support_type": action.support_type,
            "version": action.version,
        },
    )
    # An action recorded before the support was asked may be saved without it (decision 0070).
    form.fields["support_type"].required = bool(action.support_type)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with edit_conflicts(form):
            services.update_action(
                action=action,
                by=request.user,
                expected_version=data["version"],
                request=request,
                description=data["description"],
                owner=data["owner"],
                due_on=data["due_on"],
                status=data["status"] or action.status,
                progress=data["progress"],
                support_type=data["support_type"] or action.support_type,
            )
        if done := saved(request, form, "Action updated.", _case_url(action.goal.case_id)):
            return done
    return form_page(request, form, case=action.goal.case, title="Action", submit="Save action")
