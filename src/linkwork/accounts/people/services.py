"""Managing people: invitations, roles, disabling, unlocking, resetting two-factor and
password links. Each is one transaction with an audit event (ids and codes only); emails
go after commit. Authorisation decides who may act on whom (`_require_manages`,
`may_change_role`); a refusal the manager can act on is `Refused`, with words to show."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from linkwork.accounts import lockout, two_factor
from linkwork.accounts.authorisation import (
    grants_national_roles,
    has_permission,
    may_change_role,
    may_combine_with_administration,
    told_to_other_administrators,
)
from linkwork.accounts.models import RoleAssignment, User
from linkwork.accounts.people.role_changes import acting
from linkwork.accounts.roles import ROLE_SCOPE_FIELD, Permission, Role
from linkwork.accounts.services import assign_role, create_user, free_username
from linkwork.accounts.signals import home_hscp_id
from linkwork.accounts.tokens import revoke_all
from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.core.mail import send, site_url
from linkwork.organisations.models import LinkWorker
from linkwork.organisations.services import create_link_worker


class Refused(Exception):
    """A change the rules do not allow here, said in words for the manager."""


EMAIL_IN_USE = (
    "An account already uses this email address: give that person the role from their "
    "page under People instead (if they are not listed there, ask a national administrator)."
)


def email_in_use(email: str) -> bool:
    return User.objects.filter(email__iexact=email.strip()).exists()


def _require_manages(by, person: User) -> None:
    if not has_permission(by, Permission.MANAGE_PEOPLE, person):
        raise PermissionDenied


def _audit(*, by, person: User, change: str, request=None, **detail) -> None:
    record(
        action=Action.CREATE if change == "invited" else Action.CHANGE,
        request=request,
        actor=by,
        obj=person,
        hscp_id=home_hscp_id(person),
        detail={"change": change, "user_id": person.pk, **detail},
    )


def _assignment(person: User, role: Role, scope, job_title: str = "") -> RoleAssignment:
    fields = {ROLE_SCOPE_FIELD[role]: scope} if scope is not None else {}
    return RoleAssignment(user=person, role=role, job_title=job_title, **fields)


# Password links: invitations and resets alike. Django's token generator signs the
# user's password hash and last sign-in, so a link stops working once a password is
# chosen with it, and after PASSWORD_LINK_VALID_DAYS.


def password_link_path(person: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    return reverse("accounts:set_password", kwargs={"uidb64": uid, "token": token})


def _email_password_link(person: User) -> None:
    """The email names only the service: no name, no username, no organisation."""
    url = site_url(password_link_path(person))
    days = settings.PASSWORD_LINK_VALID_DAYS
    service = settings.SERVICE_NAME
    if person.has_usable_password():
        subject = f"Choose a new password for {service}"
        opening = f"You have been sent a link to choose a new password for {service}."
    else:
        subject = f"Your {service} account"
        opening = f"An account on {service} has been made for you."
    message = (
        f"{opening}\n\nChoose your password here: {url}\n\n"
        f"The link works once, within {days} days. "
        "If you did not expect this email, you can ignore it."
    )
    send(subject=subject, message=message, recipients=[person.email])


def _send_link_on_commit(person: User) -> None:
    transaction.on_commit(lambda: _email_password_link(person))


@transaction.atomic
def invite_person(
    *,
    by,
    first_name: str,
    last_name: str,
    email: str,
    role: Role,
    scope,
    job_title: str = "",
    request=None,
) -> User:
    """A new account with `role` at `scope` and no usable password; they choose one
    through the emailed link."""
    if not may_change_role(by, _assignment(User(), role, scope)):
        raise PermissionDenied
    if email_in_use(email):  # one account per person: a second would split their access
        raise Refused(EMAIL_IN_USE)
    username = free_username(email.split("@")[0])
    person = create_user(username=username, first_name=first_name, last_name=last_name, email=email)
    _give(_assignment(person, role, scope, job_title), by=by, request=request)
    _audit(by=by, person=person, change="invited", request=request, role=role)
    _send_link_on_commit(person)
    return person


def _give(assignment: RoleAssignment, *, by, request) -> None:
    """Save the role (audited by role_changes) and tell whoever must hear of it. A new
    link worker also gets a worker's post at that provider, so cases can be given to them."""
    person, role, scope = assignment.user, Role(assignment.role), assignment.scope
    with acting(by=by, request=request):
        post = LinkWorker.objects.filter(user=person).first() if role == Role.LINK_WORKER else None
        if post is not None and post.provider_id != scope.pk:
            raise Refused(
                f"{person} is a link worker of {post.provider}. A link worker works "
                "for one provider: ask a national administrator to move them."
            )
        if role == Role.LINK_WORKER and post is None:
            create_link_worker(user=person, provider=scope)
        else:
            assign_role(
                user=person, role=role, job_title=assignment.job_title, **_scope_kwargs(assignment)
            )
    _tell_other_administrators(assignment, by=by)


def _tell_other_administrators(assignment: RoleAssignment, *, by) -> None:
    """A role that reads people's records, given by an HSCP administrator, is emailed after
    commit to the HSCP's other administrators, or to the national ones where it has no
    other: a role given to an account the giver controls is seen at once, not only logged
    (decision 0145). The email names no one; the link shows who and by whom."""
    role = Role(assignment.role)
    if not told_to_other_administrators(by, role):
        return
    administrators = RoleAssignment.objects.filter(
        role=Role.ADMINISTRATOR, user__is_active=True
    ).exclude(user=by)
    hscp_id = assignment.scope_hscp_id
    told = administrators.filter(hscp_id=hscp_id) if hscp_id else administrators.none()
    if not told.exists():
        told = administrators.filter(hscp__isnull=True)
    recipients = list(told.values_list("user__email", flat=True))
    service = settings.SERVICE_NAME
    url = site_url(reverse("accounts:person", args=[assignment.user_id]))
    message = (
        f"Another administrator has given an account on {service} the role "
        f"{role.label}, which reads people's records.\n\n"
        f"You are told because you also manage accounts. Check the change was meant: {url}\n\n"
        "If it was not, take the role away and tell your information governance lead."
    )
    transaction.on_commit(
        lambda: send(
            subject=f"A role that reads people's records was given on {service}",
            message=message,
            recipients=recipients,
        )
    )


