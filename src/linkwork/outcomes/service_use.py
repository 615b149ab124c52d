"""GP appointment counts: importing a practice's extract, and "did it release GP time?".

The extract is a CSV with exactly the columns `chi, month, appointments` (one row per
person per month, months as YYYY-MM). The whole file is checked before anything is
stored; any bad row stops the import, and every problem is reported with its line,
field and fix. Only counts are stored, against people linkwork already knows by CHI.
Importing the same file again changes nothing: counts are kept per (person, month).

The comparison takes the six whole calendar months before the month the person was
referred and the six whole months after the month their case closed. A person counts
only when all twelve months are in the data; months missing from an extract are not
assumed to be zero, and how many people lacked them is reported.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.text import capfirst

from linkwork.audit.models import Action as AuditAction
from linkwork.audit.services import record
from linkwork.casework.models import Case, CaseStatus, Person
from linkwork.core.chi import check_chi, normalise_chi
from linkwork.core.csvfiles import EXTRA_VALUES, UnreadableFile, numbered_rows
from linkwork.core.recording import save_recorded
from linkwork.outcomes.models import AppointmentCount

COLUMNS = ("chi", "month", "appointments")
WINDOW_MONTHS = 6
ACTOR = "linkwork import-appointments"


class ImportRefused(Exception):
    """The file is not imported; `problems` says every row, column and fix."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was imported")


@dataclass
class ImportResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


MONTH = re.compile(r"(\d{4})-(\d{2})")
COUNT = re.compile(r"[0-9]+")
MOST_IN_A_MONTH = 999  # a monthly count above this is a typing mistake, not a person


def _month(text: str) -> date | None:
    found = MONTH.fullmatch(text.strip())
    if found is None:
        return None
    try:
        return date(int(found[1]), int(found[2]), 1)
    except ValueError:
        return None


def _count_problem(text: str) -> str | None:
    """Why `text` is not a monthly count, or None when it is one."""
    text = text.strip()
    if not text:
        return "is empty; write the number of appointments, 0 if none"
    if COUNT.fullmatch(text):
        if int(text) > MOST_IN_A_MONTH:
            return f"{text} is more than {MOST_IN_A_MONTH} in a month; check the extract"
        return None
    if re.fullmatch(r"-\s*[0-9.]+", text):
        return f"{text!r} is negative; a count is 0 or more"
    if re.fullmatch(r"[0-9]*\.[0-9]+", text):
        return f"{text!r} is not a whole number; a count has no decimals"
    return f"{text!r} is not a count; use a whole number, 0 or more"


def _checked_row(line: int, row: dict, people: dict, this_month: date) -> tuple | list[str]:
    """(person, month, count) for a good row, or its problems, each naming line and field."""
    if row.get(EXTRA_VALUES):
        return [f"Line {line}: it has more values than the three columns; check for commas"]
    problems = []
    chi = normalise_chi(row.get("chi"))
    check = check_chi(chi)
    if not check.is_valid:
        problems.append(f"Line {line}, field chi: {check.message}")
    elif chi not in people:
        problems.append(
            f"Line {line}, field chi: {chi} is not a person linkwork knows; "
            "remove the row (only people referred to the service can be counted)"
        )
    month = _month(row.get("month") or "")
    if month is None:
        problems.append(
            f"Line {line}, field month: {row.get('month') or ''!r} is not a month; "
            "write it as YYYY-MM, for example 2026-03"
        )
    elif month > this_month:
        problems.append(
            f"Line {line}, field month: {row['month'].strip()} is in the future; "
            "give this month or an earlier one"
        )
    if (why := _count_problem(row.get("appointments") or "")) is not None:
        problems.append(f"Line {line}, field appointments: {why}")
    if problems:
        return problems
    return people[chi], month, int(row["appointments"].strip())


def _rows(path: Path) -> list[tuple[int, dict]]:
    """(the line each row starts on, its values by lower-case column name)."""
    try:
        return numbered_rows(
            path, COLUMNS, header_fix="the columns must be exactly chi, month, appointments"
        )
    except UnreadableFile as error:
        raise ImportRefused([capfirst(str(error))]) from None


def read_extract(path: Path) -> list[tuple]:
    """Every row checked, or ImportRefused listing every problem."""
    rows = _rows(path)
    # One record per HSCP that has worked with the person: each gets the GP's counts.
    people = defaultdict(list)
    for person in Person.objects.filter(chi__isnull=False).only("pk", "chi", "hscp_id"):
        people[person.chi].append(person)
    this_month = timezone.localdate().replace(day=1)
    good, problems, seen = [], [], {}
    for line, row in rows:
        checked = _checked_row(line, row, people, this_month)
        if isinstance(checked, list):
            problems += checked
            continue
        key = (checked[0][0].chi, checked[1])
        if key in seen:
            problems.append(
                f"Line {line}, fields chi and month: the same person and month as line "
                f"{seen[key]}; keep one of them"
            )
            continue
        seen[key] = line
        good.append(checked)
    if problems:
        raise ImportRefused(problems)
    return good


