"""Onward links: made from a case, sent to an organisation, answered and followed up.

draft -> sent -> acknowledged -> accepted or declined -> first attended -> finished or
stopped; or, instead, a signpost (information given). Each step records who, when and by
which route. What the organisation may read is copied onto the link when it is sent, and
only what the person agreed to share.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from linkwork.audit.models import Action
from linkwork.casework import rules as casework_rules
from linkwork.casework.services import refuse, save_on_case
from linkwork.core import clock
from linkwork.core.codelists import codelist
from linkwork.links import consent, notifications
from linkwork.links.models import Link, LinkEvent

NEXT = {
    "draft": {"sent", "stopped"},  # a draft never sent may be withdrawn
    "sent": {"acknowledged", "accepted", "declined"},
    "acknowledged": {"accepted", "declined"},
    "accepted": {"first_attended", "stopped"},
    "first_attended": {"finished", "stopped"},
}
AWAITING_RESPONSE = ("sent", "acknowledged")
OPEN = ("draft", "sent", "acknowledged", "accepted", "first_attended")


class LinkRefused(Exception):
    """A step the link's state does not allow; the message says why."""


def _event(link, status, by, route, *, by_organisation=False, reason="", note="") -> None:
    LinkEvent.objects.create(
        link=link,
        status=status,
        at=clock.now(),
        by=by,
        by_organisation=by_organisation,
        route=route,
        reason=reason,
        note=note,
    )


def _respect_preferences(link: Link) -> None:
    """The person's standing preferences, as they are now (links/consent.py)."""
    refuse(
        consent.refusals(
            link.case.person,
            link.organisation,
            shares_contact_details=link.shares_contact_details,
            shares_safety_flags=link.shares_safety_flags,
        )
    )


def _check_consent(link: Link) -> None:
    shares = link.shares_contact_details or link.shares_reason or link.shares_safety_flags
    if shares and not link.consent_to_share:
        raise ValidationError(
            {"consent_to_share": "Record the person's consent before sharing anything."}
        )
    if link.shares_reason and not link.reason.strip():
        raise ValidationError({"reason": "Write the reason in the person's words, or share none."})


@transaction.atomic
def create_link(
    *,
    case,
    service,
    by,
    need: str = "",
    consent_to_share: bool = False,
    shares_contact_details: bool = False,
    shares_reason: bool = False,
    shares_safety_flags: bool = False,
    reason: str = "",
    send: bool = True,
    route: str = "linkwork",
    support_type: str = "",
    request=None,
    typed: bool = False,
) -> Link:
    """A referral to a service from a case; sent at once unless kept as a draft. `typed`
    on the page: a second open referral to the same service is refused (Back, then Send
    again, would send the organisation the person twice; decision 0142)."""
    refuse(casework_rules.closed_case_errors(case, "a link"))
    if typed:
        refuse(_already_referred(case, service))
    _check_support_type(support_type)
    link = Link(
        support_type=support_type,
        case=case,
        service=service,
        organisation=service.organisation,
        need=need,
        consent_to_share=consent_to_share,
        shares_contact_details=shares_contact_details,
        shares_reason=shares_reason,
        shares_safety_flags=shares_safety_flags,
        reason=reason.strip() if shares_reason else "",
        created_by=by,
    )
    _check_consent(link)
    _respect_preferences(link)
    save_on_case(case, link, by=by, request=request, action=Action.CREATE)
    _event(link, "draft", by, route)
    if send:
        link = send_link(link=link, by=by, route=route, request=request)
    return link


@transaction.atomic
def signpost(*, case, service, by, need: str = "", request=None) -> Link:
    """Information given: the person will make contact themself. Nothing is shared. Its
    support type is signposting: that is what a signpost is."""
    refuse(casework_rules.closed_case_errors(case, "a signpost"))
    link = Link(
        support_type="signposted",
        case=case,
        service=service,
        organisation=service.organisation,
        need=need,
        status="signposted",
        created_by=by,
    )
    save_on_case(case, link, by=by, request=request, action=Action.CREATE)
    _event(link, "signposted", by, "linkwork")
    return link


