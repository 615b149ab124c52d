"""The audit log as a hash chain: appending an entry, and checking the chain is whole.

Entry n carries `seq` = n, `prev_hash` = entry n-1's hash (GENESIS for the first) and
`hash` = SHA-256 over a canonical serialisation of its fields and `prev_hash`. Changing,
removing or slipping in an entry breaks the hash of that entry or the link to the next,
and `ChainHead` names the last entry, so removing entries from the end shows too.

Appending locks the head row (SELECT ... FOR UPDATE on PostgreSQL; on SQLite every
transaction begins IMMEDIATE, which takes the database's write lock first), so
concurrent writers queue and the chain never forks. The lock is held until the
surrounding transaction commits.

The serialisation is chosen so that what is hashed at write time is what either database
gives back when read: times in UTC to the microsecond, addresses fully written out, JSON
with sorted keys and whole-number floats as integers.
"""

import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256

from django.db import connections, router, transaction
from django.utils import timezone

from linkwork.audit.models import GENESIS, AuditEvent, ChainHead
from linkwork.core.statements import statement

FORMAT = "linkwork-audit-1"  # changes if the serialisation ever does
HEAD = 1  # the chain head's primary key
HASHED = (
    "seq",
    "prev_hash",
    "at",
    "actor_id",
    "actor_username",
    "action",
    "object_type",
    "object_id",
    "person_id",
    "hscp_id",
    "ip_address",
    "path",
    "detail",
)


def _plain(value):
    """JSON as PostgreSQL's jsonb and SQLite's text both give it back."""
    if isinstance(value, float) and value.is_integer():
        return int(value)  # jsonb reads 1e20 back as an integer
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _canonical(name: str, value):
    if name == "at":
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if name == "ip_address" and value:
        try:
            return ipaddress.ip_address(value).exploded
        except ValueError:  # SQLite keeps any text; PostgreSQL would have refused it
            return value
    if name == "detail":
        return _plain(value)
    return value


def entry_hash(fields: dict) -> str:
    """The hash of one entry, from its HASHED fields (prev_hash among them)."""
    payload = [FORMAT, *(_canonical(name, fields[name]) for name in HASHED)]
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return sha256(text.encode()).hexdigest()


def _fields(event: AuditEvent) -> dict:
    return {name: getattr(event, name) for name in HASHED}


@statement
def _head_for_update(pk):
    return ChainHead.objects.select_for_update().filter(pk=pk)


def _locked_head() -> ChainHead:
    found = _head_for_update(HEAD)
    if not found:
        # A new (or flushed) database. Two first writers may race: one insert wins.
        last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
        ChainHead.objects.bulk_create([ChainHead(pk=HEAD, **(last or {}))], ignore_conflicts=True)
        found = _head_for_update(HEAD)
    return found[0]


