"""The onward links list as its page shows it and as a file (core/listings.py, decision
0084): the links a worker made from their cases, or a team lead's team's (decision 0088)."""

from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.casework.models import Case
from linkwork.casework.services import AuditAction, audit_cases
from linkwork.core.downloads import Text
from linkwork.core.jinja2_env import uk_date
from linkwork.core.listings import Listing, Row
from linkwork.links import follow_up
from linkwork.links.models import Link
from linkwork.links.presenters import link_status
from linkwork.links.services import AWAITING_RESPONSE, OPEN, is_overdue, overdue, response_due

# Status groups (links/forms.py: LINK_GROUPS): "all" filters nothing. A signpost is neither
# open nor ended: nothing is waited for.
ENDED = ("declined", "finished", "stopped")
GROUPS = {"open": OPEN, "waiting": AWAITING_RESPONSE, "ended": ENDED}
HEAD = (
    "Person",
    "Service",
    "Organisation",
    "Status",
    "Sent",
    "Response due",
    "Support given",
    "Worker",
)
IDENTIFIERS = ("Link number", "Case number", "CHI number")
RELATED = (
    "service",
    "organisation",
    "case__person",
    "case__link_worker__user",
    "case__link_worker__provider",  # the audit's grounds
    "case__practice__cluster",
)


def links_for(user):
    """The links on cases the user works (VIEW_LINK on cases they may open): a partner's
    links sent to their organisation are not these, even for someone holding both roles."""
    cases = visible(user, Permission.VIEW_CASE, Case.objects.all())
    links = Link.objects.filter(case__in=cases).select_related(*RELATED)
    return visible(user, Permission.VIEW_LINK, links).order_by("-created_at", "-pk")


def filter_links(links, form):
    """The list's filters: status group (open by default; "to follow up" is
    follow_up.due's), overdue answers, worker."""
    form.is_valid()  # a filter typed wrongly is named on the page; the others still apply
    data = form.cleaned_data
    group = data.get("status") or "open"
    if group in GROUPS:
        links = links.filter(status__in=GROUPS[group])
    elif group == "follow_up":
        links = follow_up.due(links)
    if data.get("worker"):
        links = links.filter(case__link_worker=data["worker"])
    if data.get("overdue"):  # working days: the rule is services.is_overdue's, not a query's
        links = links.filter(pk__in=[link.pk for link in overdue(links)])
    return links


def response_cell(link: Link) -> str:
    """When the organisation should answer by, while it has not."""
    if link.status not in AWAITING_RESPONSE:
        return ""
    due = uk_date(response_due(link), "j M Y")
    return f"Overdue (due {due})" if is_overdue(link) else due


def links_listing(links) -> Listing:
    """The onward links list (page and file)."""
    rows = []
    for link in links:
        case = link.case
        cells = (
            case.person.full_name,
            link.service.name,
            link.organisation.name,
            link.status_label,
            uk_date(link.sent_at, "j M Y"),
            response_cell(link),
            link.get_support_type_display() or "Not recorded",
            str(case.link_worker) if case.link_worker else "",
        )
        # Text: a CHI number is an identifier a spreadsheet must not round or trim.
        ids = (link.pk, case.pk, Text(case.person.chi or ""))
        rows.append(Row(link, cells, ids, tag=link_status(link)))
    return Listing(HEAD, rows, IDENTIFIERS)


def exported(request, listing: Listing) -> None:
    """A download of links: one audit event for each person named, however many links."""
    cases = {}
    for row in listing.rows:
        cases.setdefault(row.item.case.person_id, row.item.case)
    audit_cases(
        request=request, shown=[(case, None) for case in cases.values()], action=AuditAction.EXPORT
    )
