"""Inviting a community partner: a new account that sees one organisation's referrals."""

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.roles import Permission, Role
from linkwork.accounts.services import assign_role, create_user, free_username
from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.core.mail import site_url
from linkwork.directory import notifications
from linkwork.directory.models import Organisation


@transaction.atomic
def invite_partner(
    *, organisation: Organisation, first_name: str, last_name: str, email: str, by, request=None
):
    """Only for an organisation in the inviter's own scope (authorisation decides which):
    the partner will read every referral sent to it."""
    if not has_permission(by, Permission.INVITE_PARTNER, organisation):
        raise PermissionDenied
    username = free_username(email.split("@")[0], fallback="partner")
    user = create_user(username=username, first_name=first_name, last_name=last_name, email=email)
    assign_role(user=user, role=Role.COMMUNITY_PARTNER, community_organisation=organisation)
    record(
        action=Action.CREATE,
        request=request,
        actor=by,
        obj=user,
        detail={"role": "community_partner", "organisation": organisation.pk},
    )
    token = default_token_generator.make_token(user)
    path = reverse(
        "directory:accept_invite", args=[urlsafe_base64_encode(force_bytes(user.pk)), token]
    )
    url = request.build_absolute_uri(path) if request is not None else site_url(path)
    transaction.on_commit(lambda: notifications.invitation(user, organisation, url))
    return user
