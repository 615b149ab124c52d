"""Who the log's ids stand for, by name: people, staff accounts, the roles that allowed
access (or were given), HSCPs.

Events keep ids only (no personal data in the log); the audit pages and exports look the
names up here, for the events an administrator may see. The one place the audit pages read
other apps' records, for display and for finding a person by CHI number.
"""

from collections import defaultdict

from linkwork.accounts.authorisation import visible
from linkwork.accounts.models import RoleAssignment, User
from linkwork.accounts.roles import Permission, Role
from linkwork.casework.models import Person
from linkwork.core.chi import normalise_chi
from linkwork.organisations.models import HSCP


def person_names(ids) -> dict[int, str]:
    people = Person._base_manager.filter(pk__in=set(ids) - {None})
    return {p.pk: p.full_name for p in people.only("given_name", "family_name")}


def person_ids_with_chi(chi: str) -> list[int]:
    """Every person record holding this CHI number (one per HSCP, where there are several)."""
    return list(Person._base_manager.filter(chi=normalise_chi(chi)).values_list("pk", flat=True))


def record_hscps(ids) -> dict[int, int | None]:
    """The HSCP that owns each person record, by record number (absent: no such record)."""
    records = Person._base_manager.filter(pk__in=set(ids) - {None})
    return dict(records.values_list("pk", "hscp_id"))


def assignment_scopes(ids) -> dict[int, str]:
    """The organisation each role assignment covered, by the assignment's id; an
    assignment since removed is simply absent."""
    assignments = RoleAssignment.objects.filter(pk__in=set(ids) - {None}).select_related(
        "hscp", "practice", "provider", "community_organisation"
    )
    return {a.pk: str(a.scope or "all HSCPs") for a in assignments}


def account_names(ids) -> dict[int, str]:
    """Staff accounts by id, as "Full Name (username)"."""
    users = User.objects.filter(pk__in=set(ids) - {None}).only(
        "username", "first_name", "last_name"
    )
    return {
        u.pk: f"{u.get_full_name()} ({u.username})" if u.get_full_name() else u.username
        for u in users
    }


def organisation_names(pairs) -> dict[tuple[str, int], str]:
    """The organisations a role was given or taken away at, by (field of the role
    assignment naming it, id): they outlive the assignment."""
    ids = defaultdict(set)
    for field, pk in pairs:
        ids[field].add(pk)
    names = {}
    for field, pks in ids.items():
        model = RoleAssignment._meta.get_field(field).related_model
        names |= {(field, o.pk): str(o) for o in model._base_manager.filter(pk__in=pks)}
    return names


def role_label(code) -> str:
    try:
        return Role(code).label
    except ValueError:
        return ""


def hscp_names(ids) -> dict[int, str]:
    return dict(HSCP.objects.filter(pk__in=set(ids) - {None}).values_list("pk", "name"))


def hscps_of(user) -> dict[int, str]:
    """The HSCPs whose audit log `user` reads, by name."""
    hscps = visible(user, Permission.VIEW_AUDIT_LOG, HSCP.objects.order_by("name"))
    return dict(hscps.values_list("pk", "name"))
