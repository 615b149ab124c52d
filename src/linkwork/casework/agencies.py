"""Other agencies involved in a person's support, and holding a case while the person
waits for one of them. Writes come through here, like casework/services.py: one
transaction, the history's author, an audit event against the person."""

from datetime import date

from django.db import transaction

from linkwork.audit.models import Action as AuditAction
from linkwork.casework import rules
from linkwork.casework.models import Case, CaseAgency
from linkwork.casework.services import refuse, save_on_case
from linkwork.core import clock
from linkwork.core.codelists import codelist

AGENCY_FIELDS = ("agency_type", "name", "contact_name", "contact_role", "phone", "email", "note")
HOLDING_REVIEW_PASSED = "Enter a review date in the future: when will you check how they are?"
HOLDING_REVIEW_MISSING = "Enter the date you will review the holding"
HOLDING_REASON_MISSING = (
    "Enter why the case is holding, e.g. waiting for a mental health appointment"
)
NOT_OPEN = "Only an open case can be put on hold: reopen it first"
NOT_HOLDING = "This case is not holding"
AGENCY_ENDED_BEFORE = "The end date cannot be before the agency was added ({started})"
AGENCY_ENDED_FUTURE = (
    "The end date cannot be in the future: enter today's date or earlier, or end it on the day "
    "their involvement stops"
)


def holding_errors(*, case: Case, reason: str, review_on: date | None) -> dict[str, str]:
    """What holding a case needs: it is open, a reason, a review date after today."""
    if not case.is_open:
        return {"__all__": NOT_OPEN}
    errors = {}
    if not reason.strip():
        errors["holding_reason"] = HOLDING_REASON_MISSING
    if review_on is None:
        errors["holding_review_on"] = HOLDING_REVIEW_MISSING
    elif review_on <= clock.today():
        errors["holding_review_on"] = HOLDING_REVIEW_PASSED
    return errors


def current_agencies(case: Case) -> list[CaseAgency]:
    return [agency for agency in case.agencies.all() if agency.is_current]


@transaction.atomic
def add_agency(*, case: Case, by, request=None, on: date | None = None, **fields) -> CaseAgency:
    refuse(rules.closed_case_errors(case, "an agency"))
    if fields.get("agency_type") not in codelist("agency_types"):
        refuse({"agency_type": "Choose the kind of agency from the list"})
    agency = CaseAgency(case=case, started_on=on or clock.today(), created_by=by)
    for name in AGENCY_FIELDS:
        setattr(agency, name, (fields.get(name) or "").strip())
    return save_on_case(case, agency, by=by, request=request, action=AuditAction.CREATE)


@transaction.atomic
def update_agency(
    *, agency: CaseAgency, by, expected_version: int | None = None, request=None, **fields
) -> CaseAgency:
    for name in AGENCY_FIELDS:
        if name in fields:
            setattr(agency, name, (fields[name] or "").strip())
    return save_on_case(
        agency.case,
        agency,
        by=by,
        request=request,
        action=AuditAction.CHANGE,
        expected_version=expected_version,
        label="agency",
    )


@transaction.atomic
def end_agency(
    *, agency: CaseAgency, by, ended_on: date, expected_version: int | None = None, request=None
) -> CaseAgency:
    """The agency is no longer involved; it stays on the case's record, ended."""
    if ended_on > clock.today():
        refuse({"ended_on": AGENCY_ENDED_FUTURE})
    if ended_on < agency.started_on:
        refuse({"ended_on": AGENCY_ENDED_BEFORE.format(started=f"{agency.started_on:%-d %B %Y}")})
    agency.ended_on = ended_on
    return save_on_case(
        agency.case,
        agency,
        by=by,
        request=request,
        action=AuditAction.CHANGE,
        expected_version=expected_version,
        label="agency",
    )


@transaction.atomic
def hold_case(
    *,
    case: Case,
    by,
    reason: str,
    review_on: date | None,
    waiting_for: str = "",
    expected_version: int | None = None,
    request=None,
) -> Case:
    """Hold an open case: the person waits for another service and the worker keeps light
    contact until the review date. Holding again changes the reason or the date."""
    refuse(holding_errors(case=case, reason=reason, review_on=review_on))
    case.holding_since = case.holding_since or clock.today()
    case.holding_reason = reason.strip()
    case.holding_with = waiting_for.strip()
    case.holding_review_on = review_on
    return _save(case, by=by, request=request, expected_version=expected_version)


@transaction.atomic
def end_holding(*, case: Case, by, expected_version: int | None = None, request=None) -> Case:
    if not case.is_holding:
        refuse({"__all__": NOT_HOLDING})
    clear_holding(case)
    return _save(case, by=by, request=request, expected_version=expected_version)


def clear_holding(case: Case) -> None:
    """Holding ends (on the case page, or when the case closes); history keeps it."""
    case.holding_since = None
    case.holding_reason = ""
    case.holding_with = ""
    case.holding_review_on = None


def _save(case: Case, *, by, request, expected_version: int | None) -> Case:
    return save_on_case(
        case,
        case,
        by=by,
        request=request,
        action=AuditAction.CHANGE,
        expected_version=expected_version,
        label="case",
    )


def holding_cases(cases):
    """Open cases held, soonest review first."""
    return cases.filter(status="open", holding_since__isnull=False).order_by(
        "holding_review_on", "pk"
    )
