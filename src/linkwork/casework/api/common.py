"""What every casework API operation shares: the two routers, refusals as JSON, and
loading records only through the cases the caller may reach."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError, ValidationError

from linkwork.accounts.authorisation import has_permission, visible
from linkwork.accounts.roles import Permission
from linkwork.casework import services
from linkwork.casework.models import Action, Case, CaseNote, Goal, Session
from linkwork.casework.schemas import ErrorOut, ValidationErrorOut
from linkwork.core.api import invalid  # noqa: F401 (the routers take it from here)
from linkwork.core.models import EditConflict

router = Router(tags=["casework"])
records_router = Router(tags=["casework"])

READ = {404: ErrorOut}
REFUSED = {403: ErrorOut}  # reads refused to a role outright (`require`)
WRITE = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}


# Refusals shared with the referrals API (and `invalid`, from core/api.py)


def require(request, permission: Permission, message: str) -> None:
    """A 403 (as JSON) for a caller whose roles do not grant `permission` at all."""
    if not has_permission(request.user, permission):
        raise HttpError(403, message)


@contextmanager
def service_refusals():
    """A stale `version` is a 409 with the service's message; anything the model refuses
    is a 422 naming the field. Services are atomic, so a refused write changes nothing."""
    try:
        yield
    except EditConflict as conflict:
        raise HttpError(409, conflict.api_message) from conflict
    except DjangoValidationError as error:
        by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        raise ValidationError(
            [
                {"type": "invalid", "loc": ["body", "payload", field], "msg": message}
                for field, messages in by_field.items()
                for message in messages
            ]
        ) from error


def aware(moment):
    """A date-time without a time zone is UK local time, as the pages read it."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


# Loading, always through what the caller may reach


def case_for_change(request, case_id: int) -> Case:
    return services.load_case(request.user, case_id, Permission.CHANGE_CASE)


def on_case(request, model, pk: int, case_path: str, permission: Permission):
    """A record on a case the caller may reach with `permission`, or 404."""
    cases = visible(request.user, permission, Case.objects.all())
    related = [f"{case_path}__{name}" for name in services.CASE_RELATED]
    return get_object_or_404(
        model.objects.select_related(*related, f"{case_path}__practice__cluster"),
        pk=pk,
        **{f"{case_path}__in": cases},
    )


def session_of(request, pk: int, permission=Permission.CHANGE_CASE) -> Session:
    return on_case(request, Session, pk, "case", permission)


def goal_of(request, pk: int, permission=Permission.CHANGE_CASE) -> Goal:
    return on_case(request, Goal, pk, "case", permission)


def action_of(request, pk: int, permission=Permission.CHANGE_CASE) -> Action:
    return on_case(request, Action, pk, "goal__case", permission)


def changes_of(payload) -> tuple[int, dict]:
    fields = payload.model_dump(exclude_unset=True)
    if "starts_at" in fields:
        fields["starts_at"] = aware(fields["starts_at"])
    return fields.pop("version"), fields


def note_of(request, pk: int, permission=Permission.CHANGE_CASE) -> CaseNote:
    return on_case(request, CaseNote, pk, "case", permission)
