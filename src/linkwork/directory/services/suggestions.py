"""Suggested changes: someone who reads a service but does not keep it proposes new
details; its keepers accept them (applied as their own edit) or reject them with a reason
the suggester reads. Decision 13."""

from datetime import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.roles import Permission
from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.core import clock
from linkwork.core.history import name
from linkwork.core.recording import save_recorded
from linkwork.directory import notifications
from linkwork.directory.models import Service, ServiceSuggestion, SuggestionStatus
from linkwork.directory.services.records import (
    WeeklyHours,
    current_hours,
    differences,
    listed_by_ids,
    needs_of,
    update_service,
)

NOTHING_DIFFERS = (
    "Change at least one detail: everything you sent is what the directory already says"
)
REASON_NEEDED = "Say why you are rejecting the suggestion: the person who made it will read this"
ALREADY_DECIDED = "This suggestion has already been decided: open the list again"


@transaction.atomic
def suggest_change(
    *,
    service: Service,
    by,
    note: str,
    fields: dict,
    needs=None,
    hours: list[WeeklyHours] | None = None,
    listed_by=None,
    request=None,
) -> ServiceSuggestion:
    """Store only what differs from the service now, beside what it is now."""
    if not has_permission(by, Permission.SUGGEST_SERVICE_CHANGE, service):
        raise PermissionDenied
    changed = differences(service, fields=fields, needs=needs, hours=hours, listed_by=listed_by)
    if not changed:
        raise ValidationError(NOTHING_DIFFERS)
    proposed, current = _the_change(service, changed, fields, needs, hours, listed_by)
    suggestion = ServiceSuggestion(
        service=service,
        suggested_by=by,
        suggested_at=clock.now(),
        proposed=proposed,
        current=current,
        note=note,
    )
    _save(suggestion, Action.CREATE, by, request, {"fields": changed})
    transaction.on_commit(lambda: notifications.new_suggestion(suggestion))
    return suggestion


# The JSON key of each part of a service that is not a plain field, by its name in
# `differences` (and the history).
PARTS = {"needs": "needs", "opening times": "hours", "listed by": "listed_by"}


def _the_change(service, changed, fields, needs, hours, listed_by) -> tuple[dict, dict]:
    """(proposed, current): the changed parts only, as JSON."""
    given = {"needs": sorted(needs or []), "hours": hours_as_json(hours or [])}
    given["listed_by"] = sorted(listed_by or [])
    own = [field for field in changed if field in fields]
    proposed = {"fields": {field: fields[field] for field in own}}
    proposed |= {PARTS[part]: given[PARTS[part]] for part in changed if part in PARTS}
    return proposed, values_now(service, proposed)


def values_now(service: Service, like: dict) -> dict:
    """The service's values today of the parts in `like` (a suggestion's `proposed`), in
    the same shape."""
    now = {"fields": {field: getattr(service, field) for field in like.get("fields", {})}}
    if "needs" in like:
        now["needs"] = sorted(needs_of(service))
    if "hours" in like:
        now["hours"] = hours_as_json(current_hours(service))
    if "listed_by" in like:
        now["listed_by"] = sorted(listed_by_ids(service))
    return now


@transaction.atomic
def accept_suggestion(*, suggestion: ServiceSuggestion, by, reason: str = "", request=None):
    """Apply the suggestion through the same update as a keeper's edit (history, audit);
    returns what it changed (nothing, if the service already says so)."""
    suggestion = _waiting(suggestion, by)
    proposed = suggestion.proposed
    hours = proposed.get("hours")
    applied = update_service(
        service=suggestion.service,
        by=by,
        fields=proposed.get("fields", {}),
        needs=proposed.get("needs"),
        hours=hours_from_json(hours) if hours is not None else None,
        listed_by=proposed.get("listed_by"),
        request=request,
        detail={"suggestion": suggestion.pk},
        reason=f"Suggested by {name(suggestion.suggested_by)}"[:100],
    )
    suggestion.applied = applied
    _decide(suggestion, SuggestionStatus.ACCEPTED, by, reason, request)
    return applied


@transaction.atomic
def reject_suggestion(*, suggestion: ServiceSuggestion, by, reason: str, request=None) -> None:
    if not reason.strip():
        raise ValidationError({"reason": REASON_NEEDED})
    _decide(_waiting(suggestion, by), SuggestionStatus.REJECTED, by, reason, request)


def _waiting(suggestion: ServiceSuggestion, by) -> ServiceSuggestion:
    """The suggestion, locked, if `by` keeps its service and nobody has decided it yet."""
    suggestion = ServiceSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not has_permission(by, Permission.MANAGE_DIRECTORY, suggestion.service):
        raise PermissionDenied
    if not suggestion.is_waiting:
        raise ValidationError(ALREADY_DECIDED)
    return suggestion


def _decide(suggestion, status, by, reason: str, request) -> None:
    suggestion.status = status
    suggestion.decided_by = by
    suggestion.decided_at = clock.now()
    suggestion.decision_reason = reason.strip()
    _save(suggestion, Action.CHANGE, by, request, {"status": str(status)})
    transaction.on_commit(lambda: notifications.suggestion_decided(suggestion))


def _save(suggestion, action, by, request, detail) -> None:
    """Audited under the HSCP of the service's organisation, whose record it is."""
    save_recorded(
        suggestion,
        by=by,
        audit=lambda saved: record(
            action=action,
            request=request,
            actor=by,
            obj=saved,
            hscp_id=saved.service.organisation.hscp_id,
            detail={"service": saved.service_id, **detail},
        ),
    )


def hours_as_json(hours: list[WeeklyHours]) -> list[dict]:
    return [
        {
            "days": list(hour.days),
            "opens_at": hour.opens_at.isoformat("minutes") if hour.opens_at else None,
            "closes_at": hour.closes_at.isoformat("minutes") if hour.closes_at else None,
            "description": hour.description,
        }
        for hour in hours
    ]


def hours_from_json(rows: list[dict]) -> list[WeeklyHours]:
    return [
        WeeklyHours(
            days=row["days"],
            opens_at=_time(row["opens_at"]),
            closes_at=_time(row["closes_at"]),
            description=row["description"],
        )
        for row in rows
    ]


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None
