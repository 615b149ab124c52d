"""A list as its page shows it and as a file to download, built by one function so the two
cannot differ (decision 0084). The file is the list's own address with `download=csv` or
`download=xlsx` added to its query string: the same filters, every row rather than one
page, the page's headings, then the identifiers a spreadsheet needs to find a row again."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import BadRequest
from django.utils.http import urlencode

from linkwork.core.downloads import csv_response, xlsx_response

DOWNLOADS = ("csv", "xlsx")


@dataclass(frozen=True)
class Row:
    item: object  # the record, for the page's links and tags
    cells: tuple  # the text under each heading, as the page shows it
    identifiers: tuple = ()  # in the file only: reference numbers, CHI where it may be seen
    tag: object = None  # how the page colours a status cell (its text is in `cells`)


@dataclass(frozen=True)
class Listing:
    head: tuple[str, ...]
    rows: list[Row]
    identifiers: tuple[str, ...] = ()

    def named(self, row: Row) -> dict:
        """A row's cells by heading, for a page that lays a row out as a card."""
        return dict(zip(self.head, row.cells, strict=True))

    def file_rows(self) -> Iterable[tuple]:
        yield (*self.head, *self.identifiers)
        for row in self.rows:
            yield (*row.cells, *row.identifiers)


def download_asked(params) -> str:
    """ "csv", "xlsx" or "" (the page) from a list's query string; anything else is refused."""
    kind = params.get("download", "")
    if kind and kind not in DOWNLOADS:
        raise BadRequest("download must be csv or xlsx: use ?download=csv or ?download=xlsx.")
    return kind


def download(kind: str, filename: str, listing: Listing, *, sheet: str):
    """The list as a file: `filename` without its extension, `sheet` naming the XLSX sheet."""
    if kind == "csv":
        rows = listing.file_rows()
        return csv_response(f"{filename}.csv", next(rows), rows)
    return xlsx_response(f"{filename}.xlsx", {sheet: listing.file_rows()})


def download_or_page(request, filename: str, *, sheet: str, build: Callable, exported=None):
    """The file, when the query string asks for one, else None (the view renders its page).
    `build()` makes the whole Listing; `exported(request, listing)` audits who is in it."""
    kind = download_asked(request.GET)
    if not kind:
        return None
    listing = build()
    if exported is not None:
        exported(request, listing)
    return download(kind, filename, listing, sheet=sheet)


def download_query(params, kind: str) -> str:
    """The list's query string (its filters) without the page number, asking for `kind`."""
    kept = [
        (name, value)
        for name, values in params.lists()
        if name not in ("page", "download")
        for value in values
        if value
    ]
    return "?" + urlencode([*kept, ("download", kind)])
