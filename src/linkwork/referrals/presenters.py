"""How a referral's progress reads to the people who made it: status, never session notes."""

from dataclasses import dataclass
from datetime import date

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.roles import Permission
from linkwork.casework.models import Case, CaseStatus, Person
from linkwork.casework.rules import attended_sessions
from linkwork.core.text import counted
from linkwork.referrals.models import Referral, ReferralStatus
from linkwork.referrals.services import days_waited, holds_record, open_case_of

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


def progress(referral: Referral) -> ReferralProgress:
    """Waiting, accepted, first contact made, closed with its reason, or declined."""
    if referral.status == ReferralStatus.AWAITING_VERIFICATION:
        return ReferralProgress("awaiting_verification", "Check patient", "Self-referral")
    if referral.status == ReferralStatus.NEW:
        days = days_waited(referral)
        return ReferralProgress("waiting", "Waiting", counted(days, "day"))
    if referral.status == ReferralStatus.DECLINED:
        return ReferralProgress("declined", "Declined", referral.get_decline_reason_display())
    if referral.status == ReferralStatus.DUPLICATE:
        return ReferralProgress("duplicate", "Already supported", "Joined the open case")
    case = referral.case
    if case.status == CaseStatus.CLOSED:
        return ReferralProgress("closed", "Closed", case.get_closure_reason_display())
    worker = str(case.link_worker) if case.link_worker else ""
    if attended_sessions(case.sessions.all()).exists():
        return ReferralProgress("first_contact", "First contact made", worker)
    return ReferralProgress("accepted", "Accepted", worker)


SUBMITTED_LABELS = {
    "given_name": "First name",
    "family_name": "Last name",
    "date_of_birth": "Date of birth",
    "chi": "CHI number",
    "postcode": "Postcode",
    "phone": "Phone",
    "email": "Email",
}


def submitted_differences(referral: Referral) -> list[dict]:
    """Summary-list rows where what a self-referrer typed differs from the record it was
    matched to: the practice checks these before confirming."""
    person = referral.person
    rows = []
    for name, label in SUBMITTED_LABELS.items():
        typed = referral.submitted_details.get(name)
        recorded = getattr(person, name)
        recorded = recorded.isoformat() if hasattr(recorded, "isoformat") else recorded
        if typed and str(typed).strip().lower() != str(recorded or "").strip().lower():
            rows.append({"key": {"text": label}, "value": {"text": str(typed)}})
    return rows


def person_as_seen(referral: Referral, user) -> Person:
    """The referred person as this user may see them: the record itself for those who
    hold it, otherwise only what the referral's own details say (an unsaved Person, so
    pages and the API show both alike). A CHI number typed for another practice's patient
    shows nothing of that patient's record."""
    if holds_record(user, referral.person) or not referral.submitted_details:
        return referral.person
    fields = {f.name for f in Person._meta.concrete_fields}
    given = {k: v for k, v in referral.submitted_details.items() if k in fields}
    if "date_of_birth" in given:
        given["date_of_birth"] = date.fromisoformat(given["date_of_birth"])
    return Person(**given)


def open_case_notice(user, person: Person) -> tuple[Case | None, bool]:
    """For someone triaging: the open case they may join, or whether there is one they
    cannot see (said without who or where)."""
    case = open_case_of(person)
    if case is None:
        return None, False
    if has_permission(user, Permission.VIEW_CASE, case):
        return case, False
    return None, True
