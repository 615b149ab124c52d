"""Audit events as lines an information governance lead reads: who looked at whose
record, on which page, what they did and why it was allowed."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from linkwork.audit.models import Action, AuditEvent, object_model
from linkwork.core.jinja2_env import uk_date
from linkwork.reporting.audit_log import people
from linkwork.reporting.audit_log.pages import page_name

FOLD_WITHIN = timedelta(minutes=5)
WHEN = "j M Y H:i"


@dataclass
class Names:
    """The names behind one batch of events' ids, looked up once per batch."""

    people: dict[int, str]
    scopes: dict[int, str]
    hscps: dict[int, str]

    @classmethod
    def of(cls, events: list[AuditEvent]) -> "Names":
        return cls(
            people=people.person_names(e.person_id for e in events),
            scopes=people.assignment_scopes(_assignment_id(e) for e in events),
            hscps=people.hscp_names(e.hscp_id for e in events),
        )

    def whose(self, event: AuditEvent) -> str:
        if event.person_id is None:
            return ""
        name = self.people.get(event.person_id, "Person")
        return f"{name} (record {event.person_id})"

    def why(self, event: AuditEvent) -> str:
        """'as Link worker, Glasgow Wellbeing Links'; the role alone if the assignment
        has since been removed; nothing if the event did not say."""
        role = people.role_label((event.detail or {}).get("role"))
        if not role:
            return ""
        scope = self.scopes.get(_assignment_id(event))
        return f"as {role}, {scope}" if scope else f"as {role}"


def _assignment_id(event: AuditEvent) -> int | None:
    value = (event.detail or {}).get("assignment")
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def who(event: AuditEvent) -> str:
    if event.actor is None:
        return event.actor_username or "Unknown"
    full_name = event.actor.get_full_name()
    username = event.actor.get_username()
    return f"{full_name} ({username})" if full_name else username


def record_words(event: AuditEvent) -> str:
    """'Goal 12' for casework.goal 12; nothing for events about no one record."""
    if not event.object_type:
        return ""
    try:
        noun = object_model(event.object_type)._meta.verbose_name
    except (LookupError, ValueError):
        noun = event.object_type
    return f"{str(noun)[:1].upper()}{str(noun)[1:]} {event.object_id}".strip()


@dataclass
class Line:
    """One event, or several views of one page by one user folded together."""

    events: list[AuditEvent]
    who: str
    whose: str
    page: str
    why: str
    key: tuple = field(repr=False)

    @property
    def first(self) -> datetime:
        return self.events[-1].at

    @property
    def last(self) -> datetime:
        return self.events[0].at

    @property
    def what(self) -> str:
        action = self.events[0].get_action_display()
        count = len(self.events)
        return f"{action} {count} times" if count > 1 else action

    @property
    def when(self) -> str:
        """'4 Dec 2026 10:02', or '4 Dec 2026 10:02 to 10:05' for folded views."""
        start = uk_date(self.first, WHEN)
        if len(self.events) == 1:
            return start
        same_day = timezone.localdate(self.first) == timezone.localdate(self.last)
        end = uk_date(self.last, "H:i" if same_day else WHEN)
        if same_day and end == uk_date(self.first, "H:i"):  # within one minute
            return start
        return f"{start} to {end}"


def lines(events: Iterable[AuditEvent]) -> list[Line]:
    """Newest first, as the events come; repeated views of one page by one user (for the
    same reason) within FOLD_WITHIN of the newest of them become one line."""
    events = list(events)
    names = Names.of(events)
    result, open_views = [], {}
    for event in events:
        line = _line(event, names)
        folding = open_views.get(line.key) if event.action == Action.VIEW else None
        if folding is not None and folding.last - event.at <= FOLD_WITHIN:
            folding.events.append(event)
            continue
        result.append(line)
        if event.action == Action.VIEW:
            open_views[line.key] = line
    return result


def _line(event: AuditEvent, names: Names) -> Line:
    whose, why = names.whose(event), names.why(event)
    return Line(
        events=[event],
        who=who(event),
        whose=whose,
        page=page_name(event.path),
        why=why,
        key=(event.actor_id, event.actor_username, event.path, event.person_id, why),
    )


def in_batches(events, size: int = 500) -> Iterator[tuple[AuditEvent, Names]]:
    """Every event with the names it needs, looking names up a batch at a time."""
    batch = []
    for event in events.iterator(chunk_size=size):
        batch.append(event)
        if len(batch) == size:
            yield from _named(batch)
            batch = []
    yield from _named(batch)


def _named(batch: list[AuditEvent]) -> Iterator[tuple[AuditEvent, Names]]:
    if batch:
        names = Names.of(batch)
        for event in batch:
            yield event, names
