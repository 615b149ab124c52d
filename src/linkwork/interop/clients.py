"""FHIR clients: adding one (its system account, its one role, its token), listing and
revoking them. The command `linkwork fhir-client` calls these; nothing else writes them."""

import re
import uuid

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import ApiToken, User
from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role
from linkwork.accounts.tokens import issue_token, revoke_all
from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.interop.models import FhirClient

USERNAME_START = "fhir-client-"


def _username(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "system"
    return f"{USERNAME_START}{slug}-{uuid.uuid4().hex[:8]}"


def _audit(client: FhirClient, action: Action, *, by, change: str) -> None:
    assignment = client.user.role_assignments.first()
    record(
        action=action,
        actor=by,
        obj=client,
        hscp_id=assignment.scope_hscp_id if assignment else None,
        detail={"change": change, "user_id": client.user_id},
    )


@transaction.atomic
def add_client(
    *, name: str, practice=None, organisation=None, days: int | None = None, by=None
) -> tuple[FhirClient, str]:
    """A new client acting for `practice` (as its practice staff) or for a directory
    `organisation` (as its community partner), and its token: the only time it is shown."""
    if (practice is None) == (organisation is None):
        raise ValueError("A FHIR client acts for one practice or one organisation.")
    user = User(username=_username(name), first_name=name[:150], last_name="(FHIR client)")
    user.set_unusable_password()  # a system account: it never signs in to the web
    user.save()
    if practice is not None:
        assign_role(user=user, role=Role.PRACTICE_STAFF, practice=practice)
    else:
        assign_role(user=user, role=Role.COMMUNITY_PARTNER, community_organisation=organisation)
    client = FhirClient.objects.create(user=user, name=name)
    _audit(client, Action.CREATE, by=by, change="fhir_client_added")
    _, token = issue_token(user=user, name=f"FHIR client: {name}"[:100], created_by=by, days=days)
    return client, token


@transaction.atomic
def revoke_client(*, client: FhirClient, by=None) -> FhirClient:
    """The client stops working at once: its tokens are revoked and it cannot be given
    new ones. Its account stays (what it sent is recorded as sent by it)."""
    client = FhirClient.objects.select_for_update().get(pk=client.pk)
    if client.is_revoked:
        return client
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    revoke_all(user=client.user, revoked_by=by)
    _audit(client, Action.DELETE, by=by, change="fhir_client_revoked")
    return client


def scope_of(client: FhirClient):
    """The practice or organisation the client acts for."""
    assignment = client.user.role_assignments.select_related(
        "practice", "community_organisation"
    ).first()
    return assignment.scope if assignment else None


def working_tokens(client: FhirClient):
    return ApiToken.objects.filter(
        user=client.user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
