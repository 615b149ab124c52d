"""Every dashboard table as a file, with its filters: CSV (the table alone, its filters in
the file's name) and XLSX (the table, and a second sheet saying what it is: area, period,
how it is counted and the suppression rule, or that there is none); and every table of
the page in one workbook, a sheet each, for a quarterly return. Cells are exactly those
the page shows."""

import re

from django.http import HttpResponse

from linkwork.core.downloads import csv_response, xlsx_response
from linkwork.reporting.dashboards.tables import FigureTable


def filename(table: FigureTable, place: str, period, extension: str) -> str:
    return _name(table.key, place, period, extension)


def _name(what: str, place: str, period, extension: str) -> str:
    words = f"{what} {place} {period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}"
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-") + f".{extension}"


def as_csv(table: FigureTable, name: str):
    return csv_response(name, table.head, table.rows)


def about(table: FigureTable, place: str, period, explanation: str) -> list[list[str]]:
    rows = [["Table", table.title], *_filters(place, period)]
    rows.append(["How this is counted", table.how_counted])
    rows.append(["Small numbers", explanation])
    return rows


def _filters(place: str, period) -> list[list[str]]:
    return [
        ["Area", place],
        ["From", period.start.isoformat()],
        ["To (included)", period.end.isoformat()],
    ]


def as_xlsx(table: FigureTable, name: str, about_rows: list[list[str]]) -> HttpResponse:
    return xlsx_response(name, {"Table": [table.head, *table.rows], "About": about_rows})


def workbook(tables: list[FigureTable], place: str, period, explanation: str) -> HttpResponse:
    """Every table in one XLSX: "About" first (area, period, the small-numbers rule or that
    the counts are as recorded, then each sheet's table, how it is counted and any note the
    page gives it), then a sheet per table named by its key, as its own file holds it."""
    about_rows = [*_filters(place, period), ["Small numbers", explanation]]
    about_rows += [[], ["Sheet", "Table", "How this is counted", "Note"]]
    about_rows += [[t.key, t.title, t.how_counted, t.note or ""] for t in tables]
    sheets = {"About": about_rows}
    sheets |= {table.key[:SHEET_NAME]: [table.head, *table.rows] for table in tables}
    return xlsx_response(_name("dashboard", place, period, "xlsx"), sheets)


SHEET_NAME = 31  # the longest sheet name a workbook takes
