"""What follows a role being given, changed or taken away, wherever it happens (the people
pages, the Django admin, a command, the demo): an audit event, and when the person no
longer holds a role that may have an API token, their tokens are revoked. Signal
handlers do both, so no path does them twice and none forgets them."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from linkwork.accounts.models import RoleAssignment
from linkwork.accounts.roles import ROLE_PERMISSIONS, Permission, Role
from linkwork.accounts.tokens import revoke_all
from linkwork.audit.models import Action
from linkwork.audit.services import record

SCOPE_FIELDS = ("hscp", "practice", "host_setting", "provider", "community_organisation")
_acting: ContextVar[tuple | None] = ContextVar("linkwork_roles_changed_by", default=None)


@contextmanager
def acting(*, by, request=None) -> Iterator[None]:
    """Role changes inside the block are recorded as made by `by`."""
    token = _acting.set((by, request))
    try:
        yield
    finally:
        _acting.reset(token)


def _who() -> tuple:
    """Who is changing roles: a service's `acting` block, else the request being served
    (simple_history's middleware keeps it: the Django admin), else nobody (a command)."""
    explicit = _acting.get()
    if explicit is not None:
        return explicit
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return (user if getattr(user, "is_authenticated", False) else None), request


def _detail(assignment: RoleAssignment, change: str) -> dict:
    scope = {
        f: getattr(assignment, f"{f}_id") for f in SCOPE_FIELDS if getattr(assignment, f"{f}_id")
    }
    return {"change": change, "user_id": assignment.user_id, "role": assignment.role, **scope}


def _record(action: Action, assignment: RoleAssignment, change: str) -> None:
    by, request = _who()
    record(
        action=action,
        request=request,
        actor=by,
        obj=assignment,
        hscp_id=assignment.scope_hscp_id,
        detail=_detail(assignment, change),
    )


def _may_still_hold_tokens(user_id: int) -> bool:
    roles = RoleAssignment.objects.filter(user_id=user_id).values_list("role", flat=True)
    return any(Permission.USE_API_TOKENS in ROLE_PERMISSIONS[Role(role)] for role in roles)


def _after_change(action: Action, assignment: RoleAssignment, change: str) -> None:
    assignment.user.__dict__.pop("_linkwork_role_assignments", None)  # roles cached per request
    _record(action, assignment, change)
    if action != Action.CREATE and not _may_still_hold_tokens(assignment.user_id):
        by, request = _who()
        revoke_all(user=assignment.user, revoked_by=by, request=request)


@receiver(post_save, sender=RoleAssignment)
def role_saved(sender, instance, created, raw=False, **kwargs):
    if raw:  # loading a fixture is not anyone giving a role
        return
    if created:
        _after_change(Action.CREATE, instance, "role_granted")
    else:
        _after_change(Action.CHANGE, instance, "role_changed")


@receiver(post_delete, sender=RoleAssignment)
def role_removed(sender, instance, **kwargs):
    _after_change(Action.DELETE, instance, "role_removed")