@transaction.atomic
def import_appointments(path: Path, *, by=None) -> ImportResult:
    """Store the extract's counts; the same file twice changes nothing."""
    result = ImportResult()
    for people, month, count in read_extract(path):
        for person in people:
            outcome = record_appointment_count(
                person=person, month=month, appointments=count, by=by
            )
            setattr(result, outcome, getattr(result, outcome) + 1)
    return result


@transaction.atomic
def record_appointment_count(*, person, month: date, appointments: int, by=None) -> str:
    """One person's count for one month: "created", "changed" or "unchanged"."""
    existing = AppointmentCount.objects.filter(person=person, month=month).first()
    if existing is not None and existing.appointments == appointments:
        return "unchanged"
    row = existing or AppointmentCount(person=person, month=month)
    row.appointments = appointments
    save_recorded(
        row,
        by=by,
        audit=lambda saved: record(
            action=AuditAction.CHANGE if existing else AuditAction.CREATE,
            actor=by,
            actor_username="" if by else ACTOR,
            obj=saved,
            person_id=person.pk,
            hscp_id=person.hscp_id,
        ),
    )
    return "changed" if existing else "created"


# The comparison


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class PersonServiceUse:
    case_id: int
    person_id: int
    before: int | None  # appointments in the six months before referral
    after: int | None  # appointments in the six months after closure

    @property
    def complete(self) -> bool:
        return self.before is not None and self.after is not None

    @property
    def change(self) -> int | None:
        return self.after - self.before if self.complete else None


@dataclass
class ServiceUseSummary:
    people: list[PersonServiceUse] = field(default_factory=list)
    not_yet_six_months: int = 0  # closed too recently for the after window

    @property
    def compared(self) -> list[PersonServiceUse]:
        return [p for p in self.people if p.complete]

    @property
    def missing_months(self) -> int:
        return len(self.people) - len(self.compared)

    @property
    def total_before(self) -> int:
        return sum(p.before for p in self.compared)

    @property
    def total_after(self) -> int:
        return sum(p.after for p in self.compared)

    def mean(self, attribute: str) -> Decimal | None:
        if not self.compared:
            return None
        total = sum(getattr(p, attribute) for p in self.compared)
        return (Decimal(total) / len(self.compared)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def fewer(self) -> int:
        return sum(1 for p in self.compared if p.change < 0)


def referred_month(case) -> date:
    received = [r.received_on for r in case.referrals.all()]
    return min(received or [case.opened_on]).replace(day=1)


def _sum_window(counts: dict, first: date) -> int | None:
    months = [add_months(first, n) for n in range(WINDOW_MONTHS)]
    if any(month not in counts for month in months):
        return None
    return sum(counts[month] for month in months)


def compare_service_use(cases=None) -> ServiceUseSummary:
    """Appointments in the six months before referral against the six after closure,
    per person and in total, for closed cases (all closed cases unless given a queryset
    already scoped by the caller's authorisation)."""
    cases = (cases if cases is not None else Case.objects.all()).filter(status=CaseStatus.CLOSED)
    last_whole_month = add_months(timezone.localdate().replace(day=1), -1)
    counts: dict[int, dict] = {}
    rows = AppointmentCount.objects.filter(person__cases__in=cases).distinct().order_by()
    for person, month, appointments in rows.values_list("person_id", "month", "appointments"):
        counts.setdefault(person, {})[month] = appointments
    summary = ServiceUseSummary()
    # Only the columns the comparison reads, and each case's first referral from a
    # queryset of its own (so no filter of the caller's narrows which referrals count).
    closed = (
        Case.objects.filter(pk__in=cases.values("pk"))
        .annotate(first_received=Min("referrals__received_on"))
        .order_by("pk")
        .values_list("pk", "person_id", "opened_on", "closed_on", "first_received")
    )
    for case, person, opened_on, closed_on, first_received in closed:
        after_start = add_months(closed_on.replace(day=1), 1)
        if add_months(after_start, WINDOW_MONTHS - 1) > last_whole_month:
            summary.not_yet_six_months += 1
            continue
        person_counts = counts.get(person, {})
        referred = (first_received or opened_on).replace(day=1)
        summary.people.append(
            PersonServiceUse(
                case_id=case,
                person_id=person,
                before=_sum_window(person_counts, add_months(referred, -WINDOW_MONTHS)),
                after=_sum_window(person_counts, after_start),
            )
        )
    return summary
