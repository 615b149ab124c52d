"""What the list-download tests share: a page's table as text, and a download's rows."""

import csv
import io
from html.parser import HTMLParser

import openpyxl

from linkwork.core.downloads import spreadsheet_safe

HIDDEN = ("nhsuk-table__heading", "nhsuk-u-visually-hidden")


class _Tables(HTMLParser):
    """Each table's rows, as a reader sees them (the responsive table's repeated headings
    and visually hidden words left out)."""

    def __init__(self):
        super().__init__()
        self.tables = []
        self._cell = None
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "span" and (self._hidden or any(c in classes for c in HIDDEN)):
            self._hidden += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "span" and self._hidden:
            self._hidden -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def page_table(html: str, index: int = 0) -> tuple[list[str], list[list[str]]]:
    """The headings and rows of the page's `index`th table (none: empty)."""
    parser = _Tables()
    parser.feed(html)
    if index >= len(parser.tables):
        return [], []
    rows = [row for row in parser.tables[index] if row]
    return rows[0], rows[1:]


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def xlsx_rows(response) -> list[list[str]]:
    """Every cell as text (a count or a reference number is stored as a number)."""
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book[book.sheetnames[0]]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def both(client, url: str, params: dict) -> list[list[list[str]]]:
    """The CSV's and the XLSX's rows of a list under `params`."""
    return [
        csv_rows(client.get(url, {**params, "download": "csv"})),
        xlsx_rows(client.get(url, {**params, "download": "xlsx"})),
    ]


def matches_page(page_head, page_rows, file_rows) -> None:
    """The file's first columns are the page's, heading for heading and row for row (text
    that would run as a formula starting with an apostrophe in the file)."""
    width = len(page_head)
    assert file_rows[0][:width] == page_head
    safe = [[spreadsheet_safe(cell) for cell in row] for row in page_rows]
    assert [row[:width] for row in file_rows[1:]] == safe
