"""Demo data for practice development and following links up (decision 0102): a month of
changes in Glasgow's directory for the digest (a new service, one closed, capacity
changes, services the team verified this week), and links to Ravi's trust accepted more
than six weeks ago, two waiting for Aileen's (or Ravi's) follow-up and one Ravi answered.
Written through the services, each step as of its day. All invented."""

from datetime import time, timedelta

from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.casework.models import Case, CaseStatus
from linkwork.core import clock
from linkwork.directory import services
from linkwork.directory.models import Organisation, Service
from linkwork.links import follow_up
from linkwork.links import services as link_services
from linkwork.organisations.models import Practice

GLASGOW = "S37000015"
TRUST = "Govan Community Trust"


def seed_follow_up() -> None:
    users = {u.username: u for u in User.objects.filter(username__in=["aileen", "morag", "ravi"])}
    if len(users) < 3:
        return
    _catalogue_listed_long_ago()
    _directory_changes(users)
    _follow_ups(users)


def _ago(days: float):
    return clock.as_of(timezone.now() - timedelta(days=days))


def _catalogue_listed_long_ago() -> None:
    """The catalogue's services as if listed a year ago (set-up, as the demo's other query
    updates): otherwise this month's digest would call every one of them new."""
    year_ago = timezone.now() - timedelta(days=365)
    Service.history.filter(history_type="+").update(history_date=year_ago)


def _glasgow_services():
    return (
        Service.objects.filter(organisation__hscp__code=GLASGOW, capacity_status="open")
        .exclude(organisation__name=TRUST)
        .order_by("pk")
    )


def _directory_changes(users) -> None:
    aileen, morag = users["aileen"], users["morag"]
    picked = list(_glasgow_services()[5:9])
    if len(picked) < 4:
        return
    full, waiting, closed, visited = picked
    with _ago(6):
        services.set_capacity(service=full, status="full", by=aileen, note="Full until March")
    with _ago(15):
        services.set_capacity(service=waiting, status="waiting_list", wait_weeks=4, by=aileen)
    with _ago(12):
        services.update_service(service=closed, by=morag, fields={"status": "inactive"})
    with _ago(9):
        _new_service(aileen)
    services.verify_service(
        service=visited, by=aileen, note="Visited: met the new coordinator, takes self-referrals"
    )
    trust = Organisation.objects.filter(name=TRUST).first()
    walking = Service.objects.filter(organisation=trust, name="Govan walking group").first()
    if walking is not None:
        services.verify_service(service=walking, by=aileen, note="Walked with them on Tuesday")


def _new_service(by) -> None:
    practice = Practice.objects.filter(name="Govan Health Centre").first()
    organisations = Organisation.objects.filter(hscp__code=GLASGOW).exclude(name=TRUST)
    organisation = organisations.order_by("pk").first()
    if practice is None or organisation is None:
        return
    services.create_service(
        organisation=organisation,
        name="Digital drop-in at the library",
        description="Help with phones, tablets and getting online for forms and appointments.",
        needs=["digital"],
        by=by,
        location=services.LocationDetails(
            address_1="1 Langlands Road", city="Glasgow", postcode=practice.postcode
        ),
        hours=[services.WeeklyHours(days=["WE"], opens_at=time(10), closes_at=time(12))],
        how_to_refer=["self_refer", "worker_email"],
        referral_email="digital@example.org",
    )


# Weeks since the trust accepted each link, and Ravi's answer (None: still to follow up).
FOLLOW_UPS = [(9, "attending"), (8, None), (7, None)]


def _follow_ups(users) -> None:
    aileen, ravi = users["aileen"], users["ravi"]
    trust_services = list(Service.objects.filter(organisation__name=TRUST).order_by("pk"))
    long_open = Case.objects.filter(
        link_worker__user=aileen,
        status=CaseStatus.OPEN,
        holding_since__isnull=True,
        opened_on__lt=timezone.localdate() - timedelta(weeks=11),
    ).order_by("-pk")
    cases = list(long_open.select_related("person")[: len(FOLLOW_UPS)])
    if not trust_services:
        return
    for index, (case, (weeks, answer)) in enumerate(zip(cases, FOLLOW_UPS, strict=False)):
        service = trust_services[index % len(trust_services)]
        with _ago(weeks * 7 + 4):
            link = link_services.create_link(
                case=case,
                service=service,
                by=aileen,
                need=next((n.need for n in service.needs.all()), ""),
                consent_to_share=True,
                shares_contact_details=True,
                support_type="supported_referral",
            )
        with _ago(weeks * 7):
            link = link_services.advance(
                link=link, status="accepted", by=ravi, by_organisation=True
            )
        if answer:
            with _ago(5):
                follow_up.answer_follow_up(
                    link=link,
                    answer=answer,
                    by=ravi,
                    by_organisation=True,
                    note="Comes most weeks; brought a friend last time.",
                )
