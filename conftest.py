"""Shared fixtures: a small world of two HSCPs with a user in every role.

Glasgow (HSCP A) has provider P1 with link workers `link_worker` (practice X) and
`other_link_worker` (practice Y), a team lead, practice staff at X, staff of host
setting H (a shelter hosting nobody), a commissioner, an administrator and a community
partner. Inverclyde (HSCP B) has its own provider,
worker and team lead, whose records no Glasgow user may reach.
"""

import os
import zlib
from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role
from linkwork.accounts.tests.factories import UserFactory
from linkwork.casework.tests.factories import CaseFactory, PersonFactory
from linkwork.core.tests import replay
from linkwork.directory.services import create_organisation
from linkwork.organisations.tests.factories import (
    ClusterFactory,
    HostSettingFactory,
    HSCPFactory,
    LinkWorkerFactory,
    PracticeAttachmentFactory,
    PracticeFactory,
    ProviderFactory,
)

# Playwright's sync API runs an event loop in the test thread; the ORM calls in the
# same tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class World:
    hscp_a: object
    hscp_b: object
    practice_x: object
    practice_y: object
    practice_z: object
    provider_a: object
    provider_b: object
    worker_a: object
    worker_a2: object
    worker_b: object
    case_x: object
    case_y: object
    case_z: object
    partner_org: object
    other_org: object
    users: dict
    referral_x: object = None
    session_x: object = None
    goal_x: object = None
    action_x: object = None
    service_x: object = None  # partner_org's service
    other_service: object = None  # other_org's service
    link_x: object = None  # case_x referred to service_x, sent
    link_other: object = None  # case_x referred to other_service, sent
    note_x: object = None
    host_setting_h: object = None  # in HSCP A, hosting nobody; its staff refer from it


def _worker(provider, practice, username):
    worker = LinkWorkerFactory(user=UserFactory(username=username), provider=provider)
    PracticeAttachmentFactory(link_worker=worker, practice=practice)
    assign_role(user=worker.user, role=Role.LINK_WORKER, provider=provider)
    return worker


def _case(worker, practice):
    return CaseFactory(person=PersonFactory(practice=practice), link_worker=worker)


