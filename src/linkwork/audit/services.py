"""Writing the audit log. Every read or write of a person's record calls `record`."""

from django.db.models import Model

from linkwork.audit.models import Action, AuditEvent


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: behind a proxy, the proxy sets it (see BEHIND_TLS_PROXY in the docs).
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record(
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
    """Append one event. `detail` must hold codes and ids only, never personal data."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
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
