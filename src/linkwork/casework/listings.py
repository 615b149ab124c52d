"""Caseloads as their pages show them and as files (core/listings.py, decision 0084): a
worker's own on My day, and one worker's open cases on the team lead's handover page."""

from linkwork.casework.models import Case
from linkwork.casework.presenters import open_case_cells
from linkwork.casework.services import AuditAction, audit_cases
from linkwork.core.downloads import Text
from linkwork.core.jinja2_env import uk_date
from linkwork.core.listings import Listing, Row

IDENTIFIERS = ("Case number", "CHI number")


def caseload_listing(cases) -> Listing:
    """My day's caseload; `cases` are annotated with `last_contact`."""
    rows = [Row(case, _caseload_cells(case), _identifiers(case)) for case in cases]
    return Listing(
        ("Person", "Practice", "Complexity", "Last contact", "Status"), rows, IDENTIFIERS
    )


def _caseload_cells(case: Case) -> tuple:
    contact = uk_date(case.last_contact, "j M Y") if case.last_contact else "No contact yet"
    complexity = case.get_complexity_display() or "Not set"
    return (case.person.full_name, case.place_name, complexity, contact, case.get_status_display())


def open_cases_listing(cases) -> Listing:
    """One worker's open cases, as the handover page lists them to choose from."""
    rows = [Row(case, open_case_cells(case), _identifiers(case)) for case in cases]
    return Listing(("Person", "Practice", "Opened", "Complexity"), rows, IDENTIFIERS)


def _identifiers(case: Case) -> tuple:
    return (case.pk, Text(case.person.chi or ""))  # an identifier, kept as typed in a spreadsheet


def exported(request, listing: Listing) -> None:
    """A download of cases: an audit event for each person in it."""
    audit_cases(
        request=request, shown=[(row.item, None) for row in listing.rows], action=AuditAction.EXPORT
    )
