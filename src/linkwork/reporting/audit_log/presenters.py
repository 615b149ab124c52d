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
# Changes to a staff account's roles (accounts/people/role_changes.py), in words: the
# `role` of these events is the role given or taken away, not why it was allowed.
ROLE_CHANGES = {
    "role_granted": "Gave the role",
    "role_changed": "Changed the role",
    "role_removed": "Took away the role",
    "invited": "Invited, with the role",
}
ROLE_SCOPES = ("hscp", "practice", "host_setting", "provider", "community_organisation")


@dataclass
class Names:
    """The names behind one batch of events' ids, looked up once per batch."""

    people: dict[int, str]
    scopes: dict[int, str]
    hscps: dict[int, str]
    accounts: dict[int, str]
    organisations: dict[tuple[str, int], str]

    @classmethod
    def of(cls, events: list[AuditEvent]) -> "Names":
        return cls(
            people=people.person_names(e.person_id for e in events),
            scopes=people.assignment_scopes(_assignment_id(e) for e in events),
            hscps=people.hscp_names(e.hscp_id for e in events),
            accounts=people.account_names(_account_id(e) for e in events),
            organisations=people.organisation_names(
                pair for e in events for pair in _role_scope(e)
            ),
        )

    def whose(self, event: AuditEvent) -> str:
        """A person's record, or a staff account (its roles, sign-in, tokens)."""
        if event.person_id is not None:
            name = self.people.get(event.person_id, "Person")
            return f"{name} (record {event.person_id})"
        account = _account_id(event)
        if account is None:
            return ""
        return f"{self.accounts.get(account, f'Account {account}')}, staff account"

    def what(self, event: AuditEvent) -> str:
        """'Viewed'; for a role given or taken away, which role and where."""
        change = ROLE_CHANGES.get((event.detail or {}).get("change"))
        if change is None:
            return event.get_action_display()
        role = people.role_label(event.detail.get("role")) or "unknown"
        where = [self.organisations.get(pair, "") for pair in _role_scope(event)]
        if event.detail["change"] == "invited":  # where: the role's own event says
            return f"{change} {role}"
        return f"{change} {role}, {', '.join(where) or 'every HSCP'}"

    def why(self, event: AuditEvent) -> str:
        """'as Link worker, Glasgow Wellbeing Links'; the role alone if the assignment
        has since been removed; nothing if the event did not say (or if its role is one
        given or taken away)."""
        role = people.role_label((event.detail or {}).get("role"))
        if not role or (event.detail or {}).get("change") in ROLE_CHANGES:
            return ""
        scope = self.scopes.get(_assignment_id(event))
        return f"as {role}, {scope}" if scope else f"as {role}"


def _assignment_id(event: AuditEvent) -> int | None:
    value = (event.detail or {}).get("assignment")
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _account_id(event: AuditEvent) -> int | None:
    """The staff account an event changed: its roles, sign-in, two-factor or tokens."""
    value = (event.detail or {}).get("user_id")
    if value is None and event.object_type == "accounts.user":
        value = event.object_id
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _role_scope(event: AuditEvent) -> list[tuple[str, int]]:
    """Where a role given or taken away applied, as (field, id); none for every HSCP."""
    detail = event.detail or {}
    if detail.get("change") not in ROLE_CHANGES:
        return []
    return [(f, detail[f]) for f in ROLE_SCOPES if isinstance(detail.get(f), int)]


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
    did: str  # what the first of them did, in words
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
        count = len(self.events)
        return f"{self.did} {count} times" if count > 1 else self.did

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
        did=names.what(event),
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
