"""What the casework API answers: codes as stored, each with its `_label`."""

from datetime import date, datetime

from ninja import Field, Schema

from linkwork.core.api import label_of
from linkwork.core.history import Correction, Histories, name


class PersonOut(Schema):
    id: int | None = Field(
        description="Empty where only a referral's own copy of the details is shown."
    )
    version: int = Field(description="Send it back with PATCH /cases/{case_id}/person.")
    given_name: str
    family_name: str
    date_of_birth: date
    sex: str
    chi: str | None
    postcode: str
    address: str
    phone: str
    email: str
    preferred_contact: str
    preferred_contact_label: str
    safe_to_leave_message: bool
    safe_times_to_call: str
    preferred_language: str
    interpreter_needed: bool
    referral_consent: str = Field("ask", description="yes, ask or no (decision 0108).")
    may_share_contact_details: bool = True
    may_share_safety_flags: bool = True
    refused_organisations: list[int] = Field([], description="Directory organisation ids.")
    sharing_recorded_on: date | None = None
    consent_withdrawn_on: date | None = Field(None, description="When they said no.")

    @staticmethod
    def resolve_preferred_contact_label(person) -> str:
        return label_of("contact_methods", person.preferred_contact)

    @staticmethod
    def resolve_refused_organisations(person) -> list[int]:
        if not getattr(person, "pk", None):  # a referral's own copy of the details
            return []
        return sorted(person.refused_organisations.values_list("pk", flat=True))


class SessionOut(Schema):
    id: int
    case_id: int
    version: int
    starts_at: datetime
    planned: bool
    mode: str
    mode_label: str
    duration_minutes: int | None
    outcome: str = Field(description="Empty while the session is planned.")
    outcome_label: str
    note: str
    checked_in_at: datetime | None = Field(description="Lone working: when the worker got there.")
    expected_back_at: datetime | None
    checked_out_at: datetime | None
    joint_agency_id: int | None = Field(
        description="A joint visit: the case's agency (in the case's `agencies`) that joined."
    )

    @staticmethod
    def resolve_planned(session) -> bool:
        return session.is_planned

    @staticmethod
    def resolve_mode_label(session) -> str:
        return label_of("session_modes", session.mode)

    @staticmethod
    def resolve_outcome_label(session) -> str:
        return label_of("session_outcomes", session.outcome)


class ActionOut(Schema):
    id: int
    goal_id: int
    version: int
    description: str
    owner: str
    due_on: date | None
    status: str
    status_label: str
    progress: str
    completed_on: date | None
    support_type: str = Field(description="Empty on actions recorded before it was asked.")
    support_type_label: str

    @staticmethod
    def resolve_status_label(action) -> str:
        return action.get_status_display()

    @staticmethod
    def resolve_support_type_label(action) -> str:
        return label_of("support_types", action.support_type)


class GoalOut(Schema):
    id: int
    case_id: int
    version: int
    wording: str
    status: str
    status_label: str
    created_on: date
    actions: list[ActionOut]

    @staticmethod
    def resolve_status_label(goal) -> str:
        return goal.get_status_display()

    @staticmethod
    def resolve_actions(goal) -> list:
        return list(goal.actions.all())


class SocialOutcomeOut(Schema):
    id: int
    case_id: int
    version: int
    kind: str
    kind_label: str
    achieved_on: date
    amount: float | None = Field(description="Pounds; only for an income gained.")
    period: str = Field(description="weekly, yearly or one_off; only for an income gained.")
    period_label: str
    service_name: str
    evidence: str
    link_id: int | None
    created_by: str

    @staticmethod
    def resolve_kind_label(outcome) -> str:
        return label_of("social_outcomes", outcome.kind)

    @staticmethod
    def resolve_amount(outcome) -> float | None:
        return None if outcome.amount is None else float(outcome.amount)

    @staticmethod
    def resolve_period_label(outcome) -> str:
        return label_of("income_periods", outcome.period)

    @staticmethod
    def resolve_created_by(outcome) -> str:
        return name(outcome.created_by)


class NeedOut(Schema):
    id: int
    need: str
    need_label: str
    detail: str
    noted_on: date

    @staticmethod
    def resolve_need_label(need) -> str:
        return label_of("needs", need.need)


def _text_correction(note) -> Correction | None:
    """Read once per note, though two fields show it."""
    if not hasattr(note, "_text_correction"):
        note._text_correction = Histories([note], "text").correction(note, "text")
    return note._text_correction


class NoteOut(Schema):
    id: int
    case_id: int
    version: int
    text: str
    created_at: datetime
    created_by: str
    corrected_at: datetime | None = Field(description="Empty unless the note was corrected.")
    corrected_by: str

    @staticmethod
    def resolve_created_by(note) -> str:
        return name(note.created_by)

    @staticmethod
    def resolve_corrected_at(note) -> datetime | None:
        correction = _text_correction(note)
        return correction.at if correction else None

    @staticmethod
    def resolve_corrected_by(note) -> str:
        correction = _text_correction(note)
        return correction.by if correction else ""


class AgencyOut(Schema):
    """Another agency involved in the person's support, with who to contact there."""

    id: int
    agency_type: str
    agency_type_label: str
    name: str
    contact_name: str
    contact_role: str
    phone: str
    email: str
    note: str
    started_on: date
    ended_on: date | None = Field(description="Empty while the agency is still involved.")

    @staticmethod
    def resolve_agency_type_label(agency) -> str:
        return label_of("agency_types", agency.agency_type)


class CaseSummaryOut(Schema):
    id: int
    version: int
    status: str
    status_label: str
    opened_on: date
    closed_on: date | None
    closure_reason: str
    closure_reason_label: str
    not_engaged_reason: str = Field(
        description="Why the person did not engage (not_engaged_reasons), on such a closure."
    )
    not_engaged_reason_label: str
    holding: bool = Field(description="Open and held while the person waits for a service.")
    holding_reason: str
    holding_with: str
    holding_review_on: date | None
    complexity: str
    complexity_label: str
    practice_code: str | None
    host_setting_id: int | None = Field(
        description="The host setting the case came from, where not a practice (0074)."
    )
    link_worker_id: int | None
    link_worker: str | None
    person_name: str

    @staticmethod
    def resolve_status_label(case) -> str:
        return case.get_status_display()

    @staticmethod
    def resolve_closure_reason_label(case) -> str:
        return label_of("closure_reasons", case.closure_reason)

    @staticmethod
    def resolve_not_engaged_reason_label(case) -> str:
        return label_of("not_engaged_reasons", case.not_engaged_reason)

    @staticmethod
    def resolve_holding(case) -> bool:
        return case.is_holding

    @staticmethod
    def resolve_complexity_label(case) -> str:
        return label_of("complexity", case.complexity)

    @staticmethod
    def resolve_practice_code(case) -> str | None:
        return case.practice.code if case.practice else None

    @staticmethod
    def resolve_link_worker(case) -> str | None:
        return case.link_worker.user.get_full_name() if case.link_worker else None

    @staticmethod
    def resolve_person_name(case) -> str:
        return case.person.full_name
