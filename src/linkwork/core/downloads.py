"""Tables as files to download: CSV (streamed, UTF-8 with the byte order mark Excel needs)
and XLSX (a sheet per table). Every cell is made safe to open in a spreadsheet: text that
would run as a formula (names come from public forms too) starts with an apostrophe, and
control characters a form let through (which a workbook cannot hold) are left out."""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_safe(value) -> str:
    """Text that a spreadsheet shows rather than runs, without the control characters
    (other than tab and line breaks) that an XLSX cannot hold; they are left out before
    the check, so that none hides a formula's first character."""
    text = _printable(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _printable(value) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, columns: Iterable, rows: Iterable[Iterable]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    body = (writer.writerow([spreadsheet_safe(v) for v in row]) for row in rows)
    # The byte order mark tells Excel the file is UTF-8 (names with accents stay whole).
    header = "\ufeff" + writer.writerow([spreadsheet_safe(v) for v in columns])
    response = StreamingHttpResponse(_then(header, body), content_type=CSV)
    return _attachment(response, filename)


def _then(first: str, rest: Iterable[str]) -> Iterable[str]:
    yield first
    yield from rest


def xlsx_response(filename: str, sheets: dict[str, Iterable[Iterable]]) -> HttpResponse:
    """A workbook with a sheet per entry (its name, then its rows, the header first)."""
    book = Workbook(write_only=True)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return _attachment(HttpResponse(out.getvalue(), content_type=XLSX), filename)


class Text(str):
    """A value kept as text even when it is all digits: a code or an identifier (a SNOMED CT
    id has up to 18 digits, more than a spreadsheet's number keeps)."""


def _cell(value):
    """A count as a number (so a spreadsheet adds it up); anything else (<5, *, a label, a
    share, a code with a leading zero, `Text`) as text that never runs as a formula."""
    if isinstance(value, Text):
        return spreadsheet_safe(value)
    if isinstance(value, int):
        return value
    text = _printable(value)
    if text.isdigit() and (text == "0" or not text.startswith("0")):
        return int(text)
    return spreadsheet_safe(text)


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
