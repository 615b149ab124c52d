"""Workload balance and who to allocate a referral to (decision 0096).

A worker's capacity is their places (`organisations/caseload.py: places_of`, the post's
capacity pro rata by WTE, as every page shows it); their room is that less their open
cases. The service's target mix says the most of a caseload's places that should be high
complexity (`LINKWORK_TARGET_COMPLEXITY_MIX`).
Allocation suggests, in order: the workers with room placed at the referral's practice (or
host setting) and the cover of any of them on leave, then everyone else with room; within
each, the most room first. Workers who are full or over capacity come next, labelled so,
and a worker on leave last: neither is ever the suggestion."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.db.models import Case as InOrder
from django.db.models import Count, QuerySet, When

from linkwork.casework.models import Case, CaseStatus
from linkwork.organisations import leave as leaves
from linkwork.organisations.caseload import places_of, room_words
from linkwork.organisations.models import HostSettingAttachment, LinkWorker, PracticeAttachment

COMPLEXITIES = ("low", "mid", "high", "")


def high_complexity_target(capacity: int) -> int:
    """The most high-complexity cases the service's target mix allows in `capacity` places."""
    share = settings.LINKWORK_TARGET_COMPLEXITY_MIX.get("high", 100)
    return capacity * share // 100


@dataclass(frozen=True)
class Workload:
    worker: LinkWorker
    by_complexity: dict[str, int]  # open cases by complexity code ("" not recorded yet)
    capacity: int
    leave: object = None  # their leave on the day, if they are away

    @property
    def open_cases(self) -> int:
        return sum(self.by_complexity.values())

    @property
    def room(self) -> int:
        return self.capacity - self.open_cases

    @property
    def high_target(self) -> int:
        return high_complexity_target(self.capacity)

    @property
    def warnings(self) -> list[str]:
        found = []
        if self.room < 0:
            found.append(f"Over capacity: {self.open_cases} open cases for {self.capacity} places")
        high = self.by_complexity["high"]
        if high > self.high_target:
            found.append(
                f"{high} high-complexity cases, more than the target of {self.high_target}"
            )
        return found

    @property
    def room_words(self) -> str:
        return room_words(self.open_cases, self.capacity)


def workloads(workers, on: date | None = None) -> list[Workload]:
    """Each of `workers` (in their order) with their open cases by complexity, capacity
    and leave on the day: two queries however many workers."""
    workers = list(workers)
    rows = (
        Case.objects.filter(link_worker__in=workers, status=CaseStatus.OPEN)
        .values_list("link_worker", "complexity")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(worker, complexity): n for worker, complexity, n in rows}
    away = leaves.on_leave(workers, on)
    return [
        Workload(
            worker=worker,
            by_complexity={c: counts.get((worker.pk, c), 0) for c in COMPLEXITIES},
            capacity=places_of(worker),
            leave=away.get(worker.pk),
        )
        for worker in workers
    ]


@dataclass(frozen=True)
class Suggestion:
    workload: Workload
    placed: bool  # at the referral's practice or host setting
    covering: object = None  # the leave of a worker placed there, which this worker covers
    place: str = "practice"  # or "setting", for a host setting's referral

    @property
    def worker(self) -> LinkWorker:
        return self.workload.worker

    @property
    def can_be_suggested(self) -> bool:
        """Only a worker at work with room is ever the suggestion."""
        return self.workload.leave is None and self.workload.room > 0

    @property
    def order(self) -> tuple:
        away = self.workload.leave is not None
        local = self.placed or self.covering is not None
        return (away, not self.can_be_suggested, not local, -self.workload.room, str(self.worker))

    def label(self, first: bool) -> str:
        load, why = self.workload, []
        why.append(load.room_words)
        if load.leave is not None:
            why.append(f"on leave until {load.leave.ends_on:%-d %b}; {load.leave.cover} covers")
        elif self.covering is not None:
            why.append(f"covering for {self.covering.link_worker}, on leave")
        elif self.placed:
            why.append(f"covers this {self.place}")
        named = f"{self.worker} ({', '.join(why)})"
        return f"Suggested: {named}" if first and self.can_be_suggested else named


def suggest_workers(
    workers, *, practice=None, host_setting=None, on: date | None = None
) -> list[Suggestion]:
    """`workers` in the order to allocate a referral from the practice (or host setting):
    see the module's note. The first is the suggestion, unless nobody at work has room."""
    place = (getattr(practice, "pk", None), getattr(host_setting, "pk", None))
    return _Places([place], on).in_order(workloads(workers, on), place)


def suggestion_for_each(referrals, workers, on: date | None = None) -> dict[int, Suggestion | None]:
    """The suggestion for each of `referrals` (by id, in the queue's order), or None where
    nobody at work has room: as the referral's page would suggest it once those above it
    went as suggested, so one worker's last place is not offered to every referral from
    their practice. Workloads, placements and leave are read once for the whole queue."""
    referrals = list(referrals)
    places = _Places({(r.practice_id, r.host_setting_id) for r in referrals}, on)
    loads = {load.worker.pk: load for load in workloads(workers, on)}
    found = {}
    for referral in referrals:
        order = places.in_order(
            list(loads.values()), (referral.practice_id, referral.host_setting_id)
        )
        first = order[0] if order and order[0].can_be_suggested else None
        found[referral.pk] = first
        if first is not None:  # one more case, its complexity not yet recorded
            load = first.workload
            more = {**load.by_complexity, "": load.by_complexity[""] + 1}
            loads[load.worker.pk] = replace(load, by_complexity=more)
    return found


class _Places:
    """Who is placed at each place (a practice's id and None, or None and a host
    setting's) and whose leave is covered there: three queries for any number of places."""

    def __init__(self, places, on: date | None):
        practices = {practice for practice, _ in places if practice is not None}
        settings_ = {setting for practice, setting in places if practice is None}
        self.placed = defaultdict(set)
        attached = PracticeAttachment.objects.filter(practice__in=practices)
        for practice, worker in attached.values_list("practice_id", "link_worker_id"):
            self.placed[practice, None].add(worker)
        hosted = HostSettingAttachment.objects.filter(host_setting__in=settings_)
        for setting, worker in hosted.values_list("host_setting_id", "link_worker_id"):
            self.placed[None, setting].add(worker)
        self.away = list(leaves.current(on).select_related("link_worker__user", "cover__user"))

    def in_order(self, loads: list[Workload], place: tuple) -> list[Suggestion]:
        """The workloads as suggestions in the order to allocate the place's referrals."""
        here = self.placed[place]
        # A place's referrals reach the cover of any worker placed there who is on leave.
        covering = {leave.cover_id: leave for leave in self.away if leave.link_worker_id in here}
        suggestions = [
            Suggestion(
                workload=load,
                placed=load.worker.pk in here,
                covering=covering.get(load.worker.pk),
                place="practice" if place[0] is not None else "setting",
            )
            for load in loads
        ]
        return sorted(suggestions, key=lambda s: s.order)


def in_suggested_order(workers: QuerySet, suggestions: list[Suggestion]) -> QuerySet:
    """`workers` as a queryset (a form's choices) in the suggestions' order."""
    order = [When(pk=s.worker.pk, then=index) for index, s in enumerate(suggestions)]
    if not order:
        return workers
    return workers.order_by(InOrder(*order, default=len(order)))


def labels(suggestions: list[Suggestion]) -> dict[int, str]:
    return {s.worker.pk: s.label(first=index == 0) for index, s in enumerate(suggestions)}
