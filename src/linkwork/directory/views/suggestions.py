"""Suggesting a change to a service someone else keeps, and the keepers' answer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.authorisation import has_permission, require
from linkwork.accounts.roles import Permission
from linkwork.directory import presenters
from linkwork.directory.forms import DecisionForm
from linkwork.directory.selectors import (
    own_suggestions,
    service_for,
    suggestion_for,
    suggestion_to_decide,
    suggestions_to_decide,
)
from linkwork.directory.service_forms import SuggestionForm, form_for
from linkwork.directory.services import suggestions as suggesting
from linkwork.directory.views.common import page


@require_http_methods(["GET", "POST"])
def suggest_change(request, pk: int):
    require(request.user, Permission.SUGGEST_SERVICE_CHANGE)
    service = service_for(request.user, pk)
    if has_permission(request.user, Permission.MANAGE_DIRECTORY, service):
        return redirect("directory:edit_service", pk=service.pk)  # a keeper just changes it
    form = form_for(SuggestionForm, service, request.POST or None)
    if request.method == "POST" and form.is_valid() and _suggest(request, service, form):
        messages.success(
            request, "Suggestion sent: the service's keepers will accept or reject it."
        )
        return redirect("directory:service", pk=service.pk)
    return page(
        request,
        "suggest",
        f"Suggest a change to {service.name}",
        form=form,
        service=service,
        kept_by=presenters.kept_by(service),
        submit_text="Send suggestion",
        cancel_href=reverse("directory:service", args=[service.pk]),
        status=400 if form.is_bound else 200,
    )


def _suggest(request, service, form) -> bool:
    """Send the suggestion; False, with the reason on the form, if there is nothing to send."""
    try:
        suggesting.suggest_change(
            service=service,
            by=request.user,
            note=form.cleaned_data["note"],
            fields=form.service_fields(),
            needs=form.cleaned_data["needs"],
            hours=form.hours(),
            listed_by=form.listing(),
            request=request,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@require_GET
def suggestions(request):
    """Suggestions waiting for the user's team to decide, and the user's own."""
    require(request.user, Permission.SUGGEST_SERVICE_CHANGE)
    return page(
        request,
        "suggestions",
        "Suggested changes",
        to_decide=[
            (s, presenters.suggestion_summary(s)) for s in suggestions_to_decide(request.user)[:200]
        ],
        mine=[(s, presenters.suggestion_status(s)) for s in own_suggestions(request.user)[:50]],
    )


@require_GET
def suggestion_detail(request, pk: int):
    suggestion, can_decide = suggestion_for(request.user, pk)
    return _suggestion_page(request, suggestion, can_decide, DecisionForm())


@require_POST
def decide(request, pk: int):
    suggestion = suggestion_to_decide(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid() and _decide(request, suggestion, form):
        return redirect("directory:suggestions")
    return _suggestion_page(request, suggestion, True, form, status=400)


def _decide(request, suggestion, form) -> bool:
    data = form.cleaned_data
    try:
        if data["decision"] == "accept":
            applied = suggesting.accept_suggestion(
                suggestion=suggestion, by=request.user, reason=data["reason"], request=request
            )
            what = ", ".join(applied) or "nothing: the service already says so"
            messages.success(request, f"Accepted. {suggestion.service.name} changed: {what}.")
        else:
            suggesting.reject_suggestion(
                suggestion=suggestion, by=request.user, reason=data["reason"], request=request
            )
            messages.success(request, "Rejected. The person who suggested it can read why.")
    except ValidationError as error:
        # The reason's own message at its field; anything else (the service no longer
        # takes a suggested value) above the form.
        at_fields = set(getattr(error, "error_dict", {})) <= set(form.fields)
        form.add_error(None, error if at_fields else error.messages)
        return False
    return True


def _suggestion_page(request, suggestion, can_decide: bool, form, status: int = 200):
    now = suggesting.values_now(suggestion.service, suggestion.proposed)
    return page(
        request,
        "suggestion",
        f"Suggested change to {suggestion.service.name}",
        status=status,
        suggestion=suggestion,
        rows=presenters.suggestion_rows(suggestion, now),
        tag_view=presenters.suggestion_status(suggestion),
        can_decide=can_decide and suggestion.is_waiting,
        form=form,
    )
