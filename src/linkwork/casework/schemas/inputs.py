"""What the casework API accepts. Unknown keys are refused; codes not in their list are
refused naming the list's codes; text is limited as the pages limit it."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field
from pydantic import WithJsonSchema

from linkwork.casework.models import ActionStatus, CaseStatus, GoalStatus, ReferralConsent, Sex
from linkwork.casework.rules import (
    TEXT_LIMITS,
)
from linkwork.casework.schemas.base import Minutes, limited_text
from linkwork.core.api import In, Params, Version, coded, required_text


class CaseFilters(Params):
    status: CaseStatus | None = None
    complexity: coded("complexity") | None = None
    practice_code: str | None = Field(None, description="Five-digit practice code.")


class SessionIn(In):
    starts_at: datetime = Field(description="With a time zone, or UK local time without one.")
    mode: coded("session_modes")
    duration_minutes: Minutes
    outcome: coded("session_outcomes") | None = Field(
        None, description="Leave out to book a session; give it to record one that happened."
    )
    note: limited_text("note", "session_note") = ""


class SessionChangeIn(In):
    """Fields left out stay as they are; null is refused where the record needs a value."""

    version: Version = Field(description="The session's version when you read it.")
    starts_at: datetime = None
    mode: coded("session_modes") = None
    duration_minutes: Minutes = None
    outcome: coded("session_outcomes") = None
    note: limited_text("note", "session_note") = None


class GoalIn(In):
    wording: required_text("Write the goal in the person's own words", TEXT_LIMITS["goal"], "goal")


class GoalChangeIn(In):
    version: Version
    wording: required_text(
        "Write the goal in the person's own words", TEXT_LIMITS["goal"], "goal"
    ) = None
    status: GoalStatus = None


class ActionIn(In):
    description: required_text("Describe the action", 300, "action")
    owner: required_text("Say who will do it: the person, you, or someone else", 100, "owner")
    due_on: date | None = None
    support_type: coded("support_types", blank=True) = ""


class ActionChangeIn(In):
    version: Version
    description: required_text("Describe the action", 300, "action") = None
    owner: required_text("Say who will do it: the person, you, or someone else", 100, "owner") = (
        None
    )
    due_on: date | None = None
    status: ActionStatus = None
    progress: limited_text("progress note", "progress") = None
    support_type: coded("support_types") = None


class NeedIn(In):
    need: coded("needs")
    detail: limited_text("detail", "need_detail") = ""


class NoteIn(In):
    text: required_text("Write the note", TEXT_LIMITS["note"], "note")


class NoteChangeIn(NoteIn):
    version: Version = Field(description="The note's version when you read it.")


class CaseChangeIn(In):
    version: Version
    complexity: coded("complexity")


class CloseIn(In):
    """Sessions left with no outcome, still to come or past, are cancelled by the service
    when the case closes: record what happened at past ones first."""

    version: Version
    reason: coded("closure_reasons")
    closed_on: date
    note: limited_text("closing note", "closure_note") = ""
    not_engaged_reason: coded("not_engaged_reasons") | None = Field(
        None, description="Required when the reason is did_not_engage: why."
    )


class ReassignIn(In):
    link_worker_id: int
    # Optional so that existing clients keep working; sent, a handover made by someone
    # else since the case was read is a 409 instead of silently overridden.
    version: Version | None = Field(
        None, description="The case's version when you read it: a 409 if it changed since."
    )
    reason: coded("handover_reasons") | None = Field(
        None, description="Why: leave, a vacancy, cross-cover or other; shown on the timeline."
    )


class CheckInIn(In):
    expected_back_at: datetime = Field(
        description="When you expect to be back: within 12 hours; UK local time without a zone."
    )


class PersonChangeIn(In):
    """Fields left out stay as they are. Checked as the person details page checks them."""

    version: Version = Field(description="The person's version when you read it.")
    chi: str | None = None
    given_name: str = None
    family_name: str = None
    date_of_birth: date = None
    confirm_date_of_birth: bool = Field(
        False, description="The date of birth is right though it does not match the CHI number."
    )
    sex: Annotated[str, WithJsonSchema({"type": "string", "enum": ["", *Sex.values]})] = Field(
        None, description="Empty to take it from the CHI number."
    )
    postcode: str = None
    address: str = None
    phone: str = None
    email: str = None
    preferred_contact: coded("contact_methods", blank=True) = None
    safe_to_leave_message: bool = None
    safe_times_to_call: str = None
    preferred_language: str = None
    interpreter_needed: bool = None
    ethnicity: coded("ethnicity", blank=True) = None
    referral_consent: ReferralConsent = Field(
        None, description="Onward referrals: yes, ask (each time) or no (decision 0108)."
    )
    may_share_contact_details: bool = None
    may_share_safety_flags: bool = Field(None, description="With community organisations.")
    refused_organisations: list[int] = Field(
        None, description="Directory organisation ids not to share their details with (all)."
    )


class SocialOutcomeIn(In):
    """An outcome as the "Record an outcome" page takes it: an income gained needs
    `amount` (pounds, more than 0) and `period`; a registration needs `service_name`."""

    kind: coded("social_outcomes")
    achieved_on: date | None = Field(None, description="Today if not given.")
    amount: float | None = Field(None, description="Pounds; only for income_gained.")
    period: coded("income_periods", blank=True) = ""
    service_name: str = Field("", max_length=120)
    evidence: limited_text("evidence", "evidence") = ""
    link_id: int | None = Field(None, description="A link on this case that led to it.")


class SocialOutcomeChangeIn(In):
    version: Version
    kind: coded("social_outcomes") = None
    achieved_on: date = None
    amount: float | None = None
    period: coded("income_periods", blank=True) = None
    service_name: str = Field(None, max_length=120)
    evidence: limited_text("evidence", "evidence") = None
    link_id: int | None = None
