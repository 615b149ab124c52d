"""Who manages whom, and which roles each may give where: the authorisation module's
answers, every role in the world against every person."""

import pytest

from linkwork.accounts.authorisation import (
    grant_scopes,
    grants_national_roles,
    has_permission,
    may_change_role,
    visible,
)
from linkwork.accounts.models import RoleAssignment, User
from linkwork.accounts.roles import Permission, Role
from linkwork.accounts.services import assign_role
from linkwork.accounts.tests.test_authorisation import ALL_USERS
from linkwork.organisations.models import HSCP, Practice, Provider

GLASGOW_PEOPLE = {  # everyone holding a role in HSCP A
    "link_worker",
    "other_link_worker",
    "team_lead",
    "practice_staff",
    "host_setting_staff",  # host_setting_h is a Glasgow setting
    "commissioner",
    "community_partner",  # partner_org is a Glasgow organisation
    "administrator",
}
MANAGES = {
    "administrator": GLASGOW_PEOPLE - {"administrator"},
    "national_administrator": set(ALL_USERS) - {"national_administrator"},
    "team_lead": {"link_worker", "other_link_worker"},
    "other_hscp_team_lead": {"other_hscp_link_worker"},
}


def managed_by(world, username) -> set[str]:
    people = visible(world.users[username], Permission.MANAGE_PEOPLE, User.objects.all())
    names = {user.pk: name for name, user in world.users.items()}
    return {names[pk] for pk in people.values_list("pk", flat=True)}


@pytest.mark.parametrize("username", ALL_USERS)
def test_each_role_manages_exactly_its_people(world, username):
    assert managed_by(world, username) == MANAGES.get(username, set())
    assert has_permission(world.users[username], Permission.MANAGE_PEOPLE) is (username in MANAGES)


def test_nobody_manages_themselves(world):
    for username in MANAGES:
        user = world.users[username]
        assert not has_permission(user, Permission.MANAGE_PEOPLE, user)


def test_a_team_lead_does_not_manage_a_worker_who_holds_another_role(world):
    worker = world.users["link_worker"]
    assign_role(user=worker, role=Role.ADMINISTRATOR, hscp=world.hscp_a)
    assert not has_permission(world.users["team_lead"], Permission.MANAGE_PEOPLE, worker)
    assert has_permission(world.users["administrator"], Permission.MANAGE_PEOPLE, worker)


def test_an_hscp_administrator_does_not_manage_someone_with_a_role_elsewhere(world):
    """Kirsty works in Inverclyde and also at a Glasgow practice: neither HSCP's
    administrator may disable or reset her, only a national administrator."""
    kirsty = world.users["other_hscp_link_worker"]
    inverclyde_admin = _user("inverclyde_admin", Role.ADMINISTRATOR, hscp=world.hscp_b)
    assert has_permission(inverclyde_admin, Permission.MANAGE_PEOPLE, kirsty)
    assign_role(user=kirsty, role=Role.PRACTICE_STAFF, practice=world.practice_x)
    for admin in (world.users["administrator"], inverclyde_admin):
        assert not has_permission(admin, Permission.MANAGE_PEOPLE, kirsty)
    assert has_permission(world.users["national_administrator"], Permission.MANAGE_PEOPLE, kirsty)


@pytest.mark.parametrize(
    "wider", [{"role": Role.ADMINISTRATOR}, {"role": Role.COMMISSIONER}], ids=["admin", "analyst"]
)
def test_an_hscp_administrator_does_not_manage_someone_with_a_national_role(world, wider):
    worker = world.users["link_worker"]
    assign_role(user=worker, **wider)
    assert not has_permission(world.users["administrator"], Permission.MANAGE_PEOPLE, worker)
    assert not has_permission(world.users["team_lead"], Permission.MANAGE_PEOPLE, worker)


def test_an_hscp_administrator_manages_someone_with_several_roles_all_in_their_hscp(world):
    worker = world.users["link_worker"]
    assign_role(user=worker, role=Role.PRACTICE_STAFF, practice=world.practice_y)
    assign_role(user=worker, role=Role.COMMUNITY_PARTNER, community_organisation=world.other_org)
    assert has_permission(world.users["administrator"], Permission.MANAGE_PEOPLE, worker)


def test_a_team_lead_does_not_manage_a_worker_who_leads_another_team(world):
    worker = world.users["link_worker"]
    assign_role(user=worker, role=Role.TEAM_LEAD, provider=world.provider_b)
    assert not has_permission(world.users["team_lead"], Permission.MANAGE_PEOPLE, worker)
    assert has_permission(
        world.users["team_lead"], Permission.MANAGE_PEOPLE, world.users["other_link_worker"]
    )


