"""How a referral's progress reads to the people who made it: status, never session notes."""

from dataclasses import dataclass
from datetime import date

from linkwork.accounts.authorisation import has_permission, reached_ids
from linkwork.accounts.roles import Permission
from linkwork.casework import services as casework
from linkwork.casework.models import Case, CaseStatus, Person
from linkwork.casework.rules import is_engaged
from linkwork.core.downloads import Text
from linkwork.core.jinja2_env import uk_date
from linkwork.core.listings import Listing, Row
from linkwork.core.text import counted
from linkwork.referrals.models import Referral, ReferralStatus
from linkwork.referrals.services import days_waited, open_case_of

TAG_COLOURS = {
    "waiting": "nhsuk-tag--blue",
    "awaiting_verification": "nhsuk-tag--yellow",
    "accepted": "nhsuk-tag--aqua-green",
    "first_contact": "nhsuk-tag--green",
    "closed": "nhsuk-tag--grey",
    "declined": "nhsuk-tag--red",
    "duplicate": "nhsuk-tag--purple",
}


@dataclass(frozen=True)
class ReferralProgress:
    key: str
    label: str
    detail: str

    @property
    def tag_classes(self) -> str:
        return TAG_COLOURS[self.key]


def waited(referral: Referral) -> str:
    """How long a referral has waited, in words: "Received today", "1 day", "14 days"."""
    days = days_waited(referral)
    return "Received today" if days == 0 else counted(days, "day")


def progress(referral: Referral) -> ReferralProgress:
    """Waiting, accepted, first contact made, closed with its reason, or declined."""
    if referral.status == ReferralStatus.AWAITING_VERIFICATION:
        return ReferralProgress("awaiting_verification", "Check patient", "Self-referral")
    if referral.status == ReferralStatus.NEW:
        return ReferralProgress("waiting", "Waiting", waited(referral))
    if referral.status == ReferralStatus.DECLINED:
        return ReferralProgress("declined", "Declined", referral.get_decline_reason_display())
    if referral.status == ReferralStatus.DUPLICATE:
        return ReferralProgress("duplicate", "Already supported", "Joined the open case")
    case = referral.case
    if case.status == CaseStatus.CLOSED:
        return ReferralProgress("closed", "Closed", case.get_closure_reason_display())
    worker = str(case.link_worker) if case.link_worker else ""
    engaged = getattr(referral, "case_engaged", None)  # annotated on a list (with_case_engagement)
    if engaged if engaged is not None else is_engaged(case):
        return ReferralProgress("first_contact", "First contact made", worker)
    return ReferralProgress("accepted", "Accepted", worker)


def people_as_seen(referrals, user) -> dict[int, Person | None]:
    """Each referral's person as this user may see them (two queries for a whole list):
    - the record itself, for those whose caseload (or team's) holds the person;
    - otherwise what the referral's own details say (an unsaved Person), for those who may
      read the referral's details: a CHI number matched to a record never shows the
      record to the referrer, only what they typed;
    - None, for those who may follow its status only (a colleague's allocated referral)."""
    referrals = list(referrals)
    pks = [r.pk for r in referrals]
    readable = reached_ids(user, Permission.VIEW_REFERRAL_DETAILS, Referral, pks)
    held = reached_ids(user, Permission.VIEW_CASE, Person, [r.person_id for r in referrals])
    return {r.pk: _seen(r, held, readable) for r in referrals}


def _seen(referral: Referral, held: set[int], readable: set[int]) -> Person | None:
    if referral.person_id in held:
        return referral.person
    if referral.pk in readable and referral.submitted_details:
        return _as_typed(referral)
    return None


def with_names(referrals, user) -> list[tuple[Referral, str]]:
    """Each referral with the name this user may see it under."""
    referrals = list(referrals)
    seen = people_as_seen(referrals, user)
    return [(r, shown_name(seen[r.pk], r)) for r in referrals]


