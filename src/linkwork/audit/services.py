"""Writing the audit log. Every read or write of a person's record calls `record`."""

from django.db.models import Model

from linkwork.audit.chain import append, append_many
from linkwork.audit.models import Action, AuditEvent
from linkwork.core.http import client_ip


def record(**fields) -> AuditEvent:
    """Append one event to the chain; `fields` as `event` takes them. `detail` must hold
    codes and ids only, never personal data: why access was allowed goes in as `role` (a
    Role code) and `assignment` (the RoleAssignment's id), which the audit log page shows
    in words."""
    return append(event(**fields))


def record_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Append several events (each made by `event`) with one write, as `record` would one
    by one."""
    return append_many(events)


def event(
    *,
    action: Action,
    request=None,
    actor=None,
    obj: Model | None = None,
    person_id: int | None = None,
    hscp_id: int | None = None,
    detail: dict | None = None,
    actor_username: str = "",
) -> AuditEvent:
    """An unsaved event, as `record` describes it."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent(
        actor=actor,
        actor_username=actor_username or (actor.get_username() if actor else ""),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        person_id=person_id,
        hscp_id=hscp_id,
        ip_address=client_ip(request),
        path=request.path[:500] if request is not None else "",
        detail=detail or {},
    )
