"""Every dashboard table as a file, with its filters: CSV (the table alone, its filters in
the file's name) and XLSX (the table, and a second sheet saying what it is: area, period,
how it is counted and the suppression rule). Cells are exactly those the page shows."""

import re

from django.http import HttpResponse

from linkwork.core.downloads import csv_response, xlsx_response
from linkwork.reporting.dashboards.tables import FigureTable


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
    return xlsx_response(name, {"Table": [table.head, *table.rows], "About": about_rows})
