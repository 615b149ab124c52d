"""Social outcomes: recorded from the case page when they happen, corrected later."""

from django.urls import reverse
from django.views.decorators.http import require_http_methods

from linkwork.casework import services
from linkwork.casework.forms import SocialOutcomeForm
from linkwork.casework.forms.outcomes import REVEALED
from linkwork.casework.models import SocialOutcome
from linkwork.casework.views.common import (
    case_for_change,
    edit_conflicts,
    form_page,
    related_or_404,
    saved,
)

TEMPLATE = "casework/social_outcome.jinja"


def _fields(data) -> dict:
    return {
        "kind": data["kind"],
        "achieved_on": data["achieved_on"],
        "amount": data.get("amount"),
        "period": data.get("period") or "",
        "service_name": data.get("service_name") or "",
        "evidence": data["evidence"],
        "link": data["link"],
    }


def _page(request, form, case, title: str, submit: str):
    return form_page(
        request, form, case=case, title=title, submit=submit, template=TEMPLATE, revealed=REVEALED
    )


@require_http_methods(["GET", "POST"])
def new_outcome(request, pk: int):
    case = case_for_change(request, pk)
    form = SocialOutcomeForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            services.record_social_outcome(
                case=case, by=request.user, request=request, **_fields(form.cleaned_data)
            )
        url = reverse("casework:case_detail", args=[case.pk])
        if done := saved(request, form, "Outcome recorded.", url):
            return done
    return _page(request, form, case, "Record an outcome", "Record outcome")


@require_http_methods(["GET", "POST"])
def edit_outcome(request, pk: int):
    outcome = related_or_404(request, SocialOutcome, pk, "case", "case__person")
    case = outcome.case
    initial = {name: getattr(outcome, name) for name in services.OUTCOME_FIELDS}
    initial |= {"link": outcome.link_id or "", "version": outcome.version}
    form = SocialOutcomeForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        with edit_conflicts(form):
            services.correct_social_outcome(
                outcome=outcome,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                request=request,
                **_fields(form.cleaned_data),
            )
        url = reverse("casework:case_detail", args=[case.pk])
        if done := saved(request, form, "Outcome corrected.", url):
            return done
    return _page(request, form, case, "Correct an outcome", "Save outcome")