def _user(username, role, **scope):
    user = UserFactory(username=username)
    if role is not None:
        assign_role(user=user, role=role, **scope)
    return user


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test databases are made from the models (`--no-migrations`: migrating from
    nothing took each worker 20 of its seconds); what the migrations add beyond the models
    is added here. core/tests/test_migrations.py proves the two schemas the same.

    On PostgreSQL, before the database is dropped, any session a test left on it (a
    thread's or a child process's connection) is ended, as DROP DATABASE ... WITH (FORCE)
    would: otherwise the drop fails a run whose every test passed."""
    from django.db import connection

    from linkwork.core.tests.test_migrations import add_what_migrations_add

    with django_db_blocker.unblock():
        add_what_migrations_add()
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def world(db) -> World:
    """The world as the services build it (after the first build in this process, the
    same rows loaded again: see core/tests/replay.py)."""
    return replay.replay("world", build_world)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A new SQLite database as `linkwork migrate` makes it from nothing, once a test
    process (tens of seconds): the tests of a new installation (migrating, seeding, serving;
    xdist group "new_database", so one worker makes it) each take a copy
    (`new_sqlite_database`)."""
    import subprocess
    import sys

    path = tmp_path_factory.mktemp("new_database") / "migrated.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "linkwork.manage", "migrate", "-v0"],
        env={**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{path}"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def new_sqlite_database(tmp_path, migrated_sqlite):
    """A copy of `migrated_sqlite` for a test to change, where LINKWORK_DATA_DIR=tmp_path
    puts the database (copied through SQLite, its write-ahead log included)."""
    import sqlite3

    path = tmp_path / "linkwork.sqlite3"
    with sqlite3.connect(migrated_sqlite) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return path


@pytest.fixture
def seeded_demo(db):
    """What seeding.seed() returned, the demo loaded (seeded once per test process; the
    tests that ask for it share the xdist group "demo", so one seeding serves them all)."""
    from linkwork.demo import seeding

    return replay.replay("demo", seeding.seed)


@pytest.fixture
def api_calls(request):
    """Which documented API operations a test called (casework/tests/test_api.EXERCISED_BY
    lists the test that must call each)."""
    from linkwork.casework.tests.test_api import checking_calls

    with checking_calls(request) as calls:
        yield calls


@pytest.fixture
def api(api_calls):
    """`api(user)`: an API client with a bearer token for that user."""
    from linkwork.casework.tests.test_api import ApiClient

    return lambda user: ApiClient(user, api_calls)


@pytest.fixture
def outsiders(world):
    """World's users, and practice staff of a practice next door to practice X: people
    who must not reach case_x or practice X's referrals."""
    from linkwork.organisations.tests.factories import PracticeFactory

    practice = PracticeFactory(cluster=world.practice_x.cluster, name="Practice Next Door")
    staff = UserFactory(username="other_practice_staff")
    assign_role(user=staff, role=Role.PRACTICE_STAFF, practice=practice, job_title="gp")
    return {**world.users, "other_practice_staff": staff}


@pytest.hookimpl(trylast=True)
def pytest_addoption(parser):
    parser.addoption(
        "--part",
        default=None,
        metavar="K/N",
        help="run only part K (0 to N-1) of the suite cut in N by a hash of each test's id "
        "(.ci/run on a machine too slow for the whole suite twice: decision 0141)",
    )


def in_part(nodeid: str, part: int, parts: int) -> bool:
    """Whether a test falls in `part` of `parts`: by its id (without xdist's @group), so
    every process cuts the suite the same way and each test is in exactly one part."""
    return zlib.crc32(nodeid.split("@")[0].encode()) % parts == part


def in_this_part(item, part: int, parts: int) -> bool:
    """A test in its part, or in every part if it checks what only PostgreSQL shows (marked
    `postgresql`): a part is what a slow machine runs on PostgreSQL, and the run on SQLite
    cannot stand in for those."""
    return bool(item.get_closest_marker("postgresql")) or in_part(item.nodeid, part, parts)


def _part(config) -> tuple[int, int] | None:
    given = config.getoption("--part")
    if not given:
        return None
    try:
        part, parts = (int(n) for n in given.split("/"))
    except ValueError:
        part, parts = -1, 0
    if not 0 <= part < parts:
        raise pytest.UsageError(f"--part takes K/N with 0 <= K < N, like 0/3; got {given}")
    return part, parts


def pytest_collection_modifyitems(config, items):
    if (cut := _part(config)) is not None:
        left = [item for item in items if not in_this_part(item, *cut)]
        if left:
            config.hook.pytest_deselected(items=left)
            items[:] = [item for item in items if in_this_part(item, *cut)]
    # The longest tests first (xdist hands tests out in this order): one that starts
    # last keeps one worker busy while the other has finished. A minute and a half of
    # seeding from nothing, started last, once cost a run 66 s with one worker idle.
    items.sort(key=_started_early)
    # xdist marks a grouped test's id with its group; if that stops working (pytest 9.2
    # with xdist 3.8 did), the demo is seeded once per worker and CI doubles in time.
    if not getattr(config.option, "loadgroup", False):
        return
    lost = [item.nodeid for item in items if item.get_closest_marker("xdist_group")]
    lost = [nodeid for nodeid in lost if "@" not in nodeid]
    if lost:
        raise pytest.UsageError(f"xdist ignored the xdist_group of {len(lost)} tests: {lost[0]}")


def _started_early(item) -> int:
    """0 for the tests of tens of seconds each, 1 for the browser journeys, 2 for the rest
    (a stable sort: each keeps its order within its kind)."""
    if item.get_closest_marker("slow") or item.get_closest_marker("long"):
        return 0
    return 1 if item.get_closest_marker("browser") else 2


def pytest_runtest_setup(item):
    # A transactional test empties the tables afterwards, and Django then adds its
    # content types and permissions again under new keys: no replay fits.
    marker = item.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(item.fixturenames)
    if transactional or (marker and marker.kwargs.get("transaction")):
        replay.forget()


def build_world() -> World:
    hscp_a = HSCPFactory(name="Glasgow City HSCP")
    hscp_b = HSCPFactory(name="Inverclyde HSCP")
    cluster_a = ClusterFactory(hscp=hscp_a)
    practice_x = PracticeFactory(cluster=cluster_a, name="Practice X")
    practice_y = PracticeFactory(cluster=cluster_a, name="Practice Y")
    practice_z = PracticeFactory(cluster=ClusterFactory(hscp=hscp_b), name="Practice Z")
    provider_a = ProviderFactory(hscp=hscp_a)
    provider_b = ProviderFactory(hscp=hscp_b)
    worker_a = _worker(provider_a, practice_x, "link_worker")
    worker_a2 = _worker(provider_a, practice_y, "other_link_worker")
    worker_b = _worker(provider_b, practice_z, "other_hscp_link_worker")
    host_setting_h = HostSettingFactory(hscp=hscp_a, name="Shelter H")
    partner_org = create_organisation(name="Govan Community Trust", hscp=hscp_a)
    other_org = create_organisation(name="Another Charity", hscp=hscp_a)
    users = {
        "link_worker": worker_a.user,
        "other_link_worker": worker_a2.user,
        "other_hscp_link_worker": worker_b.user,
        "team_lead": _user("team_lead", Role.TEAM_LEAD, provider=provider_a),
        "other_hscp_team_lead": _user("other_hscp_team_lead", Role.TEAM_LEAD, provider=provider_b),
        "practice_staff": _user(
            "practice_staff", Role.PRACTICE_STAFF, practice=practice_x, job_title="gp"
        ),
        "host_setting_staff": _user(
            "host_setting_staff", Role.HOST_SETTING_STAFF, host_setting=host_setting_h
        ),
        "commissioner": _user("commissioner", Role.COMMISSIONER, hscp=hscp_a),
        "national_analyst": _user("national_analyst", Role.COMMISSIONER),
        "community_partner": _user(
            "community_partner", Role.COMMUNITY_PARTNER, community_organisation=partner_org
        ),
        "administrator": _user("administrator", Role.ADMINISTRATOR, hscp=hscp_a),
        "national_administrator": _user("national_administrator", Role.ADMINISTRATOR),
        "outsider": _user("outsider", None),
    }
    world = World(
        hscp_a=hscp_a,
        hscp_b=hscp_b,
        practice_x=practice_x,
        practice_y=practice_y,
        practice_z=practice_z,
        provider_a=provider_a,
        provider_b=provider_b,
        worker_a=worker_a,
        worker_a2=worker_a2,
        worker_b=worker_b,
        case_x=_case(worker_a, practice_x),
        case_y=_case(worker_a2, practice_y),
        case_z=_case(worker_b, practice_z),
        partner_org=partner_org,
        other_org=other_org,
        users=users,
        host_setting_h=host_setting_h,
    )
    _casework(world)
    _directory(world)
    # The reporting facts of all the above, some of it made by factories, which announce
    # no change (decision 64): replayed with the rows.
    from linkwork.reporting import facts

    facts.rebuild()
    return world


def _casework(world: World) -> None:
    """A waiting referral at practice X, and a session, goal, action and note on case_x."""
    from linkwork.casework import services as casework
    from linkwork.referrals import services as referrals

    staff = world.users["practice_staff"]
    world.referral_x = referrals.create_referral(
        person=referrals.PersonDetails(
            given_name="Jim", family_name="Referred", date_of_birth=date(1966, 5, 4), sex="male"
        ),
        details=referrals.ReferralDetails(
            practice=world.practice_x,
            route="linkwork_form",
            referrer_role="gp",
            reasons=["housing", "money_benefits"],
            consent_to_referral=True,
        ),
        by=staff,
    )
    worker = world.users["link_worker"]
    world.session_x = casework.record_session(
        case=world.case_x, by=worker, starts_at=timezone.now(), mode="home_visit"
    )
    world.goal_x = casework.add_goal(case=world.case_x, by=worker, wording="Get out to the garden")
    world.action_x = casework.add_action(
        goal=world.goal_x, by=worker, description="Call the council", owner="Jim"
    )
    world.note_x = casework.add_note(case=world.case_x, by=worker, text="Prefers mornings")


def _directory(world: World) -> None:
    """A service of each directory organisation, and a sent link from case_x to each."""
    from linkwork.directory.tests.factories import centroids, service
    from linkwork.links.services import create_link

    centroids()
    worker = world.users["link_worker"]
    world.service_x = service(world.partner_org, "Govan walking group", by=worker)
    world.other_service = service(world.other_org, "Another lunch club", by=worker)
    world.link_x, world.link_other = (
        create_link(
            case=world.case_x,
            service=target,
            by=worker,
            need="physical_activity",
            consent_to_share=True,
            shares_contact_details=True,
            shares_reason=True,
            reason="I want to get out more",
        )
        for target in (world.service_x, world.other_service)
    )


def _role_fixture(username: str):
    @pytest.fixture(name=username)
    def fixture(world):
        return world.users[username]

    return fixture


# link_worker, practice_staff, team_lead, ...: the user holding that role in `world`.
for _username in [
    "link_worker",
    "practice_staff",
    "team_lead",
    "commissioner",
    "community_partner",
    "administrator",
    "outsider",
]:
    globals()[_username] = _role_fixture(_username)
