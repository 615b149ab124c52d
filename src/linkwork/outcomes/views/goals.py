"""Goal-based outcome: the person rates each goal 0-10 at the start, reviews and end."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from linkwork.casework.models import GoalStatus
from linkwork.casework.views.common import case_for_change, form_page
from linkwork.outcomes import services
from linkwork.outcomes.forms import GoalRatingForm
from linkwork.outcomes.models import Timepoint
from linkwork.outcomes.views.common import posted


def _timepoint(case) -> str:
    rated = case.goals.filter(ratings__isnull=False).exists()
    if not rated:
        return Timepoint.BASELINE
    return Timepoint.REVIEW if case.is_open else Timepoint.EXIT


@require_http_methods(["GET", "POST"])
def rate_goals(request, pk: int):
    case = case_for_change(request, pk)
    goals = case.goals.exclude(status=GoalStatus.STOPPED).order_by("created_on", "pk")
    form = GoalRatingForm(posted(request), goals=goals, initial={"timepoint": _timepoint(case)})
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_goals(
                case=case,
                ratings=form.ratings(),
                timepoint=form.cleaned_data["timepoint"],
                rated_on=form.cleaned_data["rated_on"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("rated_on", message)
        else:
            messages.success(request, "Goal ratings saved.")
            return redirect("casework:case_detail", pk=case.pk)
    return form_page(
        request,
        form,
        case=case,
        title="Rate progress towards each goal",
        submit="Save ratings",
        template="outcomes/goal_ratings.jinja",
    )