def audit_shown(request, referrals, action=casework.AuditAction.VIEW) -> None:
    """An audit event for each referral in a list whose person this user is shown (by
    name at least); status-only readers, shown the referral's number, are shown no one."""
    seen = people_as_seen(referrals, request.user)
    casework.audit_people(
        request=request,
        seen=[(r.person, r, r) for r in referrals if seen[r.pk] is not None],
        action=action,
    )


IDENTIFIERS = ("Referral number", "CHI number")


def identifiers(referral: Referral, person: Person | None) -> tuple:
    """The referral's number, and the CHI number only to those shown the person."""
    # Text: a CHI number is an identifier, never a number a spreadsheet may round or trim.
    return (referral.pk, Text(person.chi or "") if person is not None else "")


def referral_listing(referrals, user) -> Listing:
    """The referrals list (page and file): status-only readers get status-only rows."""

    def cells(referral, person):
        state = progress(referral)
        return (
            shown_name(person, referral),
            referral.referred_from.name,
            uk_date(referral.received_on, "j M Y"),
            state.label,
            state.detail,
        ), state

    head = ("Person", "Practice", "Received", "Status", "Detail")
    return Listing(head, referral_rows(referrals, user, cells), IDENTIFIERS)


NO_SUGGESTION = "No one at work has room"


def waiting_listing(referrals, user, suggested: dict | None = None) -> Listing:
    """The waiting list to triage (page and file), urgent and longest-waiting first; with
    `suggested` (a team lead's: allocation.suggestion_for_each), who to allocate each to."""

    def cells(referral, person):
        shown = (
            shown_name(person, referral),
            referral.referred_from.name,
            referral.get_urgency_display(),
            ", ".join(str(reason) for reason in referral.reasons.all()),
            waited(referral),
        )
        if suggested is not None:
            suggestion = suggested.get(referral.pk)
            shown += (suggestion.label(first=False) if suggestion else NO_SUGGESTION,)
        return shown, None

    head = ("Person", "Practice", "Urgency", "Reasons", "Waited")
    if suggested is not None:
        head += ("Suggested worker",)
    return Listing(head, referral_rows(referrals, user, cells), IDENTIFIERS)


def referral_rows(referrals, user, cells) -> list[Row]:
    """Each referral as a list's row, with the person as `user` may see them (people_as_seen)
    and the file's identifiers; `cells(referral, person)` gives (the cells, the status tag)."""
    referrals = list(referrals)
    seen = people_as_seen(referrals, user)
    rows = []
    for referral in referrals:
        person = seen[referral.pk]
        shown, tag = cells(referral, person)
        rows.append(Row(referral, shown, identifiers(referral, person), tag=tag))
    return rows


def exported(request, listing: Listing) -> None:
    """A download of referrals: an audit event for each person it names."""
    audit_shown(
        request,
        [row.item for row in listing.rows],
        action=casework.AuditAction.EXPORT,
    )


def person_as_seen(referral: Referral, user) -> Person | None:
    return people_as_seen([referral], user)[referral.pk]


def _as_typed(referral: Referral) -> Person:
    """The referral's own details as an unsaved Person, so pages and the API show both
    alike."""
    fields = {f.name for f in Person._meta.concrete_fields}
    given = {k: v for k, v in referral.submitted_details.items() if k in fields}
    if "date_of_birth" in given:
        given["date_of_birth"] = date.fromisoformat(given["date_of_birth"])
    return Person(**given)


def shown_name(person: Person | None, referral: Referral) -> str:
    """How a referral is named in lists and headings: status-only readers see its number."""
    return person.full_name if person is not None else f"Referral {referral.pk}"


def open_case_notice(user, person: Person) -> tuple[Case | None, bool]:
    """For someone triaging: the open case they may join, or whether there is one they
    cannot see (said without who or where)."""
    case = open_case_of(person)
    if case is None:
        return None, False
    if has_permission(user, Permission.VIEW_CASE, case):
        return case, False
    return None, True
