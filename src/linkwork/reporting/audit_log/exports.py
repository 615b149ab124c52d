"""The audit log as CSV: the filtered list, and one person's access history for a subject
access request. Plain column names; one row per entry."""

from collections.abc import Iterable

from django.utils import timezone

from linkwork.reporting.audit_log.pages import page_name
from linkwork.reporting.audit_log.presenters import in_batches, record_words, who

LOG_COLUMNS = [
    "Entry number",
    "Date and time (UK)",
    "Who",
    "What",
    "Whose record",
    "Page",
    "Why it was allowed",
    "Record",
    "HSCP",
    "From address",
]
ACCESS_COLUMNS = [
    "Date and time (UK)",
    "Who",
    "What",
    "Page",
    "Why it was allowed",
    "Record",
    "Person record number",
]


def _when(event) -> str:
    return f"{timezone.localtime(event.at):%Y-%m-%d %H:%M:%S}"


def log_rows(events) -> Iterable[list]:
    for event, names in in_batches(events):
        yield [
            event.seq,
            _when(event),
            who(event),
            names.what(event),
            names.whose(event),
            page_name(event.path),
            names.why(event),
            record_words(event),
            names.hscps.get(event.hscp_id, ""),
            event.ip_address or "",
        ]


def access_rows(events) -> Iterable[list]:
    for event, names in in_batches(events):
        yield [
            _when(event),
            who(event),
            event.get_action_display(),
            page_name(event.path),
            names.why(event),
            record_words(event),
            event.person_id,
        ]
