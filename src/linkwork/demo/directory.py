"""Demo data for the directory: about 330 services of about 170 organisations across
Glasgow and Inverclyde, every need covered, some full, some stale, some never verified,
changes by organisations; then links from demo cases in every state, and unmet needs.
Everything goes through the same services as a user's would. All invented."""

import math
import random
from datetime import date, time, timedelta

from django.utils import timezone

from linkwork.accounts.models import RoleAssignment, User
from linkwork.accounts.roles import Role
from linkwork.casework.models import Case, CaseStatus
from linkwork.core import clock
from linkwork.demo.catalogue import (
    AREAS,
    DAY_PATTERNS,
    HOURS,
    LANGUAGES,
    ORGANISATION_KINDS,
    SERVICES,
    STREETS,
    UNMET,
)
from linkwork.demo.places import load_synthetic_centroids, synthetic_centroid_postcodes
from linkwork.directory import services
from linkwork.directory.models import CostOption, Language, Service
from linkwork.directory.services import suggestions as suggesting
from linkwork.directory.services.records import current_hours
from linkwork.directory.services.unmet import record_unmet_need
from linkwork.links import services as link_services
from linkwork.organisations.models import HSCP

ORGANISATIONS = 165
# Ravi's trust: the services the persona names.
TRUST_SERVICES = [
    (
        "Govan walking group",
        "physical_activity",
        "A gentle walk round Elder Park on Tuesdays, "
        "then tea. Good for anyone anxious about getting out.",
        ["TU"],
        (10, 12),
    ),
    (
        "Govan men's shed",
        "social_isolation",
        "Woodwork, repairs and company for men.",
        ["WE", "TH"],
        (10, 15),
    ),
    (
        "Benefits drop-in",
        "money_benefits",
        "Help with benefit forms and appeals.",
        ["MO"],
        (13, 16),
    ),
]


def seed_directory(*, rng: random.Random, today: date, trust=None) -> None:
    load_synthetic_centroids()
    by_district = _postcodes_by_district()
    if trust is not None:
        _trust_services(rng, trust, by_district)
    made = [_organisation(rng, index, by_district, today) for index in range(ORGANISATIONS)]
    _every_need_covered(rng, made, by_district, today)
    _freshness_and_capacity(rng, today)
    _suggestions()
    _links(rng, today)
    _unmet(rng)
    if trust is not None:
        _govan_money_advice(trust, by_district)


# Who enters each HSCP's services: one of its own team (decision 13: a service is kept by
# the HSCP that lists it); those of no HSCP, the national administrator.
KEEPERS = {"S37000015": "aileen", "S37000017": "kirsty", None: "admin"}


def _keeper(organisation):
    code = organisation.hscp.code if organisation.hscp else None
    return User.objects.filter(username=KEEPERS.get(code, "admin")).first()


def _postcodes_by_district() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for postcode in synthetic_centroid_postcodes():
        found.setdefault(postcode.split(" ")[0], []).append(postcode)
    return found


def _location(rng, area: str, by_district, name: str):
    return services.LocationDetails(
        name=name,
        address_1=f"{rng.randrange(1, 240)} {rng.choice(STREETS)}",
        city="Greenock" if AREAS[area].startswith("PA1") else "Glasgow",
        postcode=rng.choice(by_district[AREAS[area]]),
        accessibility=rng.choice(
            [
                "Step-free access and an accessible toilet",
                "Ramp at the side door",
                "Upstairs, no lift",
                "Hearing loop",
                "",
            ]
        ),
    )


def _hours(rng, days=None, hours=None) -> list[services.WeeklyHours]:
    opens, closes = hours or rng.choice(HOURS)
    return [
        services.WeeklyHours(
            days=days or rng.choice(DAY_PATTERNS), opens_at=time(opens), closes_at=time(closes)
        )
    ]


def _trust_services(rng, trust, by_district) -> None:
    for name, need, description, days, hours in TRUST_SERVICES:
        services.create_service(
            organisation=trust,
            name=name,
            description=description,
            needs=[need],
            by=_keeper(trust),
            location=_location(rng, "Govan", by_district, "Govan Community Trust"),
            hours=_hours(None, days, hours),
            how_to_refer=["self_refer", "worker_portal"],
            referral_email="referrals@govan-trust.example.org",
            referral_phone="0141 496 0500",
        )


def _govan_money_advice(trust, by_district) -> None:
    """Money advice in Govan itself: what "debt" near G51 finds first (decision 0078). Made
    last, with its own random numbers, so the rest of the demo stays as it was."""
    rng = random.Random("govan-money-advice")  # noqa: S311 (invented demo data)
    services.create_service(
        organisation=trust,
        name="Govan money advice",
        description="Free, confidential help with debts, rent and council tax arrears, "
        "budgeting and benefit checks, at the trust's office in Govan.",
        needs=["debt", "money_benefits"],
        by=_keeper(trust),
        location=_location(rng, "Govan", by_district, "Govan Community Trust"),
        hours=_hours(None, ["MO", "WE", "TH"], (10, 16)),
        how_to_refer=["self_refer", "worker_portal"],
        referral_email="referrals@govan-trust.example.org",
        referral_phone="0141 496 0500",
    )


