"""Every dashboard table as a file, with its filters: CSV (the table alone, its filters in
the file's name) and XLSX (the table, and a second sheet saying what it is: area, period,
how it is counted and the suppression rule). Cells are exactly those the page shows."""

import io
import re

from django.http import HttpResponse
from openpyxl import Workbook

from linkwork.reporting.audit_log.exports import csv_response, spreadsheet_safe
from linkwork.reporting.dashboards.tables import FigureTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(table: FigureTable, place: str, period, extension: str) -> str:
    words = f"{table.key} {place} {period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}"
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-") + f".{extension}"


def as_csv(table: FigureTable, name: str):
    return csv_response(name, table.head, table.rows)


def about(table: FigureTable, place: str, period, explanation: str) -> list[list[str]]:
    rows = [
        ["Table", table.title],
        ["Area", place],
        ["From", period.start.isoformat()],
        ["To (included)", period.end.isoformat()],
        ["How this is counted", table.how_counted],
    ]
    if explanation:
        rows.append(["Small numbers", explanation])
    return rows


def as_xlsx(table: FigureTable, name: str, about_rows: list[list[str]]) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Table")
    sheet.append([spreadsheet_safe(cell) for cell in table.head])
    for row in table.rows:
        sheet.append([_cell(cell) for cell in row])
    notes = book.create_sheet("About")
    for row in about_rows:
        notes.append([spreadsheet_safe(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _cell(text: str):
    """A count as a number (so a spreadsheet adds it up); anything else (<5, *, a label,
    a share) as text that never runs as a formula."""
    return int(text) if text.isdigit() else spreadsheet_safe(text)
