"""How a worker's time splits across the three domains, week by week: patient-facing time
from their attended sessions, practice- and community-based time from the activity they
logged (each kind's domain is in activity_kinds.csv), beside the service's intended
balance. Decision 0092."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone

from linkwork.activity.models import Activity
from linkwork.activity.services import KINDS, PRACTICE_TEAM_KINDS, WEEKS_LOGGED
from linkwork.casework.models import Session
from linkwork.casework.rules import ATTENDED_OUTCOMES
from linkwork.casework.timeline import start_of
from linkwork.core import clock

DOMAINS = ("patient", "practice", "community")  # the three the balance is between
PARTS = (*DOMAINS, "other")  # training, supervision, travel, admin: outside the balance
LABELS = {
    "patient": "Patient-facing",
    "practice": "Practice-based",
    "community": "Community-based",
    "other": "Other",
}
WEEKS = WEEKS_LOGGED  # the weeks time may be logged for, all of them shown
# A share this many percentage points or more from the intended one is highlighted.
GAP_POINTS = 15
DOMAIN_OF = {code.code: code.extra["domain"] for code in KINDS.codes}


def week_of(day: date) -> date:
    """The Monday a day's week begins on."""
    return day - timedelta(days=day.weekday())


def recent_weeks(weeks: int = WEEKS, today: date | None = None) -> list[date]:
    """The Mondays of the last `weeks` weeks, this one last."""
    this_week = week_of(today or clock.today())
    return [this_week - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


@dataclass
class Split:
    minutes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PARTS, 0))

    @property
    def balanced(self) -> int:
        """Minutes across the three domains, the whole the shares are of."""
        return sum(self.minutes[domain] for domain in DOMAINS)

    @property
    def total(self) -> int:
        return sum(self.minutes.values())

    def share(self, domain: str) -> int | None:
        """Percent of the three domains' time, None when there was none."""
        whole = self.balanced
        return round(100 * self.minutes[domain] / whole) if whole else None

    def add(self, other: "Split") -> None:
        for part in PARTS:
            self.minutes[part] += other.minutes[part]


def intended() -> dict[str, int]:
    return settings.LINKWORK_INTENDED_TIME_SPLIT


def gap(split: Split, domain: str) -> int | None:
    """Actual share less intended, in percentage points (None with no time to compare)."""
    share = split.share(domain)
    return None if share is None else share - intended()[domain]


def weekly_splits(workers, weeks: list[date]) -> dict[int, dict[date, Split]]:
    """{worker id: {Monday: Split}} over `weeks`, for every worker given."""
    first, end = weeks[0], weeks[-1] + timedelta(days=7)
    splits = {worker.pk: {week: Split() for week in weeks} for worker in workers}
    sessions = Session.objects.filter(
        case__link_worker__in=list(splits),
        outcome__in=ATTENDED_OUTCOMES,
        duration_minutes__isnull=False,
        starts_at__gte=start_of(first),
        starts_at__lt=start_of(end),
    ).values_list("case__link_worker_id", "starts_at", "duration_minutes")
    for worker_id, starts_at, minutes in sessions:
        splits[worker_id][week_of(timezone.localdate(starts_at))].minutes["patient"] += minutes
    logged = (
        Activity.objects.current()
        .filter(link_worker__in=list(splits), on__gte=first, on__lt=end)
        .values_list("link_worker_id", "on", "kind", "minutes")
    )
    for worker_id, on, kind, minutes in logged:
        splits[worker_id][week_of(on)].minutes[DOMAIN_OF[kind]] += minutes
    return splits


def overall(by_week: dict[date, Split]) -> Split:
    whole = Split()
    for split in by_week.values():
        whole.add(split)
    return whole


def practice_team_time(activities, weeks: list[date]) -> dict[str, dict[date, dict[str, int]]]:
    """{practice name: {Monday: {kind: minutes}}}: the time workers logged with each practice's
    team, from `activities` (already only what the viewer may see)."""
    first, end = weeks[0], weeks[-1] + timedelta(days=7)
    table = defaultdict(lambda: {week: dict.fromkeys(PRACTICE_TEAM_KINDS, 0) for week in weeks})
    rows = (
        activities.current()
        .filter(kind__in=PRACTICE_TEAM_KINDS, practice__isnull=False, on__gte=first, on__lt=end)
        .values_list("practice__name", "on", "kind", "minutes")
    )
    for practice, on, kind, minutes in rows:
        table[practice][week_of(on)][kind] += minutes
    return dict(table)


def logged_in_practices(workers, practices, since: date, until: date):
    """Practice-based time a worker logged at a practice (meetings, MDTs, development
    sessions), as a source of placements' time in each practice: (worker id, practice id,
    minutes, entries)."""
    practice_kinds = [code for code, domain in DOMAIN_OF.items() if domain == "practice"]
    rows = (
        Activity.objects.current()
        .filter(
            link_worker__in=workers,
            practice__in=practices,
            kind__in=practice_kinds,
            on__gte=since,
            on__lte=until,
        )
        .values_list("link_worker_id", "practice_id")
        .annotate(total=Sum("minutes"), count=Count("pk"))
    )
    return list(rows)
