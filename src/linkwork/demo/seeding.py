"""Realistic synthetic demo data: a plausible HSCP with clusters, practices, link workers,
a caseload and a user for every role. `linkwork demo` and `linkwork seed` load it.

Everything here is invented. CHI numbers are valid in form (Mod 11) and postcodes
are valid in form, but neither belongs to a real person or address.
"""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import RoleAssignment, User
from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role, create_user
from linkwork.casework.models import CaseStatus
from linkwork.casework.services import check_in, record_session
from linkwork.core.planner import refresh_planner_statistics
from linkwork.demo.activity import seed_activity
from linkwork.demo.consent import seed_consent
from linkwork.demo.cover import ON_LEAVE, seed_cover
from linkwork.demo.directory import seed_directory
from linkwork.demo.follow_up import seed_follow_up
from linkwork.demo.groups import seed_groups
from linkwork.demo.outcomes import seed_outcomes, seed_sharing, seed_social_outcomes
from linkwork.demo.placements import seed_placements
from linkwork.demo.places import load_synthetic
from linkwork.demo.population import seed_population
from linkwork.demo.referrals import FAMILY, seed_service_history
from linkwork.demo.surveys import seed_surveys
from linkwork.demo.team import seed_team
from linkwork.directory.models import Organisation
from linkwork.directory.services import create_organisation
from linkwork.interop import messages as gp_messages
from linkwork.organisations import services as orgs
from linkwork.organisations.models import HSCP, LinkWorker, Practice
from linkwork.referrals.services import publish_slot, set_intake
from linkwork.reporting import facts

DEMO_PASSWORD = "demo-linkwork-2026"  # printed by `linkwork demo`; works only in demo/debug mode
MARKER_HSCP_CODE = "S37000015"
DISCARD = "django.core.mail.backends.dummy.EmailBackend"

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
DEMO_WTE = [Decimal("1.00"), Decimal("0.80"), Decimal("0.60"), Decimal("1.00")]


@dataclass
class DemoLogin:
    role: str
    username: str
    name: str
    organisation: str


@dataclass
class Demo:
    rng: random.Random
    scale: int
    today: date
    logins: list[DemoLogin] = field(default_factory=list)
    workers: list[LinkWorker] = field(default_factory=list)
    practices: dict[str, Practice] = field(default_factory=dict)
    partner_organisations: list[Organisation] = field(default_factory=list)
    next_practice_code: int = 43100
    # One hash of the demo password for all its accounts: at 1,000,000 rounds each, hashing
    # it for every account was seconds of every newcomer's first `make demo`.
    password_hash: str = field(default_factory=lambda: make_password(DEMO_PASSWORD))

    def practice_code(self) -> str:
        self.next_practice_code += 7
        return str(self.next_practice_code)

    def postcode(self, outward: str) -> str:
        letters = "".join(self.rng.choice(INWARD_LETTERS) for _ in range(2))
        return f"{outward} {self.rng.randrange(1, 10)}{letters}"


def is_loaded() -> bool:
    return HSCP.objects.filter(code=MARKER_HSCP_CODE).exists()


def seed(*, scale: int = 1, seed_value: int = 2026) -> tuple[bool, list[DemoLogin]]:
    """Load the demo once. Returns whether anything was loaded, and the demo logins."""
    if is_loaded():
        return False, demo_logins()
    demo = Demo(
        rng=random.Random(seed_value),  # noqa: S311 (synthetic data, not secrets)
        scale=scale,
        today=timezone.localdate(),
    )
    with held_back(), transaction.atomic():
        _glasgow(demo)
        _inverclyde(demo)
        _service(demo)
        # Set-based once, for the whole load, rather than case by case after it commits.
        facts.rebuild()
        gp_messages.queue_all()  # the practices' messages too: the rebuild drops pending changes
    refresh_planner_statistics()  # the demo is served at once, before autovacuum comes round
    return True, _in_role_order(demo.logins)


@contextmanager
def held_back() -> Iterator[None]:
    """Send nothing while synthetic records are made: the demo's links and invitations
    would otherwise email organisations, on commit, after the block that made them."""
    backend, settings.EMAIL_BACKEND = settings.EMAIL_BACKEND, DISCARD
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = backend


