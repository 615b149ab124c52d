"""The community partner's "Referrals you received" report: by quarter and need, received,
accepted and attended, suppressed (it is made to leave the organisation, in funding
bids), on screen and as CSV and XLSX (core/downloads.py) with the very same cells."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from linkwork.core.codelists import codelist
from linkwork.reporting import definitions
from linkwork.reporting.suppression import columns_with_totals

COLUMNS = ("Quarter", "Need", "Received", "Accepted", "Attended")
MEASURES = ("received", "accepted", "attended")
NO_NEED = "Not recorded"
ALL = ("All quarters", "All needs")
HOW_COUNTED = definitions.HOW_COUNTED["received_by_quarter_and_need"]


@dataclass(frozen=True)
class Report:
    rows: list[tuple[str, ...]]  # quarter, need, then each measure as shown
    total: tuple[str, ...]

    @property
    def all_rows(self) -> list[tuple[str, ...]]:
        return [*self.rows, self.total] if self.rows else []


def quarter_label(start: date) -> str:
    """ "Apr to Jun 2026": calendar quarters, named by their months so that no one has to
    know whether Q1 starts in January or April."""
    end_month = date(start.year, start.month + 2, 1)
    return f"{start:%b} to {end_month:%b %Y}"


def report(links: QuerySet, period: definitions.Period | None = None) -> Report:
    """The organisation's links (already scoped to it) as suppressed rows, in quarter then
    need order (never by size, so the order says nothing of a hidden count); of those sent
    in `period` if given, else of every quarter."""
    if period is not None:
        links = definitions.sent_in(links, period)
    counts = definitions.received_by_quarter_and_need(links)
    needs = codelist("needs")
    keys = sorted(counts, key=lambda key: (key[0], needs.label(key[1]) if key[1] else "~"))
    tables = columns_with_totals(
        [[getattr(counts[key], measure) for key in keys] for measure in MEASURES]
    )
    rows = [
        (quarter_label(quarter), needs.label(need) if need else NO_NEED)
        + tuple(table.cells[i] for table in tables)
        for i, (quarter, need) in enumerate(keys)
    ]
    return Report(rows=rows, total=ALL + tuple(table.total for table in tables))
