"""Sign-ins, sign-outs and failures go to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from linkwork.accounts.authorisation import role_assignments
from linkwork.audit.models import Action
from linkwork.audit.services import record


def home_hscp_id(user) -> int | None:
    """So an HSCP's administrator sees their own staff's sign-ins (and what was done to
    their accounts: read from the database, as a disabled user's roles are not cached)."""
    assignments = role_assignments(user) if user.is_active else user.role_assignments.all()
    return next((a.scope_hscp_id for a in assignments if a.scope_hscp_id), None)


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    """The password step; accounts/two_factor.py records the code step after it."""
    record(
        action=Action.SIGN_IN,
        request=request,
        actor=user,
        hscp_id=home_hscp_id(user),
        detail={"step": "password"},
    )


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        record(action=Action.SIGN_OUT, request=request, actor=user, hscp_id=home_hscp_id(user))


@receiver(user_login_failed)
def audit_sign_in_failed(sender, credentials, request=None, step="password", **kwargs):
    """A wrong password, or (sent by accounts/two_factor.py) a wrong code."""
    record(
        action=Action.SIGN_IN_FAILED,
        request=request,
        actor_username=str(credentials.get("username", ""))[:150],
        detail={"step": step},
    )


@receiver(user_locked_out)
def audit_locked_out(sender, request, username=None, **kwargs):
    record(action=Action.LOCKED_OUT, request=request, actor_username=str(username or "")[:150])
