"""The monthly digest of what changed in an HSCP's directory, for its link workers and team
leads: new services, services closed or changed, capacity changes, read from the services'
history (django-simple-history), and the services the team verified this week ("who did
you meet this week"). A page and an email (`linkwork directory-digest`); it names no
person who uses the service (decision 0102)."""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from linkwork.core.codelists import codelist
from linkwork.core.history import name
from linkwork.directory.models import Service, ServiceStatus, Verification
from linkwork.directory.presenters import UNTOLD

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MONTH_FORMAT = "Enter the month as year and month, for example 2026-11"
# Bookkeeping of checking and capacity, told in their own sections or not at all.
NOT_A_CHANGE = UNTOLD | {
    "capacity_status",
    "capacity_wait_weeks",
    "capacity_note",
    "last_verified_on",
    "last_verified_by",
    "review_due_on",
    "status",
}
ACTIVE = ServiceStatus.ACTIVE.value


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included
    label: str

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.start, time.min, tzinfo=zone)
        return start, datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)


def period(month: str = "", today: date | None = None) -> Period:
    """A calendar month given as YYYY-MM (to today, if it is this month), else the month to
    today. ValueError with the form's message for anything else."""
    today = today or timezone.localdate()
    if not month:
        start = _month_before(today) + timedelta(days=1)
        return Period(start, today, f"the month to {today:%-d %B %Y}")
    found = MONTH.match(month.strip())
    if not found or not 1 <= int(found[2]) <= 12:
        raise ValueError(MONTH_FORMAT)
    year, number = int(found[1]), int(found[2])
    start = date(year, number, 1)
    if start > today:
        raise ValueError("Choose this month or an earlier one: the digest tells what happened")
    end = min(date(year, number, calendar.monthrange(year, number)[1]), today)
    return Period(start, end, f"{start:%B %Y}")


def _month_before(day: date) -> date:
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class ServiceChange:
    service: Service
    at: datetime
    detail: str = ""


@dataclass
class Digest:
    hscp: object
    period: Period
    new: list[ServiceChange] = field(default_factory=list)
    closed: list[ServiceChange] = field(default_factory=list)
    changed: list[ServiceChange] = field(default_factory=list)
    capacity: list[ServiceChange] = field(default_factory=list)
    met: list[Verification] = field(default_factory=list)  # verified this week

    @property
    def empty(self) -> bool:
        return not (self.new or self.closed or self.changed or self.capacity or self.met)


def in_area(hscp) -> Q:
    """The HSCP's services: its organisations' and those it also lists (as its keepers')."""
    return Q(organisation__hscp=hscp) | Q(listed_by=hscp)


def build(hscp, when: Period, today: date | None = None) -> Digest:
    digest = Digest(hscp=hscp, period=when)
    ids = set(Service.objects.filter(in_area(hscp)).values_list("pk", flat=True))
    start, end = when.bounds()
    touched = set(
        Service.history.filter(id__in=ids, history_date__gte=start, history_date__lt=end)
        .values_list("id", flat=True)
        .distinct()
    )
    services = Service.objects.select_related("organisation").in_bulk(touched)
    rows = Service.history.filter(id__in=touched, history_date__lt=end).order_by(
        "id", "history_date", "history_id"
    )
    by_service: dict[int, list] = {}
    for row in rows:
        by_service.setdefault(row.id, []).append(row)
    for pk, versions in by_service.items():
        _tell(digest, services[pk], versions, start)
    for kind in ("new", "closed", "changed", "capacity"):
        getattr(digest, kind).sort(key=lambda change: (change.at, change.service.name))
    digest.met = _met_this_week(ids, today or timezone.localdate())
    return digest


def _tell(digest: Digest, service, versions: list, start: datetime) -> None:
    """What one service's versions in the period add up to: new, or closed, changed and a
    capacity change from where it stood before the period to where it stands at its end."""
    before = [v for v in versions if v.history_date < start]
    during = [v for v in versions if v.history_date >= start]
    last = during[-1]
    if not before:
        digest.new.append(ServiceChange(service, during[0].history_date, _capacity(last)))
        return
    was = before[-1]
    if was.status == ACTIVE and last.status != ACTIVE:
        digest.closed.append(ServiceChange(service, last.history_date, _status(last.status)))
    elif was.status != ACTIVE and last.status == ACTIVE:
        digest.changed.append(ServiceChange(service, last.history_date, "Open again"))
    fields = _changed_fields(service, [was, *during])
    if fields:
        digest.changed.append(ServiceChange(service, last.history_date, ", ".join(fields)))
    if _capacity(was) != _capacity(last):
        detail = f"{_capacity(was)} → {_capacity(last)}"
        digest.capacity.append(ServiceChange(service, _capacity_at(during), detail))


def _changed_fields(service, versions: list) -> list[str]:
    changed = []
    for earlier, later in zip(versions, versions[1:], strict=False):
        for name_ in later.diff_against(earlier).changed_fields:
            label = str(service._meta.get_field(name_).verbose_name)
            if name_ not in NOT_A_CHANGE and label not in changed:
                changed.append(label)
    return [label[:1].upper() + label[1:] for label in changed]


def _capacity(version) -> str:
    text = codelist("capacity_statuses").label(version.capacity_status)
    if version.capacity_status == "waiting_list" and version.capacity_wait_weeks:
        text = f"Waiting list: about {version.capacity_wait_weeks} weeks"
    return text


def _capacity_at(versions: list) -> datetime:
    """When the capacity last changed in the period."""
    changes = [
        v.history_date
        for earlier, v in zip(versions, versions[1:], strict=False)
        if _capacity(earlier) != _capacity(v)
    ]
    return changes[-1] if changes else versions[-1].history_date


def _status(status: str) -> str:
    return ServiceStatus(status).label if status in ServiceStatus.values else status


def _met_this_week(ids, today: date) -> list[Verification]:
    """Services the team checked in the last seven days (a visit or a call: "who did you
    meet this week"), newest first."""
    return list(
        Verification.objects.filter(service_id__in=ids, verified_on__gt=today - timedelta(days=7))
        .select_related("service__organisation", "verified_by")
        .order_by("-verified_on", "-pk")
    )


def as_text(digest: Digest, page_url: str = "") -> str:
    """The digest as the email's plain text: no one who uses a service is in it."""
    lines = [f"What changed in {digest.hscp}'s directory in {digest.period.label}.", ""]
    sections = (
        ("New services", digest.new),
        ("Closed or paused", digest.closed),
        ("Changed", digest.changed),
        ("Capacity changes", digest.capacity),
    )
    for title, changes in sections:
        lines.append(f"{title} ({len(changes)})")
        lines += [
            f"- {c.service.name} ({c.service.organisation.name}): {c.detail}".rstrip(": ")
            for c in changes
        ] or ["- None"]
        lines.append("")
    if digest.met:
        lines.append("Who the team met this week (services verified)")
        lines += [
            f"- {v.service.name}, {v.verified_on:%-d %b} by {name(v.verified_by) or 'the team'}"
            for v in digest.met
        ]
        lines.append("")
    if page_url:
        lines.append(f"The digest in linkwork: {page_url}")
    return "\n".join(lines)
