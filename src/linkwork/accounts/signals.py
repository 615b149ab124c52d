"""Sign-ins, sign-outs and failures go to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from linkwork.accounts.authorisation import role_assignments
from linkwork.accounts.models import User
from linkwork.accounts.roles import HOME_ORDER, Role
from linkwork.audit.models import Action
from linkwork.audit.services import record


def home_hscp_id(user) -> int | None:
    """The HSCP an account's security events (sign-in, failures, lockout, two-factor,
    password) and the changes made to it are logged in, so an HSCP's administrator sees
    their own staff's. One HSCP per account, even for someone working in several: that of
    the role which chooses their home page (HOME_ORDER: where they mainly work), the first
    such role given if they hold it in two HSCPs. Decision 0006. Roles are read from the
    database for a disabled user, whose roles are not cached."""
    assignments = role_assignments(user) if user.is_active else user.role_assignments.all()
    in_an_hscp = [a for a in assignments if a.scope_hscp_id]
    in_an_hscp.sort(key=lambda a: (HOME_ORDER.index(Role(a.role)), a.pk))
    return in_an_hscp[0].scope_hscp_id if in_an_hscp else None


def _hscp_of_username(username) -> int | None:
    """`home_hscp_id` of the account a sign-in attempt named (None: no such account)."""
    user = User.objects.filter(username=username).first() if username else None
    return home_hscp_id(user) if user is not None else None


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
    username = str(credentials.get("username", ""))[:150]
    record(
        action=Action.SIGN_IN_FAILED,
        request=request,
        actor_username=username,
        hscp_id=_hscp_of_username(username),
        detail={"step": step},
    )


@receiver(user_locked_out)
def audit_locked_out(sender, request, username=None, **kwargs):
    username = str(username or "")[:150]
    record(
        action=Action.LOCKED_OUT,
        request=request,
        actor_username=username,
        hscp_id=_hscp_of_username(username),
    )
