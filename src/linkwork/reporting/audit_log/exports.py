"""The audit log as CSV: the filtered list, and one person's access history for a subject
access request. Plain column names; one row per entry."""

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse
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
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _when(event) -> str:
    return f"{timezone.localtime(event.at):%Y-%m-%d %H:%M:%S}"


def log_rows(events) -> Iterable[list]:
    for event, names in in_batches(events):
        yield [
            event.seq,
            _when(event),
            who(event),
            event.get_action_display(),
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


def spreadsheet_safe(value) -> str:
    """Text that a spreadsheet shows rather than runs: names come from public forms too."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, columns: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    body = (writer.writerow([spreadsheet_safe(v) for v in row]) for row in rows)
    # The byte order mark tells Excel the file is UTF-8 (names with accents stay whole).
    header = "\ufeff" + writer.writerow(columns)
    response = StreamingHttpResponse(_then(header, body), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _then(first: str, rest: Iterable[str]) -> Iterable[str]:
    yield first
    yield from rest
