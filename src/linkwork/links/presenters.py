"""Display logic for links: the status tag, and a partner's referrals as a list."""

from linkwork.casework.services import AuditAction, audit_cases
from linkwork.core.jinja2_env import uk_date
from linkwork.core.listings import Listing, Row
from linkwork.links.consent import shared_copy
from linkwork.links.services import response_due

LINK_TAGS = {
    "signposted": "nhsuk-tag--white",
    "draft": "nhsuk-tag--grey",
    "sent": "nhsuk-tag--blue",
    "acknowledged": "nhsuk-tag--aqua-green",
    "accepted": "nhsuk-tag--green",
    "declined": "nhsuk-tag--red",
    "first_attended": "nhsuk-tag--purple",
    "finished": "nhsuk-tag--white",
    "stopped": "nhsuk-tag--orange",
}


def link_status(link) -> dict:
    return {"text": link.status_label, "classes": LINK_TAGS[link.status]}


PARTNER_HEAD = (
    "Name",
    "Service",
    "Status",
    "Sent",
    "Answer by",
    "Phone",
    "Email",
    "Contact preferences",
    "Reason",
    "Safety",
    "Details withheld",
)


def partner_cells(link) -> tuple:
    """A referral to a partner as its card shows it: only what the person agreed to share,
    and still agrees to (links/consent.py)."""
    copy = shared_copy(link)
    due = response_due(link) if link.status in ("sent", "acknowledged") else None
    return (
        copy.name or "Name not shared",
        link.service.name,
        link.status_label,
        uk_date(link.sent_at, "j M Y"),
        uk_date(due, "j M Y"),
        copy.phone,
        copy.email,
        copy.contact_preferences,
        copy.reason,
        ", ".join(copy.safety_flags),
        copy.withheld,
    )


def partner_listing(links) -> Listing:
    """The partner's referrals received (page and file), with the referral's number."""
    rows = [Row(link, partner_cells(link), (link.pk,)) for link in links]
    return Listing(PARTNER_HEAD, rows, ("Referral number",))


def partner_exported(request, listing: Listing) -> None:
    """A download of referrals received: an audit event for each person whose shared
    details it holds, as reading each card is."""
    audit_cases(
        request=request,
        shown=[(row.item.case, row.item) for row in listing.rows],
        action=AuditAction.EXPORT,
    )