def _organisation(rng, index: int, by_district, today: date):
    area = list(AREAS)[index % len(AREAS)]
    name = organisation_name(index)
    slug = name.lower().replace(" ", "-").replace("'", "")
    organisation = services.create_organisation(
        name=name,
        email=f"hello@{slug}.example.org",
        website=f"https://{slug}.example.org",
        description=f"A community organisation in {area}.",
        charity_number=f"SC0{40000 + index}",
        hscp=_hscp_of(AREAS[area]),
    )
    needs = rng.sample(list(SERVICES), k=rng.choice([1, 2, 2, 3]))
    return [_service(rng, organisation, area, need, by_district) for need in needs]


def organisation_name(index: int) -> str:
    """An area and a kind of organisation. Each round of areas shifts the kinds, so a pair
    comes back only after `cycle` rounds; only then does a number tell them apart."""
    areas, kinds = len(AREAS), len(ORGANISATION_KINDS)
    area = list(AREAS)[index % areas]
    kind = ORGANISATION_KINDS[(index // areas + index) % kinds]
    cycle = kinds // math.gcd(areas + 1, kinds)
    repeat = index // (areas * cycle)
    return f"{area} {kind}" + (f" {repeat + 1}" if repeat else "")


def local_name(area: str, name: str) -> str:
    """'Port Glasgow' + 'Recovery café' = 'Port Glasgow recovery café'; 'ESOL ...' and
    other capitals inside a name are kept."""
    first, _, rest = name.partition(" ")
    if first[1:].islower():
        first = first.lower()
    return " ".join(filter(None, [area, first, rest]))


def _hscp_of(outward: str):
    """The demo HSCP an area belongs to; Paisley, Rutherglen and Clydebank are in HSCPs
    the demo lacks (their organisations' partners only a national administrator invites)."""
    if outward in {"PA15", "PA16", "PA19"}:
        return HSCP.objects.filter(code="S37000017").first()
    if outward.startswith("G") and outward not in {"G72", "G73", "G81"}:
        return HSCP.objects.filter(code="S37000015").first()
    return None


def _service(rng, organisation, area: str, need: str, by_district) -> Service:
    name, description, formats, charge, refer = rng.choice(SERVICES[need])
    service = services.create_service(
        organisation=organisation,
        name=local_name(area, name) if rng.random() < 0.5 else name,
        description=description,
        needs=[need],
        by=_keeper(organisation),
        location=_location(rng, area, by_district, organisation.name)
        if "in_person" in formats
        else None,
        hours=_hours(rng),
        how_to_refer=refer.split(),
        fees_description=charge,
        in_person="in_person" in formats,
        by_phone="phone" in formats,
        online="online" in formats,
        referral_email=organisation.email,
        referral_phone=f"0141 496 {rng.randrange(1000, 9999)}",
        minimum_age=rng.choice([None, None, 16, 18, 50, 60]),
        eligible_gender=rng.choice(["any"] * 8 + ["women", "men"]),
    )
    if charge:
        CostOption.objects.create(service=service, option=charge, amount=2, currency="GBP")
    if rng.random() < 0.15:
        lang, code = rng.choice(LANGUAGES)
        Language.objects.create(service=service, name=lang, code=code)
    return service


def _every_need_covered(rng, made, by_district, today) -> None:
    """A second service for every need, so each has at least one whatever the draw."""
    organisations = [group[0].organisation for group in made if group]
    for need in SERVICES:
        organisation = rng.choice(organisations)
        _service(rng, organisation, rng.choice(list(AREAS)), need, by_district)


def _freshness_and_capacity(rng, today: date) -> None:
    """Backdate verification and set capacity on a share of services (query updates: this
    is set-up, not a change anyone made)."""
    # Ravi's trust stays open and freshly checked: the journeys start there.
    for service in Service.objects.exclude(organisation__name="Govan Community Trust").order_by(
        "pk"
    ):
        draw = rng.random()
        if draw < 0.05:
            fields = {"last_verified_on": None, "review_due_on": None}
        else:
            verified = today - timedelta(
                days=rng.randrange(300, 500) if draw < 0.2 else rng.randrange(5, 170)
            )
            fields = {"last_verified_on": verified, "review_due_on": verified + timedelta(183)}
        capacity = rng.random()
        status = (
            "full"
            if capacity < 0.08
            else "waiting_list"
            if capacity < 0.2
            else "paused"
            if capacity < 0.23
            else "open"
        )
        fields |= {
            "capacity_status": status,
            "capacity_set_at": timezone.now(),
            "capacity_wait_weeks": rng.randrange(2, 12) if status == "waiting_list" else None,
        }
        Service.objects.filter(pk=service.pk).update(**fields)
    ravi = User.objects.filter(username="ravi").first()
    shed = Service.objects.filter(name="Govan men's shed").first()
    if ravi and shed:
        services.update_service(
            service=shed,
            by=ravi,
            by_organisation=True,
            fields={
                "description": "Woodwork, repairs and company for men. "
                "New: a Thursday afternoon session."
            },
        )


def _suggestions() -> None:
    """Kirsty (Inverclyde) suggests changes to two Glasgow services: one waits for Morag's
    team, one they rejected, with a reason. Aileen suggests one to an Inverclyde service,
    which waits for Kirsty."""
    users = {u.username: u for u in User.objects.filter(username__in=["aileen", "kirsty", "morag"])}
    glasgow = _services_of("S37000015")
    inverclyde = _services_of("S37000017")
    if len(users) < 3 or len(glasgow) < 2 or not inverclyde:
        return
    kirsty, aileen = users["kirsty"], users["aileen"]
    moved = current_hours(glasgow[0])
    suggesting.suggest_change(
        service=glasgow[0],
        by=kirsty,
        note="A Greenock client goes there: the organiser told me of a Saturday morning too.",
        fields={},
        hours=[*moved, services.WeeklyHours(days=["SA"], opens_at=time(10), closes_at=time(12))],
    )
    rejected = suggesting.suggest_change(
        service=glasgow[1],
        by=kirsty,
        note="A woman at the group told my client it is for over-50s only now.",
        fields={"eligibility_description": "Over-50s only"},
    )
    suggesting.reject_suggestion(
        suggestion=rejected,
        by=users["morag"],
        reason="I phoned them today: it is open to all ages; that group just happens to be older.",
    )
    suggesting.suggest_change(
        service=inverclyde[0],
        by=aileen,
        note="Phoned them for a Govan client who is moving to Greenock: it is full until spring.",
        fields={"description": f"{inverclyde[0].description} Full until spring."},
    )


def _services_of(hscp_code: str) -> list[Service]:
    return list(
        Service.objects.filter(organisation__hscp__code=hscp_code)
        .exclude(organisation__name="Govan Community Trust")
        .order_by("pk")[:2]
    )


# The path each demo link takes, and who answers (the organisation, or the worker by phone).
LIFECYCLES = [
    [],
    ["acknowledged"],
    ["accepted"],
    ["declined:no_capacity"],
    ["declined:not_eligible"],
    ["declined:could_not_contact"],
    ["declined:person_declined"],
    ["accepted", "first_attended"],
    ["acknowledged", "accepted", "first_attended", "finished"],
    ["accepted", "stopped"],
    ["accepted", "first_attended", "stopped"],
    ["acknowledged", "accepted", "first_attended"],
]


def _links(rng, today: date) -> None:
    cases = list(
        Case.objects.filter(status=CaseStatus.OPEN, link_worker__isnull=False)
        .select_related("link_worker__user", "person")
        .order_by("pk")[:60]
    )
    if not cases:
        return
    partners = {
        a.community_organisation_id: a.user
        for a in RoleAssignment.objects.filter(role=Role.COMMUNITY_PARTNER)
    }
    open_services = list(
        Service.objects.exclude(capacity_status__in=["full", "paused"])
        .select_related("organisation")
        .order_by("pk")
    )
    trust_services = [s for s in open_services if s.organisation_id in partners]
    for index, case in enumerate(cases):
        service = (
            trust_services[index % len(trust_services)]
            if index < 12 and trust_services
            else rng.choice(open_services)
        )
        _one_link(rng, case, service, index, partners.get(service.organisation_id))


# The help given on a referral (support_types.csv), most often a supported referral.
LINK_SUPPORT = [
    "supported_referral",
    "supported_referral",
    "practical_help",
    "accompanied",
    "advocacy",
]


def _one_link(rng, case, service, index: int, partner) -> None:
    """One link, each step written as of the day it happened, a few days apart."""
    worker = case.link_worker.user
    need = next((n.need for n in service.needs.all()), "")
    day = timezone.now() - timedelta(days=rng.randrange(12, 45), hours=rng.randrange(1, 6))
    with clock.as_of(day):
        if index % 13 == 12:
            link_services.signpost(case=case, service=service, by=worker, need=need)
            return
        link = link_services.create_link(
            case=case,
            service=service,
            by=worker,
            need=need,
            consent_to_share=True,
            shares_contact_details=True,
            shares_reason=index % 3 == 0,
            reason="I'd like to get out and meet folk" if index % 3 == 0 else "",
            send=index % 13 != 11,
            support_type=LINK_SUPPORT[index % len(LINK_SUPPORT)],
        )
    for step in LIFECYCLES[index % len(LIFECYCLES)] if link.status == "sent" else []:
        day += timedelta(days=rng.randrange(1, 4))
        status, _, reason = step.partition(":")
        with clock.as_of(day):
            link = link_services.advance(
                link=link,
                status=status,
                reason=reason,
                by=partner or worker,
                route="linkwork" if partner else "phone",
                by_organisation=partner is not None,
            )


def _unmet(rng) -> None:
    workers = [a.user for a in RoleAssignment.objects.filter(role=Role.LINK_WORKER)]
    workers += list(User.objects.filter(username__in=["aileen", "worker1", "worker2"]))
    if not workers:
        return
    for index in range(2):
        for need, reason, area in UNMET:
            record_unmet_need(
                need=need,
                reason=reason,
                area=area,
                by=rng.choice(workers),
                note="" if index else "Nothing within a bus ride",
            )
