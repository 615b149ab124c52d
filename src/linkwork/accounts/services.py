"""Creating users and giving them roles."""

from django.db import transaction

from linkwork.accounts.models import RoleAssignment, User
from linkwork.accounts.roles import Role


@transaction.atomic
def create_user(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    password: str | None = None,
    password_hash: str | None = None,
    is_demo: bool = False,
    is_active: bool = True,
) -> User:
    """Without a password, the account has none that works; inactive, it cannot sign in at
    all (a link worker known only from imported records). `password_hash`: a password
    hashed already (make_password), as the demo's accounts share one."""
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_demo=is_demo,
        is_active=is_active,
    )
    if password_hash:
        user.password = password_hash
    elif password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def free_username(base: str, fallback: str = "user") -> str:
    """`base` (an email's local part, say) as an unused username: base, base2, base3..."""
    base = base[:140] or fallback
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def assign_role(*, user: User, role: Role, **scope) -> RoleAssignment:
    """Give `user` a role scoped by one of hscp, practice, provider or community_organisation."""
    assignment = RoleAssignment(user=user, role=role, **scope)
    assignment.full_clean()
    assignment.save()
    user.__dict__.pop("_linkwork_role_assignments", None)
    return assignment
