"""Reading a CSV file someone saved from a spreadsheet (UTF-8 with or without the byte
order mark Excel writes), or the spreadsheet itself (an XLSX's first sheet): the header
checked against the columns expected, and each row with the line it starts on, as the
spreadsheet shows it (the header is line 1)."""

import csv
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

# The key under which a row's values past the header's last column are kept.
EXTRA_VALUES = "(values past the last column)"


class UnreadableFile(Exception):
    """The file cannot be read at all: "line N: what is wrong"."""


class BadValue(ValueError):
    """A column's value fails its rule; the message says what is wrong and the fix."""


@dataclass(frozen=True)
class Problem:
    """One bad value, where the spreadsheet shows it."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


def column_name(column: str | None) -> str:
    """A column's name as compared: trimmed, lower case."""
    return EXTRA_VALUES if column is None else column.strip().lower()


def header_problem(fieldnames, expected: list[str]) -> str | None:
    """What is wrong with a header ("missing: …; not expected: …; repeated: …"), or None.
    Any order is accepted, and empty trailing columns (Excel) are ignored."""
    found = [column_name(name) for name in fieldnames or []]
    missing = [column for column in expected if column not in found]
    extra = [column for column in found if column and column not in expected]
    repeated = sorted({column for column in found if column and found.count(column) > 1})
    parts = (
        f"missing: {', '.join(missing)}" if missing else "",
        f"not expected: {', '.join(extra)}" if extra else "",
        f"repeated: {', '.join(repeated)}" if repeated else "",
    )
    return "; ".join(part for part in parts if part) or None


def numbered_rows(path: Path, expected: list[str], *, header_fix: str) -> list[tuple[int, dict]]:
    """(the line each row starts on, its values by column name), from a CSV file or the
    first sheet of an XLSX workbook. A wrong header, a file that is not CSV (or XLSX) or
    one with no rows raise UnreadableFile; `header_fix` says what the header must be."""
    header, rows = _xlsx_table(path) if _is_xlsx(path) else _csv_table(path)
    problem = header_problem(header, expected)
    if problem:
        raise UnreadableFile(f"line 1 (header): {header_fix} ({problem})")
    if not rows:
        raise UnreadableFile("line 2: the file has no rows under the header")
    return rows


def _csv_table(path: Path) -> tuple[list, list[tuple[int, dict]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames
            rows, line = [], reader.line_num + 1
            for row in reader:
                rows.append((line, {column_name(k): v for k, v in row.items()}))
                line = reader.line_num + 1
        except csv.Error as error:
            raise UnreadableFile(f"line {reader.line_num}: not readable as CSV ({error})") from None
    return header, rows


XLSX_START = b"PK\x03\x04"  # an XLSX workbook is a zip file


def _is_xlsx(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == XLSX_START


def _xlsx_table(path: Path) -> tuple[list, list[tuple[int, dict]]]:
    """The first sheet as a CSV of it would read: each value as text, empty rows skipped
    (Excel leaves them), values past the header's last column kept apart."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, InvalidFileException) as error:
        raise UnreadableFile(f"line 1: not readable as XLSX ({error})") from None
    lines = book.worksheets[0].iter_rows(values_only=True)
    header = [_text(value) for value in next(lines, ())]
    while header and not header[-1]:
        header.pop()
    rows = []
    for line, values in enumerate(lines, start=2):
        texts = [_text(value) for value in values]
        if any(texts):
            row = {column_name(name): _at(texts, i) for i, name in enumerate(header)}
            if any(texts[len(header) :]):
                row[EXTRA_VALUES] = texts[len(header) :]
            rows.append((line, row))
    book.close()
    return header, rows


def _at(texts: list[str], index: int) -> str | None:
    return texts[index] if index < len(texts) else None


def _text(value) -> str:
    """A cell as it would be written to CSV: dates as 2026-04-01, whole numbers whole."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