def demo_logins() -> list[DemoLogin]:
    """One login per role, read back from the database (for a second `linkwork demo`)."""
    logins = []
    seen = set()
    for user in (
        User.objects.filter(is_demo=True).order_by("pk").prefetch_related("role_assignments")
    ):
        for assignment in user.role_assignments.all():
            if assignment.role in seen:
                continue
            seen.add(assignment.role)
            logins.append(_login(user, Role(assignment.role), str(assignment.scope or "All HSCPs")))
    return _in_role_order(logins)


def _in_role_order(logins: list[DemoLogin]) -> list[DemoLogin]:
    order = [role.value for role in Role]
    return sorted(logins, key=lambda login: order.index(login.role))


def _login(user: User, role: Role, organisation: str) -> DemoLogin:
    return DemoLogin(role.value, user.username, user.get_full_name(), organisation)


def _demo_user(demo: Demo, username: str, first: str, last: str, role: Role | None, org: str):
    user = create_user(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@example.org",
        password_hash=demo.password_hash,
        is_demo=True,
    )
    if role is not None:
        demo.logins.append(_login(user, role, org))
    return user


def _glasgow(demo: Demo) -> None:
    hscp = orgs.create_hscp(name="Glasgow City HSCP", code=MARKER_HSCP_CODE)
    provider = orgs.create_provider(hscp=hscp, name="Glasgow Wellbeing Links (charity)")
    areas = [("Govan", "G51"), ("Pollok", "G53"), ("Castlemilk", "G45"), ("Parkhead", "G31")]
    for index in range(2 * demo.scale):
        area, outward = areas[index % len(areas)]
        suffix = "" if index < len(areas) else f" {index // len(areas) + 1}"
        cluster = orgs.create_cluster(hscp=hscp, name=f"{area} Cluster{suffix}")
        for kind in ("Health Centre", "Medical Practice", "Family Practice"):
            name = f"{area} {kind}{suffix}"
            demo.practices[name] = orgs.create_practice(
                cluster=cluster,
                name=name,
                code=demo.practice_code(),
                list_size=demo.rng.randrange(3200, 11000),
                postcode=demo.postcode(outward),
            )
    practices = list(demo.practices.values())
    govan, elderpark = practices[0], practices[1]

    aileen = _demo_user(demo, "aileen", "Aileen", "Murray", Role.LINK_WORKER, provider.name)
    demo.workers.append(
        orgs.create_link_worker(
            user=aileen,
            provider=provider,
            placements={govan: ["mon", "tue", "wed"], elderpark: ["thu", "fri"]},
            work_phone="07700 900101",
            wte=Decimal("1.00"),
        )
    )
    for index, practice in enumerate(practices[2:]):
        first, last = ["Craig", "Shona", "Amy", "Liam"][index % 4], FAMILY[index % len(FAMILY)]
        user = _demo_user(demo, f"worker{index + 1}", first, last, None, provider.name)
        placements = {practice: ["mon", "tue", "wed", "thu", "fri"]}
        demo.workers.append(
            orgs.create_link_worker(
                user=user,
                provider=provider,
                placements=placements,
                work_phone=f"07700 9001{index + 2:02d}",
                wte=DEMO_WTE[index % len(DEMO_WTE)],
            )
        )
    thematic = _demo_user(demo, "nadia", "Nadia", "Hussain", None, provider.name)
    demo.workers.append(
        orgs.create_link_worker(
            user=thematic,
            provider=provider,
            theme="People seeking asylum",
            capacity=30,
            wte=Decimal("0.60"),
        )
    )

    _host_settings(demo, hscp, nadia=demo.workers[-1])

    morag = _demo_user(demo, "morag", "Morag", "Fraser", Role.TEAM_LEAD, provider.name)
    assign_role(user=morag, role=Role.TEAM_LEAD, provider=provider)
    drshah = _demo_user(demo, "drshah", "Priya", "Shah", Role.PRACTICE_STAFF, govan.name)
    assign_role(user=drshah, role=Role.PRACTICE_STAFF, practice=govan, job_title="gp")
    lorraine = _demo_user(demo, "lorraine", "Lorraine", "Boyle", None, govan.name)
    assign_role(user=lorraine, role=Role.PRACTICE_STAFF, practice=govan, job_title="receptionist")
    gary = _demo_user(demo, "gary", "Gary", "Docherty", None, govan.name)
    assign_role(user=gary, role=Role.PRACTICE_STAFF, practice=govan, job_title="practice_manager")
    for practice in practices:
        _clinical_staff(demo, practice)
    fiona = _demo_user(demo, "fiona", "Fiona", "Campbell", Role.COMMISSIONER, hscp.name)
    assign_role(user=fiona, role=Role.COMMISSIONER, hscp=hscp)

    trust = create_organisation(
        name="Govan Community Trust",
        description="Walking group, men's shed and a weekly benefits drop-in.",
        email="referrals@govan-trust.example.org",
        website="https://govan-trust.example.org",
        hscp=hscp,
    )
    demo.partner_organisations.append(trust)
    ravi = _demo_user(demo, "ravi", "Ravi", "Patel", Role.COMMUNITY_PARTNER, trust.name)
    assign_role(user=ravi, role=Role.COMMUNITY_PARTNER, community_organisation=trust)

    admin = _demo_user(demo, "admin", "Sam", "Reid", Role.ADMINISTRATOR, "All HSCPs")
    assign_role(user=admin, role=Role.ADMINISTRATOR)