def _scope_kwargs(assignment: RoleAssignment) -> dict:
    field = ROLE_SCOPE_FIELD[Role(assignment.role)]
    scope = getattr(assignment, field)
    return {field: scope} if scope is not None else {}


@transaction.atomic
def grant_role(*, person: User, role: Role, scope, job_title: str = "", by, request=None):
    assignment = _assignment(person, role, scope, job_title)
    if not may_change_role(by, assignment):
        raise PermissionDenied
    if not may_combine_with_administration(by, person, Role(role)):
        raise Refused(_separation_of_duties(person, Role(role)))
    if person.role_assignments.filter(role=role, **_scope_kwargs(assignment)).exists():
        where = scope or "every HSCP"
        raise Refused(
            f"{person} already holds the role {Role(role).label}, {where}: nothing changed."
        )
    _give(assignment, by=by, request=request)


def _separation_of_duties(person: User, role: Role) -> str:
    held = "reads people's records" if role == Role.ADMINISTRATOR else "is an administrator"
    return (
        f"{person} {held}, and an administrator does not also read people's records "
        "(separation of duties): nothing changed. A national administrator can give both "
        "roles if one person must hold them."
    )


def refusal_to_remove(by, assignment: RoleAssignment) -> str | None:
    """Why `by` may not take `assignment` away though they manage the person, in words for
    them (None: they may). The people page offers no button that this would refuse."""
    person = assignment.user
    if person.role_assignments.count() == 1 and not grants_national_roles(by):
        return (
            f"This is {person}'s only role: without it nobody in your HSCP could manage the "
            "account. Disable the account instead, or give them their new role first."
        )
    return None


@transaction.atomic
def remove_role(*, assignment: RoleAssignment, by, request=None) -> None:
    if not may_change_role(by, assignment):
        raise PermissionDenied
    refusal = refusal_to_remove(by, assignment)
    if refusal:
        raise Refused(refusal)
    with acting(by=by, request=request):
        assignment.delete()


def end_sessions(person: User) -> int:
    """Sign `person` out everywhere now: delete their sessions. Sessions are stored by
    key, not by user, so each live one is read (a few hundred at most for an HSCP)."""
    live = Session.objects.filter(expire_date__gt=timezone.now())
    theirs = [
        s.pk for s in live.iterator() if s.get_decoded().get("_auth_user_id") == str(person.pk)
    ]
    Session.objects.filter(pk__in=theirs).delete()
    return len(theirs)


@transaction.atomic
def disable_account(*, person: User, by, request=None) -> None:
    """No sign-in, no session, no API token, from now on."""
    _require_manages(by, person)
    if not person.is_active:
        return
    person.is_active = False
    person.save(update_fields=["is_active"])
    tokens = revoke_all(user=person, revoked_by=by, request=request)
    sessions = end_sessions(person)
    _audit(
        by=by,
        person=person,
        change="account_disabled",
        request=request,
        tokens_revoked=tokens,
        sessions_ended=sessions,
    )


@transaction.atomic
def enable_account(*, person: User, by, request=None) -> None:
    """They may sign in again; revoked tokens stay revoked."""
    _require_manages(by, person)
    if person.is_active:
        return
    person.is_active = True
    person.save(update_fields=["is_active"])
    _audit(by=by, person=person, change="account_enabled", request=request)


@transaction.atomic
def unlock_account(*, person: User, by, request=None) -> int:
    """Forget failed sign-ins for their username, so they may try again at once."""
    _require_manages(by, person)
    cleared = lockout.reset_failures(person.username)
    _audit(by=by, person=person, change="unlocked", request=request, attempts_cleared=cleared)
    return cleared


@transaction.atomic
def reset_two_factor(*, person: User, by, request=None) -> int:
    """Delete every two-factor device (authenticator apps, recovery codes), so their next
    sign-in asks them to set it up again; their sessions end, as their phone may be lost."""
    _require_manages(by, person)
    removed = two_factor.reset_two_factor(user=person)
    sessions = end_sessions(person)
    _audit(
        by=by,
        person=person,
        change="two_factor_reset",
        request=request,
        devices_removed=removed,
        sessions_ended=sessions,
    )
    return removed


@transaction.atomic
def send_password_link(*, person: User, by, request=None) -> None:
    """Email a single-use link to choose a password: a reset, or the invitation again."""
    _require_manages(by, person)
    if not person.is_active:
        raise Refused("This account is disabled: enable it before sending a password link.")
    if not person.email:
        raise Refused("This account has no email address, so no link can be sent.")
    _audit(by=by, person=person, change="password_link_sent", request=request)
    _send_link_on_commit(person)


@transaction.atomic
def choose_password(*, person: User, password: str, request=None) -> None:
    """Someone with a valid link sets their password. Failed sign-ins are forgotten: a
    forgotten password is why many ask."""
    person.set_password(password)
    person.save(update_fields=["password"])
    lockout.reset_failures(person.username)
    _audit(by=person, person=person, change="password_chosen", request=request)
