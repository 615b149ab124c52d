"""The people a manager may see, and finding among them."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Prefetch, Q, QuerySet

from linkwork.accounts.authorisation import visible
from linkwork.accounts.models import RoleAssignment, User
from linkwork.accounts.people.status import enrolled, locked_usernames
from linkwork.accounts.roles import Permission

ASSIGNMENT_SCOPES = ("hscp", "practice", "host_setting", "provider", "community_organisation")


def people_for(user) -> QuerySet[User]:
    """The people `user` manages, with their roles and those roles' organisations."""
    assignments = RoleAssignment.objects.select_related(*ASSIGNMENT_SCOPES)
    return visible(user, Permission.MANAGE_PEOPLE, User.objects.all()).prefetch_related(
        Prefetch("role_assignments", queryset=assignments)
    )


def _by_status(people: QuerySet, status: str) -> QuerySet:
    if status == "active":
        return people.filter(is_active=True)
    if status == "disabled":
        return people.filter(is_active=False)
    if status == "invited":
        return people.filter(is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX)
    if status == "locked":
        return people.filter(username__in=locked_usernames())
    if status == "no_two_factor":
        return people.exclude(enrolled())
    return people


def find(people: QuerySet, *, q: str = "", role: str = "", status: str = "") -> QuerySet:
    for word in q.split():
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Q(email__icontains=word)
        )
    if role:
        people = people.filter(role_assignments__role=role).distinct()
    return _by_status(people, status)