def _move_head(seq: int, last_hash: str) -> None:
    """The head's new place: one fixed UPDATE, written out once (every audited read runs it,
    and building it through the ORM cost more than running it)."""
    connection = connections[router.db_for_write(ChainHead)]
    quote, meta = connection.ops.quote_name, ChainHead._meta
    sql = (
        f"UPDATE {quote(meta.db_table)} SET seq = %s, hash = %s WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 (our own table's name)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [seq, last_hash, HEAD])


def append(event: AuditEvent) -> AuditEvent:
    """Place a new event at the end of the chain and save it."""
    return append_many([event])[0]


def append_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Place new events at the end of the chain, in order, with one lock and one insert
    (an API list audits a page of people at once)."""
    if not events:
        return []
    for event in events:
        # Stored as the databases store it: JSON round-tripped (tuples become lists, keys
        # strings), so the hash is of what will be read back.
        event.detail = json.loads(json.dumps(event.detail or {}))
        event.ip_address = event.ip_address or None  # an empty address is stored as NULL
    with transaction.atomic():
        head = _locked_head()
        seq, previous, now = head.seq, head.hash, timezone.now()
        for event in events:
            seq += 1
            event.seq, event.prev_hash, event.at = seq, previous, now
            event.hash = previous = entry_hash(_fields(event))
        # One statement: rows get their ids in this order, the order verify() walks.
        AuditEvent.objects.bulk_create(events)
        _move_head(seq, previous)
    return events


@dataclass(frozen=True)
class Break:
    """Where the chain is broken, in words an operator can act on."""

    kind: str  # edited, missing, inserted, out of order
    seq: int | None
    id: int | None
    at: datetime | None
    problem: str

    def __str__(self) -> str:
        where = f"entry {self.seq}" if self.seq is not None else "the end of the log"
        if self.id is not None:
            where += f" (id {self.id}, written {self.at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC)"
        return f"The audit log is broken at {where}: {self.kind}. {self.problem}"


@dataclass(frozen=True)
class Verified:
    entries: int
    head_seq: int
    head_hash: str


ROW = ("id", "hash", *HASHED)
ANCHOR_PROBLEM = (
    "edited",
    "Its hash is not the one recorded for it as an anchor: the chain was rewritten from "
    "this entry or before.",
)


def verify(anchors: dict[int, str] | None = None) -> Verified | Break:
    """Walk the chain in the order entries were written (id) and return the first break,
    or what a whole chain holds. `anchors` maps entry numbers to hashes recorded for them
    elsewhere: a chain rebuilt from scratch hashes consistently, but not to an anchor."""
    head = ChainHead.objects.filter(pk=HEAD).first()
    if head is None:
        return _headless()
    # Entries after the head read here may be appended while we walk: they are checked
    # against the head as it is at the end.
    rows = AuditEvent.objects.filter(seq__lte=head.seq).order_by("id").values_list(*ROW)
    walk = _Walk(anchors or {})
    for row in rows.iterator(chunk_size=2000):
        if problem := walk.step(dict(zip(ROW, row, strict=True))):
            return problem
    return walk.finish(head)


class _Walk:
    def __init__(self, anchors: dict[int, str]):
        self.anchors = anchors
        self.entries = 0
        self.previous = {"seq": 0, "hash": GENESIS}

    def step(self, entry: dict) -> Break | None:
        problem = self._check(entry, self.previous)
        if problem is None and self.anchors.get(entry["seq"], entry["hash"]) != entry["hash"]:
            problem = ANCHOR_PROBLEM
        if problem is not None:
            kind, words = problem
            return Break(kind, entry["seq"], entry["id"], entry["at"], words)
        self.entries += 1
        self.previous = entry
        return None

    @staticmethod
    def _check(entry: dict, previous: dict) -> tuple[str, str] | None:
        expected = previous["seq"] + 1
        if entry_hash(entry) != entry["hash"]:
            return "edited", "Its contents no longer match its hash: changed after it was written."
        if entry["seq"] > expected and AuditEvent.objects.filter(seq=expected).exists():
            return (
                "out of order",
                f"Entry {expected}, which should come before it, was written after it: "
                "one of them was inserted or renumbered.",
            )
        if entry["seq"] > expected:
            gap = _numbers(expected, entry["seq"] - 1)
            return (
                "missing",
                f"{gap} before it {_are(expected, entry['seq'] - 1)} missing: deleted.",
            )
        if entry["seq"] < expected:
            return (
                "out of order",
                f"It is numbered {entry['seq']} but was written after entry {previous['seq']}: "
                "it was inserted or renumbered.",
            )
        if entry["prev_hash"] != previous["hash"]:
            return (
                "inserted",
                f"It does not follow entry {previous['seq']} (the hash it names as previous is "
                f"not that entry's): one of the two was inserted or replaced.",
            )
        return None

    def finish(self, head: ChainHead) -> Verified | Break:
        last = self.previous
        if last["seq"] < head.seq:
            gap = _numbers(last["seq"] + 1, head.seq)
            return Break(
                "missing",
                None,
                None,
                None,
                f"The chain head says the last entry is {head.seq} but the log ends at "
                f"{last['seq']}: {gap} {_are(last['seq'] + 1, head.seq)} missing: deleted.",
            )
        if last["seq"] and last["hash"] != head.hash:
            return Break(
                "inserted",
                last["seq"],
                last["id"],
                last["at"],
                "It is not the entry the chain head names: it was replaced.",
            )
        if beyond := _beyond_head():
            return beyond
        if self.anchors and (beyond := max(self.anchors)) > last["seq"]:
            return Break("missing", beyond, None, None, "This anchored entry is not in the log.")
        return Verified(entries=self.entries, head_seq=head.seq, head_hash=head.hash)


def _headless() -> Verified | Break:
    if not AuditEvent.objects.exists():
        return Verified(entries=0, head_seq=0, head_hash=GENESIS)
    return Break(
        "missing",
        None,
        None,
        None,
        "The chain head is missing, so entries deleted from the end cannot be ruled out: "
        "compare the last entry with the head you recorded elsewhere.",
    )


def _beyond_head() -> Break | None:
    """Entries numbered after the current head were not written by append()."""
    highest = AuditEvent.objects.order_by("-seq").values("id", "seq", "at").first()
    head = ChainHead.objects.filter(pk=HEAD).first() or ChainHead(pk=HEAD)
    if highest is None or highest["seq"] <= head.seq:
        return None
    return Break(
        "inserted",
        highest["seq"],
        highest["id"],
        highest["at"],
        f"It is numbered after the chain head (entry {head.seq}): it was added outside linkwork.",
    )


def _numbers(first: int, last: int) -> str:
    return f"entry {first}" if first == last else f"entries {first} to {last}"


def _are(first: int, last: int) -> str:
    return "is" if first == last else "are"
