"""Closing a case with no exit measure: asked once, after the close form is sent.

The close view (`casefile/views.py`) asks `exit_prompt_url` where to go once the case is
closed, so closing is never held up by the question."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from linkwork.casework.views.common import case_for_change
from linkwork.outcomes import services
from linkwork.outcomes.forms import ExitPromptForm
from linkwork.outcomes.models import QuestionnaireResponse
from linkwork.outcomes.views.common import posted


def exit_prompt_url(request, case) -> str | None:
    """Where the close view sends the worker next, if the exit question is unanswered."""
    if not services.exit_measure_needed(case):
        return None
    return reverse("outcomes:exit_prompt", args=[case.pk])


def _baseline_instruments(case) -> list[str]:
    taken = QuestionnaireResponse.objects.filter(case=case, timepoint="baseline")
    return sorted(set(taken.values_list("instrument", flat=True))) or ["swemwbs"]


@require_http_methods(["GET", "POST"])
def exit_prompt(request, pk: int):
    case = case_for_change(request, pk)
    case_url = reverse("casework:case_detail", args=[case.pk])
    if not services.exit_measure_needed(case):
        return redirect(case_url)
    form = ExitPromptForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.record_exit_not_taken(
            case=case, reason=form.cleaned_data["reason"], by=request.user, request=request
        )
        messages.success(request, "Noted: no exit measure.")
        return redirect(case_url)
    context = {
        "page_title": "There is no exit measure yet",
        "caption": case.person.full_name,
        "case": case,
        "form": form,
        "instruments": _baseline_instruments(case),
        "case_url": case_url,
    }
    return render(
        request, "outcomes/exit_prompt.jinja", context, status=400 if form.errors else 200
    )