def _already_referred(case, service) -> dict[str, str]:
    open_link = case.links.filter(service=service, status__in=OPEN).order_by("pk").first()
    if open_link is None:
        return {}
    return {
        "__all__": f"{case.person.given_name} is already referred to {service.name} "
        f"({open_link.get_status_display().lower()}): follow that referral up from the case "
        "rather than send another"
    }


def _check_support_type(support_type: str) -> None:
    if support_type and support_type not in codelist("support_types"):
        raise ValidationError({"support_type": "Choose the support you gave from the list"})


@transaction.atomic
def set_support_type(*, link: Link, by, support_type: str, request=None) -> Link:
    """Record or correct the help given on a link (the worker went with the person to the
    first visit after all); the earlier value stays in the link's history."""
    if not support_type:
        raise ValidationError({"support_type": "Choose the support you gave"})
    _check_support_type(support_type)
    link = Link.objects.select_for_update().select_related("case").get(pk=link.pk)
    link.support_type = support_type
    return save_on_case(link.case, link, by=by, request=request, action=Action.CHANGE)


@transaction.atomic
def send_link(*, link: Link, by, route: str = "linkwork", request=None) -> Link:
    link = Link.objects.select_for_update().select_related("case__person").get(pk=link.pk)
    _allowed(link, "sent")
    _respect_preferences(link)  # they may have changed since the draft was saved
    if not link.consent_to_share:
        # A referral tells the organisation about the person; without their agreement the
        # worker gives the information instead (a signpost).
        raise ValidationError(
            {
                "consent_to_share": "Record that the person agrees to be referred, "
                "or give them the details as a signpost instead."
            }
        )
    _copy_what_is_shared(link)
    link.status = "sent"
    link.sent_at = clock.now()
    save_on_case(link.case, link, by=by, request=request, action=Action.EXPORT)
    _event(link, "sent", by, route)
    transaction.on_commit(lambda: notifications.new_link(link))
    return link


def _copy_what_is_shared(link: Link) -> None:
    person = link.case.person
    if link.shares_contact_details:
        link.shared_name = person.full_name
        link.shared_phone = person.phone
        link.shared_email = person.email
        link.shared_contact_preferences = _contact_preferences(person)
    if link.shares_safety_flags:
        labels = codelist("safety_flags")
        codes = {
            flag.flag for referral in person.referrals.all() for flag in referral.safety_flags.all()
        }
        link.shared_safety_flags = sorted(labels.label(code) for code in codes)


def _contact_preferences(person) -> str:
    parts = [person.get_preferred_contact_display()]
    parts.append("messages OK" if person.safe_to_leave_message else "no messages")
    parts.append(person.safe_times_to_call)
    return "; ".join(part for part in parts if part)


def _allowed(link: Link, status: str) -> None:
    if status not in NEXT.get(link.status, set()):
        raise LinkRefused(
            f"This link is {link.get_status_display().lower()}: it cannot be marked "
            f"{codelist('link_statuses').label(status).lower()} now."
        )


@transaction.atomic
def advance(
    *,
    link: Link,
    status: str,
    by,
    route: str = "linkwork",
    reason: str = "",
    note: str = "",
    by_organisation: bool = False,
    request=None,
) -> Link:
    """The next step of a link, by the organisation or by the worker on its behalf. Sending
    a draft always goes through send_link: what is shared is copied, the organisation told."""
    if status == "sent":
        return send_link(link=link, by=by, route=route, request=request)
    link = Link.objects.select_for_update().select_related("case").get(pk=link.pk)
    _allowed(link, status)
    if status == "declined" and reason not in codelist("link_decline_reasons"):
        raise ValidationError({"reason": "Choose why the referral is declined."})
    if route not in codelist("link_routes"):
        raise ValidationError({"route": "Choose the route: " + _routes()})
    link.status = status
    if status == "declined":
        link.decline_reason = reason
    if status in ("acknowledged", "accepted", "declined") and link.responded_at is None:
        link.responded_at = clock.now()
    save_on_case(link.case, link, by=by, request=request, action=Action.CHANGE)
    _event(link, status, by, route, by_organisation=by_organisation, reason=reason, note=note)
    return link