def _host_settings(demo: Demo, hscp, *, nadia: LinkWorker) -> None:
    """Where Glasgow's hosted link workers are, other than practices (decision 0074): an
    asylum project hosting Nadia, and a winter shelter hosting nobody (the team triages)."""
    welcome = orgs.create_host_setting(
        hscp=hscp,
        name="Maryhill Welcome Project",
        kind="asylum_refugee",
        address="14 Wyndford Road, Glasgow",
        postcode="G20 8EP",
    )
    shelter = orgs.create_host_setting(
        hscp=hscp,
        name="Clydeside Winter Shelter",
        kind="homelessness",
        address="Under the arches, 3 Clyde Place, Glasgow",
        postcode="G5 8AQ",
    )
    orgs.host_link_worker(link_worker=nadia, host_setting=welcome)
    tariq = _demo_user(demo, "tariq", "Tariq", "Aziz", Role.HOST_SETTING_STAFF, welcome.name)
    assign_role(user=tariq, role=Role.HOST_SETTING_STAFF, host_setting=welcome)
    bernie = _demo_user(demo, "bernie", "Bernadette", "Kerr", None, shelter.name)
    assign_role(user=bernie, role=Role.HOST_SETTING_STAFF, host_setting=shelter)


# Each Glasgow practice's other clinical staff on linkwork (beside Dr Shah at Govan): on
# record for the dashboard's "who refers", without a password (they are not demo logins).
CLINICAL_STAFF = ["gp", "gp", "practice_nurse", "practice_nurse", "pharmacist"]
STAFF_NAMES = ["Iain", "Morven", "Kirsteen", "Alasdair", "Catriona", "Rory", "Eilidh", "Fraser"]


def _clinical_staff(demo: Demo, practice: Practice) -> None:
    for job in CLINICAL_STAFF[1:] if practice.name.startswith("Govan Health") else CLINICAL_STAFF:
        n = User.objects.filter(username__startswith="staff").count() + 1
        user = create_user(
            username=f"staff{n}",
            first_name=STAFF_NAMES[n % len(STAFF_NAMES)],
            last_name=FAMILY[(n * 3) % len(FAMILY)],
            is_demo=True,
        )
        assign_role(user=user, role=Role.PRACTICE_STAFF, practice=practice, job_title=job)


def _inverclyde(demo: Demo) -> None:
    """A second HSCP on the same installation, whose records Glasgow users never see."""
    hscp = orgs.create_hscp(name="Inverclyde HSCP", code="S37000017")
    provider = orgs.create_provider(hscp=hscp, name="Inverclyde Community Links")
    cluster = orgs.create_cluster(hscp=hscp, name="Greenock Cluster")
    practice = orgs.create_practice(
        cluster=cluster,
        name="Greenock Health Centre",
        code=demo.practice_code(),
        list_size=8400,
        postcode=demo.postcode("PA15"),
    )
    demo.practices[practice.name] = practice
    kirsty = _demo_user(demo, "kirsty", "Kirsty", "Ross", None, provider.name)
    demo.workers.append(
        orgs.create_link_worker(
            user=kirsty, provider=provider, placements={practice: ["mon"]}, wte=Decimal("0.20")
        )
    )


