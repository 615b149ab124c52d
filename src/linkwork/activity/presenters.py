"""What the time pages show: minutes as hours, each worker's split beside the intended
balance, the team's table as a file and a chart."""

from dataclasses import dataclass
from datetime import date

from linkwork.activity import time_split
from linkwork.activity.services import KINDS, PRACTICE_TEAM_KINDS
from linkwork.activity.time_split import DOMAINS, LABELS, PARTS, Split
from linkwork.core import charts
from linkwork.core.listings import Listing, Row


def as_hours(minutes: int) -> str:
    """120 → "2 h", 90 → "1 h 30 min", 0 → "0"."""
    hours, rest = divmod(minutes, 60)
    words = [f"{hours} h" if hours else "", f"{rest} min" if rest else ""]
    return " ".join(filter(None, words)) or "0"


@dataclass(frozen=True)
class Share:
    label: str
    minutes: int
    share: int | None
    intended: int
    gap: int | None

    @property
    def flagged(self) -> bool:
        return self.gap is not None and abs(self.gap) >= time_split.GAP_POINTS

    @property
    def text(self) -> str:
        if self.share is None:
            return f"No time logged (intended {self.intended}%)"
        return f"{self.share}% (intended {self.intended}%)"

    @property
    def gap_text(self) -> str:
        side = "above" if self.gap > 0 else "below"
        return f"{abs(self.gap)} points {side}"


def shares(split: Split) -> list[Share]:
    intended = time_split.intended()
    return [
        Share(
            LABELS[domain],
            split.minutes[domain],
            split.share(domain),
            intended[domain],
            time_split.gap(split, domain),
        )
        for domain in DOMAINS
    ]


@dataclass(frozen=True)
class WorkerTime:
    worker: object
    weeks: list[tuple[date, Split]]
    whole: Split

    @property
    def name(self) -> str:
        return str(self.worker)

    @property
    def shares(self) -> list[Share]:
        return shares(self.whole)

    @property
    def flagged(self) -> bool:
        return any(share.flagged for share in self.shares)


def team_time(workers, weeks: list[date]) -> list[WorkerTime]:
    splits = time_split.weekly_splits(workers, weeks)
    return [
        WorkerTime(worker, list(splits[worker.pk].items()), time_split.overall(splits[worker.pk]))
        for worker in workers
    ]


def team_listing(team: list[WorkerTime]) -> Listing:
    """Minutes per worker per week, as the page's tables show them, for the file."""
    head = ("Link worker", "Week beginning", *(f"{LABELS[p]} (minutes)" for p in PARTS), "Total")
    rows = [
        Row(item=row, cells=(row.name, week, *(split.minutes[p] for p in PARTS), split.total))
        for row in team
        for week, split in row.weeks
    ]
    return Listing(head=head, rows=rows)


def team_chart(team: list[WorkerTime], weeks: list[date]) -> charts.Chart:
    rows = [
        (row.name, LABELS[part], round(row.whole.minutes[part] / 60, 1))
        for row in team
        for part in PARTS
    ]
    return charts.stacked_bars(
        rows,
        title=f"Hours by domain over the {len(weeks)} weeks",
        description="Each worker's hours, patient-facing, practice-based, community-based "
        "and other, stacked; the table above has the same numbers as percentages.",
        x="Link worker",
        colour="Domain",
        value="Hours",
    )


def practice_table(by_week: dict[date, dict[str, int]]) -> dict:
    """One practice's team time as a table: a row a week, a column a kind, and a total."""
    head = ["Week beginning", *(KINDS.label(kind) for kind in PRACTICE_TEAM_KINDS), "Total"]
    rows, total = [], 0
    for week, minutes in by_week.items():
        week_total = sum(minutes.values())
        total += week_total
        cells = [as_hours(minutes[kind]) for kind in PRACTICE_TEAM_KINDS]
        rows.append([week, *cells, as_hours(week_total)])
    return {"head": head, "rows": rows, "total": as_hours(total)}
