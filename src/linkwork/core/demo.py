"""Realistic synthetic demo data: a plausible HSCP with clusters, practices, link workers,
a caseload and a user for every role. `linkwork demo` and `linkwork seed` load it.

Everything here is invented. CHI numbers are valid in form (Mod 11) and postcodes
are valid in form, but neither belongs to a real person or address.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.services import assign_role, create_user
from linkwork.casework.models import Person, Sex
from linkwork.casework.services import open_case
from linkwork.core.chi import generate_chi
from linkwork.directory.models import Organisation
from linkwork.directory.services import create_organisation
from linkwork.organisations import services as orgs
from linkwork.organisations.models import HSCP, LinkWorker, Practice

DEMO_PASSWORD = "demo-linkwork-2026"  # printed by `linkwork demo`; works only in demo/debug mode
MARKER_HSCP_CODE = "S37000015"

GIVEN_FEMALE = [
    "Margaret",
    "Elizabeth",
    "Agnes",
    "Catherine",
    "Fiona",
    "Karen",
    "Lorraine",
    "Shona",
    "Kirsty",
    "Amy",
    "Chloe",
    "Aisha",
    "Zainab",
    "Ewa",
    "Irene",
    "Jean",
]
GIVEN_MALE = [
    "James",
    "John",
    "Robert",
    "William",
    "Thomas",
    "Alexander",
    "Craig",
    "Gary",
    "Stephen",
    "Scott",
    "Liam",
    "Mohammed",
    "Tomasz",
    "Hamza",
    "Derek",
    "Hugh",
]
FAMILY = [
    "McLean",
    "Campbell",
    "Stewart",
    "MacDonald",
    "Wilson",
    "Thomson",
    "Robertson",
    "Anderson",
    "Reid",
    "Murray",
    "Taylor",
    "Clark",
    "Ross",
    "Paterson",
    "Young",
    "Fraser",
    "Khan",
    "Ahmed",
    "Kowalski",
    "Docherty",
    "Gallagher",
    "McGregor",
    "Boyle",
    "Quinn",
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


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
    with transaction.atomic():
        _glasgow(demo)
        _inverclyde(demo)
        _caseloads(demo)
    return True, _in_role_order(demo.logins)


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
        password=DEMO_PASSWORD,
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
        )
    )
    for index, practice in enumerate(practices[2:]):
        first, last = ["Craig", "Shona", "Amy", "Liam"][index % 4], FAMILY[index % len(FAMILY)]
        user = _demo_user(demo, f"worker{index + 1}", first, last, None, provider.name)
        placements = {practice: ["mon", "tue", "wed", "thu", "fri"]}
        demo.workers.append(
            orgs.create_link_worker(user=user, provider=provider, placements=placements)
        )
    thematic = _demo_user(demo, "nadia", "Nadia", "Hussain", None, provider.name)
    demo.workers.append(
        orgs.create_link_worker(
            user=thematic, provider=provider, theme="People seeking asylum", capacity=30
        )
    )

    morag = _demo_user(demo, "morag", "Morag", "Fraser", Role.TEAM_LEAD, provider.name)
    assign_role(user=morag, role=Role.TEAM_LEAD, provider=provider)
    drshah = _demo_user(demo, "drshah", "Priya", "Shah", Role.PRACTICE_STAFF, govan.name)
    assign_role(user=drshah, role=Role.PRACTICE_STAFF, practice=govan, job_title="gp")
    lorraine = _demo_user(demo, "lorraine", "Lorraine", "Boyle", None, govan.name)
    assign_role(user=lorraine, role=Role.PRACTICE_STAFF, practice=govan, job_title="receptionist")
    gary = _demo_user(demo, "gary", "Gary", "Docherty", None, govan.name)
    assign_role(user=gary, role=Role.PRACTICE_STAFF, practice=govan, job_title="practice_manager")
    fiona = _demo_user(demo, "fiona", "Fiona", "Campbell", Role.COMMISSIONER, hscp.name)
    assign_role(user=fiona, role=Role.COMMISSIONER, hscp=hscp)

    trust = create_organisation(
        name="Govan Community Trust",
        description="Walking group, men's shed and a weekly benefits drop-in.",
        email="referrals@govan-trust.example.org",
        website="https://govan-trust.example.org",
    )
    demo.partner_organisations.append(trust)
    ravi = _demo_user(demo, "ravi", "Ravi", "Patel", Role.COMMUNITY_PARTNER, trust.name)
    assign_role(user=ravi, role=Role.COMMUNITY_PARTNER, community_organisation=trust)

    admin = _demo_user(demo, "admin", "Sam", "Reid", Role.ADMINISTRATOR, "All HSCPs")
    assign_role(user=admin, role=Role.ADMINISTRATOR)


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
        orgs.create_link_worker(user=kirsty, provider=provider, placements={practice: ["mon"]})
    )


def _caseloads(demo: Demo) -> None:
    complexities = ["low", "mid", "mid", "high", "high", ""]
    for worker in demo.workers:
        practices = list(worker.practices.all()) or [None]
        for _ in range(demo.rng.randrange(28, 42)):
            practice = demo.rng.choice(practices)
            person = _person(demo, practice or demo.rng.choice(list(demo.practices.values())))
            opened = demo.today - timedelta(days=demo.rng.randrange(3, 300))
            open_case(
                person=person,
                link_worker=worker,
                practice=practice,
                opened_on=opened,
                complexity=demo.rng.choice(complexities),
            )


def _person(demo: Demo, practice: Practice) -> Person:
    rng = demo.rng
    sex = rng.choice([Sex.FEMALE, Sex.MALE])
    given = rng.choice(GIVEN_FEMALE if sex == Sex.FEMALE else GIVEN_MALE)
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 66))
    while True:
        chi = generate_chi(born, sex, rng)
        if not Person.objects.filter(chi=chi).exists():
            break
    person = Person(
        given_name=given,
        family_name=rng.choice(FAMILY),
        date_of_birth=born,
        sex=sex,
        chi=chi,
        postcode=demo.postcode(practice.postcode.split()[0]),
        practice=practice,
    )
    person.full_clean()
    person.save()
    return person