@transaction.atomic
def withdraw(*, link: Link, by, because: str = "case_closed", request=None) -> Link:
    """The worker withdraws a link still open (closing the case, decision 0072; the
    person's preferences now refusing it, 0126): it stops, whatever step it had reached,
    the event says who and why, and an organisation that had it is told (after commit)."""
    link = Link.objects.select_for_update().select_related("case").get(pk=link.pk)
    if link.status not in OPEN:
        raise LinkRefused(f"This link is {link.get_status_display().lower()}: nothing to withdraw.")
    was_sent = link.status != "draft"
    link.status, link.withdrawn_because = "stopped", because
    save_on_case(link.case, link, by=by, request=request, action=Action.CHANGE)
    why = codelist("link_withdrawal_reasons").label(because)
    _event(link, "stopped", by, "linkwork", note=f"Withdrawn by the link worker: {why.lower()}")
    if was_sent:
        transaction.on_commit(lambda: notifications.withdrawn_link(link))
    return link


# At the organisation and not yet under way: sent and waiting for its answer, or accepted
# and not yet attended. Once the person attends, they deal with it themself (decision 0126).
AT_THE_ORGANISATION = ("sent", "acknowledged", "accepted")


@transaction.atomic
def stop_refused(*, person, by, request=None) -> list[Link]:
    """Withdraw every link of the person's cases still at an organisation their sharing
    preferences now refuse (links/consent.py), in the caller's transaction."""
    return [
        withdraw(link=link, by=by, because=because, request=request)
        for link in at_the_organisation(person)
        if (because := consent.refused_because(person, link.organisation))
    ]


def at_the_organisation(person):
    """The person's links still at an organisation: what saving a refusal would withdraw."""
    links = Link.objects.filter(case__person=person, status__in=AT_THE_ORGANISATION)
    return links.select_related("organisation").order_by("pk")


def open_links(case):
    return case.links.filter(status__in=OPEN).select_related("service").order_by("pk")


def _routes() -> str:
    return ", ".join(code.code for code in codelist("link_routes").codes)


def add_working_days(start: date, days: int) -> date:
    """`days` working days after `start`, counting Monday to Friday (not public holidays)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def _answer_due_after(moment) -> date | None:
    """The day the organisation's answer is due, counted from `moment` (a sending or a
    chase): LINK_RESPONSE_WORKING_DAYS working days on."""
    if moment is None:
        return None
    return add_working_days(timezone.localtime(moment).date(), settings.LINK_RESPONSE_WORKING_DAYS)


def response_due(link: Link) -> date | None:
    return _answer_due_after(link.sent_at)


@transaction.atomic
def record_chase(*, link: Link, by, request=None) -> Link:
    """The worker chased the organisation for its answer. The answer's due date stays as it
    was (the organisation's part, which reports count); the worker's to-do moves on."""
    link = Link.objects.select_for_update().select_related("case").get(pk=link.pk)
    if link.status not in AWAITING_RESPONSE:
        raise LinkRefused(f"{link.organisation} has answered this referral: nothing to chase.")
    link.chased_at = clock.now()
    link.chased_by = by
    return save_on_case(link.case, link, by=by, request=request, action=Action.CHANGE)


def chase_on(link: Link) -> date | None:
    """When to chase the organisation (again): once its answer is overdue, and after a
    chase, when it has had as long again to answer."""
    return _answer_due_after(link.chased_at or link.sent_at)


def to_chase(links, today: date | None = None) -> list[Link]:
    """Overdue links not chased lately: My day's "Links to chase"."""
    return chase_among(awaiting(links), today)


def chase_among(waiting, today: date | None = None) -> list[Link]:
    """`to_chase` of links already read as `awaiting` gives them."""
    today = today or timezone.localdate()
    return [link for link in waiting if is_overdue(link, today) and chase_on(link) < today]


def overdue(links, today: date | None = None) -> list[Link]:
    """Links still waiting for the organisation's answer after the allowed working days."""
    today = today or timezone.localdate()
    return [link for link in awaiting(links) if is_overdue(link, today)]


def awaiting(links: QuerySet) -> QuerySet:
    """Links waiting for the organisation's answer, longest sent first, with what a list
    of them shows."""
    waiting = links.filter(status__in=AWAITING_RESPONSE)
    return waiting.select_related("service", "organisation", "case__person").order_by("sent_at")


def is_overdue(link: Link, today: date | None = None) -> bool:
    due = response_due(link)
    waiting = link.status in AWAITING_RESPONSE
    return waiting and due is not None and due < (today or timezone.localdate())
