"""Every role against every kind of record, through the one authorisation module."""

import pytest

from linkwork.accounts.authorisation import has_permission, visible
from linkwork.accounts.roles import Permission
from linkwork.casework.models import Case, Person
from linkwork.organisations.models import LinkWorker, Practice

ALL_USERS = [
    "link_worker",
    "other_link_worker",
    "other_hscp_link_worker",
    "team_lead",
    "other_hscp_team_lead",
    "practice_staff",
    "host_setting_staff",
    "commissioner",
    "national_analyst",
    "community_partner",
    "administrator",
    "national_administrator",
    "outsider",
]

# Who may open each case: its own worker and their team lead, nobody else.
CASE_READERS = {
    "case_x": {"link_worker", "team_lead"},
    "case_y": {"other_link_worker", "team_lead"},
    "case_z": {"other_hscp_link_worker", "other_hscp_team_lead"},
}


@pytest.mark.parametrize("case_name", sorted(CASE_READERS))
@pytest.mark.parametrize("username", ALL_USERS)
def test_it_lets_only_the_worker_and_their_team_lead_see_a_case(world, case_name, username):
    case = getattr(world, case_name)
    user = world.users[username]
    expected = username in CASE_READERS[case_name]

    assert has_permission(user, Permission.VIEW_CASE, case) is expected
    assert has_permission(user, Permission.CHANGE_CASE, case) is expected
    assert (case in visible(user, Permission.VIEW_CASE, Case.objects.all())) is expected
    person_visible = case.person in visible(user, Permission.VIEW_CASE, Person.objects.all())
    assert person_visible is expected


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("link_worker", {"Practice X"}),
        ("other_link_worker", {"Practice Y"}),
        ("team_lead", {"Practice X", "Practice Y"}),
        ("practice_staff", {"Practice X"}),
        ("commissioner", {"Practice X", "Practice Y"}),
        ("national_analyst", {"Practice X", "Practice Y", "Practice Z"}),
        ("administrator", {"Practice X", "Practice Y"}),
        ("national_administrator", {"Practice X", "Practice Y", "Practice Z"}),
        ("other_hscp_team_lead", {"Practice Z"}),
        ("community_partner", set()),
        ("outsider", set()),
    ],
)
def test_it_scopes_practices_to_the_users_organisations(world, username, expected):
    practices = visible(world.users[username], Permission.VIEW_PRACTICE, Practice.objects.all())
    assert {p.name for p in practices} == expected


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("link_worker", {"link_worker"}),
        ("team_lead", {"link_worker", "other_link_worker"}),
        ("practice_staff", {"link_worker"}),
        ("other_hscp_team_lead", {"other_hscp_link_worker"}),
        ("administrator", {"link_worker", "other_link_worker"}),
        ("commissioner", set()),
        ("community_partner", set()),
        ("outsider", set()),
    ],
)
def test_it_scopes_link_workers(world, username, expected):
    workers = visible(world.users[username], Permission.VIEW_LINK_WORKER, LinkWorker.objects.all())
    assert {w.user.username for w in workers} == expected


def test_only_team_leads_allocate_and_only_within_their_provider(world):
    team_lead = world.users["team_lead"]
    assert has_permission(team_lead, Permission.ALLOCATE_CASES)
    assert has_permission(team_lead, Permission.ALLOCATE_CASES, world.worker_a)
    assert not has_permission(team_lead, Permission.ALLOCATE_CASES, world.worker_b)
    for username in ALL_USERS:
        if username not in ("team_lead", "other_hscp_team_lead"):
            assert not has_permission(world.users[username], Permission.ALLOCATE_CASES)


@pytest.mark.parametrize("username", ["commissioner", "national_analyst"])
def test_commissioners_reach_aggregates_but_no_person(world, username):
    user = world.users[username]
    assert has_permission(user, Permission.VIEW_AGGREGATE_REPORTS)
    assert not visible(user, Permission.VIEW_CASE, Case.objects.all()).exists()
    assert not visible(user, Permission.VIEW_CASE, Person.objects.all()).exists()


def test_a_community_partner_reaches_only_their_own_organisation(world):
    partner = world.users["community_partner"]
    perm = Permission.MANAGE_DIRECTORY_ORGANISATION
    assert has_permission(partner, perm, world.partner_org)
    assert not has_permission(partner, perm, world.other_org)
    assert not has_permission(world.users["link_worker"], perm, world.partner_org)


def test_an_inactive_user_loses_every_permission(world):
    user = world.users["link_worker"]
    user.is_active = False
    user.save()
    user.__dict__.pop("_linkwork_role_assignments", None)
    assert not has_permission(user, Permission.VIEW_CASE, world.case_x)


def test_a_superuser_without_a_role_sees_no_case(world, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", password="x" * 16)
    assert not has_permission(superuser, Permission.VIEW_CASE, world.case_x)


# Users holding two roles get the union of both roles' rights ------------------------------


def _also(user, role, **scope):
    from linkwork.accounts.services import assign_role

    assign_role(user=user, role=role, **scope)
    user._linkwork_role_assignments = None  # the cache of this request's assignments
    return user


def test_a_team_lead_who_carries_a_caseload_sees_the_team_and_their_own(world):
    from linkwork.accounts.roles import Role

    lead = world.users["team_lead"]
    worker = LinkWorker.objects.create(user=lead, provider=world.provider_a)
    _also(lead, Role.LINK_WORKER, provider=world.provider_a)
    world.case_x.link_worker = worker
    world.case_x.save()
    cases = set(visible(lead, Permission.VIEW_CASE, Case.objects.all()))
    assert cases == {world.case_x, world.case_y}
    assert world.case_z not in cases


def test_an_administrator_who_is_also_a_commissioner_keeps_every_hscp(world):
    from linkwork.accounts.roles import Role

    admin = _also(world.users["national_administrator"], Role.COMMISSIONER, hscp=world.hscp_a)
    # The national administrator's "every HSCP" is not narrowed to the commissioner's one.
    assert set(visible(admin, Permission.VIEW_PRACTICE, Practice.objects.all())) == set(
        Practice.objects.all()
    )
    # ...and the commissioner's rights come too.
    assert has_permission(admin, Permission.VIEW_AGGREGATE_REPORTS)


def test_a_national_analyst_who_is_also_an_hscp_administrator_keeps_every_practice(world):
    from linkwork.accounts.roles import Role

    analyst = _also(world.users["national_analyst"], Role.ADMINISTRATOR, hscp=world.hscp_a)
    assert set(visible(analyst, Permission.VIEW_PRACTICE, Practice.objects.all())) == set(
        Practice.objects.all()
    )
    # Administration stays within the one HSCP granted.
    assert world.practice_z not in visible(
        analyst, Permission.MANAGE_ORGANISATIONS, Practice.objects.all()
    )


def test_practice_staff_who_are_also_a_link_worker_see_their_cases_not_the_practices(world):
    from linkwork.accounts.roles import Role

    staff = _also(world.users["practice_staff"], Role.LINK_WORKER, provider=world.provider_a)
    assert not visible(staff, Permission.VIEW_CASE, Case.objects.all()).exists()
    assert has_permission(staff, Permission.VERIFY_SELF_REFERRAL, world.referral_x)
