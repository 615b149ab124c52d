"""Reading a CSV file someone saved from a spreadsheet: UTF-8 with or without the byte
order mark Excel writes, the header checked against the columns expected, and each row with
the line it starts on, as the spreadsheet shows it (the header is line 1)."""

import csv
from dataclasses import dataclass
from pathlib import Path

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
    """(the line each row starts on, its values by column name). A wrong header, a file
    that is not CSV or one with no rows raise UnreadableFile; `header_fix` says what the
    header must be."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        try:
            problem = header_problem(reader.fieldnames, expected)
            if problem:
                raise UnreadableFile(f"line 1 (header): {header_fix} ({problem})")
            rows, line = [], reader.line_num + 1
            for row in reader:
                rows.append((line, {column_name(k): v for k, v in row.items()}))
                line = reader.line_num + 1
        except csv.Error as error:
            raise UnreadableFile(f"line {reader.line_num}: not readable as CSV ({error})") from None
    if not rows:
        raise UnreadableFile("line 2: the file has no rows under the header")
    return rows