def _user(username, role, **scope) -> User:
    user = User.objects.create(username=username)
    assign_role(user=user, role=role, **scope)
    return user


def names(queryset) -> set[str]:
    return {str(obj) for obj in queryset}


def test_an_hscp_administrator_gives_every_role_only_within_their_hscp(world):
    admin = world.users["administrator"]
    assert names(grant_scopes(admin, Role.PRACTICE_STAFF)) == {"Practice X", "Practice Y"}
    assert set(grant_scopes(admin, Role.LINK_WORKER)) == {world.provider_a}
    assert set(grant_scopes(admin, Role.TEAM_LEAD)) == {world.provider_a}
    assert set(grant_scopes(admin, Role.ADMINISTRATOR)) == {world.hscp_a}
    assert set(grant_scopes(admin, Role.COMMISSIONER)) == {world.hscp_a}
    partners = grant_scopes(admin, Role.COMMUNITY_PARTNER)
    assert set(partners) == {world.partner_org, world.other_org}
    assert not grants_national_roles(admin)


def test_a_national_administrator_gives_any_role_anywhere(world):
    admin = world.users["national_administrator"]
    assert set(grant_scopes(admin, Role.PRACTICE_STAFF)) == set(Practice.objects.all())
    assert set(grant_scopes(admin, Role.TEAM_LEAD)) == set(Provider.objects.all())
    assert set(grant_scopes(admin, Role.ADMINISTRATOR)) == set(HSCP.objects.all())
    assert grants_national_roles(admin)


def test_a_team_lead_gives_only_link_worker_and_community_partner_roles_in_their_hscp(world):
    lead = world.users["team_lead"]
    assert set(grant_scopes(lead, Role.LINK_WORKER)) == {world.provider_a}
    assert set(grant_scopes(lead, Role.COMMUNITY_PARTNER)) == {world.partner_org, world.other_org}
    assert not grant_scopes(world.users["other_hscp_team_lead"], Role.COMMUNITY_PARTNER).filter(
        pk=world.partner_org.pk
    )
    for role in set(Role) - {Role.LINK_WORKER, Role.COMMUNITY_PARTNER}:
        assert not grant_scopes(lead, role).exists(), role


@pytest.mark.parametrize(
    "username",
    ["link_worker", "practice_staff", "commissioner", "national_analyst", "community_partner"],
)
def test_other_roles_give_nothing(world, username):
    for role in Role:
        assert not grant_scopes(world.users[username], role).exists()


def new(role, **scope) -> RoleAssignment:
    return RoleAssignment(user=User(), role=role, **scope)


def test_a_national_role_is_given_only_by_a_national_administrator(world):
    national = new(Role.ADMINISTRATOR)
    assert may_change_role(world.users["national_administrator"], national)
    assert not may_change_role(world.users["administrator"], national)
    assert not may_change_role(world.users["administrator"], new(Role.COMMISSIONER))


def test_taking_a_role_away_needs_both_the_person_and_the_role_in_scope(world):
    admin = world.users["administrator"]
    worker_role = world.users["link_worker"].role_assignments.get()
    assert may_change_role(admin, worker_role)
    assert may_change_role(world.users["team_lead"], worker_role)
    assert not may_change_role(world.users["other_hscp_team_lead"], worker_role)
    kirsty = world.users["other_hscp_link_worker"]
    assign_role(user=kirsty, role=Role.PRACTICE_STAFF, practice=world.practice_x)
    # Kirsty also works in Inverclyde: no Glasgow role of hers is the Glasgow admin's to take.
    assert not may_change_role(admin, kirsty.role_assignments.get(role=Role.PRACTICE_STAFF))
    assert may_change_role(
        world.users["national_administrator"],
        kirsty.role_assignments.get(role=Role.PRACTICE_STAFF),
    )


def test_a_national_administrator_who_leads_a_team_still_gives_roles_everywhere(world):
    admin = world.users["national_administrator"]
    assign_role(user=admin, role=Role.TEAM_LEAD, provider=world.provider_a)
    assert set(grant_scopes(admin, Role.LINK_WORKER)) == set(Provider.objects.all())
    assert set(grant_scopes(admin, Role.PRACTICE_STAFF)) == set(Practice.objects.all())
    assert managed_by(world, "national_administrator") == MANAGES["national_administrator"]