def _service(demo: Demo) -> None:
    """Eighteen months of referrals and casework, then today's state of the service."""
    load_synthetic()
    workers = list(LinkWorker.objects.select_related("provider", "user").order_by("pk"))
    leads = {a.provider_id: a.user for a in RoleAssignment.objects.filter(role=Role.TEAM_LEAD)}
    # Who enters each practice's referrals: its GPs and its first practice nurse (the other
    # nurse and the pharmacist refer nobody, so "who refers" has someone to find).
    staff: dict[int, list[User]] = {}
    with_nurse: set[int] = set()
    referring = RoleAssignment.objects.filter(
        role=Role.PRACTICE_STAFF, job_title__in=["gp", "practice_nurse"]
    ).select_related("user")
    for assignment in referring.order_by("pk"):
        if assignment.job_title == "practice_nurse":
            if assignment.practice_id in with_nurse:
                continue
            with_nurse.add(assignment.practice_id)
        staff.setdefault(assignment.practice_id, []).append(assignment.user)
    hosts = RoleAssignment.objects.filter(role=Role.HOST_SETTING_STAFF).order_by("pk")
    for assignment in hosts.select_related("user"):
        staff.setdefault(("host", assignment.host_setting_id), []).append(assignment.user)
    seed_service_history(
        rng=demo.rng,
        today=demo.today,
        workers=workers,
        lead_by_provider=leads,
        staff_by_practice=staff,
        scale=demo.scale,
    )
    seed_outcomes(rng=demo.rng, today=demo.today)
    seed_population(rng=demo.rng, practices=list(demo.practices.values()), today=demo.today)
    _intake_and_diary(demo, workers)
    seed_directory(rng=demo.rng, today=demo.today, trust=demo.partner_organisations[0])
    seed_sharing(rng=demo.rng, today=demo.today)  # last, so nothing above draws differently
    seed_social_outcomes(today=demo.today)  # with its own random numbers
    seed_cover(today=demo.today)
    seed_groups(today=demo.today)
    seed_team(today=demo.today)
    seed_activity(today=demo.today)  # with its own random numbers too
    seed_placements(practices=demo.practices, today=demo.today)
    seed_surveys(today=demo.today)  # with its own random numbers too
    seed_follow_up()  # no random numbers: follow-ups and this month's directory changes
    seed_consent()  # after the links it withdraws consent from


def _intake_and_diary(demo: Demo, workers: list[LinkWorker]) -> None:
    practices = list(demo.practices.values())
    morag = User.objects.get(username="morag")
    set_intake(
        practice=practices[3],
        by=morag,
        status="urgent_only",
        expected_wait_weeks=6,
        message="Shona is on leave until the end of the month.",
    )
    set_intake(practice=practices[1], by=morag, status="open", expected_wait_weeks=3)
    aileen = workers[0]
    govan = aileen.practices.order_by("name").first()
    at_govan = aileen.attachments.get(practice=govan).working_days
    days = (demo.today + timedelta(days=n) for n in range(1, 22))
    open_days = [day for day in days if day.strftime("%a").lower() in at_govan][:5]
    for day, hour in zip(open_days, [10, 14, 11, 10, 15], strict=True):
        publish_slot(
            link_worker=aileen,
            practice=govan,
            starts_at=timezone.make_aware(datetime.combine(day, time(hour, 0))),
        )
    # Not the worker on leave today (demo/cover.py): someone away is not on a home visit.
    _overdue_visit(next(w for w in workers[1:] if w.user.username != ON_LEAVE))


def _overdue_visit(worker: LinkWorker) -> None:
    """A colleague checked in to a home visit and is past their expected time back, so the
    team lead's home shows the lone-working alert."""
    case = worker.cases.filter(status=CaseStatus.OPEN).first()
    if case is None:
        return
    now = timezone.now()
    session = record_session(
        case=case,
        by=worker.user,
        starts_at=now - timedelta(hours=2),
        mode="home_visit",
        duration_minutes=60,
    )
    check_in(session=session, by=worker.user, expected_back_at=now - timedelta(minutes=30))
